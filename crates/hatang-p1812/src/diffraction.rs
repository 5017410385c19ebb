//! Diffraction (§4.3): Bullington part, spherical-Earth loss, first-term loss and the
//! complete delta-Bullington model; plus the smooth-path alternative of Attachment 4.

use crate::path::C_LIGHT;
use crate::{DiffractionLoss, Polarisation};

/// Knife-edge loss J(ν) (Eq 12); zero for ν ≤ −0.78.
#[inline]
fn knife_edge(nu: f64) -> f64 {
    if nu > -0.78 {
        let v = nu - 0.1;
        6.9 + 20.0 * ((v * v + 1.0).sqrt() + v).log10()
    } else {
        0.0
    }
}

/// Bullington loss from the knife-edge loss of the Bullington point (Eq 21).
#[inline]
fn bullington_from_luc(luc: f64, dtot: f64) -> f64 {
    luc + (1.0 - (-luc / 6.0).exp()) * (10.0 + 0.02 * dtot)
}

/// Bullington diffraction loss (§4.3.1, Eqs 13–21) for a profile whose intermediate
/// point `i` (1 ≤ i ≤ n−2) has height `g(i)` (m amsl, terrain plus clutter), antenna
/// heights `hts`, `hrs` (m amsl) and frequency `f` (GHz), evaluated for each of the
/// effective Earth radii `radii` (km) in shared passes over the profile.
pub(crate) fn bullington<const K: usize>(
    d: &[f64],
    g: impl Fn(usize) -> f64,
    hts: f64,
    hrs: f64,
    radii: [f64; K],
    f: f64,
) -> [f64; K] {
    let n = d.len();
    let dtot = d[n - 1] - d[0];
    let ce = radii.map(|ap| 500.0 / ap); // 500·Ce, Ce = 1/ap the Earth curvature (1/km)
    let lambda = C_LIGHT / f;
    let inv_dtot = 1.0 / dtot;
    let interior = || d.iter().enumerate().take(n - 1).skip(1);

    // Eq (13): highest slope from the transmitter to an intermediate point.
    let mut stim = [f64::NEG_INFINITY; K];
    for (i, &di) in interior() {
        let q = di * (dtot - di);
        let gi = g(i) - hts;
        let inv = 1.0 / di;
        for k in 0..K {
            stim[k] = stim[k].max((gi + ce[k] * q) * inv);
        }
    }
    // Eq (14): slope of the line Tx → Rx; the path is line-of-sight when Stim < Str.
    let str_ = (hrs - hts) * inv_dtot;
    let mut los = stim.map(|s| s < str_);

    // Eq (17): highest slope from the receiver to an intermediate point (trans-horizon).
    let mut srim = [f64::NEG_INFINITY; K];
    if los.iter().any(|&l| !l) {
        for (i, &di) in interior() {
            let dr = dtot - di;
            let q = di * dr;
            let gi = g(i) - hrs;
            let inv = 1.0 / dr;
            for k in 0..K {
                srim[k] = srim[k].max((gi + ce[k] * q) * inv);
            }
        }
    }
    let mut luc = [0.0; K];
    for k in 0..K {
        if los[k] {
            continue;
        }
        // Eq (18): distance of the Bullington point from the transmitter.
        let dbp = (hrs - hts + srim[k] * dtot) / (stim[k] + srim[k]);
        if dbp > 0.0 && dbp < dtot {
            // Eq (20): diffraction parameter of the Bullington point.
            let nub = (hts + stim[k] * dbp - (hts * (dtot - dbp) + hrs * dbp) * inv_dtot)
                * (0.002 * dtot / (lambda * dbp * (dtot - dbp))).sqrt();
            luc[k] = knife_edge(nub);
        } else {
            // Only in the grazing limit Stim = Str, where the Bullington point is
            // undefined and both constructions coincide.
            los[k] = true;
        }
    }

    // Eq (15): the highest diffraction parameter of a line-of-sight path; Eq (16).
    if los.iter().any(|&l| l) {
        let mut numax = [f64::NEG_INFINITY; K];
        for (i, &di) in interior() {
            let dr = dtot - di;
            let q = di * dr;
            let clearance = g(i) - (hts * dr + hrs * di) * inv_dtot;
            let scale = (0.002 * dtot / (lambda * q)).sqrt();
            for k in 0..K {
                numax[k] = numax[k].max((clearance + ce[k] * q) * scale);
            }
        }
        for k in 0..K {
            if los[k] {
                luc[k] = knife_edge(numax[k]);
            }
        }
    }
    luc.map(|l| bullington_from_luc(l, dtot))
}

