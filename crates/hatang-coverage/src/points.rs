//! Signals at given points (villages, zones), point to point: for each
//! point, every group of sectors within a radius gets its own exact
//! profile (the terrain API's, like the exact mode) and one model call,
//! then each sector's pattern and figure; the best figure of each
//! operator's technology is kept.
//!
//! Where a profile leaves the loaded terrain (or the point itself is
//! outside it), the sectors of that group are counted as *unknown* for
//! their operator and technology — never as no signal: a consumer should
//! call a point without signal only when nothing reaches it and nothing
//! is unknown.

use crate::error::CoverageError;
use crate::group::SiteBand;
use crate::loss::{exact_loss, p1812_of};
use crate::model::Model;
use crate::terrain::Cursor;
use hatang_core::geo::LatLon;
use hatang_core::model::{Sector, Site, Technology};
use hatang_core::radio::antenna::elevation_angle_deg;
use hatang_core::radio::link::FigureSettings;
use hatang_core::terrain::Mosaic;
use hatang_raster::METRES_PER_DEGREE;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Settings of [`point_signals`].
///
/// ```
/// let s = hatang_coverage::PointSpec::new(15_000.0);
/// assert_eq!((s.rx_height_m, s.step_m), (1.5, 30.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PointSpec {
    /// Only sites within this distance of a point count, m.
    pub radius_m: f64,
    /// Receiver height above ground, m.
    pub rx_height_m: f64,
    /// Profile step, m.
    pub step_m: f64,
    /// How received power becomes each technology's figure.
    pub figures: FigureSettings,
}

impl PointSpec {
    /// A 1.5 m receiver, 30 m profile steps, default figure settings.
    pub fn new(radius_m: f64) -> Self {
        Self {
            radius_m,
            rx_height_m: 1.5,
            step_m: 30.0,
            figures: FigureSettings::default(),
        }
    }

    /// The configuration table's receiver height, profile step and figure
    /// settings.
    ///
    /// ```
    /// use hatang_core::radio::config::RadioConfig;
    /// let cfg = RadioConfig::default();
    /// let s = hatang_coverage::PointSpec::from_config(15_000.0, &cfg);
    /// assert_eq!((s.rx_height_m, s.step_m), (cfg.rx_height_m, cfg.profile_step_m));
    /// ```
    pub fn from_config(radius_m: f64, cfg: &hatang_core::radio::config::RadioConfig) -> Self {
        Self {
            radius_m,
            rx_height_m: cfg.rx_height_m,
            step_m: cfg.profile_step_m,
            figures: cfg.figures,
        }
    }
}

/// The best signal of one operator's technology at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorSignal {
    /// Operator id.
    pub operator: String,
    /// Technology.
    pub technology: Technology,
    /// Strongest figure among the sectors whose profile lies in the
    /// terrain (RxLev, RSCP, RSRP, SS-RSRP), dBm; `None` when there is none.
    pub dbm: Option<f64>,
    /// The sector giving it: its index in the sectors given.
    pub sector: Option<usize>,
    /// Sectors within the radius whose profile leaves the loaded terrain.
    pub unknown: usize,
}

/// The signals at one point, one entry per operator and technology with a
/// sector within the radius, sorted by operator then technology. An empty
/// list: nothing within the radius (no signal).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PointSignals {
    /// The entries.
    pub signals: Vec<OperatorSignal>,
}

impl PointSignals {
    /// The entry of an operator's technology.
    pub fn get(&self, operator: &str, technology: Technology) -> Option<&OperatorSignal> {
        self.signals
            .iter()
            .find(|s| s.operator == operator && s.technology == technology)
    }

    /// The best known figure of a technology over all operators.
    pub fn best_of(&self, technology: Technology) -> Option<f64> {
        self.signals
            .iter()
            .filter(|s| s.technology == technology)
            .filter_map(|s| s.dbm)
            .max_by(f64::total_cmp)
    }
}

