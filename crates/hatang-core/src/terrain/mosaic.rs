//! Several tiles answering as one elevation model.

use super::hgt::kind_of;
use super::{profile, Elevation, LoadOptions, PathDistance, TerrainError, Tile};
use crate::geo::{Bbox, LatLon};
use std::path::Path;

/// A set of tiles with the box around them. A point is answered by the
/// first tile (in the order added) that covers it; neighbouring SRTM tiles
/// share their edge samples, so the choice does not change the height.
/// A point in a hole between tiles is an error, like one outside the box.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{Elevation, GridSpec, LoadOptions, Mosaic, Tile};
/// let o = LoadOptions::default();
/// let west = Tile::from_grid("W", GridSpec::new(105.0, 22.0, 1.0, 1.0, 2, 2), vec![0.0; 4], None, &o).unwrap();
/// let east = Tile::from_grid("E", GridSpec::new(106.0, 22.0, 1.0, 1.0, 2, 2), vec![100.0; 4], None, &o).unwrap();
/// let m = Mosaic::new(vec![west, east]).unwrap();
/// assert_eq!(m.coverage().max_lon, 107.0);
/// assert_eq!(m.elevation(LatLon::new(21.5, 106.5)).unwrap(), 100.0);
/// let p = m.profile(LatLon::new(21.5, 105.5), LatLon::new(21.5, 106.5), 1_000.0).unwrap();
/// assert_eq!(p.heights().first(), Some(&0.0));
/// assert_eq!(p.heights().last(), Some(&100.0));
/// let e = m.elevation(LatLon::new(23.0, 105.5)).unwrap_err().to_string();
/// assert!(e.contains("2 tiles"), "{e}");
/// ```
#[derive(Debug, Clone)]
pub struct Mosaic {
    tiles: Vec<Tile>,
    bbox: Bbox,
}

impl Mosaic {
    /// A mosaic of `tiles` (at least one).
    pub fn new(tiles: Vec<Tile>) -> Result<Mosaic, TerrainError> {
        let bbox = bbox_of(&tiles).ok_or(TerrainError::EmptyMosaic)?;
        Ok(Mosaic { tiles, bbox })
    }

    /// Loads every `.hgt`, `.tif` and `.tiff` file of `dir` (not its
    /// subdirectories), in file-name order; other files are ignored.
    ///
    /// ```no_run
    /// use hatang_core::terrain::{LoadOptions, Mosaic};
    /// let m = Mosaic::load_dir("data/dem", &LoadOptions::default())?;
    /// println!("{} tiles, {} voids filled", m.tiles().len(), m.voids_filled());
    /// # Ok::<_, hatang_core::terrain::TerrainError>(())
    /// ```
    pub fn load_dir(dir: impl AsRef<Path>, opts: &LoadOptions) -> Result<Mosaic, TerrainError> {
        let dir = dir.as_ref();
        let io = |source| TerrainError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() && kind_of(&path).is_some() {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(TerrainError::EmptyDirectory {
                dir: dir.to_path_buf(),
            });
        }
        paths.sort();
        let tiles = paths
            .iter()
            .map(|p| Tile::open(p, opts))
            .collect::<Result<Vec<_>, _>>()?;
        Mosaic::new(tiles)
    }

    /// Adds a tile (it answers after the ones already there).
    ///
    /// ```
    /// # use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
    /// let o = LoadOptions::default();
    /// let t = |w: f64| Tile::from_grid("t", GridSpec::new(w, 22.0, 1.0, 1.0, 2, 2), vec![0.0; 4], None, &o).unwrap();
    /// let mut m = Mosaic::new(vec![t(105.0)]).unwrap();
    /// m.push(t(106.0));
    /// assert_eq!(m.tiles().len(), 2);
    /// ```
    pub fn push(&mut self, tile: Tile) {
        self.tiles.push(tile);
        self.bbox = bbox_of(&self.tiles).unwrap_or(self.bbox);
    }

    /// The tiles, in lookup order.
    pub fn tiles(&self) -> &[Tile] {
        &self.tiles
    }

    /// Total voids filled over all tiles.
    pub fn voids_filled(&self) -> usize {
        self.tiles.iter().map(Tile::voids_filled).sum()
    }

    /// The first tile covering `p`.
    #[inline]
    pub fn tile_at(&self, p: LatLon) -> Option<&Tile> {
        self.tiles.iter().find(|t| t.contains(p))
    }

    fn outside(&self, p: LatLon) -> TerrainError {
        const SHOWN: usize = 6;
        let mut loaded = format!(
            "{} tile{} within [{:.6}–{:.6} E, {:.6}–{:.6} N]: ",
            self.tiles.len(),
            if self.tiles.len() == 1 { "" } else { "s" },
            self.bbox.min_lon,
            self.bbox.max_lon,
            self.bbox.min_lat,
            self.bbox.max_lat
        );
        let names: Vec<String> = self.tiles.iter().take(SHOWN).map(Tile::describe).collect();
        loaded.push_str(&names.join(", "));
        if self.tiles.len() > SHOWN {
            loaded.push_str(&format!(", … and {} more", self.tiles.len() - SHOWN));
        }
        TerrainError::OutsideTerrain { point: p, loaded }
    }
}

fn bbox_of(tiles: &[Tile]) -> Option<Bbox> {
    let mut it = tiles.iter().map(|t| t.coverage());
    let first = it.next()?;
    Some(it.fold(first, |a, b| {
        Bbox::new(
            a.min_lon.min(b.min_lon),
            a.min_lat.min(b.min_lat),
            a.max_lon.max(b.max_lon),
            a.max_lat.max(b.max_lat),
        )
    }))
}

impl Elevation for Mosaic {
    fn elevation(&self, p: LatLon) -> Result<f64, TerrainError> {
        match self.tile_at(p) {
            Some(t) => t.elevation(p),
            None => Err(self.outside(p)),
        }
    }

    fn coverage(&self) -> Bbox {
        self.bbox
    }

    fn profile_into_with(
        &self,
        from: LatLon,
        to: LatLon,
        step_m: f64,
        distance: PathDistance,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        let (np, step) = profile::plan(from, to, step_m, distance)?;
        pfl.clear();
        pfl.reserve(np + 3);
        pfl.push(np as f64);
        pfl.push(step);
        // Both ends in one tile: so is the whole straight line (a tile's box
        // is convex in latitude/longitude).
        if let Some(t) = self
            .tiles
            .iter()
            .find(|t| t.contains(from) && t.contains(to))
        {
            return t.cut_inside(from, to, np, pfl);
        }
        let inv = 1.0 / np as f64;
        let mut last: Option<&Tile> = None;
        for i in 0..=np {
            let t = i as f64 * inv;
            let p = LatLon::new(
                from.lat + (to.lat - from.lat) * t,
                from.lon + (to.lon - from.lon) * t,
            );
            let tile = match last.filter(|t| t.contains(p)) {
                Some(t) => t,
                None => self.tile_at(p).ok_or_else(|| self.outside(p))?,
            };
            last = Some(tile);
            pfl.push(tile.elevation(p)?);
        }
        Ok(())
    }
}
