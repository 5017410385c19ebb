//! The read-mostly data the API serves, built once from the store (and the
//! scorecard's village classes) into an immutable [`Snapshot`]: every
//! feature pre-rendered as GeoJSON text, public and full, with what the
//! filters need. Handlers read the current snapshot through an
//! `ArcSwap` (no lock); a write builds a new one and swaps it in.

use crate::providers::VillageClass;
use crate::tiles::VectorTiles;
use crate::util::now_iso;
use hatang_core::geo::{Bbox, LatLon};
use hatang_core::model::{
    AdminLevel, AdminUnit, Dataset, Date, Sector, SectorStatus, Site, Technology,
};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A property a collection can be filtered on (`?name=value`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Queryable {
    /// Parameter name.
    pub name: &'static str,
    /// JSON type of the property ("string", "integer", "boolean").
    pub kind: &'static str,
    /// What it means.
    pub description: &'static str,
}

/// Who may read a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Everyone (agencies and owners see more properties).
    Public,
    /// Keys only: agencies and admins see all, operators their own.
    Keyed,
}

/// One feature, pre-rendered.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    pub id: String,
    pub bbox: Option<Bbox>,
    pub point: Option<LatLon>,
    /// Validity interval (from, to), for `datetime`.
    pub time: Option<(Option<Date>, Option<Date>)>,
    /// Operators the feature belongs to (full view for their keys).
    pub owners: Vec<String>,
    /// Filter values, lowercase, per queryable name.
    pub filters: Vec<(&'static str, Vec<String>)>,
    pub public: Rendered,
    pub full: Option<Rendered>,
}

/// One rendering of a feature.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    /// The GeoJSON Feature, as text.
    pub json: String,
    /// Its properties (for CSV).
    pub props: Map<String, Value>,
}

/// A collection of features.
#[derive(Debug)]
pub(crate) struct Collection {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub access: Access,
    pub queryables: &'static [Queryable],
    pub public_columns: &'static [&'static str],
    pub full_columns: &'static [&'static str],
    pub features: Vec<Arc<Feature>>,
    pub index: HashMap<String, usize>,
    pub extent: Option<Bbox>,
    pub temporal: Option<(Option<Date>, Option<Date>)>,
}

/// The id of every collection, in the order `/collections` lists them.
pub(crate) const COLLECTION_IDS: [&str; 7] = [
    "provinces",
    "districts",
    "communes",
    "villages",
    "sites",
    "sectors",
    "zones",
];

