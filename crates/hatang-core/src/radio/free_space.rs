//! Free-space basic transmission loss, ITU-R P.525.

use super::{Interval, Link, Loss, ModelError, PathLoss, Validity, SPEED_OF_LIGHT_M_S};

/// Free-space loss `20·log10(4π·d·f / c)`, dB, for `d` in metres and `f` in
/// MHz — ITU-R P.525-4 eq. (4) `L_bf = 32.45 + 20 log f(MHz) + 20 log
/// d(km)` written without rounding the constant (32.4478 dB).
///
/// ```
/// use hatang_core::radio::free_space_loss_db;
/// // 1800 MHz over 1 km: 32.45 + 65.105 + 0 = 97.55 dB.
/// assert!((free_space_loss_db(1800.0, 1_000.0) - 97.55).abs() < 0.01);
/// ```
pub fn free_space_loss_db(freq_mhz: f64, distance_m: f64) -> f64 {
    20.0 * (4.0 * std::f64::consts::PI * distance_m * freq_mhz * 1e6 / SPEED_OF_LIGHT_M_S).log10()
}

/// ITU-R P.525 free-space loss between isotropic antennas. Valid for any
/// frequency and for distances in the far field; the heights are not
/// used (the distance is the ground distance of the link; use it for
/// short-range checks and as the floor other models should not go below).
///
/// ```
/// use hatang_core::radio::{FreeSpace, Link, PathLoss};
/// let l = FreeSpace.loss(&Link::new(900.0, 30.0, 1.5, 10_000.0)).unwrap();
/// assert!((l.db - 111.53).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FreeSpace;

impl PathLoss for FreeSpace {
    fn name(&self) -> &'static str {
        "ITU-R P.525 free space"
    }

    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::POSITIVE,
            distance_m: Interval::POSITIVE,
            h_tx_m: Interval::POSITIVE,
            h_rx_m: Interval::POSITIVE,
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let warnings = self.validity().check(self.name(), link)?;
        Ok(Loss::new(free_space_loss_db(link.freq_mhz, link.distance_m)).with_warnings(warnings))
    }
}
