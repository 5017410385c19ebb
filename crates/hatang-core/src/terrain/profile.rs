//! Path profiles in ITM's `pfl` layout and the geometric line-of-sight test.

use super::{Elevation, TerrainError};
use crate::geo::{LatLon, LocalProjection, EARTH_RADIUS_M};

/// The effective Earth-radius factor of the standard atmosphere, 4/3
/// (ITU-R P.452 / P.1812 median; `k = 157 / (157 − ΔN)` with ΔN ≈ 40).
pub const EFFECTIVE_EARTH_K: f64 = 4.0 / 3.0;

/// Longest profile cut, in intervals (a 1 000 km path at 0.1 m).
const MAX_INTERVALS: usize = 10_000_000;

/// Number of intervals and actual step for a path of `distance_m` cut at
/// `step_m`: `np = max(1, ceil(distance_m / step_m))`, `step = distance_m /
/// np` — the convention of the shared ITM reference profiles.
///
/// ```
/// use hatang_core::terrain::profile_len;
/// let (np, step) = profile_len(2_520.703, 90.0);
/// assert_eq!(np, 29);
/// assert!((step - 86.92079).abs() < 1e-4);
/// ```
pub fn profile_len(distance_m: f64, step_m: f64) -> (usize, f64) {
    let np = ((distance_m / step_m).ceil() as usize).max(1);
    (np, distance_m / np as f64)
}

/// How a profile's length is measured (the cut itself is always the
/// straight line in latitude/longitude).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::PathDistance;
/// let (a, b) = (LatLon::new(21.699367, 105.251745), LatLon::new(21.908392, 105.038459));
/// let gc = PathDistance::GreatCircle.distance_m(a, b);
/// let lp = PathDistance::LocalProjection.distance_m(a, b);
/// assert!((gc - 32_016.9).abs() < 0.1);
/// assert!((lp - 32_027.98).abs() < 0.1); // srtm_intermediate.csv case 1: 32.027977 km
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathDistance {
    /// Great-circle distance ([`LatLon::distance_m`]), the default.
    #[default]
    GreatCircle,
    /// Euclidean distance in the local equirectangular projection centred
    /// on the transmitter ([`crate::geo::LocalProjection`]): the convention
    /// the shared ITM reference profiles (`srtm_pfls.csv`) were cut with.
    /// Within 50 km it differs from the great circle by up to ~0.1 %.
    LocalProjection,
}

impl PathDistance {
    /// The length of the path from `from` to `to`, metres.
    pub fn distance_m(self, from: LatLon, to: LatLon) -> f64 {
        match self {
            PathDistance::GreatCircle => from.distance_m(to),
            PathDistance::LocalProjection => {
                let (x, y) = LocalProjection::new(from).forward(to);
                x.hypot(y)
            }
        }
    }
}

/// Validates a profile request and plans it.
pub(crate) fn plan(
    from: LatLon,
    to: LatLon,
    step_m: f64,
    distance: PathDistance,
) -> Result<(usize, f64), TerrainError> {
    let bad = |reason: String| TerrainError::BadProfile { reason };
    for p in [from, to] {
        if !p.is_valid() {
            return Err(bad(format!("{}, {} is not a point", p.lat, p.lon)));
        }
    }
    if !(step_m.is_finite() && step_m > 0.0) {
        return Err(bad(format!("step {step_m} m is not positive")));
    }
    let d = distance.distance_m(from, to);
    if d < 1e-3 {
        return Err(bad(format!(
            "the ends are {d:.6} m apart: a profile needs a path"
        )));
    }
    if d / step_m > MAX_INTERVALS as f64 {
        return Err(bad(format!(
            "{d:.0} m at {step_m} m steps is more than {MAX_INTERVALS} intervals"
        )));
    }
    Ok(profile_len(d, step_m))
}

