//! Fast mathematics for the ITM kernels.
//!
//! * [`log10`]: the library's natural logarithm times `1/ln 10`, within
//!   3e-16 (absolute below 1, relative above) of `f64::log10`, which the
//!   library computes much more slowly than `ln`. (For the scalar kernel,
//!   inlined replacements for `exp` and `ln` — a table of `2^(j/64)` with a
//!   polynomial, fdlibm's `ln`, a table-driven `ln` — were all slower than
//!   the library's own.)
//! * [`Simd`]: lanes of `f64` for the batched kernel (`itm_batch`), and
//!   built from their operations only, without a branch or a table:
//!   [`exp_n`], [`ln_n`], [`cbrt_n`] (several values of a lane at once,
//!   their divisions shared through [`recips`]) and `sin_cos`, within
//!   three ulps of the library's. Three implementations: [`Lanes`] (an
//!   array, any width, any target), [`Pair`] (two side by side) and, on
//!   x86-64, `F64x4` (an AVX2 register, for code compiled with AVX2 only).
//!   Every lane operation is an IEEE operation on that lane alone — no
//!   `mul_add`, no reassociation — so all give the same bits, and a lane's
//!   value never depends on its neighbours.

/// `log10(x)`.
#[inline]
pub(crate) fn log10(x: f64) -> f64 {
    x.ln() * std::f64::consts::LOG10_E
}

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

/// A lane mask (all ones or all zeros in each lane).
pub(crate) trait SimdMask<V>:
    Copy + BitAnd<Output = Self> + BitOr<Output = Self> + Not<Output = Self>
{
    /// `a` where the mask is set, else `b`.
    fn select(self, a: impl Into<V>, b: impl Into<V>) -> V;
    /// Whether any lane is set (for skipping work whose results every lane
    /// would discard).
    fn any(self) -> bool;
    /// Whether lane `l` is set.
    fn get(self, l: usize) -> bool;
}

/// Lanes of `f64`: the operations the batched ITM kernel is built from.
/// The bit operations act on the lanes' bit patterns (as `u64`, wrapping).
pub(crate) trait Simd:
    Copy
    + From<f64>
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// The lane mask.
    type Mask: SimdMask<Self>;
    /// Number of lanes.
    const LANES: usize;

    /// Lane `l` set to `f(l)`.
    fn from_fn(f: impl Fn(usize) -> f64) -> Self;
    /// The lanes from `x` (`x.len() == LANES`).
    #[cfg(test)]
    #[inline(always)]
    fn from_slice(x: &[f64]) -> Self {
        assert_eq!(x.len(), Self::LANES);
        Self::from_fn(|l| x[l])
    }
    /// Lane `l`.
    fn at(self, l: usize) -> f64;
    fn sqrt(self) -> Self;
    fn lt(self, b: impl Into<Self>) -> Self::Mask;
    fn le(self, b: impl Into<Self>) -> Self::Mask;
    fn gt(self, b: impl Into<Self>) -> Self::Mask;
    fn ge(self, b: impl Into<Self>) -> Self::Mask;
    fn eq(self, b: impl Into<Self>) -> Self::Mask;
    /// NaN lanes.
    fn is_nan(self) -> Self::Mask;
    /// The lanes whose sign bit is set.
    fn sign_mask(self) -> Self::Mask;
    fn and_bits(self, m: u64) -> Self;
    fn or_bits(self, m: u64) -> Self;
    fn or_v(self, b: Self) -> Self;
    fn xor_v(self, b: Self) -> Self;
    fn add_bits(self, m: u64) -> Self;
    fn add_bits_v(self, b: Self) -> Self;
    fn shl<const K: i32>(self) -> Self;
    fn shr<const K: i32>(self) -> Self;

    /// `f64::min`, NaN in either operand included (the sign of a zero
    /// result may differ).
    #[inline(always)]
    fn min(self, b: impl Into<Self>) -> Self {
        let b = b.into();
        (self.lt(b) | b.is_nan()).select(self, b)
    }

    /// `f64::max`, NaN in either operand included (the sign of a zero
    /// result may differ).
    #[inline(always)]
    fn max(self, b: impl Into<Self>) -> Self {
        let b = b.into();
        (self.gt(b) | b.is_nan()).select(self, b)
    }

    /// `fdim`: `self − b` where `self > b`, else 0.
    #[inline(always)]
    fn fdim(self, b: impl Into<Self>) -> Self {
        let b = b.into();
        self.gt(b).select(self - b, 0.0)
    }

    /// Finite lanes.
    #[inline(always)]
    fn finite(self) -> Self::Mask {
        self.and_bits(!SIGN).lt(f64::INFINITY)
    }

    /// `ln x`: see [`ln_n`].
    #[inline(always)]
    fn ln(self) -> Self {
        ln_n([self])[0]
    }

    /// `(sin x, cos x)` for |x| ≤ 10⁵ (NaN gives NaN): `x = n π/2 + r`
    /// (Cody and Waite, two parts), fdlibm's kernels on |r| ≤ π/4 and the
    /// quadrant applied through bits. Within an ulp or two of
    /// `f64::sin_cos`.
    #[inline(always)]
    #[allow(clippy::excessive_precision)] // fdlibm's constants as published
    fn sin_cos(self) -> (Self, Self) {
        const TWO_OVER_PI: f64 = std::f64::consts::FRAC_2_PI;
        const PIO2_1: f64 = 1.570_796_326_734_125_614_17;
        const PIO2_1T: f64 = 6.077_100_506_506_192_249_32e-11;
        const S1: f64 = -1.666_666_666_666_663_243_48e-1;
        const S2: f64 = 8.333_333_333_322_489_461_24e-3;
        const S3: f64 = -1.984_126_982_985_794_931_34e-4;
        const S4: f64 = 2.755_731_370_707_006_767_89e-6;
        const S5: f64 = -2.505_076_025_340_686_341_95e-8;
        const S6: f64 = 1.589_690_995_211_550_102_21e-10;
        const C1: f64 = 4.166_666_666_666_660_190_37e-2;
        const C2: f64 = -1.388_888_888_887_410_957_49e-3;
        const C3: f64 = 2.480_158_728_947_672_941_78e-5;
        const C4: f64 = -2.755_731_435_139_066_330_35e-7;
        const C5: f64 = 2.087_572_321_298_174_827_90e-9;
        const C6: f64 = -1.135_964_755_778_819_482_65e-11;
        let x = self;
        let t = x * TWO_OVER_PI + MAGIC;
        let nf = t - MAGIC;
        // n, as an integer in the bits.
        let n = t.add_bits(MAGIC.to_bits().wrapping_neg());
        let r = (x - nf * PIO2_1) - nf * PIO2_1T;
        let z = r * r;
        let s = r + (z * r) * ((((((z * S6 + S5) * z + S4) * z + S3) * z + S2) * z) + S1);
        let w = z * z;
        let cr = z * ((z * C3 + C2) * z + C1) + w * w * ((z * C6 + C5) * z + C4);
        let hz = z * 0.5;
        let w = Self::from(1.0) - hz;
        let c = w + (((Self::from(1.0) - w) - hz) + z * cr);
        // Quadrant n mod 4: (s, c), (c, −s), (−s, −c), (−c, s).
        let odd = n.shl::<63>().sign_mask();
        let (s1, c1) = (odd.select(c, s), odd.select(-s, c));
        let flip = n.and_bits(2).shl::<62>();
        (s1.xor_v(flip), c1.xor_v(flip))
    }
}

