//! Fast terrain lookups for the radial engine and the pixel passes.
//!
//! Heights are computed with exactly the arithmetic of
//! `hatang_core::terrain::Tile::elevation_clamped` (the exact mode's
//! profiles go through it), so that a sample taken here at the same
//! position is the same number.

use hatang_core::geo::LatLon;
use hatang_core::terrain::{Mosaic, Tile};

/// Bilinear heights from a mosaic, remembering the last tile used (a
/// radial crosses few tiles). `None` outside the loaded terrain or next to
/// a kept void.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    mosaic: &'a Mosaic,
    last: Option<&'a Tile>,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic) -> Self {
        Self { mosaic, last: None }
    }

    /// Ground height at (`lat`, `lon`), metres.
    #[inline]
    pub(crate) fn height(&mut self, lat: f64, lon: f64) -> Option<f64> {
        let p = LatLon::new(lat, lon);
        let tile = match self.last {
            Some(t) if t.contains(p) => t,
            _ => {
                let t = self.mosaic.tile_at(p)?;
                self.last = Some(t);
                t
            }
        };
        let h = tile.elevation_clamped(lat, lon);
        if h.is_nan() {
            None
        } else {
            Some(h)
        }
    }

    /// Whether (`lat`, `lon`) lies in the loaded terrain.
    #[inline]
    pub(crate) fn contains(&mut self, lat: f64, lon: f64) -> bool {
        self.height(lat, lon).is_some()
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
        let ncols = self.ncols;
        let x = ((lon - self.west) * self.inv_dlon).clamp(0.0, self.max_x);
        let y = ((self.north - lat) * self.inv_dlat).clamp(0.0, self.max_y);
        let c = (x as usize).min(ncols - 2);
        let r = (y as usize).min(self.nrows - 2);
        let fx = x - c as f64;
        let fy = y - r as f64;
        let i = r * ncols + c;
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
}

impl<'a> Segment<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic, from: LatLon, to: LatLon) -> Self {
        // Both ends in one tile: so is the whole line (a tile is a box).
        let fast = mosaic
            .tiles()
            .iter()
            .find(|t| t.contains(from) && t.contains(to))
            .map(Grid::of);
        Self {
            fast,
            cursor: Cursor::new(mosaic),
            from,
            dlat: to.lat - from.lat,
            dlon: to.lon - from.lon,
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
    }
}