const UNIT_Q: &[Queryable] = &[
    Queryable {
        name: "code",
        kind: "string",
        description: "Official code (zero-padded)",
    },
    Queryable {
        name: "parent_code",
        kind: "string",
        description: "Code of the parent unit",
    },
    Queryable {
        name: "name",
        kind: "string",
        description: "Name without its type (exact, case-insensitive)",
    },
];
const UNIT_COLS: &[&str] = &[
    "code",
    "name",
    "unit_type",
    "level",
    "valid_from",
    "valid_to",
    "parent_code",
    "population",
    "area_km2",
    "boundary_approximate",
    "source",
];
const COMMUNE_COLS: &[&str] = &[
    "code",
    "name",
    "unit_type",
    "level",
    "valid_from",
    "valid_to",
    "parent_code",
    "population",
    "area_km2",
    "boundary_approximate",
    "source",
    "score",
];
const VILLAGE_Q: &[Queryable] = &[
    Queryable {
        name: "commune_code",
        kind: "string",
        description: "Code of the commune (2025)",
    },
    Queryable {
        name: "kind",
        kind: "string",
        description: "thon, ban, khu, xom, lang, other",
    },
    Queryable {
        name: "class",
        kind: "string",
        description: "Coverage class: good, fair, none, unknown",
    },
    Queryable {
        name: "difficult",
        kind: "boolean",
        description: "Especially difficult area",
    },
    Queryable {
        name: "source",
        kind: "string",
        description: "osm, official, operator, synthetic, user",
    },
];
const VILLAGE_COLS: &[&str] = &[
    "name",
    "kind",
    "commune_code",
    "population",
    "households",
    "difficult",
    "grid_power",
    "source",
    "class",
];
const SITE_Q: &[Queryable] = &[
    Queryable {
        name: "operator",
        kind: "string",
        description: "An operator on the site (viettel, vinaphone, mobifone, vietnamobile)",
    },
    Queryable {
        name: "technology",
        kind: "string",
        description: "A technology on air at the site (2G, 3G, 4G, 5G)",
    },
    Queryable {
        name: "commune_code",
        kind: "string",
        description: "Code of the commune (2025)",
    },
    Queryable {
        name: "shared",
        kind: "boolean",
        description: "Used by more than one operator",
    },
    Queryable {
        name: "source",
        kind: "string",
        description: "osm, official, operator, synthetic, user",
    },
];
const SITE_PUBLIC_COLS: &[&str] = &[
    "name",
    "operators",
    "technologies",
    "commune_code",
    "shared",
    "source",
];
const SITE_FULL_COLS: &[&str] = &[
    "name",
    "operators",
    "technologies",
    "commune_code",
    "shared",
    "source",
    "owner",
    "structure",
    "structure_height_m",
    "ground_elevation_m",
    "sector_count",
    "bands_mhz",
];
const SECTOR_Q: &[Queryable] = &[
    Queryable {
        name: "operator",
        kind: "string",
        description: "Operator id",
    },
    Queryable {
        name: "technology",
        kind: "string",
        description: "2G, 3G, 4G, 5G",
    },
    Queryable {
        name: "site_id",
        kind: "string",
        description: "The site it is mounted on",
    },
    Queryable {
        name: "status",
        kind: "string",
        description: "planned, on_air, decommissioned",
    },
    Queryable {
        name: "band_mhz",
        kind: "integer",
        description: "Nominal band, MHz",
    },
];
const SECTOR_COLS: &[&str] = &[
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
    "eirp_dbm",
    "status",
    "on_air_date",
    "off_air_date",
    "source",
];
const ZONE_Q: &[Queryable] = &[
    Queryable {
        name: "kind",
        kind: "string",
        description: "industrial_zone, tourist_site, state_agency, commune_centre",
    },
    Queryable {
        name: "commune_code",
        kind: "string",
        description: "Code of the commune (2025)",
    },
];
const ZONE_COLS: &[&str] = &["name", "kind", "commune_code", "approximate", "source"];

/// Everything the API reads, immutable.
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub collections: Vec<Arc<Collection>>,
    pub data: Arc<Dataset>,
    pub classes: HashMap<String, VillageClass>,
    pub scores: HashMap<String, f64>,
    pub vector: VectorTiles,
    /// Extent of the data (communes, villages, sites), for the map.
    pub extent: Bbox,
    pub built_at: String,
    /// Answers of item queries already made against this snapshot.
    pub responses: ResponseCache,
}

/// An answer kept for reuse: its bytes, raw and gzipped.
#[derive(Debug)]
pub(crate) struct Cached {
    raw: axum::body::Bytes,
    gzip: axum::body::Bytes,
    content_type: &'static str,
}

impl Cached {
    /// Keeps `raw` (and compresses it once).
    pub fn new(raw: Vec<u8>, content_type: &'static str) -> Cached {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(&raw);
        Cached {
            gzip: e.finish().unwrap_or_default().into(),
            raw: raw.into(),
            content_type,
        }
    }

    /// The answer, gzipped when the request accepts it.
    pub fn respond(&self, headers: &axum::http::HeaderMap) -> axum::response::Response {
        use axum::http::{header, HeaderValue};
        use axum::response::IntoResponse;
        let gz = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|p| p.trim().starts_with("gzip")));
        let mut r = if gz {
            let mut r = self.gzip.clone().into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        } else {
            self.raw.clone().into_response()
        };
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        r
    }
}

/// Up to [`ResponseCache::MAX`] answers by key, read without a lock (an
/// atomically swapped map, copied on insert; emptied when full). A new
/// snapshot starts with an empty cache, so answers never outlive their
/// data.
#[derive(Debug, Default)]
pub(crate) struct ResponseCache {
    map: arc_swap::ArcSwap<HashMap<String, Arc<Cached>>>,
}

impl ResponseCache {
    /// Most answers kept.
    pub const MAX: usize = 4096;
    /// Largest answer kept, bytes.
    pub const MAX_BYTES: usize = 512 * 1024;

    /// The answer kept under `key`.
    pub fn get(&self, key: &str) -> Option<Arc<Cached>> {
        self.map.load().get(key).cloned()
    }