/// The reciprocals of `K` values through one division (the division unit
/// is what limits the batched kernel): with `r = 1 / (d₀ d₁ … d₋₁)`,
/// `1/dᵢ = r ∏_{j≠i} dⱼ`. Within `K + 1` ulps of the true reciprocals
/// while the product stays in the normal range; also returns `r`, which
/// tells (not finite or zero) where it did not.
#[inline(always)]
pub(crate) fn recips<V: Simd, const K: usize>(d: [V; K]) -> ([V; K], V) {
    let one = V::from(1.0);
    // pre[i] = d₀ … dᵢ₋₁.
    let mut pre = [one; K];
    for i in 1..K {
        pre[i] = pre[i - 1] * d[i - 1];
    }
    let r = one / (pre[K - 1] * d[K - 1]);
    let mut out = [r; K];
    // suf = r dᵢ₊₁ … d₋₁.
    let mut suf = r;
    for i in (0..K).rev() {
        out[i] = pre[i] * suf;
        suf = suf * d[i];
    }
    (out, r)
}

/// `e^x` of `K` values without a table or a branch, after fdlibm's `exp`:
/// `x = k ln 2 + r`, |r| ≤ ln 2 / 2, the rational approximation of `e^r`
/// (its divisions by `2 − c` ∈ [1.6, 2.4] batched by [`recips`]) and the
/// scaling by `2^k` through the exponent bits. Within two or three ulps
/// of `f64::exp`; results below 2^-1021 (x < −708) are flushed to 0;
/// overflow gives +∞, NaN gives NaN (and leaves the others alone).
#[inline(always)]
#[allow(clippy::excessive_precision)] // fdlibm's constants as published
pub(crate) fn exp_n<V: Simd, const K: usize>(x: [V; K]) -> [V; K] {
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    const P1: f64 = 1.666_666_666_666_660_190_37e-1;
    const P2: f64 = -2.777_777_777_701_559_338_42e-3;
    const P3: f64 = 6.613_756_321_437_934_361_17e-5;
    const P4: f64 = -1.653_390_220_546_525_153_90e-6;
    const P5: f64 = 4.138_136_797_057_238_460_39e-8;
    const HI: f64 = 709.78;
    const LO: f64 = -708.0;
    let zero = V::from(0.0);
    let (mut hi, mut lo, mut r, mut c, mut scale, mut den) = (
        [zero; K], [zero; K], [zero; K], [zero; K], [zero; K], [zero; K],
    );
    for i in 0..K {
        let x = x[i];
        let xc = x.gt(HI).select(HI, x.lt(LO).select(LO, x));
        let xc = x.is_nan().select(0.0, xc);
        let t = xc * INV_LN2 + MAGIC;
        let kf = t - MAGIC;
        // k − 1 + 1023 in the exponent field: 2^(k−1), then × 2 (exact).
        scale[i] = t
            .add_bits(1022u64.wrapping_sub(MAGIC.to_bits()))
            .shl::<52>();
        hi[i] = xc - kf * LN2_HI;
        lo[i] = kf * LN2_LO;
        r[i] = hi[i] - lo[i];
        let rr = r[i] * r[i];
        c[i] = r[i] - rr * ((((rr * P5 + P4) * rr + P3) * rr + P2) * rr + P1);
        den[i] = V::from(2.0) - c[i];
    }
    let (inv, _) = recips(den);
    let mut out = x;
    for i in 0..K {
        let y = V::from(1.0) - ((lo[i] - (r[i] * c[i]) * inv[i]) - hi[i]);
        let v = y * scale[i] * 2.0;
        let x = x[i];
        out[i] = x
            .gt(709.782_712_893_384)
            .select(f64::INFINITY, x.lt(LO).select(0.0, x.is_nan().select(x, v)));
    }
    out
}

