//! Sectors on top of a loss: the antenna pattern toward each pixel, EIRP,
//! received power and each technology's figure.
//!
//! Conventions (the crate's, stated once): EIRP = transmit power + peak
//! antenna gain − feeder loss (= ERP + 2.15 dB); received power (dBm, at an
//! isotropic receiver) = EIRP + the pattern's relative gain toward the
//! pixel (≤ 0) − basic transmission loss; the figure is RxLev (2G), RSCP
//! (3G, CPICH share), RSRP (4G) or SS-RSRP (5G) by
//! `hatang_core::radio::link`. The pattern is the 3GPP parametric sector
//! (TR 36.814) of the sector's beamwidth, with its azimuth, mechanical and
//! electrical downtilt; the elevation angle toward a pixel is taken from
//! the antenna (ground + mast) to the receiver (ground + receiver height)
//! over the ground distance.

use crate::error::CoverageError;
use crate::loss::Transmitter;
use crate::terrain::Cursor;
use crate::window::{Frame, Window};
use hatang_core::model::{Sector, Technology};
use hatang_core::radio::antenna::{elevation_angle_deg, ParametricSector};
use hatang_core::radio::link::{FigureSettings, SectorBudget};
use hatang_core::terrain::Mosaic;
use rayon::prelude::*;

/// A sector ready to be applied to losses: its link budget (EIRP,
/// pointing, pattern) and the offset from received power to its figure.
///
/// ```
/// use hatang_core::model::example_sector;
/// use hatang_core::radio::link::FigureSettings;
/// use hatang_coverage::SectorRadio;
/// let s = SectorRadio::from_sector(&example_sector(), &FigureSettings::default()).unwrap();
/// assert_eq!(s.budget.eirp_dbm, 61.0);
/// // 20 MHz LTE: RSRP = total − 10·log10(1200).
/// assert!((s.figure_offset_db + 30.7918).abs() < 1e-3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SectorRadio {
    /// The sector's side of the link budget (core's).
    pub budget: SectorBudget<ParametricSector>,
    /// Figure (dBm) − received total power (dBm).
    pub figure_offset_db: f64,
    /// cos and sin of the azimuth, for [`SectorRadio::received_dbm_fast`].
    cos_az: f64,
    sin_az: f64,
}

impl SectorRadio {
    /// From a sector record; refuses a bandwidth its technology does not
    /// define.
    pub fn from_sector(s: &Sector, figures: &FigureSettings) -> Result<Self, CoverageError> {
        let budget = SectorBudget::from_sector(s);
        let figure_offset_db = budget
            .figure(0.0, figures)
            .map_err(|e| CoverageError::Sector {
                sector: s.id.clone(),
                reason: e.to_string(),
            })?
            .dbm;
        let az = budget.pointing.azimuth_deg.to_radians();
        Ok(Self {
            budget,
            figure_offset_db,
            cos_az: az.cos(),
            sin_az: az.sin(),
        })
    }

    /// [`SectorRadio::received_dbm`] for many pixels: the bearing's cosine
    /// and sine come precomputed ([`ViewAngles`] has them) and the
    /// frequency shift `shift_db` once per sector ([`SectorRadio::shift_db`]).
    /// The pattern is core's 3GPP parametric sector, inlined: the same
    /// numbers to rounding (a test checks 1e-9 dB).
    #[inline]
    pub fn received_dbm_fast(
        &self,
        bearing_deg: f64,
        cos_bearing: f64,
        sin_bearing: f64,
        elevation_deg: f64,
        loss_db: f64,
        shift_db: f64,
    ) -> f64 {
        let b = &self.budget;
        let mut phi = bearing_deg - b.pointing.azimuth_deg;
        if phi > 180.0 {
            phi -= 360.0;
        } else if phi <= -180.0 {
            phi += 360.0;
        }
        let cos_phi = cos_bearing * self.cos_az + sin_bearing * self.sin_az;
        let tilt = b.pointing.electrical_tilt_deg + b.pointing.mechanical_tilt_deg * cos_phi;
        let theta = -elevation_deg - tilt;
        let p = &b.pattern;
        let h = (12.0 * (phi / p.h_beamwidth_deg).powi(2)).min(p.front_to_back_db);
        let v = (12.0 * (theta / p.v_beamwidth_deg).powi(2)).min(p.side_lobe_db);
        b.eirp_dbm - (h + v).min(p.front_to_back_db) - (loss_db + shift_db)
    }

    /// The shift of a loss computed at `loss_frequency_mhz` to this
    /// sector's frequency: `20·log10(f_sector / f_loss)` dB.
    pub fn shift_db(&self, loss_frequency_mhz: f64) -> f64 {
        if self.budget.frequency_mhz == loss_frequency_mhz {
            0.0
        } else {
            20.0 * (self.budget.frequency_mhz / loss_frequency_mhz).log10()
        }
    }

    /// The technology.
    pub fn technology(&self) -> Technology {
        self.budget.technology
    }

    /// Received total power (dBm) at a pixel seen at `bearing_deg` and
    /// `elevation_deg`, for a loss computed at `loss_frequency_mhz`: the
    /// loss is moved to the sector's own frequency by
    /// `20·log10(f_sector / f_loss)` (free-space scaling).
    #[inline]
    pub fn received_dbm(
        &self,
        bearing_deg: f64,
        elevation_deg: f64,
        loss_db: f64,
        loss_frequency_mhz: f64,
    ) -> f64 {
        let shift = if self.budget.frequency_mhz == loss_frequency_mhz {
            0.0
        } else {
            20.0 * (self.budget.frequency_mhz / loss_frequency_mhz).log10()
        };
        self.budget
            .received_dbm(bearing_deg, elevation_deg, loss_db + shift)
    }
}

