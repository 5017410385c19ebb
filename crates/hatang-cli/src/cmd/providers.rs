//! Glue between the computed results (coverage, scorecard) and the server.

use hatang_server::AppStateBuilder;
use std::path::Path;

/// Adds the providers whose results exist in the data directory.
pub fn wire(builder: AppStateBuilder, _dir: &Path) -> anyhow::Result<AppStateBuilder> {
    Ok(builder)
}