/// Natural logarithms of `K` values without a table or a branch: fdlibm's
/// `log` (the mantissa brought into [√2/2, √2), `s = f/(2+f)` and a
/// degree-14 polynomial in `s`), the exponent converted through the 2⁵²
/// trick and the divisions by `2 + f` ∈ [1.7, 2.5] batched by [`recips`].
/// Within two or three ulps of `f64::ln`; subnormals, 0 (−∞), +∞, negative
/// numbers and NaN (NaN) as `f64::ln`, without touching the others.
#[inline(always)]
#[allow(clippy::excessive_precision)] // fdlibm's constants as published
pub(crate) fn ln_n<V: Simd, const K: usize>(x: [V; K]) -> [V; K] {
    const LG1: f64 = 6.666_666_666_666_735_130e-1;
    const LG2: f64 = 3.999_999_999_940_941_908e-1;
    const LG3: f64 = 2.857_142_874_366_239_149e-1;
    const LG4: f64 = 2.222_219_843_214_978_396e-1;
    const LG5: f64 = 1.818_357_216_161_805_012e-1;
    const LG6: f64 = 1.531_383_769_920_937_332e-1;
    const LG7: f64 = 1.479_819_860_511_658_591e-1;
    const SHIFT: u64 = 0x3ff0_0000_0000_0000 - 0x3fe6_a09e_0000_0000;
    let zero = V::from(0.0);
    let (mut k, mut f, mut den) = ([zero; K], [zero; K], [zero; K]);
    for i in 0..K {
        let x = x[i];
        let sub = x.lt(f64::MIN_POSITIVE);
        let ix = sub.select(x * TWO54, x).add_bits(SHIFT);
        k[i] = ix.shr::<52>().or_bits(TWO52_BITS) - (TWO52 + 1023.0) - sub.select(54.0, 0.0);
        // Whatever x, the bits make f a number in [√2/2 − 1, √2 − 1).
        f[i] = ix.and_bits(MANTISSA).add_bits(0x3fe6_a09e_0000_0000) - 1.0;
        den[i] = f[i] + 2.0;
    }
    let (inv, _) = recips(den);
    let mut out = x;
    for i in 0..K {
        let (k, f) = (k[i], f[i]);
        let hfsq = f * f * 0.5;
        let s = f * inv[i];
        let z = s * s;
        let w = z * z;
        let t1 = w * ((w * LG6 + LG4) * w + LG2);
        let t2 = z * (((w * LG7 + LG5) * w + LG3) * w + LG1);
        let r = t2 + t1;
        let v = s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI;
        let x = x[i];
        out[i] = x.eq(f64::INFINITY).select(
            x,
            x.eq(0.0)
                .select(f64::NEG_INFINITY, x.gt(0.0).select(v, f64::NAN)),
        );
    }
    out
}

/// Cube roots of `K` values without a branch: the exponent split by three
/// through the 2⁵² trick, a degree-5 polynomial for the root of the
/// mantissa `u` ∈ [1, 8) and one Halley step on `u` (its divisions, by
/// numbers in [3, 24], batched by [`recips`]), then the scaling by `2^q`.
/// Within two or three ulps of `f64::cbrt`, for every input (negative,
/// subnormal, 0, ±∞, NaN).
#[inline(always)]
pub(crate) fn cbrt_n<V: Simd, const K: usize>(x: [V; K]) -> [V; K] {
    const THIRD: f64 = 1.0 / 3.0;
    const ROOT2_1: f64 = 1.259_921_049_894_873_2;
    const ROOT2_2: f64 = 1.587_401_051_968_199_4;
    const TWO_M18: f64 = 1.0 / 262_144.0;
    let zero = V::from(0.0);
    let (mut y0, mut y03, mut u, mut q, mut sub, mut den) = (
        [zero; K], [zero; K], [zero; K], [zero; K], [zero; K], [zero; K],
    );
    for i in 0..K {
        let ax = x[i].and_bits(!SIGN);
        let small = ax.lt(f64::MIN_POSITIVE);
        sub[i] = small.select(1.0, 0.0);
        let a = small.select(ax * TWO54, ax);
        let e = a.shr::<52>().or_bits(TWO52_BITS) - (TWO52 + 1023.0);
        // q = floor(e / 3), r = e − 3q.
        let t = (e * THIRD - THIRD) + MAGIC;
        let r = e - (t - MAGIC) * 3.0;
        q[i] = t.add_bits(MAGIC.to_bits().wrapping_neg()).shl::<52>();
        let m = a.and_bits(MANTISSA).or_bits(1023 << 52);
        let m2 = m * m;
        let p = (m * 0.834_011_087_471_192_7 + 0.474_502_219_181_217_5)
            + m2 * ((m * 0.198_799_821_640_678 - 0.463_440_423_750_461_35)
                + m2 * (m * 0.005_168_699_538_943_319 - 0.049_039_839_034_525_42));
        let one = r.eq(0.0);
        let two = r.eq(1.0);
        y0[i] = p * one.select(1.0, two.select(ROOT2_1, ROOT2_2));
        u[i] = m * one.select(1.0, two.select(2.0, 4.0));
        y03[i] = y0[i] * y0[i] * y0[i];
        den[i] = y03[i] * 2.0 + u[i];
    }
    let (inv, _) = recips(den);
    let mut out = x;
    for i in 0..K {
        // y (y³ + 2u) / (2y³ + u) = y + y (u − y³) / (2y³ + u): the
        // reciprocal's error only touches the small correction.
        let y = y0[i] + y0[i] * ((u[i] - y03[i]) * inv[i]);
        let y = y.add_bits_v(q[i]);
        let y = sub[i]
            .gt(0.0)
            .select(y * TWO_M18, y)
            .or_v(x[i].and_bits(SIGN));
        let ax = x[i].and_bits(!SIGN);
        out[i] = (ax.gt(0.0) & ax.lt(f64::INFINITY)).select(y, x[i]);
    }
    out
}

