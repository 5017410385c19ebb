//! Composites of many sites: the best server of each technology (which
//! sector is strongest, and its figure) and the strongest figure of each
//! operator's technology — over a region of any size, by tiles, with
//! memory bounded by the tiles in progress (never every site's raster at
//! once).
//!
//! # How
//!
//! Sectors are grouped by site, band and antenna height ([`SiteBand`]):
//! one loss per group on its window of the common grid, then every
//! sector's pattern and figure. The grid is cut into square tiles; the
//! groups are sorted by the first row of tiles their disc touches and
//! processed row of tiles by row of tiles, a batch of groups at a time in
//! parallel. A group's contribution is merged into the tiles it touches
//! (in parallel over tiles, each tile taking the contributions in the
//! groups' order, so the result does not depend on the number of
//! threads). Once every group touching a row of tiles has been merged the
//! row is final: its tiles go to the caller's sink and are dropped. In
//! memory at any time: the tiles of the rows a disc can span, and one
//! batch of groups.
//!
//! Ties between sectors keep the one met first (masts in order of site
//! and antenna height, their bands in order, sectors in input order).
//!
//! A mast (a site and antenna height) computes its pixels' geometry once
//! for all its bands ([`crate::losses_multi`]), and the view angles once.

use crate::cache::{params_hash, terrain_fingerprint, LossCache};
use crate::error::CoverageError;
use crate::group::SiteBand;
use crate::loss::{ground_at, losses_multi, CoverageSpec};
use crate::model::Model;
use crate::sector::ViewAngles;
use crate::window::Window;
use hatang_core::geo::LatLon;
use hatang_core::model::{Sector, Site, Technology};
use hatang_core::radio::link::FigureSettings;
use hatang_core::terrain::Mosaic;
use hatang_raster::{GeoGrid, Raster, METRES_PER_DEGREE};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// No sector: the value of the best-server index where nothing reaches.
pub const NO_SECTOR: u32 = u32::MAX;

/// A technology's best server over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct BestServer {
    /// The best sector's figure, dBm (NaN where none reaches).
    pub dbm: Vec<f32>,
    /// The best sector: its index in the sectors given ([`NO_SECTOR`]
    /// where none reaches).
    pub sector: Vec<u32>,
}

/// The composite layers over a window (a tile, or a whole grid).
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    /// Where.
    pub window: Window,
    /// Best server per technology.
    pub best: BTreeMap<Technology, BestServer>,
    /// Strongest figure (dBm) per operator and technology.
    pub strongest: BTreeMap<(String, Technology), Vec<f32>>,
}

impl Composite {
    fn empty(window: Window, techs: &[Technology], keys: &[(String, Technology)]) -> Self {
        let n = window.len();
        Self {
            window,
            best: techs
                .iter()
                .map(|&t| {
                    (
                        t,
                        BestServer {
                            dbm: vec![f32::NAN; n],
                            sector: vec![NO_SECTOR; n],
                        },
                    )
                })
                .collect(),
            strongest: keys
                .iter()
                .map(|k| (k.clone(), vec![f32::NAN; n]))
                .collect(),
        }
    }

    /// Assembles tiles (as [`composite`] emits them) into one composite
    /// over `grid`.
    pub fn assemble(grid: GeoGrid, tiles: Vec<Composite>) -> Composite {
        let techs: Vec<Technology> = tiles
            .first()
            .map(|t| t.best.keys().copied().collect())
            .unwrap_or_default();
        let keys: Vec<(String, Technology)> = tiles
            .first()
            .map(|t| t.strongest.keys().cloned().collect())
            .unwrap_or_default();
        let mut out = Composite::empty(Window::full(grid), &techs, &keys);
        let w = grid.width();
        for t in tiles {
            let tw = t.window;
            for r in 0..tw.rows {
                let dst = (tw.row0 + r) * w + tw.col0;
                let src = r * tw.cols;
                for (tech, b) in &t.best {
                    let o = out.best.get_mut(tech).expect("same layers");
                    o.dbm[dst..dst + tw.cols].copy_from_slice(&b.dbm[src..src + tw.cols]);
                    o.sector[dst..dst + tw.cols].copy_from_slice(&b.sector[src..src + tw.cols]);
                }
                for (k, v) in &t.strongest {
                    let o = out.strongest.get_mut(k).expect("same layers");
                    o[dst..dst + tw.cols].copy_from_slice(&v[src..src + tw.cols]);
                }
            }
        }
        out
    }

