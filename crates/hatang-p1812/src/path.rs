//! Path profile analysis (Annex 1, Attachment 1, §5): horizon angles and distances,
//! angular distance, smooth-Earth surface and effective antenna heights, and the
//! terrain roughness parameter.
//!
//! As in the ITU reference implementation that produced the validation logs, this
//! analysis uses the bare terrain heights `h`; the representative clutter heights
//! enter only the Bullington diffraction calculation of the actual path (§3.2, §4.3.1).

use crate::PathType;

/// Speed of light factor used for the wavelength, λ = 0.2998 / f(GHz) metres.
pub(crate) const C_LIGHT: f64 = 0.2998;

/// Output of the path profile analysis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathAnalysis {
    pub hst_raw: f64,
    pub hsr_raw: f64,
    pub hst: f64,
    pub hsr: f64,
    pub hstd: f64,
    pub hsrd: f64,
    pub hte: f64,
    pub hre: f64,
    pub hm: f64,
    pub dlt: f64,
    pub dlr: f64,
    pub theta_t: f64,
    pub theta_r: f64,
    pub theta: f64,
    pub path_type: PathType,
}

/// Runs the analysis on the profile `d` (km, `d[0] = 0`, strictly increasing, at least
/// three points) and terrain heights `h` (m amsl), for antenna heights above ground
/// `htg`, `hrg` (m), median effective Earth radius `ae` (km) and frequency `f` (GHz).
pub(crate) fn analyse(d: &[f64], h: &[f64], htg: f64, hrg: f64, ae: f64, f: f64) -> PathAnalysis {
    let n = d.len();
    let dtot = d[n - 1];
    let hts = h[0] + htg;
    let hrs = h[n - 1] + hrg;

    // §5.6.1 Least-squares smooth-Earth surface (Eqs 85–88).
    let mut v1 = 0.0;
    let mut v2 = 0.0;
    for i in 1..n {
        let dd = d[i] - d[i - 1];
        v1 += dd * (h[i] + h[i - 1]);
        v2 += dd * (h[i] * (2.0 * d[i] + d[i - 1]) + h[i - 1] * (d[i] + 2.0 * d[i - 1]));
    }
    let dtot2 = dtot * dtot;
    let hst_raw = (2.0 * v1 * dtot - v2) / dtot2;
    let hsr_raw = (v2 - v1 * dtot) / dtot2;

    // One pass over the intermediate points for §5.6.2 (smooth-surface heights for
    // the diffraction model, Eqs 89–91) and §5.3–5.5 (horizon elevation angles).
    // θ = 1000·atan(t) is monotonic in t, so the maxima are searched on the tangent t
    // and the arctangent taken once.
    let inv_dtot = 1.0 / dtot;
    let inv_2ae = 1.0 / (2.0 * ae);
    let mut hobs = f64::NEG_INFINITY;
    let mut alpha_obt = f64::NEG_INFINITY;
    let mut alpha_obr = f64::NEG_INFINITY;
    let mut tan_t = f64::NEG_INFINITY;
    let mut lt = 1;
    let mut tan_r = f64::NEG_INFINITY;
    let mut lr = n - 2;
    for i in 1..n - 1 {
        let di = d[i];
        let dr = dtot - di;
        let inv_d = 1.0 / di;
        let inv_dr = 1.0 / dr;
        let hh = h[i] - (hts * dr + hrs * di) * inv_dtot; // Eq (89d)
        hobs = hobs.max(hh); // Eq (89a)
        alpha_obt = alpha_obt.max(hh * inv_d); // Eq (89b)
        alpha_obr = alpha_obr.max(hh * inv_dr); // Eq (89c)
                                                // Eq (77): Tx horizon, the first point of highest elevation.
        let t = 0.001 * (h[i] - hts) * inv_d - di * inv_2ae;
        if t > tan_t {
            tan_t = t;
            lt = i;
        }
        // Eq (82a): Rx horizon, the last point of highest elevation.
        let t = 0.001 * (h[i] - hrs) * inv_dr - dr * inv_2ae;
        if t >= tan_r {
            tan_r = t;
            lr = i;
        }
    }
    let (hstp, hsrp) = if hobs <= 0.0 {
        (hst_raw, hsr_raw) // Eqs (90a), (90b)
    } else {
        // hobs > 0 implies both slopes are positive.
        let gt = alpha_obt / (alpha_obt + alpha_obr); // Eq (90e)
        let gr = alpha_obr / (alpha_obt + alpha_obr); // Eq (90f)
        (hst_raw - hobs * gt, hsr_raw - hobs * gr) // Eqs (90c), (90d)
    };
    let hstd = if hstp >= h[0] { h[0] } else { hstp }; // Eq (91)
    let hsrd = if hsrp > h[n - 1] { h[n - 1] } else { hsrp };

    let theta_max = 1000.0 * tan_t.atan(); // Eq (76)
    let theta_td = 1000.0 * (0.001 * (hrs - hts) * inv_dtot - dtot * inv_2ae).atan(); // Eq (78)
    let theta_rd = 1000.0 * (0.001 * (hts - hrs) * inv_dtot - dtot * inv_2ae).atan(); // Eq (81)

    let (path_type, theta_t, theta_r, dlt, dlr, lr) = if theta_max > theta_td {
        // Trans-horizon path.
        (
            PathType::TransHorizon,
            theta_max,
            1000.0 * tan_r.atan(),
            d[lt],
            dtot - d[lr],
            lr,
        )
    } else {
        // Line-of-sight path: both horizon distances measured to the point with the
        // highest diffraction parameter ν (the last such point).
        let lambda = C_LIGHT / f;
        let ce = 1.0 / ae;
        let mut numax = f64::NEG_INFINITY;
        let mut lt_los = 1;
        for i in 1..n - 1 {
            let di = d[i];
            let nu = (h[i] + 500.0 * ce * di * (dtot - di) - (hts * (dtot - di) + hrs * di) / dtot)
                * (0.002 * dtot / (lambda * di * (dtot - di))).sqrt();
            if nu >= numax {
                numax = nu;
                lt_los = i;
            }
        }
        lt = lt_los;
        (
            PathType::LineOfSight,
            theta_max.max(theta_td),
            theta_rd,
            d[lt],
            dtot - d[lt],
            lt,
        )
    };

    // Eq (84): angular distance (mrad).
    let theta = 1e3 * dtot / ae + theta_t + theta_r;

    // §5.6.3 Ducting/layer-reflection model heights.
    let hst = hst_raw.min(h[0]);
    let hsr = hsr_raw.min(h[n - 1]);
    let m = (hsr - hst) / dtot;
    let hte = htg + h[0] - hst;
    let hre = hrg + h[n - 1] - hsr;
    let (a, b) = if lt <= lr { (lt, lr) } else { (lr, lt) };
    let mut hm = f64::NEG_INFINITY;
    for i in a..=b {
        hm = hm.max(h[i] - (hst + m * d[i]));
    }

    PathAnalysis {
        hst_raw,
        hsr_raw,
        hst,
        hsr,
        hstd,
        hsrd,
        hte,
        hre,
        hm,
        dlt,
        dlr,
        theta_t,
        theta_r,
        theta,
        path_type,
    }
}