/// `N` lanes as an array, each operation a loop over them: the portable
/// [`Simd`] (LLVM vectorises some of it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lanes<const N: usize>(pub(crate) [f64; N]);

/// The mask of [`Lanes`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mask<const N: usize>(pub(crate) [u64; N]);

impl<const N: usize> From<f64> for Lanes<N> {
    #[inline(always)]
    fn from(x: f64) -> Self {
        Self([x; N])
    }
}

#[allow(clippy::needless_range_loop)]
impl<const N: usize> Lanes<N> {
    #[inline(always)]
    fn map(self, f: impl Fn(f64) -> f64) -> Self {
        let mut o = self.0;
        for l in 0..N {
            o[l] = f(self.0[l]);
        }
        Self(o)
    }

    #[inline(always)]
    fn zip(self, b: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut o = self.0;
        for l in 0..N {
            o[l] = f(self.0[l], b.0[l]);
        }
        Self(o)
    }

    #[inline(always)]
    fn bits(self, f: impl Fn(u64) -> u64) -> Self {
        self.map(|a| f64::from_bits(f(a.to_bits())))
    }

    #[inline(always)]
    fn test(self, b: Self, f: impl Fn(f64, f64) -> bool) -> Mask<N> {
        let mut o = [0; N];
        for l in 0..N {
            o[l] = mask(f(self.0[l], b.0[l]));
        }
        Mask(o)
    }
}

impl<const N: usize> Simd for Lanes<N> {
    type Mask = Mask<N>;
    const LANES: usize = N;

    #[inline(always)]
    fn from_fn(f: impl Fn(usize) -> f64) -> Self {
        Self(std::array::from_fn(f))
    }
    #[inline(always)]
    fn at(self, l: usize) -> f64 {
        self.0[l]
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        self.map(f64::sqrt)
    }
    #[inline(always)]
    fn lt(self, b: impl Into<Self>) -> Mask<N> {
        self.test(b.into(), |a, b| a < b)
    }
    #[inline(always)]
    fn le(self, b: impl Into<Self>) -> Mask<N> {
        self.test(b.into(), |a, b| a <= b)
    }
    #[inline(always)]
    fn gt(self, b: impl Into<Self>) -> Mask<N> {
        self.test(b.into(), |a, b| a > b)
    }
    #[inline(always)]
    fn ge(self, b: impl Into<Self>) -> Mask<N> {
        self.test(b.into(), |a, b| a >= b)
    }
    #[inline(always)]
    fn eq(self, b: impl Into<Self>) -> Mask<N> {
        self.test(b.into(), |a, b| a == b)
    }
    #[inline(always)]
    fn is_nan(self) -> Mask<N> {
        self.test(self, |a, _| a.is_nan())
    }
    #[inline(always)]
    fn sign_mask(self) -> Mask<N> {
        self.test(self, |a, _| a.to_bits() >> 63 != 0)
    }
    #[inline(always)]
    fn and_bits(self, m: u64) -> Self {
        self.bits(|a| a & m)
    }
    #[inline(always)]
    fn or_bits(self, m: u64) -> Self {
        self.bits(|a| a | m)
    }
    #[inline(always)]
    fn or_v(self, b: Self) -> Self {
        self.zip(b, |a, b| f64::from_bits(a.to_bits() | b.to_bits()))
    }
    #[inline(always)]
    fn xor_v(self, b: Self) -> Self {
        self.zip(b, |a, b| f64::from_bits(a.to_bits() ^ b.to_bits()))
    }
    #[inline(always)]
    fn add_bits(self, m: u64) -> Self {
        self.bits(|a| a.wrapping_add(m))
    }
    #[inline(always)]
    fn add_bits_v(self, b: Self) -> Self {
        self.zip(b, |a, b| {
            f64::from_bits(a.to_bits().wrapping_add(b.to_bits()))
        })
    }
    #[inline(always)]
    fn shl<const K: i32>(self) -> Self {
        self.bits(|a| a << K)
    }
    #[inline(always)]
    fn shr<const K: i32>(self) -> Self {
        self.bits(|a| a >> K)
    }
}

#[allow(clippy::needless_range_loop)]
impl<const N: usize> SimdMask<Lanes<N>> for Mask<N> {
    #[inline(always)]
    fn select(self, a: impl Into<Lanes<N>>, b: impl Into<Lanes<N>>) -> Lanes<N> {
        let (a, b) = (a.into(), b.into());
        let mut o = a.0;
        for l in 0..N {
            o[l] = f64::from_bits((a.0[l].to_bits() & self.0[l]) | (b.0[l].to_bits() & !self.0[l]));
        }
        Lanes(o)
    }
    #[inline(always)]
    fn any(self) -> bool {
        self.0.iter().fold(0, |a, &m| a | m) != 0
    }
    #[inline(always)]
    fn get(self, l: usize) -> bool {
        self.0[l] != 0
    }
}

