//! Refusals: the error return codes of ITM.

use thiserror::Error;

/// An input that ITM refuses to turn into a loss.
///
/// Each variant corresponds to exactly one of ITM's error return codes
/// (`ERROR__*` in NTIA's `Errors.h`); [`ItmError::code`] gives that number.
/// The variants carry the offending value so that the [`Display`](std::fmt::Display)
/// text names both the reason and the value.
///
/// ```
/// use hatang_itm::ItmError;
///
/// let e = ItmError::Frequency { f_mhz: 25_000.0 };
/// assert_eq!(e.code(), 1009);
/// assert!(e.to_string().contains("25000"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum ItmError {
    /// 1000: the transmitter's structural height is outside 0.5 m ..= 3000 m.
    #[error("TX terminal height {h_m} m is out of range (0.5 m to 3000 m)")]
    TxTerminalHeight {
        /// The height given, in metres.
        h_m: f64,
    },
    /// 1001: the receiver's structural height is outside 0.5 m ..= 3000 m.
    #[error("RX terminal height {h_m} m is out of range (0.5 m to 3000 m)")]
    RxTerminalHeight {
        /// The height given, in metres.
        h_m: f64,
    },
    /// 1002: the radio climate code is not one of 1 ..= 7.
    #[error("invalid radio climate {code} (expected 1 to 7)")]
    InvalidRadioClimate {
        /// The climate code given.
        code: i32,
    },
    /// 1003: the time percentage is not strictly between 0 and 100.
    #[error("time percentage {percent} is out of range (0 < time < 100)")]
    InvalidTime {
        /// The percentage given.
        percent: f64,
    },
    /// 1004: the location percentage is not strictly between 0 and 100.
    #[error("location percentage {percent} is out of range (0 < location < 100)")]
    InvalidLocation {
        /// The percentage given.
        percent: f64,
    },
    /// 1005: the situation percentage is not strictly between 0 and 100.
    #[error("situation percentage {percent} is out of range (0 < situation < 100)")]
    InvalidSituation {
        /// The percentage given.
        percent: f64,
    },
    /// 1006: the confidence percentage is not strictly between 0 and 100.
    #[error("confidence percentage {percent} is out of range (0 < confidence < 100)")]
    InvalidConfidence {
        /// The percentage given.
        percent: f64,
    },
    /// 1007: the reliability percentage is not strictly between 0 and 100.
    #[error("reliability percentage {percent} is out of range (0 < reliability < 100)")]
    InvalidReliability {
        /// The percentage given.
        percent: f64,
    },
    /// 1008: the surface refractivity N_0 is outside 250 ..= 400 N-units.
    #[error("refractivity N_0 = {n_0} N-units is out of range (250 to 400)")]
    Refractivity {
        /// The refractivity given, in N-units.
        n_0: f64,
    },
    /// 1009: the frequency is outside 20 MHz ..= 20 000 MHz.
    #[error("frequency {f_mhz} MHz is out of range (20 MHz to 20000 MHz)")]
    Frequency {
        /// The frequency given, in MHz.
        f_mhz: f64,
    },
    /// 1010: the polarisation code is neither 0 (horizontal) nor 1 (vertical).
    #[error("invalid polarization {code} (expected 0 horizontal or 1 vertical)")]
    Polarization {
        /// The polarisation code given.
        code: i32,
    },
    /// 1011: the relative permittivity is below 1.
    #[error("relative permittivity epsilon = {epsilon} is out of range (must be >= 1)")]
    Epsilon {
        /// The permittivity given.
        epsilon: f64,
    },
    /// 1012: the ground conductivity is not positive.
    #[error("ground conductivity sigma = {sigma} S/m is out of range (must be > 0)")]
    Sigma {
        /// The conductivity given, in S/m.
        sigma: f64,
    },
    /// 1013: the ground impedance's imaginary part is at least as large as its real part.
    #[error("ground impedance Z_g = {re} + {im}i has |Im| >= Re")]
    GroundImpedance {
        /// Real part of the computed ground impedance.
        re: f64,
        /// Imaginary part of the computed ground impedance.
        im: f64,
    },
    /// 1014: the mode-of-variability code is not 0-3 plus optionally 10 and/or 20.
    #[error("invalid mode of variability mdvar = {code} (expected 0-3, 10-13, 20-23 or 30-33)")]
    Mdvar {
        /// The mdvar code given.
        code: i32,
    },
    /// 1016: the internally computed effective earth radius is outside 4000 km ..= 13 333.333 km.
    #[error("effective earth radius {a_e_m} m is out of range (4000 km to 13333.333 km)")]
    EffectiveEarth {
        /// The effective earth radius, in metres.
        a_e_m: f64,
    },
    /// 1017: the path distance is not positive (or not finite).
    #[error("path distance {d_km} km is out of range (must be > 0)")]
    PathDistance {
        /// The distance given, in km.
        d_km: f64,
    },
    /// 1018: the terrain irregularity parameter Δh is negative (or not finite).
    #[error("terrain irregularity delta_h = {delta_h_m} m is out of range (must be >= 0)")]
    DeltaH {
        /// The Δh given, in metres.
        delta_h_m: f64,
    },
    /// 1019: the transmitter siting criteria code is not 0, 1 or 2.
    #[error("invalid TX siting criteria {code} (expected 0 random, 1 careful or 2 very careful)")]
    TxSitingCriteria {
        /// The code given.
        code: i32,
    },
    /// 1020: the receiver siting criteria code is not 0, 1 or 2.
    #[error("invalid RX siting criteria {code} (expected 0 random, 1 careful or 2 very careful)")]
    RxSitingCriteria {
        /// The code given.
        code: i32,
    },
    /// 1021: the internally computed surface refractivity N_s is below 150 N-units.
    #[error("surface refractivity N_s = {n_s} N-units is too small (must be >= 150)")]
    SurfaceRefractivitySmall {
        /// The computed N_s, in N-units.
        n_s: f64,
    },
    /// 1022: the internally computed surface refractivity N_s is above 400 N-units.
    #[error("surface refractivity N_s = {n_s} N-units is too large (must be <= 400)")]
    SurfaceRefractivityLarge {
        /// The computed N_s, in N-units.
        n_s: f64,
    },
}

