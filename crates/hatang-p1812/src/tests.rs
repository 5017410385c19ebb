//! Unit tests: location variability worked by hand, input validation, and a
//! property test over random valid inputs.

use super::*;
use proptest::prelude::*;

fn link(f_ghz: f64, htg_m: f64, hrg_m: f64) -> Link {
    Link {
        f_ghz,
        htg_m,
        hrg_m,
        tx: GeoPoint {
            lat_deg: 21.03,
            lon_deg: 105.85,
        },
        rx: GeoPoint {
            lat_deg: 21.10,
            lon_deg: 105.88,
        },
    }
}

/// 10 km inland path, 101 points, with an 80 m hill at mid-path: trans-horizon for
/// a 1.5 m receiver, so Lbc is well above the line-of-sight loss Lb0p.
fn hill_profile() -> (Vec<f64>, Vec<f64>) {
    let d: Vec<f64> = (0..=100).map(|i| i as f64 * 0.1).collect();
    let h: Vec<f64> = d
        .iter()
        .map(|&x| 10.0 + 80.0 * (-((x - 5.0) / 1.0).powi(2)).exp())
        .collect();
    (d, h)
}

fn model(sigma_l_db: f64, location_percent: f64) -> P1812 {
    P1812::new(P1812Config {
        sigma_l_db,
        location_percent,
        ..P1812Config::default()
    })
    .expect("valid configuration")
}

/// Location variability (σL > 0), worked by hand from the Recommendation.
///
/// Eq. (69): Lb = max(Lb0p, Lbc + Lloc) with Lloc = −I(pL/100)·σL for an outdoor
/// receiver on land, where I(x) is the approximation to the inverse complementary
/// cumulative normal distribution: for x ≤ 0.5, I(x) = T(x) − C(x),
/// T(x) = sqrt(−2 ln x), C = (C0 + C1·T + C2·T²)/(1 + D1·T + D2·T² + D3·T³),
/// C0 = 2.515516698, C1 = 0.802853, C2 = 0.010328, D1 = 1.432788, D2 = 0.189269,
/// D3 = 0.001308; for x > 0.5, I(x) = −I(1 − x).
///
/// Case A: pL = 10 %, σL = 5.5 dB (the DTT planning value).
///   T(0.1)  = sqrt(−2 ln 0.1) = sqrt(4.605170186) = 2.145966026
///   T² = 4.605170186, T³ = 9.882538764
///   numerator   = 2.515516698 + 0.802853·2.145966026 + 0.010328·4.605170186
///               = 2.515516698 + 1.722895262 + 0.047562198 = 4.285974158
///   denominator = 1 + 1.432788·2.145966026 + 0.189269·4.605170186 + 0.001308·9.882538764
///               = 1 + 3.074714370 + 0.871615956 + 0.012926361 = 4.959256688
///   C = 4.285974158 / 4.959256688 = 0.864237209
///   I(0.1) = 2.145966026 − 0.864237209 = 1.281728817
///   Lloc = −1.281728817 · 5.5 = −7.049508496 dB
/// The path is obstructed (Lbc ≫ Lb0p + 7.05), so Lb = Lbc − 7.049508 dB and
/// Ep (Eq. 70, which subtracts Lb) rises by 7.049508 dB.
///
/// Case B: σL from §4.7 for 0.9 GHz, wa = 100 m, a 1.5 m receiver in R = 10 m clutter:
///   uh = 1 (h < R); σL = (0.024·0.9 + 0.52)·100^0.28·1 = 0.5416·3.630780548 = 1.966430745 dB
///   pL = 90 %: I(0.9) = −I(0.1) = −1.281728817
///   Lloc = +1.281728817 · 1.966430745 = +2.520430953 dB → Lb = Lbc + 2.520431 dB.
#[test]
fn location_variability_by_hand() {
    let (d, h) = hill_profile();
    let profile = Profile::new(&d, &h);
    let l = link(0.9, 30.0, 1.5);

    let median = model(0.0, 50.0).predict(&l, &profile).unwrap();
    assert_eq!(median.path.path_type, PathType::TransHorizon);
    assert!(median.losses.lloc.abs() < 1e-12);
    assert!((median.lb - median.losses.lbc).abs() < 1e-12);

    // Case A.
    let a = model(5.5, 10.0).predict(&l, &profile).unwrap();
    assert!(
        (a.losses.lbc - median.losses.lbc).abs() < 1e-12,
        "σL enters Eq. (69) only"
    );
    assert!(
        (a.losses.lloc - (-7.049_508_496)).abs() < 1e-8,
        "Lloc = {}",
        a.losses.lloc
    );
    assert!((a.lb - (median.lb - 7.049_508_496)).abs() < 1e-8);
    assert!((a.ep - (median.ep + 7.049_508_496)).abs() < 1e-8);

    // Case B.
    let sigma = location_std_dev(0.9, 1.5, 10.0, 100.0);
    assert!((sigma - 1.966_430_745).abs() < 1e-8, "σL = {sigma}");
    let b = model(sigma, 90.0).predict(&l, &profile).unwrap();
    assert!(
        (b.losses.lloc - 2.520_430_953).abs() < 1e-8,
        "Lloc = {}",
        b.losses.lloc
    );
    assert!((b.lb - (median.lb + 2.520_430_953)).abs() < 1e-8);
}

