//! Every row of the reference results under `<shared>/reference/itm/`
//! (NTIA's own cases and 1,000 cases on SRTM terrain) must be reproduced:
//! the loss, the refusal code, the warning bits and the intermediate values.
//!
//! The shared folder is `$HATANG_SHARED` if set, else
//! `<CARGO_MANIFEST_DIR>/../../../shared`. A missing folder is a failure.

use std::fs;
use std::path::PathBuf;

use hatang_itm::{
    AreaPath, Climate, IntermediateValues, Itm, ItmError, Mdvar, Polarization, Prediction,
    Profile, SitingCriteria, Tls, Warnings,
};

/// The reference folder for ITM, or a panic explaining where it was looked for.
fn reference_dir() -> PathBuf {
    let shared = match std::env::var_os("HATANG_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let dir = shared.join("reference").join("itm");
    assert!(
        dir.is_dir(),
        "ITM reference data not found at {} — set HATANG_SHARED to the folder that \
         holds reference/itm/ (the reference comparison cannot be skipped)",
        dir.display()
    );
    dir
}

/// A CSV file as a header and rows of fields (the reference files hold
/// plain numbers: no quoting).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(name: &str, has_header: bool) -> Self {
        let path = reference_dir().join(name);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let split = |l: &str| l.split(',').map(|s| s.trim().to_owned()).collect::<Vec<_>>();
        let header = if has_header {
            split(lines.next().unwrap_or_else(|| panic!("{name} is empty")))
        } else {
            Vec::new()
        };
        let rows: Vec<_> = lines.map(split).collect();
        assert!(!rows.is_empty(), "{name} has no rows");
        Self { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    fn f(&self, row: usize, name: &str) -> f64 {
        let s = &self.rows[row][self.col(name)];
        s.parse()
            .unwrap_or_else(|e| panic!("row {row} column {name}: cannot parse {s:?}: {e}"))
    }

    fn i(&self, row: usize, name: &str) -> i32 {
        let v = self.f(row, name);
        assert_eq!(v.fract(), 0.0, "row {row} column {name}: {v} is not an integer");
        v as i32
    }

    /// The field as printed, to judge its precision.
    fn s(&self, row: usize, name: &str) -> &str {
        &self.rows[row][self.col(name)]
    }
}

/// Half a unit in the last printed decimal, plus a little slack for the
/// binary/decimal round trip.
fn printed_tolerance(printed: &str) -> f64 {
    let decimals = printed.split_once('.').map_or(0, |(_, frac)| frac.len());
    0.5 * 10f64.powi(-(decimals as i32)) * (1.0 + 1e-9) + 1e-12
}

/// Largest acceptable loss error whatever the printing (the bound).
const MAX_LOSS_ERROR_DB: f64 = 0.1;

/// The model and variability of a p2p row (shared columns of ntia_p2p and srtm_p2p).
fn p2p_inputs(t: &Table, r: usize) -> Result<(Itm, Tls), ItmError> {
    let itm = Itm {
        f_mhz: t.f(r, "f__mhz"),
        polarization: Polarization::try_from(t.i(r, "pol"))?,
        epsilon: t.f(r, "epsilon"),
        sigma: t.f(r, "sigma"),
        n_0: t.f(r, "N_0"),
        climate: Climate::try_from(t.i(r, "climate"))?,
        mdvar: Mdvar::try_from(t.i(r, "mdvar"))?,
    };
    let tls = Tls::new(t.f(r, "time"), t.f(r, "location"), t.f(r, "situation"));
    Ok((itm, tls))
}

fn p2p_row(t: &Table, r: usize, pfl: &[f64]) -> Result<Prediction, ItmError> {
    let (itm, tls) = p2p_inputs(t, r)?;
    let profile = Profile::from_pfl(pfl)
        .unwrap_or_else(|e| panic!("row {r}: malformed reference profile: {e}"));
    itm.p2p_tls(t.f(r, "h_tx__meter"), t.f(r, "h_rx__meter"), &profile, tls)
}

fn read_pfls(name: &str) -> Vec<Vec<f64>> {
    Table::read(name, false)
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .map(|s| {
                    s.parse()
                        .unwrap_or_else(|e| panic!("{name} row {i}: cannot parse {s:?}: {e}"))
                })
                .collect()
        })
        .collect()
}

