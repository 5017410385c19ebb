//! GeoTIFF elevation models through the pure-Rust `tiff` crate (no GDAL).

use super::hgt::stem;
use super::{GridSpec, LoadOptions, TerrainError, Tile};
use std::io::{Cursor, Read, Seek};
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::ColorType;

/// GeoKey ids (GeoTIFF 1.0 §6.2).
const GT_MODEL_TYPE: u16 = 1024;
const GT_RASTER_TYPE: u16 = 1025;
const MODEL_TYPE_PROJECTED: u16 = 1;
const MODEL_TYPE_GEOCENTRIC: u16 = 3;
const RASTER_PIXEL_IS_POINT: u16 = 2;

impl Tile {
    /// A tile from the bytes of a single-band GeoTIFF in geographic
    /// coordinates (degrees, north up): Int16, Float32 (also UInt16, Int32,
    /// Float64) samples, georeferenced by ModelTiepoint + ModelPixelScale.
    ///
    /// * Sample positions follow `GTRasterTypeGeoKey`: `PixelIsArea` (the
    ///   default) puts samples at pixel centres and the tile answers up to
    ///   the outer pixel edges (lookups in that outer half pixel clamp to the
    ///   edge samples); `PixelIsPoint` puts them on the tiepoint grid itself.
    /// * Voids: the `GDAL_NODATA` value, NaN, for Int16 also −32768, and any
    ///   value beyond ±20 000 m.
    /// * Refused: projected or geocentric models, rotated
    ///   (ModelTransformation-only) rasters, south-up rasters, several bands.
    ///
    /// ```
    /// use hatang_core::terrain::{LoadOptions, Tile};
    /// let e = Tile::from_geotiff_bytes("x.tif", b"II*\0garbage", &LoadOptions::default()).unwrap_err();
    /// assert!(e.to_string().starts_with("x.tif: "));
    /// ```
    pub fn from_geotiff_bytes(
        name: &str,
        bytes: &[u8],
        opts: &LoadOptions,
    ) -> Result<Tile, TerrainError> {
        Tile::read_geotiff(name, Cursor::new(bytes), opts)
    }