    /// Keeps an answer (unless it is large) and returns it.
    pub fn put(&self, key: String, value: Cached) -> Arc<Cached> {
        let value = Arc::new(value);
        if value.raw.len() > Self::MAX_BYTES {
            return value;
        }
        self.map.rcu(|m| {
            let mut m = if m.len() >= Self::MAX {
                HashMap::new()
            } else {
                (**m).clone()
            };
            m.insert(key.clone(), value.clone());
            m
        });
        value
    }
}

impl Snapshot {
    /// The collection `id`.
    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.id == id).map(|c| &**c)
    }

    /// A new snapshot after a write changed sites or sectors: only the
    /// features touched are rendered again; the rest is shared.
    pub fn patched(&self, ch: &Changes) -> Snapshot {
        let mut data = (*self.data).clone();
        let mut affected: BTreeSet<String> = ch
            .sites
            .iter()
            .map(|s| s.id.clone())
            .chain(ch.site_deletes.iter().cloned())
            .collect();
        let touched: BTreeSet<&str> = ch
            .sectors
            .iter()
            .map(|s| s.id.as_str())
            .chain(ch.sector_deletes.iter().map(String::as_str))
            .collect();
        for s in data
            .sectors
            .iter()
            .filter(|s| touched.contains(s.id.as_str()))
        {
            affected.insert(s.site_id.clone());
        }
        for s in &ch.sectors {
            affected.insert(s.site_id.clone());
        }
        let site_ids: BTreeSet<&str> = ch
            .sites
            .iter()
            .map(|s| s.id.as_str())
            .chain(ch.site_deletes.iter().map(String::as_str))
            .collect();
        data.sectors.retain(|s| !touched.contains(s.id.as_str()));
        data.sectors.extend(ch.sectors.iter().cloned());
        data.sites.retain(|s| !site_ids.contains(s.id.as_str()));
        data.sites.extend(ch.sites.iter().cloned());
        data.sites.sort_by(|a, b| a.id.cmp(&b.id));
        data.sectors.sort_by(|a, b| a.id.cmp(&b.id));
        let points: HashMap<&str, LatLon> = data
            .sites
            .iter()
            .filter(|s| affected.contains(&s.id))
            .map(|s| (s.id.as_str(), s.point))
            .collect();
        let mut radio: HashMap<&str, Radio> = HashMap::new();
        for s in data
            .sectors
            .iter()
            .filter(|s| affected.contains(&s.site_id))
        {
            let e = radio.entry(s.site_id.as_str()).or_default();
            e.2 += 1;
            if s.status == SectorStatus::OnAir {
                e.0.insert(s.technology);
                e.1.insert(s.band_mhz);
            }
        }
        let site_upserts: Vec<Feature> = data
            .sites
            .iter()
            .filter(|s| affected.contains(&s.id))
            .map(|s| site_feature(s, radio.get(s.id.as_str())))
            .collect();
        // Sectors moved with a site (its position) are rendered again too.
        let sector_upserts: Vec<Feature> = data
            .sectors
            .iter()
            .filter(|s| touched.contains(s.id.as_str()) || site_ids.contains(s.site_id.as_str()))
            .map(|s| sector_feature(s, points.get(s.site_id.as_str()).copied()))
            .collect();
        let removed_sites: BTreeSet<String> = affected.clone();
        let removed_sectors: BTreeSet<String> = touched.iter().map(|s| s.to_string()).collect();
        let collections = self
            .collections
            .iter()
            .map(|c| match c.id {
                "sites" => Arc::new(c.patched(site_upserts.clone(), &removed_sites)),
                "sectors" => Arc::new(c.patched(sector_upserts.clone(), &removed_sectors)),
                _ => c.clone(),
            })
            .collect();
        let vector = VectorTiles::build(&data, &self.classes, &self.scores, &self.extent);
        Snapshot {
            collections,
            data: Arc::new(data),
            classes: self.classes.clone(),
            scores: self.scores.clone(),
            vector,
            extent: self.extent,
            built_at: now_iso(),
            responses: ResponseCache::default(),
        }
    }

    /// Builds everything from a dataset, the village classes and the
    /// commune scores.
    pub fn build(
        data: Arc<Dataset>,
        classes: HashMap<String, VillageClass>,
        scores: HashMap<String, f64>,
    ) -> Snapshot {
        let mut collections = Vec::new();
        for (id, level) in [
            ("provinces", AdminLevel::Province),
            ("districts", AdminLevel::District),
            ("communes", AdminLevel::Commune),
        ] {
            collections.push(Arc::new(units_collection(id, level, &data.units, &scores)));
        }
        collections.push(Arc::new(villages_collection(&data, &classes)));
        collections.push(Arc::new(sites_collection(&data)));
        collections.push(Arc::new(sectors_collection(&data)));
        collections.push(Arc::new(zones_collection(&data)));
        let extent = Bbox::around(
            data.units
                .iter()
                .filter(|u| u.key.level == AdminLevel::Commune && u.valid_to.is_none())
                .filter_map(|u| u.centre)
                .chain(data.villages.iter().map(|v| v.point))
                .chain(data.sites.iter().map(|s| s.point)),
        )
        .map(|b| b.expand(0.05))
        .unwrap_or(Bbox::new(104.8, 20.3, 106.0, 22.0));
        let vector = VectorTiles::build(&data, &classes, &scores, &extent);
        Snapshot {
            collections,
            data,
            classes,
            scores,
            vector,
            extent,
            built_at: now_iso(),
            responses: ResponseCache::default(),
        }
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn point_geom(p: LatLon) -> Value {
    json!({"type": "Point", "coordinates": [round6(p.lon), round6(p.lat)]})
}

fn polygon_geom(ring: &[LatLon]) -> Value {
    let mut coords: Vec<Value> = ring
        .iter()
        .map(|p| json!([round6(p.lon), round6(p.lat)]))
        .collect();
    if ring.first() != ring.last() {
        if let Some(f) = ring.first() {
            coords.push(json!([round6(f.lon), round6(f.lat)]));
        }
    }
    json!({"type": "Polygon", "coordinates": [coords]})
}

fn render(id: &str, geometry: &Value, props: Map<String, Value>) -> Rendered {
    let json = serde_json::to_string(&json!({
        "type": "Feature",
        "id": id,
        "geometry": geometry,
        "properties": Value::Object(props.clone()),
    }))
    .unwrap_or_default();
    Rendered { json, props }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn lc(s: &str) -> String {
    s.to_lowercase()
}

fn temporal_extent(features: &[Arc<Feature>]) -> Option<(Option<Date>, Option<Date>)> {
    let times: Vec<_> = features.iter().filter_map(|f| f.time).collect();
    if times.is_empty() {
        return None;
    }
    let start = times.iter().map(|t| t.0).min().flatten();
    let end = if times.iter().any(|t| t.1.is_none()) {
        None
    } else {
        times.iter().filter_map(|t| t.1).max()
    };
    Some((start, end))
}

#[allow(clippy::too_many_arguments)]
fn finish(
    id: &'static str,
    title: &'static str,
    description: &'static str,
    access: Access,
    queryables: &'static [Queryable],
    public_columns: &'static [&'static str],
    full_columns: &'static [&'static str],
    mut features: Vec<Feature>,
) -> Collection {
    features.sort_by(|a, b| a.id.cmp(&b.id));
    features.dedup_by(|a, b| a.id == b.id);
    let features: Vec<Arc<Feature>> = features.into_iter().map(Arc::new).collect();
    let index = features
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.clone(), i))
        .collect();
    let extent = features.iter().filter_map(|f| f.bbox).reduce(|a, b| {
        Bbox::new(
            a.min_lon.min(b.min_lon),
            a.min_lat.min(b.min_lat),
            a.max_lon.max(b.max_lon),
            a.max_lat.max(b.max_lat),
        )
    });
    let temporal = temporal_extent(&features);
    Collection {
        id,
        title,
        description,
        access,
        queryables,
        public_columns,
        full_columns,
        features,
        index,
        extent,
        temporal,
    }
}

