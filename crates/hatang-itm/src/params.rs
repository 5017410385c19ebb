//! Typed model inputs: climate, polarisation, siting, mode of variability,
//! and the two ways of stating the variability percentages.

use crate::ItmError;

/// Radio climate (ITM codes 1 ..= 7).
///
/// ```
/// use hatang_itm::Climate;
/// assert_eq!(Climate::try_from(5), Ok(Climate::ContinentalTemperate));
/// assert_eq!(Climate::try_from(8).unwrap_err().code(), 1002);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum Climate {
    /// 1: equatorial.
    Equatorial = 1,
    /// 2: continental subtropical.
    ContinentalSubtropical = 2,
    /// 3: maritime subtropical.
    MaritimeSubtropical = 3,
    /// 4: desert.
    Desert = 4,
    /// 5: continental temperate.
    ContinentalTemperate = 5,
    /// 6: maritime temperate, over land.
    MaritimeTemperateOverLand = 6,
    /// 7: maritime temperate, over sea.
    MaritimeTemperateOverSea = 7,
}

impl Climate {
    /// ITM's numeric code (1 ..= 7).
    #[must_use]
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// Zero-based index into the climate tables.
    pub(crate) const fn index(self) -> usize {
        self as usize - 1
    }
}

impl TryFrom<i32> for Climate {
    type Error = ItmError;
    fn try_from(code: i32) -> Result<Self, ItmError> {
        Ok(match code {
            1 => Self::Equatorial,
            2 => Self::ContinentalSubtropical,
            3 => Self::MaritimeSubtropical,
            4 => Self::Desert,
            5 => Self::ContinentalTemperate,
            6 => Self::MaritimeTemperateOverLand,
            7 => Self::MaritimeTemperateOverSea,
            _ => return Err(ItmError::InvalidRadioClimate { code }),
        })
    }
}

/// Antenna polarisation (ITM codes 0 and 1).
///
/// ```
/// use hatang_itm::Polarization;
/// assert_eq!(Polarization::try_from(1), Ok(Polarization::Vertical));
/// assert_eq!(Polarization::try_from(2).unwrap_err().code(), 1010);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum Polarization {
    /// 0: horizontal.
    Horizontal = 0,
    /// 1: vertical.
    Vertical = 1,
}

impl Polarization {
    /// ITM's numeric code (0 or 1).
    #[must_use]
    pub const fn code(self) -> i32 {
        self as i32
    }
}

impl TryFrom<i32> for Polarization {
    type Error = ItmError;
    fn try_from(code: i32) -> Result<Self, ItmError> {
        match code {
            0 => Ok(Self::Horizontal),
            1 => Ok(Self::Vertical),
            _ => Err(ItmError::Polarization { code }),
        }
    }
}

/// How carefully a terminal was sited (area mode only; ITM codes 0 ..= 2).
///
/// ```
/// use hatang_itm::SitingCriteria;
/// assert_eq!(SitingCriteria::tx_from_code(2), Ok(SitingCriteria::VeryCareful));
/// assert_eq!(SitingCriteria::tx_from_code(3).unwrap_err().code(), 1019);
/// assert_eq!(SitingCriteria::rx_from_code(-1).unwrap_err().code(), 1020);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(i32)]
pub enum SitingCriteria {
    /// 0: random siting.
    #[default]
    Random = 0,
    /// 1: careful siting.
    Careful = 1,
    /// 2: very careful siting.
    VeryCareful = 2,
}

impl SitingCriteria {
    /// ITM's numeric code (0 ..= 2).
    #[must_use]
    pub const fn code(self) -> i32 {
        self as i32
    }

    const fn from_code(code: i32) -> Option<Self> {
        match code {
            0 => Some(Self::Random),
            1 => Some(Self::Careful),
            2 => Some(Self::VeryCareful),
            _ => None,
        }
    }

    /// The transmitter's siting criteria from its ITM code; refuses with 1019.
    pub fn tx_from_code(code: i32) -> Result<Self, ItmError> {
        Self::from_code(code).ok_or(ItmError::TxSitingCriteria { code })
    }

    /// The receiver's siting criteria from its ITM code; refuses with 1020.
    pub fn rx_from_code(code: i32) -> Result<Self, ItmError> {
        Self::from_code(code).ok_or(ItmError::RxSitingCriteria { code })
    }
}

