//! Tiled, DEFLATE-compressed Float32 GeoTIFF writer and a GeoTIFF reader.
//!
//! The writer produces a little-endian classic TIFF with one image file
//! directory: 256 × 256 tiles (edge tiles padded with [`NODATA_VALUE`]),
//! compression 8 (Adobe DEFLATE, i.e. zlib streams), optionally the
//! floating-point horizontal predictor (3), and the GeoTIFF tags for EPSG:4326
//! with `PixelIsArea`:
//!
//! | tag | value |
//! |---|---|
//! | ModelPixelScaleTag (33550) | `dx, dy, 0` |
//! | ModelTiepointTag (33922) | raster `(0, 0, 0)` → `(west, north, 0)` |
//! | GeoKeyDirectoryTag (34735) | GTModelTypeGeoKey = 2 (geographic), GTRasterTypeGeoKey = 1 (PixelIsArea), GeographicTypeGeoKey = 4326 |
//! | GDAL_NODATA (42113) | ASCII `"-9999"` |
//!
//! No-data pixels (`NaN`) are written as −9999; the reader turns the file's
//! `GDAL_NODATA` value back into `NaN` (so any value equal to −9999 in a
//! raster also reads back as no data, and every no-data pixel reads back as
//! [`f32::NAN`]).

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use flate2::write::ZlibEncoder;
use rayon::prelude::*;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::ColorType;

use crate::error::{RasterError, Result};
use crate::grid::GeoGrid;
use crate::raster::{Raster, NODATA_VALUE};

/// Width and height of the internal tiles, in pixels.
pub const TILE_SIZE: usize = 256;

/// The largest decoded image [`read_geotiff`] accepts, in bytes (1 GiB,
/// i.e. about 16 384 × 16 384 Float32 pixels).
pub const MAX_DECODED_BYTES: usize = 1 << 30;

/// The TIFF predictor applied before compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Predictor {
    /// No predictor (TIFF `Predictor = 1`).
    None,
    /// Horizontal floating-point predictor (TIFF `Predictor = 3`): bytes
    /// of each row are split into planes and differenced, which usually
    /// compresses smooth rasters much better.
    #[default]
    FloatingPoint,
}

/// Options of [`write_geotiff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeoTiffOptions {
    /// Predictor; default [`Predictor::FloatingPoint`].
    pub predictor: Predictor,
    /// DEFLATE level 0 (stored) ..= 9 (best); default 6. Values above 9
    /// are treated as 9.
    pub level: u32,
}

impl Default for GeoTiffOptions {
    fn default() -> Self {
        GeoTiffOptions {
            predictor: Predictor::FloatingPoint,
            level: 6,
        }
    }
}

// TIFF field types.
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const DOUBLE: u16 = 12;

/// One IFD entry: tag, type, count and the value bytes (little-endian).
struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    bytes: Vec<u8>,
}

