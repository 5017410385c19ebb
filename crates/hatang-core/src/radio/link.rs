//! The link budget: EIRP, received power, and the figure each technology
//! quotes.
//!
//! * `EIRP = P_tx + G_antenna − L_feeder` (dBm, dBi, dB); `EIRP = ERP +
//!   2.15 dB` (a half-wave dipole has 2.15 dBi).
//! * Received power at an isotropic receiver: `P_rx = EIRP + A(φ, θ) −
//!   L_b`, with `A ≤ 0` the pattern's relative gain toward the pixel and
//!   `L_b` the basic transmission loss of a [`super::PathLoss`] model.
//! * The figure: 2G RxLev (the BCCH carrier's received power), 3G CPICH
//!   RSCP (the CPICH's share of the total, −10 dB by default), 4G RSRP and
//!   5G SS-RSRP (power per resource element: total − 10·log10(12·N_RB),
//!   assuming equal power on every subcarrier).
//!
//! ```
//! use hatang_core::model::{example_sector, Technology};
//! use hatang_core::radio::link::{FigureKind, FigureSettings, SectorBudget};
//! // Viettel 4G B3: 46 dBm, 17 dBi, 2 dB feeder → EIRP 61 dBm.
//! let b = SectorBudget::from_sector(&example_sector());
//! assert_eq!(b.eirp_dbm, 61.0);
//! // On boresight (bearing 0°, 6° below the horizon = the tilted beam), 130 dB loss:
//! let p = b.received_dbm(0.0, -6.0, 130.0);
//! assert!((p + 69.0).abs() < 1e-9);
//! // 20 MHz LTE: 100 RB → RSRP = −69 − 10·log10(1200) = −99.79 dBm.
//! let f = b.figure(p, &FigureSettings::default()).unwrap();
//! assert_eq!(f.kind, FigureKind::Rsrp);
//! assert!((f.dbm + 99.79).abs() < 0.01);
//! ```

#![warn(missing_docs)]

use super::antenna::{AntennaPattern, ParametricSector, Pointing};
use crate::model::{Sector, Technology};
use serde::{Deserialize, Serialize};

/// dBi − dBd: the gain of a half-wave dipole, 2.15 dB.
pub const DBD_TO_DBI: f64 = 2.15;

/// EIRP, dBm: transmit power + antenna gain − feeder (cable, connector,
/// combiner) loss.
///
/// ```
/// assert_eq!(hatang_core::radio::link::eirp_dbm(46.0, 17.0, 2.0), 61.0);
/// ```
pub fn eirp_dbm(tx_power_dbm: f64, antenna_gain_dbi: f64, feeder_loss_db: f64) -> f64 {
    tx_power_dbm + antenna_gain_dbi - feeder_loss_db
}

/// EIRP from ERP (both dBm): `EIRP = ERP + 2.15 dB`.
///
/// ```
/// assert!((hatang_core::radio::link::erp_to_eirp_dbm(58.85) - 61.0).abs() < 1e-12);
/// ```
pub fn erp_to_eirp_dbm(erp_dbm: f64) -> f64 {
    erp_dbm + DBD_TO_DBI
}

/// ERP from EIRP (both dBm): `ERP = EIRP − 2.15 dB`.
///
/// ```
/// assert!((hatang_core::radio::link::eirp_to_erp_dbm(61.0) - 58.85).abs() < 1e-12);
/// ```
pub fn eirp_to_erp_dbm(eirp_dbm: f64) -> f64 {
    eirp_dbm - DBD_TO_DBI
}

/// Watts to dBm.
///
/// ```
/// assert!((hatang_core::radio::link::watts_to_dbm(20.0) - 43.0103).abs() < 1e-4);
/// ```
pub fn watts_to_dbm(watts: f64) -> f64 {
    10.0 * (watts * 1000.0).log10()
}

/// dBm to watts.
///
/// ```
/// assert!((hatang_core::radio::link::dbm_to_watts(46.0) - 39.81).abs() < 0.01);
/// ```
pub fn dbm_to_watts(dbm: f64) -> f64 {
    10f64.powf(dbm / 10.0) / 1000.0
}