/// Eq. (69)'s floor, fully by hand: a 1 km line-of-sight path over flat ground at
/// sea level, htg = 30 m, hrg = 1.5 m, 0.9 GHz, p = 50 %, and a huge location
/// variability (σL = 30 dB at pL = 1 %).
///   Lbfs (Eq. 8) = 92.4 + 20 log10 0.9 + 10 log10(1² + ((30 − 1.5)/1000)²)
///                = 92.4 − 0.915149811 + 10 log10(1.00081225) = 92.4 − 0.915149811 + 0.003526125
///                = 91.488376314 dB
///   Esp (Eq. 9a) = 2.6·(1 − e^(−0.1(dlt+dlr)))·log10(50/50) = 0, so Lb0p = Lbfs.
///   I(0.01): T = sqrt(−2 ln 0.01) = 3.034854259, C = 5.047182940/7.128095945 = 0.708069,
///            I = 2.326785375; Lloc = −2.326785375·30 = −69.803561 dB.
///   Lbc + Lloc is about 22 dB below Lb0p, so Lb = Lb0p = 91.488376314 dB.
#[test]
fn location_variability_floor_is_lb0p_by_hand() {
    let d = [0.0, 0.25, 0.5, 0.75, 1.0];
    let h = [0.0; 5];
    let out = model(30.0, 1.0)
        .predict(&link(0.9, 30.0, 1.5), &Profile::new(&d, &h))
        .unwrap();
    assert!(
        (out.losses.lbfs - 91.488_376_314).abs() < 1e-8,
        "Lbfs = {}",
        out.losses.lbfs
    );
    assert_eq!(out.losses.lb0p, out.losses.lbfs);
    assert!(
        (out.losses.lloc - (-69.803_561_25)).abs() < 1e-6,
        "Lloc = {}",
        out.losses.lloc
    );
    assert!(out.losses.lbc + out.losses.lloc < out.losses.lb0p);
    assert_eq!(out.lb, out.losses.lb0p);
}

/// σL is not applied to a receiver at sea.
#[test]
fn no_location_variability_at_sea() {
    let (d, h) = hill_profile();
    let mut zones = vec![Zone::Inland; d.len()];
    for z in zones.iter_mut().skip(80) {
        *z = Zone::Sea;
    }
    let profile = Profile::new(&d, &h).with_zones(&zones);
    let l = link(0.9, 30.0, 1.5);
    let median = model(0.0, 50.0).predict(&l, &profile).unwrap();
    let varied = model(5.5, 10.0).predict(&l, &profile).unwrap();
    assert_eq!(varied.losses.lloc, 0.0);
    assert_eq!(varied.lb, median.lb);
    assert_eq!(varied.path.dcr_km, 0.0);
    assert_eq!(varied.path.dct_km, 500.0);
}

/// Omitted clutter/zone arrays mean the configured defaults everywhere.
#[test]
fn defaults_match_explicit_arrays() {
    let (d, h) = hill_profile();
    let r = vec![12.0; d.len()];
    let z = vec![Zone::CoastalLand; d.len()];
    let l = link(0.6, 40.0, 2.0);
    let explicit = P1812::new(P1812Config::default())
        .unwrap()
        .predict(&l, &Profile::new(&d, &h).with_clutter(&r).with_zones(&z))
        .unwrap();
    let implicit = P1812::new(P1812Config {
        default_clutter_m: 12.0,
        default_zone: Zone::CoastalLand,
        ..P1812Config::default()
    })
    .unwrap()
    .predict(&l, &Profile::new(&d, &h))
    .unwrap();
    assert_eq!(explicit, implicit);
}

fn expect_out_of_range(r: Result<impl std::fmt::Debug, P1812Error>, name: &str) {
    match r {
        Err(P1812Error::OutOfRange { param, .. }) => assert_eq!(param, name),
        other => panic!("expected {name} to be refused, got {other:?}"),
    }
}