/// Bullington loss of the smooth path without profile analysis (Attachment 4,
/// Eqs 105–112), for effective heights `hte`, `hre` (m) above the smooth surface.
pub(crate) fn bullington_smooth_att4(dtot: f64, hte: f64, hre: f64, ap: f64, f: f64) -> f64 {
    let ce = 1.0 / ap;
    let lambda = C_LIGHT / f;
    let dlos = (2.0 * ap).sqrt() * ((0.001 * hte).sqrt() + (0.001 * hre).sqrt());
    let lus = if dtot < dlos {
        let (dse1, _dse2, hse) = smallest_clearance(dtot, hte, hre, ap);
        let nu = -hse * (0.002 * dtot / (lambda * dse1 * (dtot - dse1))).sqrt(); // Eq (105)
        knife_edge(nu)
    } else {
        let stm = 500.0 * ce * dtot - 2.0 * (500.0 * ce * hte).sqrt(); // Eq (107)
        let srm = 500.0 * ce * dtot - 2.0 * (500.0 * ce * hre).sqrt(); // Eq (108)
        let ds = (hre - hte + srm * dtot) / (stm + srm); // Eq (109)
        let nus = (hte + stm * ds - (hte * (dtot - ds) + hre * ds) / dtot)
            * (0.002 * dtot / (lambda * ds * (dtot - ds))).sqrt(); // Eq (110)
        knife_edge(nus)
    };
    bullington_from_luc(lus, dtot) // Eq (112)
}

/// Smallest clearance between the curved-Earth path and the ray between the antennas
/// (Eqs 23–24): returns `(dse1, dse2, hse)`.
fn smallest_clearance(d: f64, hte: f64, hre: f64, ap: f64) -> (f64, f64, f64) {
    let c = (hte - hre) / (hte + hre); // Eq (24d)
    let m = 250.0 * d * d / (ap * (hte + hre)); // Eq (24e)
    let arg = (1.5 * c * (3.0 * m / ((m + 1.0) * (m + 1.0) * (m + 1.0))).sqrt()).clamp(-1.0, 1.0);
    let b = 2.0
        * ((m + 1.0) / (3.0 * m)).sqrt()
        * (std::f64::consts::FRAC_PI_3 + arg.acos() / 3.0).cos(); // Eq (24c)
    let dse1 = d / 2.0 * (1.0 + b); // Eq (24a)
    let dse2 = d - dse1; // Eq (24b)
    let hse =
        ((hte - 500.0 * dse1 * dse1 / ap) * dse2 + (hre - 500.0 * dse2 * dse2 / ap) * dse1) / d; // Eq (23)
    (dse1, dse2, hse)
}

/// Electrical properties of the ground: relative permittivity and conductivity (S/m).
#[derive(Clone, Copy)]
struct Ground {
    eps_r: f64,
    sigma: f64,
}

/// Land: εr = 22, σ = 0.003 S/m.
const LAND: Ground = Ground {
    eps_r: 22.0,
    sigma: 0.003,
};
/// Sea: εr = 80, σ = 5 S/m.
const SEA: Ground = Ground {
    eps_r: 80.0,
    sigma: 5.0,
};

