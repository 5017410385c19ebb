//! `hatang coverage`: coverage rasters — one transmitter given on the
//! command line, or the sectors of the store (a site, an operator, or the
//! whole province) as best-server and strongest-signal composites.
//!
//! Conventions (the coverage engine's): EIRP = ERP + 2.15 dB; received
//! power is for an isotropic receiver; RSRP = received power −
//! 10·log10(12·N_RB) (SS-RSRP likewise, RSCP and RxLev by their rules).

use crate::Cli;
use anyhow::{bail, Context};
use hatang_core::geo::LatLon;
use hatang_core::model::{SectorStatus, Technology};
use hatang_core::radio::config::RadioConfig;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic};
use hatang_coverage::{
    composite, decode_losses, encode_losses, grid_around, loss_map_with_progress, Composite,
    CompositeSpec, CoverageSpec, LossCache, Mode, Model, SiteBand, Transmitter, Window, NO_SECTOR,
};
use hatang_raster::{ColorRamp, GeoGrid, GeoTiffOptions, Raster};
use hatang_store::{CoverageResult, SqliteStore, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `hatang coverage`.
#[derive(clap::Args, Debug)]
pub struct CoverageArgs {
    /// Latitude of a transmitter given on the command line, degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lat: Option<f64>,
    /// Longitude of that transmitter, degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lon: Option<f64>,
    /// Its antenna height above ground, m.
    #[arg(long)]
    pub antenna_height: Option<f64>,
    /// Its frequency, MHz.
    #[arg(long)]
    pub freq_mhz: Option<f64>,
    /// Its effective radiated power, W (EIRP = ERP + 2.15 dB).
    #[arg(long, conflicts_with = "eirp_dbm")]
    pub erp_w: Option<f64>,
    /// Its EIRP, dBm (instead of --erp-w).
    #[arg(long, allow_hyphen_values = true)]
    pub eirp_dbm: Option<f64>,

    /// A site of the store: composites of its sectors.
    #[arg(long, conflicts_with_all = ["lat", "operator", "all"])]
    pub site: Option<String>,
    /// An operator of the store: composites of its sectors.
    #[arg(long, conflicts_with_all = ["lat", "all"])]
    pub operator: Option<String>,
    /// Every sector of the store: the province's composites.
    #[arg(long, conflicts_with = "lat")]
    pub all: bool,
    /// Count planned sectors too (default: on-air only).
    #[arg(long)]
    pub include_planned: bool,
    /// Recompute every loss instead of reusing the stored ones.
    #[arg(long)]
    pub no_cache: bool,

    /// Model and its settings.
    #[command(flatten)]
    pub model: Box<ModelArgs>,

    /// Receiver height above ground, m.
    #[arg(long, default_value_t = 1.5)]
    pub rx_height: f64,
    /// Radius, km (default 25 for one transmitter, 15 for the store's).
    #[arg(long)]
    pub radius_km: Option<f64>,
    /// Pixel size, m (default 30 for one transmitter, 90 for the store's).
    #[arg(long)]
    pub resolution_m: Option<f64>,
    /// The exact reference mode (one profile and one model call per pixel).
    #[arg(long)]
    pub exact: bool,
    /// Terrain and outputs.
    #[command(flatten)]
    pub output: Box<OutputArgs>,
}

/// The model of `hatang coverage`.
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Propagation model: itm, p1812, rma, uma, hata, cost231, free-space.
    #[arg(long, default_value = "itm")]
    pub model: String,
    /// ITM radio climate, 1–7 (default: the configuration table's).
    #[arg(long)]
    pub climate: Option<i32>,
    /// ITM surface refractivity N_0, N-units.
    #[arg(long)]
    pub n0: Option<f64>,
    /// ITM ground permittivity.
    #[arg(long)]
    pub epsilon: Option<f64>,
    /// ITM ground conductivity, S/m.
    #[arg(long)]
    pub sigma: Option<f64>,
    /// ITM polarisation: vertical or horizontal.
    #[arg(long)]
    pub polarization: Option<String>,
    /// ITM mode of variability (e.g. 12).
    #[arg(long)]
    pub mdvar: Option<i32>,
    /// ITM confidence, % (situation).
    #[arg(long)]
    pub confidence: Option<f64>,
    /// ITM reliability, % (time).
    #[arg(long)]
    pub reliability: Option<f64>,
}

