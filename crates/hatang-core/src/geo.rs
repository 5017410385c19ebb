//! Geodesy on the WGS 84 sphere approximation: points, distances, bearings,
//! bounding boxes and a local metric projection.
//!
//! Distances use the mean Earth radius (IUGG R1 = 6 371 008.8 m); over the
//! few tens of kilometres a coverage study spans the error against the
//! ellipsoid stays below 0.5 %.

use serde::{Deserialize, Serialize};

/// Mean Earth radius in metres (IUGG R1).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point given by latitude and longitude in decimal degrees (WGS 84).
///
/// ```
/// use hatang_core::geo::LatLon;
/// let p = LatLon::new(21.47, 105.43);
/// assert_eq!(p.lat, 21.47);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

impl LatLon {
    /// A point from latitude and longitude in degrees.
    ///
    /// ```
    /// let p = hatang_core::geo::LatLon::new(21.0, 105.0);
    /// assert_eq!(p.lon, 105.0);
    /// ```
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Great-circle distance in metres (haversine).
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// let a = LatLon::new(21.0, 105.0);
    /// let b = LatLon::new(22.0, 105.0);
    /// assert!((a.distance_m(b) - 111_195.0).abs() < 1.0);
    /// ```
    pub fn distance_m(self, other: LatLon) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }

    /// Initial bearing towards `other`, degrees clockwise from north in [0, 360).
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// let a = LatLon::new(21.0, 105.0);
    /// assert!((a.bearing_deg(LatLon::new(21.0, 105.1)) - 90.0).abs() < 0.1);
    /// ```
    pub fn bearing_deg(self, other: LatLon) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dl = (other.lon - self.lon).to_radians();
        let y = dl.sin() * p2.cos();
        let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
        y.atan2(x).to_degrees().rem_euclid(360.0)
    }

    /// The point reached after `distance_m` metres on the initial bearing
    /// `bearing_deg` (great circle).
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// let a = LatLon::new(21.0, 105.0);
    /// let b = a.destination(90.0, 10_000.0);
    /// assert!((a.distance_m(b) - 10_000.0).abs() < 1e-6 * 10_000.0);
    /// ```
    pub fn destination(self, bearing_deg: f64, distance_m: f64) -> LatLon {
        let d = distance_m / EARTH_RADIUS_M;
        let b = bearing_deg.to_radians();
        let p1 = self.lat.to_radians();
        let l1 = self.lon.to_radians();
        let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
        let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
        LatLon::new(p2.to_degrees(), l2.to_degrees())
    }

    /// Whether both coordinates are finite and within WGS 84's range.
    ///
    /// ```
    /// assert!(!hatang_core::geo::LatLon::new(95.0, 105.0).is_valid());
    /// ```
    pub fn is_valid(self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// An axis-aligned box in degrees.
///
/// ```
/// use hatang_core::geo::{Bbox, LatLon};
/// let b = Bbox::new(105.0, 21.0, 106.0, 22.0);
/// assert!(b.contains(LatLon::new(21.5, 105.5)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bbox {
    /// Western edge, degrees east.
    pub min_lon: f64,
    /// Southern edge, degrees north.
    pub min_lat: f64,
    /// Eastern edge, degrees east.
    pub max_lon: f64,
    /// Northern edge, degrees north.
    pub max_lat: f64,
}

