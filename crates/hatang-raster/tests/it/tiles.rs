//! Web Mercator tiles: geometry, overlap (max), and empty tiles.

use hatang_raster::{
    render_tile, render_tile_with, sample_tile, tile_bounds, tile_of, tile_range, ColorRamp,
    GeoGrid, Raster, Sampling,
};

use crate::common::decode_png;

/// Web Mercator y of a latitude, in units of tiles at zoom `z`.
fn merc_y(lat: f64, z: u8) -> f64 {
    let n = f64::from(1u32 << z);
    let r = lat.to_radians();
    (1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n
}

#[test]
fn tile_pixels_are_where_the_raster_is() {
    // A raster over the whole tile: -70 dBm north-west of (lon0, lat0),
    // -110 dBm elsewhere.
    let z = 13;
    let (x, y) = tile_of(105.4, 21.3, z).unwrap();
    let tb = tile_bounds(z, x, y).unwrap();
    let grid = GeoGrid::new(tb.west - 0.01, tb.north + 0.01, 0.0001, 0.0001, 700, 700).unwrap();
    let lon0 = tb.west + (tb.east - tb.west) * 0.3;
    let lat0 = tb.south + (tb.north - tb.south) * 0.6;
    let r = Raster::from_fn(grid, |c, row| {
        let (lon, lat) = grid.pixel_center(c, row);
        if lon < lon0 && lat > lat0 {
            -70.0
        } else {
            -110.0
        }
    });
    let ramp = ColorRamp::rsrp();
    let png = render_tile_with(&[&r], z, x, y, &ramp, Sampling::Nearest)
        .unwrap()
        .unwrap();
    let (w, h, px) = decode_png(&png);
    assert_eq!((w, h), (256, 256));
    let strong = ramp.color_for(-70.0).to_array();
    let weak = ramp.color_for(-110.0).to_array();
    let col_edge = 0.3 * 256.0;
    let row_edge = (merc_y(lat0, z) - f64::from(y)) * 256.0;
    for j in 0..256 {
        for i in 0..256 {
            let p = &px[(j * 256 + i) * 4..(j * 256 + i) * 4 + 4];
            let (cx, cy) = (i as f64 + 0.5, j as f64 + 0.5);
            // Skip pixels within one pixel of the edges (raster resolution).
            if (cx - col_edge).abs() < 1.0 || (cy - row_edge).abs() < 1.0 {
                continue;
            }
            let expect = if cx < col_edge && cy < row_edge {
                strong
            } else {
                weak
            };
            assert_eq!(p, expect, "tile pixel ({i}, {j})");
        }
    }
}

#[test]
fn overlapping_rasters_take_the_max_and_empty_tiles_are_none() {
    let ramp = ColorRamp::rsrp();
    let a = Raster::filled(
        GeoGrid::around(21.30, 105.40, 3_000.0, 30.0).unwrap(),
        -100.0,
    );
    let b = Raster::filled(
        GeoGrid::around(21.30, 105.43, 3_000.0, 30.0).unwrap(),
        -85.0,
    );
    let z = 12;
    let (x, y) = tile_of(105.415, 21.30, z).unwrap();
    let v = sample_tile(&[&a, &b], z, x, y, Sampling::Bilinear)
        .unwrap()
        .unwrap();
    let (mut only_a, mut only_b) = (0, 0);
    let tb = tile_bounds(z, x, y).unwrap();
    let (ab, bb) = (a.grid().bounds(), b.grid().bounds());
    for j in 0..256 {
        let lat = tb.north - (j as f64 + 0.5) / 256.0 * (tb.north - tb.south); // approximate
        for i in 0..256 {
            let lon = tb.west + (i as f64 + 0.5) / 256.0 * (tb.east - tb.west);
            let val = v[j * 256 + i];
            let in_a = ab.contains(lon, lat);
            let in_b = bb.contains(lon, lat);
            // Stay clear of the edges (the latitude above is approximate).
            let margin = 0.002;
            let deep = |bx: &hatang_raster::LonLatBox| {
                lon > bx.west + margin
                    && lon < bx.east - margin
                    && lat > bx.south + margin
                    && lat < bx.north - margin
            };
            if deep(&bb) {
                assert_eq!(val, -85.0);
                only_b += usize::from(!in_a);
            } else if deep(&ab) && !in_b {
                assert_eq!(val, -100.0);
                only_a += 1;
            }
        }
    }
    assert!(only_a > 100 && only_b > 100, "{only_a} {only_b}");
    assert!(render_tile(&[&a, &b], z, x, y, &ramp).unwrap().is_some());

    // Far away: no overlap at all.
    assert!(render_tile(&[&a, &b], z, 0, 0, &ramp).unwrap().is_none());
    // Overlap, but every value below the ramp: fully transparent, so None.
    let weak = Raster::filled(*a.grid(), -130.0);
    assert!(render_tile(&[&weak], z, x, y, &ramp).unwrap().is_none());
    // No sources at all.
    assert!(render_tile(&[], z, x, y, &ramp).unwrap().is_none());
    // Invalid addresses are errors.
    assert!(render_tile(&[&a], 3, 8, 0, &ramp).is_err());
}

#[test]
fn tile_range_covers_the_raster() {
    let grid = GeoGrid::around(21.30, 105.40, 20_000.0, 100.0).unwrap();
    let r = Raster::filled(grid, -90.0);
    let ramp = ColorRamp::rsrp();
    for z in [8u8, 11, 13] {
        let (xs, ys) = tile_range(&grid.bounds(), z).unwrap();
        let mut covered = 0;
        for x in xs.clone() {
            for y in ys.clone() {
                assert!(tile_bounds(z, x, y).unwrap().intersects(&grid.bounds()));
                covered += usize::from(render_tile(&[&r], z, x, y, &ramp).unwrap().is_some());
            }
        }
        assert_eq!(covered, xs.count() * ys.count(), "z{z}");
        // Tiles just outside the range are empty.
        let (x1, y1) = (*tile_range(&grid.bounds(), z).unwrap().0.end() + 1, 0);
        assert!(render_tile(&[&r], z, x1, y1, &ramp).unwrap().is_none());
    }
}
