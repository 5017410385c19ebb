//! How each record of the model maps to its SQLite table: columns, key,
//! parameters and the reading of a row.

use crate::record::{parse_ring_json, ring_json, Record};
use crate::store::Table;
use hatang_core::geo::LatLon;
use hatang_core::model::{
    AdminUnit, Date, Indicator, Operator, Sector, Site, UnitKey, UnitMapping, Village, Zone,
};
use rusqlite::types::{Type, Value};
use rusqlite::Row;
use std::str::FromStr;

/// A table's layout.
pub(super) struct Meta {
    /// SQL table name.
    pub name: &'static str,
    /// Columns, in the order of [`SqlRecord::values`] and of a row read.
    pub cols: &'static [&'static str],
    /// Primary key columns (a prefix of `cols`, in order).
    pub pk: &'static [&'static str],
    /// Other columns unique on their own, checked in staging too.
    pub unique: &'static [&'static str],
    /// The column a duplicate key is reported on.
    pub key_column: &'static str,
    /// The column a failed foreign key is reported on.
    pub fk_column: &'static str,
    /// ORDER BY of a listing.
    pub order: &'static str,
}

impl Meta {
    /// `SELECT cols FROM t`.
    pub fn select(&self) -> String {
        format!("SELECT {} FROM {}", self.cols.join(", "), self.name)
    }

    /// `… WHERE pk1 = ?1 AND …`.
    pub fn select_by_key(&self) -> String {
        format!("{} WHERE {}", self.select(), self.key_where(1))
    }

    /// `pk1 = ?n AND pk2 = ?n+1 …`.
    pub fn key_where(&self, first: usize) -> String {
        self.pk
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", first + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The upsert statement.
    pub fn upsert(&self) -> String {
        let qs: Vec<String> = (1..=self.cols.len()).map(|i| format!("?{i}")).collect();
        let set: Vec<String> = self
            .cols
            .iter()
            .filter(|c| !self.pk.contains(c))
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
            self.name,
            self.cols.join(", "),
            qs.join(", "),
            self.pk.join(", "),
            set.join(", ")
        )
    }

    /// The name of this table's staging table.
    pub fn stage(&self) -> String {
        format!("stage_{}", self.name)
    }

    /// The statement that creates the staging table: the key (and unique
    /// columns) with the same constraints as the main table, and the
    /// record's position in the dataset.
    pub fn create_stage(&self) -> String {
        let mut cols: Vec<String> = self.pk.iter().map(|c| format!("{c} NOT NULL")).collect();
        cols.extend(self.unique.iter().map(|c| format!("{c} UNIQUE")));
        cols.push("ord INTEGER NOT NULL".into());
        cols.push(format!("PRIMARY KEY ({})", self.pk.join(", ")));
        format!("CREATE TEMP TABLE {} ({})", self.stage(), cols.join(", "))
    }

    /// Inserts a record's key (and unique columns) into staging.
    pub fn insert_stage(&self) -> String {
        let n = self.pk.len() + self.unique.len();
        let cols: Vec<&str> = self.pk.iter().chain(self.unique).copied().collect();
        let qs: Vec<String> = (1..=n + 1).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO temp.{} ({}, ord) VALUES ({})",
            self.stage(),
            cols.join(", "),
            qs.join(", ")
        )
    }
}

/// A record the SQLite backend stores.
pub(super) trait SqlRecord: Record + Sized {
    /// The table's layout.
    const META: Meta;
    /// Values of every column, in `META.cols` order.
    fn values(&self) -> Vec<Value>;
    /// Reads a row selected with `META.select()`.
    fn from_row(row: &Row) -> rusqlite::Result<Self>;
    /// Values of the key columns then the unique columns.
    fn stage_values(&self) -> Vec<Value> {
        let v = self.values();
        let m = Self::META;
        m.pk.iter()
            .chain(m.unique)
            .map(|c| {
                let i = m.cols.iter().position(|x| x == c).expect("key column");
                v[i].clone()
            })
            .collect()
    }
    /// Fills what a row of the main table lacks (a site's operators).
    fn complete(&mut self, _conn: &rusqlite::Connection) -> Result<(), crate::StoreError> {
        Ok(())
    }
    /// Values of the key columns.
    fn key_values(&self) -> Vec<Value> {
        let mut v = self.stage_values();
        v.truncate(Self::META.pk.len());
        v
    }
}

pub(super) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

fn date(d: Date) -> Value {
    Value::Text(d.to_string())
}

