//! Great-circle geometry, radio-climatic zone statistics of the path (§3.3, §3.6)
//! and the ducting incidence β0 (Eqs 2–5).

use crate::Zone;

/// Mean Earth radius (km) used for the great-circle calculations.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// Point at great-circle distance `dist_km` from the transmitter towards the
/// receiver, as `(latitude, longitude)` in degrees (P.2001 Attachment H, as used by
/// P.1812 for the path centre). Latitudes and longitudes are in degrees, positive
/// north and east.
///
/// P.1812 evaluates the path-centre latitude φ (Eq. 4) at half the profile length;
/// use this function with `dist_km = d/2` to find where to read ΔN and N0 from the
/// Recommendation's maps.
///
/// ```
/// // Regensburg → Munich, 96.2 km profile: centre at about 48.589° N.
/// let (lat, lon) = hatang_p1812::great_circle_point(
///     48.9947222222, 12.0772222222, 48.1869444444, 11.6297222222, 48.1);
/// assert!((lat - 48.58877214).abs() < 1e-6);
/// assert!(lon > 11.6 && lon < 12.1);
/// ```
pub fn great_circle_point(
    tx_lat_deg: f64,
    tx_lon_deg: f64,
    rx_lat_deg: f64,
    rx_lon_deg: f64,
    dist_km: f64,
) -> (f64, f64) {
    let (sin_t, cos_t) = tx_lat_deg.to_radians().sin_cos();
    let (sin_r, cos_r) = rx_lat_deg.to_radians().sin_cos();
    let (sin_dlon, cos_dlon) = (rx_lon_deg - tx_lon_deg).to_radians().sin_cos();

    // H.2.2, H.2.5: quantities defining the bearing Tx → Rx.
    let r = sin_t * sin_r + cos_t * cos_r * cos_dlon;
    let x1 = sin_r - r * sin_t;
    let y1 = cos_t * cos_r * sin_dlon;
    // H.2.6: bearing (rad). Coincident terminals (or a terminal at a pole) have no
    // defined bearing; north is used then.
    let bearing = if x1.abs() < 1e-9 && y1.abs() < 1e-9 {
        0.0
    } else {
        y1.atan2(x1)
    };
    let (sin_b, cos_b) = bearing.sin_cos();

    // H.3: intermediate point.
    let (sin_p, cos_p) = (dist_km / EARTH_RADIUS_KM).sin_cos();
    let s = (sin_t * cos_p + cos_t * sin_p * cos_b).clamp(-1.0, 1.0);
    let lat = s.asin().to_degrees();
    let x2 = cos_p - s * sin_t;
    let y2 = cos_t * sin_p * sin_b;
    let lon = if x2.abs() < 1e-9 && y2.abs() < 1e-9 {
        tx_lon_deg
    } else {
        tx_lon_deg + y2.atan2(x2).to_degrees()
    };
    (lat, lon)
}

/// Zones along the profile: either one zone everywhere or one per point.
#[derive(Clone, Copy)]
pub(crate) enum ZoneSource<'a> {
    Uniform(Zone),
    PerPoint(&'a [Zone]),
}

impl ZoneSource<'_> {
    #[inline]
    pub(crate) fn at(&self, i: usize) -> Zone {
        match self {
            ZoneSource::Uniform(z) => *z,
            ZoneSource::PerPoint(zs) => zs[i],
        }
    }
}

/// Lengths (km) of the maximal runs of consecutive points whose zone satisfies
/// `pred`, each run extended by half a profile step at each end that is not a
/// path terminal. Calls `f` for every run.
fn for_each_run(
    d: &[f64],
    zones: ZoneSource<'_>,
    pred: impl Fn(Zone) -> bool,
    mut f: impl FnMut(f64),
) {
    let n = d.len();
    let dtot = d[n - 1];
    let mut i = 0;
    while i < n {
        if !pred(zones.at(i)) {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < n && pred(zones.at(i + 1)) {
            i += 1;
        }
        let stop = i;
        let mut delta = 0.0;
        if d[stop] < dtot {
            delta += (d[stop + 1] - d[stop]) / 2.0;
        }
        if d[start] > 0.0 {
            delta += (d[start] - d[start - 1]) / 2.0;
        }
        f(d[stop] - d[start] + delta);
        i += 1;
    }
}

/// Longest continuous section (km) of the path whose zone satisfies `pred` (§3.6:
/// dtm with land = coastal or inland, dlm with inland only).
pub(crate) fn longest_section(
    d: &[f64],
    zones: ZoneSource<'_>,
    pred: impl Fn(Zone) -> bool,
) -> f64 {
    let mut dm = 0.0f64;
    for_each_run(d, zones, pred, |len| dm = dm.max(len));
    dm
}

/// Fraction of the path in the zones satisfying `pred` (ω: the fraction over sea).
pub(crate) fn path_fraction(d: &[f64], zones: ZoneSource<'_>, pred: impl Fn(Zone) -> bool) -> f64 {
    let mut sum = 0.0;
    for_each_run(d, zones, pred, |len| sum += len);
    sum / (d[d.len() - 1] - d[0])
}

/// Time percentage β0 (%) for which refractivity lapse-rates exceeding
/// 100 N-units/km can be expected in the first 100 m of the atmosphere (Eqs 2–5).
pub(crate) fn beta0(phi_deg: f64, dtm_km: f64, dlm_km: f64) -> f64 {
    let tau = 1.0 - (-(4.12e-4 * dlm_km.powf(2.41))).exp(); // Eq (3)
    let mu1 = (10f64.powf(-dtm_km / (16.0 - 6.6 * tau)) + 10f64.powf(-5.0 * (0.496 + 0.354 * tau)))
        .powf(0.2)
        .min(1.0); // Eq (2)
    let phi = phi_deg.abs();
    if phi <= 70.0 {
        let mu4 = mu1.powf(-0.935 + 0.0176 * phi); // Eq (4)
        10f64.powf(-0.015 * phi + 1.67) * mu1 * mu4 // Eq (5)
    } else {
        let mu4 = mu1.powf(0.3);
        4.17 * mu1 * mu4
    }
}
