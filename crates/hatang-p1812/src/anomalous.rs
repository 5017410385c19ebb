//! Line-of-sight (§4.2), troposcatter (§4.4) and ducting/layer-reflection (§4.5) losses.

/// Free-space and line-of-sight losses (Eqs 8–11): `(Lbfs, Lb0p, Lb0β)`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn line_of_sight(
    dtot: f64,
    hts: f64,
    hrs: f64,
    f: f64,
    p: f64,
    b0: f64,
    dlt: f64,
    dlr: f64,
) -> (f64, f64, f64) {
    let dh = (hts - hrs) / 1000.0;
    let dfs2 = dtot * dtot + dh * dh; // Eq (8a)
    let lbfs = 92.4 + 20.0 * f.log10() + 10.0 * dfs2.log10(); // Eq (8)
    let k = 2.6 * (1.0 - (-0.1 * (dlt + dlr)).exp());
    let esp = k * (p / 50.0).log10(); // Eq (9a)
    let esb = k * (b0 / 50.0).log10(); // Eq (9b)
    (lbfs, lbfs + esp, lbfs + esb) // Eqs (10), (11)
}

/// Basic transmission loss due to troposcatter not exceeded for p % time (Eqs 44–45).
pub(crate) fn troposcatter(dtot: f64, theta: f64, f: f64, p: f64, n0: f64) -> f64 {
    let lf = 25.0 * f.log10() - 2.5 * (f / 2.0).log10().powi(2); // Eq (45)
    190.1 + lf + 20.0 * dtot.log10() + 0.573 * theta
        - 0.15 * n0
        - 10.125 * (50.0 / p).log10().powf(0.7)
}

/// Inputs of the ducting/layer-reflection model (§4.5).
pub(crate) struct DuctingInputs {
    pub dtot: f64,
    pub dlt: f64,
    pub dlr: f64,
    pub dct: f64,
    pub dcr: f64,
    pub dlm: f64,
    pub hts: f64,
    pub hrs: f64,
    pub hte: f64,
    pub hre: f64,
    pub hm: f64,
    pub theta_t: f64,
    pub theta_r: f64,
    pub f: f64,
    pub p: f64,
    pub omega: f64,
    pub ae: f64,
    pub b0: f64,
}

/// Basic transmission loss during anomalous propagation, Lba (Eqs 46–56).
pub(crate) fn ducting(x: &DuctingInputs) -> f64 {
    let f = x.f;
    let cbrt_f = f.powf(1.0 / 3.0);

    // Eq (47a): empirical correction for long wavelengths.
    let alf = if f < 0.5 {
        45.375 - 137.0 * f + 92.5 * f * f
    } else {
        0.0
    };

    // Eq (48): site-shielding diffraction losses.
    let site_shielding = |theta: f64, dl: f64| {
        let th2 = theta - 0.1 * dl; // Eq (48a)
        if th2 > 0.0 {
            20.0 * (1.0 + 0.361 * th2 * (f * dl).sqrt()).log10() + 0.264 * th2 * cbrt_f
        } else {
            0.0
        }
    };
    let ast = site_shielding(x.theta_t, x.dlt);
    let asr = site_shielding(x.theta_r, x.dlr);

    // Eq (49): over-sea surface-duct coupling corrections.
    let coupling = |dc: f64, dl: f64, hs: f64| {
        if dc <= 5.0 && dc <= dl && x.omega >= 0.75 {
            -3.0 * (-0.25 * dc * dc).exp() * (1.0 + (0.07 * (50.0 - hs)).tanh())
        } else {
            0.0
        }
    };
    let act = coupling(x.dct, x.dlt, x.hts);
    let acr = coupling(x.dcr, x.dlr, x.hrs);

    // Eq (51): specific attenuation.
    let gamma_d = 5e-5 * x.ae * cbrt_f;

    // Eq (52): angular distance, corrected where appropriate.
    let theta_t1 = if x.theta_t > 0.1 * x.dlt {
        0.1 * x.dlt
    } else {
        x.theta_t
    };
    let theta_r1 = if x.theta_r > 0.1 * x.dlr {
        0.1 * x.dlr
    } else {
        x.theta_r
    };
    let theta1 = 1e3 * x.dtot / x.ae + theta_t1 + theta_r1;

    // Eq (56): terrain roughness correction.
    let di = (x.dtot - x.dlt - x.dlr).min(40.0); // Eq (56a)
    let mu3 = if x.hm > 10.0 {
        (-4.6e-5 * (x.hm - 10.0) * (43.0 + 6.0 * di)).exp()
    } else {
        1.0
    };

    // Eq (55): path-geometry correction.
    let tau = 1.0 - (-(4.12e-4 * x.dlm.powf(2.41))).exp(); // Eq (3)
    let alpha = (-0.6 - 3.5e-9 * x.dtot.powf(3.1) * tau).max(-3.4); // Eq (55a)
    let sq = x.hte.sqrt() + x.hre.sqrt();
    let mu2 = (500.0 / x.ae * x.dtot * x.dtot / (sq * sq))
        .powf(alpha)
        .min(1.0);

    let beta = x.b0 * mu2 * mu3; // Eq (54)
    let lb = beta.log10();
    let gamma = 1.076 / (2.0058 - lb).powf(1.012)
        * (-(9.51 - 4.8 * lb + 0.198 * lb * lb) * 1e-6 * x.dtot.powf(1.13)).exp(); // Eq (53a)
    let ap =
        -12.0 + (1.2 + 3.7e-3 * x.dtot) * (x.p / beta).log10() + 12.0 * (x.p / beta).powf(gamma); // Eq (53)
    let adp = gamma_d * theta1 + ap; // Eq (50)

    let af =
        102.45 + 20.0 * f.log10() + 20.0 * (x.dlt + x.dlr).log10() + alf + ast + asr + act + acr; // Eq (47)
    af + adp // Eq (46)
}