/// Bearing and elevation angle toward every pixel of a window from one
/// antenna (degrees; NaN outside the terrain).
#[derive(Debug, Clone)]
pub struct ViewAngles {
    /// Bearing from the site, degrees clockwise from north.
    pub bearing_deg: Vec<f32>,
    /// Elevation angle of the receiver seen from the antenna, degrees.
    pub elevation_deg: Vec<f32>,
    /// Cosine and sine of the bearing.
    pub cos_sin: Vec<(f32, f32)>,
}

impl ViewAngles {
    /// The angles from `tx` (standing on ground `tx_ground_m`) toward a
    /// receiver `rx_height_m` above the ground at each pixel of `window`.
    pub fn new(
        terrain: &Mosaic,
        tx: &Transmitter,
        tx_ground_m: f64,
        rx_height_m: f64,
        window: &Window,
    ) -> Self {
        let frame = Frame::new(tx.position);
        let z_ant = tx_ground_m + tx.height_m;
        let n = window.len();
        let mut bearing_deg = vec![f32::NAN; n];
        let mut elevation_deg = vec![f32::NAN; n];
        let mut cos_sin = vec![(f32::NAN, f32::NAN); n];
        bearing_deg
            .par_chunks_mut(window.cols)
            .zip(elevation_deg.par_chunks_mut(window.cols))
            .zip(cos_sin.par_chunks_mut(window.cols))
            .enumerate()
            .for_each(|(row, ((b, e), cs))| {
                let mut cursor = Cursor::new(terrain);
                let lat = window.lat(row);
                let cos_mid = frame.cos_mid(lat);
                for col in 0..window.cols {
                    let lon = window.lon(col);
                    let Some(z) = cursor.height(lat, lon) else {
                        continue;
                    };
                    let (x, y) = frame.xy(lat, lon);
                    b[col] = Frame::bearing(x, y).to_degrees() as f32;
                    let r = x.hypot(y);
                    cs[col] = if r > 0.0 {
                        ((y / r) as f32, (x / r) as f32)
                    } else {
                        (1.0, 0.0)
                    };
                    let d = frame.distance(lat, lon, cos_mid);
                    e[col] = elevation_angle_deg(z_ant, z + rx_height_m, d) as f32;
                }
            });
        Self {
            bearing_deg,
            elevation_deg,
            cos_sin,
        }
    }
}

/// Received total power (dBm) of one sector over a window, from the loss
/// of its transmitter (computed at `loss_frequency_mhz`) and the view
/// angles; NaN where the loss is.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::example_sector;
/// use hatang_core::radio::link::FigureSettings;
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::*;
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, vec![25.0; 201 * 201], None, &LoadOptions::default())?])?;
/// let mut s = example_sector(); // azimuth 0°
/// s.antenna_height_m = 30.0;
/// let radio = SectorRadio::from_sector(&s, &FigureSettings::default())?;
/// let tx = Transmitter::new(LatLon::new(21.0, 105.1), 30.0, s.frequency_mhz);
/// let map = loss_map(&dem, &tx, &Model::Itm(ItmParams::signal_server()), &CoverageSpec::new(3_000.0, 100.0))?;
/// let w = Window::full(*map.raster.grid());
/// let angles = ViewAngles::new(&dem, &tx, map.tx_ground_m, 1.5, &w);
/// let p = sector_power(&radio, map.raster.data(), tx.frequency_mhz, &angles);
/// let c = w.cols / 2;
/// let north = p[(c - 10) * w.cols + c]; // 1 km north: in the main lobe
/// let south = p[(c + 10) * w.cols + c]; // 1 km south: behind the antenna
/// assert!(north > south + 20.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sector_power(
    radio: &SectorRadio,
    loss_db: &[f32],
    loss_frequency_mhz: f64,
    angles: &ViewAngles,
) -> Vec<f32> {
    loss_db
        .par_iter()
        .zip(angles.bearing_deg.par_iter().zip(&angles.elevation_deg))
        .map(|(&l, (&b, &e))| {
            if l.is_nan() || b.is_nan() {
                f32::NAN
            } else {
                radio.received_dbm(b as f64, e as f64, l as f64, loss_frequency_mhz) as f32
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::model::example_sector;

    #[test]
    fn inlined_pattern_is_cores() {
        let mut rng = hatang_core::rng::Rng::new(5);
        for _ in 0..2000 {
            let mut s = example_sector();
            s.azimuth_deg = rng.range(0.0, 360.0);
            s.mechanical_tilt_deg = rng.range(0.0, 6.0);
            s.electrical_tilt_deg = rng.range(0.0, 8.0);
            s.beamwidth_deg = rng.range(30.0, 120.0);
            let r = SectorRadio::from_sector(&s, &FigureSettings::default()).unwrap();
            let b = rng.range(0.0, 360.0);
            let e = rng.range(-30.0, 5.0);
            let l = rng.range(60.0, 200.0);
            let (c, sn) = (b.to_radians().cos(), b.to_radians().sin());
            let f = rng.range(700.0, 3600.0);
            let want = r.received_dbm(b, e, l, f);
            let got = r.received_dbm_fast(b, c, sn, e, l, r.shift_db(f));
            assert!((want - got).abs() < 1e-9, "{want} vs {got}");
        }
    }
}
