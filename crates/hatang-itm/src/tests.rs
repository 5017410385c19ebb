//! Unit tests: every return code, every warning flag, and property tests.

use proptest::prelude::*;

use crate::{
    AreaPath, Climate, Cr, Itm, ItmError, Mdvar, PathGeometry, Polarization, Prediction, Profile,
    PropagationMode, SitingCriteria, Tls, VariabilityMode, Warnings,
};

fn model() -> Itm {
    Itm::new(900.0)
}

/// A gently rolling profile of `np` intervals around `base` m.
fn rolling(np: usize, base: f64) -> Vec<f64> {
    (0..=np)
        .map(|i| base + 3.0 * (i as f64 * 0.05).sin() + 0.5 * (i as f64 * 1.3).cos())
        .collect()
}

fn p2p(
    itm: &Itm,
    h_tx: f64,
    h_rx: f64,
    heights: &[f64],
    step: f64,
    tls: Tls,
) -> Result<Prediction, ItmError> {
    itm.p2p_tls(h_tx, h_rx, &Profile::new(step, heights).unwrap(), tls)
}

fn area(itm: &Itm, h_tx: f64, h_rx: f64, path: AreaPath, tls: Tls) -> Result<Prediction, ItmError> {
    itm.area_tls(h_tx, h_rx, &path, tls)
}

fn p2p_code(itm: &Itm, h_tx: f64, h_rx: f64, tls: Tls) -> i32 {
    let h = rolling(100, 100.0);
    match p2p(itm, h_tx, h_rx, &h, 100.0, tls) {
        Ok(p) => p.return_code(),
        Err(e) => e.code(),
    }
}

// ---------------------------------------------------------------------------
// Return codes

#[test]
fn success_codes() {
    let h = rolling(100, 100.0);
    let p = p2p(&model(), 30.0, 10.0, &h, 100.0, Tls::MEDIAN).unwrap();
    assert_eq!(p.return_code(), 0);
    assert!(p.warnings.is_empty());
    let p = p2p(&model(), 0.8, 10.0, &h, 100.0, Tls::MEDIAN).unwrap();
    assert_eq!(p.return_code(), 1);
    assert_eq!(p.warnings, Warnings::TX_TERMINAL_HEIGHT);
}

#[test]
fn code_1000_tx_terminal_height() {
    for h in [0.49, 3000.01, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(p2p_code(&model(), h, 10.0, Tls::MEDIAN), 1000, "h_tx = {h}");
    }
    assert_eq!(p2p_code(&model(), 0.5, 10.0, Tls::MEDIAN), 1);
    assert_eq!(p2p_code(&model(), 3000.0, 10.0, Tls::MEDIAN), 1);
    let e = p2p(&model(), 0.2, 10.0, &rolling(10, 0.0), 100.0, Tls::MEDIAN).unwrap_err();
    assert_eq!(e, ItmError::TxTerminalHeight { h_m: 0.2 });
    assert!(e.to_string().contains("TX terminal height 0.2 m"), "{e}");
}

#[test]
fn code_1001_rx_terminal_height() {
    for h in [0.49, 3000.01, f64::NAN] {
        assert_eq!(p2p_code(&model(), 10.0, h, Tls::MEDIAN), 1001, "h_rx = {h}");
    }
    let e = area(
        &model(),
        10.0,
        4000.0,
        AreaPath::new(10.0, 90.0),
        Tls::MEDIAN,
    )
    .unwrap_err();
    assert_eq!(e.code(), 1001);
    assert!(e.to_string().contains("RX terminal height 4000 m"), "{e}");
}

#[test]
fn code_1002_radio_climate() {
    for c in [0, 8, -1, 100] {
        let e = Climate::try_from(c).unwrap_err();
        assert_eq!(e, ItmError::InvalidRadioClimate { code: c });
        assert_eq!(e.code(), 1002);
        assert!(e.to_string().contains(&c.to_string()));
    }
    for c in 1..=7 {
        assert_eq!(Climate::try_from(c).unwrap().code(), c);
    }
}

