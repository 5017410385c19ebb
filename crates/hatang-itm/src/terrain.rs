//! The profile-dependent part of point-to-point mode.
//!
//! Everything here works on a borrowed [`Profile`] and allocates nothing, so
//! a caller that evaluates many paths can reuse it freely: for instance a
//! coverage engine can cut one long radial once and take
//! [`Profile::prefix`] views of it for every receiver position along it,
//! or compute [`quick_pfl`] once and feed the result to several
//! frequencies/variabilities through
//! [`Itm::predict_tls`](crate::Itm::predict_tls).
//!
//! The pieces are the same as ITM's:
//! [`mean_system_height`] (average terrain height over the middle 80 % of
//! the path, which scales the refractivity), [`find_horizons`] (terminal
//! horizon angles and distances), [`least_squares_fit`] (straight-line fit
//! of the terrain), [`delta_h`] (the terrain irregularity parameter Δh from
//! the 10 %–90 % interdecile range of the deviations from that fit) and
//! [`quick_pfl`], which combines them into effective heights.

use crate::error::ProfileError;

/// A terrain profile: `np + 1` equally spaced ground heights (metres above
/// sea level) from the transmitter to the receiver, `step_m` apart.
///
/// The profile borrows its heights; building one only checks the layout
/// (and that every height is finite), it copies nothing.
///
/// ```
/// use hatang_itm::Profile;
///
/// // ITM's own pfl layout: np, step, then np + 1 heights.
/// let pfl = [3.0, 100.0, 10.0, 12.0, 15.0, 11.0];
/// let p = Profile::from_pfl(&pfl).unwrap();
/// assert_eq!(p.intervals(), 3);
/// assert_eq!(p.distance_m(), 300.0);
///
/// // The same profile from a step and a slice of heights.
/// let q = Profile::new(100.0, &pfl[2..]).unwrap();
/// assert_eq!(p, q);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile<'a> {
    step_m: f64,
    heights: &'a [f64],
}

impl<'a> Profile<'a> {
    /// A profile of `heights.len() - 1` intervals of `step_m` metres.
    ///
    /// Refuses fewer than two heights, a step that is not finite and
    /// positive, and heights that are not finite.
    pub fn new(step_m: f64, heights: &'a [f64]) -> Result<Self, ProfileError> {
        if heights.len() < 2 {
            return Err(ProfileError::TooShort {
                len: heights.len() + 2,
            });
        }
        if !(step_m.is_finite() && step_m > 0.0) {
            return Err(ProfileError::Step { step_m });
        }
        if let Some((index, &value)) = heights.iter().enumerate().find(|(_, h)| !h.is_finite()) {
            return Err(ProfileError::NonFiniteHeight { index, value });
        }
        Ok(Self { step_m, heights })
    }

    /// A profile from ITM's `pfl` layout: `[np, step_m, h_0, h_1, …, h_np]`.
    pub fn from_pfl(pfl: &'a [f64]) -> Result<Self, ProfileError> {
        if pfl.len() < 4 {
            return Err(ProfileError::TooShort { len: pfl.len() });
        }
        let np = pfl[0];
        if !(np.is_finite() && np >= 1.0 && np.fract() == 0.0) {
            return Err(ProfileError::IntervalCount { np });
        }
        let heights = &pfl[2..];
        if np != (heights.len() - 1) as f64 {
            return Err(ProfileError::LengthMismatch {
                np: np as usize,
                heights: heights.len(),
            });
        }
        Self::new(pfl[1], heights)
    }

    /// Number of intervals, `np` (one less than the number of heights).
    #[must_use]
    pub fn intervals(&self) -> usize {
        self.heights.len() - 1
    }

    /// Spacing between consecutive heights, in metres.
    #[must_use]
    pub fn step_m(&self) -> f64 {
        self.step_m
    }

