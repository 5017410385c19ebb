//! ITM's point-to-point loss for many geometries at once:
//! [`ItmKernel::losses`].
//!
//! ## Lanes
//!
//! The geometries go through in chunks, each quantity a vector of lanes
//! ([`Simd`]) and each operation acting on every lane alone: where the
//! processor has AVX2 (asked once, at run time), eight lanes in two AVX2
//! registers (two independent chains keep the processor busy) and the last
//! few four at a time; elsewhere four lanes as an array, which LLVM
//! vectorises as it can. The line of sight, the diffraction line and the
//! variability all run in the lanes: both sides of every branch are
//! computed and each lane's side selected, work that no lane of the chunk
//! needs is skipped (the line-of-sight fit, the height gain's `x < 200`
//! branch, the softening of negative values), and `exp`, `ln`, cube roots,
//! `sin` and `cos` are the branch-free ones of [`crate::fastmath`].
//!
//! The division unit limits the lanes (divisions and square roots took
//! 40 % of their time), so the scalar kernel's formulas are rearranged for
//! fewer divisions: those of a lane that can be computed together share
//! one ([`recips`]: `1/dᵢ = r ∏_{j≠i} dⱼ` with `r = 1/∏ dⱼ`, also inside
//! [`exp_n`], [`ln_n`] and [`cbrt_n`]), divisions by constants become
//! multiplications, and a few identities save more (`c/(a/b) = cb/a`,
//! `√(2a₉h_e₀) + √(2a₉h_e₁) = √(a₉γ_e) d_sML`, the two knife edges'
//! `log10 v²` as one logarithm): 24 divisions and 21 square roots per
//! geometry instead of 73 and 23. On the reference job's geometries
//! (AMD EPYC, one thread), 108 ns per geometry in batches of 64 against
//! 353 ns for `loss` (`examples/kernel_bench.rs`); the same arithmetic on
//! arrays that LLVM vectorises itself took 132 to 141 ns.
//!
//! ## What the scalar kernel does instead
//!
//! A lane is recomputed by the scalar [`ItmKernel::loss`] where the path
//! may need the troposcatter line (`d ≥ d_sML` and `d > d_ML + 1.088 ·
//! scale · ln f`), where ITM refuses it (NaN), where an input is not
//! finite or an effective height or horizon distance not positive, where
//! a batch of reciprocals left the normal range (a zero or enormous
//! denominator), and where the lanes' result is not finite: all functions
//! of the geometry alone. On the reference job's geometries (radius 25
//! km) every path is within line of sight of the smooth earth: none falls
//! back.
//!
//! ## Determinism and accuracy
//!
//! No operation mixes lanes, a short chunk is padded with copies of its
//! first geometry and computed by the same code, work is skipped only
//! where every lane discards it, and the arithmetic is plain IEEE
//! operations (no `mul_add`, which LLVM never introduces by itself): a
//! geometry's value is the same bits in any lane, any chunk width, any
//! batch, on the AVX2 and on the portable lanes (the test
//! `batch_values_do_not_depend_on_place_or_neighbours`).
//!
//! It is not the same bits as [`ItmKernel::loss`] (other `exp` and `ln`,
//! other roundings): within about 2e-15 (relative) of `hatang-itm`
//! on random geometries, all climates, variabilities and frequencies, and
//! the test `batch_matches_hatang_itm` asks 1e-9, as
//! `kernel_matches_hatang_itm` does of the scalar kernel. A caller that
//! needs a geometry's value reproducible computes it always with
//! `losses` (or always with `loss`), never one or the other by
//! circumstance.

use crate::fastmath::{cbrt_n, exp_n, ln_n, recips, Lanes, Pair, Simd, SimdMask};
use crate::itm_kernel::{ItmKernel, A_0_M, A_9000_M};
use hatang_itm::{
    Itm, ItmError, PathGeometry, PathKind, Tls, VariabilityMode, CLIMATE_CURVES as CURVES,
};
use std::f64::consts::{LOG10_E, PI};