impl ItmError {
    /// ITM's numeric return code for this refusal (1000 ..= 1022).
    ///
    /// ```
    /// use hatang_itm::ItmError;
    /// assert_eq!(ItmError::TxTerminalHeight { h_m: 0.1 }.code(), 1000);
    /// ```
    #[must_use]
    pub const fn code(&self) -> i32 {
        match self {
            Self::TxTerminalHeight { .. } => 1000,
            Self::RxTerminalHeight { .. } => 1001,
            Self::InvalidRadioClimate { .. } => 1002,
            Self::InvalidTime { .. } => 1003,
            Self::InvalidLocation { .. } => 1004,
            Self::InvalidSituation { .. } => 1005,
            Self::InvalidConfidence { .. } => 1006,
            Self::InvalidReliability { .. } => 1007,
            Self::Refractivity { .. } => 1008,
            Self::Frequency { .. } => 1009,
            Self::Polarization { .. } => 1010,
            Self::Epsilon { .. } => 1011,
            Self::Sigma { .. } => 1012,
            Self::GroundImpedance { .. } => 1013,
            Self::Mdvar { .. } => 1014,
            Self::EffectiveEarth { .. } => 1016,
            Self::PathDistance { .. } => 1017,
            Self::DeltaH { .. } => 1018,
            Self::TxSitingCriteria { .. } => 1019,
            Self::RxSitingCriteria { .. } => 1020,
            Self::SurfaceRefractivitySmall { .. } => 1021,
            Self::SurfaceRefractivityLarge { .. } => 1022,
        }
    }
}

/// A terrain profile whose layout cannot be read.
///
/// This is not one of ITM's return codes: ITM itself trusts its `pfl[]` array
/// blindly. Checking the layout once, when a [`Profile`](crate::Profile) is
/// built, keeps every later computation free of out-of-bounds reads and NaNs.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// A `pfl` array needs at least `np`, the step and two heights.
    #[error("pfl array has {len} values; it needs at least 4 (np, step, two heights)")]
    TooShort {
        /// Number of values in the array.
        len: usize,
    },
    /// `np` (the number of intervals) must be a whole number >= 1.
    #[error("number of profile intervals np = {np} is not a whole number >= 1")]
    IntervalCount {
        /// The `np` value found.
        np: f64,
    },
    /// The number of heights must be `np + 1`.
    #[error("profile declares np = {np} intervals but holds {heights} heights (expected np + 1)")]
    LengthMismatch {
        /// The `np` value found.
        np: usize,
        /// The number of heights present.
        heights: usize,
    },
    /// The spacing between points must be finite and positive.
    #[error("profile step {step_m} m is not a finite positive number")]
    Step {
        /// The step found, in metres.
        step_m: f64,
    },
    /// Every height must be a finite number.
    #[error("profile height #{index} is {value} (not finite)")]
    NonFiniteHeight {
        /// Index of the offending height (0 = transmitter end).
        index: usize,
        /// The offending value.
        value: f64,
    },
}