impl Bbox {
    /// A box from its west, south, east and north edges.
    ///
    /// ```
    /// let b = hatang_core::geo::Bbox::new(105.0, 21.0, 106.0, 22.0);
    /// assert_eq!(b.width_deg(), 1.0);
    /// ```
    pub const fn new(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Self {
        Self {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }
    }

    /// The smallest box around `points`, or `None` when there are none.
    ///
    /// ```
    /// use hatang_core::geo::{Bbox, LatLon};
    /// let b = Bbox::around([LatLon::new(21.0, 105.0), LatLon::new(22.0, 106.0)]).unwrap();
    /// assert_eq!(b, Bbox::new(105.0, 21.0, 106.0, 22.0));
    /// ```
    pub fn around(points: impl IntoIterator<Item = LatLon>) -> Option<Bbox> {
        let mut it = points.into_iter();
        let first = it.next()?;
        let mut b = Bbox::new(first.lon, first.lat, first.lon, first.lat);
        for p in it {
            b.min_lon = b.min_lon.min(p.lon);
            b.max_lon = b.max_lon.max(p.lon);
            b.min_lat = b.min_lat.min(p.lat);
            b.max_lat = b.max_lat.max(p.lat);
        }
        Some(b)
    }

    /// Whether the point lies inside or on the edge.
    ///
    /// ```
    /// use hatang_core::geo::{Bbox, LatLon};
    /// assert!(!Bbox::new(105.0, 21.0, 106.0, 22.0).contains(LatLon::new(20.0, 105.5)));
    /// ```
    pub fn contains(&self, p: LatLon) -> bool {
        p.lon >= self.min_lon
            && p.lon <= self.max_lon
            && p.lat >= self.min_lat
            && p.lat <= self.max_lat
    }

    /// Whether two boxes overlap (touching counts).
    ///
    /// ```
    /// use hatang_core::geo::Bbox;
    /// let a = Bbox::new(0.0, 0.0, 1.0, 1.0);
    /// assert!(a.intersects(&Bbox::new(1.0, 1.0, 2.0, 2.0)));
    /// ```
    pub fn intersects(&self, o: &Bbox) -> bool {
        self.min_lon <= o.max_lon
            && o.min_lon <= self.max_lon
            && self.min_lat <= o.max_lat
            && o.min_lat <= self.max_lat
    }

    /// The box grown by `deg` degrees on every side.
    ///
    /// ```
    /// let b = hatang_core::geo::Bbox::new(105.0, 21.0, 106.0, 22.0).expand(0.5);
    /// assert_eq!(b.min_lon, 104.5);
    /// ```
    pub fn expand(&self, deg: f64) -> Bbox {
        Bbox::new(
            self.min_lon - deg,
            self.min_lat - deg,
            self.max_lon + deg,
            self.max_lat + deg,
        )
    }

    /// Width in degrees of longitude.
    ///
    /// ```
    /// assert_eq!(hatang_core::geo::Bbox::new(1.0, 0.0, 3.0, 1.0).width_deg(), 2.0);
    /// ```
    pub fn width_deg(&self) -> f64 {
        self.max_lon - self.min_lon
    }

    /// Height in degrees of latitude.
    ///
    /// ```
    /// assert_eq!(hatang_core::geo::Bbox::new(1.0, 0.0, 3.0, 1.0).height_deg(), 1.0);
    /// ```
    pub fn height_deg(&self) -> f64 {
        self.max_lat - self.min_lat
    }
}

/// Vietnam's extent, generously rounded outwards (mainland and the
/// islands: 8.1–23.4 N, 102.1–117.9 E including Hoàng Sa and Trường Sa).
/// Imports refuse coordinates outside it.
pub const VIETNAM: Bbox = Bbox::new(102.0, 6.0, 118.0, 23.5);

/// Whether a point lies within [`VIETNAM`].
///
/// ```
/// use hatang_core::geo::{in_vietnam, LatLon};
/// assert!(in_vietnam(LatLon::new(21.32, 105.40)));
/// assert!(!in_vietnam(LatLon::new(48.85, 2.35)));
/// ```
pub fn in_vietnam(p: LatLon) -> bool {
    p.is_valid() && VIETNAM.contains(p)
}

/// A local equirectangular projection around an origin: metres east and
/// north. Accurate to well under 0.1 % within 50 km of the origin, which is
/// all a site's coverage or a commune's extent needs.
///
/// ```
/// use hatang_core::geo::{LatLon, LocalProjection};
/// let o = LatLon::new(21.3, 105.4);
/// let proj = LocalProjection::new(o);
/// let p = o.destination(45.0, 5_000.0);
/// let (x, y) = proj.forward(p);
/// assert!(((x * x + y * y).sqrt() - 5_000.0).abs() < 5.0);
/// let back = proj.inverse(x, y);
/// assert!(back.distance_m(p) < 0.01);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LocalProjection {
    origin: LatLon,
    m_per_deg_lat: f64,
    m_per_deg_lon: f64,
}

impl LocalProjection {
    /// A projection centred on `origin`.
    ///
    /// ```
    /// let p = hatang_core::geo::LocalProjection::new(hatang_core::geo::LatLon::new(21.0, 105.0));
    /// assert_eq!(p.forward(hatang_core::geo::LatLon::new(21.0, 105.0)), (0.0, 0.0));
    /// ```
    pub fn new(origin: LatLon) -> Self {
        let m_per_deg_lat = EARTH_RADIUS_M.to_radians();
        Self {
            origin,
            m_per_deg_lat,
            m_per_deg_lon: m_per_deg_lat * origin.lat.to_radians().cos(),
        }
    }

