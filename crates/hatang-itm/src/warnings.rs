//! Warning flags: ITM's "success with warnings" bits.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// A set of ITM warning flags (the `WARN__*` bits of NTIA's `Warnings.h`).
///
/// A prediction that carries any warning corresponds to ITM's return code 1
/// (`SUCCESS_WITH_WARNINGS`); without warnings it is return code 0.
/// The raw bits are available as the public field, so the value compares
/// directly with ITM's `long warnings` output.
///
/// ```
/// use hatang_itm::Warnings;
///
/// let w = Warnings::TX_TERMINAL_HEIGHT | Warnings::FREQUENCY;
/// assert_eq!(w.0, 0x5);
/// assert!(w.contains(Warnings::FREQUENCY));
/// assert!(!w.contains(Warnings::RX_TERMINAL_HEIGHT));
/// assert_eq!(format!("{w}"), "TX_TERMINAL_HEIGHT | FREQUENCY");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Warnings(pub u32);

impl Warnings {
    /// No warning.
    pub const NONE: Self = Self(0);
    /// 0x0001: TX terminal height is near its limits (outside 1 m ..= 1000 m).
    pub const TX_TERMINAL_HEIGHT: Self = Self(0x0001);
    /// 0x0002: RX terminal height is near its limits (outside 1 m ..= 1000 m).
    pub const RX_TERMINAL_HEIGHT: Self = Self(0x0002);
    /// 0x0004: frequency is near its limits (outside 40 MHz ..= 10 000 MHz).
    pub const FREQUENCY: Self = Self(0x0004);
    /// 0x0008: path distance is near its upper limit (over 1000 km).
    pub const PATH_DISTANCE_TOO_BIG_1: Self = Self(0x0008);
    /// 0x0010: path distance is large (over 2000 km); care must be taken with the result.
    pub const PATH_DISTANCE_TOO_BIG_2: Self = Self(0x0010);
    /// 0x0020: path distance is near its lower limit (below |h_e,tx − h_e,rx| / 0.2).
    pub const PATH_DISTANCE_TOO_SMALL_1: Self = Self(0x0020);
    /// 0x0040: path distance is small (below 1 km); care must be taken with the result.
    pub const PATH_DISTANCE_TOO_SMALL_2: Self = Self(0x0040);
    /// 0x0080: TX horizon angle is large (over 200 mrad); small-angle approximations may break down.
    pub const TX_HORIZON_ANGLE: Self = Self(0x0080);
    /// 0x0100: RX horizon angle is large (over 200 mrad); small-angle approximations may break down.
    pub const RX_HORIZON_ANGLE: Self = Self(0x0100);
    /// 0x0200: TX horizon distance is less than 1/10 of the smooth-earth horizon distance.
    pub const TX_HORIZON_DISTANCE_1: Self = Self(0x0200);
    /// 0x0400: RX horizon distance is less than 1/10 of the smooth-earth horizon distance.
    pub const RX_HORIZON_DISTANCE_1: Self = Self(0x0400);
    /// 0x0800: TX horizon distance is greater than 3 times the smooth-earth horizon distance.
    pub const TX_HORIZON_DISTANCE_2: Self = Self(0x0800);
    /// 0x1000: RX horizon distance is greater than 3 times the smooth-earth horizon distance.
    pub const RX_HORIZON_DISTANCE_2: Self = Self(0x1000);
    /// 0x2000: one of the variabilities lies far in the tail of its distribution (|z| > 3.1).
    pub const EXTREME_VARIABILITIES: Self = Self(0x2000);
    /// 0x4000: the internally computed surface refractivity is small (below 250 N-units).
    pub const SURFACE_REFRACTIVITY: Self = Self(0x4000);

    /// Every named flag with its name, in bit order.
    pub const ALL: [(Self, &'static str); 15] = [
        (Self::TX_TERMINAL_HEIGHT, "TX_TERMINAL_HEIGHT"),
        (Self::RX_TERMINAL_HEIGHT, "RX_TERMINAL_HEIGHT"),
        (Self::FREQUENCY, "FREQUENCY"),
        (Self::PATH_DISTANCE_TOO_BIG_1, "PATH_DISTANCE_TOO_BIG_1"),
        (Self::PATH_DISTANCE_TOO_BIG_2, "PATH_DISTANCE_TOO_BIG_2"),
        (Self::PATH_DISTANCE_TOO_SMALL_1, "PATH_DISTANCE_TOO_SMALL_1"),
        (Self::PATH_DISTANCE_TOO_SMALL_2, "PATH_DISTANCE_TOO_SMALL_2"),
        (Self::TX_HORIZON_ANGLE, "TX_HORIZON_ANGLE"),
        (Self::RX_HORIZON_ANGLE, "RX_HORIZON_ANGLE"),
        (Self::TX_HORIZON_DISTANCE_1, "TX_HORIZON_DISTANCE_1"),
        (Self::RX_HORIZON_DISTANCE_1, "RX_HORIZON_DISTANCE_1"),
        (Self::TX_HORIZON_DISTANCE_2, "TX_HORIZON_DISTANCE_2"),
        (Self::RX_HORIZON_DISTANCE_2, "RX_HORIZON_DISTANCE_2"),
        (Self::EXTREME_VARIABILITIES, "EXTREME_VARIABILITIES"),
        (Self::SURFACE_REFRACTIVITY, "SURFACE_REFRACTIVITY"),
    ];

    /// The raw bits, as ITM reports them.
    #[must_use]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// True when no flag is set.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when every flag of `other` is set in `self`.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the flags of `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }
}

impl BitOr for Warnings {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for Warnings {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("NONE");
        }
        let mut first = true;
        let mut known = 0;
        for (flag, name) in Self::ALL {
            if self.contains(flag) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
                known |= flag.0;
            }
        }
        let unknown = self.0 & !known;
        if unknown != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{unknown:#x}")?;
        }
        Ok(())
    }
}