#[derive(Default)]
struct Summary {
    rows: usize,
    valid: usize,
    refused: usize,
    max_abs_err_db: f64,
    worst_row: usize,
}

impl Summary {
    fn loss(&mut self, row: usize, got: f64, want: f64, printed: &str, label: &str) {
        let err = (got - want).abs();
        assert!(
            got.is_finite() && err <= printed_tolerance(printed).max(0.0) && err <= MAX_LOSS_ERROR_DB,
            "{label} row {row}: loss {got:.6} dB, reference {printed} dB (|error| {err:.2e})"
        );
        self.valid += 1;
        if err > self.max_abs_err_db {
            self.max_abs_err_db = err;
            self.worst_row = row;
        }
    }

    fn print(&self, label: &str) {
        println!(
            "{label}: {} rows checked ({} valid, {} refused), max |loss error| {:.3e} dB (row {})",
            self.rows, self.valid, self.refused, self.max_abs_err_db, self.worst_row
        );
    }
}

#[test]
fn ntia_point_to_point_cases() {
    let t = Table::read("ntia_p2p.csv", true);
    let pfls = read_pfls("ntia_pfls.csv");
    assert_eq!(t.rows.len(), pfls.len(), "ntia_p2p and ntia_pfls row counts differ");

    let mut sum = Summary::default();
    for r in 0..t.rows.len() {
        sum.rows += 1;
        let p = p2p_row(&t, r, &pfls[r]).unwrap_or_else(|e| panic!("ntia_p2p row {r}: refused: {e}"));
        sum.loss(r, p.loss_db, t.f(r, "A__db"), t.s(r, "A__db"), "ntia_p2p");
    }
    sum.print("ntia_p2p");
    assert_eq!(sum.rows, 5);
}

#[test]
fn ntia_area_cases() {
    let t = Table::read("ntia_area.csv", true);
    let mut sum = Summary::default();
    for r in 0..t.rows.len() {
        sum.rows += 1;
        let itm = Itm {
            f_mhz: t.f(r, "f__mhz"),
            polarization: Polarization::try_from(t.i(r, "pol")).unwrap(),
            epsilon: t.f(r, "epsilon"),
            sigma: t.f(r, "sigma"),
            n_0: t.f(r, "N_0"),
            climate: Climate::try_from(t.i(r, "climate")).unwrap(),
            mdvar: Mdvar::try_from(t.i(r, "mdvar")).unwrap(),
        };
        let path = AreaPath {
            d_km: t.f(r, "d__km"),
            delta_h_m: t.f(r, "delta_h__meter"),
            tx_siting: SitingCriteria::tx_from_code(t.i(r, "tx_siting_criteria")).unwrap(),
            rx_siting: SitingCriteria::rx_from_code(t.i(r, "rx_siting_criteria")).unwrap(),
        };
        let tls = Tls::new(t.f(r, "time"), t.f(r, "location"), t.f(r, "situation"));
        let p = itm
            .area_tls(t.f(r, "h_tx__meter"), t.f(r, "h_rx__meter"), &path, tls)
            .unwrap_or_else(|e| panic!("ntia_area row {r}: refused: {e}"));
        sum.loss(r, p.loss_db, t.f(r, "A__db"), t.s(r, "A__db"), "ntia_area");
    }
    sum.print("ntia_area");
    assert_eq!(sum.rows, 5);
}