/// Received power at an isotropic receiver, dBm: EIRP + the pattern's
/// relative gain toward the receiver (≤ 0) − basic transmission loss.
///
/// ```
/// assert_eq!(hatang_core::radio::link::received_power_dbm(61.0, -3.0, 130.0), -72.0);
/// ```
pub fn received_power_dbm(eirp_dbm: f64, relative_gain_db: f64, loss_db: f64) -> f64 {
    eirp_dbm + relative_gain_db - loss_db
}

/// Why a figure cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    /// The channel bandwidth is not one the technology defines.
    #[error("{technology} has no {bandwidth_mhz} MHz channel ({allowed})")]
    UnsupportedBandwidth {
        /// "4G" or "5G".
        technology: &'static str,
        /// The bandwidth asked for.
        bandwidth_mhz: f64,
        /// The bandwidths it has.
        allowed: &'static str,
    },
}

/// Resource blocks of an LTE channel (TS 36.101 Table 5.6-1): 1.4 → 6,
/// 3 → 15, 5 → 25, 10 → 50, 15 → 75, 20 → 100.
///
/// ```
/// use hatang_core::radio::link::lte_resource_blocks;
/// assert_eq!(lte_resource_blocks(20.0).unwrap(), 100);
/// assert!(lte_resource_blocks(25.0).is_err());
/// ```
pub fn lte_resource_blocks(bandwidth_mhz: f64) -> Result<u32, LinkError> {
    const TABLE: [(f64, u32); 6] = [
        (1.4, 6),
        (3.0, 15),
        (5.0, 25),
        (10.0, 50),
        (15.0, 75),
        (20.0, 100),
    ];
    TABLE
        .iter()
        .find(|(bw, _)| (bw - bandwidth_mhz).abs() < 1e-6)
        .map(|(_, n)| *n)
        .ok_or(LinkError::UnsupportedBandwidth {
            technology: "4G",
            bandwidth_mhz,
            allowed: "1.4, 3, 5, 10, 15 or 20 MHz",
        })
}

/// Maximum transmission bandwidth `N_RB` of an NR FR1 channel (TS 38.104
/// Table 5.3.2-1) for a channel bandwidth and subcarrier spacing (15, 30
/// or 60 kHz).
///
/// ```
/// use hatang_core::radio::link::nr_resource_blocks;
/// assert_eq!(nr_resource_blocks(100.0, 30).unwrap(), 273);
/// assert_eq!(nr_resource_blocks(20.0, 15).unwrap(), 106);
/// assert!(nr_resource_blocks(100.0, 15).is_err());
/// ```
pub fn nr_resource_blocks(bandwidth_mhz: f64, scs_khz: u32) -> Result<u32, LinkError> {
    const SCS15: [(f64, u32); 10] = [
        (5.0, 25),
        (10.0, 52),
        (15.0, 79),
        (20.0, 106),
        (25.0, 133),
        (30.0, 160),
        (35.0, 188),
        (40.0, 216),
        (45.0, 242),
        (50.0, 270),
    ];
    const SCS30: [(f64, u32); 15] = [
        (5.0, 11),
        (10.0, 24),
        (15.0, 38),
        (20.0, 51),
        (25.0, 65),
        (30.0, 78),
        (35.0, 92),
        (40.0, 106),
        (45.0, 119),
        (50.0, 133),
        (60.0, 162),
        (70.0, 189),
        (80.0, 217),
        (90.0, 245),
        (100.0, 273),
    ];
    const SCS60: [(f64, u32); 12] = [
        (10.0, 11),
        (15.0, 18),
        (20.0, 24),
        (25.0, 31),
        (30.0, 38),
        (40.0, 51),
        (50.0, 65),
        (60.0, 79),
        (70.0, 93),
        (80.0, 107),
        (90.0, 121),
        (100.0, 135),
    ];
    let (table, allowed): (&[(f64, u32)], &'static str) = match scs_khz {
        15 => (&SCS15, "at 15 kHz: 5–50 MHz in 5 MHz steps"),
        30 => (
            &SCS30,
            "at 30 kHz: 5–50 MHz in 5 MHz steps, 60–100 MHz in 10 MHz steps",
        ),
        60 => (
            &SCS60,
            "at 60 kHz: 10–30, 40 and 50–100 MHz in 10 MHz steps",
        ),
        _ => (&[], "subcarrier spacing 15, 30 or 60 kHz in FR1"),
    };
    table
        .iter()
        .find(|(bw, _)| (bw - bandwidth_mhz).abs() < 1e-6)
        .map(|(_, n)| *n)
        .ok_or(LinkError::UnsupportedBandwidth {
            technology: "5G",
            bandwidth_mhz,
            allowed,
        })
}

