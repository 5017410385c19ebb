//! The little complex arithmetic ITM needs (ground impedance and the
//! two-ray reflection coefficient), public so that a specialised caller
//! (the coverage engine's kernel) computes exactly as ITM does; no
//! external crate.

use std::ops::{Add, Div, Mul, Sub};

/// A complex number with ITM's arithmetic (Smith's division).
///
/// ```
/// use hatang_itm::Complex;
/// let z = Complex::new(3.0, 4.0);
/// assert_eq!(z.abs(), 5.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complex {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

impl Complex {
    /// `re + i·im`.
    pub const fn new(re: f64, im: f64) -> Self {
        Self { re, im }
    }

    /// Modulus, |z|.
    pub fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// Squared modulus, |z|².
    pub fn norm_sqr(self) -> f64 {
        self.re * self.re + self.im * self.im
    }

    /// Principal square root (branch cut along the negative real axis).
    pub fn sqrt(self) -> Self {
        if self.im == 0.0 {
            return if self.re >= 0.0 {
                Self::new(self.re.sqrt(), self.im)
            } else {
                Self::new(0.0, (-self.re).sqrt().copysign(self.im))
            };
        }
        let d = self.abs();
        let (r, s) = if self.re > 0.0 {
            let r = (0.5 * (d + self.re)).sqrt();
            (r, 0.5 * (self.im / r))
        } else {
            let s = (0.5 * (d - self.re)).sqrt();
            ((0.5 * (self.im / s)).abs(), s)
        };
        Self::new(r, s.copysign(self.im))
    }
}

impl Add for Complex {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self::new(self.re + rhs.re, self.im + rhs.im)
    }
}

impl Sub for Complex {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self::new(self.re - rhs.re, self.im - rhs.im)
    }
}

impl Mul<f64> for Complex {
    type Output = Self;
    fn mul(self, rhs: f64) -> Self {
        Self::new(self.re * rhs, self.im * rhs)
    }
}

impl Div for Complex {
    type Output = Self;
    /// Smith's algorithm, which avoids needless overflow.
    fn div(self, rhs: Self) -> Self {
        let (a, b, c, d) = (self.re, self.im, rhs.re, rhs.im);
        if c.abs() < d.abs() {
            let ratio = c / d;
            let denom = c * ratio + d;
            Self::new((a * ratio + b) / denom, (b * ratio - a) / denom)
        } else {
            let ratio = d / c;
            let denom = d * ratio + c;
            Self::new((b * ratio + a) / denom, (b - a * ratio) / denom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Complex;

    #[test]
    fn sqrt_and_div_are_consistent() {
        for &(re, im) in &[
            (3.0, 4.0),
            (-3.0, 4.0),
            (-3.0, -4.0),
            (14.0, 0.09),
            (0.0, 2.0),
        ] {
            let z = Complex::new(re, im);
            let r = z.sqrt();
            assert!(r.re >= 0.0);
            let back = Complex::new(r.re * r.re - r.im * r.im, 2.0 * r.re * r.im);
            assert!((back.re - re).abs() < 1e-12 && (back.im - im).abs() < 1e-12);
            let q = z / Complex::new(1.5, -0.5);
            let m = Complex::new(q.re * 1.5 + q.im * 0.5, q.im * 1.5 - q.re * 0.5);
            assert!((m.re - re).abs() < 1e-12 && (m.im - im).abs() < 1e-12);
        }
        assert_eq!(Complex::new(-4.0, 0.0).sqrt(), Complex::new(0.0, 2.0));
    }
}