#[test]
fn refuses_invalid_configuration() {
    type Mutation = fn(&mut P1812Config);
    let cases: [(&str, Mutation); 12] = [
        ("p (%)", |c| c.time_percent = 0.5),
        ("p (%)", |c| c.time_percent = 50.1),
        ("pL (%)", |c| c.location_percent = 99.5),
        ("pL (%)", |c| c.location_percent = f64::NAN),
        ("sigmaL (dB)", |c| c.sigma_l_db = -1.0),
        ("DN (N-units/km)", |c| c.delta_n = 157.0),
        ("DN (N-units/km)", |c| c.delta_n = 0.0),
        ("N0 (N-units)", |c| c.n0 = 0.0),
        ("dct (km)", |c| c.dct_km = -0.1),
        ("dcr (km)", |c| c.dcr_km = f64::INFINITY),
        ("Ptx (kW)", |c| c.ptx_kw = 0.0),
        ("default clutter height (m)", |c| c.default_clutter_m = -2.0),
    ];
    for (name, mutate) in cases {
        let mut c = P1812Config::default();
        mutate(&mut c);
        expect_out_of_range(P1812::new(c), name);
    }
}

#[test]
fn refuses_invalid_link_and_profile() {
    let m = P1812::new(P1812Config::default()).unwrap();
    let (d, h) = hill_profile();
    let p = Profile::new(&d, &h);
    expect_out_of_range(m.predict(&link(0.029, 30.0, 1.5), &p), "f (GHz)");
    expect_out_of_range(m.predict(&link(6.01, 30.0, 1.5), &p), "f (GHz)");
    expect_out_of_range(m.predict(&link(f64::NAN, 30.0, 1.5), &p), "f (GHz)");
    expect_out_of_range(m.predict(&link(1.0, 0.5, 1.5), &p), "htg (m)");
    expect_out_of_range(m.predict(&link(1.0, 30.0, 3001.0), &p), "hrg (m)");
    let mut far_north = link(1.0, 30.0, 1.5);
    far_north.rx.lat_deg = 85.0;
    expect_out_of_range(m.predict(&far_north, &p), "phi_r (deg)");

    let l = link(1.0, 30.0, 1.5);
    // Path length limits.
    let short: Vec<f64> = d.iter().map(|x| x * 0.02).collect(); // 0.2 km
    expect_out_of_range(m.predict(&l, &Profile::new(&short, &h)), "d (km)");
    let long: Vec<f64> = d.iter().map(|x| x * 301.0).collect(); // 3010 km
    expect_out_of_range(m.predict(&l, &Profile::new(&long, &h)), "d (km)");

    // Structure of the profile.
    assert_eq!(
        m.predict(&l, &Profile::new(&d[..4], &h[..4])),
        Err(P1812Error::ProfileTooShort { len: 4, min: 5 })
    );
    assert!(matches!(
        m.predict(&l, &Profile::new(&d, &h[1..])),
        Err(P1812Error::LengthMismatch { array: "h (m)", .. })
    ));
    let r = vec![0.0; d.len() - 1];
    assert!(matches!(
        m.predict(&l, &Profile::new(&d, &h).with_clutter(&r)),
        Err(P1812Error::LengthMismatch { array: "R (m)", .. })
    ));
    let shifted: Vec<f64> = d.iter().map(|x| x + 0.1).collect();
    assert_eq!(
        m.predict(&l, &Profile::new(&shifted, &h)),
        Err(P1812Error::ProfileStart { value: 0.1 })
    );
    let mut dup = d.clone();
    dup[7] = dup[6];
    assert!(matches!(
        m.predict(&l, &Profile::new(&dup, &h)),
        Err(P1812Error::NotIncreasing { index: 7, .. })
    ));
    let mut bad_h = h.clone();
    bad_h[3] = f64::NAN;
    assert!(matches!(
        m.predict(&l, &Profile::new(&d, &bad_h)),
        Err(P1812Error::ProfileValueOutOfRange {
            array: "h (m)",
            index: 3,
            ..
        })
    ));
    let mut bad_r = vec![0.0; d.len()];
    bad_r[5] = -1.0;
    assert!(matches!(
        m.predict(&l, &Profile::new(&d, &h).with_clutter(&bad_r)),
        Err(P1812Error::ProfileValueOutOfRange {
            array: "R (m)",
            index: 5,
            ..
        })
    ));
}