/// The subcarrier spacing hatang assumes for an NR carrier when none is
/// configured: 30 kHz on the TDD bands Vietnam licenses for 5G (n41 at
/// 2.6 GHz, n78 at 3.5 GHz: frequency ≥ 2.4 GHz) and for any channel wider
/// than 50 MHz (15 kHz has no wider channel); 15 kHz on FDD bands below
/// (n28 at 700 MHz), as deployed.
///
/// ```
/// use hatang_core::radio::link::nr_default_scs_khz;
/// assert_eq!(nr_default_scs_khz(3500.0, 100.0), 30);
/// assert_eq!(nr_default_scs_khz(780.0, 20.0), 15);
/// ```
pub fn nr_default_scs_khz(frequency_mhz: f64, bandwidth_mhz: f64) -> u32 {
    if frequency_mhz >= 2400.0 || bandwidth_mhz > 50.0 {
        30
    } else {
        15
    }
}

/// Power per resource element from the total over `n_rb` resource blocks
/// of 12 subcarriers, equal power on each: `total − 10·log10(12·n_rb)`.
///
/// ```
/// let p = hatang_core::radio::link::per_resource_element_dbm(-72.0, 100);
/// assert!((p + 102.7918).abs() < 1e-4);
/// ```
pub fn per_resource_element_dbm(total_dbm: f64, n_rb: u32) -> f64 {
    total_dbm - 10.0 * (12.0 * n_rb as f64).log10()
}

/// GSM RXLEV index (TS 45.008 §8.1.4): 0 below −110 dBm, `n` for −111 + n
/// ≤ P < −110 + n dBm, 63 from −48 dBm up — i.e. `floor(P + 111)` clamped
/// to 0–63.
///
/// ```
/// use hatang_core::radio::link::rxlev_index;
/// assert_eq!(rxlev_index(-120.0), 0);
/// assert_eq!(rxlev_index(-110.0), 1);
/// assert_eq!(rxlev_index(-72.5), 38);
/// assert_eq!(rxlev_index(-40.0), 63);
/// ```
pub fn rxlev_index(dbm: f64) -> u8 {
    if dbm.is_nan() {
        return 0;
    }
    (dbm + 111.0).floor().clamp(0.0, 63.0) as u8
}

/// Which figure a technology quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// 2G: received level of the BCCH carrier (RxLev), dBm.
    RxLev,
    /// 3G: received signal code power of the CPICH (RSCP), dBm.
    Rscp,
    /// 4G: reference signal received power (RSRP), dBm per resource element.
    Rsrp,
    /// 5G: SS reference signal received power (SS-RSRP), dBm per SSB
    /// resource element.
    SsRsrp,
}

impl FigureKind {
    /// The figure of a technology.
    ///
    /// ```
    /// use hatang_core::{model::Technology, radio::link::FigureKind};
    /// assert_eq!(FigureKind::of(Technology::Umts), FigureKind::Rscp);
    /// ```
    pub fn of(t: Technology) -> Self {
        match t {
            Technology::Gsm => FigureKind::RxLev,
            Technology::Umts => FigureKind::Rscp,
            Technology::Lte => FigureKind::Rsrp,
            Technology::Nr => FigureKind::SsRsrp,
        }
    }

    /// Its usual name ("RxLev", "RSCP", "RSRP", "SS-RSRP").
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::RxLev => "RxLev",
            FigureKind::Rscp => "RSCP",
            FigureKind::Rsrp => "RSRP",
            FigureKind::SsRsrp => "SS-RSRP",
        }
    }
}

