//! Antenna patterns and the gain toward a target.
//!
//! Conventions (all angles in degrees):
//!
//! * azimuth: clockwise from north; the offset of a target from the
//!   antenna's boresight is `φ = bearing − azimuth`, wrapped to (−180, 180].
//! * elevation of a target: positive above the antenna's horizontal plane
//!   ([`elevation_angle_deg`]).
//! * tilt: **downtilt positive**. Electrical tilt lowers the beam equally
//!   at every azimuth; mechanical tilt tilts the whole antenna, so at
//!   azimuth offset φ it lowers the beam by `tilt_m · cos φ` (and raises
//!   the back lobe). The beam's depression toward the target's azimuth is
//!   `tilt_e + tilt_m · cos φ`; the target lies `θ = −elevation − (tilt_e +
//!   tilt_m · cos φ)` degrees below the beam.
//!
//! ```
//! use hatang_core::radio::antenna::{elevation_angle_deg, AntennaPattern, ParametricSector, Pointing};
//! let ant = ParametricSector::tr36_814(65.0, 17.0);
//! let pointing = Pointing { azimuth_deg: 120.0, mechanical_tilt_deg: 2.0, electrical_tilt_deg: 4.0 };
//! // A target 1 km away, 30 m below the antenna: 1.72° below the horizon,
//! // 4.28° above the 6° beam: A_V = −12·(4.28/10)² = −2.20 dB.
//! let elev = elevation_angle_deg(30.0, 0.0, 1_000.0);
//! let g = ant.relative_gain_toward(&pointing, 120.0, elev);
//! assert!((g + 2.20).abs() < 0.01);
//! ```

#![warn(missing_docs)]

use crate::model::Sector;
use std::io::Read;

/// Wraps an angle to (−180, 180] degrees.
///
/// ```
/// use hatang_core::radio::antenna::wrap_180;
/// assert_eq!(wrap_180(190.0), -170.0);
/// assert_eq!(wrap_180(-180.0), 180.0);
/// ```
pub fn wrap_180(deg: f64) -> f64 {
    let a = deg.rem_euclid(360.0);
    if a > 180.0 {
        a - 360.0
    } else {
        a
    }
}

/// Elevation angle of a target seen from an antenna, degrees (positive
/// above the horizontal): `atan2(h_target − h_antenna, d)`, both heights in
/// the same datum (e.g. above sea level: ground + mast), `d` the ground
/// distance. Earth curvature is neglected (0.03° at 10 km).
///
/// ```
/// use hatang_core::radio::antenna::elevation_angle_deg;
/// assert!((elevation_angle_deg(100.0, 0.0, 100.0) + 45.0).abs() < 1e-12);
/// ```
pub fn elevation_angle_deg(antenna_height_m: f64, target_height_m: f64, distance_m: f64) -> f64 {
    (target_height_m - antenna_height_m)
        .atan2(distance_m)
        .to_degrees()
}

/// Where an antenna points.
///
/// ```
/// let p = hatang_core::radio::antenna::Pointing::from_sector(&hatang_core::model::example_sector());
/// assert_eq!((p.mechanical_tilt_deg, p.electrical_tilt_deg), (2.0, 4.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Pointing {
    /// Boresight azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Mechanical downtilt, degrees (positive down).
    pub mechanical_tilt_deg: f64,
    /// Electrical downtilt, degrees (positive down).
    pub electrical_tilt_deg: f64,
}

impl Pointing {
    /// The pointing of a sector record.
    pub fn from_sector(s: &Sector) -> Self {
        Self {
            azimuth_deg: s.azimuth_deg,
            mechanical_tilt_deg: s.mechanical_tilt_deg,
            electrical_tilt_deg: s.electrical_tilt_deg,
        }
    }

