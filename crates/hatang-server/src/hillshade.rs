//! The map's base layer: shaded relief from the terrain, as 256×256 PNG
//! tiles in Web Mercator.
//!
//! The SRTM `.hgt` grid is decoded here (big-endian i16, rows north to
//! south, voids −32768). Each DEM cell gets a colour once, at start-up: a
//! hypsometric tint of its height multiplied by a Horn-method hillshade
//! (sun at azimuth 315°, altitude 45°, vertical exaggeration 2). A tile
//! samples that colour grid bilinearly, so a tile costs a few hundred
//! microseconds plus its PNG encoding; tiles of zoom ≤ 14 are cached in
//! lock-free slots.

use crate::error::ServerError;
use crate::util::{tile_bbox, world_x_to_lon, world_y_to_lat, TileSlots};
use axum::body::Bytes;
use hatang_core::geo::{Bbox, LatLon};

/// A terrain grid decoded from an SRTM `.hgt` tile.
#[derive(Debug, Clone)]
pub struct Terrain {
    south: f64,
    west: f64,
    /// Samples per side (1201 for 3″, 3601 for 1″).
    n: usize,
    /// Heights, metres, row 0 = north edge; NaN where void.
    h: Vec<f32>,
}

impl Terrain {
    /// Decodes a 1°×1° `.hgt` tile whose south-west corner is
    /// (`south`, `west`).
    pub fn from_hgt(bytes: &[u8], south: f64, west: f64) -> Result<Terrain, ServerError> {
        let n = match bytes.len() {
            l if l == 1201 * 1201 * 2 => 1201,
            l if l == 3601 * 3601 * 2 => 3601,
            l => {
                return Err(ServerError::Terrain(format!(
                    "{l} bytes is not an SRTM tile (1201² or 3601² samples of 2 bytes)"
                )))
            }
        };
        let h = bytes
            .chunks_exact(2)
            .map(|c| {
                let v = i16::from_be_bytes([c[0], c[1]]);
                if v == -32768 {
                    f32::NAN
                } else {
                    f32::from(v)
                }
            })
            .collect();
        Ok(Terrain { south, west, n, h })
    }

    /// The bundled tile N21E105 (21–22 N, 105–106 E).
    pub fn bundled() -> Result<Terrain, ServerError> {
        Terrain::from_hgt(hatang_data::bundled::SRTM_N21E105_HGT, 21.0, 105.0)
    }

    /// The area covered.
    pub fn bbox(&self) -> Bbox {
        Bbox::new(self.west, self.south, self.west + 1.0, self.south + 1.0)
    }

    fn step(&self) -> f64 {
        1.0 / (self.n - 1) as f64
    }

    fn at(&self, row: usize, col: usize) -> f32 {
        self.h[row * self.n + col]
    }

    /// Height at a point (bilinear), or `None` outside the tile or over a
    /// void.
    pub fn elevation(&self, p: LatLon) -> Option<f64> {
        let fr = (self.south + 1.0 - p.lat) / self.step();
        let fc = (p.lon - self.west) / self.step();
        let max = (self.n - 1) as f64;
        if !(fr >= 0.0 && fr <= max && fc >= 0.0 && fc <= max) {
            return None;
        }
        let (r0, c0) = (
            (fr.floor() as usize).min(self.n - 2),
            (fc.floor() as usize).min(self.n - 2),
        );
        let (tr, tc) = (fr - r0 as f64, fc - c0 as f64);
        let v = |r, c| f64::from(self.at(r, c));
        let h = v(r0, c0) * (1.0 - tr) * (1.0 - tc)
            + v(r0, c0 + 1) * (1.0 - tr) * tc
            + v(r0 + 1, c0) * tr * (1.0 - tc)
            + v(r0 + 1, c0 + 1) * tr * tc;
        h.is_finite().then_some(h)
    }
}

/// Hypsometric tint stops: height (m) → RGB.
const TINT: [(f32, [f32; 3]); 8] = [
    (0.0, [176.0, 206.0, 160.0]),
    (30.0, [190.0, 215.0, 168.0]),
    (150.0, [214.0, 226.0, 176.0]),
    (400.0, [232.0, 224.0, 178.0]),
    (800.0, [222.0, 200.0, 162.0]),
    (1200.0, [205.0, 182.0, 156.0]),
    (1800.0, [214.0, 204.0, 196.0]),
    (3000.0, [245.0, 245.0, 245.0]),
];

