//! Exporters: `hatang export <table> --format csv|geojson`.
//!
//! CSV has one column per field, headed by the canonical column names the
//! importers read (see [`columns`]), so an exported file imports back to
//! the same records. GeoJSON is a FeatureCollection with every field as a
//! property (`source` included, so every generated record says
//! "synthetic") and the record's position as geometry: a Point for
//! villages, sites and zones, a sector's site position, a unit's boundary
//! Polygon or else its centre Point, a zone's Polygon when it has one
//! (boundaries and polygons are in the geometry, not repeated as
//! properties); records without a position have a null geometry.
//!
//! ```
//! use hatang_store::export::export_table;
//! use hatang_store::{Format, SqliteStore, Table};
//! let store = SqliteStore::open_in_memory().unwrap();
//! let mut out = Vec::new();
//! let n = export_table(&store, Table::Operators, Format::Csv, &mut out).unwrap();
//! assert_eq!(n, 4);
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("mnc,id,brand,company,colour\n"));
//! ```

use crate::error::StoreError;
use crate::import::{columns, ImportKind};
use crate::record::{ring_json, Record};
use crate::store::{HistoryEntry, Store, Table};
use crate::Format;
use hatang_core::geo::LatLon;
use hatang_core::model::{
    AdminUnit, Date, Indicator, Operator, Sector, Site, UnitKey, UnitMapping, Village, Zone,
};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::io::Write;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("cannot write the export: {0}")]
    Csv(#[from] csv::Error),
}

/// One field's value.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(String),
    /// Structured (history's before/after): JSON text in CSV.
    Json(Json),
    /// A list (a site's operators): `a|b` in CSV, an array in GeoJSON.
    List(Vec<String>),
    /// A ring: JSON `[[lon, lat], …]` in CSV; in GeoJSON it is the geometry.
    Ring(Vec<LatLon>),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(r) => r.to_string(),
            Cell::Text(t) => t.clone(),
            Cell::Json(j) => j.to_string(),
            Cell::List(l) => l.join("|"),
            Cell::Ring(r) => ring_json(r),
        }
    }

    fn json(&self) -> Json {
        match self {
            Cell::Null | Cell::Ring(_) => Json::Null,
            Cell::Bool(b) => Json::Bool(*b),
            Cell::Int(i) => Json::from(*i),
            Cell::Real(r) => serde_json::Number::from_f64(*r).map_or(Json::Null, Json::Number),
            Cell::Text(t) => Json::String(t.clone()),
            Cell::Json(j) => j.clone(),
            Cell::List(l) => Json::Array(l.iter().cloned().map(Json::String).collect()),
        }
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Null, text)
}

fn date(d: Date) -> Cell {
    Cell::Text(d.to_string())
}

fn opt_date(d: Option<Date>) -> Cell {
    d.map_or(Cell::Null, date)
}

fn opt_real(x: Option<f64>) -> Cell {
    x.map_or(Cell::Null, Cell::Real)
}

fn opt_int(x: Option<u64>) -> Cell {
    x.map_or(Cell::Null, |v| Cell::Int(v.min(i64::MAX as u64) as i64))
}

fn opt_ring(r: Option<&Vec<LatLon>>) -> Cell {
    r.map_or(Cell::Null, |r| Cell::Ring(r.clone()))
}

/// Columns that hold a ring: in GeoJSON the geometry carries them.
const RING_COLUMNS: &[&str] = &["boundary", "polygon"];

/// A geometry for a feature.
enum Geometry {
    None,
    Point(LatLon),
    Polygon(Vec<LatLon>),
}

impl Geometry {
    /// The GeoJSON text, `type` first.
    fn json(&self) -> String {
        match self {
            Geometry::None => "null".into(),
            Geometry::Point(p) => format!(
                "{{\"type\":\"Point\",\"coordinates\":{}}}",
                Json::from(vec![p.lon, p.lat])
            ),
            Geometry::Polygon(r) => {
                let mut ring: Vec<[f64; 2]> = r.iter().map(|p| [p.lon, p.lat]).collect();
                if let (Some(&first), Some(&last)) = (ring.first(), ring.last()) {
                    if first != last {
                        ring.push(first);
                    }
                }
                format!(
                    "{{\"type\":\"Polygon\",\"coordinates\":[{}]}}",
                    serde_json::to_string(&ring).unwrap_or_else(|_| "[]".into())
                )
            }
        }
    }
}