/// Compares one intermediate value against its printed reference.
fn check_value(row: usize, name: &str, got: f64, t: &Table, col: &str) {
    let want = t.f(row, col);
    let printed = t.s(row, col);
    let tol = printed_tolerance(printed) + 1e-12 * want.abs();
    assert!(
        (got - want).abs() <= tol,
        "srtm row {row}: intermediate {name} = {got}, reference {printed} (|error| {:.3e} > {tol:.1e})",
        (got - want).abs()
    );
}

fn check_intermediates(row: usize, iv: &IntermediateValues, t: &Table) {
    assert_eq!(
        iv.mode.code(),
        t.i(row, "mode"),
        "srtm row {row}: propagation mode"
    );
    check_value(row, "d__km", iv.d_km, t, "d__km");
    check_value(row, "delta_h__meter", iv.delta_h_m, t, "delta_h__meter");
    check_value(row, "N_s", iv.n_s, t, "N_s");
    check_value(row, "h_e_tx__meter", iv.h_e_m[0], t, "h_e_tx__meter");
    check_value(row, "h_e_rx__meter", iv.h_e_m[1], t, "h_e_rx__meter");
    check_value(row, "theta_hzn_tx", iv.theta_hzn[0], t, "theta_hzn_tx");
    check_value(row, "theta_hzn_rx", iv.theta_hzn[1], t, "theta_hzn_rx");
    check_value(row, "d_hzn_tx__meter", iv.d_hzn_m[0], t, "d_hzn_tx__meter");
    check_value(row, "d_hzn_rx__meter", iv.d_hzn_m[1], t, "d_hzn_rx__meter");
    check_value(row, "A_ref__db", iv.a_ref_db, t, "A_ref__db");
    check_value(row, "A_fs__db", iv.a_fs_db, t, "A_fs__db");
}

#[test]
fn srtm_point_to_point_cases() {
    let t = Table::read("srtm_p2p.csv", true);
    let pfls = read_pfls("srtm_pfls.csv");
    let inter = Table::read("srtm_intermediate.csv", true);
    assert_eq!(t.rows.len(), pfls.len(), "srtm_p2p and srtm_pfls row counts differ");
    assert_eq!(t.rows.len(), inter.rows.len(), "srtm_p2p and srtm_intermediate row counts differ");

    let mut sum = Summary::default();
    let mut intermediates_checked = 0;
    for r in 0..t.rows.len() {
        sum.rows += 1;
        assert_eq!(inter.i(r, "case") as usize, r, "srtm_intermediate row {r}: case number");
        let rtn = t.i(r, "rtn");
        let want_warnings = Warnings(t.i(r, "warnings") as u32);
        match p2p_row(&t, r, &pfls[r]) {
            Ok(p) => {
                assert!(rtn < 1000, "srtm row {r}: reference refuses with {rtn}, got {p:?}");
                assert_eq!(
                    p.warnings, want_warnings,
                    "srtm row {r}: warnings {} (reference {})",
                    p.warnings, want_warnings
                );
                assert_eq!(p.return_code(), rtn, "srtm row {r}: return code");
                check_intermediates(r, &p.intermediate, &inter);
                sum.loss(r, p.loss_db, t.f(r, "A__db"), t.s(r, "A__db"), "srtm");
                intermediates_checked += 1;
            }
            Err(e) => {
                assert_eq!(
                    e.code(),
                    rtn,
                    "srtm row {r}: refused with {} ({e}), reference return code {rtn}",
                    e.code()
                );
                assert!(t.f(r, "A__db").is_nan(), "srtm row {r}: refused row has a loss");
                let (itm, _) = p2p_inputs(&t, r).expect("enumerations are valid in the reference");
                let w = itm.input_warnings(t.f(r, "h_tx__meter"), t.f(r, "h_rx__meter"));
                assert_eq!(w, want_warnings, "srtm row {r}: warnings raised before the refusal");
                sum.refused += 1;
            }
        }
    }
    sum.print("srtm_p2p");
    println!("srtm_intermediate: {intermediates_checked} rows of intermediate values matched");
    assert_eq!(sum.rows, 1000);
    assert!(sum.refused > 0 && sum.valid > 900);
}