/// The portable lanes: four, like AVX2's.
type Portable = Lanes<4>;

/// Whether the processor has AVX2 (and FMA), asked once.
#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    static DETECTED: AtomicU8 = AtomicU8::new(0);
    match DETECTED.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => {
            let yes = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
            DETECTED.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
            yes
        }
    }
}

/// A geometry's inputs, one lane each.
struct Inputs<V> {
    d: V,
    h_e: [V; 2],
    theta_hzn: [V; 2],
    d_hzn: [V; 2],
    delta_h: V,
    n_s: V,
    gamma_e: V,
}

impl ItmKernel {
    /// `out[i]` is `self.loss(gs[i])` to about 1e-15 (not to the bit: see
    /// the module documentation), three times faster on AVX2 in batches of
    /// eight or more (a smaller batch costs as much as four or eight
    /// geometries); the same bits for a geometry whatever its place and
    /// neighbours.
    ///
    /// # Panics
    ///
    /// If `out` and `gs` differ in length.
    pub(crate) fn losses(&self, gs: &[&PathGeometry], out: &mut [f64]) {
        assert_eq!(gs.len(), out.len(), "one output per geometry");
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            // SAFETY: the processor has AVX2 and FMA.
            unsafe { self.losses_avx2(gs, out) };
            return;
        }
        self.losses_with::<Portable>(gs, out);
    }

    /// `losses` on AVX2 registers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn losses_avx2(&self, gs: &[&PathGeometry], out: &mut [f64]) {
        use crate::fastmath::F64x4;
        // Eight lanes at a time (two independent registers keep the
        // processor busier), the rest four at a time: the same bits.
        let split = gs.len() / 8 * 8;
        let (gs, tail) = gs.split_at(split);
        let (out, out_tail) = out.split_at_mut(split);
        self.losses_with::<Pair<F64x4>>(gs, out);
        self.losses_with::<F64x4>(tail, out_tail);
    }

    /// `losses` on any lanes (for the tests: all give the same bits).
    #[cfg(test)]
    pub(crate) fn losses_on<V: Simd>(&self, gs: &[&PathGeometry], out: &mut [f64]) {
        self.losses_with::<V>(gs, out);
    }

    /// Whether the lanes leave `g` to the scalar kernel.
    pub(crate) fn falls_back(&self, g: &PathGeometry) -> bool {
        self.chunk::<Lanes<1>>(&[g]).1.get(0)
    }

    #[inline(always)]
    fn losses_with<V: Simd>(&self, gs: &[&PathGeometry], out: &mut [f64]) {
        for (gs, out) in gs.chunks(V::LANES).zip(out.chunks_mut(V::LANES)) {
            let (v, fallback) = self.chunk::<V>(gs);
            for (l, (o, g)) in out.iter_mut().zip(gs).enumerate() {
                *o = if fallback.get(l) {
                    self.loss(g)
                } else {
                    v.at(l)
                };
            }
        }
    }

    /// The losses of `gs` (1 to `V::LANES` geometries, the missing lanes
    /// copies of the first), and which lanes must be recomputed by the
    /// scalar kernel.
    #[inline(always)]
    fn chunk<V: Simd>(&self, gs: &[&PathGeometry]) -> (V, V::Mask) {
        assert!(!gs.is_empty() && gs.len() <= V::LANES);
        for g in gs {
            debug_assert_eq!(g.h_m, self.h_m);
            debug_assert_eq!(g.kind, PathKind::PointToPoint);
        }
        let lane = |l: usize| gs.get(l).unwrap_or(&gs[0]);
        let p = Inputs {
            d: V::from_fn(|l| lane(l).d_m),
            h_e: [
                V::from_fn(|l| lane(l).h_e_m[0]),
                V::from_fn(|l| lane(l).h_e_m[1]),
            ],
            theta_hzn: [
                V::from_fn(|l| lane(l).theta_hzn[0]),
                V::from_fn(|l| lane(l).theta_hzn[1]),
            ],
            d_hzn: [
                V::from_fn(|l| lane(l).d_hzn_m[0]),
                V::from_fn(|l| lane(l).d_hzn_m[1]),
            ],
            delta_h: V::from_fn(|l| lane(l).delta_h_m),
            n_s: V::from_fn(|l| lane(l).n_s),
            gamma_e: V::from_fn(|l| lane(l).gamma_e),
        };
        self.compute(&p)
    }

    /// The losses of the geometries in `p`, and which lanes must be
    /// recomputed by the scalar kernel.
    ///
    /// The scalar kernel's formulas, in stages so that most divisions of a
    /// lane share one ([`recips`], [`exp_n`], [`ln_n`], [`cbrt_n`]): the
    /// division unit is what limits the lanes. Where a batch of
    /// reciprocals leaves the normal range (a zero or an enormous
    /// denominator somewhere), the lane goes to the scalar kernel.
    #[inline(always)]
    fn compute<V: Simd>(&self, p: &Inputs<V>) -> (V, V::Mask) {
        let one = V::from(1.0);
        let d = p.d;
        let [h_e0, h_e1] = p.h_e;
        let [d_hzn0, d_hzn1] = p.d_hzn;
        let delta_h = p.delta_h;
        let wn = self.wn;
        let a_e = one / p.gamma_e;
        // What ITM refuses (d / 1000 > 0 is d > 500 · 2⁻¹⁰⁷⁴), and what the
        // lanes leave to the scalar kernel.
        let mut ok = d.gt(f64::from_bits(500))
            & d.finite()
            & delta_h.ge(0.0)
            & delta_h.finite()
            & p.n_s.ge(150.0)
            & p.n_s.le(400.0)
            & a_e.ge(4_000_000.0)
            & a_e.le(13_333_333.0);
        for i in 0..2 {
            ok = ok
                & p.h_e[i].gt(0.0)
                & p.h_e[i].finite()
                & p.d_hzn[i].gt(0.0)
                & p.d_hzn[i].finite()
                & p.theta_hzn[i].finite();
        }

        // What the inputs give directly.
        let d_sml = (h_e0 * 2.0 * a_e).sqrt() + (h_e1 * 2.0 * a_e).sqrt();
        let d_ml = d_hzn0 + d_hzn1;
        let theta_los = -(p.theta_hzn[0] + p.theta_hzn[1]).max(-d_ml * p.gamma_e);
        // √(2 a₉ h_e₀) + √(2 a₉ h_e₁) = √(a₉ γ_e) d_sML.
        let d_ex = (p.gamma_e * A_9000_M).sqrt() * d_sml + self.d_ex_f;
        let ([inv_hzn0, inv_hzn1, inv_d_ex], r) = recips([d_hzn0 * d_hzn0, d_hzn1 * d_hzn1, d_ex]);
        ok = ok & normal(r);
        let [e_sml, e_d] = exp_n([d_sml * -2e-5, d * -2e-5]);
        let delta_h_sml = delta_h * (one - e_sml * 0.8);
        let delta_h_d = delta_h * (one - e_d * 0.8);
        let d_e = d.lt(d_ex).select(d * 130e3 * inv_d_ex, d + 130e3 - d_ex);

        // The terminals' earth radii d_hzn² / (2 h_e), and scale.
        let [c_01, c_02, scale] = cbrt_n([
            h_e0 * ((8.0 / 3.0) * A_0_M) * inv_hzn0,
            h_e1 * ((8.0 / 3.0) * A_0_M) * inv_hzn1,
            a_e * a_e * (1.0 / self.f),
        ]);
        let (k1, k2) = (c_01 * self.k_scale, c_02 * self.k_scale);
        let x1 = (V::from(1.607) - k1) * (c_01 * c_01) * self.f_third * (d_hzn0 * 1e-3);
        let x2 = (V::from(1.607) - k2) * (c_02 * c_02) * self.f_third * (d_hzn1 * 1e-3);
        let d_3 = d_sml.max(d_ml + scale * 5.0);
        let d_4 = d_3 + scale * 10.0;
        let [e_sigma, e_x1, e_x2, e_3, e_4, e_s] = exp_n([
            delta_h_sml.sqrt().sqrt() * -0.5,
            x1 * -0.005,
            x2 * -0.005,
            d_3 * -2e-5,
            d_4 * -2e-5,
            d_e * -1e-5,
        ]);
        let sigma_h_sml = delta_h_sml * 0.78 * e_sigma;
        let [ln_x1, ln_x2, ln_fo] = ln_n([
            x1,
            x2,
            sigma_h_sml * (1e-5 * self.h_m[0] * self.h_m[1] * self.f) + 1.0,
        ]);
        let a_fo = (ln_fo * LOG10_E * 5.0).min(15.0);
        let (hg1, hg2) = height_gains([x1, x2], [k1, k2], [ln_x1, ln_x2], [e_x1, e_x2]);
        let q = self.h_m[0] * self.h_m[1];
        let term1 = ((h_e0 * h_e1 - q) * (1.0 / (q + 10.0)) + 1.0).sqrt();

        // The diffraction line through d_3 and d_4; the variability's
        // divisions join the batch.
        let curves = &CURVES[self.climate];
        let sigma_t_curve = if self.z_t < 0.0 {
            &curves.sigma_minus
        } else {
            &curves.sigma_plus
        };
        let (v_med_n, v_med_d) = curve(&curves.all_year, d_e);
        let (sigma_t_n, sigma_t_d) = curve(sigma_t_curve, d_e);
        let (theta_3, theta_4) = (d_3 * p.gamma_e - theta_los, d_4 * p.gamma_e - theta_los);
        let (dn_3, dn_4) = (d_3 - d_ml, d_4 - d_ml);
        let (inv, r) = recips([
            dn_3 + d_hzn0,
            dn_3 + d_hzn1,
            dn_4 + d_hzn0,
            dn_4 + d_hzn1,
            dn_3,
            dn_4,
            d_3,
            d_4,
            d_4 - d_3,
            v_med_d,
            sigma_t_d,
            delta_h_d * wn + 13.0,
        ]);
        ok = ok & normal(r);
        // Fresnel parameters v² of the two knife edges (TN101 eq. I.7).
        let c_3 = (theta_3 * theta_3) * (0.0795775 * wn);
        let c_4 = (theta_4 * theta_4) * (0.0795775 * wn);
        let v = [
            c_3 * d_hzn0 * dn_3 * inv[0],
            c_3 * d_hzn1 * dn_3 * inv[1],
            c_4 * d_hzn0 * dn_4 * inv[2],
            c_4 * d_hzn1 * dn_4 * inv[3],
        ];
        let near = [v[0].lt(5.76), v[1].lt(5.76), v[2].lt(5.76), v[3].lt(5.76)];
        // Smooth earth, on the earth radius d_nlos / theta_nlos.
        let [c0_3, c0_4] = cbrt_n([
            theta_3 * ((4.0 / 3.0) * A_0_M) * inv[4],
            theta_4 * ((4.0 / 3.0) * A_0_M) * inv[5],
        ]);
        let x0_3 =
            (V::from(1.607) - c0_3 * self.k_scale) * (c0_3 * c0_3) * self.f_third * (dn_3 * 1e-3)
                + x1
                + x2;
        let x0_4 =
            (V::from(1.607) - c0_4 * self.k_scale) * (c0_4 * c0_4) * self.f_third * (dn_4 * 1e-3)
                + x1
                + x2;
        // The two Fresnel integrals' logarithms as one.
        let [ln_v3, ln_v4, ln_x03, ln_x04] = ln_n([
            near[0].select(1.0, v[0]) * near[1].select(1.0, v[1]),
            near[2].select(1.0, v[2]) * near[3].select(1.0, v[3]),
            x0_3,
            x0_4,
        ]);

        let a_k3 = fresnel(v[0], near[0]) + fresnel(v[1], near[1]) + ln_v3 * (10.0 * LOG10_E);
        let a_k4 = fresnel(v[2], near[2]) + fresnel(v[3], near[3]) + ln_v4 * (10.0 * LOG10_E);
        let a_se3 = x0_3 * 0.05751 - ln_x03 * (10.0 * LOG10_E) - hg1 - hg2 - 20.0;
        let a_se4 = x0_4 * 0.05751 - ln_x04 * (10.0 * LOG10_E) - hg1 - hg2 - 20.0;
        let clutter = -theta_los * a_e + d_ml;
        let q_3 = (term1 + clutter * inv[6]) * (delta_h * (one - e_3 * 0.8) * wn).min(6283.2);
        let q_4 = (term1 + clutter * inv[7]) * (delta_h * (one - e_4 * 0.8) * wn).min(6283.2);
        let ([w_3, w_4], _) = recips([q_3.sqrt() + 25.1, q_4.sqrt() + 25.1]);
        let (w_3, w_4) = (w_3 * 25.1, w_4 * 25.1);
        let a_3 = w_3 * a_se3 + (one - w_3) * a_k3 + a_fo;
        let a_4 = w_4 * a_se4 + (one - w_4) * a_k4 + a_fo;
        let m_d = (a_4 - a_3) * inv[8];
        let a_d0 = a_3 - m_d * d_3;

        let los = d.lt(d_sml);
        let diffraction_line = m_d * d + a_d0;
        let (a_ref, ln_d) = if V::LANES == 1 || los.any() {
            let (a_los, ln_d, los_ok) = self.line_of_sight_lanes(p, d_sml, d_ml, m_d, a_d0);
            ok = ok & (!los | los_ok);
            (los.select(a_los, diffraction_line), ln_d)
        } else {
            (diffraction_line, d.ln())
        };
        // Beyond the diffraction line's reach, the troposcatter line may
        // apply: the scalar kernel's.
        ok = ok & (los | d.le(d_ml + scale * 1.088 * self.ln_f));
        let a_ref = a_ref.max(0.0);

        // The variability.
        let sigma_s = if self.no_situation {
            V::from(0.0)
        } else {
            e_s * 3.0 + 5.0
        };
        let sigma_l = if self.no_location {
            V::from(0.0)
        } else {
            delta_h_d * (10.0 * wn) * inv[11]
        };
        let v_med = v_med_n * inv[9];
        let sigma_t = if self.z_t < 0.0 {
            sigma_t_n * inv[10] * self.g_minus
        } else {
            let sigma_t_plus = sigma_t_n * inv[10] * self.g_plus;
            if self.z_t <= curves.z_d {
                sigma_t_plus
            } else {
                let sigma_td = sigma_t_plus * curves.c_d;
                let tgtd = (sigma_t_plus - sigma_td) * curves.z_d;
                sigma_td + tgtd * (1.0 / self.z_t)
            }
        };
        let loss = self.combine(a_ref, v_med, sigma_s, sigma_t, sigma_l)
            + ((ln_d * LOG10_E - 3.0) * 20.0 + self.a_fs_0);
        ok = ok & loss.finite();
        (loss, !ok)
    }

    /// `hatang_itm::line_of_sight_fit` with the kernel's two-ray loss
    /// (both sides of its branches computed), `ln d`, and whether its
    /// batches of reciprocals stayed in range.
    #[inline(always)]
    fn line_of_sight_lanes<V: Simd>(
        &self,
        p: &Inputs<V>,
        d_sml: V,
        d_ml: V,
        m_d: V,
        a_d0: V,
    ) -> (V, V, V::Mask) {
        let one = V::from(1.0);
        let (d, delta_h, wn) = (p.d, p.delta_h, self.wn);
        let [h_e0, h_e1] = p.h_e;
        let a_sml = d_sml * m_d + a_d0;
        let d_0 = h_e0 * (0.04 * self.f) * h_e1;
        let pos = a_d0.ge(0.0);
        let d_0 = pos.select(d_0.min(d_ml * 0.5), d_0);
        let d_max = d_sml.max(10e3);
        let ([inv_m_d, inv_w], r) = recips([m_d, d_max + delta_h * self.f]);
        let mut ok = normal(r);
        let d_1 = pos.select(
            d_0 + (d_ml - d_0) * 0.25,
            (-a_d0 * inv_m_d).max(d_ml * 0.25),
        );
        // The blend weight, the same at both distances.
        let w = d_max * inv_w;

        // The two-ray losses at d_0 and d_1, side by side.
        let x = [d_0, d_1];
        let [e_0, e_1] = exp_n([d_0 * -2e-5, d_1 * -2e-5]);
        let delta_h_x = [delta_h * (one - e_0 * 0.8), delta_h * (one - e_1 * 0.8)];
        let [g_0, g_1] = exp_n([
            delta_h_x[0].sqrt().sqrt() * -0.5,
            delta_h_x[1].sqrt().sqrt() * -0.5,
        ]);
        let sigma_h = [delta_h_x[0] * 0.78 * g_0, delta_h_x[1] * 0.78 * g_1];
        let h_sum = h_e0 + h_e1;
        let c_phi = h_e0 * (wn * 2.0) * h_e1;
        let ([inv_s0, inv_s1, inv_x0, inv_x1, inv_c_phi], r) = recips([
            (d_0 * d_0 + h_sum * h_sum).sqrt(),
            (d_1 * d_1 + h_sum * h_sum).sqrt(),
            d_0,
            d_1,
            c_phi,
        ]);
        ok = ok & normal(r);
        let sin_psi = [h_sum * inv_s0, h_sum * inv_s1];
        let inv_x = [inv_x0, inv_x1];
        // (sin ψ − Z_g) / (sin ψ + Z_g).
        let (b, dd) = (-self.z_g_im, self.z_g_im);
        let c = [sin_psi[0] + self.z_g_re, sin_psi[1] + self.z_g_re];
        let ([inv_c0, inv_c1], r) = recips([c[0] * c[0] + dd * dd, c[1] * c[1] + dd * dd]);
        ok = ok & normal(r);
        let inv_c = [inv_c0, inv_c1];
        let [f_0, f_1] = exp_n([
            -(sigma_h[0] * wn * sin_psi[0]).min(10.0),
            -(sigma_h[1] * wn * sin_psi[1]).min(10.0),
        ]);
        let f = [f_0, f_1];
        let mut re = [one; 2];
        let mut im = [one; 2];
        let mut q = [one; 2];
        for i in 0..2 {
            let a = sin_psi[i] - self.z_g_re;
            re[i] = (a * c[i] + b * dd) * inv_c[i] * f[i];
            im[i] = (c[i] * b - a * dd) * inv_c[i] * f[i];
            q[i] = re[i] * re[i] + im[i] * im[i];
        }
        let ([inv_q0, inv_q1], r) = recips(q);
        ok = ok & normal(r);
        let inv_q = [inv_q0, inv_q1];
        let mut rr = [one; 2];
        for i in 0..2 {
            let small = q[i].lt(0.25) | q[i].lt(sin_psi[i]);
            let k = (sin_psi[i] * inv_q[i]).sqrt();
            let (re, im) = (
                small.select(re[i] * k, re[i]),
                small.select(im[i] * k, im[i]),
            );
            // Δφ = c_phi / x, folded above π/2 to π − (π/2)² / Δφ.
            let delta_phi = c_phi * inv_x[i];
            let delta_phi = delta_phi.gt(PI / 2.0).select(
                V::from(PI) - x[i] * inv_c_phi * ((PI / 2.0) * (PI / 2.0)),
                delta_phi,
            );
            let (sin, cos) = delta_phi.sin_cos();
            let (rr_re, rr_im) = (cos + re, -sin + im);
            rr[i] = rr_re * rr_re + rr_im * rr_im;
        }
        let [ln_rr0, ln_rr1, ln_d0, ln_d1, ln_sml, ln_d] = ln_n([rr[0], rr[1], d_0, d_1, d_sml, d]);
        let a_0 = w * (ln_rr0 * (-10.0 * LOG10_E)) + (one - w) * (m_d * d_0 + a_d0);
        let a_1 = w * (ln_rr1 * (-10.0 * LOG10_E)) + (one - w) * (m_d * d_1 + a_d0);

        // The fit.
        let q = ln_sml - ln_d0;
        let ([inv_k2, inv_q, inv_s1, inv_s0], r) = recips([
            (d_sml - d_0) * (ln_d1 - ln_d0) - (d_1 - d_0) * q,
            q,
            d_sml - d_1,
            d_sml - d_0,
        ]);
        ok = ok & normal(r);
        let k_2 = (((d_sml - d_0) * (a_1 - a_0) - (d_1 - d_0) * (a_sml - a_0)) * inv_k2).max(0.0);
        let two = d_0.lt(d_1) & (a_d0.gt(0.0) | k_2.gt(0.0));
        // Two terms.
        let k_1 = (a_sml - a_0 - k_2 * q) * inv_s0;
        let negative = k_1.lt(0.0);
        let k_2b = a_sml.fdim(a_0) * inv_q;
        let k_1b = k_2b.eq(0.0).select(m_d, 0.0);
        let k_1two = negative.select(k_1b, k_1);
        let k_2two = negative.select(k_2b, k_2);
        // One term.
        let k_1one = a_sml.fdim(a_1) * inv_s1;
        let k_1one = k_1one.eq(0.0).select(m_d, k_1one);
        let k_1 = two.select(k_1two, k_1one);
        let k_2 = two.select(k_2two, 0.0);

        let linear = (a_sml - k_1 * d_sml) + k_1 * d;
        let logarithmic = (a_sml - k_1 * d_sml - k_2 * ln_sml) + k_1 * d + k_2 * ln_d;
        (k_2.eq(0.0).select(linear, logarithmic), ln_d, ok)
    }

    /// `hatang_itm::combine_variability` for the kernel's mode and
    /// deviates.
    #[inline(always)]
    fn combine<V: Simd>(&self, a_ref: V, v_med: V, sigma_s: V, sigma_t: V, sigma_l: V) -> V {
        let (z_t, z_l, z_s) = (self.z_t, self.z_l, self.z_s);
        let y_l = sigma_l * z_l;
        let y_t = sigma_t * z_t;
        let y_s_temp = sigma_s * sigma_s
            + (y_t * y_t) * (1.0 / (7.8 + z_s * z_s))
            + (y_l * y_l) * (1.0 / (24.0 + z_s * z_s));
        let (y_r, y_s) = match self.mode {
            VariabilityMode::SingleMessage => (
                V::from(0.0),
                (sigma_t * sigma_t + sigma_l * sigma_l + y_s_temp).sqrt() * z_s,
            ),
            VariabilityMode::Accidental => (y_t, (sigma_l * sigma_l + y_s_temp).sqrt() * z_s),
            VariabilityMode::Mobile => (
                (sigma_t * sigma_t + sigma_l * sigma_l).sqrt() * z_t,
                y_s_temp.sqrt() * z_s,
            ),
            VariabilityMode::Broadcast => (y_t + y_l, y_s_temp.sqrt() * z_s),
        };
        let result = a_ref - v_med - y_r - y_s;
        // Soften negative values (skipped where no lane has one).
        let negative = result.lt(0.0);
        if !negative.any() {
            return result;
        }
        negative.select(
            result * (V::from(29.0) - result) / (V::from(29.0) - result * 10.0),
            result,
        )
    }
}