    /// `(φ, θ)` of a target: its azimuth offset from boresight and its
    /// angle below the (tilted) beam, degrees (see the module docs).
    ///
    /// ```
    /// use hatang_core::radio::antenna::Pointing;
    /// let p = Pointing { azimuth_deg: 0.0, mechanical_tilt_deg: 4.0, electrical_tilt_deg: 2.0 };
    /// // Straight ahead on the horizon: 6° above the beam.
    /// assert_eq!(p.offsets(0.0, 0.0), (0.0, -6.0));
    /// // Behind (φ = 180°) the mechanical tilt raises the beam by 4°.
    /// let (phi, theta) = p.offsets(180.0, 0.0);
    /// assert!((phi - 180.0).abs() < 1e-12 && (theta - 2.0).abs() < 1e-12);
    /// ```
    pub fn offsets(&self, bearing_deg: f64, elevation_deg: f64) -> (f64, f64) {
        let phi = wrap_180(bearing_deg - self.azimuth_deg);
        let tilt = self.electrical_tilt_deg + self.mechanical_tilt_deg * phi.to_radians().cos();
        (phi, -elevation_deg - tilt)
    }
}

/// A sector antenna's radiation pattern.
pub trait AntennaPattern {
    /// Gain on boresight, dBi.
    fn peak_gain_dbi(&self) -> f64;

    /// Gain relative to the peak (dB, ≤ 0) at azimuth offset `phi_deg` from
    /// boresight and `theta_deg` below the tilted beam (see the module docs).
    fn relative_gain_db(&self, phi_deg: f64, theta_deg: f64) -> f64;

    /// Gain relative to the peak (dB, ≤ 0) toward a target at `bearing_deg`
    /// and `elevation_deg`, for an antenna pointed as `pointing` says.
    fn relative_gain_toward(
        &self,
        pointing: &Pointing,
        bearing_deg: f64,
        elevation_deg: f64,
    ) -> f64 {
        let (phi, theta) = pointing.offsets(bearing_deg, elevation_deg);
        self.relative_gain_db(phi, theta)
    }

    /// Absolute gain toward a target, dBi.
    fn gain_toward_dbi(&self, pointing: &Pointing, bearing_deg: f64, elevation_deg: f64) -> f64 {
        self.peak_gain_dbi() + self.relative_gain_toward(pointing, bearing_deg, elevation_deg)
    }
}

/// The 3GPP parametric sector pattern (TR 36.814 Table A.2.1.1-2, TR
/// 38.901 Table 7.3-1):
///
/// * `A_H(φ) = −min(12 (φ/φ_3dB)², A_m)`
/// * `A_V(θ) = −min(12 (θ/θ_3dB)², SLA_V)` — θ measured from the tilted beam
/// * `A(φ, θ) = −min(−(A_H + A_V), A_m)`.
///
/// ```
/// use hatang_core::radio::antenna::{AntennaPattern, ParametricSector};
/// let a = ParametricSector::tr36_814(70.0, 15.0);
/// assert_eq!(a.relative_gain_db(35.0, 0.0), -3.0);  // half the beamwidth: −3 dB
/// assert_eq!(a.relative_gain_db(0.0, 5.0), -3.0);
/// assert_eq!(a.relative_gain_db(180.0, 0.0), -25.0); // front-to-back A_m
/// assert_eq!(a.relative_gain_db(60.0, 30.0), -25.0); // capped at A_m
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParametricSector {
    /// Horizontal half-power beamwidth φ_3dB, degrees.
    pub h_beamwidth_deg: f64,
    /// Vertical half-power beamwidth θ_3dB, degrees.
    pub v_beamwidth_deg: f64,
    /// Front-to-back ratio A_m, dB (positive).
    pub front_to_back_db: f64,
    /// Vertical side-lobe attenuation SLA_V, dB (positive).
    pub side_lobe_db: f64,
    /// Peak gain, dBi.
    pub peak_gain_dbi: f64,
}

impl ParametricSector {
    /// TR 36.814's macro-sector values: θ_3dB = 10°, A_m = 25 dB, SLA_V =
    /// 20 dB, with the given horizontal beamwidth (the report uses 70°) and
    /// peak gain (the report uses 14 dBi without, 17 dBi with cable loss).
    pub fn tr36_814(h_beamwidth_deg: f64, peak_gain_dbi: f64) -> Self {
        Self {
            h_beamwidth_deg,
            v_beamwidth_deg: 10.0,
            front_to_back_db: 25.0,
            side_lobe_db: 20.0,
            peak_gain_dbi,
        }
    }

