//! Point signals from the coverage crate (ITM point to point over the
//! terrain, the on-air sectors, the radio configuration's model settings),
//! turned into the scorecard's [`SignalMap`]. Shared with the benchmark.

use hatang_core::geo::LatLon;
use hatang_core::model::{Dataset, SectorStatus};
use hatang_core::radio::config::RadioConfig;
use hatang_core::terrain::Mosaic;
use hatang_coverage::{point_signals, Model, PointSignals, PointSpec};
use hatang_scorecard::signal::{Reading, SignalMap};

/// The readings of one point: the best known level of each operator's
/// technology, and an unknown reading where some sector's profile left the
/// terrain.
pub fn readings(p: &PointSignals) -> Vec<Reading> {
    let mut out = Vec::new();
    for s in &p.signals {
        if let Some(dbm) = s.dbm {
            out.push(Reading::new(s.operator.clone(), s.technology, Some(dbm)));
        }
        if s.unknown > 0 {
            out.push(Reading::new(s.operator.clone(), s.technology, None));
        }
    }
    out
}

/// Signals at the given points (id, position): ITM with the radio
/// configuration's defaults, receiver 1.5 m, sites within `radius_m`.
pub fn signals(
    terrain: &Mosaic,
    ds: &Dataset,
    points: &[(String, LatLon)],
    radius_m: f64,
) -> SignalMap {
    let cfg = RadioConfig::default();
    let model = Model::from_name("itm", &cfg).expect("ITM");
    let spec = PointSpec::from_config(radius_m, &cfg);
    let sectors: Vec<_> = ds
        .sectors
        .iter()
        .filter(|s| s.status == SectorStatus::OnAir)
        .cloned()
        .collect();
    let at: Vec<LatLon> = points.iter().map(|p| p.1).collect();
    let out =
        point_signals(terrain, &at, &ds.sites, &sectors, &model, &spec).expect("point signals");
    points
        .iter()
        .zip(&out)
        .map(|((id, _), p)| (id.clone(), readings(p)))
        .collect()
}