    /// Metres east and north of the origin.
    ///
    /// ```
    /// use hatang_core::geo::{LatLon, LocalProjection};
    /// let (x, _) = LocalProjection::new(LatLon::new(0.0, 0.0)).forward(LatLon::new(0.0, 1.0));
    /// assert!((x - 111_195.0).abs() < 1.0);
    /// ```
    pub fn forward(&self, p: LatLon) -> (f64, f64) {
        (
            (p.lon - self.origin.lon) * self.m_per_deg_lon,
            (p.lat - self.origin.lat) * self.m_per_deg_lat,
        )
    }

    /// The point `x` metres east and `y` metres north of the origin.
    ///
    /// ```
    /// use hatang_core::geo::{LatLon, LocalProjection};
    /// let p = LocalProjection::new(LatLon::new(0.0, 0.0)).inverse(0.0, 111_195.08);
    /// assert!((p.lat - 1.0).abs() < 1e-6);
    /// ```
    pub fn inverse(&self, x: f64, y: f64) -> LatLon {
        LatLon::new(
            self.origin.lat + y / self.m_per_deg_lat,
            self.origin.lon + x / self.m_per_deg_lon,
        )
    }
}

/// Area of a simple polygon (ring of points, closed or not) in km², by the
/// shoelace formula in a local projection centred on its first vertex.
///
/// ```
/// use hatang_core::geo::{polygon_area_km2, LatLon};
/// let o = LatLon::new(21.0, 105.0);
/// let ring = [o, o.destination(90.0, 1000.0), o.destination(90.0, 1000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// assert!((polygon_area_km2(&ring) - 1.0).abs() < 0.001);
/// ```
pub fn polygon_area_km2(ring: &[LatLon]) -> f64 {
    if ring.len() < 3 {
        return 0.0;
    }
    let proj = LocalProjection::new(ring[0]);
    let pts: Vec<(f64, f64)> = ring.iter().map(|&p| proj.forward(p)).collect();
    let mut s = 0.0;
    for i in 0..pts.len() {
        let (x1, y1) = pts[i];
        let (x2, y2) = pts[(i + 1) % pts.len()];
        s += x1 * y2 - x2 * y1;
    }
    (s / 2.0).abs() / 1e6
}

/// Whether `p` lies inside the ring (even-odd rule, in degrees).
///
/// ```
/// use hatang_core::geo::{point_in_ring, LatLon};
/// let sq = [LatLon::new(0.0, 0.0), LatLon::new(0.0, 1.0), LatLon::new(1.0, 1.0), LatLon::new(1.0, 0.0)];
/// assert!(point_in_ring(LatLon::new(0.5, 0.5), &sq));
/// assert!(!point_in_ring(LatLon::new(1.5, 0.5), &sq));
/// ```
pub fn point_in_ring(p: LatLon, ring: &[LatLon]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a.lat > p.lat) != (b.lat > p.lat)
            && p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Clips a convex or concave subject polygon by the half-plane
/// `a·x + b·y <= c` (Sutherland–Hodgman, one edge), in a plane.
fn clip_half_plane(poly: &[(f64, f64)], a: f64, b: f64, c: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(poly.len() + 2);
    let n = poly.len();
    for i in 0..n {
        let p = poly[i];
        let q = poly[(i + 1) % n];
        let fp = a * p.0 + b * p.1 - c;
        let fq = a * q.0 + b * q.1 - c;
        if fp <= 0.0 {
            out.push(p);
        }
        if (fp < 0.0 && fq > 0.0) || (fp > 0.0 && fq < 0.0) {
            let t = fp / (fp - fq);
            out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
        }
    }
    out
}

/// Voronoi cells of `sites`, each clipped to the convex polygon `clip`
/// (both in degrees; the computation runs in a local metric projection
/// centred on the first site). Cell `i` is the ring of points closer to
/// `sites[i]` than to any other site; a site outside `clip` may get an empty
/// ring. Quadratic in the number of sites, which is fine for the few
/// hundred communes of a province.
///
/// ```
/// use hatang_core::geo::{voronoi_cells, polygon_area_km2, LatLon};
/// let o = LatLon::new(21.0, 105.0);
/// let clip = [o, o.destination(90.0, 2000.0), o.destination(90.0, 2000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// let sites = [o.destination(45.0, 700.0), o.destination(80.0, 1500.0)];
/// let cells = voronoi_cells(&sites, &clip);
/// let total: f64 = cells.iter().map(|c| polygon_area_km2(c)).sum();
/// assert!((total - 2.0).abs() < 0.01);
/// ```
pub fn voronoi_cells(sites: &[LatLon], clip: &[LatLon]) -> Vec<Vec<LatLon>> {
    power_cells(sites, &vec![0.0; sites.len()], clip)
}

