//! `hatang loss --model itm --cases <p2p.csv> --profiles <pfls.csv>`: the
//! reference check. Reads files of exactly the layout of NTIA's test files
//! and prints, for each row in order and with no header,
//! `A__db,rtn,warnings` (`NaN` for a refused row; the warning bits as a
//! decimal number, as the reference prints them). A malformed file is an
//! error naming the file, row and reason.

use anyhow::{bail, Context};
use hatang_itm::{Climate, Itm, ItmError, Mdvar, Polarization, Profile, Tls, Warnings};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `hatang loss`.
#[derive(clap::Args, Debug)]
pub struct LossArgs {
    /// Propagation model (only `itm` reads this layout).
    #[arg(long, default_value = "itm")]
    pub model: String,
    /// Cases: a CSV with h_tx__meter,h_rx__meter,epsilon,sigma,N_0,f__mhz,pol,climate,time,location,situation,mdvar[,…].
    #[arg(long)]
    pub cases: PathBuf,
    /// Profiles: one row per case, `np,step_m,h_0,…,h_np`.
    #[arg(long)]
    pub profiles: PathBuf,
}

const COLUMNS: [&str; 12] = [
    "h_tx__meter",
    "h_rx__meter",
    "epsilon",
    "sigma",
    "N_0",
    "f__mhz",
    "pol",
    "climate",
    "time",
    "location",
    "situation",
    "mdvar",
];

/// One case through ITM with the raw codes of the reference files, in ITM's
/// own order of checks: enumerations first are converted, then the model
/// validates the rest.
fn evaluate(v: &[f64; 12], profile: &Profile<'_>) -> Result<(f64, Warnings), (ItmError, Warnings)> {
    let code = |x: f64| x as i32;
    let itm = |w| -> Result<Itm, (ItmError, Warnings)> {
        Ok(Itm {
            f_mhz: v[5],
            polarization: Polarization::try_from(code(v[6])).map_err(|e| (e, w))?,
            epsilon: v[2],
            sigma: v[3],
            n_0: v[4],
            climate: Climate::try_from(code(v[7])).map_err(|e| (e, w))?,
            mdvar: Mdvar::try_from(code(v[11])).map_err(|e| (e, w))?,
        })
    };
    let model = itm(Warnings::NONE)?;
    model
        .p2p_tls(v[0], v[1], profile, Tls::new(v[8], v[9], v[10]))
        .map(|p| (p.loss_db, p.warnings))
        .map_err(|e| (e, model.input_warnings(v[0], v[1])))
}

/// Runs `hatang loss`.
pub fn run(args: &LossArgs) -> anyhow::Result<ExitCode> {
    if args.model != "itm" {
        bail!(
            "--model {}: only `itm` reads the NTIA case layout",
            args.model
        );
    }
    let mut cases =
        csv::Reader::from_path(&args.cases).with_context(|| format!("{}", args.cases.display()))?;
    let headers = cases.headers()?.clone();
    let idx: Vec<usize> = COLUMNS
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h.trim() == *c)
                .with_context(|| format!("{}: no column {c}", args.cases.display()))
        })
        .collect::<anyhow::Result<_>>()?;
    let profiles = std::fs::read_to_string(&args.profiles)
        .with_context(|| format!("{}", args.profiles.display()))?;
    let mut plines = profiles.lines().filter(|l| !l.trim().is_empty());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, rec) in cases.records().enumerate() {
        let row = i + 2;
        let rec = rec.with_context(|| format!("{} row {row}", args.cases.display()))?;
        let mut v = [0.0; 12];
        for (k, &j) in idx.iter().enumerate() {
            let s = rec.get(j).unwrap_or("").trim();
            v[k] = s.parse().with_context(|| {
                format!(
                    "{} row {row}, column {}: '{s}' is not a number",
                    args.cases.display(),
                    COLUMNS[k]
                )
            })?;
        }
        let line = plines.next().with_context(|| {
            format!("{}: no profile for case row {row}", args.profiles.display())
        })?;
        let pfl: Vec<f64> = line
            .split(',')
            .map(|s| s.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .with_context(|| {
                format!(
                    "{}: profile line {} is not numbers",
                    args.profiles.display(),
                    i + 1
                )
            })?;
        let profile = Profile::from_pfl(&pfl).map_err(|e| {
            anyhow::anyhow!("{}: profile line {}: {e}", args.profiles.display(), i + 1)
        })?;
        match evaluate(&v, &profile) {
            Ok((a, w)) => writeln!(out, "{a:.4},{},{}", if w.is_empty() { 0 } else { 1 }, w.0)?,
            Err((e, w)) => writeln!(out, "NaN,{},{}", e.code(), w.0)?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
