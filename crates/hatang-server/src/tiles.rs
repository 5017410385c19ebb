//! Vector tiles of the map's own features: one MVT per tile with the
//! layers `communes` (approximate outlines of the 2025 communes, with the
//! scorecard's score once computed), `commune_labels`, `villages`, `sites`
//! and `zones` — public properties only (the page asks the API for details
//! on a click). Tiles of zoom ≤ 14 over the data's extent are cached per
//! snapshot, raw and gzipped, in lock-free slots.

use crate::mvt::{clip_ring, encode_tile, LayerBuilder, Prop};
use crate::providers::VillageClass;
use crate::snapshot::site_radio;
use crate::util::{lonlat_to_world, tile_bbox, TileSlots};
use axum::body::Bytes;
use hatang_core::geo::{Bbox, LatLon};
use hatang_core::model::{AdminLevel, Dataset, Technology};
use std::collections::HashMap;
use std::io::Write;

const EXTENT: u32 = 4096;
const BUFFER: f64 = 64.0;
/// Largest zoom whose tiles are cached.
pub(crate) const CACHE_MAX_Z: u8 = 14;

#[derive(Debug)]
struct PointFeat {
    p: LatLon,
    props: Vec<(&'static str, Prop)>,
}

#[derive(Debug)]
struct PolyFeat {
    ring: Vec<LatLon>,
    bbox: Bbox,
    props: Vec<(&'static str, Prop)>,
}

/// An encoded tile: raw and gzipped.
#[derive(Debug, Clone)]
pub(crate) struct EncodedTile {
    pub raw: Bytes,
    pub gzip: Bytes,
}

/// The features of the vector tiles and the cache of encoded tiles.
#[derive(Debug)]
pub(crate) struct VectorTiles {
    communes: Vec<PolyFeat>,
    labels: Vec<PointFeat>,
    villages: Vec<PointFeat>,
    sites: Vec<PointFeat>,
    zones: Vec<PointFeat>,
    extent: Bbox,
    slots: TileSlots<EncodedTile>,
    empty: EncodedTile,
}

fn s(v: &str) -> Prop {
    Prop::Str(v.to_string())
}

fn gzip(raw: &[u8]) -> Bytes {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(raw);
    Bytes::from(e.finish().unwrap_or_default())
}

impl VectorTiles {
    /// Collects the features of every layer.
    pub fn build(
        data: &Dataset,
        classes: &HashMap<String, VillageClass>,
        scores: &HashMap<String, f64>,
        extent: &Bbox,
    ) -> Self {
        let current = data
            .units
            .iter()
            .filter(|u| u.key.level == AdminLevel::Commune && u.valid_to.is_none());
        let mut communes = Vec::new();
        let mut labels = Vec::new();
        for u in current {
            let mut props = vec![("code", s(&u.key.code)), ("name", s(&u.name))];
            if let Some(sc) = scores.get(&u.key.code) {
                props.push(("score", Prop::Num(*sc)));
            }
            if let Some(b) = u.boundary.as_ref().filter(|b| b.len() >= 3) {
                if let Some(bbox) = Bbox::around(b.iter().copied()) {
                    let mut pp = props.clone();
                    pp.push(("approximate", Prop::Bool(u.boundary_approximate)));
                    communes.push(PolyFeat {
                        ring: b.clone(),
                        bbox,
                        props: pp,
                    });
                }
            }
            if let Some(c) = u.centre {
                props.push(("unit_type", s(&u.unit_type)));
                labels.push(PointFeat { p: c, props });
            }
        }
        let villages = data
            .villages
            .iter()
            .map(|v| {
                let class = classes.get(&v.id).copied().unwrap_or(VillageClass::Unknown);
                let mut props = vec![
                    ("id", s(&v.id)),
                    ("name", s(&v.name)),
                    ("class", s(class.as_str())),
                    ("difficult", Prop::Bool(v.difficult)),
                ];
                if let Some(p) = v.population {
                    props.push(("population", Prop::Num(f64::from(p))));
                }
                PointFeat { p: v.point, props }
            })
            .collect();
        let radio = site_radio(data);
        let sites = data
            .sites
            .iter()
            .map(|st| {
                let techs: Vec<&str> = radio
                    .get(st.id.as_str())
                    .map(|r| r.0.iter().map(|t| t.as_str()).collect())
                    .unwrap_or_default();
                let has5g = radio
                    .get(st.id.as_str())
                    .is_some_and(|r| r.0.contains(&Technology::Nr));
                PointFeat {
                    p: st.point,
                    props: vec![
                        ("id", s(&st.id)),
                        ("name", s(&st.name)),
                        (
                            "operator",
                            s(st.operators.first().map(String::as_str).unwrap_or("")),
                        ),
                        ("operators", s(&st.operators.join(","))),
                        ("technologies", s(&techs.join(","))),
                        ("has_5g", Prop::Bool(has5g)),
                        ("shared", Prop::Bool(st.is_shared())),
                    ],
                }
            })
            .collect();
        let zones = data
            .zones
            .iter()
            .map(|z| PointFeat {
                p: z.point,
                props: vec![
                    ("id", s(&z.id)),
                    ("name", s(&z.name)),
                    ("kind", s(z.kind.as_str())),
                ],
            })
            .collect();
        let empty_raw: Vec<u8> = Vec::new();
        Self {
            communes,
            labels,
            villages,
            sites,
            zones,
            extent: *extent,
            slots: TileSlots::new(extent, CACHE_MAX_Z),
            empty: EncodedTile {
                gzip: gzip(&empty_raw),
                raw: Bytes::from(empty_raw),
            },
        }
    }