impl Entry {
    fn shorts(tag: u16, v: &[u16]) -> Entry {
        Entry {
            tag,
            typ: SHORT,
            count: v.len() as u32,
            bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn longs(tag: u16, v: &[u32]) -> Entry {
        Entry {
            tag,
            typ: LONG,
            count: v.len() as u32,
            bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn doubles(tag: u16, v: &[f64]) -> Entry {
        Entry {
            tag,
            typ: DOUBLE,
            count: v.len() as u32,
            bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn ascii(tag: u16, s: &str) -> Entry {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        Entry {
            tag,
            typ: ASCII,
            count: bytes.len() as u32,
            bytes,
        }
    }
}

/// Bytes of one uncompressed tile.
const TILE_BYTES: usize = TILE_SIZE * TILE_SIZE * 4;

/// The uncompressed tile buffer, reused from tile to tile.
struct TileEncoder {
    raw: Vec<u8>,
}

impl TileEncoder {
    fn new() -> TileEncoder {
        TileEncoder {
            raw: vec![0u8; TILE_BYTES],
        }
    }

    /// Encodes one tile: pads, applies the predictor, compresses.
    fn encode(
        &mut self,
        raster: &Raster,
        tile_col: usize,
        tile_row: usize,
        options: &GeoTiffOptions,
    ) -> std::io::Result<Vec<u8>> {
        let grid = raster.grid();
        let data = raster.data();
        let nodata = NODATA_VALUE.to_bits();
        let mut bits = [nodata; TILE_SIZE];
        let c0 = tile_col * TILE_SIZE;
        let c1 = (c0 + TILE_SIZE).min(grid.width());
        for (r, out) in self.raw.chunks_exact_mut(TILE_SIZE * 4).enumerate() {
            let row = tile_row * TILE_SIZE + r;
            if row < grid.height() {
                let src = &data[grid.index(c0, row)..grid.index(c1, row)];
                for (dst, &v) in bits.iter_mut().zip(src) {
                    *dst = if v.is_nan() { nodata } else { v.to_bits() };
                }
                bits[src.len()..].fill(nodata);
            } else {
                bits.fill(nodata);
            }
            let out: &mut [u8; TILE_SIZE * 4] = out.try_into().expect("row of a tile");
            prepare_row(&bits, out, options.predictor);
        }
        let mut enc = ZlibEncoder::new(
            Vec::with_capacity(TILE_BYTES / 4),
            flate2::Compression::new(options.level.min(9)),
        );
        enc.write_all(&self.raw)?;
        enc.finish()
    }
}

/// Whether any pixel of the tile is data: neither `NaN` nor
/// [`NODATA_VALUE`] (both are stored as [`NODATA_VALUE`], like the padding,
/// so every tile without data has the same bytes).
fn tile_has_data(raster: &Raster, tile_col: usize, tile_row: usize) -> bool {
    let grid = raster.grid();
    let data = raster.data();
    let c0 = tile_col * TILE_SIZE;
    let c1 = (c0 + TILE_SIZE).min(grid.width());
    let r0 = tile_row * TILE_SIZE;
    (r0..(r0 + TILE_SIZE).min(grid.height())).any(|row| {
        data[grid.index(c0, row)..grid.index(c1, row)]
            .iter()
            .fold(false, |any, &v| any | !(v.is_nan() | (v == NODATA_VALUE)))
    })
}

/// One row of a tile as stored before compression: the little-endian
/// samples, or for [`Predictor::FloatingPoint`] the byte planes (most
/// significant byte first) differenced over the whole row of bytes.
/// Written as one loop per plane over `u32` bits so that it vectorizes.
#[inline]
fn prepare_row(bits: &[u32; TILE_SIZE], out: &mut [u8; TILE_SIZE * 4], predictor: Predictor) {
    match predictor {
        Predictor::None => {
            for (o, v) in out.chunks_exact_mut(4).zip(bits) {
                o.copy_from_slice(&v.to_le_bytes());
            }
        }
        Predictor::FloatingPoint => {
            // Byte `b` (0 = most significant) of pixel `i` goes to
            // `b * TILE_SIZE + i`; each byte then has the byte before it
            // in that order subtracted: the previous pixel's byte of the
            // same plane, or for the first pixel of a plane the last
            // pixel's byte of the plane before (nothing for plane 0).
            for (b, plane) in out.chunks_exact_mut(TILE_SIZE).enumerate() {
                let shift = 24 - 8 * b as u32;
                let before = if b == 0 {
                    0
                } else {
                    (bits[TILE_SIZE - 1] >> (shift + 8)) as u8
                };
                plane[0] = ((bits[0] >> shift) as u8).wrapping_sub(before);
                for ((o, &cur), &prev) in plane[1..].iter_mut().zip(&bits[1..]).zip(&bits[..]) {
                    *o = ((cur >> shift) as u8).wrapping_sub((prev >> shift) as u8);
                }
            }
        }
    }
}

/// Encodes one tile with fresh state (see [`TileEncoder::encode`]).
#[cfg(test)]
fn encode_tile(
    raster: &Raster,
    tile_col: usize,
    tile_row: usize,
    options: &GeoTiffOptions,
) -> std::io::Result<Vec<u8>> {
    TileEncoder::new().encode(raster, tile_col, tile_row, options)
}

/// Writes `raster` as a tiled Float32 GeoTIFF (see the [module
/// documentation](self) for the layout).
///
/// Tiles are compressed in parallel (rayon); the file is then written
/// front to back, so `w` need not be seekable. `w` is not flushed beyond
/// what `write_all` does; wrap files in a `BufWriter`.
///
/// ```
/// use hatang_raster::{read_geotiff, write_geotiff, GeoGrid, GeoTiffOptions, Raster};
/// let grid = GeoGrid::around(21.3, 105.4, 1_000.0, 50.0)?;
/// let r = Raster::from_fn(grid, |c, row| if c == row { f32::NAN } else { -60.0 - c as f32 });
/// let mut tif = Vec::new();
/// write_geotiff(&mut tif, &r, &GeoTiffOptions::default())?;
/// let back = read_geotiff(std::io::Cursor::new(tif))?;
/// assert_eq!(back.grid(), r.grid());
/// assert!(back.data().iter().zip(r.data()).all(|(a, b)| a.to_bits() == b.to_bits()));
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::TooLarge`] if the file would exceed 4 GiB (classic TIFF),
/// [`RasterError::Io`] if writing fails.
pub fn write_geotiff<W: Write>(mut w: W, raster: &Raster, options: &GeoTiffOptions) -> Result<()> {
    let grid = raster.grid();
    let tiles_across = grid.width().div_ceil(TILE_SIZE);
    let tiles_down = grid.height().div_ceil(TILE_SIZE);
    let n_tiles = tiles_across * tiles_down;
    let too_large = || RasterError::TooLarge("a classic TIFF is limited to 4 GiB".into());
    let (width, height) = match (u32::try_from(grid.width()), u32::try_from(grid.height())) {
        (Ok(w), Ok(h)) => (w, h),
        _ => return Err(too_large()),
    };
    // Tiles without data all have the same bytes before compression, so
    // the same stream: compressed once, then copied.
    let empty_tile = std::sync::OnceLock::new();
    let tiles: Vec<Vec<u8>> = (0..n_tiles)
        .into_par_iter()
        .map_init(TileEncoder::new, |enc, i| {
            let (col, row) = (i % tiles_across, i / tiles_across);
            if !tile_has_data(raster, col, row) {
                if let Some(bytes) = empty_tile.get() {
                    return Ok(Vec::clone(bytes));
                }
                let bytes = enc.encode(raster, col, row, options)?;
                return Ok(empty_tile.get_or_init(|| bytes).clone());
            }
            enc.encode(raster, col, row, options)
        })
        .collect::<std::io::Result<_>>()?;

    let predictor = match options.predictor {
        Predictor::None => 1,
        Predictor::FloatingPoint => 3,
    };
    let tile_counts: Vec<u32> = tiles
        .iter()
        .map(|t| u32::try_from(t.len()).map_err(|_| too_large()))
        .collect::<Result<_>>()?;
    let mut entries = vec![
        Entry::longs(256, &[width]),             // ImageWidth
        Entry::longs(257, &[height]),            // ImageLength
        Entry::shorts(258, &[32]),               // BitsPerSample
        Entry::shorts(259, &[8]),                // Compression: Adobe DEFLATE
        Entry::shorts(262, &[1]),                // Photometric: BlackIsZero
        Entry::shorts(277, &[1]),                // SamplesPerPixel
        Entry::shorts(284, &[1]),                // PlanarConfiguration: chunky
        Entry::shorts(317, &[predictor]),        // Predictor
        Entry::shorts(322, &[TILE_SIZE as u16]), // TileWidth
        Entry::shorts(323, &[TILE_SIZE as u16]), // TileLength
        Entry::longs(324, &vec![0; n_tiles]),    // TileOffsets (filled below)
        Entry::longs(325, &tile_counts),         // TileByteCounts
        Entry::shorts(339, &[3]),                // SampleFormat: IEEE float
        Entry::doubles(33550, &[grid.dx(), grid.dy(), 0.0]),
        Entry::doubles(33922, &[0.0, 0.0, 0.0, grid.west(), grid.north(), 0.0]),
        Entry::shorts(
            34735,
            &[
                1, 1, 0, 3, // version 1.1.0, 3 keys
                1024, 0, 1, 2, // GTModelTypeGeoKey = ModelTypeGeographic
                1025, 0, 1, 1, // GTRasterTypeGeoKey = RasterPixelIsArea
                2048, 0, 1, 4326, // GeographicTypeGeoKey = GCS_WGS_84
            ],
        ),
        Entry::ascii(42113, &format!("{NODATA_VALUE}")),
    ];
    debug_assert!(entries.windows(2).all(|p| p[0].tag < p[1].tag));

    // Layout: header, IFD, out-of-line values (4-byte aligned), tiles.
    let ifd_offset = 8u64;
    let ifd_len = 2 + 12 * entries.len() as u64 + 4;
    let mut value_offsets = Vec::with_capacity(entries.len());
    let mut pos = ifd_offset + ifd_len;
    for e in &entries {
        if e.bytes.len() > 4 {
            pos = pos.next_multiple_of(4);
            value_offsets.push(Some(pos));
            pos += e.bytes.len() as u64;
        } else {
            value_offsets.push(None);
        }
    }
    let mut offsets = Vec::with_capacity(n_tiles);
    for t in &tiles {
        offsets.push(u32::try_from(pos).map_err(|_| too_large())?);
        pos += t.len() as u64;
    }
    if pos > u64::from(u32::MAX) {
        return Err(too_large());
    }
    entries[10] = Entry::longs(324, &offsets);

    let mut head = Vec::with_capacity(pos.min(1 << 20) as usize);
    head.extend_from_slice(b"II");
    head.extend_from_slice(&42u16.to_le_bytes());
    head.extend_from_slice(&(ifd_offset as u32).to_le_bytes());
    head.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (e, off) in entries.iter().zip(&value_offsets) {
        head.extend_from_slice(&e.tag.to_le_bytes());
        head.extend_from_slice(&e.typ.to_le_bytes());
        head.extend_from_slice(&e.count.to_le_bytes());
        match off {
            Some(o) => head.extend_from_slice(&(*o as u32).to_le_bytes()),
            None => {
                let mut inline = [0u8; 4];
                inline[..e.bytes.len()].copy_from_slice(&e.bytes);
                head.extend_from_slice(&inline);
            }
        }
    }
    head.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    for (e, off) in entries.iter().zip(&value_offsets) {
        if let Some(o) = off {
            head.resize(*o as usize, 0);
            head.extend_from_slice(&e.bytes);
        }
    }
    w.write_all(&head)?;
    for t in &tiles {
        w.write_all(t)?;
    }
    Ok(())
}

/// [`write_geotiff`] into a new file at `path` (created or truncated).
///
/// # Errors
/// As [`write_geotiff`], plus [`RasterError::Io`] if the file cannot be
/// created.
pub fn write_geotiff_file(
    path: impl AsRef<Path>,
    raster: &Raster,
    options: &GeoTiffOptions,
) -> Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    write_geotiff(&mut w, raster, options)?;
    w.flush()?;
    Ok(())
}

/// Reads a single-band Float32 GeoTIFF in EPSG:4326 (tiled or stripped,
/// any compression the `tiff` crate decodes) into a [`Raster`].
///
/// The geometry comes from ModelPixelScaleTag and ModelTiepointTag
/// (`PixelIsPoint` files are shifted by half a pixel); the
/// GeoKeyDirectoryTag must say geographic EPSG:4326. Pixels equal to the
/// `GDAL_NODATA` value, if any, become `NaN`. Malformed input yields an
/// error, never a panic (as far as the `tiff` crate allows; panics inside
/// it are caught and reported as [`RasterError::TiffDecode`]).
///
/// # Errors
/// [`RasterError::TiffDecode`] or [`RasterError::Io`] for malformed or
/// truncated files, [`RasterError::Unsupported`] for TIFFs that are not
/// such a GeoTIFF, [`RasterError::InvalidGrid`] for impossible geometry.
pub fn read_geotiff<R: Read + Seek>(r: R) -> Result<Raster> {
    // The tiff crate is meant not to panic on bad input; this is a second
    // line of defence for a reader that may see files from anywhere.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_inner(r))) {
        Ok(result) => result,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(RasterError::TiffDecode(
                format!("TIFF decoder panicked: {msg}").into(),
            ))
        }
    }
}

/// [`read_geotiff`] from the file at `path`.
///
/// # Errors
/// As [`read_geotiff`], plus [`RasterError::Io`] if the file cannot be
/// opened.
pub fn read_geotiff_file(path: impl AsRef<Path>) -> Result<Raster> {
    read_geotiff(BufReader::new(File::open(path)?))
}

fn unsupported<T>(msg: impl Into<String>) -> Result<T> {
    Err(RasterError::Unsupported(msg.into()))
}

fn read_inner<R: Read + Seek>(r: R) -> Result<Raster> {
    let mut limits = Limits::default();
    limits.decoding_buffer_size = MAX_DECODED_BYTES;
    let mut dec = Decoder::new(r)?.with_limits(limits);
    let (width, height) = dec.dimensions()?;
    match dec.colortype()? {
        ColorType::Gray(32) => {}
        other => return unsupported(format!("colour type {other:?}, expected one Float32 band")),
    }
    let sample_format = dec
        .find_tag_unsigned::<u16>(Tag::SampleFormat)?
        .unwrap_or(1);
    if sample_format != 3 {
        return unsupported(format!(
            "sample format {sample_format}, expected 3 (IEEE float)"
        ));
    }

    // Geo-referencing.
    let Some(scale) = dec.find_tag(Tag::ModelPixelScaleTag)? else {
        return unsupported("no ModelPixelScaleTag (rotated or non-georeferenced TIFF)");
    };
    let scale = scale.into_f64_vec()?;
    let Some(tie) = dec.find_tag(Tag::ModelTiepointTag)? else {
        return unsupported("no ModelTiepointTag");
    };
    let tie = tie.into_f64_vec()?;
    if scale.len() < 2 || tie.len() < 6 {
        return unsupported("short ModelPixelScaleTag or ModelTiepointTag");
    }
    let Some(keys) = dec.find_tag(Tag::GeoKeyDirectoryTag)? else {
        return unsupported("no GeoKeyDirectoryTag");
    };
    let keys = keys.into_u16_vec()?;
    let geokey = |id: u16| -> Option<u16> {
        let n = usize::from(*keys.get(3)?);
        keys.get(4..)?
            .chunks_exact(4)
            .take(n)
            .find(|k| k[0] == id && k[1] == 0)
            .map(|k| k[3])
    };
    if let Some(model) = geokey(1024) {
        if model != 2 {
            return unsupported(format!(
                "GTModelTypeGeoKey {model}, expected 2 (geographic)"
            ));
        }
    }
    match geokey(2048) {
        Some(4326) => {}
        other => {
            return unsupported(format!(
                "GeographicTypeGeoKey {other:?}, expected 4326 (WGS 84)"
            ))
        }
    }
    let pixel_is_point = geokey(1025) == Some(2);
    let (dx, dy) = (scale[0], scale[1]);
    let half = if pixel_is_point { 0.5 } else { 0.0 };
    let west = tie[3] - (tie[0] + half) * dx;
    let north = tie[4] + (tie[1] + half) * dy;
    let grid = GeoGrid::new(west, north, dx, dy, width as usize, height as usize)?;

    let nodata = match dec.find_tag(Tag::GdalNodata)? {
        Some(v) => {
            let s = v.into_string()?;
            let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            match s.parse::<f64>() {
                Ok(v) => Some(v as f32),
                Err(_) => return unsupported(format!("GDAL_NODATA {s:?} is not a number")),
            }
        }
        None => None,
    };

    let mut data = match dec.read_image()? {
        DecodingResult::F32(v) => v,
        _ => return unsupported("pixel data is not Float32"),
    };
    if data.len() != grid.pixel_count() {
        return unsupported("decoded pixel count does not match the image size");
    }
    if let Some(nd) = nodata.filter(|v| !v.is_nan()) {
        for v in &mut data {
            if *v == nd {
                *v = f32::NAN;
            }
        }
    }
    Raster::from_vec(grid, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictor_matches_tiff_convention() {
        // A row whose values are all equal must difference to zeros after
        // the first byte of each plane boundary.
        let grid = GeoGrid::new(0.0, 1.0, 0.1, 0.1, 3, 1).unwrap();
        let r = Raster::filled(grid, 1.5);
        let opts = GeoTiffOptions {
            predictor: Predictor::FloatingPoint,
            level: 0,
        };
        let tile = encode_tile(&r, 0, 0, &opts).unwrap();
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&tile[..])
            .read_to_end(&mut raw)
            .unwrap();
        assert_eq!(raw.len(), TILE_SIZE * TILE_SIZE * 4);
        // Undo: cumulative sum then un-shuffle the first row.
        let mut row = raw[..TILE_SIZE * 4].to_vec();
        for k in 1..row.len() {
            row[k] = row[k].wrapping_add(row[k - 1]);
        }
        let v: Vec<f32> = (0..TILE_SIZE)
            .map(|i| {
                f32::from_be_bytes([
                    row[i],
                    row[TILE_SIZE + i],
                    row[2 * TILE_SIZE + i],
                    row[3 * TILE_SIZE + i],
                ])
            })
            .collect();
        assert_eq!(&v[..3], &[1.5, 1.5, 1.5]);
        assert!(v[3..].iter().all(|&x| x == NODATA_VALUE));
    }

    /// The encoder before it was reworked: scalar preparation, a fresh
    /// buffer and a fresh `ZlibEncoder` per tile. The reference the new
    /// code must match byte for byte.
    fn reference_tile(
        raster: &Raster,
        tile_col: usize,
        tile_row: usize,
        options: &GeoTiffOptions,
    ) -> Vec<u8> {
        let grid = raster.grid();
        let data = raster.data();
        let mut raw = vec![0u8; TILE_SIZE * TILE_SIZE * 4];
        let mut values = [NODATA_VALUE; TILE_SIZE];
        for (r, out) in raw.chunks_exact_mut(TILE_SIZE * 4).enumerate() {
            let row = tile_row * TILE_SIZE + r;
            values.fill(NODATA_VALUE);
            if row < grid.height() {
                let c0 = tile_col * TILE_SIZE;
                let c1 = (c0 + TILE_SIZE).min(grid.width());
                let src = &data[grid.index(c0, row)..grid.index(c1, row)];
                for (dst, &v) in values.iter_mut().zip(src) {
                    *dst = if v.is_nan() { NODATA_VALUE } else { v };
                }
            }
            match options.predictor {
                Predictor::None => {
                    for (o, v) in out.chunks_exact_mut(4).zip(&values) {
                        o.copy_from_slice(&v.to_le_bytes());
                    }
                }
                Predictor::FloatingPoint => {
                    for (i, v) in values.iter().enumerate() {
                        for (b, byte) in v.to_be_bytes().into_iter().enumerate() {
                            out[b * TILE_SIZE + i] = byte;
                        }
                    }
                    for k in (1..out.len()).rev() {
                        out[k] = out[k].wrapping_sub(out[k - 1]);
                    }
                }
            }
        }
        zlib_reference(&raw, options.level.min(9))
    }

    fn zlib_reference(raw: &[u8], level: u32) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(raw.len() / 4),
            flate2::Compression::new(level),
        );
        enc.write_all(raw).unwrap();
        enc.finish().unwrap()
    }

    /// Deterministic pseudo-random bytes.
    fn noise(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn tiles_match_the_reference_encoder() {
        // 600 × 300: interior, right-edge and bottom-edge tiles; NaNs,
        // -9999 values, smooth and noisy parts, and all-NaN tiles.
        let grid = GeoGrid::new(105.0, 21.0, 0.001, 0.001, 600, 300).unwrap();
        let bytes = noise(600 * 300, 11);
        let r = Raster::from_fn(grid, |c, row| {
            let i = row * 600 + c;
            if c >= 512 || (c + row) % 17 == 0 {
                f32::NAN
            } else if c == row {
                NODATA_VALUE
            } else if c < 200 {
                -60.0 - (c as f32) * 0.01 - row as f32 * 0.02
            } else {
                f32::from(bytes[i]) * 0.37 - 140.0
            }
        });
        for predictor in [Predictor::FloatingPoint, Predictor::None] {
            for level in [0, 1, 6, 9] {
                let options = GeoTiffOptions { predictor, level };
                let mut enc = TileEncoder::new();
                for tr in 0..2 {
                    for tc in 0..3 {
                        assert_eq!(
                            enc.encode(&r, tc, tr, &options).unwrap(),
                            reference_tile(&r, tc, tr, &options),
                            "{predictor:?} level {level} tile {tc},{tr}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn tiles_without_data_reuse_one_stream() {
        // 700 × 600 = 3 × 3 tiles; data only in the middle tile, NaN and
        // -9999 elsewhere, so 8 tiles (interior, edge and corner) without data.
        let grid = GeoGrid::new(105.0, 21.0, 0.001, 0.001, 700, 600).unwrap();
        let r = Raster::from_fn(grid, |c, row| {
            if (256..512).contains(&c) && (256..512).contains(&row) {
                -70.0 - (c + row) as f32 * 0.01
            } else if (c * 7 + row) % 5 == 0 {
                NODATA_VALUE
            } else {
                f32::NAN
            }
        });
        assert!(tile_has_data(&r, 1, 1));
        assert!(!tile_has_data(&r, 0, 0) && !tile_has_data(&r, 2, 2));
        for predictor in [Predictor::FloatingPoint, Predictor::None] {
            let options = GeoTiffOptions {
                predictor,
                level: 1,
            };
            let mut tif = Vec::new();
            write_geotiff(&mut tif, &r, &options).unwrap();
            // Every tile as the reference encoder compresses it, in order,
            // after the header and values.
            let tiles: Vec<u8> = (0..9)
                .flat_map(|i| reference_tile(&r, i % 3, i / 3, &options))
                .collect();
            assert!(tif.ends_with(&tiles), "{predictor:?}");
            let back = read_geotiff(std::io::Cursor::new(tif)).unwrap();
            assert!(back
                .data()
                .iter()
                .zip(r.data())
                .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && *b == NODATA_VALUE)));
        }
    }

    #[test]
    fn header_and_sorted_tags() {
        let grid = GeoGrid::new(105.0, 21.0, 0.001, 0.001, 300, 10).unwrap();
        let mut buf = Vec::new();
        write_geotiff(&mut buf, &Raster::new(grid), &GeoTiffOptions::default()).unwrap();
        assert_eq!(&buf[..8], b"II\x2a\x00\x08\x00\x00\x00");
        let n = u16::from_le_bytes([buf[8], buf[9]]) as usize;
        let tags: Vec<u16> = (0..n)
            .map(|i| u16::from_le_bytes([buf[10 + 12 * i], buf[11 + 12 * i]]))
            .collect();
        assert!(tags.windows(2).all(|p| p[0] < p[1]), "{tags:?}");
        assert!(tags.contains(&322) && tags.contains(&42113));
    }
}
