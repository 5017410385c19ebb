//! PNG rendering of rasters and legends.

use crate::color::{ColorRamp, Rgba};
use crate::error::{RasterError, Result};
use crate::font;
use crate::raster::Raster;

/// The RGBA8 pixels (row-major, top row first, 4 bytes a pixel) of
/// `raster` coloured with `ramp`; no data and values below the lowest stop
/// are transparent.
pub fn render_rgba(raster: &Raster, ramp: &ColorRamp) -> Vec<u8> {
    raster
        .data()
        .iter()
        .flat_map(|&v| ramp.color_for(v).to_array())
        .collect()
}

/// `raster` coloured with `ramp`, as a PNG (8-bit RGBA, one image pixel per
/// raster pixel); no data and values below the lowest stop are transparent.
///
/// ```
/// use hatang_raster::{render_png, ColorRamp, GeoGrid, Raster};
/// let grid = GeoGrid::around(21.3, 105.4, 500.0, 50.0)?;
/// let r = Raster::from_fn(grid, |c, _| -70.0 - 5.0 * c as f32);
/// let png = render_png(&r, &ColorRamp::rsrp())?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::TooLarge`] if the raster is wider or taller than PNG
/// allows (2³¹ − 1 pixels).
pub fn render_png(raster: &Raster, ramp: &ColorRamp) -> Result<Vec<u8>> {
    let g = raster.grid();
    encode_png_rgba(g.width(), g.height(), &render_rgba(raster, ramp))
}

/// Encodes RGBA8 pixels (row-major, top row first) as a PNG.
///
/// # Errors
/// [`RasterError::DataLength`] if `rgba.len() != width × height × 4`,
/// [`RasterError::TooLarge`] if a side exceeds 2³¹ − 1 pixels,
/// [`RasterError::PngEncode`] if the encoder fails otherwise.
pub fn encode_png_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<u8>> {
    const MAX_SIDE: usize = (1 << 31) - 1;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(RasterError::TooLarge(format!(
            "a PNG of {width}×{height} pixels"
        )));
    }
    if Some(rgba.len()) != width.checked_mul(height).and_then(|n| n.checked_mul(4)) {
        return Err(RasterError::DataLength {
            width,
            height,
            expected: width.saturating_mul(height).saturating_mul(4),
            actual: rgba.len(),
        });
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width as u32, height as u32);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Balanced);
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgba)?;
    writer.finish()?;
    Ok(out)
}

/// A small RGBA drawing surface.
pub(crate) struct Canvas {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) pixels: Vec<u8>,
}

impl Canvas {
    pub(crate) fn new(width: usize, height: usize, fill: Rgba) -> Canvas {
        Canvas {
            width,
            height,
            pixels: fill.to_array().repeat(width * height),
        }
    }

    pub(crate) fn fill_rect(&mut self, x: usize, y: usize, w: usize, h: usize, c: Rgba) {
        for yy in y..(y + h).min(self.height) {
            for xx in x..(x + w).min(self.width) {
                let i = (yy * self.width + xx) * 4;
                self.pixels[i..i + 4].copy_from_slice(&c.to_array());
            }
        }
    }

    /// Outline of a rectangle, one pixel wide.
    pub(crate) fn stroke_rect(&mut self, x: usize, y: usize, w: usize, h: usize, c: Rgba) {
        if w == 0 || h == 0 {
            return;
        }
        self.fill_rect(x, y, w, 1, c);
        self.fill_rect(x, y + h - 1, w, 1, c);
        self.fill_rect(x, y, 1, h, c);
        self.fill_rect(x + w - 1, y, 1, h, c);
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), each font pixel
    /// `scale` × `scale` image pixels.
    pub(crate) fn draw_text(&mut self, x: usize, y: usize, text: &str, scale: usize, c: Rgba) {
        for (i, ch) in text.chars().enumerate() {
            let gx = x + i * font::ADVANCE * scale;
            for (row, bits) in font::glyph(ch).into_iter().enumerate() {
                for col in 0..font::GLYPH_W {
                    if bits & (0x10 >> col) != 0 {
                        self.fill_rect(gx + col * scale, y + row * scale, scale, scale, c);
                    }
                }
            }
        }
    }

    pub(crate) fn encode(&self) -> Result<Vec<u8>> {
        encode_png_rgba(self.width, self.height, &self.pixels)
    }
}

