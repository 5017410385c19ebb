//! Reproduces every ITU-R P.1812 validation log (Py1812 reference implementation,
//! `shared/reference/p1812/validation_results/*_log.csv`) from its terrain profile
//! (`validation_profiles/<name>.csv`) and checks Lb, Ep and the intermediate
//! quantities.
//!
//! Mapping: the log `<name>_<k>_log.csv` is the k-th row of the measurement table
//! of the profile `<name>.csv` (frequency in MHz, Tx/Rx antenna heights, polarisation,
//! e.r.p. in dBW, time percentage, and the reference field strength and Lb). Profile
//! columns: distance (km), terrain height (m), coverage code (unused by P.1812),
//! representative clutter height R (m), radio-climatic zone (1, 3, 4). Terminal
//! coordinates, ΔN and N0 come from the profile header; pL, σL, gains and dct/dcr
//! from the log. The log's scalar inputs are cross-checked against the profile's.
//!
//! The reference folder is `$HATANG_SHARED/reference/p1812`, or
//! `<CARGO_MANIFEST_DIR>/../../../shared/reference/p1812` when `HATANG_SHARED` is unset.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use hatang_p1812::{GeoPoint, Link, P1812Config, Polarisation, Prediction, Profile, Zone, P1812};

/// Tolerance on the final basic transmission loss (dB), the acceptance criterion.
const LB_TOL_DB: f64 = 0.1;
/// Relative tolerance aimed at for Lb and every intermediate quantity: the logs
/// print 10 significant digits.
const REL_TOL: f64 = 1e-6;

fn reference_dir() -> PathBuf {
    let shared = match std::env::var_os("HATANG_SHARED") {
        Some(s) => PathBuf::from(s),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let dir = shared.join("reference").join("p1812");
    assert!(
        dir.join("validation_results").is_dir() && dir.join("validation_profiles").is_dir(),
        "P.1812 reference data not found: expected validation_results/ and validation_profiles/ under {} \
         (set HATANG_SHARED to the folder that holds reference/p1812)",
        dir.display()
    );
    dir
}

/// One log: label → value. Labels are the log's first columns joined by ',' with
/// trailing empty columns dropped, e.g. `"hst (m),Eq (85)"`, `"DN"`.
fn read_log(path: &Path) -> HashMap<String, f64> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut map = HashMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let Some(vi) = fields.iter().rposition(|f| !f.is_empty()) else {
            continue;
        };
        let Ok(value) = fields[vi].parse::<f64>() else {
            continue;
        };
        let mut label: Vec<&str> = fields[..vi].to_vec();
        while label.last() == Some(&"") {
            label.pop();
        }
        let key = label.join(",");
        assert!(
            !key.is_empty(),
            "{}: value without label in {line:?}",
            path.display()
        );
        // Duplicated labels (e.g. "hst (m)") differ by their equation reference.
        let prev = map.insert(key.clone(), value);
        assert!(
            prev.is_none(),
            "{}: duplicate label {key:?}",
            path.display()
        );
    }
    map
}

struct Measurement {
    f_mhz: f64,
    htg: f64,
    hrg: f64,
    pol: i64,
    erp_dbw: f64,
    p: f64,
    ep_ref: f64,
    lb_ref: f64,
}

struct ProfileFile {
    tx: GeoPoint,
    rx: GeoPoint,
    dn: f64,
    n0: f64,
    d: Vec<f64>,
    h: Vec<f64>,
    r: Vec<f64>,
    zone: Vec<Zone>,
    meas: Vec<Measurement>,
}

fn num(s: &str, what: &str, file: &Path) -> f64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{}: cannot parse {what} from {s:?}", file.display()))
}