    /// A layer as a raster (the window must be a whole grid).
    pub fn raster(&self, values: &[f32]) -> Result<Raster, CoverageError> {
        Ok(Raster::from_vec(self.window.grid, values.to_vec())?)
    }
}

/// What a composite computation needs besides the sites.
#[derive(Debug, Clone)]
pub struct CompositeSpec {
    /// Radius, resolution, receiver height, engine.
    pub coverage: CoverageSpec,
    /// How received power becomes each technology's figure.
    pub figures: FigureSettings,
    /// Tile size, pixels.
    pub tile: usize,
    /// Groups computed in parallel at a time.
    pub batch: usize,
}

impl CompositeSpec {
    /// 256-pixel tiles, batches of 4 groups per thread.
    pub fn new(coverage: CoverageSpec) -> Self {
        Self {
            coverage,
            figures: FigureSettings::default(),
            tile: 256,
            batch: 4 * rayon::current_num_threads().max(1),
        }
    }
}

/// What happened, for the terminal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompositeSummary {
    /// Groups (site × band × height) whose loss was computed.
    pub computed: usize,
    /// Groups whose loss came from the cache.
    pub cached: usize,
    /// Groups left out: transmitter outside the terrain, or disc outside the grid.
    pub skipped: usize,
}

/// A grid covering the discs of `radius_m` around `points`, with pixels
/// of about `resolution_m` (square in metres at the mean latitude).
///
/// ```
/// use hatang_core::geo::LatLon;
/// let g = hatang_coverage::grid_around(&[LatLon::new(21.3, 105.2), LatLon::new(21.5, 105.4)], 10_000.0, 90.0).unwrap();
/// assert!(g.west() < 105.2 - 0.09 && g.north() > 21.5 + 0.089);
/// ```
pub fn grid_around(
    points: &[LatLon],
    radius_m: f64,
    resolution_m: f64,
) -> Result<GeoGrid, CoverageError> {
    if points.is_empty() {
        return Err(CoverageError::param(
            "points",
            0.0,
            "at least one site is needed",
        ));
    }
    if points.len() == 1 {
        return Ok(GeoGrid::around(
            points[0].lat,
            points[0].lon,
            radius_m,
            resolution_m,
        )?);
    }
    let (mut s, mut n, mut w, mut e) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for p in points {
        s = s.min(p.lat);
        n = n.max(p.lat);
        w = w.min(p.lon);
        e = e.max(p.lon);
    }
    let mid = (0.5 * (s + n)).to_radians().cos();
    let dy = resolution_m / METRES_PER_DEGREE;
    let dx = dy / mid;
    let pad_lat = radius_m / METRES_PER_DEGREE + dy;
    let pad_lon = pad_lat / s.abs().max(n.abs()).to_radians().cos();
    let (west, north) = (w - pad_lon, n + pad_lat);
    let width = (((e + pad_lon) - west) / dx).ceil() as usize;
    let height = ((north - (s - pad_lat)) / dy).ceil() as usize;
    Ok(GeoGrid::new(west, north, dx, dy, width, height)?)
}

/// One group's reduced contribution over its window.
struct Contribution {
    window: Window,
    best: Vec<(Technology, Vec<f32>, Vec<u32>)>,
    strongest: Vec<((String, Technology), Vec<f32>)>,
}