#[test]
fn code_1003_time_1004_location_1005_situation() {
    for v in [0.0, 100.0, -5.0, 150.0, f64::NAN] {
        assert_eq!(
            p2p_code(&model(), 10.0, 10.0, Tls::new(v, 50.0, 50.0)),
            1003,
            "time {v}"
        );
        assert_eq!(
            p2p_code(&model(), 10.0, 10.0, Tls::new(50.0, v, 50.0)),
            1004,
            "location {v}"
        );
        assert_eq!(
            p2p_code(&model(), 10.0, 10.0, Tls::new(50.0, 50.0, v)),
            1005,
            "situation {v}"
        );
    }
    // ITM checks situation, then time, then location.
    assert_eq!(
        p2p_code(&model(), 10.0, 10.0, Tls::new(0.0, 0.0, 0.0)),
        1005
    );
    assert_eq!(
        p2p_code(&model(), 10.0, 10.0, Tls::new(0.0, 0.0, 50.0)),
        1003
    );
    let e = area(
        &model(),
        10.0,
        10.0,
        AreaPath::new(10.0, 90.0),
        Tls::new(100.0, 50.0, 50.0),
    );
    assert_eq!(e.unwrap_err(), ItmError::InvalidTime { percent: 100.0 });
}

#[test]
fn code_1006_confidence_1007_reliability() {
    let heights = rolling(50, 10.0);
    let profile = Profile::new(200.0, &heights).unwrap();
    let itm = model();
    for v in [0.0, 100.0, f64::NAN] {
        let e = itm
            .p2p_cr(10.0, 10.0, &profile, Cr::new(v, 50.0))
            .unwrap_err();
        assert_eq!(e.code(), 1006, "confidence {v}");
        let e = itm
            .p2p_cr(10.0, 10.0, &profile, Cr::new(50.0, v))
            .unwrap_err();
        assert_eq!(e.code(), 1007, "reliability {v}");
        let path = AreaPath::new(10.0, 90.0);
        assert_eq!(
            itm.area_cr(10.0, 10.0, &path, Cr::new(v, 50.0))
                .unwrap_err()
                .code(),
            1006
        );
        assert_eq!(
            itm.area_cr(10.0, 10.0, &path, Cr::new(50.0, v))
                .unwrap_err()
                .code(),
            1007
        );
    }
    let e = itm
        .p2p_cr(10.0, 10.0, &profile, Cr::new(120.0, 50.0))
        .unwrap_err();
    assert_eq!(e, ItmError::InvalidConfidence { percent: 120.0 });
    assert!(e.to_string().contains("confidence percentage 120"), "{e}");
    // CR = TLS with time = reliability, location = 50, situation = confidence.
    let cr = itm
        .p2p_cr(10.0, 10.0, &profile, Cr::new(80.0, 90.0))
        .unwrap();
    let tls = itm
        .p2p_tls(10.0, 10.0, &profile, Tls::new(90.0, 50.0, 80.0))
        .unwrap();
    assert_eq!(cr, tls);
}

#[test]
fn code_1008_refractivity() {
    for n in [249.9, 400.1, f64::NAN] {
        assert_eq!(
            p2p_code(&model().with_n_0(n), 10.0, 10.0, Tls::MEDIAN),
            1008,
            "N_0 {n}"
        );
    }
    // The limits themselves are accepted (area mode uses N_s = N_0).
    for n in [250.0, 400.0] {
        let p = area(
            &model().with_n_0(n),
            10.0,
            10.0,
            AreaPath::new(10.0, 90.0),
            Tls::MEDIAN,
        );
        assert_eq!(p.unwrap().return_code(), 0, "N_0 {n}");
    }
}

#[test]
fn code_1009_frequency() {
    for f in [19.9, 20000.1, 0.0, f64::NAN] {
        let mut itm = model();
        itm.f_mhz = f;
        assert_eq!(p2p_code(&itm, 10.0, 10.0, Tls::MEDIAN), 1009, "f {f}");
    }
    let e = Itm::new(25_000.0)
        .area_tls(10.0, 10.0, &AreaPath::new(10.0, 90.0), Tls::MEDIAN)
        .unwrap_err();
    assert_eq!(e, ItmError::Frequency { f_mhz: 25_000.0 });
}

