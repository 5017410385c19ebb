//! Basic transmission loss on a grid around one transmitter: the fast
//! radial engine and the exact reference.

use crate::error::CoverageError;
use crate::itm_kernel::ItmKernel;
use crate::model::Model;
use crate::radial::{
    Buckets, Ctx, Eval, Layout, Output, PixelJob, Radial, RadialSet, RadialTuning,
};
use crate::terrain::Cursor;
use crate::window::{Frame, Window};
use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, Mosaic};
use hatang_raster::{GeoGrid, Raster};
use rayon::prelude::*;

/// A transmitting antenna for the loss computation: where it stands, how
/// high above the ground and at what frequency.
///
/// ```
/// use hatang_coverage::Transmitter;
/// use hatang_core::geo::LatLon;
/// let tx = Transmitter::new(LatLon::new(21.4708, 105.435), 30.0, 1800.0);
/// assert_eq!(tx.height_m, 30.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transmitter {
    /// Position of the mast.
    pub position: LatLon,
    /// Height of the antenna's centre above ground, m.
    pub height_m: f64,
    /// Carrier frequency, MHz.
    pub frequency_mhz: f64,
}

impl Transmitter {
    /// A transmitter.
    pub const fn new(position: LatLon, height_m: f64, frequency_mhz: f64) -> Self {
        Self {
            position,
            height_m,
            frequency_mhz,
        }
    }
}

/// Which engine computes the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The radial engine (see the crate documentation).
    #[default]
    Fast,
    /// A profile cut from the site to every pixel centre with the terrain
    /// API and one model call per pixel: the reference.
    Exact,
}

/// The grid and receiver of a coverage computation.
///
/// ```
/// let s = hatang_coverage::CoverageSpec::new(25_000.0, 30.0);
/// assert_eq!(s.rx_height_m, 1.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverageSpec {
    /// Radius of the disc computed, m; pixels whose centre lies farther
    /// from the site are nodata.
    pub radius_m: f64,
    /// Pixel size, m (the grid is [`GeoGrid::around`] the site).
    pub resolution_m: f64,
    /// Receiver height above ground, m.
    pub rx_height_m: f64,
    /// Fast or exact.
    pub mode: Mode,
    /// Tuning of the fast engine.
    pub tuning: RadialTuning,
}

impl CoverageSpec {
    /// A fast computation with a 1.5 m receiver.
    pub fn new(radius_m: f64, resolution_m: f64) -> Self {
        Self {
            radius_m,
            resolution_m,
            rx_height_m: 1.5,
            mode: Mode::Fast,
            tuning: RadialTuning::for_resolution(resolution_m),
        }
    }

    /// The same in another mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The same with another receiver height.
    pub fn with_rx_height(mut self, rx_height_m: f64) -> Self {
        self.rx_height_m = rx_height_m;
        self
    }

    pub(crate) fn check(&self) -> Result<(), CoverageError> {
        if !(self.radius_m.is_finite() && self.radius_m > 0.0 && self.radius_m <= 500e3) {
            return Err(CoverageError::param(
                "radius_m",
                self.radius_m,
                "must be in (0, 500 km]",
            ));
        }
        if !(self.resolution_m.is_finite() && self.resolution_m >= 1.0) {
            return Err(CoverageError::param(
                "resolution_m",
                self.resolution_m,
                "must be at least 1 m",
            ));
        }
        if self.radius_m / self.resolution_m > 20_000.0 {
            return Err(CoverageError::param(
                "radius_m",
                self.radius_m,
                "more than 20 000 pixels from the centre",
            ));
        }
        if !(self.rx_height_m.is_finite() && self.rx_height_m > 0.0) {
            return Err(CoverageError::param(
                "rx_height_m",
                self.rx_height_m,
                "must be positive",
            ));
        }
        let t = &self.tuning;
        if !(t.spacing > 0.0
            && t.spacing <= 8.0
            && t.delta_h_ratio > 1.0
            && t.delta_h_cell_m >= 0.1
            && t.delta_h_share_m >= 0.0
            && t.delta_h_share_m.is_finite()
            && t.near >= 2)
        {
            return Err(CoverageError::param(
                "tuning",
                t.spacing,
                "spacing in (0, 8], Δh ratio > 1, Δh cell ≥ 0.1 m, near ≥ 2",
            ));
        }
        Ok(())
    }
}