fn tint(h: f32) -> [f32; 3] {
    if h <= TINT[0].0 {
        return TINT[0].1;
    }
    for w in TINT.windows(2) {
        let ((h0, c0), (h1, c1)) = (w[0], w[1]);
        if h <= h1 {
            let t = (h - h0) / (h1 - h0);
            return [
                c0[0] + t * (c1[0] - c0[0]),
                c0[1] + t * (c1[1] - c0[1]),
                c0[2] + t * (c1[2] - c0[2]),
            ];
        }
    }
    TINT[TINT.len() - 1].1
}

/// Shaded-relief tiles of one terrain grid.
#[derive(Debug)]
pub struct Hillshade {
    terrain: Terrain,
    /// RGBA per DEM cell.
    colour: Vec<[u8; 4]>,
    slots: TileSlots<Bytes>,
    empty: Bytes,
}

impl Hillshade {
    /// Colours every cell of the terrain.
    pub fn new(terrain: Terrain) -> Hillshade {
        let n = terrain.n;
        let step = terrain.step();
        let (az, alt) = (315f64.to_radians(), 45f64.to_radians());
        let light = [az.sin() * alt.cos(), az.cos() * alt.cos(), alt.sin()];
        let exaggeration = 2.0;
        let mut colour = vec![[0u8; 4]; n * n];
        for r in 0..n {
            let lat = terrain.south + 1.0 - r as f64 * step;
            let dx = step * 111_320.0 * lat.to_radians().cos();
            let dy = step * 110_574.0;
            for c in 0..n {
                let e = terrain.at(r, c);
                if e.is_nan() {
                    continue;
                }
                let g = |dr: isize, dc: isize| -> f64 {
                    let rr = (r as isize + dr).clamp(0, n as isize - 1) as usize;
                    let cc = (c as isize + dc).clamp(0, n as isize - 1) as usize;
                    let v = terrain.at(rr, cc);
                    f64::from(if v.is_nan() { e } else { v })
                };
                // Horn: a b c / d e f / g h i, a = north-west.
                let (a, b, cc, d, f, gg, h, i) = (
                    g(-1, -1),
                    g(-1, 0),
                    g(-1, 1),
                    g(0, -1),
                    g(0, 1),
                    g(1, -1),
                    g(1, 0),
                    g(1, 1),
                );
                let dzdx = ((cc + 2.0 * f + i) - (a + 2.0 * d + gg)) / (8.0 * dx) * exaggeration;
                let dzdy_south =
                    ((gg + 2.0 * h + i) - (a + 2.0 * b + cc)) / (8.0 * dy) * exaggeration;
                let dzdn = -dzdy_south;
                let norm = (dzdx * dzdx + dzdn * dzdn + 1.0).sqrt();
                let shade = ((-dzdx * light[0] - dzdn * light[1] + light[2]) / norm).max(0.0);
                let factor = (0.35 + 0.9 * shade) as f32;
                let t = tint(e);
                colour[r * n + c] = [
                    (t[0] * factor).clamp(0.0, 255.0) as u8,
                    (t[1] * factor).clamp(0.0, 255.0) as u8,
                    (t[2] * factor).clamp(0.0, 255.0) as u8,
                    255,
                ];
            }
        }
        let bbox = terrain.bbox();
        Hillshade {
            slots: TileSlots::new(&bbox, 14),
            empty: Bytes::from(encode_png(&vec![0u8; 256 * 256 * 4])),
            terrain,
            colour,
        }
    }

    /// The terrain.
    pub fn terrain(&self) -> &Terrain {
        &self.terrain
    }

    /// A transparent tile.
    pub fn empty(&self) -> Bytes {
        self.empty.clone()
    }

    /// Whether tile (z, x, y) is ready without rendering (cached, or
    /// outside the terrain).
    pub fn cached(&self, z: u8, x: u32, y: u32) -> bool {
        !tile_bbox(z, x, y).intersects(&self.terrain.bbox())
            || self.slots.slot(z, x, y).is_some_and(|s| s.get().is_some())
    }