#[test]
fn code_1010_polarization() {
    for p in [-1, 2, 7] {
        let e = Polarization::try_from(p).unwrap_err();
        assert_eq!(e, ItmError::Polarization { code: p });
        assert_eq!(e.code(), 1010);
    }
    assert_eq!(Polarization::try_from(0), Ok(Polarization::Horizontal));
}

#[test]
fn code_1011_epsilon_1012_sigma() {
    for eps in [0.99, 0.0, f64::NAN] {
        let itm = model().with_ground(eps, 0.005);
        assert_eq!(
            p2p_code(&itm, 10.0, 10.0, Tls::MEDIAN),
            1011,
            "epsilon {eps}"
        );
    }
    for sigma in [0.0, -0.01, f64::NAN] {
        let itm = model().with_ground(15.0, sigma);
        assert_eq!(
            p2p_code(&itm, 10.0, 10.0, Tls::MEDIAN),
            1012,
            "sigma {sigma}"
        );
    }
}

#[test]
fn code_1013_ground_impedance() {
    // With epsilon = 1 the horizontal-polarisation impedance sqrt(i x) has
    // Re = Im, up to rounding (these values are refused by NTIA's code too).
    let itm = Itm::new(72.497)
        .with_ground(1.0, 0.017668)
        .with_polarization(Polarization::Horizontal);
    assert_eq!(p2p_code(&itm, 10.0, 10.0, Tls::MEDIAN), 1013);
    let e = itm
        .area_tls(10.0, 10.0, &AreaPath::new(10.0, 90.0), Tls::MEDIAN)
        .unwrap_err();
    assert!(matches!(e, ItmError::GroundImpedance { re, im } if re <= im.abs()));
    assert!(e.to_string().contains("ground impedance"), "{e}");
}

#[test]
fn code_1014_mdvar() {
    for m in [-1, 4, 9, 14, 19, 24, 29, 34, 100] {
        let e = Mdvar::try_from(m).unwrap_err();
        assert_eq!(e, ItmError::Mdvar { code: m });
        assert_eq!(e.code(), 1014);
    }
    for m in [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33] {
        assert_eq!(Mdvar::try_from(m).unwrap().code(), m);
    }
}

#[test]
fn code_1016_effective_earth() {
    // Unreachable from the input ranges (N_s in 150..=400 keeps the radius
    // inside the limits) but checked on hand-made geometries.
    let mut g = PathGeometry::area(&AreaPath::new(10.0, 90.0), [10.0, 10.0], 301.0);
    g.gamma_e = 1.0 / 3.0e6;
    let e = model().predict_tls(&g, Tls::MEDIAN).unwrap_err();
    assert_eq!(e.code(), 1016);
    assert!(
        e.to_string().contains("effective earth radius 3000000"),
        "{e}"
    );
    g.gamma_e = 1.0 / 14.0e6;
    assert_eq!(
        model().predict_tls(&g, Tls::MEDIAN).unwrap_err().code(),
        1016
    );
}

#[test]
fn code_1017_path_distance_1018_delta_h() {
    for d in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = area(&model(), 10.0, 10.0, AreaPath::new(d, 90.0), Tls::MEDIAN).unwrap_err();
        assert_eq!(e.code(), 1017, "d {d}");
    }
    for dh in [-0.1, f64::NAN] {
        let e = area(&model(), 10.0, 10.0, AreaPath::new(10.0, dh), Tls::MEDIAN).unwrap_err();
        assert_eq!(e.code(), 1018, "delta_h {dh}");
    }
    let e = area(&model(), 10.0, 10.0, AreaPath::new(0.0, -1.0), Tls::MEDIAN).unwrap_err();
    assert_eq!(e, ItmError::PathDistance { d_km: 0.0 });
    let mut g = PathGeometry::area(&AreaPath::new(10.0, 90.0), [10.0, 10.0], 301.0);
    g.d_m = 0.0;
    assert_eq!(
        model().predict_tls(&g, Tls::MEDIAN).unwrap_err().code(),
        1017
    );
}