#[test]
fn error_messages_name_parameter_value_and_range() {
    let e = P1812::new(P1812Config {
        time_percent: 60.0,
        ..P1812Config::default()
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "p (%) = 60 is outside the valid range [1, 50]"
    );
    let e = P1812::new(P1812Config {
        delta_n: 200.0,
        ..P1812Config::default()
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "DN (N-units/km) = 200 is outside the valid range (0, 157)"
    );
    let e = P1812::new(P1812Config {
        sigma_l_db: -3.0,
        ..P1812Config::default()
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "sigmaL (dB) = -3 is outside the valid range [0, +inf)"
    );
    assert_eq!(
        Zone::from_code(2).unwrap_err().to_string(),
        "radio-climatic zone code 2 is invalid; valid codes are 1 (sea), 3 (coastal land) and 4 (inland)"
    );
}

/// Strategy for a random valid prediction problem.
fn problem() -> impl Strategy<Value = (P1812Config, Link, Vec<f64>, Vec<f64>, Vec<f64>, Vec<Zone>)>
{
    let config = (
        0.1f64..156.9,
        200.0f64..450.0,
        1.0f64..=50.0,
        1.0f64..=99.0,
        0.0f64..20.0,
        any::<bool>(),
        0.0f64..1000.0,
        0.0f64..1000.0,
        any::<bool>(),
    )
        .prop_map(
            |(dn, n0, p, pl, sl, vertical, dct, dcr, att4)| P1812Config {
                delta_n: dn,
                n0,
                time_percent: p,
                location_percent: pl,
                sigma_l_db: sl,
                polarisation: if vertical {
                    Polarisation::Vertical
                } else {
                    Polarisation::Horizontal
                },
                dct_km: dct,
                dcr_km: dcr,
                smooth_path_method: if att4 {
                    SmoothPathMethod::Attachment4
                } else {
                    SmoothPathMethod::ProfileAnalysis
                },
                ..P1812Config::default()
            },
        );
    let link = (
        0.03f64..=6.0,
        1.0f64..=3000.0,
        1.0f64..=3000.0,
        -80.0f64..=80.0,
        -180.0f64..=180.0,
        -80.0f64..=80.0,
        -180.0f64..=180.0,
    )
        .prop_map(|(f, htg, hrg, a, b, c, e)| Link {
            f_ghz: f,
            htg_m: htg,
            hrg_m: hrg,
            tx: GeoPoint {
                lat_deg: a,
                lon_deg: b,
            },
            rx: GeoPoint {
                lat_deg: c,
                lon_deg: e,
            },
        });
    let profile = (5usize..120, -0.6f64..3.477).prop_flat_map(|(n, log_d)| {
        let dtot = 10f64.powf(log_d).clamp(0.25, 3000.0);
        (
            prop::collection::vec(0.05f64..1.0, n - 1),
            prop::collection::vec(-50.0f64..3000.0, n),
            prop::collection::vec(0.0f64..60.0, n),
            prop::collection::vec(
                prop::sample::select(vec![Zone::Sea, Zone::CoastalLand, Zone::Inland]),
                n,
            ),
        )
            .prop_map(move |(steps, h, r, z)| {
                let total: f64 = steps.iter().sum();
                let mut d = Vec::with_capacity(steps.len() + 1);
                d.push(0.0);
                let mut acc = 0.0;
                for s in &steps {
                    acc += s;
                    d.push(acc / total * dtot);
                }
                let last = d.len() - 1;
                d[last] = dtot;
                (d, h, r, z)
            })
    });
    (config, link, profile).prop_map(|(c, l, (d, h, r, z))| (c, l, d, h, r, z))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Random valid inputs never panic and always give finite results.
    #[test]
    fn random_valid_inputs_give_finite_results((config, link, d, h, r, z) in problem()) {
        let model = P1812::new(config).unwrap();
        let profile = Profile::new(&d, &h).with_clutter(&r).with_zones(&z);
        let out = model.predict(&link, &profile).unwrap();
        prop_assert!(out.lb.is_finite(), "Lb = {} for {:?}", out.lb, out);
        prop_assert!(out.ep.is_finite() && out.ep_tx.is_finite());
        prop_assert!(out.lb >= out.losses.lb0p);
        let l = &out.losses;
        for v in [l.lbfs, l.lb0b, l.ldp, l.lbd, l.lminb0p, l.lba, l.lminbap, l.lbda, l.lbam, l.lbs, l.lbc] {
            prop_assert!(v.is_finite(), "non-finite loss in {:?}", l);
        }
    }

    /// The same inputs always give bit-identical results.
    #[test]
    fn results_are_deterministic((config, link, d, h, r, z) in problem()) {
        let model = P1812::new(config).unwrap();
        let profile = Profile::new(&d, &h).with_clutter(&r).with_zones(&z);
        let a = model.predict(&link, &profile).unwrap();
        let b = model.predict(&link, &profile).unwrap();
        prop_assert_eq!(a, b);
    }
}