    /// The ground heights, transmitter end first.
    #[must_use]
    pub fn heights(&self) -> &'a [f64] {
        self.heights
    }

    /// Path length `np × step`, in metres.
    #[must_use]
    pub fn distance_m(&self) -> f64 {
        self.intervals() as f64 * self.step_m
    }

    /// The first `intervals` intervals of this profile (from the same
    /// transmitter to an intermediate receiver point), or `None` when
    /// `intervals` is 0 or larger than this profile's.
    ///
    /// ```
    /// use hatang_itm::Profile;
    /// let heights = [10.0, 12.0, 15.0, 11.0];
    /// let p = Profile::new(30.0, &heights).unwrap();
    /// let q = p.prefix(2).unwrap();
    /// assert_eq!(q.heights(), &[10.0, 12.0, 15.0]);
    /// assert!(p.prefix(0).is_none());
    /// ```
    #[must_use]
    pub fn prefix(&self, intervals: usize) -> Option<Self> {
        if intervals == 0 || intervals > self.intervals() {
            return None;
        }
        Some(Self {
            step_m: self.step_m,
            heights: &self.heights[..=intervals],
        })
    }
}

/// Terminal horizons: elevation angles (radians) and distances (metres)
/// from each terminal to its radio horizon; index 0 is the transmitter,
/// 1 the receiver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Horizons {
    /// Horizon elevation angles, radians.
    pub theta: [f64; 2],
    /// Horizon distances, metres.
    pub d_m: [f64; 2],
}

/// Positive difference, like C's `fdim`: `x − y` when positive, else 0.
///
/// ```
/// assert_eq!(hatang_itm::fdim(5.0, 2.0), 3.0);
/// assert_eq!(hatang_itm::fdim(2.0, 5.0), 0.0);
/// ```
#[inline]
pub fn fdim(x: f64, y: f64) -> f64 {
    if x > y {
        x - y
    } else {
        0.0
    }
}

/// Average terrain height over the path, leaving out the first and last
/// 10 % of the points (ITM's `h_sys`, used to scale `N_0` down to `N_s`).
///
/// ```
/// use hatang_itm::{mean_system_height, Profile};
/// let h = [0.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 0.0];
/// let p = Profile::new(10.0, &h).unwrap();
/// assert_eq!(mean_system_height(&p), 100.0);
/// ```
#[must_use]
pub fn mean_system_height(profile: &Profile<'_>) -> f64 {
    let np = profile.intervals();
    let p10 = (0.1 * np as f64) as usize;
    let sum: f64 = profile.heights[p10..=np - p10].iter().sum();
    sum / (np - 2 * p10 + 1) as f64
}

/// Finds the radio horizon of each terminal over the profile, on an earth
/// of effective radius `a_e_m`, for structural antenna heights `h_m`
/// (above ground, transmitter first).
///
/// When a terminal sees the other one, its horizon is the other terminal:
/// distance = path length, angle = the line-of-sight elevation.
///
/// ```
/// use hatang_itm::{find_horizons, Profile};
/// let heights = [0.0, 0.0, 200.0, 0.0, 0.0];
/// let p = Profile::new(1000.0, &heights).unwrap();
/// let hz = find_horizons(&p, 8.5e6, [10.0, 10.0]);
/// assert_eq!(hz.d_m, [2000.0, 2000.0]); // both see the hill in the middle
/// assert!(hz.theta[0] > 0.0);
/// ```
#[must_use]
pub fn find_horizons(profile: &Profile<'_>, a_e_m: f64, h_m: [f64; 2]) -> Horizons {
    let z = profile.heights;
    let np = profile.intervals();
    let xi = profile.step_m;
    let d = profile.distance_m();

    let z_tx = z[0] + h_m[0];
    let z_rx = z[np] + h_m[1];
    let two_a_e = 2.0 * a_e_m;

    // Start from the line-of-sight geometry between the two antennas.
    let mut theta = [
        (z_rx - z_tx) / d - d / two_a_e,
        -(z_rx - z_tx) / d - d / two_a_e,
    ];
    let mut d_hzn = [d, d];

    // Distances accumulate step by step (as ITM does) so that they round alike.
    let mut d_tx = 0.0;
    let mut d_rx = d;
    for &zi in &z[1..np] {
        d_tx += xi;
        d_rx -= xi;
        let theta_tx = (zi - z_tx) / d_tx - d_tx / two_a_e;
        let theta_rx = -(z_rx - zi) / d_rx - d_rx / two_a_e;
        if theta_tx > theta[0] {
            theta[0] = theta_tx;
            d_hzn[0] = d_tx;
        }
        if theta_rx > theta[1] {
            theta[1] = theta_rx;
            d_hzn[1] = d_rx;
        }
    }
    Horizons { theta, d_m: d_hzn }
}