#[test]
fn code_1019_1020_siting_criteria() {
    for c in [-1, 3] {
        assert_eq!(
            SitingCriteria::tx_from_code(c).unwrap_err(),
            ItmError::TxSitingCriteria { code: c }
        );
        assert_eq!(
            SitingCriteria::rx_from_code(c).unwrap_err(),
            ItmError::RxSitingCriteria { code: c }
        );
    }
    assert_eq!(SitingCriteria::tx_from_code(3).unwrap_err().code(), 1019);
    assert_eq!(SitingCriteria::rx_from_code(3).unwrap_err().code(), 1020);
    for c in 0..=2 {
        assert_eq!(SitingCriteria::rx_from_code(c).unwrap().code(), c);
    }
}

#[test]
fn code_1021_1022_surface_refractivity() {
    // High terrain: N_s = 250 exp(-6000 / 9460) ≈ 132.
    let itm = model().with_n_0(250.0);
    let high = rolling(100, 6000.0);
    let e = p2p(&itm, 10.0, 10.0, &high, 100.0, Tls::MEDIAN).unwrap_err();
    assert_eq!(e.code(), 1021);
    assert!(e.to_string().contains("too small"), "{e}");
    // Terrain below sea level: N_s = 400 exp(+h / 9460) > 400.
    let low = rolling(100, -100.0);
    let e = p2p(
        &model().with_n_0(400.0),
        10.0,
        10.0,
        &low,
        100.0,
        Tls::MEDIAN,
    )
    .unwrap_err();
    assert_eq!(e.code(), 1022);
}

#[test]
fn check_order_follows_itm() {
    // Several bad inputs: the first in ITM's order wins.
    let itm = model().with_n_0(100.0).with_ground(0.0, 0.0);
    assert_eq!(p2p_code(&itm, 0.1, 0.1, Tls::new(0.0, 0.0, 0.0)), 1000);
    assert_eq!(p2p_code(&itm, 10.0, 0.1, Tls::new(0.0, 0.0, 0.0)), 1001);
    assert_eq!(p2p_code(&itm, 10.0, 10.0, Tls::new(0.0, 0.0, 0.0)), 1008);
    let itm = model().with_ground(0.0, 0.0);
    assert_eq!(p2p_code(&itm, 10.0, 10.0, Tls::new(0.0, 0.0, 0.0)), 1011);
    let path = AreaPath::new(-1.0, -1.0);
    let e = area(&model(), 10.0, 10.0, path, Tls::new(0.0, 50.0, 50.0)).unwrap_err();
    assert_eq!(e.code(), 1003);
}

#[test]
fn every_code_is_distinct_and_named() {
    let all = [
        ItmError::TxTerminalHeight { h_m: 0.0 },
        ItmError::RxTerminalHeight { h_m: 0.0 },
        ItmError::InvalidRadioClimate { code: 0 },
        ItmError::InvalidTime { percent: 0.0 },
        ItmError::InvalidLocation { percent: 0.0 },
        ItmError::InvalidSituation { percent: 0.0 },
        ItmError::InvalidConfidence { percent: 0.0 },
        ItmError::InvalidReliability { percent: 0.0 },
        ItmError::Refractivity { n_0: 0.0 },
        ItmError::Frequency { f_mhz: 0.0 },
        ItmError::Polarization { code: 0 },
        ItmError::Epsilon { epsilon: 0.0 },
        ItmError::Sigma { sigma: 0.0 },
        ItmError::GroundImpedance { re: 0.0, im: 0.0 },
        ItmError::Mdvar { code: 0 },
        ItmError::EffectiveEarth { a_e_m: 0.0 },
        ItmError::PathDistance { d_km: 0.0 },
        ItmError::DeltaH { delta_h_m: 0.0 },
        ItmError::TxSitingCriteria { code: 0 },
        ItmError::RxSitingCriteria { code: 0 },
        ItmError::SurfaceRefractivitySmall { n_s: 0.0 },
        ItmError::SurfaceRefractivityLarge { n_s: 0.0 },
    ];
    let codes: Vec<i32> = all.iter().map(ItmError::code).collect();
    let expected: Vec<i32> = (1000..=1022).filter(|c| *c != 1015).collect();
    assert_eq!(codes, expected);
    for e in all {
        assert!(!e.to_string().is_empty());
    }
}