/// Power-diagram (weighted Voronoi) cells: cell `i` holds the points `x`
/// where `|x − p_i|² − w_i` is least, with weights in m². Equal weights give
/// the Voronoi cells; a larger weight grows a cell.
///
/// ```
/// use hatang_core::geo::{power_cells, polygon_area_km2, LatLon};
/// let o = LatLon::new(21.0, 105.0);
/// let clip = [o, o.destination(90.0, 2000.0), o.destination(90.0, 2000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// let sites = [o.destination(60.0, 600.0), o.destination(75.0, 1600.0)];
/// let even = power_cells(&sites, &[0.0, 0.0], &clip);
/// let grown = power_cells(&sites, &[200_000.0, 0.0], &clip);
/// assert!(polygon_area_km2(&grown[0]) > polygon_area_km2(&even[0]));
/// ```
pub fn power_cells(sites: &[LatLon], weights: &[f64], clip: &[LatLon]) -> Vec<Vec<LatLon>> {
    if sites.is_empty() {
        return Vec::new();
    }
    let proj = LocalProjection::new(sites[0]);
    let pts: Vec<(f64, f64)> = sites.iter().map(|&p| proj.forward(p)).collect();
    let clip_xy: Vec<(f64, f64)> = clip.iter().map(|&p| proj.forward(p)).collect();
    pts.iter()
        .enumerate()
        .map(|(i, &(xi, yi))| {
            let mut cell = clip_xy.clone();
            for (j, &(xj, yj)) in pts.iter().enumerate() {
                if i == j || cell.is_empty() {
                    continue;
                }
                // |x-pi|^2 - wi <= |x-pj|^2 - wj  <=>
                // 2(pj-pi)·x <= |pj|^2 - |pi|^2 + wi - wj.
                let a = 2.0 * (xj - xi);
                let b = 2.0 * (yj - yi);
                let c = xj * xj + yj * yj - xi * xi - yi * yi + weights[i] - weights[j];
                if a == 0.0 && b == 0.0 {
                    continue; // coincident sites: the first keeps the cell
                }
                cell = clip_half_plane(&cell, a, b, c);
            }
            cell.into_iter().map(|(x, y)| proj.inverse(x, y)).collect()
        })
        .collect()
}

/// Power cells whose areas approach `target_km2` (e.g. official areas),
/// found by adjusting the weights a number of rounds; each site stays inside
/// its own cell. Returns the cells of the best round (least sum of
/// |log(area/target)|).
///
/// ```
/// use hatang_core::geo::{fitted_power_cells, polygon_area_km2, LatLon};
/// let o = LatLon::new(21.0, 105.0);
/// let clip = [o, o.destination(90.0, 2000.0), o.destination(90.0, 2000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// let sites = [o.destination(60.0, 600.0), o.destination(75.0, 1600.0)];
/// let cells = fitted_power_cells(&sites, &[1.5, 0.5], &clip, 40);
/// assert!((polygon_area_km2(&cells[0]) - 1.5).abs() < 0.1);
/// ```
pub fn fitted_power_cells(
    sites: &[LatLon],
    target_km2: &[f64],
    clip: &[LatLon],
    rounds: usize,
) -> Vec<Vec<LatLon>> {
    let n = sites.len();
    let mut w = vec![0.0; n];
    let mut cells = power_cells(sites, &w, clip);
    let score = |cells: &[Vec<LatLon>]| -> f64 {
        cells
            .iter()
            .zip(target_km2)
            .map(|(c, t)| (polygon_area_km2(c).max(1e-6) / t.max(1e-6)).ln().abs())
            .sum()
    };
    let mut best = (score(&cells), cells.clone());
    let mut step = 0.5;
    for _ in 0..rounds {
        let proj = LocalProjection::new(sites[0]);
        let mut next = w.clone();
        for i in 0..n {
            let area = polygon_area_km2(&cells[i]).max(1e-6);
            // Distance to the nearest other site sets the scale of a weight.
            let (xi, yi) = proj.forward(sites[i]);
            let dmin = sites
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, p)| {
                    let (x, y) = proj.forward(*p);
                    ((x - xi).powi(2) + (y - yi).powi(2)).sqrt()
                })
                .fold(f64::INFINITY, f64::min);
            let dmin = if dmin.is_finite() { dmin } else { 1000.0 };
            let r = (target_km2[i].max(1e-6) / area).ln().clamp(-1.0, 1.0);
            next[i] += step * r * dmin * dmin * 0.5;
        }
        let trial = power_cells(sites, &next, clip);
        let inside = trial
            .iter()
            .zip(sites)
            .all(|(c, p)| c.len() >= 3 && point_in_ring(*p, c));
        if !inside {
            step *= 0.5;
            continue;
        }
        w = next;
        cells = trial;
        let s = score(&cells);
        if s < best.0 {
            best = (s, cells.clone());
        }
    }
    best.1
}