/// A terrain profile in ITM's layout: `[np, step_m, h0, …, h_np]` — `np`
/// intervals of `step_m` metres, `np + 1` ground heights (metres) from the
/// transmitter (h0) to the receiver. [`Profile::default`] is empty (no
/// interval), a buffer for [`Profile::recut`].
///
/// ```
/// use hatang_core::terrain::Profile;
/// let p = Profile::from_heights(100.0, &[10.0, 50.0, 12.0]).unwrap();
/// assert_eq!(p.as_pfl(), &[2.0, 100.0, 10.0, 50.0, 12.0]);
/// assert_eq!(p.distance_m(), 200.0);
/// // A 50 m hill in the middle blocks two 10 m masts…
/// assert!(!p.line_of_sight(10.0, 10.0, 4.0 / 3.0));
/// // …but not two 60 m ones.
/// assert!(p.line_of_sight(60.0, 60.0, 4.0 / 3.0));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pfl: Vec<f64>,
}

impl Profile {
    /// A profile from a `pfl` array, checked: `np ≥ 1` whole, `np + 3`
    /// values, a positive step, finite heights.
    ///
    /// ```
    /// use hatang_core::terrain::Profile;
    /// assert!(Profile::from_pfl(vec![1.0, 30.0, 5.0, 6.0]).is_ok());
    /// assert!(Profile::from_pfl(vec![2.0, 30.0, 5.0, 6.0]).is_err());
    /// ```
    pub fn from_pfl(pfl: Vec<f64>) -> Result<Profile, TerrainError> {
        check_pfl(&pfl)?;
        Ok(Profile { pfl })
    }

    pub(crate) fn from_pfl_unchecked(pfl: Vec<f64>) -> Profile {
        debug_assert!(check_pfl(&pfl).is_ok());
        Profile { pfl }
    }

    /// A profile of equally spaced `heights` (at least two).
    ///
    /// ```
    /// let p = hatang_core::terrain::Profile::from_heights(30.0, &[1.0, 2.0]).unwrap();
    /// assert_eq!(p.np(), 1);
    /// ```
    pub fn from_heights(step_m: f64, heights: &[f64]) -> Result<Profile, TerrainError> {
        let mut pfl = Vec::with_capacity(heights.len() + 2);
        pfl.push(heights.len().saturating_sub(1) as f64);
        pfl.push(step_m);
        pfl.extend_from_slice(heights);
        Profile::from_pfl(pfl)
    }

    /// The `pfl` array, ready for ITM.
    pub fn as_pfl(&self) -> &[f64] {
        &self.pfl
    }

    /// The `pfl` array, by value.
    pub fn into_pfl(self) -> Vec<f64> {
        self.pfl
    }

    /// Number of intervals.
    pub fn np(&self) -> usize {
        self.pfl.first().map_or(0, |n| *n as usize)
    }

    /// Step between heights, metres.
    pub fn step_m(&self) -> f64 {
        self.pfl.get(1).copied().unwrap_or(0.0)
    }

    /// Path length, metres (`np × step`).
    pub fn distance_m(&self) -> f64 {
        self.np() as f64 * self.step_m()
    }

    /// The `np + 1` heights, transmitter first.
    pub fn heights(&self) -> &[f64] {
        self.pfl.get(2..).unwrap_or(&[])
    }

    /// Re-cuts this profile from `dem`, reusing its allocation (see
    /// [`Elevation::profile_into`]). On error the profile is left empty.
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// use hatang_core::terrain::{GridSpec, LoadOptions, Profile, Tile};
    /// let t = Tile::from_grid("flat", GridSpec::new(105.0, 22.0, 0.5, 0.5, 3, 3), vec![7.0; 9],
    ///                         None, &LoadOptions::default()).unwrap();
    /// let mut p = Profile::default();
    /// p.recut(&t, LatLon::new(21.5, 105.5), LatLon::new(21.51, 105.5), 100.0).unwrap();
    /// assert_eq!(p.np(), 12);
    /// ```
    pub fn recut<E: Elevation + ?Sized>(
        &mut self,
        dem: &E,
        from: LatLon,
        to: LatLon,
        step_m: f64,
    ) -> Result<(), TerrainError> {
        let r = dem.profile_into(from, to, step_m, &mut self.pfl);
        if r.is_err() {
            self.pfl.clear();
        }
        r
    }