/// The contribution of one mast: every sector of its groups (one loss
/// per group, computed on the same window), view angles computed once.
fn contribution(
    terrain: &Mosaic,
    mast: &[(&SiteBand, &[f32])],
    sectors: &[Sector],
    window: &Window,
    spec: &CompositeSpec,
) -> Result<Contribution, CoverageError> {
    let tx = &mast[0].0.transmitter;
    let ground = ground_at(terrain, tx.position)?;
    let angles = ViewAngles::new(terrain, tx, ground, spec.coverage.rx_height_m, window);
    let n = window.len();
    let mut best: Vec<(Technology, Vec<f32>, Vec<u32>)> = Vec::new();
    let mut strongest: Vec<((String, Technology), Vec<f32>)> = Vec::new();
    for (group, loss) in mast {
        let f_loss = group.transmitter.frequency_mhz;
        for (idx, radio) in &group.sectors {
            let tech = radio.technology();
            let op = &sectors[*idx].operator;
            let bi = match best.iter().position(|b| b.0 == tech) {
                Some(i) => i,
                None => {
                    best.push((tech, vec![f32::NAN; n], vec![NO_SECTOR; n]));
                    best.len() - 1
                }
            };
            let si = match strongest
                .iter()
                .position(|s| s.0 .0 == *op && s.0 .1 == tech)
            {
                Some(i) => i,
                None => {
                    strongest.push(((op.clone(), tech), vec![f32::NAN; n]));
                    strongest.len() - 1
                }
            };
            let (b_dbm, b_idx) = {
                let b = &mut best[bi];
                (&mut b.1, &mut b.2)
            };
            let s = &mut strongest[si].1;
            let shift = radio.shift_db(f_loss);
            for i in 0..n {
                let (l, bearing) = (loss[i], angles.bearing_deg[i]);
                if l.is_nan() || bearing.is_nan() {
                    continue;
                }
                let (c, sn) = angles.cos_sin[i];
                let p = radio.received_dbm_fast(
                    bearing as f64,
                    c as f64,
                    sn as f64,
                    angles.elevation_deg[i] as f64,
                    l as f64,
                    shift,
                );
                let fig = (p + radio.figure_offset_db) as f32;
                if b_dbm[i].is_nan() || fig > b_dbm[i] {
                    b_dbm[i] = fig;
                    b_idx[i] = *idx as u32;
                }
                if s[i].is_nan() || fig > s[i] {
                    s[i] = fig;
                }
            }
        }
    }
    Ok(Contribution {
        window: *window,
        best,
        strongest,
    })
}

/// Merges a contribution into an accumulator tile.
fn merge(tile: &mut Composite, c: &Contribution) {
    let (tw, cw) = (tile.window, c.window);
    let c0 = tw.col0.max(cw.col0);
    let c1 = (tw.col0 + tw.cols).min(cw.col0 + cw.cols);
    let r0 = tw.row0.max(cw.row0);
    let r1 = (tw.row0 + tw.rows).min(cw.row0 + cw.rows);
    if c0 >= c1 || r0 >= r1 {
        return;
    }
    let n = c1 - c0;
    for r in r0..r1 {
        let ti = (r - tw.row0) * tw.cols + (c0 - tw.col0);
        let ci = (r - cw.row0) * cw.cols + (c0 - cw.col0);
        for (tech, dbm, idx) in &c.best {
            let b = tile.best.get_mut(tech).expect("layer");
            for k in 0..n {
                let v = dbm[ci + k];
                let o = &mut b.dbm[ti + k];
                if !v.is_nan() && (o.is_nan() || v > *o) {
                    *o = v;
                    b.sector[ti + k] = idx[ci + k];
                }
            }
        }
        for (key, vals) in &c.strongest {
            let s = tile.strongest.get_mut(key).expect("layer");
            for k in 0..n {
                let v = vals[ci + k];
                let o = &mut s[ti + k];
                if !v.is_nan() && (o.is_nan() || v > *o) {
                    *o = v;
                }
            }
        }
    }
}