/// A record as export writes it.
trait Exported: Record {
    /// The cells, in the order of the kind's columns.
    fn cells(&self) -> Vec<Cell>;
    /// The geometry.
    fn geometry(&self, sites: &HashMap<String, LatLon>) -> Geometry;
}

fn key_cells(k: &UnitKey) -> [Cell; 3] {
    [text(k.level.as_str()), text(&k.code), date(k.valid_from)]
}

impl Exported for AdminUnit {
    fn cells(&self) -> Vec<Cell> {
        let [l, c, f] = key_cells(&self.key);
        vec![
            l,
            c,
            f,
            opt_date(self.valid_to),
            text(&self.name),
            text(&self.unit_type),
            opt_text(self.parent_code.as_deref()),
            opt_int(self.population),
            opt_real(self.area_km2),
            opt_real(self.centre.map(|c| c.lat)),
            opt_real(self.centre.map(|c| c.lon)),
            opt_ring(self.boundary.as_ref()),
            Cell::Bool(self.boundary_approximate),
            text(self.source.as_str()),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        match (&self.boundary, self.centre) {
            (Some(b), _) => Geometry::Polygon(b.clone()),
            (None, Some(c)) => Geometry::Point(c),
            _ => Geometry::None,
        }
    }
}

impl Exported for UnitMapping {
    fn cells(&self) -> Vec<Cell> {
        let mut v: Vec<Cell> = key_cells(&self.old).into();
        v.extend(key_cells(&self.new));
        v.push(text(self.kind.as_str()));
        v.push(Cell::Real(self.share));
        v.push(text(&self.note));
        v
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        Geometry::None
    }
}

impl Exported for Village {
    fn cells(&self) -> Vec<Cell> {
        vec![
            text(&self.id),
            text(&self.name),
            text(self.kind.as_str()),
            text(&self.commune_code),
            Cell::Real(self.point.lat),
            Cell::Real(self.point.lon),
            opt_int(self.population.map(u64::from)),
            opt_int(self.households.map(u64::from)),
            Cell::Bool(self.difficult),
            Cell::Bool(self.grid_power),
            text(self.source.as_str()),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        Geometry::Point(self.point)
    }
}

impl Exported for Operator {
    fn cells(&self) -> Vec<Cell> {
        vec![
            text(&self.mnc),
            text(&self.id),
            text(&self.brand),
            text(&self.company),
            text(&self.colour),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        Geometry::None
    }
}

impl Exported for Site {
    fn cells(&self) -> Vec<Cell> {
        vec![
            text(&self.id),
            text(&self.name),
            Cell::Real(self.point.lat),
            Cell::Real(self.point.lon),
            opt_real(self.ground_elevation_m),
            text(self.structure.as_str()),
            Cell::Real(self.structure_height_m),
            text(&self.owner),
            Cell::List(self.operators.clone()),
            opt_text(self.commune_code.as_deref()),
            text(self.source.as_str()),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        Geometry::Point(self.point)
    }
}

impl Exported for Sector {
    fn cells(&self) -> Vec<Cell> {
        vec![
            text(&self.id),
            text(&self.site_id),
            text(&self.operator),
            text(self.technology.as_str()),
            Cell::Int(self.band_mhz.into()),
            Cell::Real(self.frequency_mhz),
            Cell::Real(self.bandwidth_mhz),
            Cell::Real(self.azimuth_deg),
            Cell::Real(self.mechanical_tilt_deg),
            Cell::Real(self.electrical_tilt_deg),
            Cell::Real(self.antenna_height_m),
            opt_text(self.antenna_model.as_deref()),
            Cell::Real(self.gain_dbi),
            Cell::Real(self.beamwidth_deg),
            Cell::Real(self.tx_power_dbm),
            Cell::Real(self.feeder_loss_db),
            text(self.status.as_str()),
            opt_date(self.on_air_date),
            opt_date(self.off_air_date),
            text(self.source.as_str()),
        ]
    }
    fn geometry(&self, sites: &HashMap<String, LatLon>) -> Geometry {
        sites
            .get(&self.site_id)
            .map_or(Geometry::None, |p| Geometry::Point(*p))
    }
}

impl Exported for Zone {
    fn cells(&self) -> Vec<Cell> {
        vec![
            text(&self.id),
            text(&self.name),
            text(self.kind.as_str()),
            Cell::Real(self.point.lat),
            Cell::Real(self.point.lon),
            opt_ring(self.polygon.as_ref()),
            opt_text(self.commune_code.as_deref()),
            Cell::Bool(self.approximate),
            text(self.source.as_str()),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        match &self.polygon {
            Some(p) => Geometry::Polygon(p.clone()),
            None => Geometry::Point(self.point),
        }
    }
}

impl Exported for Indicator {
    fn cells(&self) -> Vec<Cell> {
        let [l, c, f] = key_cells(&self.unit);
        vec![
            l,
            c,
            f,
            text(&self.key),
            text(&self.period),
            Cell::Real(self.value),
            text(&self.source),
        ]
    }
    fn geometry(&self, _: &HashMap<String, LatLon>) -> Geometry {
        Geometry::None
    }
}

const HISTORY_COLUMNS: &[&str] = &[
    "id",
    "table",
    "entity_id",
    "action",
    "actor",
    "at",
    "before",
    "after",
];

fn history_cells(h: &HistoryEntry) -> Vec<Cell> {
    vec![
        Cell::Int(h.id),
        text(h.table.as_str()),
        text(&h.entity_id),
        text(h.action.as_str()),
        text(&h.actor),
        text(&h.at),
        h.before.clone().map_or(Cell::Null, Cell::Json),
        h.after.clone().map_or(Cell::Null, Cell::Json),
    ]
}

/// The column names export writes for a table.
///
/// ```
/// use hatang_store::{export::table_columns, Table};
/// assert_eq!(table_columns(Table::History)[0], "id");
/// assert_eq!(table_columns(Table::Sectors)[1], "site_id");
/// ```
pub fn table_columns(table: Table) -> Vec<&'static str> {
    match ImportKind::for_table(table) {
        Some(k) => columns(k).iter().map(|c| c.name).collect(),
        None => HISTORY_COLUMNS.to_vec(),
    }
}

/// Writes every record of `table` to `out` in `format`; returns how many.
pub fn export_table(
    store: &dyn Store,
    table: Table,
    format: Format,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let cols = table_columns(table);
    let mut w = Writer::new(format, &cols, out)?;
    let none = HashMap::new();
    match table {
        Table::Units => w.all(&store.units(None, None)?, &none)?,
        Table::Mappings => w.all(&store.mappings()?, &none)?,
        Table::Villages => w.all(&store.villages(None)?, &none)?,
        Table::Operators => w.all(&store.operators()?, &none)?,
        Table::Sites => w.all(&store.sites()?, &none)?,
        Table::Sectors => {
            let sites: HashMap<String, LatLon> = store
                .sites()?
                .into_iter()
                .map(|s| (s.id, s.point))
                .collect();
            w.all(&store.sectors(None, None)?, &sites)?
        }
        Table::Zones => w.all(&store.zones()?, &none)?,
        Table::Indicators => w.all(&store.indicators(None, None)?, &none)?,
        Table::History => {
            for h in store.history(None, None)? {
                w.row(&history_cells(&h), &Geometry::None)?;
            }
        }
    }
    w.finish()
}

struct Writer<'a> {
    cols: &'a [&'static str],
    csv: Option<csv::Writer<&'a mut dyn Write>>,
    out: Option<&'a mut dyn Write>,
    n: usize,
}

impl<'a> Writer<'a> {
    fn new(
        format: Format,
        cols: &'a [&'static str],
        out: &'a mut dyn Write,
    ) -> Result<Self, ExportError> {
        let mut w = Writer {
            cols,
            csv: None,
            out: None,
            n: 0,
        };
        match format {
            Format::Csv => {
                let mut c = csv::WriterBuilder::new().from_writer(out);
                c.write_record(cols)?;
                w.csv = Some(c);
            }
            Format::GeoJson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
                w.out = Some(out);
            }
        }
        Ok(w)
    }