// ---------------------------------------------------------------------------
// Warning flags

fn p2p_warnings(itm: &Itm, h_tx: f64, h_rx: f64, heights: &[f64], step: f64) -> Warnings {
    p2p(itm, h_tx, h_rx, heights, step, Tls::MEDIAN)
        .unwrap()
        .warnings
}

fn area_warnings(h_tx: f64, h_rx: f64, d_km: f64) -> Warnings {
    area(&model(), h_tx, h_rx, AreaPath::new(d_km, 90.0), Tls::MEDIAN)
        .unwrap()
        .warnings
}

#[test]
fn warning_terminal_heights_and_frequency() {
    let h = rolling(100, 100.0);
    assert_eq!(
        p2p_warnings(&model(), 0.9, 10.0, &h, 100.0),
        Warnings::TX_TERMINAL_HEIGHT
    );
    assert_eq!(
        p2p_warnings(&model(), 10.0, 0.9, &h, 100.0),
        Warnings::RX_TERMINAL_HEIGHT
    );
    let w = p2p_warnings(&model(), 1500.0, 10.0, &h, 100.0);
    assert!(w.contains(Warnings::TX_TERMINAL_HEIGHT) && !w.contains(Warnings::RX_TERMINAL_HEIGHT));
    for f in [30.0, 15_000.0] {
        let mut itm = model();
        itm.f_mhz = f;
        assert!(
            p2p_warnings(&itm, 10.0, 10.0, &h, 100.0).contains(Warnings::FREQUENCY),
            "f {f}"
        );
    }
    // The warnings raised before a refusal.
    let itm = Itm::new(30.0);
    assert_eq!(itm.input_warnings(0.9, 0.2), Warnings(0x3));
    assert_eq!(itm.input_warnings(0.9, 5.0), Warnings(0x5));
    assert_eq!(itm.with_n_0(100.0).input_warnings(0.9, 5.0), Warnings(0x1));
}

#[test]
fn warning_path_distance() {
    assert_eq!(
        area_warnings(10.0, 10.0, 1500.0),
        Warnings::PATH_DISTANCE_TOO_BIG_1
    );
    assert_eq!(
        area_warnings(10.0, 10.0, 2500.0),
        Warnings::PATH_DISTANCE_TOO_BIG_1 | Warnings::PATH_DISTANCE_TOO_BIG_2
    );
    // 2 km is shorter than |h_e,tx - h_e,rx| / 0.2 = 2.49 km.
    assert_eq!(
        area_warnings(500.0, 2.0, 2.0),
        Warnings::PATH_DISTANCE_TOO_SMALL_1
    );
    assert_eq!(
        area_warnings(10.0, 10.0, 0.5),
        Warnings::PATH_DISTANCE_TOO_SMALL_2
    );
}

/// Flat ground with a steep 60 m rise 100 m in front of the transmitter.
fn cliff_in_front_of_tx() -> Vec<f64> {
    let mut h = vec![0.0; 201];
    h[1] = 60.0;
    h
}

#[test]
fn warning_horizon_angles_and_short_horizons() {
    let h = cliff_in_front_of_tx();
    let w = p2p_warnings(&model(), 10.0, 10.0, &h, 100.0);
    assert_eq!(
        w,
        Warnings::TX_HORIZON_ANGLE | Warnings::TX_HORIZON_DISTANCE_1
    );
    let mirrored: Vec<f64> = h.iter().rev().copied().collect();
    let w = p2p_warnings(&model(), 10.0, 10.0, &mirrored, 100.0);
    assert_eq!(
        w,
        Warnings::RX_HORIZON_ANGLE | Warnings::RX_HORIZON_DISTANCE_1
    );
}