/// The composite of `sectors` (on `sites`) over `grid`, by tiles: each
/// finished tile goes to `sink` in row-major order of tiles. `cache`, if
/// given, supplies and keeps the groups' losses; `progress` hears (groups
/// done, groups in all).
///
/// The result is the same on any number of threads.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::{example_sector, Site, Source, Structure};
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::*;
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, vec![25.0; 201 * 201], None, &LoadOptions::default())?])?;
/// let site = Site { id: "S1".into(), name: "S1".into(), point: LatLon::new(21.0, 105.1),
///     ground_elevation_m: None, structure: Structure::Tower, structure_height_m: 40.0,
///     owner: "viettel".into(), operators: vec!["viettel".into()], commune_code: None, source: Source::User };
/// let sectors = vec![example_sector()];
/// let cov = CoverageSpec::new(2_000.0, 100.0);
/// let grid = grid_around(&[site.point], cov.radius_m, cov.resolution_m)?;
/// let mut tiles = Vec::new();
/// let summary = composite(&dem, &[site], &sectors, &Model::Itm(ItmParams::signal_server()), grid,
///     &CompositeSpec::new(cov), None, &|_, _| {}, &mut |t| { tiles.push(t); Ok(()) })?;
/// assert_eq!(summary.computed, 1);
/// let c = Composite::assemble(grid, tiles);
/// let lte = &c.best[&hatang_core::model::Technology::Lte];
/// assert!(lte.sector.iter().any(|&s| s == 0));
/// assert_eq!(c.strongest.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn composite(
    terrain: &Mosaic,
    sites: &[Site],
    sectors: &[Sector],
    model: &Model,
    grid: GeoGrid,
    spec: &CompositeSpec,
    mut cache: Option<&mut dyn LossCache>,
    progress: &(dyn Fn(usize, usize) + Sync),
    sink: &mut dyn FnMut(Composite) -> Result<(), CoverageError>,
) -> Result<CompositeSummary, CoverageError> {
    spec.coverage.check()?;
    if spec.tile == 0 || spec.batch == 0 {
        return Err(CoverageError::param(
            "tile",
            spec.tile as f64,
            "tile and batch must be positive",
        ));
    }
    let groups = SiteBand::group(sites, sectors, &spec.figures)?;
    let mut summary = CompositeSummary::default();
    // The layers: every technology and operator × technology present.
    let mut techs: Vec<Technology> = Vec::new();
    let mut keys: Vec<(String, Technology)> = Vec::new();
    for g in &groups {
        for (i, r) in &g.sectors {
            let t = r.technology();
            if !techs.contains(&t) {
                techs.push(t);
            }
            let k = (sectors[*i].operator.clone(), t);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    techs.sort();
    keys.sort();

    // Masts: the groups of one site and antenna height share a window,
    // the pixels' geometry and the view angles.
    let tile = spec.tile;
    let mut masts: BTreeMap<(String, u64), Vec<usize>> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        masts
            .entry((g.site_id.clone(), g.transmitter.height_m.to_bits()))
            .or_default()
            .push(gi);
    }
    let mut work: Vec<(Vec<usize>, Window, usize)> = Vec::new();
    for (_, gis) in masts {
        let tx = &groups[gis[0]].transmitter;
        let inside = ground_at(terrain, tx.position).is_ok();
        match Window::around(&grid, tx.position, spec.coverage.radius_m) {
            Some(w) if inside => {
                let first = w.row0 / tile;
                work.push((gis, w, first));
            }
            _ => summary.skipped += gis.len(),
        }
    }
    // By first row of tiles; within a row, in order of site and height.
    work.sort_by_key(|(gis, _, first)| (*first, gis[0]));
    let total: usize = work.iter().map(|w| w.0.len()).sum();
    let tiles_across = grid.width().div_ceil(tile);
    let tiles_down = grid.height().div_ceil(tile);
    let tile_window = |tr: usize, tc: usize| Window {
        grid,
        col0: tc * tile,
        row0: tr * tile,
        cols: tile.min(grid.width() - tc * tile),
        rows: tile.min(grid.height() - tr * tile),
    };
    let terrain_fp = cache
        .as_ref()
        .map(|_| terrain_fingerprint(terrain))
        .unwrap_or_default();

    // Rows of tiles in progress: row index → its tiles.
    let mut active: BTreeMap<usize, Vec<Composite>> = BTreeMap::new();
    let mut next = 0usize;
    let mut done = 0usize;
    for tr in 0..tiles_down {
        let start = next;
        while next < work.len() && work[next].2 == tr {
            next += 1;
        }
        for chunk in work[start..next].chunks(spec.batch) {
            // Losses: from the cache, or computed (all missing bands of a
            // mast at once), masts in parallel.
            let mut known: Vec<Vec<Option<Vec<f32>>>> = Vec::with_capacity(chunk.len());
            let mut hashes: Vec<Vec<String>> = Vec::with_capacity(chunk.len());
            for (gis, w, _) in chunk {
                let mut k = vec![None; gis.len()];
                let mut h = vec![String::new(); gis.len()];
                if let Some(c) = cache.as_deref_mut() {
                    for (q, &gi) in gis.iter().enumerate() {
                        h[q] = params_hash(&groups[gi], model, &spec.coverage, w, &terrain_fp);
                        k[q] = c.load(&groups[gi], &h[q]).filter(|v| v.len() == w.len());
                    }
                }
                known.push(k);
                hashes.push(h);
            }
            type MastResult = Result<(Vec<Vec<f32>>, Vec<bool>, Contribution), CoverageError>;
            let results: Vec<MastResult> = chunk
                .par_iter()
                .zip(known.into_par_iter())
                .map(|((gis, w, _), known)| {
                    let missing: Vec<usize> =
                        (0..gis.len()).filter(|&q| known[q].is_none()).collect();
                    let freqs: Vec<f64> = missing
                        .iter()
                        .map(|&q| groups[gis[q]].transmitter.frequency_mhz)
                        .collect();
                    let mut fresh = if missing.is_empty() {
                        Vec::new()
                    } else {
                        losses_multi(
                            terrain,
                            &groups[gis[0]].transmitter,
                            &freqs,
                            model,
                            &spec.coverage,
                            w,
                            None,
                        )?
                    };
                    let mut losses: Vec<Vec<f32>> = Vec::with_capacity(gis.len());
                    let mut computed = vec![false; gis.len()];
                    let mut fresh_iter = fresh.drain(..);
                    for (q, k) in known.into_iter().enumerate() {
                        match k {
                            Some(v) => losses.push(v),
                            None => {
                                computed[q] = true;
                                losses.push(fresh_iter.next().unwrap_or_default());
                            }
                        }
                    }
                    let pairs: Vec<(&SiteBand, &[f32])> = gis
                        .iter()
                        .zip(&losses)
                        .map(|(&gi, l)| (&groups[gi], l.as_slice()))
                        .collect();
                    let c = contribution(terrain, &pairs, sectors, w, spec)?;
                    Ok((losses, computed, c))
                })
                .collect();
            let mut contributions = Vec::with_capacity(chunk.len());
            for (k, r) in results.into_iter().enumerate() {
                let (losses, computed, c) = r?;
                let (gis, w, _) = &chunk[k];
                for (q, &gi) in gis.iter().enumerate() {
                    if computed[q] {
                        summary.computed += 1;
                        if let Some(cache) = cache.as_deref_mut() {
                            cache.save(&groups[gi], &hashes[k][q], w, &losses[q]);
                        }
                    } else {
                        summary.cached += 1;
                    }
                }
                done += gis.len();
                contributions.push(c);
            }
            // Merge, in parallel over the tiles touched, in mast order.
            for c in &contributions {
                let w = c.window;
                for r in w.row0 / tile..=(w.row0 + w.rows - 1) / tile {
                    active.entry(r).or_insert_with(|| {
                        (0..tiles_across)
                            .map(|tc| Composite::empty(tile_window(r, tc), &techs, &keys))
                            .collect()
                    });
                }
            }
            active
                .values_mut()
                .flat_map(|row| row.iter_mut())
                .collect::<Vec<_>>()
                .into_par_iter()
                .for_each(|t| {
                    for c in &contributions {
                        merge(t, c);
                    }
                });
            progress(done, total);
        }
        // Row `tr` is final.
        let row = active.remove(&tr).unwrap_or_else(|| {
            (0..tiles_across)
                .map(|tc| Composite::empty(tile_window(tr, tc), &techs, &keys))
                .collect()
        });
        for t in row {
            sink(t)?;
        }
    }
    Ok(summary)
}
