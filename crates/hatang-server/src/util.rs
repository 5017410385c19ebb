//! Small helpers: UTC timestamps and Web Mercator tile arithmetic.

use hatang_core::geo::Bbox;
use hatang_core::model::Date;
use std::time::{SystemTime, UNIX_EPOCH};

/// Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Now, UTC, ISO 8601 with milliseconds (`2025-07-01T08:30:00.000Z`).
pub fn now_iso() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (y, m, day) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        (s / 60) % 60,
        s % 60,
        d.subsec_millis()
    )
}

/// Today's date, UTC.
pub fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    Date::new(y as i32, m as u8, d as u8).unwrap_or(Date::REFORM_2025)
}

/// Largest latitude of the Web Mercator square.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// Fractional world tile coordinates (0..2^z) of a point.
pub fn lonlat_to_world(lon: f64, lat: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x, y)
}

/// Longitude of a fractional world x.
pub fn world_x_to_lon(x: f64, z: u8) -> f64 {
    x / f64::from(1u32 << z) * 360.0 - 180.0
}

/// Latitude of a fractional world y.
pub fn world_y_to_lat(y: f64, z: u8) -> f64 {
    let n = std::f64::consts::PI - 2.0 * std::f64::consts::PI * y / f64::from(1u32 << z);
    n.sinh().atan().to_degrees()
}

/// The lon/lat box of tile (z, x, y).
pub fn tile_bbox(z: u8, x: u32, y: u32) -> Bbox {
    Bbox::new(
        world_x_to_lon(f64::from(x), z),
        world_y_to_lat(f64::from(y + 1), z),
        world_x_to_lon(f64::from(x + 1), z),
        world_y_to_lat(f64::from(y), z),
    )
}

/// Tile coordinates valid at zoom z (z ≤ 24).
pub fn valid_tile(z: u8, x: u32, y: u32) -> bool {
    z <= 24 && u64::from(x) < (1u64 << z) && u64::from(y) < (1u64 << z)
}

/// The range of tiles (x0..=x1, y0..=y1) covering a box at zoom z.
pub fn tile_range(b: &Bbox, z: u8) -> (u32, u32, u32, u32) {
    let max = (1u64 << z) as f64 - 1.0;
    let (x0, y1) = lonlat_to_world(b.min_lon, b.min_lat, z);
    let (x1, y0) = lonlat_to_world(b.max_lon, b.max_lat, z);
    let c = |v: f64| v.floor().clamp(0.0, max) as u32;
    (c(x0), c(y0), c(x1), c(y1))
}

/// A fixed table of lazily filled slots, one per tile of zooms 0..=max_z
/// covering a box: lock-free reads once filled.
#[derive(Debug)]
pub struct TileSlots<T> {
    levels: Vec<(u32, u32, u32, u32, usize)>,
    slots: Vec<std::sync::OnceLock<T>>,
}

impl<T> TileSlots<T> {
    /// Slots for every tile of zooms 0..=max_z that meets `b`.
    pub fn new(b: &Bbox, max_z: u8) -> Self {
        let mut levels = Vec::new();
        let mut n = 0usize;
        for z in 0..=max_z {
            let (x0, y0, x1, y1) = tile_range(b, z);
            levels.push((x0, y0, x1, y1, n));
            n += ((x1 - x0 + 1) * (y1 - y0 + 1)) as usize;
        }
        let mut slots = Vec::with_capacity(n);
        slots.resize_with(n, std::sync::OnceLock::new);
        Self { levels, slots }
    }

    /// The slot of tile (z, x, y), if it is in the table.
    pub fn slot(&self, z: u8, x: u32, y: u32) -> Option<&std::sync::OnceLock<T>> {
        let &(x0, y0, x1, y1, off) = self.levels.get(usize::from(z))?;
        if x < x0 || x > x1 || y < y0 || y > y1 {
            return None;
        }
        let w = x1 - x0 + 1;
        self.slots.get(off + ((y - y0) * w + (x - x0)) as usize)
    }

    /// The largest zoom the table holds.
    pub fn max_zoom(&self) -> u8 {
        (self.levels.len() - 1) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_270), (2025, 7, 1));
    }

    #[test]
    fn tile_round_trip() {
        let (x, y) = lonlat_to_world(105.4, 21.3, 12);
        let b = tile_bbox(12, x as u32, y as u32);
        assert!(b.contains(hatang_core::geo::LatLon::new(21.3, 105.4)));
    }

    #[test]
    fn slots_index() {
        let b = Bbox::new(105.0, 21.0, 106.0, 22.0);
        let s: TileSlots<u8> = TileSlots::new(&b, 10);
        let (x, y) = lonlat_to_world(105.5, 21.5, 10);
        assert!(s.slot(10, x as u32, y as u32).is_some());
        assert!(s.slot(10, 0, 0).is_none());
        assert!(s.slot(11, x as u32, y as u32).is_none());
    }
}
