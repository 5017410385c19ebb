//! SRTM `.hgt` tiles: big-endian `i16` metres, 1201×1201 (3″) or 3601×3601
//! (1″) samples, the first row on the north edge, −32768 for a void; the
//! file name gives the south-west corner.

use super::{GridSpec, LoadOptions, TerrainError, Tile};
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;

/// The SRTM void marker.
pub(crate) const HGT_VOID: i16 = -32768;

/// The south-west corner (latitude, longitude, whole degrees) of an SRTM
/// tile from its file name: `N21E105.hgt`, `s08w035.hgt`,
/// `N21E105.SRTMGL1.hgt` or a bare `N21E105`.
///
/// ```
/// use hatang_core::terrain::parse_tile_name;
/// assert_eq!(parse_tile_name("N21E105.hgt"), Some((21, 105)));
/// assert_eq!(parse_tile_name("s08w035.hgt"), Some((-8, -35)));
/// assert_eq!(parse_tile_name("elevation.hgt"), None);
/// ```
pub fn parse_tile_name(name: &str) -> Option<(i32, i32)> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let b = file.as_bytes();
    if b.len() < 7 {
        return None;
    }
    let lat_sign = match b[0].to_ascii_uppercase() {
        b'N' => 1,
        b'S' => -1,
        _ => return None,
    };
    let lon_sign = match b[3].to_ascii_uppercase() {
        b'E' => 1,
        b'W' => -1,
        _ => return None,
    };
    let lat: i32 = std::str::from_utf8(&b[1..3]).ok()?.parse().ok()?;
    let lon: i32 = std::str::from_utf8(&b[4..7]).ok()?.parse().ok()?;
    if !b[1..3].iter().chain(&b[4..7]).all(u8::is_ascii_digit) {
        return None;
    }
    if b.len() > 7 && b[7] != b'.' {
        return None;
    }
    if lat > 89 || lon > 179 + i32::from(lon_sign < 0) {
        return None;
    }
    Some((lat_sign * lat, lon_sign * lon))
}

impl Tile {
    /// A tile from the bytes of a `.hgt` file; `name` is its file name (it
    /// gives the corner). Sizes other than 1201² or 3601² samples are
    /// refused; −32768 voids follow `opts.void_policy`.
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// use hatang_core::terrain::{Elevation, LoadOptions, Tile};
    /// // A synthetic SRTM3 tile: height = row number (0 on the north edge).
    /// let mut bytes = Vec::with_capacity(1201 * 1201 * 2);
    /// for r in 0..1201i16 { for _ in 0..1201 { bytes.extend_from_slice(&r.to_be_bytes()); } }
    /// let t = Tile::from_hgt_bytes("N21E105.hgt", &bytes, &LoadOptions::default()).unwrap();
    /// assert_eq!(t.elevation(LatLon::new(22.0, 105.5)).unwrap(), 0.0);
    /// assert_eq!(t.elevation(LatLon::new(21.0, 105.5)).unwrap(), 1200.0);
    /// // Half-way between rows 600 and 601.
    /// let h = t.elevation(LatLon::new(21.5 - 1.5 / 3600.0, 105.5)).unwrap();
    /// assert!((h - 600.5).abs() < 1e-6);
    /// assert!(Tile::from_hgt_bytes("N21E105.hgt", &bytes[..100], &LoadOptions::default()).is_err());
    /// ```
    pub fn from_hgt_bytes(
        name: &str,
        bytes: &[u8],
        opts: &LoadOptions,
    ) -> Result<Tile, TerrainError> {
        let (lat, lon) = parse_tile_name(name).ok_or_else(|| TerrainError::BadTileName {
            name: name.to_string(),
        })?;
        let n = match bytes.len() {
            2_884_802 => 1201usize,
            25_934_402 => 3601usize,
            len => {
                return Err(TerrainError::BadHgtSize {
                    name: name.to_string(),
                    len,
                })
            }
        };
        let heights = hgt_to_heights(bytes);
        let d = 1.0 / (n - 1) as f64;
        let spec = GridSpec::new(lon as f64, (lat + 1) as f64, d, d, n, n);
        Tile::build(stem(name), spec, heights, None, opts, 0.0, true)
    }