/// A plain at sea level with a 500 m ridge 60 km from the transmitter,
/// on a 80 km path: the horizon is far beyond the smooth-earth one.
fn distant_ridge() -> Vec<f64> {
    let mut h = vec![0.0; 801];
    for (i, v) in h.iter_mut().enumerate().take(620).skip(580) {
        *v = 500.0 - 25.0 * (i as f64 - 600.0).abs();
    }
    h
}

#[test]
fn warning_long_horizons() {
    let h = distant_ridge();
    let w = p2p_warnings(&model(), 10.0, 10.0, &h, 100.0);
    assert_eq!(w, Warnings::TX_HORIZON_DISTANCE_2);
    let mirrored: Vec<f64> = h.iter().rev().copied().collect();
    let w = p2p_warnings(&model(), 10.0, 10.0, &mirrored, 100.0);
    assert_eq!(w, Warnings::RX_HORIZON_DISTANCE_2);
}

#[test]
fn warning_extreme_variabilities() {
    let h = rolling(100, 100.0);
    let tails = [(0.05, 50.0, 50.0), (50.0, 99.95, 50.0), (50.0, 50.0, 0.01)];
    for (t, l, s) in tails {
        let p = p2p(&model(), 10.0, 10.0, &h, 100.0, Tls::new(t, l, s)).unwrap();
        assert_eq!(p.warnings, Warnings::EXTREME_VARIABILITIES, "{t} {l} {s}");
    }
    // In single-message mode only the situation quantile is used.
    let itm = model().with_mdvar(Mdvar::new(VariabilityMode::SingleMessage));
    let p = p2p(&itm, 10.0, 10.0, &h, 100.0, Tls::new(0.05, 50.0, 50.0)).unwrap();
    assert!(p.warnings.is_empty());
}

#[test]
fn warning_surface_refractivity() {
    // N_s = 260 exp(-1000 / 9460) ≈ 234 < 250.
    let h = rolling(100, 1000.0);
    let w = p2p_warnings(&model().with_n_0(260.0), 10.0, 10.0, &h, 100.0);
    assert_eq!(w, Warnings::SURFACE_REFRACTIVITY);
}

#[test]
fn every_warning_flag_is_named() {
    let mut all = Warnings::NONE;
    for (flag, name) in Warnings::ALL {
        assert_eq!(flag.bits().count_ones(), 1);
        assert!(!all.contains(flag));
        assert_eq!(flag.to_string(), name);
        all |= flag;
    }
    assert_eq!(all, Warnings(0x7FFF));
    assert_eq!(Warnings(0x8001).to_string(), "TX_TERMINAL_HEIGHT | 0x8000");
    assert_eq!(Warnings::NONE.to_string(), "NONE");
}

// ---------------------------------------------------------------------------
// Behaviour

#[test]
fn modes_of_propagation() {
    let h = rolling(100, 100.0);
    let p = p2p(&model(), 30.0, 10.0, &h, 20.0, Tls::MEDIAN).unwrap();
    assert_eq!(p.intermediate.mode, PropagationMode::LineOfSight);
    let p = area(&model(), 10.0, 2.0, AreaPath::new(60.0, 90.0), Tls::MEDIAN).unwrap();
    assert_eq!(p.intermediate.mode, PropagationMode::Diffraction);
    let p = area(&model(), 10.0, 2.0, AreaPath::new(400.0, 90.0), Tls::MEDIAN).unwrap();
    assert_eq!(p.intermediate.mode, PropagationMode::Troposcatter);
}