    /// TR 38.901 Table 7.3-1's single element: φ_3dB = θ_3dB = 65°, A_max =
    /// SLA_V = 30 dB, 8 dBi.
    ///
    /// ```
    /// use hatang_core::radio::antenna::{AntennaPattern, ParametricSector};
    /// let e = ParametricSector::tr38_901_element();
    /// assert_eq!(e.peak_gain_dbi(), 8.0);
    /// // 90° below the beam: 12·(90/65)² = 23.006 dB, under SLA_V = 30.
    /// assert!((e.relative_gain_db(0.0, 90.0) + 23.006).abs() < 1e-3);
    /// ```
    pub fn tr38_901_element() -> Self {
        Self {
            h_beamwidth_deg: 65.0,
            v_beamwidth_deg: 65.0,
            front_to_back_db: 30.0,
            side_lobe_db: 30.0,
            peak_gain_dbi: 8.0,
        }
    }

    /// The pattern of a sector record: its horizontal beamwidth and gain,
    /// TR 36.814's other values.
    ///
    /// ```
    /// let a = hatang_core::radio::antenna::ParametricSector::from_sector(&hatang_core::model::example_sector());
    /// assert_eq!((a.h_beamwidth_deg, a.peak_gain_dbi), (65.0, 17.0));
    /// ```
    pub fn from_sector(s: &Sector) -> Self {
        Self::tr36_814(s.beamwidth_deg, s.gain_dbi)
    }
}

impl AntennaPattern for ParametricSector {
    fn peak_gain_dbi(&self) -> f64 {
        self.peak_gain_dbi
    }

    #[inline]
    fn relative_gain_db(&self, phi_deg: f64, theta_deg: f64) -> f64 {
        let h = (12.0 * (phi_deg / self.h_beamwidth_deg).powi(2)).min(self.front_to_back_db);
        let v = (12.0 * (theta_deg / self.v_beamwidth_deg).powi(2)).min(self.side_lobe_db);
        -(h + v).min(self.front_to_back_db)
    }
}

/// Why an MSI file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum AntennaError {
    /// The reader failed.
    #[error("reading the pattern: {0}")]
    Io(#[from] std::io::Error),
    /// A line cannot be understood.
    #[error("line {line}: {reason}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// Why.
        reason: String,
    },
    /// A required part is missing.
    #[error("the pattern has no {0}")]
    Missing(&'static str),
}

/// An antenna pattern read from a Planet / MSI (`.msi`, `.pln`) file.
///
/// Keywords (case-insensitive; unknown ones are kept out): `NAME` (or a
/// first line without a keyword), `MAKE`, `FREQUENCY` (MHz, or with a
/// `MHz`/`GHz` unit), `H_WIDTH`, `V_WIDTH`, `FRONT_TO_BACK`, `GAIN` (value
/// then `dBi` or `dBd`; no unit means dBd, the Planet convention; dBi =
/// dBd + 2.15), `TILT` (a number: electrical tilt; or `ELECTRICAL` /
/// `MECHANICAL` naming the kind), `ELECTRICAL_TILT`, `COMMENT`,
/// `POLARIZATION`, then `HORIZONTAL n` and `VERTICAL n` each followed by
/// `n` lines `angle attenuation` (dB below the peak, positive).
///
/// Horizontal angles run from boresight in the direction of increasing
/// azimuth (clockwise seen from above); vertical angles from the horizon
/// ahead, positive downwards (90 = nadir, 180 = horizon behind). The
/// vertical table includes the antenna's electrical tilt (`TILT`):
/// [`AntennaPattern::relative_gain_db`] reads it at `θ + tilt`, so a
/// [`Pointing`] whose electrical tilt equals the file's reproduces the file,
/// and another value shifts the table (remote electrical tilt). Tables are
/// resampled to 1° by linear interpolation (wrapping at 360°). The combined
/// attenuation is `min(H(φ) + V(θ), max attenuation of either table)`.
///
/// ```
/// use hatang_core::radio::antenna::{AntennaPattern, MsiPattern};
/// let mut text = String::from("NAME demo\nFREQUENCY 1800\nGAIN 15.85 dBd\nTILT 2\nHORIZONTAL 4\n");
/// text += "0 0\n90 10\n180 25\n270 10\nVERTICAL 4\n0 3\n90 20\n180 25\n270 20\n";
/// let p = MsiPattern::parse(&text).unwrap();
/// assert!((p.peak_gain_dbi() - 18.0).abs() < 1e-9);
/// assert_eq!(p.horizontal_db(45.0), 5.0);
/// // θ = −2 below a 2°-tilted beam is the horizon: V(0) = 3 dB.
/// assert_eq!(p.relative_gain_db(0.0, -2.0), -3.0);
/// assert!(MsiPattern::parse("NAME x\nGAIN 10\nHORIZONTAL 2\n0 0\n").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MsiPattern {
    /// Antenna name.
    pub name: String,
    /// Manufacturer, if given.
    pub make: Option<String>,
    /// Frequency, MHz, if given.
    pub frequency_mhz: Option<f64>,
    /// Peak gain, dBi.
    pub gain_dbi: f64,
    /// Electrical tilt built into the vertical table, degrees (0 if none).
    pub electrical_tilt_deg: f64,
    /// Horizontal beamwidth, degrees, if given.
    pub h_beamwidth_deg: Option<f64>,
    /// Vertical beamwidth, degrees, if given.
    pub v_beamwidth_deg: Option<f64>,
    /// Front-to-back ratio, dB, if given.
    pub front_to_back_db: Option<f64>,
    horizontal: Vec<f64>,
    vertical: Vec<f64>,
    cap_db: f64,
}