/// Feature id of a unit version: `code@valid_from`.
pub(crate) fn unit_feature_id(u: &AdminUnit) -> String {
    format!("{}@{}", u.key.code, u.key.valid_from)
}

fn units_collection(
    id: &'static str,
    level: AdminLevel,
    units: &[AdminUnit],
    scores: &HashMap<String, f64>,
) -> Collection {
    let features = units
        .iter()
        .filter(|u| u.key.level == level)
        .map(|u| {
            let geometry = match (&u.boundary, u.centre) {
                (Some(b), _) if b.len() >= 3 => polygon_geom(b),
                (_, Some(c)) => point_geom(c),
                _ => Value::Null,
            };
            let bbox = match (&u.boundary, u.centre) {
                (Some(b), _) if b.len() >= 3 => Bbox::around(b.iter().copied()),
                (_, Some(c)) => Bbox::around([c]),
                _ => None,
            };
            let score = if level == AdminLevel::Commune && u.valid_to.is_none() {
                scores.get(&u.key.code).copied()
            } else {
                None
            };
            let mut props = obj(json!({
                "code": u.key.code,
                "name": u.name,
                "unit_type": u.unit_type,
                "level": u.key.level.as_str(),
                "valid_from": u.key.valid_from.to_string(),
                "valid_to": u.valid_to.map(|d| d.to_string()),
                "parent_code": u.parent_code,
                "population": u.population,
                "area_km2": u.area_km2,
                "boundary_approximate": u.boundary_approximate,
                "source": u.source.as_str(),
            }));
            if level == AdminLevel::Commune {
                props.insert("score".into(), json!(score));
            }
            let fid = unit_feature_id(u);
            Feature {
                public: render(&fid, &geometry, props),
                full: None,
                id: fid,
                bbox,
                point: u.centre.or_else(|| bbox.map(|b| bbox_centre(&b))),
                time: Some((Some(u.key.valid_from), u.valid_to)),
                owners: Vec::new(),
                filters: vec![
                    ("code", vec![lc(&u.key.code)]),
                    ("parent_code", u.parent_code.iter().map(|c| lc(c)).collect()),
                    ("name", vec![lc(&u.name)]),
                ],
            }
        })
        .collect();
    let (title, description) = match level {
        AdminLevel::Province => (
            "Tỉnh / Provinces",
            "Provinces, every version (before and after the 1 July 2025 reform). Feature id: code@valid_from.",
        ),
        AdminLevel::District => (
            "Huyện / Districts",
            "Districts, abolished 1 July 2025. Feature id: code@valid_from.",
        ),
        AdminLevel::Commune => (
            "Xã, phường / Communes",
            "Communes and wards, every version. Boundaries are approximate (Voronoi cells of the commune seats) where boundary_approximate is true; score is the scorecard's commune score once computed. Feature id: code@valid_from.",
        ),
    };
    let cols = if level == AdminLevel::Commune {
        COMMUNE_COLS
    } else {
        UNIT_COLS
    };
    finish(
        id,
        title,
        description,
        Access::Public,
        UNIT_Q,
        cols,
        cols,
        features,
    )
}