/// The base mode of variability (the units digit of ITM's `mdvar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(i32)]
pub enum VariabilityMode {
    /// 0: single-message mode — time, location and situation are combined.
    SingleMessage = 0,
    /// 1: accidental mode — location and situation are combined.
    Accidental = 1,
    /// 2: mobile mode — time and location are combined.
    Mobile = 2,
    /// 3: broadcast mode — time, location and situation are kept apart.
    #[default]
    Broadcast = 3,
}

/// ITM's mode of variability, `mdvar`: a [`VariabilityMode`] plus the
/// "+10" flag (no location variability) and the "+20" flag (no direct
/// situation variability).
///
/// ```
/// use hatang_itm::{Mdvar, VariabilityMode};
///
/// let m = Mdvar::try_from(23).unwrap();
/// assert_eq!(m.mode, VariabilityMode::Broadcast);
/// assert!(m.no_situation_variability && !m.no_location_variability);
/// assert_eq!(m.code(), 23);
/// assert_eq!(Mdvar::try_from(4).unwrap_err().code(), 1014);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mdvar {
    /// The base mode (0 ..= 3).
    pub mode: VariabilityMode,
    /// "+10": location variability is eliminated (point-to-point studies
    /// where the terminal locations are known).
    pub no_location_variability: bool,
    /// "+20": direct situation variability is eliminated (interference
    /// studies); a small residual remains.
    pub no_situation_variability: bool,
}

impl Mdvar {
    /// A base mode without the +10 / +20 flags.
    #[must_use]
    pub const fn new(mode: VariabilityMode) -> Self {
        Self {
            mode,
            no_location_variability: false,
            no_situation_variability: false,
        }
    }

    /// ITM's numeric code: mode + 10 (no location) + 20 (no situation).
    #[must_use]
    pub const fn code(self) -> i32 {
        self.mode as i32
            + if self.no_location_variability { 10 } else { 0 }
            + if self.no_situation_variability { 20 } else { 0 }
    }
}

impl TryFrom<i32> for Mdvar {
    type Error = ItmError;
    fn try_from(code: i32) -> Result<Self, ItmError> {
        if !(0..=33).contains(&code) || code % 10 > 3 {
            return Err(ItmError::Mdvar { code });
        }
        let mode = match code % 10 {
            0 => VariabilityMode::SingleMessage,
            1 => VariabilityMode::Accidental,
            2 => VariabilityMode::Mobile,
            _ => VariabilityMode::Broadcast,
        };
        Ok(Self {
            mode,
            no_location_variability: (code / 10) % 2 == 1,
            no_situation_variability: code >= 20,
        })
    }
}

/// Variability stated as time, location and situation percentages
/// (ITM's "TLS" entry points). Each must lie strictly between 0 and 100.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tls {
    /// Time percentage, 0 < time < 100.
    pub time: f64,
    /// Location percentage, 0 < location < 100.
    pub location: f64,
    /// Situation percentage, 0 < situation < 100.
    pub situation: f64,
}

impl Tls {
    /// Time, location and situation percentages.
    #[must_use]
    pub const fn new(time: f64, location: f64, situation: f64) -> Self {
        Self {
            time,
            location,
            situation,
        }
    }

    /// 50 % time, 50 % locations, 50 % situations: the median loss.
    pub const MEDIAN: Self = Self::new(50.0, 50.0, 50.0);
}

/// Variability stated as confidence and reliability percentages
/// (ITM's "CR" entry points). Each must lie strictly between 0 and 100.
///
/// ITM evaluates these as time = reliability, location = 50 %,
/// situation = confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cr {
    /// Confidence percentage, 0 < confidence < 100.
    pub confidence: f64,
    /// Reliability percentage, 0 < reliability < 100.
    pub reliability: f64,
}

impl Cr {
    /// Confidence and reliability percentages.
    #[must_use]
    pub const fn new(confidence: f64, reliability: f64) -> Self {
        Self {
            confidence,
            reliability,
        }
    }
}

/// The propagation mode in which the reference attenuation was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum PropagationMode {
    /// 1: line of sight.
    LineOfSight = 1,
    /// 2: diffraction.
    Diffraction = 2,
    /// 3: troposcatter.
    Troposcatter = 3,
}

impl PropagationMode {
    /// ITM's numeric code (1 ..= 3).
    #[must_use]
    pub const fn code(self) -> i32 {
        self as i32
    }
}

/// Whether a path was described by a terrain profile or by area-mode statistics.
///
/// It matters to the diffraction weighting: with known path parameters
/// (point-to-point) ITM adds a clutter constant of 10 m².
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathKind {
    /// Point-to-point mode: geometry from a terrain profile.
    PointToPoint,
    /// Area mode: geometry from distance, Δh and siting criteria.
    Area,
}
