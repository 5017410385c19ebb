//! What other parts of hatang plug into the server: coverage tiles
//! (issue 4), the scorecard and targets (issue 5) and the reports. Each is
//! optional; while one is missing its routes answer a JSON 404 saying it is
//! not computed yet.
//!
//! Implementations are called from blocking threads
//! (`tokio::task::spawn_blocking`), so they may take their time and do
//! I/O; the server caches coverage tiles per [`CoverageProvider::generation`].

use hatang_core::model::Technology;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One coverage layer: an operator (or `all`, the best server of any
/// operator) and a technology.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CoverageLayer {
    /// Operator id (`viettel`, …) or `all`.
    pub operator: String,
    /// Technology.
    #[schema(value_type = String, example = "4G")]
    pub technology: Technology,
}

/// One step of a coverage colour ramp, for the legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LegendStep {
    /// Lower bound of the step (e.g. a signal level, dBm).
    pub from: f64,
    /// Colour, `#rrggbb` or `#rrggbbaa`.
    pub colour: String,
    /// Label in Vietnamese.
    pub label_vi: String,
    /// Label in English.
    pub label_en: String,
}

/// Coverage as map tiles (issue 4): the lead wires an implementation over
/// the stored composites and `hatang_raster::render_tile`.
pub trait CoverageProvider: Send + Sync + 'static {
    /// The layers that have been computed.
    fn layers(&self) -> Vec<CoverageLayer>;

    /// A 256×256 PNG tile of one layer, or `Ok(None)` when the tile holds
    /// no coverage (the server answers a transparent tile).
    fn tile(&self, layer: &CoverageLayer, z: u8, x: u32, y: u32)
        -> Result<Option<Vec<u8>>, String>;

    /// The legend as a PNG image, if the provider draws one.
    fn legend_png(&self) -> Option<Vec<u8>> {
        None
    }

    /// The legend as steps (the page draws it).
    fn legend(&self) -> Vec<LegendStep> {
        Vec::new()
    }

    /// Changes whenever the rasters change: the server drops its cached
    /// tiles when the generation it saw differs.
    fn generation(&self) -> u64 {
        0
    }
}

/// The class of a village's mobile coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum VillageClass {
    /// Good coverage.
    Good,
    /// Fair (usable, weak) coverage.
    Fair,
    /// No signal.
    None,
    /// Not computed yet.
    Unknown,
}

impl VillageClass {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            VillageClass::Good => "good",
            VillageClass::Fair => "fair",
            VillageClass::None => "none",
            VillageClass::Unknown => "unknown",
        }
    }
}

/// A target with its progress, as the side panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    /// Stable key (e.g. `villages_4g_share_2025`).
    pub key: String,
    /// Label in Vietnamese.
    pub label_vi: String,
    /// Label in English.
    pub label_en: String,
    /// Unit of the values (`%`, `sites`, …).
    pub unit: String,
    /// The value aimed at.
    pub target: f64,
    /// The value reached, if known.
    #[schema(nullable)]
    pub value: Option<f64>,
    /// The deadline (`YYYY-MM-DD` or a period), if any.
    #[schema(nullable)]
    pub deadline: Option<String>,
    /// Where the target comes from (a plan, a decision).
    #[schema(nullable)]
    pub source: Option<String>,
}

/// The scorecard and targets (issue 5): the lead wires an implementation
/// over the scorecard computation.
pub trait ScorecardProvider: Send + Sync + 'static {
    /// The scorecard document, served as is at `/scorecard`; `None` while
    /// not computed.
    fn scorecard(&self) -> Option<serde_json::Value>;

    /// The targets with their progress; `None` while not computed.
    fn targets(&self) -> Option<Vec<Target>>;

    /// Each village's class by village id; villages absent are `unknown`.
    fn village_classes(&self) -> Option<HashMap<String, VillageClass>> {
        None
    }

    /// A score per 2025 commune code (0–100, higher is better) for the
    /// map's choropleth.
    fn commune_scores(&self) -> Option<HashMap<String, f64>> {
        None
    }

    /// Computed indicator series to show beside the stored ones:
    /// (key, unit code, period, value, source).
    fn indicator_series(&self) -> Vec<SeriesPoint> {
        Vec::new()
    }
}

/// One computed indicator value from a [`ScorecardProvider`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// Indicator key (one of `hatang_core::model::INDICATOR_KEYS`).
    pub key: String,
    /// Unit version, as `level/code@valid_from`.
    pub unit: String,
    /// Period (`YYYY`, `YYYY-Qn`, `YYYY-MM`).
    pub period: String,
    /// Value.
    pub value: f64,
    /// Source.
    pub source: String,
}

/// A report that can be downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportInfo {
    /// Id used in `/reports/{id}`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Media type of the download (`application/pdf`, `text/csv`, …).
    pub media_type: String,
    /// File name offered to the browser.
    pub filename: String,
}

/// The reports (issue 5 and later): the lead wires an implementation.
pub trait ReportProvider: Send + Sync + 'static {
    /// The reports available.
    fn list(&self) -> Vec<ReportInfo>;

    /// The bytes of one report, `Ok(None)` if unknown.
    fn render(&self, id: &str) -> Result<Option<Vec<u8>>, String>;
}

/// The site plan (issue 7): where the next sites go to close the coverage
/// gap. The lead wires an implementation over `hatang_planner`.
pub trait PlanProvider: Send + Sync + 'static {
    /// The plan as a GeoJSON FeatureCollection whose features carry a
    /// `layer` property (`site`: a planned site with its kind, operator,
    /// cost and the villages it covers; `link`: a line from a site to a
    /// village it covers; `village`: a village without signal, covered by
    /// the plan or not) and whose `properties` hold the plan's figures
    /// (cost, villages covered, the optimality gap). `None` while not
    /// computed.
    fn plan(&self) -> Option<serde_json::Value>;
}