/// Least-squares straight-line fit over `heights` (spacing `step`) between
/// the distances `d_start` and `d_end`; returns the fitted line's heights
/// at the two ends of the whole profile.
fn fit_line(heights: &[f64], step: f64, d_start: f64, d_end: f64) -> (f64, f64) {
    let np = (heights.len() - 1) as i64;
    let npf = np as f64;

    // Index window, exactly as ITM truncates it (widened by one point on
    // each side when it would be empty). Clamping only guards calls made
    // outside the profile; within it the indices are already in range.
    let mut i_start = fdim(d_start / step, 0.0) as i64;
    let mut i_end = np - fdim(npf, d_end / step) as i64;
    if i_end <= i_start {
        i_start = fdim(i_start as f64, 1.0) as i64;
        i_end = np - fdim(npf, i_end as f64 + 1.0) as i64;
    }
    let i_start = i_start.clamp(0, np) as usize;
    let i_end = i_end.clamp(0, np) as usize;

    let x_length = i_end as f64 - i_start as f64;
    let mut mid = -0.5 * x_length;
    let mid_end = i_end as f64 + mid;

    // Trapezoidal sums about the middle of the window.
    let mut sum_y = 0.5 * (heights[i_start] + heights[i_end]);
    let mut scaled_sum_y = 0.5 * (heights[i_start] - heights[i_end]) * mid;
    if i_end > i_start + 1 {
        for &h in &heights[i_start + 1..i_end] {
            mid += 1.0;
            sum_y += h;
            scaled_sum_y += h * mid;
        }
    }

    sum_y /= x_length;
    scaled_sum_y = scaled_sum_y * 12.0 / ((x_length * x_length + 2.0) * x_length);

    (
        sum_y - scaled_sum_y * mid_end,
        sum_y + scaled_sum_y * (npf - mid_end),
    )
}

/// Least-squares straight-line fit of the terrain between the distances
/// `d_start_m` and `d_end_m` from the transmitter (ITM's
/// `LinearLeastSquaresFit`). Returns the heights of the fitted line at the
/// transmitter end and at the receiver end of the whole profile.
///
/// ```
/// use hatang_itm::{least_squares_fit, Profile};
/// let heights = [0.0, 1.0, 2.0, 3.0, 4.0];
/// let p = Profile::new(10.0, &heights).unwrap();
/// let (y0, y1) = least_squares_fit(&p, 0.0, 40.0);
/// assert!((y0 - 0.0).abs() < 1e-12 && (y1 - 4.0).abs() < 1e-12);
/// ```
#[must_use]
pub fn least_squares_fit(profile: &Profile<'_>, d_start_m: f64, d_end_m: f64) -> (f64, f64) {
    fit_line(profile.heights, profile.step_m, d_start_m, d_end_m)
}

/// Largest number of samples [`delta_h`] resamples the profile to.
const DELTA_H_MAX_SAMPLES: usize = 245;