fn opt_date(d: Option<Date>) -> Value {
    d.map_or(Value::Null, date)
}

fn real(x: f64) -> Value {
    Value::Real(x)
}

fn opt_real(x: Option<f64>) -> Value {
    x.map_or(Value::Null, Value::Real)
}

fn boolean(b: bool) -> Value {
    Value::Integer(b as i64)
}

fn opt_ring(r: Option<&Vec<LatLon>>) -> Value {
    r.map_or(Value::Null, |r| Value::Text(ring_json(r)))
}

fn conv(idx: usize, e: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into())
}

pub(super) fn parsed<T: FromStr<Err = String>>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    s.parse().map_err(|e| conv(idx, e))
}

fn opt_parsed<T: FromStr<Err = String>>(row: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| s.parse().map_err(|e| conv(idx, e))).transpose()
}

fn ring_at(row: &Row, idx: usize) -> rusqlite::Result<Option<Vec<LatLon>>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| parse_ring_json(&s).map_err(|e| conv(idx, e)))
        .transpose()
}

fn flag(row: &Row, idx: usize) -> rusqlite::Result<bool> {
    Ok(row.get::<_, i64>(idx)? != 0)
}

fn unsigned<T: TryFrom<i64>>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let v: i64 = row.get(idx)?;
    T::try_from(v).map_err(|_| conv(idx, format!("{v} is out of range")))
}

fn opt_unsigned<T: TryFrom<i64>>(row: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    let v: Option<i64> = row.get(idx)?;
    v.map(|v| T::try_from(v).map_err(|_| conv(idx, format!("{v} is out of range"))))
        .transpose()
}

/// Reads a unit key from three columns starting at `idx`.
pub(super) fn unit_key_at(row: &Row, idx: usize) -> rusqlite::Result<UnitKey> {
    Ok(UnitKey {
        level: parsed(row, idx)?,
        code: row.get(idx + 1)?,
        valid_from: parsed(row, idx + 2)?,
    })
}

/// The three values of a unit key.
pub(super) fn unit_key_values(k: &UnitKey) -> [Value; 3] {
    [text(k.level.as_str()), text(&k.code), date(k.valid_from)]
}

impl SqlRecord for AdminUnit {
    const META: Meta = Meta {
        name: "admin_units",
        cols: &[
            "level",
            "code",
            "valid_from",
            "valid_to",
            "name",
            "unit_type",
            "parent_code",
            "population",
            "area_km2",
            "centre_lon",
            "centre_lat",
            "boundary",
            "boundary_approximate",
            "source",
        ],
        pk: &["level", "code", "valid_from"],
        unique: &[],
        key_column: "code",
        fk_column: "code",
        order: "code, valid_from, level",
    };
    fn values(&self) -> Vec<Value> {
        let [l, c, f] = unit_key_values(&self.key);
        vec![
            l,
            c,
            f,
            opt_date(self.valid_to),
            text(&self.name),
            text(&self.unit_type),
            opt_text(self.parent_code.as_deref()),
            self.population.map_or(Value::Null, |p| {
                Value::Integer(p.min(i64::MAX as u64) as i64)
            }),
            opt_real(self.area_km2),
            opt_real(self.centre.map(|c| c.lon)),
            opt_real(self.centre.map(|c| c.lat)),
            opt_ring(self.boundary.as_ref()),
            boolean(self.boundary_approximate),
            text(self.source.as_str()),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let lon: Option<f64> = r.get(9)?;
        let lat: Option<f64> = r.get(10)?;
        Ok(AdminUnit {
            key: unit_key_at(r, 0)?,
            valid_to: opt_parsed(r, 3)?,
            name: r.get(4)?,
            unit_type: r.get(5)?,
            parent_code: r.get(6)?,
            population: opt_unsigned(r, 7)?,
            area_km2: r.get(8)?,
            centre: lat.zip(lon).map(|(lat, lon)| LatLon::new(lat, lon)),
            boundary: ring_at(r, 11)?,
            boundary_approximate: flag(r, 12)?,
            source: parsed(r, 13)?,
        })
    }
}

impl SqlRecord for UnitMapping {
    const META: Meta = Meta {
        name: "unit_mappings",
        cols: &[
            "old_level",
            "old_code",
            "old_valid_from",
            "new_level",
            "new_code",
            "new_valid_from",
            "kind",
            "share",
            "note",
        ],
        pk: &[
            "old_level",
            "old_code",
            "old_valid_from",
            "new_level",
            "new_code",
            "new_valid_from",
        ],
        unique: &[],
        key_column: "new_code",
        fk_column: "old_code",
        order: "old_code, old_valid_from, new_code, new_valid_from",
    };
    fn values(&self) -> Vec<Value> {
        let mut v = Vec::with_capacity(9);
        v.extend(unit_key_values(&self.old));
        v.extend(unit_key_values(&self.new));
        v.push(text(self.kind.as_str()));
        v.push(real(self.share));
        v.push(text(&self.note));
        v
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(UnitMapping {
            old: unit_key_at(r, 0)?,
            new: unit_key_at(r, 3)?,
            kind: parsed(r, 6)?,
            share: r.get(7)?,
            note: r.get(8)?,
        })
    }
}

impl SqlRecord for Village {
    const META: Meta = Meta {
        name: "villages",
        cols: &[
            "id",
            "name",
            "kind",
            "commune_code",
            "lat",
            "lon",
            "population",
            "households",
            "difficult",
            "grid_power",
            "source",
        ],
        pk: &["id"],
        unique: &[],
        key_column: "id",
        fk_column: "commune_code",
        order: "id",
    };
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.id),
            text(&self.name),
            text(self.kind.as_str()),
            text(&self.commune_code),
            real(self.point.lat),
            real(self.point.lon),
            self.population
                .map_or(Value::Null, |p| Value::Integer(p.into())),
            self.households
                .map_or(Value::Null, |p| Value::Integer(p.into())),
            boolean(self.difficult),
            boolean(self.grid_power),
            text(self.source.as_str()),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Village {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: parsed(r, 2)?,
            commune_code: r.get(3)?,
            point: LatLon::new(r.get(4)?, r.get(5)?),
            population: opt_unsigned(r, 6)?,
            households: opt_unsigned(r, 7)?,
            difficult: flag(r, 8)?,
            grid_power: flag(r, 9)?,
            source: parsed(r, 10)?,
        })
    }
}