/// Terrain and outputs of `hatang coverage`.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Terrain directory (.hgt/.tif); default: the data directory's `dem`.
    #[arg(long)]
    pub dem: Option<PathBuf>,
    /// Output: a GeoTIFF for one transmitter, a directory for the store's.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write a PNG with its legend (at this path; alone: next to --out).
    #[arg(long, num_args = 0..=1, default_missing_value = "auto")]
    pub png: Option<PathBuf>,
    /// Also write a KMZ overlay (at this path; alone: next to --out).
    #[arg(long, num_args = 0..=1, default_missing_value = "auto")]
    pub kmz: Option<PathBuf>,
    /// Levels for the area statistics, dBm.
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true,
          default_values_t = [-70.0, -85.0, -95.0, -100.0, -105.0, -110.0, -115.0, -120.0])]
    pub thresholds: Vec<f64>,
}

/// Runs `hatang coverage`.
pub fn run(cli: &Cli, args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    if args.lat.is_some() || args.lon.is_some() {
        single(cli, args)
    } else if args.site.is_some() || args.operator.is_some() || args.all {
        stored(cli, args)
    } else {
        bail!("say what to cover: --lat/--lon (one transmitter), --site ID, --operator ID or --all")
    }
}

fn model_of(args: &CoverageArgs) -> anyhow::Result<Model> {
    let mut cfg = RadioConfig::default();
    if let Some(c) = args.model.climate {
        use hatang_core::radio::config::Climate::*;
        cfg.itm.climate = match c {
            1 => Equatorial,
            2 => ContinentalSubtropical,
            3 => MaritimeSubtropical,
            4 => Desert,
            5 => ContinentalTemperate,
            6 => MaritimeTemperateOverLand,
            7 => MaritimeTemperateOverSea,
            _ => bail!("--climate {c}: ITM's climates are 1 to 7"),
        };
    }
    if let Some(v) = args.model.n0 {
        cfg.itm.n0 = v;
    }
    if let Some(v) = args.model.epsilon {
        cfg.itm.epsilon = v;
    }
    if let Some(v) = args.model.sigma {
        cfg.itm.sigma = v;
    }
    if let Some(p) = &args.model.polarization {
        use hatang_core::radio::config::Polarization;
        cfg.itm.polarization = match p.to_ascii_lowercase().as_str() {
            "vertical" | "v" | "1" => Polarization::Vertical,
            "horizontal" | "h" | "0" => Polarization::Horizontal,
            _ => bail!("--polarization {p}: vertical or horizontal"),
        };
    }
    if let Some(v) = args.model.mdvar {
        cfg.itm.mdvar = v;
    }
    let mut model = Model::from_name(&args.model.model, &cfg)?;
    if let Model::Itm(p) = &mut model {
        if args.model.confidence.is_some() || args.model.reliability.is_some() {
            *p = p.with_confidence_reliability(
                args.model.confidence.unwrap_or(p.variability.situation),
                args.model.reliability.unwrap_or(p.variability.time),
            );
        }
    }
    Ok(model)
}