/// The basic transmission loss around one transmitter (dB; NaN: nodata).
#[derive(Debug, Clone)]
pub struct LossMap {
    /// Loss per pixel, dB (nodata outside the disc, outside the terrain).
    pub raster: Raster,
    /// The transmitter.
    pub transmitter: Transmitter,
    /// Ground height at the transmitter, m.
    pub tx_ground_m: f64,
    /// Receiver height above ground, m.
    pub rx_height_m: f64,
}

/// A model ready for one transmitter and receiver height.
pub(crate) enum Prepared<'m> {
    /// One kernel and one model per frequency.
    Itm(
        Vec<ItmKernel>,
        Vec<hatang_itm::Itm>,
        &'m crate::model::ItmParams,
    ),
    P1812(hatang_p1812::P1812, &'m crate::model::P1812Params),
    Empirical(&'m Model),
}

pub(crate) fn prepare<'m>(
    model: &'m Model,
    tx: &Transmitter,
    h_rx: f64,
) -> Result<Prepared<'m>, CoverageError> {
    prepare_multi(model, tx.height_m, &[tx.frequency_mhz], h_rx)
}

pub(crate) fn prepare_multi<'m>(
    model: &'m Model,
    height_m: f64,
    freqs: &[f64],
    h_rx: f64,
) -> Result<Prepared<'m>, CoverageError> {
    Ok(match model {
        Model::Itm(p) => {
            let itms: Vec<hatang_itm::Itm> = freqs.iter().map(|&f| p.at(f)).collect();
            let kernels = itms
                .iter()
                .map(|itm| {
                    ItmKernel::new(itm, p.variability, height_m, h_rx).map_err(|e| {
                        CoverageError::Model {
                            model: "ITM",
                            reason: e.to_string(),
                        }
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Prepared::Itm(kernels, itms, p)
        }
        Model::P1812(p) => Prepared::P1812(
            hatang_p1812::P1812::new(p.config).map_err(|e| CoverageError::Model {
                model: "P.1812",
                reason: e.to_string(),
            })?,
            p,
        ),
        m => Prepared::Empirical(m),
    })
}

pub(crate) fn ground_at(terrain: &Mosaic, p: LatLon) -> Result<f64, CoverageError> {
    Cursor::new(terrain)
        .height(p.lat, p.lon)
        .ok_or(CoverageError::TransmitterOutsideTerrain { at: p })
}

/// The loss of one transmitter on a window of a grid (dB, row-major over
/// the window; NaN outside the disc and the terrain), by `spec.mode`.
///
/// This is the entry point for composites on a common grid (the province's):
/// the pixels are the window's own, wherever the transmitter stands.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::{losses_on, CoverageSpec, ItmParams, Model, Transmitter, Window};
/// use hatang_raster::GeoGrid;
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, vec![25.0; 201 * 201], None, &LoadOptions::default())?])?;
/// let grid = GeoGrid::new(105.0, 21.1, 0.001, 0.001, 200, 200)?;
/// let tx = Transmitter::new(LatLon::new(21.02, 105.05), 30.0, 900.0);
/// let cov = CoverageSpec::new(2_000.0, 100.0);
/// let w = Window::around(&grid, tx.position, cov.radius_m).unwrap();
/// let loss = losses_on(&dem, &tx, &Model::Itm(ItmParams::signal_server()), &cov, &w)?;
/// assert_eq!(loss.len(), w.len());
/// assert!(loss.iter().any(|v| v.is_finite()) && loss.iter().any(|v| v.is_nan()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn losses_on(
    terrain: &Mosaic,
    tx: &Transmitter,
    model: &Model,
    spec: &CoverageSpec,
    window: &Window,
) -> Result<Vec<f32>, CoverageError> {
    losses_on_with_progress(terrain, tx, model, spec, window, None)
}