impl SqlRecord for Operator {
    const META: Meta = Meta {
        name: "operators",
        cols: &["id", "mnc", "brand", "company", "colour"],
        pk: &["id"],
        unique: &["mnc"],
        key_column: "id",
        fk_column: "id",
        order: "id",
    };
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.id),
            text(&self.mnc),
            text(&self.brand),
            text(&self.company),
            text(&self.colour),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Operator {
            id: r.get(0)?,
            mnc: r.get(1)?,
            brand: r.get(2)?,
            company: r.get(3)?,
            colour: r.get(4)?,
        })
    }
}

impl SqlRecord for Site {
    const META: Meta = Meta {
        name: "sites",
        cols: &[
            "id",
            "name",
            "lat",
            "lon",
            "ground_elevation_m",
            "structure",
            "structure_height_m",
            "owner",
            "commune_code",
            "source",
        ],
        pk: &["id"],
        unique: &[],
        key_column: "id",
        fk_column: "operators",
        order: "id",
    };
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.id),
            text(&self.name),
            real(self.point.lat),
            real(self.point.lon),
            opt_real(self.ground_elevation_m),
            text(self.structure.as_str()),
            real(self.structure_height_m),
            text(&self.owner),
            opt_text(self.commune_code.as_deref()),
            text(self.source.as_str()),
        ]
    }
    fn complete(&mut self, conn: &rusqlite::Connection) -> Result<(), crate::StoreError> {
        let mut ops = super::load_site_operators(conn, Some(&self.id))?;
        self.operators = ops.remove(&self.id).unwrap_or_default();
        Ok(())
    }
    /// Without its operators: [`SqlRecord::complete`] or the caller fills
    /// them from `site_operators`.
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Site {
            id: r.get(0)?,
            name: r.get(1)?,
            point: LatLon::new(r.get(2)?, r.get(3)?),
            ground_elevation_m: r.get(4)?,
            structure: parsed(r, 5)?,
            structure_height_m: r.get(6)?,
            owner: r.get(7)?,
            operators: Vec::new(),
            commune_code: r.get(8)?,
            source: parsed(r, 9)?,
        })
    }
}