macro_rules! lane_ops {
    ($($tr:ident $f:ident $op:tt),*) => {$(
        impl<const N: usize> $tr for Lanes<N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: Self) -> Self {
                self.zip(b, |a, b| a $op b)
            }
        }
        impl<const N: usize> $tr<f64> for Lanes<N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: f64) -> Self {
                self.zip(b.into(), |a, b| a $op b)
            }
        }
        impl<const N: usize> $tr<Lanes<N>> for f64 {
            type Output = Lanes<N>;
            #[inline(always)]
            fn $f(self, b: Lanes<N>) -> Lanes<N> {
                Lanes::from(self).zip(b, |a, b| a $op b)
            }
        }
    )*};
}
lane_ops!(Add add +, Sub sub -, Mul mul *, Div div /);

impl<const N: usize> Neg for Lanes<N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        self.map(|a| -a)
    }
}

macro_rules! mask_ops {
    ($($tr:ident $f:ident $op:tt),*) => {$(
        #[allow(clippy::needless_range_loop)]
        impl<const N: usize> $tr for Mask<N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: Self) -> Self {
                let mut o = self.0;
                for l in 0..N {
                    o[l] = self.0[l] $op b.0[l];
                }
                Self(o)
            }
        }
    )*};
}
mask_ops!(BitAnd bitand &, BitOr bitor |);

#[allow(clippy::needless_range_loop)]
impl<const N: usize> Not for Mask<N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        let mut o = self.0;
        for l in 0..N {
            o[l] = !self.0[l];
        }
        Self(o)
    }
}

/// Two [`Simd`]s side by side, each operation done on both: twice the
/// lanes, and two independent chains of instructions for the processor to
/// overlap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair<V>(V, V);

impl<V: Simd> From<f64> for Pair<V> {
    #[inline(always)]
    fn from(x: f64) -> Self {
        let v = V::from(x);
        Self(v, v)
    }
}

macro_rules! pair_ops {
    ($($tr:ident $f:ident),*) => {$(
        impl<V: Simd> $tr for Pair<V> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: Self) -> Self {
                Self(self.0.$f(b.0), self.1.$f(b.1))
            }
        }
        impl<V: Simd> $tr<f64> for Pair<V> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: f64) -> Self {
                let b = V::from(b);
                Self(self.0.$f(b), self.1.$f(b))
            }
        }
    )*};
}
pair_ops!(Add add, Sub sub, Mul mul, Div div);

impl<V: Simd> Neg for Pair<V> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self(-self.0, -self.1)
    }
}

impl<M: Copy + BitAnd<Output = M>> BitAnd for Pair<M> {
    type Output = Self;
    #[inline(always)]
    fn bitand(self, b: Self) -> Self {
        Self(self.0 & b.0, self.1 & b.1)
    }
}

impl<M: Copy + BitOr<Output = M>> BitOr for Pair<M> {
    type Output = Self;
    #[inline(always)]
    fn bitor(self, b: Self) -> Self {
        Self(self.0 | b.0, self.1 | b.1)
    }
}

impl<M: Copy + Not<Output = M>> Not for Pair<M> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Self(!self.0, !self.1)
    }
}

impl<V: Simd> SimdMask<Pair<V>> for Pair<V::Mask> {
    #[inline(always)]
    fn select(self, a: impl Into<Pair<V>>, b: impl Into<Pair<V>>) -> Pair<V> {
        let (a, b) = (a.into(), b.into());
        Pair(self.0.select(a.0, b.0), self.1.select(a.1, b.1))
    }
    #[inline(always)]
    fn any(self) -> bool {
        self.0.any() || self.1.any()
    }
    #[inline(always)]
    fn get(self, l: usize) -> bool {
        if l < V::LANES {
            self.0.get(l)
        } else {
            self.1.get(l - V::LANES)
        }
    }
}

macro_rules! pair_unary {
    ($($f:ident),*) => {$(
        #[inline(always)]
        fn $f(self) -> Self {
            Self(self.0.$f(), self.1.$f())
        }
    )*};
}

macro_rules! pair_compare {
    ($($f:ident),*) => {$(
        #[inline(always)]
        fn $f(self, b: impl Into<Self>) -> Pair<V::Mask> {
            let b = b.into();
            Pair(self.0.$f(b.0), self.1.$f(b.1))
        }
    )*};
}

impl<V: Simd> Simd for Pair<V> {
    type Mask = Pair<V::Mask>;
    const LANES: usize = 2 * V::LANES;

    #[inline(always)]
    fn from_fn(f: impl Fn(usize) -> f64) -> Self {
        Self(V::from_fn(&f), V::from_fn(|l| f(l + V::LANES)))
    }
    #[inline(always)]
    fn at(self, l: usize) -> f64 {
        if l < V::LANES {
            self.0.at(l)
        } else {
            self.1.at(l - V::LANES)
        }
    }
    pair_unary!(sqrt);
    pair_compare!(lt, le, gt, ge, eq);
    #[inline(always)]
    fn is_nan(self) -> Pair<V::Mask> {
        Pair(self.0.is_nan(), self.1.is_nan())
    }
    #[inline(always)]
    fn sign_mask(self) -> Pair<V::Mask> {
        Pair(self.0.sign_mask(), self.1.sign_mask())
    }
    #[inline(always)]
    fn and_bits(self, m: u64) -> Self {
        Self(self.0.and_bits(m), self.1.and_bits(m))
    }
    #[inline(always)]
    fn or_bits(self, m: u64) -> Self {
        Self(self.0.or_bits(m), self.1.or_bits(m))
    }
    #[inline(always)]
    fn or_v(self, b: Self) -> Self {
        Self(self.0.or_v(b.0), self.1.or_v(b.1))
    }
    #[inline(always)]
    fn xor_v(self, b: Self) -> Self {
        Self(self.0.xor_v(b.0), self.1.xor_v(b.1))
    }
    #[inline(always)]
    fn add_bits(self, m: u64) -> Self {
        Self(self.0.add_bits(m), self.1.add_bits(m))
    }
    #[inline(always)]
    fn add_bits_v(self, b: Self) -> Self {
        Self(self.0.add_bits_v(b.0), self.1.add_bits_v(b.1))
    }
    #[inline(always)]
    fn shl<const K: i32>(self) -> Self {
        Self(self.0.shl::<K>(), self.1.shl::<K>())
    }
    #[inline(always)]
    fn shr<const K: i32>(self) -> Self {
        Self(self.0.shr::<K>(), self.1.shr::<K>())
    }
}

