//! Reading a GeoJSON FeatureCollection (or one Feature): each feature's
//! properties as text cells and its geometry as a point or an outer ring.
//! Never panics: any byte sequence gives features or a problem.

use hatang_core::geo::LatLon;
use serde_json::Value as Json;

/// A feature's geometry, as far as hatang uses it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Geom {
    /// A point.
    Point(LatLon),
    /// A polygon's outer ring, open (the closing vertex dropped).
    Polygon(Vec<LatLon>),
    /// Something hatang can't store: why.
    Unusable(String),
}

/// One feature read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeoFeature {
    /// 1-based position in the collection.
    pub number: usize,
    /// Properties as (name, text) in file order.
    pub props: Vec<(String, String)>,
    /// Geometry, if any.
    pub geometry: Option<Geom>,
}

/// Reads the features of a GeoJSON text.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<GeoFeature>, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let gj: geojson::GeoJson =
        serde_json::from_slice(bytes).map_err(|e| format!("not GeoJSON: {e}"))?;
    let features = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(_) => {
            return Err(
                "a bare geometry has no properties: give a Feature or a FeatureCollection".into(),
            )
        }
    };
    Ok(features
        .into_iter()
        .enumerate()
        .map(|(i, f)| GeoFeature {
            number: i + 1,
            props: f
                .properties
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, cell(&v)))
                .collect(),
            geometry: f.geometry.map(|g| geom(&g.value)),
        })
        .collect())
}

/// A property as the text a CSV cell would hold: arrays of plain values
/// joined with `|` (a site's operators), other structures as JSON.
fn cell(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => s.clone(),
        Json::Array(a) if a.iter().all(|x| x.is_string() || x.is_number()) => {
            a.iter().map(cell).collect::<Vec<_>>().join("|")
        }
        other => other.to_string(),
    }
}

fn position(p: &geojson::Position) -> Result<LatLon, String> {
    match p.as_slice() {
        [lon, lat, ..] => Ok(LatLon::new(*lat, *lon)),
        _ => Err("a position needs longitude and latitude".into()),
    }
}

fn geom(v: &geojson::GeometryValue) -> Geom {
    use geojson::GeometryValue as G;
    match v {
        G::Point { coordinates } => match position(coordinates) {
            Ok(p) => Geom::Point(p),
            Err(e) => Geom::Unusable(e),
        },
        G::Polygon { coordinates } => {
            let Some(outer) = coordinates.first() else {
                return Geom::Unusable("a Polygon without a ring".into());
            };
            let ring: Result<Vec<LatLon>, String> = outer.iter().map(position).collect();
            match ring {
                Ok(mut r) => {
                    if r.len() > 1 && r.first() == r.last() {
                        r.pop();
                    }
                    Geom::Polygon(r)
                }
                Err(e) => Geom::Unusable(e),
            }
        }
        other => Geom::Unusable(format!(
            "a {} geometry can't be stored (Point or Polygon)",
            other.type_name()
        )),
    }
}