    fn all<R: Exported>(
        &mut self,
        records: &[R],
        sites: &HashMap<String, LatLon>,
    ) -> Result<(), ExportError> {
        for r in records {
            self.row(&r.cells(), &r.geometry(sites))?;
        }
        Ok(())
    }

    fn row(&mut self, cells: &[Cell], geometry: &Geometry) -> Result<(), ExportError> {
        debug_assert_eq!(cells.len(), self.cols.len());
        if let Some(c) = &mut self.csv {
            c.write_record(cells.iter().map(Cell::csv))?;
        }
        if let Some(o) = &mut self.out {
            let sep = if self.n == 0 { "\n" } else { ",\n" };
            let mut props = String::from("{");
            let mut first = true;
            for (name, cell) in self.cols.iter().zip(cells) {
                // A ring is the geometry, not a property.
                if RING_COLUMNS.contains(name) {
                    continue;
                }
                if !first {
                    props.push(',');
                }
                first = false;
                props.push_str(&Json::String((*name).to_string()).to_string());
                props.push(':');
                props.push_str(&cell.json().to_string());
            }
            props.push('}');
            write!(
                o,
                "{sep}{{\"type\":\"Feature\",\"geometry\":{},\"properties\":{props}}}",
                geometry.json()
            )?;
        }
        self.n += 1;
        Ok(())
    }

