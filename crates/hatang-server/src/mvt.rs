//! A small encoder of Mapbox Vector Tiles (MVT 2.1): layers of points and
//! polygons with string, number and boolean properties, written as the
//! protobuf the specification defines (no protobuf dependency).

use std::collections::HashMap;

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    /// Text.
    Str(String),
    /// A number (written as a double).
    Num(f64),
    /// A boolean.
    Bool(bool),
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn key(out: &mut Vec<u8>, field: u32, wire: u32) {
    varint(out, u64::from((field << 3) | wire));
}

fn bytes_field(out: &mut Vec<u8>, field: u32, b: &[u8]) {
    key(out, field, 2);
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn zigzag(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

fn command(id: u32, count: usize) -> u32 {
    (id & 7) | ((count as u32) << 3)
}

/// One layer being built.
#[derive(Debug)]
pub struct LayerBuilder {
    name: String,
    extent: u32,
    keys: Vec<String>,
    key_idx: HashMap<String, u32>,
    values: Vec<Vec<u8>>,
    value_idx: HashMap<Vec<u8>, u32>,
    features: Vec<Vec<u8>>,
}

impl LayerBuilder {
    /// An empty layer with this name and extent (4096 usually).
    pub fn new(name: &str, extent: u32) -> Self {
        Self {
            name: name.to_string(),
            extent,
            keys: Vec::new(),
            key_idx: HashMap::new(),
            values: Vec::new(),
            value_idx: HashMap::new(),
            features: Vec::new(),
        }
    }

    /// Number of features added.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Whether no feature was added.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    fn tags(&mut self, props: &[(&str, Prop)]) -> Vec<u32> {
        let mut tags = Vec::with_capacity(props.len() * 2);
        for (k, v) in props {
            let ki = match self.key_idx.get(*k) {
                Some(&i) => i,
                None => {
                    let i = self.keys.len() as u32;
                    self.keys.push((*k).to_string());
                    self.key_idx.insert((*k).to_string(), i);
                    i
                }
            };
            let mut enc = Vec::new();
            match v {
                Prop::Str(s) => bytes_field(&mut enc, 1, s.as_bytes()),
                Prop::Num(x) => {
                    key(&mut enc, 3, 1);
                    enc.extend_from_slice(&x.to_le_bytes());
                }
                Prop::Bool(b) => {
                    key(&mut enc, 7, 0);
                    varint(&mut enc, u64::from(*b));
                }
            }
            let vi = match self.value_idx.get(&enc) {
                Some(&i) => i,
                None => {
                    let i = self.values.len() as u32;
                    self.values.push(enc.clone());
                    self.value_idx.insert(enc, i);
                    i
                }
            };
            tags.push(ki);
            tags.push(vi);
        }
        tags
    }

    fn push_feature(&mut self, id: u64, props: &[(&str, Prop)], kind: u32, geometry: &[u32]) {
        let tags = self.tags(props);
        let mut f = Vec::new();
        key(&mut f, 1, 0);
        varint(&mut f, id);
        let mut packed = Vec::new();
        for t in tags {
            varint(&mut packed, u64::from(t));
        }
        bytes_field(&mut f, 2, &packed);
        key(&mut f, 3, 0);
        varint(&mut f, u64::from(kind));
        let mut g = Vec::new();
        for c in geometry {
            varint(&mut g, u64::from(*c));
        }
        bytes_field(&mut f, 4, &g);
        self.features.push(f);
    }

    /// Adds a point at tile coordinates (x, y).
    pub fn point(&mut self, id: u64, x: i32, y: i32, props: &[(&str, Prop)]) {
        let geom = [command(1, 1), zigzag(x), zigzag(y)];
        self.push_feature(id, props, 1, &geom);
    }

    /// Adds a polygon with one outer ring in tile coordinates (the ring is
    /// made clockwise in tile space, as MVT requires; a closing duplicate
    /// point is dropped). Rings with fewer than 3 distinct points are
    /// skipped.
    pub fn polygon(&mut self, id: u64, ring: &[(i32, i32)], props: &[(&str, Prop)]) {
        let mut pts: Vec<(i32, i32)> = Vec::with_capacity(ring.len());
        for &p in ring {
            if pts.last() != Some(&p) {
                pts.push(p);
            }
        }
        while pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() < 3 {
            return;
        }
        let area: i64 = (0..pts.len())
            .map(|i| {
                let (x1, y1) = pts[i];
                let (x2, y2) = pts[(i + 1) % pts.len()];
                i64::from(x1) * i64::from(y2) - i64::from(x2) * i64::from(y1)
            })
            .sum();
        if area == 0 {
            return;
        }
        if area < 0 {
            pts.reverse();
        }
        let mut geom = Vec::with_capacity(pts.len() * 2 + 3);
        geom.push(command(1, 1));
        geom.push(zigzag(pts[0].0));
        geom.push(zigzag(pts[0].1));
        geom.push(command(2, pts.len() - 1));
        let mut prev = pts[0];
        for &p in &pts[1..] {
            geom.push(zigzag(p.0 - prev.0));
            geom.push(zigzag(p.1 - prev.1));
            prev = p;
        }
        geom.push(command(7, 1));
        self.push_feature(id, props, 3, &geom);
    }

    /// The encoded layer message.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        key(&mut out, 15, 0);
        varint(&mut out, 2);
        bytes_field(&mut out, 1, self.name.as_bytes());
        for f in &self.features {
            bytes_field(&mut out, 2, f);
        }
        for k in &self.keys {
            bytes_field(&mut out, 3, k.as_bytes());
        }
        for v in &self.values {
            bytes_field(&mut out, 4, v);
        }
        key(&mut out, 5, 0);
        varint(&mut out, u64::from(self.extent));
        out
    }
}