/// Most entries a table may declare.
const MAX_TABLE: usize = 36_000;

impl MsiPattern {
    /// Parses the text of an MSI file. Never panics: anything it cannot
    /// use is an error naming the line.
    pub fn parse(text: &str) -> Result<MsiPattern, AntennaError> {
        let mut name = None;
        let mut make = None;
        let mut frequency_mhz = None;
        let mut gain_dbi = None;
        let mut tilt = 0.0;
        let mut h_bw = None;
        let mut v_bw = None;
        let mut ftb = None;
        let mut horizontal = None;
        let mut vertical = None;
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let syntax = |line: usize, reason: String| AntennaError::Syntax { line, reason };
        let number = |line: usize, s: Option<&str>, what: &str| -> Result<f64, AntennaError> {
            let s = s.ok_or_else(|| syntax(line, format!("{what}: value missing")))?;
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(syntax(line, format!("{what}: '{s}' is not a number"))),
            }
        };
        let mut first = true;
        while let Some((n, line)) = lines.next() {
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let key = words.next().unwrap_or_default().to_ascii_uppercase();
            let rest = line.get(key.len()..).unwrap_or("").trim();
            match key.as_str() {
                "NAME" => name = Some(rest.to_string()),
                "MAKE" => make = Some(rest.to_string()),
                "FREQUENCY" => {
                    let v = number(n, words.next(), "FREQUENCY")?;
                    let unit = words.next().unwrap_or("MHz").to_ascii_uppercase();
                    frequency_mhz = Some(match unit.as_str() {
                        "GHZ" => v * 1000.0,
                        "KHZ" => v / 1000.0,
                        _ => v,
                    });
                }
                "H_WIDTH" => h_bw = Some(number(n, words.next(), "H_WIDTH")?),
                "V_WIDTH" => v_bw = Some(number(n, words.next(), "V_WIDTH")?),
                "FRONT_TO_BACK" => ftb = Some(number(n, words.next(), "FRONT_TO_BACK")?),
                "GAIN" => {
                    let v = number(n, words.next(), "GAIN")?;
                    let unit = words.next().unwrap_or("dBd").to_ascii_uppercase();
                    gain_dbi = Some(match unit.as_str() {
                        "DBI" => v,
                        "DBD" => v + super::link::DBD_TO_DBI,
                        other => {
                            return Err(syntax(
                                n,
                                format!("GAIN unit '{other}' is neither dBi nor dBd"),
                            ))
                        }
                    });
                }
                "TILT" => {
                    if let Some(w) = words.next() {
                        if let Ok(v) = w.parse::<f64>() {
                            if v.is_finite() {
                                tilt = v;
                            }
                        }
                    }
                }
                "ELECTRICAL_TILT" => tilt = number(n, words.next(), "ELECTRICAL_TILT")?,
                "HORIZONTAL" | "VERTICAL" => {
                    let count = number(n, words.next(), &key)?;
                    if !(count >= 1.0 && count <= MAX_TABLE as f64 && count.fract() == 0.0) {
                        return Err(syntax(
                            n,
                            format!("{key} {count}: expected 1–{MAX_TABLE} entries"),
                        ));
                    }
                    let mut points = Vec::with_capacity(count as usize);
                    while points.len() < count as usize {
                        let Some((m, l)) = lines.next() else {
                            return Err(syntax(
                                n,
                                format!(
                                    "{key} declares {count} entries, the file ends after {}",
                                    points.len()
                                ),
                            ));
                        };
                        if l.is_empty() {
                            continue;
                        }
                        let mut w = l.split_whitespace();
                        let a = number(m, w.next(), "angle")?;
                        let v = number(m, w.next(), "attenuation")?;
                        points.push((a, v));
                    }
                    let table = resample(&points);
                    if key == "HORIZONTAL" {
                        horizontal = Some(table);
                    } else {
                        vertical = Some(table);
                    }
                }
                _ if first => {
                    // Some vendors write the name alone on the first line.
                    name = Some(line.to_string());
                }
                _ => {}
            }
            first = false;
        }
        let horizontal = horizontal.ok_or(AntennaError::Missing("HORIZONTAL table"))?;
        let vertical = vertical.ok_or(AntennaError::Missing("VERTICAL table"))?;
        let gain_dbi = gain_dbi.ok_or(AntennaError::Missing("GAIN"))?;
        let cap_db = horizontal
            .iter()
            .chain(&vertical)
            .fold(0.0f64, |m, v| m.max(*v));
        Ok(MsiPattern {
            name: name.unwrap_or_default(),
            make,
            frequency_mhz,
            gain_dbi,
            electrical_tilt_deg: tilt,
            h_beamwidth_deg: h_bw,
            v_beamwidth_deg: v_bw,
            front_to_back_db: ftb,
            horizontal,
            vertical,
            cap_db,
        })
    }

    /// Reads and parses an MSI file from a reader (at most 4 MiB).
    ///
    /// ```
    /// let text = "x\nGAIN 17 dBi\nHORIZONTAL 1\n0 0\nVERTICAL 1\n0 0\n";
    /// let p = hatang_core::radio::antenna::MsiPattern::read(text.as_bytes()).unwrap();
    /// assert_eq!((p.name.as_str(), p.gain_dbi), ("x", 17.0));
    /// ```
    pub fn read(reader: impl Read) -> Result<MsiPattern, AntennaError> {
        let mut bytes = Vec::new();
        reader.take(4 << 20).read_to_end(&mut bytes)?;
        MsiPattern::parse(&String::from_utf8_lossy(&bytes))
    }

    /// Horizontal attenuation (dB, ≥ 0 for a well-formed file) at azimuth
    /// offset `phi_deg` from boresight.
    pub fn horizontal_db(&self, phi_deg: f64) -> f64 {
        lookup(&self.horizontal, phi_deg)
    }

    /// Vertical attenuation at `angle_deg` below the horizon (as in the
    /// file, tilt included).
    pub fn vertical_db(&self, angle_deg: f64) -> f64 {
        lookup(&self.vertical, angle_deg)
    }
}

