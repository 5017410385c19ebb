//! Colour ramps that map raster values (e.g. RSRP in dBm) to RGBA colours.

use crate::error::{RasterError, Result};

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha; 0 is fully transparent, 255 opaque.
    pub a: u8,
}

impl Rgba {
    /// Fully transparent black.
    pub const TRANSPARENT: Rgba = Rgba::new(0, 0, 0, 0);

    /// A colour from its four components.
    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Self {
        Rgba { r, g, b, a }
    }

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Rgba { r, g, b, a: 255 }
    }

    /// The four bytes `[r, g, b, a]`.
    pub const fn to_array(self) -> [u8; 4] {
        [self.r, self.g, self.b, self.a]
    }
}

/// One class of a [`ColorRamp`]: values `>= threshold` (and below the next
/// higher stop) get `color`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColorStop {
    /// Lower bound of the class (inclusive), in the ramp's unit.
    pub threshold: f32,
    /// Colour of the class.
    pub color: Rgba,
    /// Short description shown in legends (e.g. `"good"`); may be empty.
    pub label: String,
}

/// A classified colour ramp: a list of stops, each a threshold and a
/// colour. A value gets the colour of the highest stop whose threshold it
/// reaches; values below the lowest stop, and no data (`NaN`), are
/// transparent.
///
/// ```
/// use hatang_raster::{ColorRamp, Rgba};
/// let ramp = ColorRamp::rsrp();
/// assert_eq!(ramp.color_for(-70.0), ramp.stops()[0].color);  // ≥ -80: excellent
/// assert_eq!(ramp.color_for(-105.0), ramp.stops()[2].color); // ≥ -105: good
/// assert_eq!(ramp.color_for(-120.0), Rgba::TRANSPARENT);     // below -115
/// assert_eq!(ramp.color_for(f32::NAN), Rgba::TRANSPARENT);   // no data
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ColorRamp {
    /// Sorted by threshold, highest first.
    stops: Vec<ColorStop>,
    unit: String,
}

impl ColorRamp {
    /// A ramp from its stops (in any order) and the unit of the values
    /// (shown in legends, e.g. `"dBm"`; may be empty).
    ///
    /// # Errors
    /// [`RasterError::InvalidRamp`] if there are no stops, or a threshold is
    /// not finite or appears twice.
    pub fn new(
        unit: impl Into<String>,
        stops: impl IntoIterator<Item = ColorStop>,
    ) -> Result<Self> {
        let mut stops: Vec<ColorStop> = stops.into_iter().collect();
        if stops.is_empty() {
            return Err(RasterError::InvalidRamp("no stops".into()));
        }
        if let Some(s) = stops.iter().find(|s| !s.threshold.is_finite()) {
            return Err(RasterError::InvalidRamp(format!(
                "threshold {} is not finite",
                s.threshold
            )));
        }
        stops.sort_by(|a, b| b.threshold.total_cmp(&a.threshold));
        if let Some(p) = stops.windows(2).find(|p| p[0].threshold == p[1].threshold) {
            return Err(RasterError::InvalidRamp(format!(
                "threshold {} appears twice",
                p[0].threshold
            )));
        }
        Ok(ColorRamp {
            stops,
            unit: unit.into(),
        })
    }

    /// The default ramp for LTE/NR RSRP in dBm (alpha 200 of 255, so the
    /// base map shows through):
    ///
    /// | RSRP (dBm) | colour | label |
    /// |---|---|---|
    /// | ≥ −80 | dark green `#006400` | excellent |
    /// | ≥ −95 | green `#32AA32` | very good |
    /// | ≥ −105 | yellow-green `#B4D232` | good |
    /// | ≥ −115 | orange `#FFA500` | fair |
    /// | < −115 or no data | transparent | |
    pub fn rsrp() -> Self {
        const A: u8 = 200;
        let stop = |threshold, color, label: &str| ColorStop {
            threshold,
            color,
            label: label.into(),
        };
        ColorRamp {
            stops: vec![
                stop(-80.0, Rgba::new(0x00, 0x64, 0x00, A), "excellent"),
                stop(-95.0, Rgba::new(0x32, 0xAA, 0x32, A), "very good"),
                stop(-105.0, Rgba::new(0xB4, 0xD2, 0x32, A), "good"),
                stop(-115.0, Rgba::new(0xFF, 0xA5, 0x00, A), "fair"),
            ],
            unit: "dBm".into(),
        }
    }

    /// The stops, highest threshold first.
    pub fn stops(&self) -> &[ColorStop] {
        &self.stops
    }

    /// The unit of the values.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// The lowest threshold; values below it are transparent.
    pub fn lowest_threshold(&self) -> f32 {
        self.stops.last().map_or(f32::INFINITY, |s| s.threshold)
    }

    /// The colour of `value`: that of the highest stop it reaches, or
    /// [`Rgba::TRANSPARENT`] below the lowest stop and for `NaN`.
    pub fn color_for(&self, value: f32) -> Rgba {
        self.stops
            .iter()
            .find(|s| value >= s.threshold)
            .map_or(Rgba::TRANSPARENT, |s| s.color)
    }
}

impl Default for ColorRamp {
    /// [`ColorRamp::rsrp`].
    fn default() -> Self {
        ColorRamp::rsrp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(t: f32) -> ColorStop {
        ColorStop {
            threshold: t,
            color: Rgba::rgb(t as u8, 0, 0),
            label: String::new(),
        }
    }

    #[test]
    fn stops_are_sorted_and_validated() {
        let r = ColorRamp::new("dB", [stop(1.0), stop(3.0), stop(2.0)]).unwrap();
        let t: Vec<f32> = r.stops().iter().map(|s| s.threshold).collect();
        assert_eq!(t, [3.0, 2.0, 1.0]);
        assert_eq!(r.color_for(2.5), Rgba::rgb(2, 0, 0));
        assert_eq!(r.color_for(3.0), Rgba::rgb(3, 0, 0));
        assert_eq!(r.color_for(f32::INFINITY), Rgba::rgb(3, 0, 0));
        assert_eq!(r.color_for(0.99), Rgba::TRANSPARENT);
        assert_eq!(r.lowest_threshold(), 1.0);
        assert!(ColorRamp::new("", []).is_err());
        assert!(ColorRamp::new("", [stop(f32::NAN)]).is_err());
        assert!(ColorRamp::new("", [stop(1.0), stop(1.0)]).is_err());
    }

    #[test]
    fn rsrp_ramp_is_sorted() {
        let r = ColorRamp::rsrp();
        let again = ColorRamp::new(r.unit(), r.stops().to_vec()).unwrap();
        assert_eq!(r, again);
        assert_eq!(r.lowest_threshold(), -115.0);
        assert_eq!(r.color_for(-80.0), r.stops()[0].color);
        assert_eq!(r.color_for(-80.01), r.stops()[1].color);
    }
}