/// A tile from its layers (empty layers are left out).
pub fn encode_tile(layers: &[LayerBuilder]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in layers.iter().filter(|l| !l.is_empty()) {
        bytes_field(&mut out, 3, &l.encode());
    }
    out
}

/// Clips a ring (Sutherland–Hodgman) to the box [lo, hi]².
pub fn clip_ring(ring: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let mut pts = ring.to_vec();
    // (axis, bound, keep when value >= bound?)
    for (axis, bound, ge) in [(0, lo, true), (0, hi, false), (1, lo, true), (1, hi, false)] {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &(f64, f64)| {
            let v = if axis == 0 { p.0 } else { p.1 };
            if ge {
                v >= bound
            } else {
                v <= bound
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let a = pts[i];
            let b = pts[(i + 1) % pts.len()];
            let (ia, ib) = (inside(&a), inside(&b));
            if ia {
                out.push(a);
            }
            if ia != ib {
                let (va, vb) = if axis == 0 { (a.0, b.0) } else { (a.1, b.1) };
                let t = (bound - va) / (vb - va);
                out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
            }
        }
        pts = out;
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_and_commands() {
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
        assert_eq!(command(1, 1), 9);
        assert_eq!(command(7, 1), 15);
    }

    #[test]
    fn point_layer_encodes_like_the_spec_example() {
        // The specification's example: a point at (25, 17).
        let mut l = LayerBuilder::new("points", 4096);
        l.point(1, 25, 17, &[("hello", Prop::Str("world".into()))]);
        let tile = encode_tile(&[l]);
        // The geometry bytes 9, 50, 34 appear in the encoding.
        assert!(tile.windows(3).any(|w| w == [9, 50, 34]));
        assert_eq!(tile[0], 0x1a, "field 3, length-delimited");
    }

    #[test]
    fn polygons_are_clockwise_and_clipped() {
        let ring = [
            (-10.0, -10.0),
            (5000.0, -10.0),
            (5000.0, 5000.0),
            (-10.0, 5000.0),
        ];
        let c = clip_ring(&ring, -64.0, 4160.0);
        assert!(c.iter().all(|p| p.0 >= -64.0 && p.0 <= 4160.0));
        let mut l = LayerBuilder::new("p", 4096);
        let ri: Vec<(i32, i32)> = c.iter().map(|p| (p.0 as i32, p.1 as i32)).collect();
        l.polygon(1, &ri, &[]);
        assert_eq!(l.len(), 1);
        let mut e = LayerBuilder::new("p", 4096);
        e.polygon(1, &[(0, 0), (1, 1)], &[]);
        assert!(e.is_empty());
    }
}