/// The best signal per operator and technology at each point (in the order
/// given), point to point with exact profiles, in parallel; the same on
/// any number of threads.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::{example_sector, Site, Source, Structure, Technology};
/// use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
/// use hatang_coverage::*;
/// let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
/// let dem = Mosaic::new(vec![Tile::from_grid("t", spec, vec![25.0; 201 * 201], None, &LoadOptions::default())?])?;
/// let site = Site { id: "S1".into(), name: "S1".into(), point: LatLon::new(21.0, 105.1),
///     ground_elevation_m: None, structure: Structure::Tower, structure_height_m: 40.0,
///     owner: "viettel".into(), operators: vec!["viettel".into()], commune_code: None, source: Source::User };
/// let points = [LatLon::new(21.01, 105.1), LatLon::new(21.0, 105.5), LatLon::new(20.99, 105.1)];
/// let out = point_signals(&dem, &points, &[site], &[example_sector()],
///     &Model::Itm(ItmParams::signal_server()), &PointSpec::new(15_000.0))?;
/// let north = out[0].get("viettel", Technology::Lte).unwrap();
/// assert!(north.dbm.unwrap() > -100.0 && north.unknown == 0);
/// // 40 km east: out of range — nothing.
/// assert!(out[1].signals.is_empty());
/// // 1.1 km south, behind the antenna (azimuth 0°): weaker than north.
/// assert!(out[2].best_of(Technology::Lte).unwrap() < north.dbm.unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn point_signals(
    terrain: &Mosaic,
    points: &[LatLon],
    sites: &[Site],
    sectors: &[Sector],
    model: &Model,
    spec: &PointSpec,
) -> Result<Vec<PointSignals>, CoverageError> {
    if !(spec.radius_m > 0.0 && spec.radius_m.is_finite()) {
        return Err(CoverageError::param(
            "radius_m",
            spec.radius_m,
            "must be positive",
        ));
    }
    if !(spec.step_m > 0.0 && spec.step_m.is_finite()) {
        return Err(CoverageError::param(
            "step_m",
            spec.step_m,
            "must be positive",
        ));
    }
    let groups = SiteBand::group(sites, sectors, &spec.figures)?;
    // Check the model once (ITM's input checks) on the first group.
    if let Some(g) = groups.first() {
        crate::loss::prepare(model, &g.transmitter, spec.rx_height_m)?;
    }
    let p1812 = p1812_of(model);
    // Ground at each group's site (None: outside the terrain).
    let ground: Vec<Option<f64>> = groups
        .iter()
        .map(|g| {
            Cursor::new(terrain).height(g.transmitter.position.lat, g.transmitter.position.lon)
        })
        .collect();
    // A coarse index of the groups by cell of about the radius.
    let cell = spec.radius_m / METRES_PER_DEGREE;
    let key = |p: LatLon| ((p.lat / cell).floor() as i64, (p.lon / cell).floor() as i64);
    let mut index: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        index
            .entry(key(g.transmitter.position))
            .or_default()
            .push(i);
    }
    let lat_span = |p: LatLon| (1.0 / p.lat.to_radians().cos().max(0.05)).ceil() as i64;

    Ok(points
        .par_iter()
        .map_init(Vec::new, |pfl, &p| {
            let mut best: BTreeMap<(String, Technology), OperatorSignal> = BTreeMap::new();
            let z_rx = Cursor::new(terrain).height(p.lat, p.lon);
            let (kl, ko) = key(p);
            let span = lat_span(p);
            let mut cand: Vec<usize> = Vec::new();
            for dl in -1..=1 {
                for dk in -span..=span {
                    if let Some(v) = index.get(&(kl + dl, ko + dk)) {
                        cand.extend_from_slice(v);
                    }
                }
            }
            cand.sort_unstable();
            for gi in cand {
                let g = &groups[gi];
                let tx = &g.transmitter;
                let d = tx.position.distance_m(p);
                if d > spec.radius_m {
                    continue;
                }
                // A point on the mast: take it one step away, northwards.
                let to = if d < 1.0 {
                    LatLon::new(p.lat + 1.0 / METRES_PER_DEGREE, p.lon)
                } else {
                    p
                };
                let loss = match (ground[gi], z_rx) {
                    (Some(_), Some(_)) => exact_loss(
                        terrain,
                        tx,
                        model,
                        p1812.as_ref(),
                        spec.rx_height_m,
                        to,
                        spec.step_m,
                        pfl,
                    ),
                    _ => None,
                };
                for (idx, radio) in &g.sectors {
                    let op = &sectors[*idx].operator;
                    let entry = best
                        .entry((op.clone(), radio.technology()))
                        .or_insert_with(|| OperatorSignal {
                            operator: op.clone(),
                            technology: radio.technology(),
                            dbm: None,
                            sector: None,
                            unknown: 0,
                        });
                    match (loss, ground[gi], z_rx) {
                        (Some(l), Some(zt), Some(zr)) => {
                            let bearing = tx.position.bearing_deg(to);
                            let elev = elevation_angle_deg(
                                zt + tx.height_m,
                                zr + spec.rx_height_m,
                                d.max(1.0),
                            );
                            let fig = radio.received_dbm(bearing, elev, l, tx.frequency_mhz)
                                + radio.figure_offset_db;
                            if entry.dbm.is_none_or(|b| fig > b) {
                                entry.dbm = Some(fig);
                                entry.sector = Some(*idx);
                            }
                        }
                        _ => entry.unknown += 1,
                    }
                }
            }
            PointSignals {
                signals: best.into_values().collect(),
            }
        })
        .collect())
}