impl AntennaPattern for MsiPattern {
    fn peak_gain_dbi(&self) -> f64 {
        self.gain_dbi
    }

    fn relative_gain_db(&self, phi_deg: f64, theta_deg: f64) -> f64 {
        let a =
            self.horizontal_db(phi_deg) + self.vertical_db(theta_deg + self.electrical_tilt_deg);
        -a.clamp(0.0, self.cap_db)
    }
}

/// A 360-entry table (1° steps) from `(angle, value)` points, linear in
/// between, wrapping at 360°.
fn resample(points: &[(f64, f64)]) -> Vec<f64> {
    let mut p: Vec<(f64, f64)> = points
        .iter()
        .map(|&(a, v)| (a.rem_euclid(360.0), v))
        .collect();
    p.sort_by(|a, b| a.0.total_cmp(&b.0));
    p.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 = later.1;
            true
        } else {
            false
        }
    });
    (0..360)
        .map(|deg| {
            let x = deg as f64;
            // The first point at or after x, wrapping; and the one before.
            let k = p.partition_point(|q| q.0 < x);
            let (a, b) = if k == p.len() {
                (p[p.len() - 1], (p[0].0 + 360.0, p[0].1))
            } else if k == 0 {
                ((p[p.len() - 1].0 - 360.0, p[p.len() - 1].1), p[0])
            } else {
                (p[k - 1], p[k])
            };
            if b.0 - a.0 <= 0.0 {
                b.1
            } else {
                a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
            }
        })
        .collect()
}