    /// A tile read from a GeoTIFF stream (see [`Tile::from_geotiff_bytes`]).
    ///
    /// ```
    /// use hatang_core::terrain::{LoadOptions, Tile};
    /// let r = std::io::Cursor::new(vec![0u8; 16]);
    /// assert!(Tile::read_geotiff("x.tif", r, &LoadOptions::default()).is_err());
    /// ```
    pub fn read_geotiff<R: Read + Seek>(
        name: &str,
        reader: R,
        opts: &LoadOptions,
    ) -> Result<Tile, TerrainError> {
        let err = |reason: String| TerrainError::GeoTiff {
            name: name.to_string(),
            reason,
        };
        let terr = |e: tiff::TiffError| err(format!("not a readable TIFF: {e}"));
        let mut limits = Limits::default();
        limits.decoding_buffer_size = opts.max_cells.saturating_mul(8).max(1 << 16);
        limits.intermediate_buffer_size = limits.decoding_buffer_size;
        let mut dec = Decoder::new(reader).map_err(terr)?.with_limits(limits);
        let (w, h) = dec.dimensions().map_err(terr)?;
        let (ncols, nrows) = (w as usize, h as usize);
        if ncols.saturating_mul(nrows) > opts.max_cells {
            return Err(err(format!(
                "{ncols}×{nrows} samples exceed the limit of {}",
                opts.max_cells
            )));
        }
        match dec.colortype().map_err(terr)? {
            ColorType::Gray(_) => {}
            other => {
                return Err(err(format!(
                    "{other:?}: an elevation model has one band of grey values"
                )))
            }
        }
        let f64s = |dec: &mut Decoder<R>, tag: Tag| -> Result<Option<Vec<f64>>, TerrainError> {
            match dec.find_tag(tag).map_err(terr)? {
                None => Ok(None),
                Some(v) => v
                    .into_f64_vec()
                    .map(Some)
                    .map_err(|e| err(format!("{tag:?}: {e}"))),
            }
        };
        let scale = f64s(&mut dec, Tag::ModelPixelScaleTag)?;
        let tie = f64s(&mut dec, Tag::ModelTiepointTag)?;
        let (scale, tie) = match (scale, tie) {
            (Some(s), Some(t)) if s.len() >= 2 && t.len() >= 6 => (s, t),
            (Some(_), Some(_)) => {
                return Err(err("ModelPixelScale or ModelTiepoint is too short".into()))
            }
            _ => {
                return Err(err(
                    "no ModelTiepoint + ModelPixelScale georeferencing (rotated or \
                     ModelTransformation rasters are not supported; warp to EPSG:4326 first)"
                        .into(),
                ))
            }
        };
        let geokeys = match dec.find_tag(Tag::GeoKeyDirectoryTag).map_err(terr)? {
            Some(v) => v
                .into_u16_vec()
                .map_err(|e| err(format!("GeoKeyDirectory: {e}")))?,
            None => Vec::new(),
        };
        let model_type = geokey(&geokeys, GT_MODEL_TYPE);
        if matches!(
            model_type,
            Some(MODEL_TYPE_PROJECTED | MODEL_TYPE_GEOCENTRIC)
        ) {
            return Err(err(
                "projected coordinates: only geographic (latitude/longitude) rasters are \
                 supported; warp to EPSG:4326 first"
                    .into(),
            ));
        }
        let pixel_is_point = geokey(&geokeys, GT_RASTER_TYPE) == Some(RASTER_PIXEL_IS_POINT);
        let nodata = match dec.find_tag(Tag::GdalNodata).map_err(terr)? {
            Some(v) => {
                let s = v
                    .into_string()
                    .map_err(|e| err(format!("GDAL_NODATA: {e}")))?;
                let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
                Some(
                    s.parse::<f64>()
                        .map_err(|_| err(format!("GDAL_NODATA '{s}' is not a number")))?,
                )
            }
            None => None,
        };
        let (i, j, x, y) = (tie[0], tie[1], tie[3], tie[4]);
        let (sx, sy) = (scale[0], scale[1]);
        if !(sx.is_finite() && sy.is_finite() && sx > 0.0) {
            return Err(err(format!("pixel scale {sx} × {sy} is not usable")));
        }
        if sy <= 0.0 {
            return Err(err(format!(
                "pixel scale {sy} in y: south-up rasters are not supported"
            )));
        }
        // Raster (column, row) position of sample (0, 0).
        let c0 = if pixel_is_point { 0.0 } else { 0.5 };
        let spec = GridSpec::new(x + (c0 - i) * sx, y - (c0 - j) * sy, sx, sy, ncols, nrows);
        // Check the geometry before decoding (cheap refusal of nonsense).
        spec.check(name, opts.max_cells)?;
        let data = dec.read_image().map_err(terr)?;
        let whole_metres = matches!(
            data,
            DecodingResult::I16(_) | DecodingResult::U16(_) | DecodingResult::I32(_)
        );
        let mut heights: Vec<f32> = match data {
            DecodingResult::I16(v) => v
                .into_iter()
                .map(|h| if h == i16::MIN { f32::NAN } else { h as f32 })
                .collect(),
            DecodingResult::U16(v) => v.into_iter().map(|h| h as f32).collect(),
            DecodingResult::I32(v) => v.into_iter().map(|h| h as f32).collect(),
            DecodingResult::F32(v) => v,
            DecodingResult::F64(v) => v.into_iter().map(|h| h as f32).collect(),
            _ => {
                return Err(err(
                    "sample type not supported (Int16, UInt16, Int32, Float32, Float64)".into(),
                ))
            }
        };
        if heights.len() != ncols * nrows {
            return Err(err(format!(
                "{} samples decoded for {ncols}×{nrows}",
                heights.len()
            )));
        }
        // Values far beyond any terrain are voids whatever the tag says.
        for h in heights.iter_mut() {
            if h.abs() > 20_000.0 {
                *h = f32::NAN;
            }
        }
        let margin = if pixel_is_point { 0.0 } else { 0.5 };
        Tile::build(
            stem(name),
            spec,
            heights,
            nodata.map(|v| v as f32),
            opts,
            margin,
            whole_metres,
        )
    }
}

/// The inline value of a GeoKey, if present.
fn geokey(dir: &[u16], key: u16) -> Option<u16> {
    let n = *dir.get(3)? as usize;
    dir.get(4..)?
        .chunks_exact(4)
        .take(n)
        .find(|e| e[0] == key && e[1] == 0)
        .map(|e| e[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geokeys() {
        let dir = [1, 1, 0, 2, 1024, 0, 1, 2, 1025, 0, 1, 2];
        assert_eq!(geokey(&dir, 1024), Some(2));
        assert_eq!(geokey(&dir, 1025), Some(2));
        assert_eq!(geokey(&dir, 2048), None);
        assert_eq!(geokey(&[1, 1, 0, 9, 1024], 1024), None);
    }
}