    /// The smallest clearance of the straight ray between the antennas
    /// (`h_tx_m`, `h_rx_m` above ground at the ends) over the terrain plus
    /// the Earth bulge for the effective radius `k_factor × 6 371 km`
    /// (see [`clearance`]).
    ///
    /// An empty profile ([`Profile::default`], or one whose re-cut failed)
    /// has nothing in the way: `min_m` is +∞.
    pub fn clearance(&self, h_tx_m: f64, h_rx_m: f64, k_factor: f64) -> Clearance {
        if self.pfl.len() < 4 {
            return Clearance {
                min_m: f64::INFINITY,
                at_m: 0.0,
            };
        }
        clearance_unchecked(&self.pfl, h_tx_m, h_rx_m, k_factor)
    }

    /// Whether no terrain point plus Earth bulge rises above the straight
    /// ray (touching counts as clear).
    pub fn line_of_sight(&self, h_tx_m: f64, h_rx_m: f64, k_factor: f64) -> bool {
        self.clearance(h_tx_m, h_rx_m, k_factor).line_of_sight()
    }
}

fn check_pfl(pfl: &[f64]) -> Result<(), TerrainError> {
    let bad = |reason: String| Err(TerrainError::BadProfile { reason });
    if pfl.len() < 4 {
        return bad(format!(
            "{} values: a pfl needs np, step and at least 2 heights",
            pfl.len()
        ));
    }
    let np = pfl[0];
    if !(np >= 1.0 && np.fract() == 0.0 && np as usize + 3 == pfl.len()) {
        return bad(format!(
            "np = {np} does not match {} heights",
            pfl.len() - 2
        ));
    }
    if !(pfl[1].is_finite() && pfl[1] > 0.0) {
        return bad(format!("step {} m is not positive", pfl[1]));
    }
    if let Some(h) = pfl[2..].iter().find(|h| !h.is_finite()) {
        return bad(format!("height {h} is not a number"));
    }
    Ok(())
}

/// The result of the line-of-sight test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clearance {
    /// Smallest height of the ray above terrain + bulge over the interior
    /// points, metres (negative: blocked); +∞ for a one-interval profile.
    pub min_m: f64,
    /// Distance from the transmitter where it occurs, metres.
    pub at_m: f64,
}

impl Clearance {
    /// True when nothing blocks the ray (`min_m ≥ 0`).
    ///
    /// ```
    /// let c = hatang_core::terrain::Clearance { min_m: -0.5, at_m: 100.0 };
    /// assert!(!c.line_of_sight());
    /// ```
    pub fn line_of_sight(&self) -> bool {
        self.min_m >= 0.0
    }
}

/// The line-of-sight test on a raw `pfl` array: the ray runs straight from
/// `h0 + h_tx_m` to `h_np + h_rx_m`; at distance `x` from the transmitter,
/// interior terrain point `h(x)` rises by the Earth bulge
/// `x (d − x) / (2 k a)` (`a` = 6 371 km, `k` = `k_factor`, 4/3 for the
/// standard atmosphere). It is LOS when no point plus bulge is above the ray.
///
/// ```
/// use hatang_core::terrain::{clearance, EFFECTIVE_EARTH_K};
/// // Flat ground, 20 km, 10 m masts: the bulge at mid-path is
/// // 10 000² / (2 · 4/3 · 6 371 008.8) = 5.886 m, under the 10 m ray.
/// let mut pfl = vec![2.0, 10_000.0, 0.0, 0.0, 0.0];
/// let c = clearance(&pfl, 10.0, 10.0, EFFECTIVE_EARTH_K).unwrap();
/// assert!((c.min_m - (10.0 - 5.886)).abs() < 1e-3);
/// // A 5 m ridge at mid-path blocks it.
/// pfl[3] = 5.0;
/// assert!(!clearance(&pfl, 10.0, 10.0, EFFECTIVE_EARTH_K).unwrap().line_of_sight());
/// ```
pub fn clearance(
    pfl: &[f64],
    h_tx_m: f64,
    h_rx_m: f64,
    k_factor: f64,
) -> Result<Clearance, TerrainError> {
    check_pfl(pfl)?;
    if !(k_factor.is_finite() && k_factor > 0.0) {
        return Err(TerrainError::BadProfile {
            reason: format!("effective Earth factor k = {k_factor} is not positive"),
        });
    }
    Ok(clearance_unchecked(pfl, h_tx_m, h_rx_m, k_factor))
}

