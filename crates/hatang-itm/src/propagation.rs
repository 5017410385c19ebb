//! The reference attenuation: line-of-sight, diffraction and troposcatter
//! losses of the Longley-Rice model, relative to free space.

use crate::terrain::fdim;
use std::f64::consts::{PI, SQRT_2};

use crate::complex::Complex;
use crate::params::{PathKind, Polarization, PropagationMode};
use crate::{ItmError, PathGeometry, Warnings};

const THIRD: f64 = 1.0 / 3.0;
/// Earth radius used by Vogler's smooth-earth diffraction, metres.
const A_0_M: f64 = 6370e3;
/// Curvature of the actual earth, 1/m (about 1 / 6370 km).
const GAMMA_A: f64 = 157e-9;

/// Free-space basic transmission loss (dB) over `d_m` metres at `f_mhz` MHz.
///
/// ```
/// let l = hatang_itm::free_space_loss(1000.0, 100.0);
/// assert!((l - 72.45).abs() < 1e-9);
/// ```
#[must_use]
pub fn free_space_loss(d_m: f64, f_mhz: f64) -> f64 {
    32.45 + 20.0 * f_mhz.log10() + 20.0 * (d_m / 1000.0).log10()
}

/// Surface refractivity N_s (N-units) at a mean path height of `h_sys_m`
/// metres above sea level, from the sea-level refractivity `n_0`
/// ([TN101, eq. 4.3]); a height of exactly 0 leaves `n_0` unchanged.
///
/// ```
/// assert_eq!(hatang_itm::surface_refractivity(301.0, 0.0), 301.0);
/// assert!(hatang_itm::surface_refractivity(301.0, 1000.0) < 301.0);
/// ```
#[must_use]
pub fn surface_refractivity(n_0: f64, h_sys_m: f64) -> f64 {
    if h_sys_m == 0.0 {
        n_0
    } else {
        n_0 * (-h_sys_m / 9460.0).exp()
    }
}

/// Curvature γ_e (1/m) of the effective earth for surface refractivity
/// `n_s` ([TN101, eq. 4.4]); the effective earth radius is `1 / γ_e`.
///
/// ```
/// let a_e = 1.0 / hatang_itm::effective_earth_curvature(301.0);
/// assert!((a_e / 1e3 - 8492.5).abs() < 0.1); // about 4/3 of 6370 km
/// ```
#[must_use]
pub fn effective_earth_curvature(n_s: f64) -> f64 {
    GAMMA_A * (1.0 - 0.04665 * (n_s / 179.3).exp())
}

/// Ground impedance for the given polarisation and ground constants.
pub(crate) fn ground_impedance(f_mhz: f64, pol: Polarization, epsilon: f64, sigma: f64) -> Complex {
    let ep_r = Complex::new(epsilon, 18000.0 * sigma / f_mhz);
    let z_g = (ep_r - Complex::new(1.0, 0.0)).sqrt();
    match pol {
        Polarization::Horizontal => z_g,
        Polarization::Vertical => z_g / ep_r,
    }
}

/// Terrain roughness Δh(d) at distance `d_m` [ERL 79-ITS 67, eq. 3].
#[inline]
fn terrain_roughness(d_m: f64, delta_h_m: f64) -> f64 {
    delta_h_m * (1.0 - 0.8 * (-d_m / 50e3).exp())
}

/// RMS deviation of terrain within the first Fresnel zone [ERL 79-ITS 67, eq. 3.6a].
#[inline]
fn sigma_h(delta_h_m: f64) -> f64 {
    0.78 * delta_h_m * (-0.5 * delta_h_m.powf(0.25)).exp()
}

/// Knife-edge approximation of the Fresnel integral; `v2` is v².
#[inline]
fn fresnel_integral(v2: f64) -> f64 {
    if v2 < 5.76 {
        6.02 + 9.11 * v2.sqrt() - 1.27 * v2
    } else {
        12.953 + 10.0 * v2.log10()
    }
}