/// The kernel for `examples/kernel_bench.rs`, and nothing else: not part
/// of the crate's API.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct BenchKernel(ItmKernel);

#[doc(hidden)]
impl BenchKernel {
    /// `ItmKernel::new`.
    pub fn new(itm: &Itm, tls: Tls, h_tx_m: f64, h_rx_m: f64) -> Result<Self, ItmError> {
        ItmKernel::new(itm, tls, h_tx_m, h_rx_m).map(Self)
    }

    /// `ItmKernel::loss`.
    pub fn loss(&self, g: &PathGeometry) -> f64 {
        self.0.loss(g)
    }

    /// `ItmKernel::losses`.
    pub fn losses(&self, gs: &[&PathGeometry], out: &mut [f64]) {
        self.0.losses(gs, out);
    }

    /// How many of `gs` the lanes leave to the scalar kernel.
    pub fn fallbacks(&self, gs: &[&PathGeometry]) -> usize {
        gs.iter().filter(|&&g| self.0.falls_back(g)).count()
    }
}

/// The Fresnel integral's terms (TN101 eq. I.7) but `10 log10 v²` where
/// `v² ≥ 5.76`.
#[inline(always)]
fn fresnel<V: Simd>(v2: V, near: V::Mask) -> V {
    near.select(v2.sqrt() * 9.11 + 6.02 - v2 * 1.27, 12.953)
}

