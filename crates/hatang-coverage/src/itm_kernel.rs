//! A specialised evaluation of ITM's point-to-point prediction for many
//! paths at one frequency, climate and variability.
//!
//! [`ItmKernel`] computes exactly what `hatang_itm::Itm::predict_tls` computes
//! for a [`PathGeometry`] — the same operations in the same order, so the
//! same bits — but does the work that does not depend on the path once
//! (ground impedance, powers of the frequency, the variability constants),
//! shares the terminal terms of the two diffraction evaluations of the
//! diffraction line, and skips the troposcatter line when the path is too
//! short for it to be chosen. Inputs are checked once, when the kernel is
//! built; warnings are not collected.
//!
//! Cube roots (Halley iterations), fourth roots and small integer powers
//! are computed without `powf`, which changes results in the last bits
//! only; the test `kernel_matches_hatang_itm`
//! checks it against `hatang-itm` to 1e-9 (relative) over random
//! geometries, climates, variabilities and frequencies.
//!
//! [`ItmKernel::losses`] (in `itm_batch`) computes the same for many
//! geometries at once, in vector lanes: three times faster per geometry
//! on AVX2, within about 1e-15 of `loss` but not bit for bit.

use crate::fastmath as fm;
use hatang_itm::{
    climate_curve as curve, combine_variability, line_of_sight_fit, Climate, Itm, ItmError, Mdvar,
    PathGeometry, PathKind, Polarization, Tls, VariabilityMode,
};
use std::f64::consts::{PI, SQRT_2};

const THIRD: f64 = 1.0 / 3.0;
pub(crate) const A_0_M: f64 = 6370e3;
pub(crate) const A_9000_M: f64 = 9000e3;

/// ITM's own complex arithmetic (Smith division).
use hatang_itm::Complex as Cx;

/// The climates' curve coefficients (TN101 fig. 10.13), from `hatang-itm`.
use hatang_itm::CLIMATE_CURVES as CURVES;

/// Cube root of a positive normal number: the exponent split by three, a
/// degree-5 polynomial for the mantissa's root (relative error below
/// 1.6e-6) and one Halley step (cubic convergence: below 1e-16), within
/// two ulps of `f64::cbrt`, which the soft-float implementation the
/// default target links makes slow. Other inputs go to `f64::cbrt`.
#[inline]
fn cbrt(x: f64) -> f64 {
    if !(f64::MIN_POSITIVE..=f64::MAX).contains(&x) {
        return x.cbrt();
    }
    const MANTISSA: u64 = (1 << 52) - 1;
    /// `2^(r/3)`.
    const ROOT2: [f64; 3] = [1.0, 1.259_921_049_894_873_2, 1.587_401_051_968_199_4];
    let bits = x.to_bits();
    let e = (bits >> 52) as i32 - 1023;
    let m = f64::from_bits((bits & MANTISSA) | (1023 << 52));
    let q = e.div_euclid(3);
    let r = (e - 3 * q) as usize;
    let m2 = m * m;
    let p = (0.474_502_219_181_217_5 + 0.834_011_087_471_192_7 * m)
        + m2 * ((-0.463_440_423_750_461_35 + 0.198_799_821_640_678 * m)
            + m2 * (-0.049_039_839_034_525_42 + 0.005_168_699_538_943_319 * m));
    let y = p * ROOT2[r];
    let y = f64::from_bits((y.to_bits() as i64 + ((q as i64) << 52)) as u64);
    let y3 = y * y * y;
    y * ((y3 + 2.0 * x) / (2.0 * y3 + x))
}

#[inline]
fn terrain_roughness(d_m: f64, delta_h_m: f64) -> f64 {
    delta_h_m * (1.0 - 0.8 * (-d_m / 50e3).exp())
}

#[inline]
fn sigma_h(delta_h_m: f64) -> f64 {
    0.78 * delta_h_m * (-0.5 * delta_h_m.sqrt().sqrt()).exp()
}

#[inline]
fn fresnel_integral(v2: f64) -> f64 {
    if v2 < 5.76 {
        6.02 + 9.11 * v2.sqrt() - 1.27 * v2
    } else {
        12.953 + 10.0 * fm::log10(v2)
    }
}