fn clearance_unchecked(pfl: &[f64], h_tx_m: f64, h_rx_m: f64, k_factor: f64) -> Clearance {
    let np = pfl[0] as usize;
    let step = pfl[1];
    let h = &pfl[2..];
    let d = np as f64 * step;
    let z0 = h[0] + h_tx_m;
    let z1 = h[np] + h_rx_m;
    let slope = (z1 - z0) / d;
    let inv_2ka = 1.0 / (2.0 * k_factor * EARTH_RADIUS_M);
    let mut best = Clearance {
        min_m: f64::INFINITY,
        at_m: 0.0,
    };
    for (i, &hi) in h.iter().enumerate().take(np).skip(1) {
        let x = i as f64 * step;
        let c = z0 + slope * x - (hi + x * (d - x) * inv_2ka);
        if c < best.min_m {
            best = Clearance { min_m: c, at_m: x };
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_follows_the_reference_convention() {
        // srtm_pfls.csv row 1: 32.027977 km at 30 m → 1068 × 29.988743 m.
        let (np, step) = profile_len(32_027.977, 30.0);
        assert_eq!(np, 1068);
        assert!((step - 29.988743).abs() < 1e-5);
        // Exactly a multiple: no extra interval.
        assert_eq!(profile_len(300.0, 30.0).0, 10);
        // Shorter than a step: one interval.
        assert_eq!(profile_len(10.0, 30.0), (1, 10.0));
    }

    #[test]
    fn plan_refuses_nonsense() {
        let a = LatLon::new(21.0, 105.0);
        let gc = PathDistance::GreatCircle;
        assert!(plan(a, a, 30.0, gc).is_err());
        assert!(plan(a, LatLon::new(21.1, 105.0), 0.0, gc).is_err());
        assert!(plan(a, LatLon::new(21.1, 105.0), f64::NAN, gc).is_err());
        assert!(plan(a, LatLon::new(91.0, 105.0), 30.0, gc).is_err());
        assert!(plan(a, LatLon::new(21.1, 105.0), 1e-6, gc).is_err());
    }

    #[test]
    fn clearance_hand_values() {
        // 3 intervals of 1 km; heights 0, 20, 9, 0; masts 30 m and 0 m.
        // Ray from 30 to 0 m: 20 m at 1 km, 10 m at 2 km. Bulge (k = 1):
        // 1000·2000/(2·6 371 008.8) = 0.15696 m at both interior points:
        // clearances −0.15696 m at 1 km, 0.84304 m at 2 km.
        let pfl = [3.0, 1000.0, 0.0, 20.0, 9.0, 0.0];
        let c = clearance(&pfl, 30.0, 0.0, 1.0).unwrap();
        assert!((c.min_m + 0.15696).abs() < 1e-5, "{c:?}");
        assert_eq!(c.at_m, 1000.0);
        assert!(!c.line_of_sight());
        assert!(clearance(&pfl, 31.0, 0.0, 1.0).unwrap().line_of_sight());
        assert!(clearance(&[1.0, 1.0], 1.0, 1.0, 1.0).is_err());
        assert!(clearance(&pfl, 1.0, 1.0, 0.0).is_err());
    }
}