/// The terrain irregularity parameter Δh (metres) of the part of the
/// profile between `d_start_m` and `d_end_m` (ITM's `ComputeDeltaH`).
///
/// The section is resampled by linear interpolation to between 35 and 245
/// points, a straight line is fitted, and the interdecile range (10 % to
/// 90 %) of the deviations from the line is scaled to the asymptotic Δh
/// with `1 − 0.8 exp(−d / 50 km)`. Sections spanning fewer than two
/// intervals give 0.
///
/// ```
/// use hatang_itm::{delta_h, Profile};
/// let flat = [5.0; 101];
/// let p = Profile::new(100.0, &flat).unwrap();
/// assert_eq!(delta_h(&p, 0.0, 10_000.0), 0.0);
/// ```
#[must_use]
pub fn delta_h(profile: &Profile<'_>, d_start_m: f64, d_end_m: f64) -> f64 {
    let z = profile.heights;
    let np = profile.intervals() as i64;

    let mut x_start = d_start_m / profile.step_m;
    let x_end = d_end_m / profile.step_m;
    if x_end - x_start < 2.0 {
        return 0.0;
    }

    let p10 = ((0.1 * (x_end - x_start + 8.0)) as i64).clamp(4, 25) as usize;
    let n = 10 * p10 - 5;
    let p90 = n - p10;
    let np_s = (n - 1) as f64;

    // Resample the section to n points by linear interpolation.
    let dx = (x_end - x_start) / np_s;
    let mut i = (x_start as i64).clamp(0, np - 1);
    // ITM converts this through single precision; for the small whole
    // numbers involved that is exact, so plain arithmetic matches it.
    x_start -= i as f64 + 1.0;
    let mut s = [0.0_f64; DELTA_H_MAX_SAMPLES];
    for sj in s.iter_mut().take(n) {
        while x_start > 0.0 && i + 1 < np {
            x_start -= 1.0;
            i += 1;
        }
        let iu = i as usize;
        *sj = z[iu + 1] + (z[iu + 1] - z[iu]) * x_start;
        x_start += dx;
    }
    let s = &mut s[..n];

    let (mut fit_y, fit_end) = fit_line(s, 1.0, 0.0, np_s);
    let slope = (fit_end - fit_y) / np_s;

    // Deviations from the fitted line (the line is accumulated point by point).
    for sj in s.iter_mut() {
        *sj -= fit_y;
        fit_y += slope;
    }

    // In descending order, q10 is the p10-th largest deviation and q90 sits at
    // index p90; in ascending order those are indices n - p10 and p10 - 1.
    let q10 = *s.select_nth_unstable_by(n - p10, f64::total_cmp).1;
    let q90 = *s.select_nth_unstable_by(n - 1 - p90, f64::total_cmp).1;

    (q10 - q90) / (1.0 - 0.8 * (-(d_end_m - d_start_m) / 50e3).exp())
}

/// The profile-derived parameters of a point-to-point path (the output of
/// ITM's `QuickPfl`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TerrainParameters {
    /// Path length, metres.
    pub d_m: f64,
    /// Horizon elevation angles (radians), transmitter first.
    pub theta_hzn: [f64; 2],
    /// Horizon distances (metres), transmitter first.
    pub d_hzn_m: [f64; 2],
    /// Effective antenna heights (metres), transmitter first.
    pub h_e_m: [f64; 2],
    /// Terrain irregularity parameter Δh, metres.
    pub delta_h_m: f64,
}

/// Derives the point-to-point path parameters from a profile (ITM's
/// `QuickPfl`): horizons, Δh, and effective antenna heights above a
/// least-squares fit of the foreground terrain. `gamma_e` is the effective
/// earth curvature (1/m) and `h_m` the structural antenna heights.
///
/// On line-of-sight paths (combined horizon distances more than 1.5 × the
/// path length) the horizons are replaced by their smooth-earth estimates
/// from the effective heights, as ITM does.
///
/// ```
/// use hatang_itm::{effective_earth_curvature, quick_pfl, Profile};
/// let heights: Vec<f64> = (0..=100).map(|i| 100.0 + 20.0 * (i as f64 * 0.3).sin()).collect();
/// let p = Profile::new(100.0, &heights).unwrap();
/// let t = quick_pfl(&p, effective_earth_curvature(301.0), [30.0, 10.0]);
/// assert_eq!(t.d_m, 10_000.0);
/// assert!(t.delta_h_m > 0.0 && t.h_e_m[0] >= 30.0);
/// ```
#[must_use]
pub fn quick_pfl(profile: &Profile<'_>, gamma_e: f64, h_m: [f64; 2]) -> TerrainParameters {
    let z = profile.heights;
    let np = profile.intervals();
    let d = profile.distance_m();
    let a_e = 1.0 / gamma_e;

    let Horizons {
        mut theta,
        d_m: mut d_hzn,
    } = find_horizons(profile, a_e, h_m);

    // Terrain is considered from about 15 tower heights out, but no further
    // than a tenth of the way to the horizon [Hufford 1982].
    let d_start = (15.0 * h_m[0]).min(0.1 * d_hzn[0]);
    let d_end = d - (15.0 * h_m[1]).min(0.1 * d_hzn[1]);

    let dh = delta_h(profile, d_start, d_end);

    let h_e = effective_heights(
        d,
        [z[0], z[np]],
        h_m,
        a_e,
        dh,
        &mut theta,
        &mut d_hzn,
        |from, to| fit_line(z, profile.step_m, from, to),
    );

    TerrainParameters {
        d_m: d,
        theta_hzn: theta,
        d_hzn_m: d_hzn,
        h_e_m: h_e,
        delta_h_m: dh,
    }
}

