//! Keeping losses between runs: a cache interface, the identity of a
//! computation, and a compact encoding of a loss window.

use crate::group::SiteBand;
use crate::loss::CoverageSpec;
use crate::model::Model;
use crate::window::Window;
use hatang_core::terrain::Mosaic;
use std::io::{Read, Write};

/// Where losses computed once are kept (e.g. the store's
/// `coverage_results`). Called from one thread, in a fixed order.
pub trait LossCache {
    /// The loss window stored for `group` under `hash`, if any.
    fn load(&mut self, group: &SiteBand, hash: &str) -> Option<Vec<f32>>;
    /// Keeps a freshly computed loss window.
    fn save(&mut self, group: &SiteBand, hash: &str, window: &Window, loss: &[f32]);
}

/// FNV-1a, 64 bits: stable across runs and platforms.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn f64(&mut self, v: f64) {
        self.bytes(&v.to_bits().to_le_bytes());
    }
    fn usize(&mut self, v: usize) {
        self.bytes(&(v as u64).to_le_bytes());
    }
}

/// A fingerprint of the loaded terrain: tile names, grids and a sample of
/// heights.
///
/// ```
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// let t = |h: f32| Mosaic::new(vec![Tile::from_grid("t", GridSpec::new(105.0, 21.1, 0.1, 0.1, 3, 3), vec![h; 9], None, &LoadOptions::default()).unwrap()]).unwrap();
/// assert_eq!(hatang_coverage::terrain_fingerprint(&t(1.0)), hatang_coverage::terrain_fingerprint(&t(1.0)));
/// assert_ne!(hatang_coverage::terrain_fingerprint(&t(1.0)), hatang_coverage::terrain_fingerprint(&t(2.0)));
/// ```
pub fn terrain_fingerprint(terrain: &Mosaic) -> String {
    let mut h = Fnv::new();
    for t in terrain.tiles() {
        h.bytes(t.name().as_bytes());
        let s = t.spec();
        for v in [s.west_lon, s.north_lat, s.dlon_deg, s.dlat_deg] {
            h.f64(v);
        }
        h.usize(s.ncols);
        h.usize(s.nrows);
        for v in t.heights().iter().step_by(997) {
            h.bytes(&v.to_bits().to_le_bytes());
        }
    }
    format!("{:016x}", h.0)
}

/// The identity of one group's loss computation: everything that shapes
/// it (transmitter, model and its settings, grid window, receiver, mode,
/// tuning, terrain).
pub fn params_hash(
    group: &SiteBand,
    model: &Model,
    spec: &CoverageSpec,
    window: &Window,
    terrain_fp: &str,
) -> String {
    let mut h = Fnv::new();
    h.bytes(b"hatang-coverage/1");
    let tx = &group.transmitter;
    for v in [
        tx.position.lat,
        tx.position.lon,
        tx.height_m,
        tx.frequency_mhz,
    ] {
        h.f64(v);
    }
    h.bytes(format!("{model:?}").as_bytes());
    h.bytes(format!("{spec:?}").as_bytes());
    let g = &window.grid;
    for v in [g.west(), g.north(), g.dx(), g.dy()] {
        h.f64(v);
    }
    for v in [window.col0, window.row0, window.cols, window.rows] {
        h.usize(v);
    }
    h.bytes(terrain_fp.as_bytes());
    format!("{:016x}", h.0)
}

/// Encodes a loss window compactly: decidecibels as `u16` (65535 =
/// nodata), each stored as its difference from the previous one (wrapping),
/// little-endian, DEFLATE-compressed (about 1 byte a pixel on hilly
/// terrain). Decoding gives the loss to within 0.05 dB.
///
/// ```
/// let v = vec![120.04f32, f32::NAN, 87.5, 87.46];
/// let back = hatang_coverage::decode_losses(&hatang_coverage::encode_losses(&v), 4).unwrap();
/// assert!((back[0] - 120.0).abs() < 0.051 && back[1].is_nan() && back[2] == 87.5);
/// assert!((back[3] - 87.5).abs() < 0.051);
/// ```
pub fn encode_losses(loss: &[f32]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(loss.len() * 2);
    let mut prev = 0u16;
    for &v in loss {
        let q = if v.is_nan() {
            u16::MAX
        } else {
            (v as f64 * 10.0).round().clamp(0.0, 65534.0) as u16
        };
        raw.extend_from_slice(&q.wrapping_sub(prev).to_le_bytes());
        prev = q;
    }
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(&raw);
    enc.finish().unwrap_or_default()
}

/// Decodes [`encode_losses`]' bytes into `len` values; `None` when they
/// do not hold exactly that many.
pub fn decode_losses(bytes: &[u8], len: usize) -> Option<Vec<f32>> {
    let mut raw = Vec::with_capacity(len * 2);
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut raw)
        .ok()?;
    if raw.len() != len * 2 {
        return None;
    }
    let mut prev = 0u16;
    Some(
        raw.chunks_exact(2)
            .map(|c| {
                let q = prev.wrapping_add(u16::from_le_bytes([c[0], c[1]]));
                prev = q;
                if q == u16::MAX {
                    f32::NAN
                } else {
                    (q as f64 / 10.0) as f32
                }
            })
            .collect(),
    )
}