impl SqlRecord for Sector {
    const META: Meta = Meta {
        name: "sectors",
        cols: &[
            "id",
            "site_id",
            "operator",
            "technology",
            "band_mhz",
            "frequency_mhz",
            "bandwidth_mhz",
            "azimuth_deg",
            "mechanical_tilt_deg",
            "electrical_tilt_deg",
            "antenna_height_m",
            "antenna_model",
            "gain_dbi",
            "beamwidth_deg",
            "tx_power_dbm",
            "feeder_loss_db",
            "status",
            "on_air_date",
            "off_air_date",
            "source",
        ],
        pk: &["id"],
        unique: &[],
        key_column: "id",
        fk_column: "site_id",
        order: "id",
    };
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.id),
            text(&self.site_id),
            text(&self.operator),
            text(self.technology.as_str()),
            Value::Integer(self.band_mhz.into()),
            real(self.frequency_mhz),
            real(self.bandwidth_mhz),
            real(self.azimuth_deg),
            real(self.mechanical_tilt_deg),
            real(self.electrical_tilt_deg),
            real(self.antenna_height_m),
            opt_text(self.antenna_model.as_deref()),
            real(self.gain_dbi),
            real(self.beamwidth_deg),
            real(self.tx_power_dbm),
            real(self.feeder_loss_db),
            text(self.status.as_str()),
            opt_date(self.on_air_date),
            opt_date(self.off_air_date),
            text(self.source.as_str()),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Sector {
            id: r.get(0)?,
            site_id: r.get(1)?,
            operator: r.get(2)?,
            technology: parsed(r, 3)?,
            band_mhz: unsigned(r, 4)?,
            frequency_mhz: r.get(5)?,
            bandwidth_mhz: r.get(6)?,
            azimuth_deg: r.get(7)?,
            mechanical_tilt_deg: r.get(8)?,
            electrical_tilt_deg: r.get(9)?,
            antenna_height_m: r.get(10)?,
            antenna_model: r.get(11)?,
            gain_dbi: r.get(12)?,
            beamwidth_deg: r.get(13)?,
            tx_power_dbm: r.get(14)?,
            feeder_loss_db: r.get(15)?,
            status: parsed(r, 16)?,
            on_air_date: opt_parsed(r, 17)?,
            off_air_date: opt_parsed(r, 18)?,
            source: parsed(r, 19)?,
        })
    }
}

impl SqlRecord for Zone {
    const META: Meta = Meta {
        name: "zones",
        cols: &[
            "id",
            "name",
            "kind",
            "lat",
            "lon",
            "polygon",
            "commune_code",
            "approximate",
            "source",
        ],
        pk: &["id"],
        unique: &[],
        key_column: "id",
        fk_column: "id",
        order: "id",
    };
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.id),
            text(&self.name),
            text(self.kind.as_str()),
            real(self.point.lat),
            real(self.point.lon),
            opt_ring(self.polygon.as_ref()),
            opt_text(self.commune_code.as_deref()),
            boolean(self.approximate),
            text(self.source.as_str()),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Zone {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: parsed(r, 2)?,
            point: LatLon::new(r.get(3)?, r.get(4)?),
            polygon: ring_at(r, 5)?,
            commune_code: r.get(6)?,
            approximate: flag(r, 7)?,
            source: parsed(r, 8)?,
        })
    }
}

impl SqlRecord for Indicator {
    const META: Meta = Meta {
        name: "indicators",
        cols: &[
            "level",
            "code",
            "valid_from",
            "key",
            "period",
            "value",
            "source",
        ],
        pk: &["level", "code", "valid_from", "key", "period"],
        unique: &[],
        key_column: "period",
        fk_column: "code",
        order: "key, code, valid_from, period, level",
    };
    fn values(&self) -> Vec<Value> {
        let [l, c, f] = unit_key_values(&self.unit);
        vec![
            l,
            c,
            f,
            text(&self.key),
            text(&self.period),
            real(self.value),
            text(&self.source),
        ]
    }
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Indicator {
            unit: unit_key_at(r, 0)?,
            key: r.get(3)?,
            period: r.get(4)?,
            value: r.get(5)?,
            source: r.get(6)?,
        })
    }
}

/// The SQL table name of a model table (history included).
pub(super) fn sql_table(t: Table) -> &'static str {
    match t {
        Table::Units => AdminUnit::META.name,
        Table::Mappings => UnitMapping::META.name,
        Table::Villages => Village::META.name,
        Table::Operators => Operator::META.name,
        Table::Sites => Site::META.name,
        Table::Sectors => Sector::META.name,
        Table::Zones => Zone::META.name,
        Table::Indicators => Indicator::META.name,
        Table::History => "history",
    }
}