/// Text of the legend row of a stop: `"≥ -80 dBm excellent"`.
fn stop_text(threshold: f32, unit: &str, label: &str) -> String {
    let mut s = format!("≥ {threshold}");
    for part in [unit, label] {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(part);
        }
    }
    s
}

/// A legend for `ramp` as a PNG: `title` on top, then one row per stop
/// with a box of its colour and the text `≥ threshold unit label`
/// (e.g. `≥ -80 dBm excellent`), on a light, slightly transparent
/// background. Text is drawn with a built-in 5×7 pixel font at twice its
/// size (ASCII; Vietnamese letters lose their diacritics).
///
/// ```
/// use hatang_raster::{legend_png, ColorRamp};
/// let png = legend_png(&ColorRamp::rsrp(), "RSRP (dBm)")?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::PngEncode`] if the encoder fails.
pub fn legend_png(ramp: &ColorRamp, title: &str) -> Result<Vec<u8>> {
    legend_canvas(ramp, title).encode()
}

pub(crate) fn legend_canvas(ramp: &ColorRamp, title: &str) -> Canvas {
    const SCALE: usize = 2;
    const PAD: usize = 8;
    const BOX_W: usize = 28;
    const BOX_H: usize = 16;
    const GAP: usize = 8;
    const ROW_H: usize = 22;
    let text_h = font::GLYPH_H * SCALE;
    let rows: Vec<String> = ramp
        .stops()
        .iter()
        .map(|s| stop_text(s.threshold, ramp.unit(), &s.label))
        .collect();
    let title_w = font::text_width(title) * SCALE;
    let rows_w = rows
        .iter()
        .map(|r| BOX_W + GAP + font::text_width(r) * SCALE)
        .max()
        .unwrap_or(0);
    let title_h = if title.is_empty() { 0 } else { text_h + PAD };
    let width = PAD + title_w.max(rows_w) + PAD;
    let height = PAD + title_h + rows.len() * ROW_H + PAD - (ROW_H - BOX_H);

    let ink = Rgba::rgb(0x20, 0x20, 0x20);
    let mut c = Canvas::new(width, height, Rgba::new(255, 255, 255, 230));
    c.stroke_rect(0, 0, width, height, Rgba::rgb(0x80, 0x80, 0x80));
    if !title.is_empty() {
        c.draw_text(PAD, PAD, title, SCALE, ink);
    }
    for (i, (stop, text)) in ramp.stops().iter().zip(&rows).enumerate() {
        let y = PAD + title_h + i * ROW_H;
        c.fill_rect(PAD, y, BOX_W, BOX_H, stop.color);
        c.stroke_rect(PAD, y, BOX_W, BOX_H, ink);
        c.draw_text(
            PAD + BOX_W + GAP,
            y + (BOX_H - text_h) / 2,
            text,
            SCALE,
            ink,
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GeoGrid;

    #[test]
    fn stop_text_format() {
        assert_eq!(stop_text(-80.0, "dBm", "excellent"), "≥ -80 dBm excellent");
        assert_eq!(stop_text(-80.5, "", ""), "≥ -80.5");
    }

    #[test]
    fn rgba_follows_ramp() {
        let g = GeoGrid::new(0.0, 1.0, 0.5, 0.5, 2, 2).unwrap();
        let r = Raster::from_vec(g, vec![-70.0, f32::NAN, -120.0, -110.0]).unwrap();
        let ramp = ColorRamp::rsrp();
        let px = render_rgba(&r, &ramp);
        assert_eq!(&px[0..4], &ramp.stops()[0].color.to_array());
        assert_eq!(&px[4..8], &[0, 0, 0, 0]);
        assert_eq!(&px[8..12], &[0, 0, 0, 0]);
        assert_eq!(&px[12..16], &ramp.stops()[3].color.to_array());
    }

    #[test]
    fn legend_has_boxes_and_text() {
        let ramp = ColorRamp::rsrp();
        let c = legend_canvas(&ramp, "RSRP (dBm)");
        assert!(c.width > 150 && c.height > 4 * 22);
        for stop in ramp.stops() {
            let n = c
                .pixels
                .chunks_exact(4)
                .filter(|p| *p == stop.color.to_array())
                .count();
            assert!(n >= 26 * 14, "box of {} has {n} pixels", stop.threshold);
        }
        let ink = c
            .pixels
            .chunks_exact(4)
            .filter(|p| *p == [0x20, 0x20, 0x20, 255])
            .count();
        assert!(ink > 500);
        assert!(encode_png_rgba(2, 2, &[0; 15]).is_err());
    }
}