fn bbox_centre(b: &Bbox) -> LatLon {
    LatLon::new((b.min_lat + b.max_lat) / 2.0, (b.min_lon + b.max_lon) / 2.0)
}

fn villages_collection(data: &Dataset, classes: &HashMap<String, VillageClass>) -> Collection {
    let features = data
        .villages
        .iter()
        .map(|v| {
            let class = classes.get(&v.id).copied().unwrap_or(VillageClass::Unknown);
            let props = obj(json!({
                "name": v.name,
                "kind": v.kind.as_str(),
                "kind_vi": v.kind.vietnamese(),
                "commune_code": v.commune_code,
                "population": v.population,
                "households": v.households,
                "difficult": v.difficult,
                "grid_power": v.grid_power,
                "source": v.source.as_str(),
                "class": class.as_str(),
            }));
            let g = point_geom(v.point);
            Feature {
                public: render(&v.id, &g, props),
                full: None,
                id: v.id.clone(),
                bbox: Bbox::around([v.point]),
                point: Some(v.point),
                time: None,
                owners: Vec::new(),
                filters: vec![
                    ("commune_code", vec![lc(&v.commune_code)]),
                    ("kind", vec![v.kind.as_str().into()]),
                    ("class", vec![class.as_str().into()]),
                    ("difficult", vec![v.difficult.to_string()]),
                    ("source", vec![v.source.as_str().into()]),
                ],
            }
        })
        .collect();
    finish(
        "villages",
        "Thôn, bản / Villages",
        "Villages (thôn, bản, khu, xóm) with their coverage class (unknown until the scorecard is computed).",
        Access::Public,
        VILLAGE_Q,
        VILLAGE_COLS,
        VILLAGE_COLS,
        features,
    )
}