/// Everything about the path that the attenuation functions share.
struct Path<'a> {
    g: &'a PathGeometry,
    f_mhz: f64,
    z_g: Complex,
    a_e: f64,
    theta_los: f64,
    d_sml: f64,
    d_ml: f64,
}

impl Path<'_> {
    /// Double knife-edge diffraction loss [TN101, eq. I.1, I.7].
    fn knife_edge(&self, d: f64) -> f64 {
        let d_hzn = self.g.d_hzn_m;
        let theta_nlos = d / self.a_e - self.theta_los;
        let d_nlos = d - self.d_ml;
        // 0.0795775 = 1 / (4 pi)
        let v = |d_h: f64| {
            0.0795775 * (self.f_mhz / 47.7) * (theta_nlos * theta_nlos) * d_h * d_nlos
                / (d_nlos + d_h)
        };
        fresnel_integral(v(d_hzn[0])) + fresnel_integral(v(d_hzn[1]))
    }

    /// Smooth-earth diffraction loss after Vogler (1964).
    fn smooth_earth(&self, d: f64) -> f64 {
        let g = self.g;
        let f = self.f_mhz;
        let theta_nlos = d / self.a_e - self.theta_los;

        // Three earth radii: the diffraction path's and one per terminal.
        let a = [
            (d - self.d_ml) / (d / self.a_e - self.theta_los),
            0.5 * (g.d_hzn_m[0] * g.d_hzn_m[0]) / g.h_e_m[0],
            0.5 * (g.d_hzn_m[1] * g.d_hzn_m[1]) / g.h_e_m[1],
        ];
        let d_km = [
            (a[0] * theta_nlos) / 1000.0,
            g.d_hzn_m[0] / 1000.0,
            g.d_hzn_m[1] / 1000.0,
        ];

        let z_abs = self.z_g.abs();
        let f_third = f.powf(THIRD);
        let f_minus_third = f.powf(-THIRD);
        let mut c_0 = [0.0; 3];
        let mut k = [0.0; 3];
        let mut b_0 = [0.0; 3];
        for i in 0..3 {
            c_0[i] = ((4.0 / 3.0) * A_0_M / a[i]).powf(THIRD);
            k[i] = 0.017778 * c_0[i] * f_minus_third / z_abs;
            b_0[i] = 1.607 - k[i];
        }

        let x1 = b_0[1] * (c_0[1] * c_0[1]) * f_third * d_km[1];
        let x2 = b_0[2] * (c_0[2] * c_0[2]) * f_third * d_km[2];
        let x0 = b_0[0] * (c_0[0] * c_0[0]) * f_third * d_km[0] + x1 + x2;

        let g_x = 0.05751 * x0 - 10.0 * x0.log10();
        g_x - height_gain(x1, k[1]) - height_gain(x2, k[2]) - 20.0
    }

    /// Diffraction loss: a weighted blend of smooth-earth and knife-edge
    /// losses plus a clutter term [ERL 79-ITS 67, eq. 3.23, 3.38c].
    fn diffraction(&self, d: f64) -> f64 {
        let g = self.g;
        let f = self.f_mhz;
        let a_k = self.knife_edge(d);
        let a_se = self.smooth_earth(d);

        let sigma_h_d = sigma_h(terrain_roughness(self.d_sml, g.delta_h_m));
        let a_fo = (5.0 * (1.0 + 1e-5 * g.h_m[0] * g.h_m[1] * f * sigma_h_d).log10()).min(15.0);

        let delta_h_d = terrain_roughness(d, g.delta_h_m);
        let mut q = g.h_m[0] * g.h_m[1];
        let qk = g.h_e_m[0] * g.h_e_m[1] - q;
        if g.kind == PathKind::PointToPoint {
            // Clutter constant C ≈ 10 m² for low antennas with known path [ERL 79-ITS 67, p. 3-8].
            q += 10.0;
        }
        let term1 = (1.0 + qk / q).sqrt();
        let q = (term1 + (-self.theta_los * self.a_e + self.d_ml) / d)
            * (delta_h_d * f / 47.7).min(6283.2);
        let w = 25.1 / (25.1 + q.sqrt());

        w * a_se + (1.0 - w) * a_k + a_fo
    }

    /// Line-of-sight loss: two-ray attenuation blended with the extended
    /// diffraction line [Algorithm, eq. 4.46-4.50].
    fn line_of_sight(&self, d: f64, m_d: f64, a_d0: f64) -> f64 {
        let g = self.g;
        let f = self.f_mhz;
        let sigma_h_d = sigma_h(terrain_roughness(d, g.delta_h_m));
        let wn = f / 47.7;

        let h_sum = g.h_e_m[0] + g.h_e_m[1];
        let sin_psi = h_sum / (d * d + h_sum * h_sum).sqrt();

        let sin_c = Complex::new(sin_psi, 0.0);
        let mut r_e =
            (sin_c - self.z_g) / (sin_c + self.z_g) * (-(wn * sigma_h_d * sin_psi).min(10.0)).exp();
        let q = r_e.norm_sqr();
        if q < 0.25 || q < sin_psi {
            r_e = r_e * (sin_psi / q).sqrt();
        }

        let mut delta_phi = wn * 2.0 * g.h_e_m[0] * g.h_e_m[1] / d;
        if delta_phi > PI / 2.0 {
            delta_phi = PI - (PI / 2.0) * (PI / 2.0) / delta_phi;
        }

        let rr = Complex::new(delta_phi.cos(), -delta_phi.sin()) + r_e;
        let a_t = -10.0 * rr.norm_sqr().log10();
        let a_d = m_d * d + a_d0;
        let w = 1.0 / (1.0 + f * g.delta_h_m / self.d_sml.max(10e3));

        w * a_t + (1.0 - w) * a_d
    }

    /// Troposcatter loss at distance `d` [Algorithm, eq. 4.63-4.67].
    ///
    /// `h0` carries the frequency-gain value H_0 between the two calls ITM
    /// makes (at d_6 first, then d_5); start it at −1.
    fn troposcatter(&self, d: f64, h0: &mut f64) -> f64 {
        let g = self.g;
        let wn = self.f_mhz / 47.7;

        let h_0 = if *h0 > 15.0 {
            *h0
        } else {
            let mut ad = g.d_hzn_m[0] - g.d_hzn_m[1];
            let mut rr = g.h_e_m[1] / g.h_e_m[0];
            if ad < 0.0 {
                ad = -ad;
                rr = 1.0 / rr;
            }

            let theta = g.theta_hzn[0] + g.theta_hzn[1] + d / self.a_e;
            let r_1 = 2.0 * wn * theta * g.h_e_m[0];
            let r_2 = 2.0 * wn * theta * g.h_e_m[1];
            if r_1 < 0.2 && r_2 < 0.2 {
                // A_scat is not defined here [Algorithm, p. 11].
                return 1001.0;
            }

            let mut s = (d - ad) / (d + ad);
            let q = (rr / s).clamp(0.1, 10.0);
            s = s.max(0.1);

            let h_0_m = (d - ad) * (d + ad) * theta * 0.25 / d;
            const Z_0_M: f64 = 1.7556e3;
            const Z_1_M: f64 = 8.0e3;
            let n_s = g.n_s;
            let eta_s = (h_0_m / Z_0_M)
                * (1.0
                    + (0.031 - n_s * 2.32e-3 + (n_s * n_s) * 5.67e-6)
                        * (-(h_0_m / Z_1_M).min(1.7).powf(6.0)).exp());

            let h_00 = (h0_function(r_1, eta_s) + h0_function(r_2, eta_s)) / 2.0;
            let delta_h_0 = h_00.min(6.0 * (0.6 - eta_s.max(1.0).log10()) * s.log10() * q.log10());

            let mut h_0 = (h_00 + delta_h_0).max(0.0);
            if eta_s < 1.0 {
                let x = (1.0 + SQRT_2 / r_1) * (1.0 + SQRT_2 / r_2);
                h_0 = eta_s * h_0
                    + (1.0 - eta_s)
                        * 10.0
                        * ((x * x) * (r_1 + r_2) / (r_1 + r_2 + 2.0 * SQRT_2)).log10();
            }
            if h_0 > 15.0 && *h0 >= 0.0 {
                h_0 = *h0;
            }
            h_0
        };

        *h0 = h_0;
        let th = d / self.a_e - self.theta_los;
        const D_0_M: f64 = 40e3;
        const H_M: f64 = 47.7;
        f_function(th * d) + 10.0 * (wn * H_M * th.powf(4.0)).log10()
            - 0.1 * (g.n_s - 301.0) * (-th * d / D_0_M).exp()
            + h_0
    }
}