#[test]
fn geometry_can_be_reused() {
    let h = rolling(300, 200.0);
    let profile = Profile::new(90.0, &h).unwrap();
    let g = model().p2p_geometry(25.0, 2.0, &profile);
    for f in [150.0, 900.0, 3500.0] {
        for climate in [Climate::Equatorial, Climate::Desert] {
            let itm = Itm::new(f).with_climate(climate);
            let direct = itm
                .p2p_tls(25.0, 2.0, &profile, Tls::new(90.0, 50.0, 50.0))
                .unwrap();
            assert_eq!(
                itm.predict_tls(&g, Tls::new(90.0, 50.0, 50.0)).unwrap(),
                direct
            );
        }
    }
    // Prefix views are the profiles of shorter paths.
    let short: Vec<f64> = h[..=100].to_vec();
    let a = model()
        .p2p_tls(25.0, 2.0, &profile.prefix(100).unwrap(), Tls::MEDIAN)
        .unwrap();
    let b = p2p(&model(), 25.0, 2.0, &short, 90.0, Tls::MEDIAN).unwrap();
    assert_eq!(a, b);
}

#[test]
fn profile_layout_is_checked() {
    use crate::ProfileError;
    assert!(matches!(
        Profile::from_pfl(&[1.0, 10.0, 0.0]),
        Err(ProfileError::TooShort { len: 3 })
    ));
    assert!(matches!(
        Profile::from_pfl(&[1.5, 10.0, 0.0, 0.0]),
        Err(ProfileError::IntervalCount { .. })
    ));
    assert!(matches!(
        Profile::from_pfl(&[0.0, 10.0, 0.0, 0.0]),
        Err(ProfileError::IntervalCount { .. })
    ));
    assert!(matches!(
        Profile::from_pfl(&[3.0, 10.0, 0.0, 0.0]),
        Err(ProfileError::LengthMismatch { np: 3, heights: 2 })
    ));
    assert!(matches!(
        Profile::from_pfl(&[1.0, 0.0, 0.0, 0.0]),
        Err(ProfileError::Step { .. })
    ));
    assert!(matches!(
        Profile::new(f64::NAN, &[0.0, 0.0]),
        Err(ProfileError::Step { .. })
    ));
    assert!(matches!(
        Profile::new(10.0, &[0.0, f64::INFINITY]),
        Err(ProfileError::NonFiniteHeight { index: 1, .. })
    ));
    assert!(Profile::new(10.0, &[0.0]).is_err());
}

#[test]
fn mdvar_flags_reduce_variability() {
    let h = rolling(200, 100.0);
    let loss = |m: i32| {
        let itm = model().with_mdvar(Mdvar::try_from(m).unwrap());
        p2p(&itm, 10.0, 2.0, &h, 100.0, Tls::new(50.0, 90.0, 50.0))
            .unwrap()
            .loss_db
    };
    // At 90 % of locations, removing location variability lowers the loss.
    assert!(loss(13) < loss(3));
    assert!(loss(33) < loss(23));
}

// ---------------------------------------------------------------------------
// Properties

fn any_climate() -> impl Strategy<Value = Climate> {
    (1..=7).prop_map(|c| Climate::try_from(c).unwrap())
}

fn any_mdvar() -> impl Strategy<Value = Mdvar> {
    (0..4, 0..4).prop_map(|(m, f)| Mdvar::try_from(m + 10 * f).unwrap())
}

prop_compose! {
    fn valid_model()(
        f_mhz in 20.0..=20_000.0f64,
        vertical in any::<bool>(),
        epsilon in 1.001..=100.0f64,
        sigma in 1e-5..=10.0f64,
        n_0 in 250.0..=400.0f64,
        climate in any_climate(),
        mdvar in any_mdvar(),
    ) -> Itm {
        let polarization = if vertical { Polarization::Vertical } else { Polarization::Horizontal };
        Itm { f_mhz, polarization, epsilon, sigma, n_0, climate, mdvar }
    }
}

fn percent() -> impl Strategy<Value = f64> {
    prop_oneof![0.001..99.999f64, Just(0.001), Just(99.999), Just(50.0)]
}

prop_compose! {
    fn valid_tls()(time in percent(), location in percent(), situation in percent()) -> Tls {
        Tls { time, location, situation }
    }
}