/// Technologies on air and bands per site.
pub(crate) fn site_radio(data: &Dataset) -> HashMap<&str, Radio> {
    let mut m: HashMap<&str, Radio> = HashMap::new();
    for s in &data.sectors {
        let e = m.entry(s.site_id.as_str()).or_default();
        e.2 += 1;
        if s.status == SectorStatus::OnAir {
            e.0.insert(s.technology);
            e.1.insert(s.band_mhz);
        }
    }
    m
}

type Radio = (BTreeSet<Technology>, BTreeSet<u32>, usize);

fn site_feature(s: &Site, radio: Option<&Radio>) -> Feature {
    let empty = (BTreeSet::new(), BTreeSet::new(), 0);
    let (techs, bands, n) = radio.unwrap_or(&empty);
    let techs: Vec<&str> = techs.iter().map(|t| t.as_str()).collect();
    let public = obj(json!({
        "name": s.name,
        "operators": s.operators,
        "technologies": techs,
        "commune_code": s.commune_code,
        "shared": s.is_shared(),
        "source": s.source.as_str(),
    }));
    let mut full = public.clone();
    full.extend(obj(json!({
        "owner": s.owner,
        "structure": s.structure.as_str(),
        "structure_height_m": s.structure_height_m,
        "ground_elevation_m": s.ground_elevation_m,
        "sector_count": n,
        "bands_mhz": bands.iter().collect::<Vec<_>>(),
    })));
    let g = point_geom(s.point);
    Feature {
        public: render(&s.id, &g, public),
        full: Some(render(&s.id, &g, full)),
        id: s.id.clone(),
        bbox: Bbox::around([s.point]),
        point: Some(s.point),
        time: None,
        owners: s.operators.clone(),
        filters: vec![
            ("operator", s.operators.iter().map(|o| lc(o)).collect()),
            ("technology", techs.iter().map(|t| lc(t)).collect()),
            (
                "commune_code",
                s.commune_code.iter().map(|c| lc(c)).collect(),
            ),
            ("shared", vec![s.is_shared().to_string()]),
            ("source", vec![s.source.as_str().into()]),
        ],
    }
}

const SITES_TITLE: &str = "Trạm BTS / Sites";
const SITES_DESCRIPTION: &str = "Towers: position, operators and technologies on air for everyone; structure, owner, heights and bands with an agency key (or the operator's own key).";

fn sites_collection(data: &Dataset) -> Collection {
    let radio = site_radio(data);
    let features = data
        .sites
        .iter()
        .map(|s| site_feature(s, radio.get(s.id.as_str())))
        .collect();
    finish(
        "sites",
        SITES_TITLE,
        SITES_DESCRIPTION,
        Access::Public,
        SITE_Q,
        SITE_PUBLIC_COLS,
        SITE_FULL_COLS,
        features,
    )
}

fn sector_feature(s: &Sector, p: Option<LatLon>) -> Feature {
    let props = obj(json!({
        "site_id": s.site_id,
        "operator": s.operator,
        "technology": s.technology.as_str(),
        "band_mhz": s.band_mhz,
        "frequency_mhz": s.frequency_mhz,
        "bandwidth_mhz": s.bandwidth_mhz,
        "azimuth_deg": s.azimuth_deg,
        "mechanical_tilt_deg": s.mechanical_tilt_deg,
        "electrical_tilt_deg": s.electrical_tilt_deg,
        "antenna_height_m": s.antenna_height_m,
        "antenna_model": s.antenna_model,
        "gain_dbi": s.gain_dbi,
        "beamwidth_deg": s.beamwidth_deg,
        "tx_power_dbm": s.tx_power_dbm,
        "feeder_loss_db": s.feeder_loss_db,
        "eirp_dbm": s.eirp_dbm(),
        "status": s.status.as_str(),
        "on_air_date": s.on_air_date.map(|d| d.to_string()),
        "off_air_date": s.off_air_date.map(|d| d.to_string()),
        "source": s.source.as_str(),
    }));
    let g = p.map(point_geom).unwrap_or(Value::Null);
    Feature {
        public: render(&s.id, &g, props),
        full: None,
        id: s.id.clone(),
        bbox: p.and_then(|p| Bbox::around([p])),
        point: p,
        time: Some((s.on_air_date, s.off_air_date)),
        owners: vec![s.operator.clone()],
        filters: vec![
            ("operator", vec![lc(&s.operator)]),
            ("technology", vec![lc(s.technology.as_str())]),
            ("site_id", vec![lc(&s.site_id)]),
            ("status", vec![s.status.as_str().into()]),
            ("band_mhz", vec![s.band_mhz.to_string()]),
        ],
    }
}