/// [`losses_on`], telling `progress` (units done, units in all) as it goes
/// (radials in fast mode, rows in exact mode).
pub fn losses_on_with_progress(
    terrain: &Mosaic,
    tx: &Transmitter,
    model: &Model,
    spec: &CoverageSpec,
    window: &Window,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Vec<f32>, CoverageError> {
    let mut v = losses_multi(
        terrain,
        tx,
        &[tx.frequency_mhz],
        model,
        spec,
        window,
        progress,
    )?;
    Ok(v.pop().unwrap_or_default())
}

/// The losses of one mast at several frequencies on a window, one vector
/// per frequency (in the order given): the fast engine computes each
/// pixel's geometry once and evaluates ITM at every frequency. The
/// transmitter's own frequency is ignored.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::*;
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, vec![25.0; 201 * 201], None, &LoadOptions::default())?])?;
/// let tx = Transmitter::new(LatLon::new(21.0, 105.1), 30.0, 0.0);
/// let cov = CoverageSpec::new(2_000.0, 100.0);
/// let w = Window::full(hatang_raster::GeoGrid::around(21.0, 105.1, cov.radius_m, cov.resolution_m)?);
/// let m = Model::Itm(ItmParams::signal_server());
/// let both = losses_multi(&dem, &tx, &[900.0, 1800.0], &m, &cov, &w, None)?;
/// let one = losses_on(&dem, &Transmitter { frequency_mhz: 1800.0, ..tx }, &m, &cov, &w)?;
/// assert_eq!(both[1].iter().map(|v| v.to_bits()).collect::<Vec<_>>(), one.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn losses_multi(
    terrain: &Mosaic,
    tx: &Transmitter,
    freqs: &[f64],
    model: &Model,
    spec: &CoverageSpec,
    window: &Window,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Vec<Vec<f32>>, CoverageError> {
    spec.check()?;
    let shared =
        matches!(model, Model::Itm(_)) && spec.mode == Mode::Fast && !spec.tuning.itm_samples;
    let mut out = if shared {
        let prepared = prepare_multi(model, tx.height_m, freqs, spec.rx_height_m)?;
        fast_itm(
            terrain,
            window,
            tx,
            &prepared,
            n_0_of(model),
            spec,
            progress,
        )?
    } else {
        let mut out = Vec::with_capacity(freqs.len());
        for &f in freqs {
            let t = Transmitter {
                frequency_mhz: f,
                ..*tx
            };
            let prepared = prepare(model, &t, spec.rx_height_m)?;
            out.push(match spec.mode {
                Mode::Fast => fast_losses(
                    terrain,
                    window,
                    &t,
                    &prepared,
                    n_0_of(model),
                    spec,
                    progress,
                )?,
                Mode::Exact => {
                    ground_at(terrain, t.position)?;
                    exact(terrain, window, &t, model, spec, progress)
                }
            });
        }
        out
    };
    for data in &mut out {
        fill_site_pixel(window, tx.position, data);
    }
    Ok(out)
}

/// A pixel centred exactly on the site (`GeoGrid::around`'s centre) has no
/// path: it takes the value of the pixel north of it.
fn fill_site_pixel(window: &Window, site: LatLon, data: &mut [f32]) {
    let (c, r) = window.grid.to_pixel_coords(site.lon, site.lat);
    let (c, r) = (
        c.floor() as i64 - window.col0 as i64,
        r.floor() as i64 - window.row0 as i64,
    );
    if c < 0 || r < 1 || c >= window.cols as i64 || r >= window.rows as i64 {
        return;
    }
    let (c, r) = (c as usize, r as usize);
    let frame = Frame::new(site);
    let d = frame.distance(window.lat(r), window.lon(c), 1.0);
    if d < 1e-3 {
        data[r * window.cols + c] = data[(r - 1) * window.cols + c];
    }
}

