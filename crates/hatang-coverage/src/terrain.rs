//! Fast terrain lookups for the radial engine and the pixel passes.
//!
//! Heights are computed with exactly the arithmetic of
//! `hatang_core::terrain::Tile::elevation_clamped` (the exact mode's
//! profiles go through it), so that a sample taken here at the same
//! position is the same number. The per-pixel passes ([`Segment::run`],
//! [`Segment::gather`]) step along the line in the tile's grid
//! coordinates instead of converting each point from latitude and
//! longitude: the positions differ in the last bits, the heights by
//! nanometres (micrometres on synthetic cliffs).

use hatang_core::geo::LatLon;
use hatang_core::terrain::{Mosaic, Tile};

/// Bilinear heights from a mosaic, remembering the last tile used (a
/// radial crosses few tiles). `None` outside the loaded terrain or next to
/// a kept void.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    mosaic: &'a Mosaic,
    last: Option<(&'a Tile, Grid<'a>)>,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic) -> Self {
        Self { mosaic, last: None }
    }

    /// The tile holding `p`, and its grid.
    #[inline]
    fn tile(&mut self, p: LatLon) -> Option<&Grid<'a>> {
        match self.last {
            Some((t, _)) if t.contains(p) => {}
            _ => {
                let t = self.mosaic.tile_at(p)?;
                self.last = Some((t, Grid::of(t)));
            }
        }
        self.last.as_ref().map(|(_, g)| g)
    }

    /// Ground height at (`lat`, `lon`), metres.
    #[inline]
    pub(crate) fn height(&mut self, lat: f64, lon: f64) -> Option<f64> {
        let h = self.tile(LatLon::new(lat, lon))?.height(lat, lon);
        if h.is_nan() {
            None
        } else {
            Some(h)
        }
    }

    /// Whether (`lat`, `lon`) lies in the loaded terrain.
    #[inline]
    pub(crate) fn contains(&mut self, lat: f64, lon: f64) -> bool {
        match self.tile(LatLon::new(lat, lon)) {
            // Without kept voids every height inside the tile is a number.
            Some(g) if !g.has_voids => true,
            Some(g) => !g.height(lat, lon).is_nan(),
            None => false,
        }
    }
}

/// One tile's grid, for lookups known to fall inside it.
#[derive(Clone, Copy)]
struct Grid<'a> {
    data: &'a [f32],
    ncols: usize,
    nrows: usize,
    west: f64,
    north: f64,
    inv_dlon: f64,
    inv_dlat: f64,
    max_x: f64,
    max_y: f64,
    has_voids: bool,
}

impl<'a> Grid<'a> {
    fn of(tile: &'a Tile) -> Self {
        let s = tile.spec();
        Self {
            data: tile.heights(),
            ncols: s.ncols,
            nrows: s.nrows,
            west: s.west_lon,
            north: s.north_lat,
            inv_dlon: 1.0 / s.dlon_deg,
            inv_dlat: 1.0 / s.dlat_deg,
            max_x: (s.ncols - 1) as f64,
            max_y: (s.nrows - 1) as f64,
            has_voids: tile.voids_found() > tile.voids_filled(),
        }
    }

    /// `Tile::elevation_clamped`, operation for operation.
    #[inline(always)]
    fn height(&self, lat: f64, lon: f64) -> f64 {
        self.height_xy(
            (lon - self.west) * self.inv_dlon,
            (self.north - lat) * self.inv_dlat,
        )
    }

    /// Column and row coordinates of (`lat`, `lon`).
    #[inline(always)]
    fn xy(&self, p: LatLon) -> (f64, f64) {
        (
            (p.lon - self.west) * self.inv_dlon,
            (self.north - p.lat) * self.inv_dlat,
        )
    }

    /// The bilinear height at fractional column `x`, row `y`.
    #[inline(always)]
    fn height_xy(&self, x: f64, y: f64) -> f64 {
        let ncols = self.ncols;
        let x = x.clamp(0.0, self.max_x);
        let y = y.clamp(0.0, self.max_y);
        // (Through i32: the conversions to and from usize are slow on the
        // default target; the numbers are the same.)
        let c = (x as i32).min(ncols as i32 - 2);
        let r = (y as i32).min(self.nrows as i32 - 2);
        let fx = x - c as f64;
        let fy = y - r as f64;
        let i = r as usize * ncols + c as usize;
        let quad = &self.data[i..i + ncols + 2];
        let (h00, h01) = (quad[0] as f64, quad[1] as f64);
        let (h10, h11) = (quad[ncols] as f64, quad[ncols + 1] as f64);
        let north = h00 + (h01 - h00) * fx;
        let south = h10 + (h11 - h10) * fx;
        north + (south - north) * fy
    }
}

/// The straight line (in latitude/longitude) from `from` to `to`, sampled
/// at fractions `f` like the exact mode's profiles: the point is
/// `from + (to − from)·f`.
pub(crate) struct Segment<'a> {
    fast: Option<Grid<'a>>,
    cursor: Cursor<'a>,
    from: LatLon,
    dlat: f64,
    dlon: f64,
    /// The line in the tile's grid coordinates (with `fast`).
    x0: f64,
    y0: f64,
    dx: f64,
    dy: f64,
}

/// The tile a line's start lies in, prepared once for many lines.
#[derive(Clone, Copy)]
pub(crate) struct Start<'a> {
    mosaic: &'a Mosaic,
    tile: Option<(&'a Tile, Grid<'a>)>,
}