const SECTORS_TITLE: &str = "Sector / Sectors";
const SECTORS_DESCRIPTION: &str = "Sectors (cells) with powers, tilts and antennas: agency and admin keys see all, an operator key its own. datetime selects sectors on air in the interval.";

fn sectors_collection(data: &Dataset) -> Collection {
    let sites: HashMap<&str, LatLon> = data
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.point))
        .collect();
    let features = data
        .sectors
        .iter()
        .map(|s| sector_feature(s, sites.get(s.site_id.as_str()).copied()))
        .collect();
    finish(
        "sectors",
        SECTORS_TITLE,
        SECTORS_DESCRIPTION,
        Access::Keyed,
        SECTOR_Q,
        SECTOR_COLS,
        SECTOR_COLS,
        features,
    )
}

impl Collection {
    /// A copy with `upserts` put in and the features whose ids are in
    /// `remove` taken out (unchanged features are shared).
    fn patched(&self, upserts: Vec<Feature>, remove: &BTreeSet<String>) -> Collection {
        let mut features: Vec<Arc<Feature>> = self
            .features
            .iter()
            .filter(|f| !remove.contains(&f.id) && !upserts.iter().any(|u| u.id == f.id))
            .cloned()
            .collect();
        features.extend(upserts.into_iter().map(Arc::new));
        features.sort_by(|a, b| a.id.cmp(&b.id));
        let index = features
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        let extent = features.iter().filter_map(|f| f.bbox).reduce(|a, b| {
            Bbox::new(
                a.min_lon.min(b.min_lon),
                a.min_lat.min(b.min_lat),
                a.max_lon.max(b.max_lon),
                a.max_lat.max(b.max_lat),
            )
        });
        let temporal = temporal_extent(&features);
        Collection {
            id: self.id,
            title: self.title,
            description: self.description,
            access: self.access,
            queryables: self.queryables,
            public_columns: self.public_columns,
            full_columns: self.full_columns,
            features,
            index,
            extent,
            temporal,
        }
    }
}

/// What a write changed: records put and ids removed.
#[derive(Debug, Default, Clone)]
pub(crate) struct Changes {
    pub sites: Vec<Site>,
    pub site_deletes: Vec<String>,
    pub sectors: Vec<Sector>,
    pub sector_deletes: Vec<String>,
}

fn zones_collection(data: &Dataset) -> Collection {
    let features = data
        .zones
        .iter()
        .map(|z| {
            let g = match &z.polygon {
                Some(p) if p.len() >= 3 => polygon_geom(p),
                _ => point_geom(z.point),
            };
            let bbox = match &z.polygon {
                Some(p) if p.len() >= 3 => Bbox::around(p.iter().copied()),
                _ => Bbox::around([z.point]),
            };
            let props = obj(json!({
                "name": z.name,
                "kind": z.kind.as_str(),
                "commune_code": z.commune_code,
                "approximate": z.approximate,
                "source": z.source.as_str(),
            }));
            Feature {
                public: render(&z.id, &g, props),
                full: None,
                id: z.id.clone(),
                bbox,
                point: Some(z.point),
                time: None,
                owners: Vec::new(),
                filters: vec![
                    ("kind", vec![z.kind.as_str().into()]),
                    (
                        "commune_code",
                        z.commune_code.iter().map(|c| lc(c)).collect(),
                    ),
                ],
            }
        })
        .collect();
    finish(
        "zones",
        "Khu vực / Zones",
        "Industrial zones, tourist sites, state agency seats and commune centres that the 5G targets and the planner aim at (positions approximate where marked).",
        Access::Public,
        ZONE_Q,
        ZONE_COLS,
        ZONE_COLS,
        features,
    )
}