/// Height-gain function F(x, K) for smooth-earth diffraction.
fn height_gain(x_km: f64, k: f64) -> f64 {
    if x_km < 200.0 {
        let w = -k.ln();
        if k < 1e-5 || x_km * w.powf(3.0) > 5495.0 {
            let mut result = -117.0;
            if x_km > 1.0 {
                result += 17.372 * x_km.ln();
            }
            result
        } else {
            2.5e-5 * (x_km * x_km) / k - 8.686 * w - 15.0
        }
    } else {
        let mut result = 0.05751 * x_km - 4.343 * x_km.ln();
        if x_km < 2000.0 {
            let w = 0.0134 * x_km * (-0.005 * x_km).exp();
            result = (1.0 - w) * result + w * (17.372 * x_km.ln() - 117.0);
        }
        result
    }
}

/// The attenuation function F(θd) [Algorithm, 6.9].
fn f_function(td: f64) -> f64 {
    const A: [f64; 3] = [133.4, 104.6, 71.8];
    const B: [f64; 3] = [0.332e-3, 0.212e-3, 0.157e-3];
    const C: [f64; 3] = [-10.0, -2.5, 5.0];
    let i = if td <= 10e3 {
        0
    } else if td <= 70e3 {
        1
    } else {
        2
    };
    A[i] + B[i] * td + C[i] * td.log10()
}