impl<'a> Start<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic, from: LatLon) -> Self {
        let tile = mosaic
            .tiles()
            .iter()
            .find(|t| t.contains(from))
            .map(|t| (t, Grid::of(t)));
        Self { mosaic, tile }
    }
}

impl<'a> Segment<'a> {
    #[cfg(test)]
    pub(crate) fn new(mosaic: &'a Mosaic, from: LatLon, to: LatLon) -> Self {
        Self::from_start(&Start::new(mosaic, from), from, to)
    }

    /// [`Segment::new`] from `start`'s point (`from`).
    pub(crate) fn from_start(start: &Start<'a>, from: LatLon, to: LatLon) -> Self {
        let mosaic = start.mosaic;
        // Both ends in one tile: so is the whole line (a tile is a box).
        // The first tile holding `from` is the first holding both if it
        // holds `to`.
        let fast = match start.tile {
            Some((t, g)) if t.contains(to) => Some(g),
            _ => mosaic
                .tiles()
                .iter()
                .find(|t| t.contains(from) && t.contains(to))
                .map(Grid::of),
        };
        let (mut x0, mut y0, mut dx, mut dy) = (0.0, 0.0, 0.0, 0.0);
        if let Some(g) = &fast {
            (x0, y0) = g.xy(from);
            let (x1, y1) = g.xy(to);
            (dx, dy) = (x1 - x0, y1 - y0);
        }
        Self {
            fast,
            cursor: Cursor::new(mosaic),
            from,
            dlat: to.lat - from.lat,
            dlon: to.lon - from.lon,
            x0,
            y0,
            dx,
            dy,
        }
    }

    /// Heights at fractions `(first + q) · inv` for `q` in `0..out.len()`,
    /// interpolating the line in the tile's grid coordinates (within a
    /// few ulps of [`Segment::at`]'s positions); false if one of them is
    /// outside the terrain.
    #[inline]
    pub(crate) fn run(&mut self, first: usize, inv: f64, out: &mut [f64]) -> bool {
        match &self.fast {
            Some(g) => {
                for (q, slot) in out.iter_mut().enumerate() {
                    let f = (first + q) as i64 as f64 * inv;
                    *slot = g.height_xy(self.x0 + self.dx * f, self.y0 + self.dy * f);
                }
                !(g.has_voids && out.iter().any(|h| h.is_nan()))
            }
            None => {
                for (q, slot) in out.iter_mut().enumerate() {
                    match self.at((first + q) as f64 * inv) {
                        Some(h) => *slot = h,
                        None => return false,
                    }
                }
                true
            }
        }
    }

    /// Heights at fractions `i · inv` for the indices `at`, like
    /// [`Segment::run`]; NaN where outside the terrain.
    #[inline]
    pub(crate) fn gather(&mut self, at: &[usize], inv: f64, out: &mut [f64]) {
        match &self.fast {
            Some(g) => {
                for (&i, slot) in at.iter().zip(out.iter_mut()) {
                    let f = i as i64 as f64 * inv;
                    *slot = g.height_xy(self.x0 + self.dx * f, self.y0 + self.dy * f);
                }
            }
            None => {
                for (&i, slot) in at.iter().zip(out.iter_mut()) {
                    *slot = self.at(i as i64 as f64 * inv).unwrap_or(f64::NAN);
                }
            }
        }
    }

    /// Height at fraction `f` of the line.
    #[inline(always)]
    pub(crate) fn at(&mut self, f: f64) -> Option<f64> {
        let lat = self.from.lat + self.dlat * f;
        let lon = self.from.lon + self.dlon * f;
        match &self.fast {
            Some(g) => {
                let h = g.height(lat, lon);
                if g.has_voids && h.is_nan() {
                    None
                } else {
                    Some(h)
                }
            }
            None => self.cursor.height(lat, lon),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::terrain::{Elevation, GridSpec, LoadOptions};

    #[test]
    fn segment_samples_are_the_exact_profiles_samples() {
        let spec = GridSpec::new(105.0, 21.2, 0.001, 0.001, 201, 201);
        let h: Vec<f32> = (0..201 * 201)
            .map(|i| ((i * 7919) % 613) as f32 * 0.7)
            .collect();
        let dem = Mosaic::new(vec![Tile::from_grid(
            "t",
            spec,
            h,
            None,
            &LoadOptions::default(),
        )
        .unwrap()])
        .unwrap();
        let (a, b) = (
            LatLon::new(21.0123, 105.0311),
            LatLon::new(21.1877, 105.1702),
        );
        let mut pfl = Vec::new();
        dem.profile_into(a, b, 30.0, &mut pfl).unwrap();
        let np = pfl[0] as usize;
        let inv = 1.0 / np as f64;
        let mut seg = Segment::new(&dem, a, b);
        for i in 0..=np {
            assert_eq!(
                seg.at(i as f64 * inv).unwrap().to_bits(),
                pfl[2 + i].to_bits(),
                "sample {i}"
            );
        }
        // The grid-coordinate passes: the same heights to a micrometre (on
        // this terrain's 400 m steps between neighbouring samples).
        let mut run = vec![0.0; np + 1];
        assert!(seg.run(0, inv, &mut run));
        let at: Vec<usize> = (0..=np).rev().collect();
        let mut gathered = vec![0.0; np + 1];
        seg.gather(&at, inv, &mut gathered);
        for i in 0..=np {
            assert!((run[i] - pfl[2 + i]).abs() < 1e-6, "run {i}");
            assert!((gathered[np - i] - pfl[2 + i]).abs() < 1e-6, "gather {i}");
        }
    }
}