/// The end of ITM's `QuickPfl`: effective antenna heights above a
/// least-squares fit of each terminal's foreground, and, on line-of-sight
/// paths (combined horizon distances over 1.5 × `d`), the horizons replaced
/// by their smooth-earth estimates. `theta` and `d_hzn` come in as found on
/// the profile and leave as ITM uses them; `z_ends` are the ground heights
/// at both ends, `a_e` the effective earth radius, `dh` Δh, and `fit(from,
/// to)` the fitted heights at both ends of the path of a least-squares line
/// through the terrain between two distances (so that an engine can fit
/// from prefix sums instead of the profile).
///
/// ```
/// // Flat ground 100 m high, 10 km: the fit is the ground itself.
/// let (mut theta, mut d_hzn) = ([0.0, 0.0], [10_000.0, 10_000.0]);
/// let h_e = hatang_itm::effective_heights(
///     10_000.0, [100.0, 100.0], [30.0, 10.0], 8_500e3, 0.0,
///     &mut theta, &mut d_hzn, |_, _| (100.0, 100.0));
/// assert_eq!(h_e, [30.0, 10.0]);
/// assert!(d_hzn[0] > d_hzn[1]);
/// ```
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn effective_heights(
    d: f64,
    z_ends: [f64; 2],
    h_m: [f64; 2],
    a_e: f64,
    dh: f64,
    theta: &mut [f64; 2],
    d_hzn: &mut [f64; 2],
    mut fit: impl FnMut(f64, f64) -> (f64, f64),
) -> [f64; 2] {
    // Terrain is considered from about 15 tower heights out, but no further
    // than a tenth of the way to the horizon [Hufford 1982].
    let d_start = (15.0 * h_m[0]).min(0.1 * d_hzn[0]);
    let d_end = d - (15.0 * h_m[1]).min(0.1 * d_hzn[1]);
    let mut h_e = [0.0; 2];
    let smooth_earth_horizon =
        |h_e: f64| (2.0 * h_e * a_e).sqrt() * (-0.07 * (dh / h_e.max(5.0)).sqrt()).exp();

    if d_hzn[0] + d_hzn[1] > 1.5 * d {
        // Well within line of sight: one fit over the whole path.
        let (fit_tx, fit_rx) = fit(d_start, d_end);
        h_e[0] = h_m[0] + fdim(z_ends[0], fit_tx);
        h_e[1] = h_m[1] + fdim(z_ends[1], fit_rx);

        for i in 0..2 {
            d_hzn[i] = smooth_earth_horizon(h_e[i]);
        }

        let combined = d_hzn[0] + d_hzn[1];
        if combined <= d {
            let q = (d / combined) * (d / combined);
            for i in 0..2 {
                h_e[i] *= q;
                d_hzn[i] = smooth_earth_horizon(h_e[i]);
            }
        }

        for i in 0..2 {
            let q = (2.0 * h_e[i] * a_e).sqrt();
            theta[i] = (0.65 * dh * (q / d_hzn[i] - 1.0) - 2.0 * h_e[i]) / q;
        }
    } else {
        // Trans-horizon: fit each terminal's foreground up to 90 % of its horizon.
        let (fit_tx, _) = fit(d_start, 0.9 * d_hzn[0]);
        h_e[0] = h_m[0] + fdim(z_ends[0], fit_tx);

        let (_, fit_rx) = fit(d - 0.9 * d_hzn[1], d_end);
        h_e[1] = h_m[1] + fdim(z_ends[1], fit_rx);
    }
    h_e
}