    /// A tile read from a `.hgt` stream (see [`Tile::from_hgt_bytes`]).
    ///
    /// ```
    /// use hatang_core::terrain::{LoadOptions, Tile};
    /// let bytes = vec![0u8; 1201 * 1201 * 2];
    /// let t = Tile::read_hgt("N21E105.hgt", &bytes[..], &LoadOptions::default()).unwrap();
    /// assert_eq!(t.name(), "N21E105");
    /// ```
    pub fn read_hgt(
        name: &str,
        mut reader: impl Read,
        opts: &LoadOptions,
    ) -> Result<Tile, TerrainError> {
        let mut bytes = Vec::new();
        // One byte past the larger size is enough to refuse anything bigger.
        reader
            .by_ref()
            .take(25_934_403)
            .read_to_end(&mut bytes)
            .map_err(|source| TerrainError::Read {
                what: name.to_string(),
                source,
            })?;
        Tile::from_hgt_bytes(name, &bytes, opts)
    }

    /// Opens an elevation file by path, memory-mapping it: `.hgt`, or
    /// `.tif`/`.tiff` (GeoTIFF), chosen by extension.
    ///
    /// The file must not be modified while it loads (the map is read once,
    /// converted to `f32` heights, and dropped).
    ///
    /// ```no_run
    /// use hatang_core::terrain::{LoadOptions, Tile};
    /// let t = Tile::open("data/dem/N21E105.hgt", &LoadOptions::default())?;
    /// println!("{} voids filled", t.voids_filled());
    /// # Ok::<_, hatang_core::terrain::TerrainError>(())
    /// ```
    pub fn open(path: impl AsRef<Path>, opts: &LoadOptions) -> Result<Tile, TerrainError> {
        let path = path.as_ref();
        let io = |source| TerrainError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes: &[u8];
        let map;
        if len == 0 {
            bytes = &[];
        } else {
            // SAFETY: the map is only read, here, while the file is open;
            // the caller is told not to modify the file while it loads. A
            // concurrent truncation would at worst fault the process; it
            // cannot make safe code observe an invalid value of a type with
            // invalid bit patterns (the bytes are copied out as u8).
            map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
            bytes = &map[..];
        }
        match kind_of(path) {
            Some(FileKind::Hgt) => Tile::from_hgt_bytes(&name, bytes, opts),
            Some(FileKind::Tiff) => Tile::from_geotiff_bytes(&name, bytes, opts),
            None => Err(TerrainError::GeoTiff {
                name,
                reason: "unknown extension: expected .hgt, .tif or .tiff".into(),
            }),
        }
    }
}

/// Samples converted per rayon task by [`hgt_to_heights`].
const HGT_CHUNK: usize = 1 << 16;

/// Big-endian `i16` samples to `f32` metres, voids (−32768) to NaN, in
/// parallel chunks whose loop is branch-free so that it vectorizes. A
/// trailing odd byte is ignored.
pub(crate) fn hgt_to_heights(bytes: &[u8]) -> Vec<f32> {
    let (pairs, _) = bytes.as_chunks::<2>();
    let mut heights = vec![0f32; pairs.len()];
    heights
        .par_chunks_mut(HGT_CHUNK)
        .zip(pairs.par_chunks(HGT_CHUNK))
        .for_each(|(out, src)| {
            for (h, p) in out.iter_mut().zip(src) {
                let v = i16::from_be_bytes(*p);
                *h = if v == HGT_VOID {
                    f32::NAN
                } else {
                    f32::from(v)
                };
            }
        });
    heights
}

/// The kinds of elevation files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Hgt,
    Tiff,
}

pub(crate) fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "hgt" => Some(FileKind::Hgt),
        "tif" | "tiff" => Some(FileKind::Tiff),
        _ => None,
    }
}