/// Convex hull of points (Andrew's monotone chain), counter-clockwise in
/// (lon, lat), without repeating the first point.
///
/// ```
/// use hatang_core::geo::{convex_hull, LatLon};
/// let pts = [LatLon::new(0.0, 0.0), LatLon::new(0.0, 1.0), LatLon::new(1.0, 1.0), LatLon::new(1.0, 0.0), LatLon::new(0.5, 0.5)];
/// assert_eq!(convex_hull(&pts).len(), 4);
/// ```
pub fn convex_hull(points: &[LatLon]) -> Vec<LatLon> {
    let mut p: Vec<LatLon> = points.to_vec();
    p.sort_by(|a, b| a.lon.total_cmp(&b.lon).then(a.lat.total_cmp(&b.lat)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: LatLon, a: LatLon, b: LatLon| {
        (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
    };
    let mut hull: Vec<LatLon> = Vec::with_capacity(2 * p.len());
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &LatLon>> = if pass == 0 {
            Box::new(p.iter())
        } else {
            Box::new(p.iter().rev())
        };
        for &q in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0
            {
                hull.pop();
            }
            hull.push(q);
        }
        hull.pop();
    }
    hull
}

/// The convex ring `ring` pushed outwards by `metres` (each vertex moved
/// away from the centroid along the centroid-vertex line; adequate for the
/// margins a province extent needs).
///
/// ```
/// use hatang_core::geo::{grow_ring, polygon_area_km2, LatLon};
/// let o = LatLon::new(21.0, 105.0);
/// let sq = [o, o.destination(90.0, 1000.0), o.destination(90.0, 1000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// assert!(polygon_area_km2(&grow_ring(&sq, 100.0)) > 1.2);
/// ```
pub fn grow_ring(ring: &[LatLon], metres: f64) -> Vec<LatLon> {
    if ring.is_empty() {
        return Vec::new();
    }
    let n = ring.len() as f64;
    let c = LatLon::new(
        ring.iter().map(|p| p.lat).sum::<f64>() / n,
        ring.iter().map(|p| p.lon).sum::<f64>() / n,
    );
    let proj = LocalProjection::new(c);
    ring.iter()
        .map(|&p| {
            let (x, y) = proj.forward(p);
            let r = (x * x + y * y).sqrt();
            if r == 0.0 {
                return p;
            }
            let k = (r + metres) / r;
            proj.inverse(x * k, y * k)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn destination_then_distance_round_trips(lat in 8.0f64..23.0, lon in 102.0f64..110.0,
                                                 brg in 0.0f64..360.0, d in 1.0f64..100_000.0) {
            let a = LatLon::new(lat, lon);
            let b = a.destination(brg, d);
            prop_assert!((a.distance_m(b) - d).abs() < 1e-6 * d + 1e-6);
            let back = a.bearing_deg(b);
            let diff = (back - brg).rem_euclid(360.0);
            prop_assert!(diff.min(360.0 - diff) < 1e-6);
        }

        #[test]
        fn distance_is_symmetric(a in (8.0f64..23.0, 102.0f64..110.0), b in (8.0f64..23.0, 102.0f64..110.0)) {
            let (p, q) = (LatLon::new(a.0, a.1), LatLon::new(b.0, b.1));
            prop_assert!((p.distance_m(q) - q.distance_m(p)).abs() < 1e-6);
        }
    }
}