/// One of the five H_0 curves [Algorithm, 6.13].
fn h0_curve(j: usize, r: f64) -> f64 {
    const A: [f64; 5] = [25.0, 80.0, 177.0, 395.0, 705.0];
    const B: [f64; 5] = [24.0, 45.0, 68.0, 80.0, 105.0];
    let inv = 1.0 / r;
    10.0 * (1.0 + A[j] * inv.powf(4.0) + B[j] * (inv * inv)).log10()
}

/// Troposcatter frequency-gain function H_0(r, η_s) [TN101, ch. 9.2].
fn h0_function(r: f64, eta_s: f64) -> f64 {
    // (A NaN falls back to the first curve, as in ITM.)
    let eta_s = if eta_s.is_nan() {
        1.0
    } else {
        eta_s.clamp(1.0, 5.0)
    };
    let i = eta_s as usize;
    let q = eta_s - i as f64;
    let mut result = h0_curve(i - 1, r);
    if q != 0.0 {
        result = (1.0 - q) * result + q * h0_curve(i, r);
    }
    result
}

/// The reference attenuation A_ref (dB relative to free space) and the
/// propagation mode, adding ITM's geometry warnings to `warnings`.
pub(crate) fn longley_rice(
    g: &PathGeometry,
    f_mhz: f64,
    z_g: Complex,
    warnings: &mut Warnings,
) -> Result<(f64, PropagationMode), ItmError> {
    let a_e = 1.0 / g.gamma_e;
    let d = g.d_m;

    // Smooth-earth horizon distances and the two maximum line-of-sight distances.
    let d_hzn_s = [
        (2.0 * g.h_e_m[0] * a_e).sqrt(),
        (2.0 * g.h_e_m[1] * a_e).sqrt(),
    ];
    let d_sml = d_hzn_s[0] + d_hzn_s[1];
    let d_ml = g.d_hzn_m[0] + g.d_hzn_m[1];
    let theta_los = -(g.theta_hzn[0] + g.theta_hzn[1]).max(-d_ml / a_e);

    if g.theta_hzn[0].abs() > 200e-3 {
        *warnings |= Warnings::TX_HORIZON_ANGLE;
    }
    if g.theta_hzn[1].abs() > 200e-3 {
        *warnings |= Warnings::RX_HORIZON_ANGLE;
    }
    if g.d_hzn_m[0] < 0.1 * d_hzn_s[0] {
        *warnings |= Warnings::TX_HORIZON_DISTANCE_1;
    }
    if g.d_hzn_m[1] < 0.1 * d_hzn_s[1] {
        *warnings |= Warnings::RX_HORIZON_DISTANCE_1;
    }
    if g.d_hzn_m[0] > 3.0 * d_hzn_s[0] {
        *warnings |= Warnings::TX_HORIZON_DISTANCE_2;
    }
    if g.d_hzn_m[1] > 3.0 * d_hzn_s[1] {
        *warnings |= Warnings::RX_HORIZON_DISTANCE_2;
    }

    // Written so that a NaN N_s, a_e or Z_g is refused too.
    if g.n_s.is_nan() || g.n_s < 150.0 {
        return Err(ItmError::SurfaceRefractivitySmall { n_s: g.n_s });
    }
    if g.n_s > 400.0 {
        return Err(ItmError::SurfaceRefractivityLarge { n_s: g.n_s });
    }
    if g.n_s < 250.0 {
        *warnings |= Warnings::SURFACE_REFRACTIVITY;
    }
    if !(4_000_000.0..=13_333_333.0).contains(&a_e) {
        return Err(ItmError::EffectiveEarth { a_e_m: a_e });
    }
    let impedance_ok = z_g.re > z_g.im.abs();
    if !impedance_ok {
        return Err(ItmError::GroundImpedance {
            re: z_g.re,
            im: z_g.im,
        });
    }

    let path = Path {
        g,
        f_mhz,
        z_g,
        a_e,
        theta_los,
        d_sml,
        d_ml,
    };

    // The diffraction line through two distances far in the diffraction region.
    let scale = (a_e * a_e / f_mhz).powf(THIRD);
    let d_3 = d_sml.max(d_ml + 5.0 * scale);
    let d_4 = d_3 + 10.0 * scale;
    let a_3 = path.diffraction(d_3);
    let a_4 = path.diffraction(d_4);
    let m_d = (a_4 - a_3) / (d_4 - d_3);
    let a_d0 = a_3 - m_d * d_3;

    let d_min = (g.h_e_m[0] - g.h_e_m[1]).abs() / 200e-3;
    if d < d_min {
        *warnings |= Warnings::PATH_DISTANCE_TOO_SMALL_1;
    }
    if d < 1e3 {
        *warnings |= Warnings::PATH_DISTANCE_TOO_SMALL_2;
    }
    if d > 1000e3 {
        *warnings |= Warnings::PATH_DISTANCE_TOO_BIG_1;
    }
    if d > 2000e3 {
        *warnings |= Warnings::PATH_DISTANCE_TOO_BIG_2;
    }

    let (a_ref, mode) = if d < d_sml {
        let a = line_of_sight_fit(d, d_sml, d_ml, f_mhz, g.h_e_m, m_d, a_d0, |x| {
            path.line_of_sight(x, m_d, a_d0)
        });
        (a, PropagationMode::LineOfSight)
    } else {
        // Beyond the horizon: the troposcatter line through two distances far
        // into the scatter region, then whichever of the lines applies.
        let d_5 = d_ml + 200e3;
        let d_6 = d_ml + 400e3;
        let mut h0 = -1.0;
        let a_6 = path.troposcatter(d_6, &mut h0);
        let a_5 = path.troposcatter(d_5, &mut h0);

        let (m_s, a_s0, d_x) = if a_5 < 1000.0 {
            let m_s = (a_6 - a_5) / 200e3;
            let d_x = d_sml
                .max(d_ml + 1.088 * scale * f_mhz.ln())
                .max((a_5 - a_d0 - m_s * d_5) / (m_d - m_s));
            (m_s, (m_d - m_s) * d_x + a_d0, d_x)
        } else {
            // No usable troposcatter result: keep to the diffraction line.
            (m_d, a_d0, 10e6)
        };

        if d > d_x {
            (m_s * d + a_s0, PropagationMode::Troposcatter)
        } else {
            (m_d * d + a_d0, PropagationMode::Diffraction)
        }
    };

    Ok((a_ref.max(0.0), mode))
}