/// All ones where `c`, else 0.
#[inline(always)]
fn mask(c: bool) -> u64 {
    (c as u64).wrapping_neg()
}

#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::F64x4;

/// Four lanes in an AVX2 register.
///
/// Its operations are AVX2 intrinsics inlined into their callers: a
/// `F64x4` may only be used inside a function compiled with
/// `#[target_feature(enable = "avx2")]` that runs after
/// `is_x86_feature_detected!("avx2")` (the batched kernel's `losses_avx2`).
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Simd, SimdMask};
    use std::arch::x86_64::*;
    use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

    #[derive(Debug, Clone, Copy)]
    pub(crate) struct F64x4(__m256d);

    // SAFETY (every `unsafe` block of this module): AVX2 intrinsics, which
    // the processor has — see the type's documentation.
    impl From<f64> for F64x4 {
        #[inline(always)]
        fn from(x: f64) -> Self {
            unsafe { Self(_mm256_set1_pd(x)) }
        }
    }

    #[inline(always)]
    fn int(x: __m256d) -> __m256i {
        unsafe { _mm256_castpd_si256(x) }
    }

    #[inline(always)]
    fn float(x: __m256i) -> __m256d {
        unsafe { _mm256_castsi256_pd(x) }
    }

    #[inline(always)]
    fn splat_bits(m: u64) -> __m256i {
        unsafe { _mm256_set1_epi64x(m as i64) }
    }

    impl F64x4 {
        #[inline(always)]
        fn cmp<const P: i32>(self, b: impl Into<Self>) -> Self {
            unsafe { Self(_mm256_cmp_pd::<P>(self.0, b.into().0)) }
        }
    }

    impl Simd for F64x4 {
        type Mask = Self;
        const LANES: usize = 4;

        #[inline(always)]
        fn from_fn(f: impl Fn(usize) -> f64) -> Self {
            unsafe { Self(_mm256_set_pd(f(3), f(2), f(1), f(0))) }
        }
        #[inline(always)]
        fn at(self, l: usize) -> f64 {
            let mut o = [0.0; 4];
            unsafe { _mm256_storeu_pd(o.as_mut_ptr(), self.0) };
            o[l]
        }
        #[inline(always)]
        fn sqrt(self) -> Self {
            unsafe { Self(_mm256_sqrt_pd(self.0)) }
        }
        #[inline(always)]
        fn lt(self, b: impl Into<Self>) -> Self {
            self.cmp::<_CMP_LT_OQ>(b)
        }
        #[inline(always)]
        fn le(self, b: impl Into<Self>) -> Self {
            self.cmp::<_CMP_LE_OQ>(b)
        }
        #[inline(always)]
        fn gt(self, b: impl Into<Self>) -> Self {
            self.cmp::<_CMP_GT_OQ>(b)
        }
        #[inline(always)]
        fn ge(self, b: impl Into<Self>) -> Self {
            self.cmp::<_CMP_GE_OQ>(b)
        }
        #[inline(always)]
        fn eq(self, b: impl Into<Self>) -> Self {
            self.cmp::<_CMP_EQ_OQ>(b)
        }
        #[inline(always)]
        fn is_nan(self) -> Self {
            self.cmp::<_CMP_UNORD_Q>(self)
        }
        #[inline(always)]
        fn sign_mask(self) -> Self {
            // `blendv` reads the sign bit only.
            self
        }
        #[inline(always)]
        fn and_bits(self, m: u64) -> Self {
            unsafe { Self(_mm256_and_pd(self.0, float(splat_bits(m)))) }
        }
        #[inline(always)]
        fn or_bits(self, m: u64) -> Self {
            unsafe { Self(_mm256_or_pd(self.0, float(splat_bits(m)))) }
        }
        #[inline(always)]
        fn or_v(self, b: Self) -> Self {
            unsafe { Self(_mm256_or_pd(self.0, b.0)) }
        }
        #[inline(always)]
        fn xor_v(self, b: Self) -> Self {
            unsafe { Self(_mm256_xor_pd(self.0, b.0)) }
        }
        #[inline(always)]
        fn add_bits(self, m: u64) -> Self {
            unsafe { Self(float(_mm256_add_epi64(int(self.0), splat_bits(m)))) }
        }
        #[inline(always)]
        fn add_bits_v(self, b: Self) -> Self {
            unsafe { Self(float(_mm256_add_epi64(int(self.0), int(b.0)))) }
        }
        #[inline(always)]
        fn shl<const K: i32>(self) -> Self {
            unsafe { Self(float(_mm256_slli_epi64::<K>(int(self.0)))) }
        }
        #[inline(always)]
        fn shr<const K: i32>(self) -> Self {
            unsafe { Self(float(_mm256_srli_epi64::<K>(int(self.0)))) }
        }
    }

    impl SimdMask<F64x4> for F64x4 {
        #[inline(always)]
        fn select(self, a: impl Into<F64x4>, b: impl Into<F64x4>) -> F64x4 {
            unsafe { Self(_mm256_blendv_pd(b.into().0, a.into().0, self.0)) }
        }
        #[inline(always)]
        fn any(self) -> bool {
            unsafe { _mm256_movemask_pd(self.0) != 0 }
        }
        #[inline(always)]
        fn get(self, l: usize) -> bool {
            unsafe { (_mm256_movemask_pd(self.0) >> l) & 1 != 0 }
        }
    }

    macro_rules! ops {
        ($($tr:ident $f:ident $intr:ident),*) => {$(
            impl $tr for F64x4 {
                type Output = Self;
                #[inline(always)]
                fn $f(self, b: Self) -> Self {
                    unsafe { Self($intr(self.0, b.0)) }
                }
            }
            impl $tr<f64> for F64x4 {
                type Output = Self;
                #[inline(always)]
                fn $f(self, b: f64) -> Self {
                    self.$f(Self::from(b))
                }
            }
            impl $tr<F64x4> for f64 {
                type Output = F64x4;
                #[inline(always)]
                fn $f(self, b: F64x4) -> F64x4 {
                    F64x4::from(self).$f(b)
                }
            }
        )*};
    }
    ops!(
        Add add _mm256_add_pd,
        Sub sub _mm256_sub_pd,
        Mul mul _mm256_mul_pd,
        Div div _mm256_div_pd
    );

    impl BitAnd for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn bitand(self, b: Self) -> Self {
            unsafe { Self(_mm256_and_pd(self.0, b.0)) }
        }
    }

    impl BitOr for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn bitor(self, b: Self) -> Self {
            unsafe { Self(_mm256_or_pd(self.0, b.0)) }
        }
    }

    impl Neg for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn neg(self) -> Self {
            self.xor_v(Self::from(-0.0))
        }
    }

    impl Not for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn not(self) -> Self {
            unsafe { Self(_mm256_xor_pd(self.0, float(splat_bits(u64::MAX)))) }
        }
    }
}