/// Reads a profile in the ITU-R SG3 databank ("Fryderyk") csv layout.
fn read_profile(path: &Path) -> ProfileFile {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().collect();
    let mut pf = ProfileFile {
        tx: GeoPoint::default(),
        rx: GeoPoint::default(),
        dn: f64::NAN,
        n0: f64::NAN,
        d: vec![],
        h: vec![],
        r: vec![],
        zone: vec![],
        meas: vec![],
    };
    let mut i = 0;
    while i < lines.len() {
        let fields: Vec<&str> = lines[i].split(',').collect();
        let key = fields[0].trim().to_ascii_lowercase();
        let val = fields.get(1).copied().unwrap_or("");
        match key.as_str() {
            "tx lat:" => pf.tx.lat_deg = num(val, "Tx LAT", path),
            "tx lon:" => pf.tx.lon_deg = num(val, "Tx LON", path),
            "rx lat:" => pf.rx.lat_deg = num(val, "Rx LAT", path),
            "rx lon:" => pf.rx.lon_deg = num(val, "Rx LON", path),
            "first point tx or rx:" => {
                assert_eq!(
                    val.trim(),
                    "T",
                    "{}: profile must start at the transmitter",
                    path.display()
                )
            }
            k if k.starts_with("average annual values dn") => pf.dn = num(val, "dN", path),
            k if k.starts_with("average annual sea-level surface refractivity") => {
                pf.n0 = num(val, "N0", path)
            }
            "number of points:" => {
                let np = num(val, "number of points", path) as usize;
                for j in 0..np {
                    let row: Vec<&str> = lines[i + 1 + j].split(',').collect();
                    pf.d.push(num(row[0], "distance", path));
                    pf.h.push(num(row[1], "height", path));
                    pf.r.push(num(row[3], "clutter height", path));
                    let code = num(row[4], "zone", path) as i64;
                    pf.zone.push(Zone::from_code(code).expect("zone code"));
                }
                i += np;
            }
            k if k.starts_with("{begin of measurements") => {
                i += 1;
                while i < lines.len() && !lines[i].trim().starts_with("{End of Measurements") {
                    let c: Vec<&str> = lines[i].split(',').collect();
                    pf.meas.push(Measurement {
                        f_mhz: num(c[0], "frequency", path),
                        htg: num(c[1], "Tx height", path),
                        hrg: num(c[3], "Rx height", path),
                        pol: num(c[4], "polarisation", path) as i64,
                        erp_dbw: num(c[12], "ERP total", path),
                        p: num(c[14], "time percentage", path),
                        ep_ref: num(c[16], "field strength", path),
                        lb_ref: num(c[17], "basic transmission loss", path),
                    });
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    assert!(pf.d.len() >= 5, "{}: no profile", path.display());
    assert!(
        !pf.meas.is_empty(),
        "{}: no measurement rows",
        path.display()
    );
    pf
}

/// Relative closeness, with an absolute floor of 1 for small quantities.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}

/// The log quantities and the corresponding fields of a prediction.
fn log_quantities(out: &Prediction) -> Vec<(&'static str, f64)> {
    let p = &out.path;
    let l = &out.losses;
    vec![
        ("d (km)", p.d_km),
        ("dlt (km),Eq (78)", p.dlt_km),
        ("dlr (km),Eq (81a)", p.dlr_km),
        ("th_t (mrad),Eqs (76-78)", p.theta_t_mrad),
        ("th_r (mrad),Eqs (79-81)", p.theta_r_mrad),
        ("th (mrad),Eq (82)", p.theta_mrad),
        ("hts (m)", p.hts_m),
        ("hrs (m)", p.hrs_m),
        ("htc (m),Table 5", p.hts_m),
        ("hrc (m),Table 5", p.hrs_m),
        ("w,Table 5", p.omega),
        ("dtm (km),Sec 3.6", p.dtm_km),
        ("dlm (km),Sec 3.6", p.dlm_km),
        ("phi (deg),Eq (4)", p.phi_centre_deg),
        ("b0 (%),Eq (5)", p.beta0_percent),
        ("ae (km),Eq (7a)", p.ae_km),
        ("hst (m),Eq (85)", p.hst_ls_m),
        ("hsr (m),Eq (86)", p.hsr_ls_m),
        ("hst (m),Eq (90a)", p.hst_m),
        ("hsr (m),Eq (90b)", p.hsr_m),
        ("hstd (m),Eq (89)", p.hstd_m),
        ("hsrd (m),Eq (89)", p.hsrd_m),
        ("htc (m),Eq (37a)", p.hts_smooth_m),
        ("hrc (m),Eq (37b)", p.hrs_smooth_m),
        ("hte (m),Eq (92a)", p.hte_m),
        ("hre (m),Eq (92b)", p.hre_m),
        ("hm (m),Eq (93)", p.hm_m),
        ("Fi,Eq (40)", l.fi),
        ("Fj,Eq (57)", l.fj),
        ("Fk,Eq (58)", l.fk),
        ("Lbfs,Eq (8)", l.lbfs),
        ("Lb0p,Eq (10)", l.lb0p),
        ("Lb0b,Eq (11)", l.lb0b),
        // The reference logs the Bullington and spherical-Earth terms of its last
        // delta-Bullington evaluation, the one for the effective radius aβ.
        ("Lbulla (dB),Eq (21)", l.diffraction_beta0.lbulla),
        ("Lbulls (dB),Eq (21)", l.diffraction_beta0.lbulls),
        ("Ldsph (dB),Eq (27)", l.diffraction_beta0.ldsph),
        ("Ld50 (dB),Eq (39)", l.diffraction_50.ld),
        ("Ldb (dB),Eq (39)", l.diffraction_beta0.ld),
        ("Ldp (dB),Eq (41)", l.ldp),
        ("Lbd50 (dB),Eq (42)", l.lbd50),
        // The reference's Lbda array aliases its Lbd array, so the logged "Lbd" is
        // Lbda (Eq. 61); Lbd itself (Eq. 43) is checked separately below.
        ("Lbd (dB),Eq (43)", l.lbda),
        ("Lminb0p (dB),Eq (59)", l.lminb0p),
        ("Lba (dB),Eq (46)", l.lba),
        ("Lminbap (dB),Eq (60)", l.lminbap),
        ("Lbda (dB),Eq (61)", l.lbda),
        ("Lbam (dB),Eq (62)", l.lbam),
        ("Lbs (dB),Eq (44)", l.lbs),
        ("Lbc (dB),Eq (63)", l.lbc),
        ("Lb (dB),Eq (69)", out.lb),
        ("Ep (dBuV/m),Eq (70)", out.ep),
        ("Ep (dBuV/m) w.r.t. Ptx,Gtx,Grx", out.ep_tx),
    ]
}

#[test]
fn reproduces_every_itu_validation_log() {
    let dir = reference_dir();
    let mut logs: Vec<PathBuf> = fs::read_dir(dir.join("validation_results"))
        .expect("read validation_results")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with("_log.csv"))
        .collect();
    logs.sort();
    assert_eq!(
        logs.len(),
        63,
        "expected the 63 ITU validation logs, found {}",
        logs.len()
    );

    let mut profiles: HashMap<String, ProfileFile> = HashMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut max_dlb = 0.0f64;
    let mut max_dlb_case = String::new();
    let mut max_rel = 0.0f64;
    let mut max_rel_case = String::new();
    let mut quantities_checked = 0usize;

    for log_path in &logs {
        let file = log_path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = file.strip_suffix("_log.csv").unwrap();
        let (name, k) = stem
            .rsplit_once('_')
            .expect("log name <profile>_<k>_log.csv");
        let k: usize = k.parse().expect("dataset index");
        let pf = profiles.entry(name.to_owned()).or_insert_with(|| {
            read_profile(&dir.join("validation_profiles").join(format!("{name}.csv")))
        });
        let log = read_log(log_path);
        let get = |key: &str| -> f64 {
            *log.get(key)
                .unwrap_or_else(|| panic!("{file}: no {key:?} in the log"))
        };
        let m = pf
            .meas
            .get(k)
            .unwrap_or_else(|| panic!("{file}: profile {name}.csv has no measurement row {k}"));

        // Cross-check the log's scalar inputs against the profile file.
        let ptx_kw = 10f64.powf(m.erp_dbw / 10.0) * 1e-3;
        let n = pf.d.len();
        let inputs = [
            ("f (GHz)", m.f_mhz / 1000.0),
            ("p (%)", m.p),
            ("htg (m)", m.htg),
            ("hrg (m)", m.hrg),
            ("pol", m.pol as f64),
            ("phi_t (deg)", pf.tx.lat_deg),
            ("phi_r (deg)", pf.rx.lat_deg),
            ("lam_t (deg)", pf.tx.lon_deg),
            ("lam_r (deg)", pf.rx.lon_deg),
            ("DN", pf.dn),
            ("N0", pf.n0),
            ("Ptx (kW)", ptx_kw),
            ("R2 (m)", pf.r[1]),
            ("Rn-1 (m)", pf.r[n - 2]),
        ];
        for (key, v) in inputs {
            assert!(
                close(get(key), v, 1e-9),
                "{file}: log input {key} = {} but profile {name}.csv row {k} gives {v}",
                get(key)
            );
        }

        let config = P1812Config {
            delta_n: pf.dn,
            n0: pf.n0,
            time_percent: m.p,
            location_percent: get("pL (%)"),
            sigma_l_db: get("sigmaL (dB)"),
            polarisation: Polarisation::from_code(m.pol).expect("polarisation"),
            dct_km: get("dct (km)"),
            dcr_km: get("dcr (km)"),
            ptx_kw,
            gtx_dbi: get("Gtx (dBi)"),
            grx_dbi: get("Grx (dBi)"),
            ..P1812Config::default()
        };
        let model = P1812::new(config).unwrap_or_else(|e| panic!("{file}: {e}"));
        let link = Link {
            f_ghz: m.f_mhz / 1000.0,
            htg_m: m.htg,
            hrg_m: m.hrg,
            tx: pf.tx,
            rx: pf.rx,
        };
        let profile = Profile::new(&pf.d, &pf.h)
            .with_clutter(&pf.r)
            .with_zones(&pf.zone);
        let out = match model.predict(&link, &profile) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{file}: refused: {e}"));
                continue;
            }
        };

        // Acceptance: Lb within 0.1 dB (of the log and of the profile's reference).
        let lb_ref = get("Lb (dB),Eq (69)");
        let dlb = (out.lb - lb_ref).abs();
        if dlb > max_dlb {
            max_dlb = dlb;
            max_dlb_case = file.clone();
        }
        if dlb > LB_TOL_DB {
            failures.push(format!(
                "{file}: Lb = {} but the log has {lb_ref} (|ΔLb| = {dlb})",
                out.lb
            ));
        }
        if (out.lb - m.lb_ref).abs() > LB_TOL_DB || (out.ep_tx - m.ep_ref).abs() > LB_TOL_DB {
            failures.push(format!(
                "{file}: Lb {} / Ep {} vs profile reference {} / {}",
                out.lb, out.ep_tx, m.lb_ref, m.ep_ref
            ));
        }

        // Every intermediate, to the logs' printed precision.
        for (key, v) in log_quantities(&out) {
            let r = get(key);
            let rel = (v - r).abs() / r.abs().max(1.0);
            if rel > max_rel {
                max_rel = rel;
                max_rel_case = format!("{file} {key}");
            }
            if !close(v, r, REL_TOL) {
                failures.push(format!("{file}: {key} = {v} but the log has {r}"));
            }
            quantities_checked += 1;
        }
        // Quantities the log does not print directly.
        let l = &out.losses;
        let consistency = [
            ("Lbd = Lb0p + Ldp", l.lbd, l.lb0p + l.ldp),
            ("Lbd50 = Lbfs + Ld50", l.lbd50, l.lbfs + l.diffraction_50.ld),
            ("dct", out.path.dct_km, get("dct (km)")),
            ("dcr", out.path.dcr_km, get("dcr (km)")),
        ];
        for (what, a, b) in consistency {
            if !close(a, b, 1e-9) {
                failures.push(format!("{file}: {what}: {a} vs {b}"));
            }
        }
    }

    println!(
        "P.1812 validation: {} cases from {} profiles, {} logged quantities compared; \
         max |ΔLb| = {:.3e} dB ({}), max relative deviation of any quantity = {:.3e} ({})",
        logs.len(),
        profiles.len(),
        quantities_checked,
        max_dlb,
        max_dlb_case,
        max_rel,
        max_rel_case
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