    fn finish(self) -> Result<usize, ExportError> {
        if let Some(mut c) = self.csv {
            c.flush()?;
        }
        if let Some(o) = self.out {
            o.write_all(b"\n]}\n")?;
            o.flush()?;
        }
        Ok(self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::model::*;

    #[test]
    fn cells_follow_the_import_columns() {
        let k = UnitKey::new(AdminLevel::Commune, "04792", Date::REFORM_2025);
        let unit = AdminUnit {
            key: k.clone(),
            valid_to: None,
            name: "Tân Hòa".into(),
            unit_type: "phường".into(),
            parent_code: None,
            population: None,
            area_km2: None,
            centre: None,
            boundary: None,
            boundary_approximate: false,
            source: Source::Official,
        };
        let m = UnitMapping {
            old: k.clone(),
            new: k.clone(),
            kind: MergeKind::Full,
            share: 1.0,
            note: String::new(),
        };
        let v = Village {
            id: "v".into(),
            name: "v".into(),
            kind: VillageKind::Thon,
            commune_code: "04792".into(),
            point: LatLon::new(21.3, 105.4),
            population: None,
            households: None,
            difficult: false,
            grid_power: true,
            source: Source::User,
        };
        let s = Site {
            id: "s".into(),
            name: "s".into(),
            point: LatLon::new(21.3, 105.4),
            ground_elevation_m: None,
            structure: Structure::Tower,
            structure_height_m: 30.0,
            owner: "viettel".into(),
            operators: vec!["viettel".into()],
            commune_code: None,
            source: Source::User,
        };
        let z = Zone {
            id: "z".into(),
            name: "z".into(),
            kind: ZoneKind::TouristSite,
            point: LatLon::new(21.3, 105.4),
            polygon: None,
            commune_code: None,
            approximate: true,
            source: Source::User,
        };
        let i = Indicator {
            unit: k,
            key: "population".into(),
            period: "2025".into(),
            value: 1.0,
            source: "x".into(),
        };
        let n = |t: Table| table_columns(t).len();
        assert_eq!(unit.cells().len(), n(Table::Units));
        assert_eq!(m.cells().len(), n(Table::Mappings));
        assert_eq!(v.cells().len(), n(Table::Villages));
        assert_eq!(known_operators()[0].cells().len(), n(Table::Operators));
        assert_eq!(s.cells().len(), n(Table::Sites));
        assert_eq!(example_sector().cells().len(), n(Table::Sectors));
        assert_eq!(z.cells().len(), n(Table::Zones));
        assert_eq!(i.cells().len(), n(Table::Indicators));
    }
}