    /// Whether tile (z, x, y) is ready without encoding (cached, or empty).
    pub fn cached(&self, z: u8, x: u32, y: u32) -> bool {
        !tile_bbox(z, x, y).intersects(&self.extent.expand(0.02))
            || self.slots.slot(z, x, y).is_some_and(|s| s.get().is_some())
    }

    /// The tile (z, x, y), from the cache when it can be.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> EncodedTile {
        let b = tile_bbox(z, x, y);
        if !b.intersects(&self.extent.expand(0.02)) {
            return self.empty.clone();
        }
        match self.slots.slot(z, x, y) {
            Some(slot) => slot.get_or_init(|| self.encode(z, x, y)).clone(),
            None => self.encode(z, x, y),
        }
    }

    fn encode(&self, z: u8, x: u32, y: u32) -> EncodedTile {
        let b = tile_bbox(z, x, y);
        let pad_lon = (b.max_lon - b.min_lon) * BUFFER / f64::from(EXTENT);
        let pad_lat = (b.max_lat - b.min_lat) * BUFFER / f64::from(EXTENT);
        let q = Bbox::new(
            b.min_lon - pad_lon,
            b.min_lat - pad_lat,
            b.max_lon + pad_lon,
            b.max_lat + pad_lat,
        );
        let to_tile = |p: LatLon| -> (f64, f64) {
            let (wx, wy) = lonlat_to_world(p.lon, p.lat, z);
            (
                (wx - f64::from(x)) * f64::from(EXTENT),
                (wy - f64::from(y)) * f64::from(EXTENT),
            )
        };
        let mut communes = LayerBuilder::new("communes", EXTENT);
        for (i, f) in self.communes.iter().enumerate() {
            if !f.bbox.intersects(&q) {
                continue;
            }
            let ring: Vec<(f64, f64)> = f.ring.iter().map(|p| to_tile(*p)).collect();
            let clipped = clip_ring(&ring, -BUFFER, f64::from(EXTENT) + BUFFER);
            let ri: Vec<(i32, i32)> = clipped
                .iter()
                .map(|p| (p.0.round() as i32, p.1.round() as i32))
                .collect();
            communes.polygon(i as u64 + 1, &ri, &f.props);
        }
        let points = |name: &str, feats: &[PointFeat]| {
            let mut l = LayerBuilder::new(name, EXTENT);
            for (i, f) in feats.iter().enumerate() {
                if q.contains(f.p) {
                    let (tx, ty) = to_tile(f.p);
                    l.point(i as u64 + 1, tx.round() as i32, ty.round() as i32, &f.props);
                }
            }
            l
        };
        let layers = [
            communes,
            points("commune_labels", &self.labels),
            points("zones", &self.zones),
            points("villages", &self.villages),
            points("sites", &self.sites),
        ];
        let raw = encode_tile(&layers);
        EncodedTile {
            gzip: gzip(&raw),
            raw: Bytes::from(raw),
        }
    }
}