fn load_dem(cli: &Cli, args: &CoverageArgs) -> anyhow::Result<Mosaic> {
    let dir = match &args.output.dem {
        Some(d) => d.clone(),
        None => crate::cmd::demo::dem_dir(&cli.data_dir()?),
    };
    Mosaic::load_dir(&dir, &LoadOptions::default())
        .with_context(|| format!("loading terrain from {}", dir.display()))
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

fn print_stats(name: &str, raster: &Raster, thresholds: &[f64]) {
    let t: Vec<f32> = thresholds.iter().map(|&v| v as f32).collect();
    let s = raster.stats(&t);
    println!(
        "{name}: {} pixels with a value ({:.1} km²), {:.1} to {:.1} dBm",
        s.valid_count,
        s.valid_area_km2,
        s.min.unwrap_or(f32::NAN),
        s.max.unwrap_or(f32::NAN)
    );
    for (level, area) in &s.area_at_or_above_km2 {
        println!("  area at or above {level:7.1} dBm: {area:10.2} km²");
    }
}

/// Writes the optional PNG (+ legend) and KMZ next to `base`.
fn write_overlays(
    args: &CoverageArgs,
    base: &Path,
    raster: &Raster,
    title: &str,
) -> anyhow::Result<()> {
    let ramp = ColorRamp::rsrp();
    let derive = |p: &PathBuf, ext: &str| {
        if p.as_os_str() == "auto" {
            base.with_extension(ext)
        } else {
            p.clone()
        }
    };
    if let Some(p) = &args.output.png {
        let path = derive(p, "png");
        std::fs::write(&path, hatang_raster::render_png(raster, &ramp)?)
            .with_context(|| format!("writing {}", path.display()))?;
        let legend = path.with_file_name(format!(
            "{}_legend.png",
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("coverage")
        ));
        std::fs::write(&legend, hatang_raster::legend_png(&ramp, title)?)?;
    }
    if let Some(p) = &args.output.kmz {
        let path = derive(p, "kmz");
        hatang_raster::write_kmz_file(&path, raster, &ramp, title, "dBm")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// One transmitter given on the command line: received power (dBm).
fn single(cli: &Cli, args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let need = |v: Option<f64>, name: &str| {
        v.with_context(|| format!("--{name} is needed for a transmitter"))
    };
    let position = LatLon::new(need(args.lat, "lat")?, need(args.lon, "lon")?);
    let tx = Transmitter::new(
        position,
        need(args.antenna_height, "antenna-height")?,
        need(args.freq_mhz, "freq-mhz")?,
    );
    let eirp_dbm = match (args.erp_w, args.eirp_dbm) {
        (Some(w), _) => {
            if w.is_nan() || w <= 0.0 {
                bail!("--erp-w {w}: must be positive");
            }
            hatang_core::radio::link::erp_to_eirp_dbm(hatang_core::radio::link::watts_to_dbm(w))
        }
        (None, Some(d)) => d,
        (None, None) => bail!("--erp-w or --eirp-dbm is needed for a transmitter"),
    };
    let model = model_of(args)?;
    let dem = load_dem(cli, args)?;
    let mut spec = CoverageSpec::new(
        args.radius_km.unwrap_or(25.0) * 1000.0,
        args.resolution_m.unwrap_or(30.0),
    )
    .with_rx_height(args.rx_height);
    if args.exact {
        spec.mode = Mode::Exact;
    }
    let pb = bar(0, if args.exact { "exact" } else { "radials" });
    let progress = |done: usize, total: usize| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    };
    let map = loss_map_with_progress(&dem, &tx, &model, &spec, Some(&progress))?;
    pb.finish_and_clear();
    let t_loss = t0.elapsed();
    // Received power in place of the loss (NaN stays NaN).
    let mut power = map.raster;
    for v in power.data_mut() {
        *v = (eirp_dbm - *v as f64) as f32;
    }
    if let Some(dir) = args
        .output
        .out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    hatang_raster::write_geotiff_file(
        &args.output.out,
        &power,
        &GeoTiffOptions {
            level: 1,
            ..Default::default()
        },
    )
    .with_context(|| format!("writing {}", args.output.out.display()))?;
    write_overlays(args, &args.output.out, &power, "received power")?;
    let g = power.grid();
    println!(
        "{} {}: {} m mast, {} MHz, EIRP {:.2} dBm, {}×{} pixels of {} m, radius {} km ({} mode)",
        model.name(),
        args.output.out.display(),
        tx.height_m,
        tx.frequency_mhz,
        eirp_dbm,
        g.width(),
        g.height(),
        spec.resolution_m,
        spec.radius_m / 1000.0,
        if args.exact { "exact" } else { "fast" }
    );
    print_stats("received power", &power, &args.output.thresholds);
    eprintln!(
        "loss computed in {:.3} s, all done in {:.3} s",
        t_loss.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Losses kept in the store's `coverage_results`.
struct StoreCache<'a> {
    store: &'a mut SqliteStore,
    model: String,
    failed: usize,
    /// Sites whose older results were removed in this run, or that had a
    /// result reused (whose rows stay).
    cleaned: std::collections::BTreeSet<String>,
}

impl LossCache for StoreCache<'_> {
    fn load(&mut self, group: &SiteBand, hash: &str) -> Option<Vec<f32>> {
        let r = self
            .store
            .coverage(&group.site_id, group.band_mhz, hash)
            .ok()??;
        let v = decode_losses(&r.raster, (r.width as usize) * (r.height as usize))?;
        self.cleaned.insert(group.site_id.clone());
        Some(v)
    }

    fn save(&mut self, group: &SiteBand, hash: &str, window: &Window, loss: &[f32]) {
        let g = &window.grid;
        let west = g.west() + window.col0 as f64 * g.dx();
        let north = g.north() - window.row0 as f64 * g.dy();
        let result = CoverageResult {
            site_id: group.site_id.clone(),
            band_mhz: group.band_mhz,
            params_hash: hash.to_string(),
            computed_at: now_utc(),
            width: window.cols as u32,
            height: window.rows as u32,
            bbox: hatang_core::geo::Bbox::new(
                west,
                north - window.rows as f64 * g.dy(),
                west + window.cols as f64 * g.dx(),
                north,
            ),
            raster: encode_losses(loss),
            meta: serde_json::json!({
                "content": "basic transmission loss, dB",
                "encoding": "deflate(u16 little-endian differences of decidecibels, 65535 = nodata), row-major from the north-west",
                "model": self.model,
                "antenna_height_m": group.transmitter.height_m,
                "frequency_mhz": group.transmitter.frequency_mhz,
            }),
        };
        // A site recomputed: its results under other parameters are stale.
        if self.cleaned.insert(group.site_id.clone())
            && self.store.delete_coverage(&group.site_id).is_err()
        {
            self.failed += 1;
        }
        if self.store.put_coverage(&result).is_err() {
            self.failed += 1;
        }
    }
}

/// Now, UTC, ISO 8601 (seconds).
fn now_utc() -> String {
    let s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

fn tech_name(t: Technology) -> &'static str {
    t.as_str()
}

/// The store's sectors: composites over the sites selected.
fn stored(cli: &Cli, args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let data_dir = cli.data_dir()?;
    let db = crate::cmd::demo::db_path(&data_dir);
    let mut store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
    let sites = store.sites()?;
    let mut sectors = store.sectors(args.site.as_deref(), args.operator.as_deref())?;
    sectors.retain(|s| {
        s.status == SectorStatus::OnAir
            || (args.include_planned && s.status == SectorStatus::Planned)
    });
    if sectors.is_empty() {
        bail!("no sector to cover (check --site / --operator, or run `hatang demo` first)");
    }
    let used: std::collections::BTreeSet<&str> =
        sectors.iter().map(|s| s.site_id.as_str()).collect();
    let sites: Vec<_> = sites
        .into_iter()
        .filter(|s| used.contains(s.id.as_str()))
        .collect();
    let model = model_of(args)?;
    let dem = load_dem(cli, args)?;
    let mut cov = CoverageSpec::new(
        args.radius_km.unwrap_or(15.0) * 1000.0,
        args.resolution_m.unwrap_or(90.0),
    )
    .with_rx_height(args.rx_height);
    if args.exact {
        cov.mode = Mode::Exact;
    }
    // The grid: around the sites, clipped to the loaded terrain.
    let points: Vec<LatLon> = sites.iter().map(|s| s.point).collect();
    let grid = clip_to(grid_around(&points, cov.radius_m, cov.resolution_m)?, &dem)?;
    std::fs::create_dir_all(&args.output.out)
        .with_context(|| format!("creating {}", args.output.out.display()))?;

    let spec = CompositeSpec::new(cov);
    let groups = SiteBand::group(&sites, &sectors, &spec.figures)?.len();
    let pb = bar(groups as u64, "site × band");
    let progress = |done: usize, _total: usize| pb.set_position(done as u64);
    let mut tiles = Vec::new();
    let mut cache = StoreCache {
        store: &mut store,
        model: format!("{model:?}"),
        failed: 0,
        cleaned: Default::default(),
    };
    let summary = composite(
        &dem,
        &sites,
        &sectors,
        &model,
        grid,
        &spec,
        if args.no_cache {
            None
        } else {
            Some(&mut cache as &mut dyn LossCache)
        },
        &progress,
        &mut |t| {
            tiles.push(t);
            Ok(())
        },
    )?;
    pb.finish_and_clear();
    let failed = cache.failed;
    let c = Composite::assemble(grid, tiles);
    println!(
        "{} sites, {} sectors; {} losses computed, {} reused from the store, {} left out (outside the terrain); grid {}×{} of {} m",
        sites.len(),
        sectors.len(),
        summary.computed,
        summary.cached,
        summary.skipped,
        grid.width(),
        grid.height(),
        cov.resolution_m
    );
    if failed > 0 {
        eprintln!("warning: {failed} losses could not be stored");
    }
    let opts = GeoTiffOptions::default();
    for (tech, b) in &c.best {
        let name = format!("best_{}", tech_name(*tech));
        let r = c.raster(&b.dbm)?;
        let path = args.output.out.join(format!("{name}.tif"));
        hatang_raster::write_geotiff_file(&path, &r, &opts)?;
        let idx: Vec<f32> = b
            .sector
            .iter()
            .map(|&s| if s == NO_SECTOR { f32::NAN } else { s as f32 })
            .collect();
        hatang_raster::write_geotiff_file(
            args.output.out.join(format!("{name}_sector.tif")),
            &c.raster(&idx)?,
            &opts,
        )?;
        write_overlays(
            args,
            &path,
            &r,
            &format!("{} best server", tech_name(*tech)),
        )?;
        print_stats(
            &format!("{} best server", tech_name(*tech)),
            &r,
            &args.output.thresholds,
        );
    }
    // The sector ids behind the index rasters.
    let mut ids = String::from("index,sector_id,site_id,operator,technology\n");
    for (i, s) in sectors.iter().enumerate() {
        ids.push_str(&format!(
            "{i},{},{},{},{}\n",
            s.id,
            s.site_id,
            s.operator,
            s.technology.as_str()
        ));
    }
    std::fs::write(args.output.out.join("sectors.csv"), ids)?;
    for ((op, tech), v) in &c.strongest {
        let r = c.raster(v)?;
        hatang_raster::write_geotiff_file(
            args.output
                .out
                .join(format!("strongest_{op}_{}.tif", tech_name(*tech))),
            &r,
            &opts,
        )?;
        print_stats(
            &format!("{op} {}", tech_name(*tech)),
            &r,
            &args.output.thresholds,
        );
    }
    eprintln!(
        "done in {:.1} s: {}",
        t0.elapsed().as_secs_f64(),
        args.output.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `grid` cut to the box of the loaded terrain.
fn clip_to(grid: GeoGrid, dem: &Mosaic) -> anyhow::Result<GeoGrid> {
    let b = dem.coverage();
    let (c0, r0) = grid.to_pixel_coords(b.min_lon, b.max_lat);
    let (c1, r1) = grid.to_pixel_coords(b.max_lon, b.min_lat);
    let clamp = |v: f64, n: usize| v.clamp(0.0, n as f64);
    let (c0, c1) = (
        clamp(c0.floor(), grid.width()) as usize,
        clamp(c1.ceil(), grid.width()) as usize,
    );
    let (r0, r1) = (
        clamp(r0.floor(), grid.height()) as usize,
        clamp(r1.ceil(), grid.height()) as usize,
    );
    if c1 <= c0 || r1 <= r0 {
        bail!("the sites' discs do not reach the loaded terrain");
    }
    Ok(GeoGrid::new(
        grid.west() + c0 as f64 * grid.dx(),
        grid.north() - r0 as f64 * grid.dy(),
        grid.dx(),
        grid.dy(),
        c1 - c0,
        r1 - r0,
    )?)
}