prop_compose! {
    /// Heights between 0 and 4000 m keep N_s within ITM's limits.
    fn valid_profile()(
        np in 1usize..400,
        step in 1.0..500.0f64,
        roughness in prop_oneof![Just(0.0), 0.0..300.0f64],
        base in 0.0..3000.0f64,
        seed in any::<u64>(),
    ) -> (f64, Vec<f64>) {
        let mut s = seed | 1;
        let mut h = base;
        let heights = (0..=np)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                let u = (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                h = (h + roughness * u).clamp(0.0, 4000.0);
                h
            })
            .collect();
        (step, heights)
    }
}

fn height() -> impl Strategy<Value = f64> {
    prop_oneof![0.5..=3000.0f64, 0.5..=50.0f64, Just(0.5), Just(3000.0)]
}

fn siting() -> impl Strategy<Value = SitingCriteria> {
    (0..3).prop_map(|c| SitingCriteria::tx_from_code(c).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn valid_p2p_inputs_give_finite_losses(
        itm in valid_model(),
        (step, heights) in valid_profile(),
        h_tx in height(),
        h_rx in height(),
        tls in valid_tls(),
    ) {
        let profile = Profile::new(step, &heights).unwrap();
        let p = itm.p2p_tls(h_tx, h_rx, &profile, tls).unwrap();
        prop_assert!(p.loss_db.is_finite(), "{:?}", p);
        prop_assert!(p.intermediate.a_ref_db >= 0.0);
        let cr = itm.p2p_cr(h_tx, h_rx, &profile, Cr::new(tls.situation, tls.time)).unwrap();
        prop_assert!(cr.loss_db.is_finite());
    }

    #[test]
    fn valid_area_inputs_give_finite_losses(
        itm in valid_model(),
        d_km in prop_oneof![1e-3..5000.0f64, 1e-3..1.0f64],
        delta_h_m in prop_oneof![Just(0.0), 0.0..1000.0f64],
        tx_siting in siting(),
        rx_siting in siting(),
        h_tx in height(),
        h_rx in height(),
        tls in valid_tls(),
    ) {
        let path = AreaPath { d_km, delta_h_m, tx_siting, rx_siting };
        let p = itm.area_tls(h_tx, h_rx, &path, tls).unwrap();
        prop_assert!(p.loss_db.is_finite(), "{:?}", p);
        let cr = itm.area_cr(h_tx, h_rx, &path, Cr::new(tls.situation, tls.time)).unwrap();
        prop_assert!(cr.loss_db.is_finite());
    }

    #[test]
    fn invalid_inputs_are_refused(
        itm in valid_model(),
        (step, heights) in valid_profile(),
        h in height(),
        tls in valid_tls(),
        which in 0usize..9,
        low in any::<bool>(),
        nan in any::<bool>(),
        excess in 1e-6..1e6f64,
    ) {
        // One input pushed out of its range (or made NaN).
        let out = |lo: f64, hi: f64| if nan { f64::NAN } else if low { lo - excess } else { hi + excess };
        let (mut itm, mut h_tx, mut h_rx, mut tls) = (itm, h, h, tls);
        let code = match which {
            0 => { h_tx = out(0.5, 3000.0); 1000 }
            1 => { h_rx = out(0.5, 3000.0); 1001 }
            2 => { itm.n_0 = out(250.0, 400.0); 1008 }
            3 => { itm.f_mhz = out(20.0, 20_000.0); 1009 }
            4 => { itm.epsilon = if nan { f64::NAN } else { 1.0 - excess.min(0.999) }; 1011 }
            5 => { itm.sigma = if nan { f64::NAN } else { -excess }; 1012 }
            6 => { tls.time = out(0.0, 100.0); 1003 }
            7 => { tls.location = if nan { f64::NAN } else if low { 0.0 } else { 100.0 }; 1004 }
            _ => { tls.situation = out(0.0, 100.0); 1005 }
        };
        let profile = Profile::new(step, &heights).unwrap();
        let e = itm.p2p_tls(h_tx, h_rx, &profile, tls).unwrap_err();
        prop_assert_eq!(e.code(), code, "{}", e);
        let e = itm.area_tls(h_tx, h_rx, &AreaPath::new(10.0, 90.0), tls).unwrap_err();
        prop_assert_eq!(e.code(), code, "{}", e);
    }
}