/// Linear interpolation in a 360-entry table at any angle.
#[inline]
fn lookup(table: &[f64], deg: f64) -> f64 {
    let a = deg.rem_euclid(360.0);
    let i = (a as usize).min(359);
    let f = a - i as f64;
    let (t0, t1) = (table[i], table[(i + 1) % 360]);
    t0 + (t1 - t0) * f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parametric_hand_values() {
        // φ3dB 65°, θ3dB 10°: at φ = 30°, θ = 4°: A_H = 12·(30/65)² =
        // 2.5562, A_V = 12·0.16 = 1.92 → −4.4762 dB.
        let a = ParametricSector::tr36_814(65.0, 17.0);
        assert!((a.relative_gain_db(30.0, 4.0) + 4.4762).abs() < 1e-4);
        assert!((a.relative_gain_db(-30.0, -4.0) + 4.4762).abs() < 1e-4);
        // Vertical side lobe floor: θ = 40° → 20 dB.
        assert_eq!(a.relative_gain_db(0.0, 40.0), -20.0);
    }

    #[test]
    fn gain_toward_with_tilts() {
        let a = ParametricSector::tr36_814(65.0, 17.0);
        let p = Pointing {
            azimuth_deg: 350.0,
            mechanical_tilt_deg: 3.0,
            electrical_tilt_deg: 3.0,
        };
        // Target at bearing 20° (φ = 30°), 2° below the horizon:
        // tilt = 3 + 3·cos 30° = 5.598°, θ = 2 − 5.598 = −3.598°;
        // A_H = 2.5562, A_V = 12·0.3598² = 1.5535 → 17 − 4.1097.
        let g = a.gain_toward_dbi(&p, 20.0, -2.0);
        assert!((g - (17.0 - 4.1097)).abs() < 1e-3, "{g}");
    }

    #[test]
    fn msi_resampling_wraps_and_interpolates() {
        let t = resample(&[(350.0, 10.0), (10.0, 0.0)]);
        assert_eq!(t[0], 5.0);
        assert_eq!(t[355], 7.5);
        assert_eq!(t[180], 10.0 - 10.0 * 170.0 / 340.0);
        assert!((lookup(&t, 359.5) - 5.25).abs() < 1e-12);
        assert!((lookup(&t, -0.5) - 5.25).abs() < 1e-12);
        assert!(lookup(&t, f64::NAN).is_nan());
    }

    #[test]
    fn msi_first_line_name_and_units() {
        let text =
            "742215 Kathrein\nFREQUENCY 2.1 GHz\nGAIN 18\nTILT ELECTRICAL\nELECTRICAL_TILT 6\n\
                    HORIZONTAL 2\n0 0\n180 30\nVERTICAL 2\n6 0\n186 30\n";
        let p = MsiPattern::parse(text).unwrap();
        assert_eq!(p.name, "742215 Kathrein");
        assert_eq!(p.frequency_mhz, Some(2100.0));
        assert!((p.gain_dbi - 20.15).abs() < 1e-12);
        assert_eq!(p.electrical_tilt_deg, 6.0);
        // On the tilted beam (θ = 0) the vertical table is read at 6°: 0 dB.
        assert_eq!(p.relative_gain_db(0.0, 0.0), 0.0);
        // Capped at the largest attenuation of the tables (30 dB).
        assert_eq!(p.relative_gain_db(180.0, 180.0), -30.0);
        let e = MsiPattern::parse("x\nGAIN 1 dBm\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