/// Whether a batch of reciprocals stayed in the normal range (see
/// [`recips`]).
#[inline(always)]
fn normal<V: Simd>(r: V) -> V::Mask {
    let a = r.and_bits(!(1 << 63));
    a.ge(f64::MIN_POSITIVE) & a.le(1.0 / f64::MIN_POSITIVE)
}

/// The height gains of the two terminals (TN101 eq. 10.21), from `x`, `k`,
/// `ln x` and `e^(−0.005 x)`.
#[inline(always)]
fn height_gains<V: Simd>(x: [V; 2], k: [V; 2], ln_x: [V; 2], e_x: [V; 2]) -> (V, V) {
    let one = V::from(1.0);
    let near_x = [x[0].lt(200.0), x[1].lt(200.0)];
    // x < 200 is rare on the terminals' horizons: skip its logarithms when
    // no lane needs them.
    let near = if !(near_x[0] | near_x[1]).any() {
        [V::from(0.0); 2]
    } else {
        let [ln_k0, ln_k1] = ln_n(k);
        let mut near = [one; 2];
        for (i, ln_k) in [ln_k0, ln_k1].into_iter().enumerate() {
            let w = -ln_k;
            let far_k = k[i].lt(1e-5) | (x[i] * (w * w * w)).gt(5495.0);
            let a = x[i].gt(1.0).select(ln_x[i] * 17.372, 0.0) + -117.0;
            let b = (x[i] * x[i]) * 2.5e-5 / k[i] - w * 8.686 - 15.0;
            near[i] = far_k.select(a, b);
        }
        near
    };
    let mut out = [one; 2];
    for i in 0..2 {
        let result = x[i] * 0.05751 - ln_x[i] * 4.343;
        let w = x[i] * 0.0134 * e_x[i];
        let far = x[i]
            .lt(2000.0)
            .select((one - w) * result + w * (ln_x[i] * 17.372 - 117.0), result);
        out[i] = near_x[i].select(near[i], far);
    }
    (out[0], out[1])
}

/// `hatang_itm::climate_curve` as a numerator and a denominator:
/// `(c1 + c2 / (1 + r²)) s² / (1 + s²)`.
#[inline(always)]
fn curve<V: Simd>(c: &[f64; 5], d_e: V) -> (V, V) {
    let [c1, c2, x1, x2, x3] = *c;
    let r = (d_e - x2) * (1.0 / x3);
    let s = d_e * (1.0 / x1);
    let r2 = r * r + 1.0;
    ((r2 * c1 + c2) * (s * s), r2 * (s * s + 1.0))
}