/// 1.5·2⁵²: `(x + MAGIC) − MAGIC` rounds |x| < 2⁵¹ to the nearest integer,
/// and the low bits of `x + MAGIC` hold that integer (two's complement):
/// no float–integer conversion, which AVX2 lacks for 64-bit lanes.
const MAGIC: f64 = 6_755_399_441_055_744.0;
/// 2⁵²: `from_bits(TWO52_BITS | n) − 2⁵²` is `n as f64` for 0 ≤ n < 2⁵².
const TWO52: f64 = 4_503_599_627_370_496.0;
const TWO52_BITS: u64 = 0x4330_0000_0000_0000;
const MANTISSA: u64 = (1 << 52) - 1;
const SIGN: u64 = 1 << 63;
const TWO54: f64 = 18_014_398_509_481_984.0;
/// ln 2 in two parts (fdlibm's).
#[allow(clippy::excessive_precision)]
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
#[allow(clippy::excessive_precision)]
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log10_within_3e16() {
        let mut rng = hatang_core::rng::Rng::new(6);
        for i in 0..300_000 {
            let x = if i % 2 == 0 {
                10f64.powf(rng.range(-30.0, 30.0))
            } else {
                1.0 + rng.range(-1e-3, 1e-3)
            };
            let (a, b) = (log10(x), x.log10());
            assert!((a - b).abs() <= 3e-16 * b.abs().max(1.0), "{x}: {a} vs {b}");
        }
        assert_eq!(log10(1.0), 0.0);
        assert!(log10(0.0) == f64::NEG_INFINITY && log10(-1.0).is_nan());
    }

    fn ulps(a: f64, b: f64) -> u64 {
        if a == b || (a.is_nan() && b.is_nan()) {
            return 0;
        }
        if a.is_sign_negative() != b.is_sign_negative() {
            return u64::MAX;
        }
        a.to_bits().abs_diff(b.to_bits())
    }

    /// For each `i`: e^, ln, cbrt of `a[i]`, `b[i]`, `c[i]` (batched by
    /// three), sin and cos of `a[i]`, and the reciprocals of the three.
    #[inline(always)]
    fn run<V: Simd>(a: &[f64], b: &[f64], c: &[f64]) -> Vec<f64> {
        let n = V::LANES;
        let mut out = Vec::new();
        for ((a, b), c) in a.chunks(n).zip(b.chunks(n)).zip(c.chunks(n)) {
            let x = [V::from_slice(a), V::from_slice(b), V::from_slice(c)];
            let (e, l, r) = (exp_n(x), ln_n(x), cbrt_n(x));
            let (s, co) = x[0].sin_cos();
            let (inv, _) = recips(x);
            for lane in 0..n {
                for v in [e, l, r, inv].iter().flatten().chain(&[s, co]) {
                    out.push(v.at(lane));
                }
            }
        }
        out
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn run_avx2(a: &[f64], b: &[f64], c: &[f64]) -> Vec<f64> {
        run::<F64x4>(a, b, c)
    }

    /// `run` on every kind of lanes, which must agree to the bit.
    fn run_all(a: &[f64], b: &[f64], c: &[f64]) -> Vec<f64> {
        let want = run::<Lanes<4>>(a, b, c);
        let same = |v: Vec<f64>| v.iter().zip(&want).all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same(run::<Lanes<1>>(a, b, c)));
        assert!(same(run::<Pair<Lanes<2>>>(a, b, c)));
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the processor has AVX2 and FMA.
            assert!(same(unsafe { run_avx2(a, b, c) }));
            assert!(same(unsafe { run_pair_avx2(a, b, c) }));
        }
        want
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn run_pair_avx2(a: &[f64], b: &[f64], c: &[f64]) -> Vec<f64> {
        run::<Pair<F64x4>>(a, b, c)
    }

    #[test]
    fn lane_functions_within_a_few_ulps_and_the_same_on_all_lanes() {
        let mut rng = hatang_core::rng::Rng::new(11);
        let n = 24_000;
        let gen = |rng: &mut hatang_core::rng::Rng, i: usize| match i % 4 {
            0 => rng.range(-708.0, 709.7),
            1 => rng.range(-2.0, 2.0),
            2 => 1.0 + rng.range(-1e-3, 1e-3),
            _ => 10f64.powf(rng.range(-307.0, 308.0)) * if i % 8 == 3 { -1.0 } else { 1.0 },
        };
        let mut v = [vec![], vec![], vec![]];
        for i in 0..n {
            for v in &mut v {
                let k = i + rng.below(4);
                v.push(gen(&mut rng, k));
            }
        }
        let out = run_all(&v[0], &v[1], &v[2]);
        for i in 0..n {
            let o = &out[14 * i..14 * i + 14];
            for j in 0..3 {
                let x = v[j][i];
                if x.exp().is_finite() && x > -708.0 {
                    assert!(ulps(o[j], x.exp()) <= 3, "exp {x}: {} vs {}", o[j], x.exp());
                }
                assert!(
                    ulps(o[3 + j], x.ln()) <= 3,
                    "ln {x}: {} vs {}",
                    o[3 + j],
                    x.ln()
                );
                assert!(
                    ulps(o[6 + j], x.cbrt()) <= 3,
                    "cbrt {x}: {} ulps",
                    ulps(o[6 + j], x.cbrt())
                );
            }
            let (a, b, c) = (v[0][i], v[1][i], v[2][i]);
            if (a * b).is_normal() && (a * b * c).is_normal() && (b * c).is_normal() {
                for j in 0..3 {
                    let x = v[j][i];
                    assert!(ulps(o[9 + j], 1.0 / x) <= 4, "1/{x}: {}", o[9 + j]);
                }
            }
            let x = v[0][i];
            if x.abs() <= 1e5 {
                let (ws, wc) = x.sin_cos();
                let tol = |w: f64| 4.5e-16 * w.abs() + 1e-20 * x.abs().max(1.0);
                assert!((o[12] - ws).abs() <= tol(ws), "sin {x}: {} vs {ws}", o[12]);
                assert!((o[13] - wc).abs() <= tol(wc), "cos {x}: {} vs {wc}", o[13]);
            }
        }
    }

    #[test]
    fn lane_functions_special_values() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let a = [
            nan, inf, -inf, 0.0, -0.0, 1000.0, -1000.0, 5e-324, 1e-310, 2.2e-308, -8.0, 1.0, 1.0,
            1.0, 1.0, 1.0,
        ];
        let b = [1.5; 16];
        let out = run_all(&a, &b, &b);
        let at = |i: usize, f: usize| out[14 * i + f];
        let (exp, ln, cbrt) = (0, 3, 6);
        assert!(at(0, exp).is_nan() && at(0, ln).is_nan() && at(0, cbrt).is_nan());
        assert!(at(1, exp) == inf && at(1, ln) == inf && at(1, cbrt) == inf);
        assert!(at(2, exp) == 0.0 && at(2, ln).is_nan() && at(2, cbrt) == -inf);
        assert!(at(3, exp) == 1.0 && at(3, ln) == -inf && at(3, cbrt).to_bits() == 0);
        assert!(at(4, ln) == -inf && at(4, cbrt).to_bits() == (-0.0f64).to_bits());
        assert!(at(5, exp) == inf && at(6, exp) == 0.0);
        for (i, x) in a.iter().enumerate().take(10).skip(7) {
            assert!(ulps(at(i, ln), x.ln()) <= 3 && ulps(at(i, cbrt), x.cbrt()) <= 3);
        }
        assert!(at(10, ln).is_nan() && ulps(at(10, cbrt), -2.0) <= 1 && at(11, ln) == 0.0);
        // A special value leaves the others of its batch alone.
        for i in 0..12 {
            assert!(ulps(at(i, exp + 1), 1.5f64.exp()) <= 3, "{i}");
            assert!(ulps(at(i, ln + 1), 1.5f64.ln()) <= 3, "{i}");
            assert!(ulps(at(i, cbrt + 1), 1.5f64.cbrt()) <= 3, "{i}");
        }
        assert!(at(0, 12).is_nan() && at(0, 13).is_nan());
    }

    #[test]
    fn lanes_are_lanes() {
        let x = Lanes([1.0, -2.0, f64::NAN, 4.0]);
        let m = x.gt(0.0);
        assert_eq!(m.0, [u64::MAX, 0, 0, u64::MAX]);
        let y = m.select(x * 2.0, Lanes::from(1.0) - x);
        assert_eq!(y.0[..2], [2.0, 3.0]);
        assert!(y.0[2].is_nan());
        assert_eq!(x.max(0.0).0, [1.0, 0.0, 0.0, 4.0]);
        assert_eq!(x.min(0.0).0, [0.0, -2.0, 0.0, 0.0]);
        assert_eq!(Lanes::from(0.0).max(x).0[2], 0.0);
        assert_eq!(x.fdim(1.0).0, [0.0, 0.0, 0.0, 3.0]);
        assert!(m.any() && !x.lt(-5.0).any() && m.get(3) && !m.get(1));
        assert_eq!(x.finite().0, [u64::MAX, u64::MAX, 0, u64::MAX]);
    }
}