#[allow(clippy::too_many_arguments)]
fn ctx<'a>(
    terrain: &'a Mosaic,
    layout: &'a Layout,
    tx: &Transmitter,
    z_site: f64,
    eval: Eval<'a>,
    n_0: f64,
    spec: &CoverageSpec,
    progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
) -> Ctx<'a> {
    let a_ref =
        1.0 / hatang_itm::effective_earth_curvature(hatang_itm::surface_refractivity(n_0, z_site));
    Ctx {
        terrain,
        layout,
        site: tx.position,
        z_site,
        h_tx: tx.height_m,
        h_rx: spec.rx_height_m,
        f_mhz: tx.frequency_mhz,
        n_0,
        a_ref,
        eval,
        delta_h_ratio: spec.tuning.delta_h_ratio,
        delta_h_cell: spec.tuning.delta_h_cell_m,
        cos_lat: Frame::new(tx.position).cos_lat,
        progress,
        done: Default::default(),
    }
}

/// The fast engine's ITM losses (per-pixel path) of one mast, one vector
/// per prepared frequency.
pub(crate) fn fast_itm(
    terrain: &Mosaic,
    window: &Window,
    tx: &Transmitter,
    prepared: &Prepared<'_>,
    n_0: f64,
    spec: &CoverageSpec,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Vec<Vec<f32>>, CoverageError> {
    let Prepared::Itm(kernels, itms, p) = prepared else {
        return Err(CoverageError::param(
            "model",
            0.0,
            "the per-pixel path is ITM's",
        ));
    };
    let z_site = ground_at(terrain, tx.position)?;
    let layout = Layout::new(spec.radius_m, spec.resolution_m, &spec.tuning);
    let frame = Frame::new(tx.position);
    let buckets = Buckets::new(&layout, window, &frame, terrain, spec.radius_m);
    let job = PixelJob::new(
        window,
        &buckets,
        &frame,
        &spec.tuning,
        spec.resolution_m,
        layout.k_max,
        n_0,
        kernels.len(),
    );
    let eval = Eval::Itm(kernels, itms, p.variability, &job);
    ctx(terrain, &layout, tx, z_site, eval, n_0, spec, progress).run();
    let data = job.sink.into_rasters();
    Ok(data)
}

/// The fast engine's losses of one transmitter evaluated at the radial
/// samples (P.1812, the empirical models, ITM's screening path), on
/// `window`.
pub(crate) fn fast_losses(
    terrain: &Mosaic,
    window: &Window,
    tx: &Transmitter,
    prepared: &Prepared<'_>,
    n_0: f64,
    spec: &CoverageSpec,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Vec<f32>, CoverageError> {
    if let (Prepared::Itm(..), false) = (prepared, spec.tuning.itm_samples) {
        return Ok(
            fast_itm(terrain, window, tx, prepared, n_0, spec, progress)?
                .pop()
                .unwrap_or_default(),
        );
    }
    let z_site = ground_at(terrain, tx.position)?;
    let layout = Layout::new(spec.radius_m, spec.resolution_m, &spec.tuning);
    let frame = Frame::new(tx.position);
    let eval = match prepared {
        Prepared::Itm(k, _, _) => Eval::ItmSamples(&k[0]),
        Prepared::P1812(m, p) => Eval::P1812(m, p),
        Prepared::Empirical(m) => Eval::Empirical(m),
    };
    let outputs = ctx(terrain, &layout, tx, z_site, eval, n_0, spec, progress).run();
    let radials = outputs
        .into_iter()
        .map(|o| match o {
            Output::Samples(r) => r,
            Output::Pixels => Radial::default(),
        })
        .collect();
    let set = RadialSet { layout, radials };
    Ok(assemble(terrain, window, &frame, spec, |t, phi| {
        set.sample(t, phi)
    }))
}

pub(crate) fn n_0_of(model: &Model) -> f64 {
    match model {
        Model::Itm(p) => p.n_0,
        _ => 301.0,
    }
}

/// The basic transmission loss on [`GeoGrid::around`] the transmitter,
/// out to `spec.radius_m`, by the fast radial engine or the exact
/// reference (`spec.mode`).
///
/// Every pixel of the disc whose centre lies in the loaded terrain gets a
/// value; pixels outside the disc or the terrain are NaN. The pixel of the
/// site itself takes the value of the pixel north of it.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::{loss_map, CoverageSpec, ItmParams, Model, Transmitter};
/// // A gentle slope, 0.001° samples (about 100 m).
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let h: Vec<f32> = (0..201 * 201).map(|i| 20.0 + (i % 201) as f32 * 0.5).collect();
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, h, None, &LoadOptions::default())?])?;
/// let tx = Transmitter::new(LatLon::new(21.0, 105.1), 30.0, 1800.0);
/// let map = loss_map(&dem, &tx, &Model::Itm(ItmParams::signal_server()), &CoverageSpec::new(3_000.0, 100.0))?;
/// let centre = map.raster.grid().width() / 2;
/// let near = map.raster.get(centre + 5, centre).unwrap(); // 500 m east
/// let far = map.raster.get(centre + 25, centre).unwrap(); // 2.5 km east
/// assert!(near > 80.0 && far > near);
/// assert!(map.raster.get(0, 0).is_none()); // corner: outside the disc (nodata)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn loss_map(
    terrain: &Mosaic,
    tx: &Transmitter,
    model: &Model,
    spec: &CoverageSpec,
) -> Result<LossMap, CoverageError> {
    loss_map_with_progress(terrain, tx, model, spec, None)
}