/// ITM's reference attenuation in line of sight (`d` below the smooth-earth
/// horizon distance `d_sml`): `A_o + k₁ d + k₂ ln d` fitted through the
/// two-ray losses (`los(x)`) at two short distances and the diffraction
/// line (`m_d`, `a_d0`) at `d_sml` [ERL 79-ITS 67, eq. 3.16–3.21]. `d_ml`
/// is the sum of the horizon distances, `h_e` the effective heights.
///
/// ```
/// // A flat two-ray loss of 10 dB and a flat diffraction line of 20 dB:
/// // between the two-ray distances (20 and 25 km) and d_sML (40 km) the
/// // fit rises from the one to the other.
/// let a = |d| hatang_itm::line_of_sight_fit(
///     d, 40_000.0, 40_000.0, 1800.0, [30.0, 10.0], 0.0, 20.0, |_| 10.0);
/// assert_eq!(a(20_000.0), 10.0);
/// assert!(a(30_000.0) > 10.0 && a(30_000.0) < 20.0);
/// assert_eq!(a(40_000.0), 20.0);
/// ```
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn line_of_sight_fit(
    d: f64,
    d_sml: f64,
    d_ml: f64,
    f_mhz: f64,
    h_e: [f64; 2],
    m_d: f64,
    a_d0: f64,
    mut los: impl FnMut(f64) -> f64,
) -> f64 {
    let a_sml = d_sml * m_d + a_d0;
    let mut d_0 = 0.04 * f_mhz * h_e[0] * h_e[1];
    let d_1 = if a_d0 >= 0.0 {
        d_0 = d_0.min(0.5 * d_ml);
        d_0 + 0.25 * (d_ml - d_0)
    } else {
        (-a_d0 / m_d).max(0.25 * d_ml)
    };
    let a_1 = los(d_1);

    let mut use_two_terms = false;
    let mut k_1 = 0.0;
    let mut k_2 = 0.0;
    if d_0 < d_1 {
        let a_0 = los(d_0);
        let q = (d_sml / d_0).ln();
        k_2 = (((d_sml - d_0) * (a_1 - a_0) - (d_1 - d_0) * (a_sml - a_0))
            / ((d_sml - d_0) * (d_1 / d_0).ln() - (d_1 - d_0) * q))
            .max(0.0);
        use_two_terms = a_d0 > 0.0 || k_2 > 0.0;
        if use_two_terms {
            k_1 = (a_sml - a_0 - k_2 * q) / (d_sml - d_0);
            if k_1 < 0.0 {
                k_1 = 0.0;
                k_2 = fdim(a_sml, a_0) / q;
                if k_2 == 0.0 {
                    k_1 = m_d;
                }
            }
        }
    }
    if !use_two_terms {
        k_1 = fdim(a_sml, a_1) / (d_sml - d_1);
        k_2 = 0.0;
        if k_1 == 0.0 {
            k_1 = m_d;
        }
    }

    if k_2 == 0.0 {
        // The same number as with the logarithmic terms (they are ±0),
        // without two logarithms.
        let a_o = a_sml - k_1 * d_sml;
        a_o + k_1 * d
    } else {
        let a_o = a_sml - k_1 * d_sml - k_2 * d_sml.ln();
        a_o + k_1 * d + k_2 * d.ln()
    }
}