#[inline]
fn height_gain(x_km: f64, k: f64) -> f64 {
    if x_km < 200.0 {
        let w = -k.ln();
        if k < 1e-5 || x_km * (w * w * w) > 5495.0 {
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

#[inline]
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
    A[i] + B[i] * td + C[i] * fm::log10(td)
}

fn h0_curve(j: usize, r: f64) -> f64 {
    const A: [f64; 5] = [25.0, 80.0, 177.0, 395.0, 705.0];
    const B: [f64; 5] = [24.0, 45.0, 68.0, 80.0, 105.0];
    let inv = 1.0 / r;
    let inv2 = inv * inv;
    10.0 * fm::log10(1.0 + A[j] * (inv2 * inv2) + B[j] * inv2)
}

fn h0_function(r: f64, eta_s: f64) -> f64 {
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

/// ITM's inverse complementary normal (Abramowitz & Stegun 26.2.23).
fn inverse_ccdf(q: f64) -> f64 {
    hatang_itm::inverse_ccdf(q)
}

/// ITM prediction specialised for one frequency, ground, climate and
/// variability: see the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct ItmKernel {
    pub(crate) f: f64,
    pub(crate) wn: f64,
    pub(crate) z_g_re: f64,
    pub(crate) z_g_im: f64,
    pub(crate) f_third: f64,
    /// `0.017778 f^(-1/3) / |Z_g|`.
    pub(crate) k_scale: f64,
    pub(crate) ln_f: f64,
    pub(crate) a_fs_0: f64,
    pub(crate) climate: usize,
    pub(crate) mode: VariabilityMode,
    pub(crate) no_location: bool,
    pub(crate) no_situation: bool,
    pub(crate) z_t: f64,
    pub(crate) z_l: f64,
    pub(crate) z_s: f64,
    pub(crate) d_ex_f: f64,
    pub(crate) g_minus: f64,
    pub(crate) g_plus: f64,
    pub(crate) h_m: [f64; 2],
}

/// The terminal terms of the smooth-earth diffraction and the clutter
/// terms: the same at both distances of the diffraction line.
struct DiffShared {
    theta_los: f64,
    a_e: f64,
    gamma_e: f64,
    d_ml: f64,
    x1: f64,
    x2: f64,
    hg1: f64,
    hg2: f64,
    a_fo: f64,
    term1: f64,
}

impl ItmKernel {
    /// A kernel for `itm` at the given variability and structural heights;
    /// refuses what ITM's input checks refuse.
    pub(crate) fn new(itm: &Itm, tls: Tls, h_tx_m: f64, h_rx_m: f64) -> Result<Self, ItmError> {
        // Let hatang-itm check every input, on a harmless area path.
        let probe = PathGeometry::area(
            &hatang_itm::AreaPath::new(10.0, 90.0),
            [h_tx_m, h_rx_m],
            itm.n_0,
        );
        itm.predict_tls(&probe, tls)?;

        let f = itm.f_mhz;
        let ep_r = Cx::new(itm.epsilon, 18000.0 * itm.sigma / f);
        let z = (ep_r - Cx::new(1.0, 0.0)).sqrt();
        let z_g = match itm.polarization {
            Polarization::Horizontal => z,
            Polarization::Vertical => z / ep_r,
        };
        let wn = f / 47.7;
        let curves = &CURVES[climate_index(itm.climate)];
        let mut z_t = inverse_ccdf(tls.time / 100.0);
        let mut z_l = inverse_ccdf(tls.location / 100.0);
        let z_s = inverse_ccdf(tls.situation / 100.0);
        let mdvar: Mdvar = itm.mdvar;
        match mdvar.mode {
            VariabilityMode::SingleMessage => {
                z_t = z_s;
                z_l = z_s;
            }
            VariabilityMode::Accidental => z_l = z_s,
            VariabilityMode::Mobile => z_l = z_t,
            VariabilityMode::Broadcast => {}
        }
        let q = (0.133 * wn).ln();
        let g_minus =
            curves.bfm[0] + curves.bfm[1] / ((curves.bfm[2] * q) * (curves.bfm[2] * q) + 1.0);
        let g_plus =
            curves.bfp[0] + curves.bfp[1] / ((curves.bfp[2] * q) * (curves.bfp[2] * q) + 1.0);
        Ok(Self {
            f,
            wn,
            z_g_re: z_g.re,
            z_g_im: z_g.im,
            f_third: f.powf(THIRD),
            k_scale: 0.017778 * f.powf(-THIRD) / z_g.abs(),
            ln_f: f.ln(),
            a_fs_0: 32.45 + 20.0 * fm::log10(f),
            climate: climate_index(itm.climate),
            mode: mdvar.mode,
            no_location: mdvar.no_location_variability,
            no_situation: mdvar.no_situation_variability,
            z_t,
            z_l,
            z_s,
            d_ex_f: (575.7e12 / wn).powf(THIRD),
            g_minus,
            g_plus,
            h_m: [h_tx_m, h_rx_m],
        })
    }

    /// The basic transmission loss (dB) of a point-to-point geometry whose
    /// structural heights are the kernel's; NaN where ITM would refuse the
    /// path (distance not positive, Δh negative, N_s or the effective
    /// earth out of range).
    pub(crate) fn loss(&self, g: &PathGeometry) -> f64 {
        debug_assert_eq!(g.h_m, self.h_m);
        debug_assert_eq!(g.kind, PathKind::PointToPoint);
        let d_km = g.d_m / 1000.0;
        if !(d_km > 0.0 && d_km.is_finite() && g.delta_h_m >= 0.0 && g.delta_h_m.is_finite()) {
            return f64::NAN;
        }
        let Some(a_ref) = self.reference(g) else {
            return f64::NAN;
        };
        let a_fs = self.a_fs_0 + 20.0 * fm::log10(g.d_m / 1000.0);
        self.variability(g, a_ref) + a_fs
    }

    #[inline]
    fn knife_edge(&self, d: f64, g: &PathGeometry, s: &DiffShared) -> f64 {
        let theta_nlos = d * s.gamma_e - s.theta_los;
        let d_nlos = d - s.d_ml;
        let v = |d_h: f64| {
            0.0795775 * self.wn * (theta_nlos * theta_nlos) * d_h * d_nlos / (d_nlos + d_h)
        };
        fresnel_integral(v(g.d_hzn_m[0])) + fresnel_integral(v(g.d_hzn_m[1]))
    }

    #[inline]
    fn smooth_earth(&self, d: f64, s: &DiffShared) -> f64 {
        let theta_nlos = d * s.gamma_e - s.theta_los;
        let a0 = (d - s.d_ml) / theta_nlos;
        let d_km0 = (a0 * theta_nlos) / 1000.0;
        let c_0 = cbrt((4.0 / 3.0) * A_0_M / a0);
        let k = c_0 * self.k_scale;
        let b_0 = 1.607 - k;
        let x0 = b_0 * (c_0 * c_0) * self.f_third * d_km0 + s.x1 + s.x2;
        let g_x = 0.05751 * x0 - 10.0 * fm::log10(x0);
        g_x - s.hg1 - s.hg2 - 20.0
    }

    #[inline]
    fn diffraction(&self, d: f64, g: &PathGeometry, s: &DiffShared) -> f64 {
        let a_k = self.knife_edge(d, g, s);
        let a_se = self.smooth_earth(d, s);
        let delta_h_d = terrain_roughness(d, g.delta_h_m);
        let q = (s.term1 + (-s.theta_los * s.a_e + s.d_ml) / d) * (delta_h_d * self.wn).min(6283.2);
        let w = 25.1 / (25.1 + q.sqrt());
        w * a_se + (1.0 - w) * a_k + s.a_fo
    }

    #[inline]
    fn shared(
        &self,
        g: &PathGeometry,
        a_e: f64,
        theta_los: f64,
        d_sml: f64,
        d_ml: f64,
    ) -> DiffShared {
        let f = self.f;
        let a1 = 0.5 * (g.d_hzn_m[0] * g.d_hzn_m[0]) / g.h_e_m[0];
        let a2 = 0.5 * (g.d_hzn_m[1] * g.d_hzn_m[1]) / g.h_e_m[1];
        let d_km1 = g.d_hzn_m[0] / 1000.0;
        let d_km2 = g.d_hzn_m[1] / 1000.0;
        let c_01 = cbrt((4.0 / 3.0) * A_0_M / a1);
        let c_02 = cbrt((4.0 / 3.0) * A_0_M / a2);
        let k1 = c_01 * self.k_scale;
        let k2 = c_02 * self.k_scale;
        let b_01 = 1.607 - k1;
        let b_02 = 1.607 - k2;
        let x1 = b_01 * (c_01 * c_01) * self.f_third * d_km1;
        let x2 = b_02 * (c_02 * c_02) * self.f_third * d_km2;
        let hg1 = height_gain(x1, k1);
        let hg2 = height_gain(x2, k2);

        let sigma_h_d = sigma_h(terrain_roughness(d_sml, g.delta_h_m));
        let a_fo = (5.0 * fm::log10(1.0 + 1e-5 * g.h_m[0] * g.h_m[1] * f * sigma_h_d)).min(15.0);
        let mut q = g.h_m[0] * g.h_m[1];
        let qk = g.h_e_m[0] * g.h_e_m[1] - q;
        q += 10.0;
        let term1 = (1.0 + qk / q).sqrt();
        DiffShared {
            theta_los,
            a_e,
            gamma_e: g.gamma_e,
            d_ml,
            x1,
            x2,
            hg1,
            hg2,
            a_fo,
            term1,
        }
    }

    #[inline]
    fn line_of_sight(&self, d: f64, m_d: f64, a_d0: f64, g: &PathGeometry, d_sml: f64) -> f64 {
        let f = self.f;
        let sigma_h_d = sigma_h(terrain_roughness(d, g.delta_h_m));
        let wn = self.wn;
        let h_sum = g.h_e_m[0] + g.h_e_m[1];
        let sin_psi = h_sum / (d * d + h_sum * h_sum).sqrt();
        // (sin ψ − Z_g) / (sin ψ + Z_g), through one reciprocal.
        let (a, b) = (sin_psi - self.z_g_re, -self.z_g_im);
        let (c, dd) = (sin_psi + self.z_g_re, self.z_g_im);
        let inv = 1.0 / (c * c + dd * dd);
        let ratio = Cx::new((a * c + b * dd) * inv, (b * c - a * dd) * inv);
        let mut r_e = ratio * (-(wn * sigma_h_d * sin_psi).min(10.0)).exp();
        let q = r_e.norm_sqr();
        if q < 0.25 || q < sin_psi {
            r_e = r_e * (sin_psi / q).sqrt();
        }
        let mut delta_phi = wn * 2.0 * g.h_e_m[0] * g.h_e_m[1] / d;
        if delta_phi > PI / 2.0 {
            delta_phi = PI - (PI / 2.0) * (PI / 2.0) / delta_phi;
        }
        let rr = Cx::new(delta_phi.cos(), -delta_phi.sin()) + r_e;
        let a_t = -10.0 * fm::log10(rr.norm_sqr());
        let a_d = m_d * d + a_d0;
        let w = 1.0 / (1.0 + f * g.delta_h_m / d_sml.max(10e3));
        w * a_t + (1.0 - w) * a_d
    }

    fn troposcatter(
        &self,
        d: f64,
        g: &PathGeometry,
        a_e: f64,
        theta_los: f64,
        h0: &mut f64,
    ) -> f64 {
        let wn = self.wn;
        let h_0 = if *h0 > 15.0 {
            *h0
        } else {
            let mut ad = g.d_hzn_m[0] - g.d_hzn_m[1];
            let mut rr = g.h_e_m[1] / g.h_e_m[0];
            if ad < 0.0 {
                ad = -ad;
                rr = 1.0 / rr;
            }
            let theta = g.theta_hzn[0] + g.theta_hzn[1] + d / a_e;
            let r_1 = 2.0 * wn * theta * g.h_e_m[0];
            let r_2 = 2.0 * wn * theta * g.h_e_m[1];
            if r_1 < 0.2 && r_2 < 0.2 {
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
                        * (-{
                            let r = (h_0_m / Z_1_M).min(1.7);
                            let r3 = r * r * r;
                            r3 * r3
                        })
                        .exp());
            let h_00 = (h0_function(r_1, eta_s) + h0_function(r_2, eta_s)) / 2.0;
            let delta_h_0 =
                h_00.min(6.0 * (0.6 - fm::log10(eta_s.max(1.0))) * fm::log10(s) * fm::log10(q));
            let mut h_0 = (h_00 + delta_h_0).max(0.0);
            if eta_s < 1.0 {
                let x = (1.0 + SQRT_2 / r_1) * (1.0 + SQRT_2 / r_2);
                h_0 = eta_s * h_0
                    + (1.0 - eta_s)
                        * 10.0
                        * fm::log10((x * x) * (r_1 + r_2) / (r_1 + r_2 + 2.0 * SQRT_2));
            }
            if h_0 > 15.0 && *h0 >= 0.0 {
                h_0 = *h0;
            }
            h_0
        };
        *h0 = h_0;
        let th = d / a_e - theta_los;
        const D_0_M: f64 = 40e3;
        const H_M: f64 = 47.7;
        let th2 = th * th;
        f_function(th * d) + 10.0 * fm::log10(wn * H_M * (th2 * th2))
            - 0.1 * (g.n_s - 301.0) * (-th * d / D_0_M).exp()
            + h_0
    }

    /// ITM's reference attenuation; `None` where ITM refuses.
    #[inline]
    fn reference(&self, g: &PathGeometry) -> Option<f64> {
        let f = self.f;
        let a_e = 1.0 / g.gamma_e;
        let d = g.d_m;
        let d_hzn_s = [
            (2.0 * g.h_e_m[0] * a_e).sqrt(),
            (2.0 * g.h_e_m[1] * a_e).sqrt(),
        ];
        let d_sml = d_hzn_s[0] + d_hzn_s[1];
        let d_ml = g.d_hzn_m[0] + g.d_hzn_m[1];
        let theta_los = -(g.theta_hzn[0] + g.theta_hzn[1]).max(-d_ml / a_e);
        if g.n_s.is_nan() || !(150.0..=400.0).contains(&g.n_s) {
            return None;
        }
        if !(4_000_000.0..=13_333_333.0).contains(&a_e) {
            return None;
        }

        let shared = self.shared(g, a_e, theta_los, d_sml, d_ml);
        let scale = cbrt(a_e * a_e / f);
        let d_3 = d_sml.max(d_ml + 5.0 * scale);
        let d_4 = d_3 + 10.0 * scale;
        let a_3 = self.diffraction(d_3, g, &shared);
        let a_4 = self.diffraction(d_4, g, &shared);
        let m_d = (a_4 - a_3) / (d_4 - d_3);
        let a_d0 = a_3 - m_d * d_3;

        let a_ref = if d < d_sml {
            line_of_sight_fit(d, d_sml, d_ml, f, g.h_e_m, m_d, a_d0, |x| {
                self.line_of_sight(x, m_d, a_d0, g, d_sml)
            })
        } else if d <= d_ml + 1.088 * scale * self.ln_f {
            // d_x >= d_ml + 1.088 scale ln f: the diffraction line applies
            // whatever the troposcatter line is.
            m_d * d + a_d0
        } else {
            let d_5 = d_ml + 200e3;
            let d_6 = d_ml + 400e3;
            let mut h0 = -1.0;
            let a_6 = self.troposcatter(d_6, g, a_e, theta_los, &mut h0);
            let a_5 = self.troposcatter(d_5, g, a_e, theta_los, &mut h0);
            let (m_s, a_s0, d_x) = if a_5 < 1000.0 {
                let m_s = (a_6 - a_5) / 200e3;
                let d_x = d_sml
                    .max(d_ml + 1.088 * scale * self.ln_f)
                    .max((a_5 - a_d0 - m_s * d_5) / (m_d - m_s));
                (m_s, (m_d - m_s) * d_x + a_d0, d_x)
            } else {
                (m_d, a_d0, 10e6)
            };
            if d > d_x {
                m_s * d + a_s0
            } else {
                m_d * d + a_d0
            }
        };
        Some(a_ref.max(0.0))
    }

    #[inline]
    fn variability(&self, g: &PathGeometry, a_ref_db: f64) -> f64 {
        let curves = &CURVES[self.climate];
        let wn = self.wn;
        let d_ex = (2.0 * A_9000_M * g.h_e_m[0]).sqrt()
            + (2.0 * A_9000_M * g.h_e_m[1]).sqrt()
            + self.d_ex_f;
        let d_e = if g.d_m < d_ex {
            130e3 * g.d_m / d_ex
        } else {
            130e3 + g.d_m - d_ex
        };
        let sigma_s = if self.no_situation {
            0.0
        } else {
            5.0 + 3.0 * (-d_e / 100e3).exp()
        };
        let v_med = curve(&curves.all_year, d_e);
        let (z_t, z_l, z_s) = (self.z_t, self.z_l, self.z_s);
        let sigma_l = if self.no_location {
            0.0
        } else {
            let delta_h_d = g.delta_h_m * (1.0 - 0.8 * (-g.d_m / 50e3).exp());
            10.0 * wn * delta_h_d / (wn * delta_h_d + 13.0)
        };
        let sigma_t = if z_t < 0.0 {
            curve(&curves.sigma_minus, d_e) * self.g_minus
        } else {
            let sigma_t_plus = curve(&curves.sigma_plus, d_e) * self.g_plus;
            if z_t <= curves.z_d {
                sigma_t_plus
            } else {
                let sigma_td = curves.c_d * sigma_t_plus;
                let tgtd = (sigma_t_plus - sigma_td) * curves.z_d;
                sigma_td + tgtd / z_t
            }
        };
        combine_variability(
            self.mode,
            a_ref_db,
            v_med,
            [sigma_s, sigma_t, sigma_l],
            [z_t, z_l, z_s],
        )
    }
}

const fn climate_index(c: Climate) -> usize {
    c.code() as usize - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::rng::Rng;
    use hatang_itm::Profile;

    fn random_profile(rng: &mut Rng, n: usize) -> Vec<f64> {
        let mut h = Vec::with_capacity(n + 1);
        let mut z = rng.range(0.0, 400.0);
        let rough = rng.range(0.0, 40.0);
        for _ in 0..=n {
            z = (z + rng.range(-rough, rough)).max(0.0);
            h.push(z);
        }
        h
    }

    #[test]
    fn kernel_matches_hatang_itm() {
        let mut rng = Rng::new(7);
        let mut checked = 0;
        for case in 0..3000 {
            let (kernel, itm, tls, [h_tx, h_rx]) = random_kernel(&mut rng, case);
            let n = 2 + rng.below(600);
            let step = rng.range(10.0, 400.0);
            let h = random_profile(&mut rng, n);
            let p = Profile::new(step, &h).unwrap();
            let g = itm.p2p_geometry(h_tx, h_rx, &p);
            let got = kernel.loss(&g);
            match itm.predict_tls(&g, tls) {
                Ok(want) => {
                    let tol = 1e-9 * want.loss_db.abs().max(1.0);
                    assert!(
                        (got - want.loss_db).abs() <= tol,
                        "case {case}: {got} vs {}",
                        want.loss_db
                    );
                    checked += 1;
                }
                Err(_) => assert!(got.is_nan(), "case {case}"),
            }
        }
        assert!(checked > 2900);
    }

    /// A random kernel (frequency, climate and mdvar by `case`) and its
    /// model and variability.
    fn random_kernel(rng: &mut Rng, case: usize) -> (ItmKernel, Itm, Tls, [f64; 2]) {
        let f = [150.0, 450.0, 900.0, 1800.0, 2100.0, 3500.0][case % 6];
        let climate = Climate::try_from(1 + (case % 7) as i32).unwrap();
        let mdvar = Mdvar::try_from([0, 1, 2, 3, 12, 13, 22, 33][case % 8]).unwrap();
        let itm = Itm::new(f)
            .with_climate(climate)
            .with_mdvar(mdvar)
            .with_n_0(rng.range(260.0, 390.0))
            .with_polarization(if case & 1 == 0 {
                Polarization::Vertical
            } else {
                Polarization::Horizontal
            });
        let tls = Tls::new(
            rng.range(1.0, 99.0),
            rng.range(1.0, 99.0),
            rng.range(1.0, 99.0),
        );
        let h = [rng.range(2.0, 80.0), rng.range(1.0, 10.0)];
        let kernel = ItmKernel::new(&itm, tls, h[0], h[1]).unwrap();
        (kernel, itm, tls, h)
    }

    /// `n` random geometries for the masts `h`, one in about twenty
    /// refused by ITM.
    fn random_geometries(rng: &mut Rng, itm: &Itm, h: [f64; 2], n: usize) -> Vec<PathGeometry> {
        (0..n)
            .map(|_| {
                let n = 2 + rng.below(600);
                let step = rng.range(10.0, 400.0);
                let p = random_profile(rng, n);
                let mut g = itm.p2p_geometry(h[0], h[1], &Profile::new(step, &p).unwrap());
                match rng.below(100) {
                    0 => g.delta_h_m = -1.0,
                    1 => g.d_m = 0.0,
                    2 => g.n_s = 120.0,
                    3 => g.gamma_e = 1e-9,
                    4 => g.d_m = f64::NAN,
                    _ => {}
                }
                g
            })
            .collect()
    }

    #[test]
    fn batch_matches_hatang_itm() {
        let mut rng = Rng::new(8);
        let (mut in_lanes, mut fallback, mut refused) = (0, 0, 0);
        for case in 0..1200 {
            let (kernel, itm, tls, h) = random_kernel(&mut rng, case);
            let size = match case % 6 {
                0 => 1,
                1 => 3,
                2 => 5,
                3 => 17,
                _ => 1 + rng.below(40),
            };
            let geoms = random_geometries(&mut rng, &itm, h, size);
            let refs: Vec<&PathGeometry> = geoms.iter().collect();
            let mut got = vec![0.0; size];
            kernel.losses(&refs, &mut got);
            for (g, &got) in geoms.iter().zip(&got) {
                // The lanes leave to the scalar kernel exactly the refused
                // geometries and those beyond the diffraction line.
                let a_e = 1.0 / g.gamma_e;
                let d_sml = (2.0 * g.h_e_m[0] * a_e).sqrt() + (2.0 * g.h_e_m[1] * a_e).sqrt();
                let d_ml = g.d_hzn_m[0] + g.d_hzn_m[1];
                let scale = (a_e * a_e / itm.f_mhz).cbrt();
                let tropo = g.d_m >= d_sml && g.d_m > d_ml + 1.088 * scale * itm.f_mhz.ln();
                let refuses = itm.predict_tls(g, tls).is_err();
                assert_eq!(kernel.falls_back(g), tropo || refuses, "case {case}: {g:?}");
                if tropo || refuses {
                    fallback += 1;
                } else {
                    in_lanes += 1;
                }
                assert_eq!(got.is_nan(), kernel.loss(g).is_nan(), "case {case}");
                match itm.predict_tls(g, tls) {
                    Ok(want) => {
                        let tol = 1e-9 * want.loss_db.abs().max(1.0);
                        assert!(
                            (got - want.loss_db).abs() <= tol,
                            "case {case}: {got} vs {} ({g:?})",
                            want.loss_db
                        );
                    }
                    Err(_) => {
                        assert!(got.is_nan(), "case {case}");
                        refused += 1;
                    }
                }
            }
        }
        // On these random profiles, many paths are long enough for the
        // troposcatter line.
        assert!(in_lanes > 5000 && fallback > refused + 1000 && refused > 50);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn losses_avx2_on<V: crate::fastmath::Simd>(
        kernel: &ItmKernel,
        gs: &[&PathGeometry],
        out: &mut [f64],
    ) {
        kernel.losses_on::<V>(gs, out);
    }

    #[test]
    fn batch_values_do_not_depend_on_place_or_neighbours() {
        use crate::fastmath::{Lanes, Pair};
        let mut rng = Rng::new(10);
        for case in 0..48 {
            let (kernel, itm, _, h) = random_kernel(&mut rng, case);
            let geoms = random_geometries(&mut rng, &itm, h, 60);
            let alone: Vec<u64> = geoms
                .iter()
                .map(|g| {
                    let mut out = [0.0];
                    kernel.losses(&[g], &mut out);
                    out[0].to_bits()
                })
                .collect();
            let same = |out: &[f64], idx: &[usize]| {
                for (o, &i) in out.iter().zip(idx) {
                    assert_eq!(o.to_bits(), alone[i], "case {case}, geometry {i}");
                }
            };
            // In batches of any size, any order, with repeats.
            for _ in 0..20 {
                let idx: Vec<usize> = (0..1 + rng.below(70)).map(|_| rng.below(60)).collect();
                let batch: Vec<&PathGeometry> = idx.iter().map(|&i| &geoms[i]).collect();
                let mut out = vec![0.0; idx.len()];
                kernel.losses(&batch, &mut out);
                same(&out, &idx);
            }
            // On every kind of lanes.
            let all: Vec<usize> = (0..60).collect();
            let refs: Vec<&PathGeometry> = geoms.iter().collect();
            let mut out = vec![0.0; 60];
            kernel.losses_on::<Lanes<1>>(&refs, &mut out);
            same(&out, &all);
            kernel.losses_on::<Lanes<4>>(&refs, &mut out);
            same(&out, &all);
            kernel.losses_on::<Pair<Lanes<4>>>(&refs, &mut out);
            same(&out, &all);
            #[cfg(target_arch = "x86_64")]
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                use crate::fastmath::F64x4;
                // SAFETY: the processor has AVX2 and FMA.
                unsafe { losses_avx2_on::<F64x4>(&kernel, &refs, &mut out) };
                same(&out, &all);
                unsafe { losses_avx2_on::<Pair<Pair<F64x4>>>(&kernel, &refs, &mut out) };
                same(&out, &all);
            }
        }
    }

    #[test]
    fn cube_roots_within_two_ulps() {
        let mut x = 1e-300;
        while x < 1e300 {
            let (a, b) = (cbrt(x), x.cbrt());
            assert!(((a - b) / b).abs() < 5e-16, "{x}: {a} vs {b}");
            x *= 1.37;
        }
        assert!(cbrt(0.0) == 0.0 && cbrt(-8.0) == -2.0 && cbrt(f64::INFINITY).is_infinite());
    }

    #[test]
    #[ignore = "timing; run with --release --ignored --nocapture"]
    fn kernel_timing() {
        let mut rng = Rng::new(9);
        let itm = Itm::new(1800.0).with_mdvar(Mdvar::try_from(12).unwrap());
        let tls = Tls::MEDIAN;
        let kernel = ItmKernel::new(&itm, tls, 30.0, 1.5).unwrap();
        let geoms: Vec<PathGeometry> = (0..2000)
            .map(|_| {
                let h = random_profile(&mut rng, 300);
                itm.p2p_geometry(30.0, 1.5, &Profile::new(30.0, &h).unwrap())
            })
            .collect();
        let t = std::time::Instant::now();
        let mut s = 0.0;
        for _ in 0..50 {
            for g in &geoms {
                s += kernel.loss(g);
            }
        }
        let k = t.elapsed().as_secs_f64() / 100_000.0;
        let t = std::time::Instant::now();
        for _ in 0..50 {
            for g in &geoms {
                s += itm.predict_tls(g, tls).unwrap().loss_db;
            }
        }
        let o = t.elapsed().as_secs_f64() / 100_000.0;
        println!(
            "kernel {:.0} ns, hatang-itm {:.0} ns ({s})",
            k * 1e9,
            o * 1e9
        );
    }
}