    /// The PNG of tile (z, x, y); transparent outside the terrain.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Bytes {
        if !tile_bbox(z, x, y).intersects(&self.terrain.bbox()) {
            return self.empty.clone();
        }
        match self.slots.slot(z, x, y) {
            Some(slot) => slot.get_or_init(|| self.render(z, x, y)).clone(),
            None => self.render(z, x, y),
        }
    }

    fn render(&self, z: u8, x: u32, y: u32) -> Bytes {
        let n = self.terrain.n;
        let step = self.terrain.step();
        let max = (n - 1) as f64;
        let mut px = vec![0u8; 256 * 256 * 4];
        let cols: Vec<f64> = (0..256)
            .map(|i| {
                let lon = world_x_to_lon(f64::from(x) + (f64::from(i) + 0.5) / 256.0, z);
                (lon - self.terrain.west) / step
            })
            .collect();
        for j in 0..256usize {
            let lat = world_y_to_lat(f64::from(y) + (j as f64 + 0.5) / 256.0, z);
            let fr = (self.terrain.south + 1.0 - lat) / step;
            if !(0.0..=max).contains(&fr) {
                continue;
            }
            let r0 = (fr.floor() as usize).min(n - 2);
            let tr = (fr - r0 as f64) as f32;
            for (i, &fc) in cols.iter().enumerate() {
                if !(0.0..=max).contains(&fc) {
                    continue;
                }
                let c0 = (fc.floor() as usize).min(n - 2);
                let tc = (fc - c0 as f64) as f32;
                let k = [
                    self.colour[r0 * n + c0],
                    self.colour[r0 * n + c0 + 1],
                    self.colour[(r0 + 1) * n + c0],
                    self.colour[(r0 + 1) * n + c0 + 1],
                ];
                let w = [
                    (1.0 - tr) * (1.0 - tc),
                    (1.0 - tr) * tc,
                    tr * (1.0 - tc),
                    tr * tc,
                ];
                let o = (j * 256 + i) * 4;
                for ch in 0..4 {
                    let v: f32 = (0..4).map(|m| f32::from(k[m][ch]) * w[m]).sum();
                    // Colour steps of 4 (alpha exact): invisible on relief,
                    // a third smaller once deflated.
                    let v = if ch == 3 { v } else { (v / 4.0).round() * 4.0 };
                    px[o + ch] = v.round().clamp(0.0, 255.0) as u8;
                }
            }
        }
        Bytes::from(encode_png_with(&px, png::Compression::Fast))
    }
}

/// Encodes 256×256 RGBA pixels (row by row, 4 bytes each) as a PNG tile
/// with fast compression (RGB when every pixel is opaque); providers may
/// use it for their tiles.
pub fn encode_png(rgba: &[u8]) -> Vec<u8> {
    encode_png_with(rgba, png::Compression::Fast)
}

/// As [`encode_png`], with a chosen compression (tiles that are cached
/// are worth a slower, smaller encoding).
pub fn encode_png_with(rgba: &[u8], compression: png::Compression) -> Vec<u8> {
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);
    let rgb: Vec<u8>;
    let (data, colour) = if opaque {
        rgb = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (&rgb[..], png::ColorType::Rgb)
    } else {
        (rgba, png::ColorType::Rgba)
    };
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 256, 256);
        enc.set_color(colour);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(compression);
        if let Ok(mut w) = enc.write_header() {
            let _ = w.write_image_data(data);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_terrain_reads() {
        let t = Terrain::bundled().unwrap();
        // Việt Trì lies low; Tam Đảo is high.
        let viet_tri = t.elevation(LatLon::new(21.32, 105.40)).unwrap();
        assert!(viet_tri < 100.0, "{viet_tri}");
        let tam_dao = t.elevation(LatLon::new(21.46, 105.64)).unwrap();
        assert!(tam_dao > 500.0, "{tam_dao}");
        assert!(t.elevation(LatLon::new(20.5, 105.5)).is_none());
    }

    #[test]
    fn tiles_are_png() {
        let h = Hillshade::new(Terrain::bundled().unwrap());
        let t = h.tile(10, 811, 449);
        assert_eq!(&t[..8], b"\x89PNG\r\n\x1a\n");
        let e = h.tile(10, 0, 0);
        assert_eq!(e, h.empty());
    }
}