/// First-term spherical-Earth diffraction loss for one ground type (Eqs 29–36).
fn first_term_inner(
    Ground { eps_r, sigma }: Ground,
    d: f64,
    hte: f64,
    hre: f64,
    adft: f64,
    f: f64,
    pol: Polarisation,
) -> f64 {
    let s18 = 18.0 * sigma / f;
    let kh = 0.036 * (adft * f).powf(-1.0 / 3.0) * ((eps_r - 1.0).powi(2) + s18 * s18).powf(-0.25); // Eq (29a)
    let k = match pol {
        Polarisation::Horizontal => kh,
        Polarisation::Vertical => kh * (eps_r * eps_r + s18 * s18).sqrt(), // Eq (29b)
    };
    let k2 = k * k;
    let k4 = k2 * k2;
    let beta = (1.0 + 1.6 * k2 + 0.67 * k4) / (1.0 + 4.5 * k2 + 1.53 * k4); // Eq (30)
    let x = 21.88 * beta * (f / (adft * adft)).powf(1.0 / 3.0) * d; // Eq (31)
    let y_factor = 0.9575 * beta * (f * f / adft).powf(1.0 / 3.0); // Eq (32)
    let yt = y_factor * hte;
    let yr = y_factor * hre;
    let fx = if x >= 1.6 {
        11.0 + 10.0 * x.log10() - 17.6 * x
    } else {
        -20.0 * x.log10() - 5.6488 * x.powf(1.425)
    }; // Eq (33)
    let g_min = 2.0 + 20.0 * k.log10();
    let height_gain = |y: f64| {
        let b = beta * y; // Eq (35)
        let g = if b > 2.0 {
            17.6 * (b - 1.1).sqrt() - 5.0 * (b - 1.1).log10() - 8.0
        } else {
            20.0 * (b + 0.1 * b * b * b).log10()
        }; // Eq (34)
        g.max(g_min)
    };
    -fx - height_gain(yt) - height_gain(yr) // Eq (36)
}

/// First-term spherical-Earth diffraction loss, mixing land and sea by ω (Eq 28).
fn first_term(d: f64, hte: f64, hre: f64, adft: f64, f: f64, omega: f64, pol: Polarisation) -> f64 {
    let land = first_term_inner(LAND, d, hte, hre, adft, f, pol);
    let sea = first_term_inner(SEA, d, hte, hre, adft, f, pol);
    omega * sea + (1.0 - omega) * land
}

/// Spherical-Earth diffraction loss (§4.3.2, Eqs 22–27).
pub(crate) fn spherical_earth(
    d: f64,
    hte: f64,
    hre: f64,
    ap: f64,
    f: f64,
    omega: f64,
    pol: Polarisation,
) -> f64 {
    let lambda = C_LIGHT / f;
    let dlos = (2.0 * ap).sqrt() * ((0.001 * hte).sqrt() + (0.001 * hre).sqrt()); // Eq (22)
    if d >= dlos {
        return first_term(d, hte, hre, ap, f, omega, pol);
    }
    let (dse1, dse2, hse) = smallest_clearance(d, hte, hre, ap);
    let hreq = 17.456 * (dse1 * dse2 * lambda / d).max(0.0).sqrt(); // Eq (25)
    if hse > hreq || hreq <= 0.0 {
        return 0.0;
    }
    let aem = 500.0 * (d / (hte.sqrt() + hre.sqrt())).powi(2); // Eq (26)
    let ldft = first_term(d, hte, hre, aem, f, omega, pol).max(0.0);
    (1.0 - hse / hreq) * ldft // Eq (27)
}

/// Complete delta-Bullington diffraction loss (§4.3.4, Eqs 37–39) for each of the
/// effective Earth radii `radii` (km).
#[allow(clippy::too_many_arguments)]
pub(crate) fn delta_bullington<const K: usize>(
    d: &[f64],
    g: impl Fn(usize) -> f64,
    hts: f64,
    hrs: f64,
    hstd: f64,
    hsrd: f64,
    radii: [f64; K],
    f: f64,
    omega: f64,
    pol: Polarisation,
    smooth_att4: bool,
) -> [DiffractionLoss; K] {
    let dtot = d[d.len() - 1] - d[0];
    let lbulla = bullington(d, g, hts, hrs, radii, f);
    let hts1 = hts - hstd; // Eq (37a)
    let hrs1 = hrs - hsrd; // Eq (37b)
    let lbulls = if smooth_att4 {
        radii.map(|ap| bullington_smooth_att4(dtot, hts1, hrs1, ap, f))
    } else {
        bullington(d, |_| 0.0, hts1, hrs1, radii, f)
    };
    let mut out = [DiffractionLoss::default(); K];
    for (k, o) in out.iter_mut().enumerate() {
        let ldsph = spherical_earth(dtot, hts1, hrs1, radii[k], f, omega, pol); // Eq (38)
        *o = DiffractionLoss {
            lbulla: lbulla[k],
            lbulls: lbulls[k],
            ldsph,
            ld: lbulla[k] + (ldsph - lbulls[k]).max(0.0), // Eq (39)
        };
    }
    out
}