/// [`loss_map`], telling `progress` (units done, units in all) as it goes.
pub fn loss_map_with_progress(
    terrain: &Mosaic,
    tx: &Transmitter,
    model: &Model,
    spec: &CoverageSpec,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<LossMap, CoverageError> {
    spec.check()?;
    let grid = GeoGrid::around(
        tx.position.lat,
        tx.position.lon,
        spec.radius_m,
        spec.resolution_m,
    )?;
    let tx_ground_m = ground_at(terrain, tx.position)?;
    let data = losses_on_with_progress(terrain, tx, model, spec, &Window::full(grid), progress)?;
    Ok(LossMap {
        raster: Raster::from_vec(grid, data)?,
        transmitter: *tx,
        tx_ground_m,
        rx_height_m: spec.rx_height_m,
    })
}

/// Puts radial samples on a window: each pixel of the disc inside the
/// terrain gets `sample(distance / step, bearing)`.
pub(crate) fn assemble(
    terrain: &Mosaic,
    window: &Window,
    frame: &Frame,
    spec: &CoverageSpec,
    sample: impl Fn(f64, f64) -> f32 + Sync,
) -> Vec<f32> {
    let step = spec.resolution_m;
    let r2 = spec.radius_m * spec.radius_m;
    let mut data = vec![f32::NAN; window.len()];
    data.par_chunks_mut(window.cols)
        .enumerate()
        .for_each(|(row, out)| {
            let mut cursor = Cursor::new(terrain);
            let lat = window.lat(row);
            for (col, o) in out.iter_mut().enumerate() {
                let lon = window.lon(col);
                let (x, y) = frame.xy(lat, lon);
                let s2 = x * x + y * y;
                if s2 > r2 || !cursor.contains(lat, lon) {
                    continue;
                }
                *o = sample(s2.sqrt() / step, Frame::bearing(x, y));
            }
        });
    data
}

/// The loss of one path, cut with the terrain API (`profile_into`, step
/// `step_m`) and evaluated by the model once; `None` where the profile
/// leaves the terrain or the model refuses. The exact mode and the point
/// signals use it; it shares nothing with the radial engine.
#[allow(clippy::too_many_arguments)]
pub(crate) fn exact_loss(
    terrain: &Mosaic,
    tx: &Transmitter,
    model: &Model,
    p1812: Option<&hatang_p1812::P1812>,
    h_rx: f64,
    to: LatLon,
    step_m: f64,
    pfl: &mut Vec<f64>,
) -> Option<f64> {
    use hatang_core::radio::{Link, PathLoss};
    let site = tx.position;
    // P.1812 starts at 0.25 km (and five profile points): nearer points
    // take the value at 0.25 km in their direction.
    let (to, step_m) = match model {
        Model::P1812(_) => {
            let d = site.distance_m(to);
            let to = if d < P1812_MIN_M {
                let f = P1812_MIN_M / d.max(1e-6);
                LatLon::new(
                    site.lat + (to.lat - site.lat) * f,
                    site.lon + (to.lon - site.lon) * f,
                )
            } else {
                to
            };
            (to, step_m.min(d.max(P1812_MIN_M) / 4.0))
        }
        _ => (to, step_m),
    };
    terrain.profile_into(site, to, step_m, pfl).ok()?;
    match model {
        Model::Itm(p) => {
            let profile = hatang_itm::Profile::from_pfl(pfl).ok()?;
            let r = p
                .at(tx.frequency_mhz)
                .p2p_tls(tx.height_m, h_rx, &profile, p.variability);
            r.ok().map(|r| r.loss_db)
        }
        Model::P1812(p) => {
            let np = pfl[0] as usize;
            let step = pfl[1];
            let d_km: Vec<f64> = (0..=np).map(|i| i as f64 * step / 1000.0).collect();
            let clutter = vec![p.clutter_m; np + 1];
            let link = hatang_p1812::Link {
                f_ghz: tx.frequency_mhz / 1000.0,
                htg_m: tx.height_m,
                hrg_m: h_rx,
                tx: hatang_p1812::GeoPoint {
                    lat_deg: site.lat,
                    lon_deg: site.lon,
                },
                rx: hatang_p1812::GeoPoint {
                    lat_deg: to.lat,
                    lon_deg: to.lon,
                },
            };
            let prof = hatang_p1812::Profile::new(&d_km, &pfl[2..]).with_clutter(&clutter);
            p1812?.predict(&link, &prof).ok().map(|r| r.lb)
        }
        m => {
            let profile = hatang_core::terrain::Profile::from_pfl(pfl.clone()).ok()?;
            let d = profile.distance_m();
            let link = Link::new(tx.frequency_mhz, tx.height_m, h_rx, d)
                .with_profile(&profile)
                .allow_extrapolation();
            let r = match m {
                Model::Rma(x) => x.loss(&link),
                Model::Uma(x) => x.loss(&link),
                Model::OkumuraHata(x, e) => x.loss(&link.with_environment(*e)),
                Model::Cost231(x, e) => x.loss(&link.with_environment(*e)),
                _ => hatang_core::radio::FreeSpace.loss(&link),
            };
            r.ok().map(|l| l.db)
        }
    }
}

/// P.1812's shortest path (with a margin over its 0.25 km), m.
const P1812_MIN_M: f64 = 251.0;

/// P.1812, built once, when the model is P.1812.
pub(crate) fn p1812_of(model: &Model) -> Option<hatang_p1812::P1812> {
    match model {
        Model::P1812(p) => hatang_p1812::P1812::new(p.config).ok(),
        _ => None,
    }
}

/// The exact mode: one profile cut with the terrain API and one model call
/// per pixel. It uses nothing of the radial engine.
fn exact(
    terrain: &Mosaic,
    window: &Window,
    tx: &Transmitter,
    model: &Model,
    spec: &CoverageSpec,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Vec<f32> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let res = spec.resolution_m;
    let r2 = spec.radius_m * spec.radius_m;
    let frame = Frame::new(tx.position);
    let p1812 = p1812_of(model);
    let mut data = vec![f32::NAN; window.len()];
    data.par_chunks_mut(window.cols)
        .enumerate()
        .for_each(|(row, out)| {
            let mut pfl = Vec::new();
            let lat = window.lat(row);
            for (col, o) in out.iter_mut().enumerate() {
                let lon = window.lon(col);
                let (x, y) = frame.xy(lat, lon);
                if x * x + y * y > r2 {
                    continue;
                }
                let to = LatLon::new(lat, lon);
                if let Some(l) = exact_loss(
                    terrain,
                    tx,
                    model,
                    p1812.as_ref(),
                    spec.rx_height_m,
                    to,
                    res,
                    &mut pfl,
                ) {
                    *o = l as f32;
                }
            }
            if let Some(p) = progress {
                p(
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                    window.rows,
                );
            }
        });
    data
}
