//! Error type: every refused input names the parameter, its value and the valid range.

use std::fmt;

/// A closed, open or half-open interval of valid values, used in error messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidRange {
    /// Lower bound (may be `f64::NEG_INFINITY`).
    pub min: f64,
    /// Upper bound (may be `f64::INFINITY`).
    pub max: f64,
    /// Whether `min` itself is valid.
    pub min_inclusive: bool,
    /// Whether `max` itself is valid.
    pub max_inclusive: bool,
}

impl ValidRange {
    /// The closed interval `[min, max]`.
    pub const fn closed(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            min_inclusive: true,
            max_inclusive: true,
        }
    }

    /// The open interval `(min, max)`.
    pub const fn open(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            min_inclusive: false,
            max_inclusive: false,
        }
    }

    /// `[min, +∞)`: any finite value not below `min`.
    pub const fn at_least(min: f64) -> Self {
        Self {
            min,
            max: f64::INFINITY,
            min_inclusive: true,
            max_inclusive: false,
        }
    }

    /// `(min, +∞)`: any finite value above `min`.
    pub const fn above(min: f64) -> Self {
        Self {
            min,
            max: f64::INFINITY,
            min_inclusive: false,
            max_inclusive: false,
        }
    }

    /// `(-∞, +∞)`: any finite value.
    pub const fn finite() -> Self {
        Self {
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            min_inclusive: false,
            max_inclusive: false,
        }
    }

    /// Whether `x` lies in the range. NaN and infinities never do.
    pub fn contains(&self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        let lo = if self.min_inclusive {
            x >= self.min
        } else {
            x > self.min
        };
        let hi = if self.max_inclusive {
            x <= self.max
        } else {
            x < self.max
        };
        lo && hi
    }
}

impl fmt::Display for ValidRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let open = if self.min_inclusive { '[' } else { '(' };
        let close = if self.max_inclusive { ']' } else { ')' };
        let bound = |x: f64| -> String {
            if x == f64::INFINITY {
                "+inf".to_owned()
            } else if x == f64::NEG_INFINITY {
                "-inf".to_owned()
            } else {
                format!("{x}")
            }
        };
        write!(f, "{open}{}, {}{close}", bound(self.min), bound(self.max))
    }
}

/// Why a prediction was refused. No out-of-range input is ever turned into a number.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum P1812Error {
    /// A scalar parameter lies outside its valid range (NaN and infinities included).
    #[error("{param} = {value} is outside the valid range {range}")]
    OutOfRange {
        /// Name of the parameter, with its unit, e.g. `"f (GHz)"`.
        param: &'static str,
        /// The offending value.
        value: f64,
        /// The range of values the Recommendation (or this implementation) accepts.
        range: ValidRange,
    },
    /// One element of a profile array lies outside its valid range.
    #[error("{array}[{index}] = {value} is outside the valid range {range}")]
    ProfileValueOutOfRange {
        /// Name of the profile array, e.g. `"h (m)"`.
        array: &'static str,
        /// Index of the offending element.
        index: usize,
        /// The offending value.
        value: f64,
        /// The valid range of the element.
        range: ValidRange,
    },
    /// The profile has too few points for the path analysis.
    #[error("the profile has {len} points; at least {min} are required")]
    ProfileTooShort {
        /// Number of points given.
        len: usize,
        /// Minimum number of points.
        min: usize,
    },
    /// A profile array does not have one element per distance.
    #[error("profile array {array} has {len} elements but the distance array has {expected}")]
    LengthMismatch {
        /// Name of the array whose length is wrong.
        array: &'static str,
        /// Its length.
        len: usize,
        /// The length of the distance array.
        expected: usize,
    },
    /// The profile does not start at the transmitter (distance 0 km).
    #[error("the profile must start at the transmitter: d[0] = {value} km, valid range [0, 0]")]
    ProfileStart {
        /// The first distance found.
        value: f64,
    },
    /// Profile distances are not strictly increasing.
    #[error(
        "profile distances must be strictly increasing: d[{index}] = {value} km is not greater than d[{}] = {previous} km",
        index - 1
    )]
    NotIncreasing {
        /// Index of the first distance not greater than its predecessor.
        index: usize,
        /// That distance (km).
        value: f64,
        /// The preceding distance (km).
        previous: f64,
    },
    /// A radio-climatic zone code other than 1 (sea), 3 (coastal land) or 4 (inland).
    #[error("radio-climatic zone code {code} is invalid; valid codes are 1 (sea), 3 (coastal land) and 4 (inland)")]
    InvalidZone {
        /// The offending code.
        code: i64,
    },
    /// A polarisation code other than 1 (horizontal) or 2 (vertical).
    #[error(
        "polarisation code {code} is invalid; valid codes are 1 (horizontal) and 2 (vertical)"
    )]
    InvalidPolarisation {
        /// The offending code.
        code: i64,
    },
}