/// A figure's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Which figure.
    pub kind: FigureKind,
    /// Its value, dBm.
    pub dbm: f64,
}

/// How total received power becomes each technology's figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureSettings {
    /// CPICH power relative to the cell's total, dB. Default −10 (10 % of
    /// the power on the pilot, the usual UMTS setting; e.g. 33 dBm CPICH of
    /// a 43 dBm carrier).
    pub cpich_offset_db: f64,
    /// SSB power boost relative to the average resource element, dB.
    /// Default 0 (SSB REs at the same power as the others).
    pub ssb_boost_db: f64,
    /// NR subcarrier spacing, kHz; `None`: [`nr_default_scs_khz`].
    pub nr_scs_khz: Option<u32>,
}

impl Default for FigureSettings {
    fn default() -> Self {
        Self {
            cpich_offset_db: -10.0,
            ssb_boost_db: 0.0,
            nr_scs_khz: None,
        }
    }
}

/// The figure a technology quotes for a total received power (dBm, the
/// whole carrier: for 2G the BCCH carrier, whose power the sector's
/// transmit power is).
///
/// ```
/// use hatang_core::model::Technology;
/// use hatang_core::radio::link::{figure, FigureSettings};
/// let s = FigureSettings::default();
/// assert_eq!(figure(Technology::Umts, -72.0, 5.0, 2140.0, &s).unwrap().dbm, -82.0);
/// assert_eq!(figure(Technology::Gsm, -72.0, 0.2, 945.0, &s).unwrap().dbm, -72.0);
/// let nr = figure(Technology::Nr, -72.0, 100.0, 3500.0, &s).unwrap();
/// assert!((nr.dbm + 107.1534).abs() < 1e-4); // 273 RB at 30 kHz
/// ```
pub fn figure(
    technology: Technology,
    total_dbm: f64,
    bandwidth_mhz: f64,
    frequency_mhz: f64,
    settings: &FigureSettings,
) -> Result<Figure, LinkError> {
    let kind = FigureKind::of(technology);
    let dbm = match technology {
        Technology::Gsm => total_dbm,
        Technology::Umts => total_dbm + settings.cpich_offset_db,
        Technology::Lte => per_resource_element_dbm(total_dbm, lte_resource_blocks(bandwidth_mhz)?),
        Technology::Nr => {
            let scs = settings
                .nr_scs_khz
                .unwrap_or_else(|| nr_default_scs_khz(frequency_mhz, bandwidth_mhz));
            per_resource_element_dbm(total_dbm, nr_resource_blocks(bandwidth_mhz, scs)?)
                + settings.ssb_boost_db
        }
    };
    Ok(Figure { kind, dbm })
}

/// A sector's side of the link budget, ready for many pixels: EIRP, the
/// antenna's pointing and pattern, and what its figure needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorBudget<P = ParametricSector> {
    /// Technology.
    pub technology: Technology,
    /// EIRP on boresight, dBm.
    pub eirp_dbm: f64,
    /// Where the antenna points.
    pub pointing: Pointing,
    /// Its pattern (peak gain included in `eirp_dbm`).
    pub pattern: P,
    /// Carrier frequency, MHz.
    pub frequency_mhz: f64,
    /// Channel bandwidth, MHz.
    pub bandwidth_mhz: f64,
}

impl SectorBudget<ParametricSector> {
    /// The budget of a sector record with the 3GPP parametric pattern of
    /// its beamwidth and gain ([`ParametricSector::from_sector`]).
    pub fn from_sector(s: &Sector) -> Self {
        Self::with_pattern(s, ParametricSector::from_sector(s))
    }
}

impl<P: AntennaPattern> SectorBudget<P> {
    /// The budget of a sector record with another pattern (e.g. an MSI
    /// file); the EIRP uses the pattern's peak gain.
    pub fn with_pattern(s: &Sector, pattern: P) -> Self {
        Self {
            technology: s.technology,
            eirp_dbm: eirp_dbm(s.tx_power_dbm, pattern.peak_gain_dbi(), s.feeder_loss_db),
            pointing: Pointing::from_sector(s),
            pattern,
            frequency_mhz: s.frequency_mhz,
            bandwidth_mhz: s.bandwidth_mhz,
        }
    }