/// The file name without directories and without its extensions.
pub(crate) fn stem(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.split('.').next().unwrap_or(file).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terrain::VoidPolicy;

    #[test]
    fn names() {
        assert_eq!(parse_tile_name("N21E105"), Some((21, 105)));
        assert_eq!(parse_tile_name("dir/N00W180.hgt"), Some((0, -180)));
        assert_eq!(parse_tile_name("N21E105.SRTMGL1.hgt"), Some((21, 105)));
        assert_eq!(parse_tile_name("N21E105x.hgt"), None);
        assert_eq!(parse_tile_name("N2aE105.hgt"), None);
        assert_eq!(parse_tile_name("N90E105.hgt"), None);
        assert_eq!(parse_tile_name("N21E180.hgt"), None);
        assert_eq!(parse_tile_name("Ñ"), None);
        assert_eq!(stem("a/b/N21E105.SRTMGL1.hgt"), "N21E105");
    }

    #[test]
    fn parallel_conversion_gives_the_scans_voids() {
        // A synthetic SRTM3 tile with voids scattered over several chunks,
        // at the ends, and next to the extreme values.
        let n = 1201usize;
        let mut bytes = Vec::with_capacity(n * n * 2);
        let mut expected_voids = 0;
        for i in 0..n * n {
            let h: i16 = if i % 9973 == 0 || i == n * n - 1 || (70_000..70_010).contains(&i) {
                expected_voids += 1;
                HGT_VOID
            } else if i % 1000 == 1 {
                i16::MIN + 1
            } else if i % 1000 == 2 {
                i16::MAX
            } else {
                (i % 3000) as i16 - 500
            };
            bytes.extend_from_slice(&h.to_be_bytes());
        }
        let heights = hgt_to_heights(&bytes);
        assert_eq!(
            heights.iter().filter(|h| h.is_nan()).count(),
            expected_voids
        );
        // The two-pass reference: convert, then let Tile::build scan.
        let reference: Vec<f32> = bytes
            .chunks_exact(2)
            .map(|c| match i16::from_be_bytes([c[0], c[1]]) {
                HGT_VOID => f32::NAN,
                h => h as f32,
            })
            .collect();
        assert!(heights
            .iter()
            .zip(&reference)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        let spec = GridSpec::new(105.0, 22.0, 1.0 / 1200.0, 1.0 / 1200.0, n, n);
        for policy in [VoidPolicy::Fill, VoidPolicy::Keep] {
            let opts = LoadOptions {
                void_policy: policy,
                ..LoadOptions::default()
            };
            let t = Tile::from_hgt_bytes("N21E105.hgt", &bytes, &opts).unwrap();
            let r = Tile::build(
                "N21E105".into(),
                spec,
                reference.clone(),
                None,
                &opts,
                0.0,
                true,
            )
            .unwrap();
            assert_eq!(t.voids_found(), expected_voids);
            assert_eq!(t.voids_found(), r.voids_found());
            assert_eq!(t.voids_filled(), r.voids_filled());
            assert!(t
                .heights()
                .iter()
                .zip(r.heights())
                .all(|(a, b)| a.to_bits() == b.to_bits()));
        }
    }

    #[test]
    fn srtm1_geometry_and_voids() {
        let n = 3601usize;
        let mut bytes = vec![0u8; n * n * 2];
        // Sample (row 1, col 1) = 7 m; (row 0, col 0) is a void.
        bytes[(n + 1) * 2..(n + 1) * 2 + 2].copy_from_slice(&7i16.to_be_bytes());
        bytes[0..2].copy_from_slice(&HGT_VOID.to_be_bytes());
        let t = Tile::from_hgt_bytes("S01W001.hgt", &bytes, &LoadOptions::default()).unwrap();
        assert_eq!(t.spec().ncols, 3601);
        assert_eq!(t.voids_filled(), 1);
        // The void's neighbours: 0, 0, 7 → 7/3, rounded to 2 m.
        assert_eq!(t.sample(0, 0), Some(2.0));
        use crate::geo::LatLon;
        use crate::terrain::Elevation;
        // Row 1, col 1 is 1″ south and east of the NW corner (0 N, 1 W).
        let p = LatLon::new(-1.0 / 3600.0, -1.0 + 1.0 / 3600.0);
        assert!((t.elevation(p).unwrap() - 7.0).abs() < 1e-9);
    }
}