    /// Received total power (dBm, isotropic receiver) at a pixel seen at
    /// `bearing_deg` and `elevation_deg` from the antenna, for a basic
    /// transmission loss `loss_db`.
    pub fn received_dbm(&self, bearing_deg: f64, elevation_deg: f64, loss_db: f64) -> f64 {
        let a = self
            .pattern
            .relative_gain_toward(&self.pointing, bearing_deg, elevation_deg);
        received_power_dbm(self.eirp_dbm, a, loss_db)
    }

    /// The technology's figure for a received total power.
    pub fn figure(
        &self,
        received_dbm: f64,
        settings: &FigureSettings,
    ) -> Result<Figure, LinkError> {
        figure(
            self.technology,
            received_dbm,
            self.bandwidth_mhz,
            self.frequency_mhz,
            settings,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_budget() {
        // 4G, 20 MHz: 46 dBm + 17 dBi − 2 dB = 61 dBm EIRP; pattern −3 dB;
        // loss 130 dB → −72 dBm total; 12·100 = 1200 REs, 10·log10(1200) =
        // 30.7918 → RSRP −102.7918 dBm.
        let total = received_power_dbm(eirp_dbm(46.0, 17.0, 2.0), -3.0, 130.0);
        assert_eq!(total, -72.0);
        let s = FigureSettings::default();
        let f = figure(Technology::Lte, total, 20.0, 1842.5, &s).unwrap();
        assert!((f.dbm + 102.7918).abs() < 1e-4);
        // 5 MHz LTE: 25 RB → 300 REs → 24.7712 dB.
        let f = figure(Technology::Lte, total, 5.0, 1842.5, &s).unwrap();
        assert!((f.dbm + 96.7712).abs() < 1e-4);
        // NR n28 20 MHz at 15 kHz: 106 RB → 1272 REs → 31.0449 dB, +3 dB boost.
        let s3 = FigureSettings {
            ssb_boost_db: 3.0,
            ..s
        };
        let f = figure(Technology::Nr, total, 20.0, 780.0, &s3).unwrap();
        assert!((f.dbm + 100.0449).abs() < 1e-4);
        // RSCP: 10 % CPICH → −82 dBm; RxLev −72 dBm → index 39.
        assert_eq!(
            figure(Technology::Umts, total, 5.0, 2140.0, &s)
                .unwrap()
                .dbm,
            -82.0
        );
        assert_eq!(rxlev_index(total), 39);
        // ERP ↔ EIRP.
        assert!((eirp_to_erp_dbm(61.0) - 58.85).abs() < 1e-12);
        assert!(figure(
            Technology::Nr,
            total,
            100.0,
            3500.0,
            &FigureSettings {
                nr_scs_khz: Some(15),
                ..s
            }
        )
        .is_err());
    }

    #[test]
    fn rxlev_edges() {
        assert_eq!(rxlev_index(-110.0001), 0);
        assert_eq!(rxlev_index(-109.0), 2);
        assert_eq!(rxlev_index(-48.0001), 62);
        assert_eq!(rxlev_index(-48.0), 63);
        assert_eq!(rxlev_index(f64::NAN), 0);
        assert_eq!(rxlev_index(f64::INFINITY), 63);
    }

    #[test]
    fn sector_budget_off_boresight() {
        let mut s = crate::model::example_sector();
        s.azimuth_deg = 90.0;
        let b = SectorBudget::from_sector(&s);
        // 32.5° off boresight (half of 65°) on the beam's vertical centre:
        // −3 dB. The mechanical tilt there is 2·cos 32.5° = 1.6868°, total
        // 5.6868° → target at elevation −5.6868°.
        let elev = -(4.0 + 2.0 * 32.5f64.to_radians().cos());
        let p = b.received_dbm(122.5, elev, 100.0);
        assert!((p - (61.0 - 3.0 - 100.0)).abs() < 1e-9, "{p}");
    }
}
