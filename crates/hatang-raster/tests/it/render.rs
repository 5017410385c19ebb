//! PNG overlays and legends decode and show the ramp's colours.

use hatang_raster::{legend_png, render_png, ColorRamp, ColorStop, GeoGrid, Raster, Rgba};

use crate::common::decode_png;

#[test]
fn overlay_pixels_follow_the_ramp() {
    let grid = GeoGrid::new(105.0, 21.0, 0.01, 0.01, 5, 2).unwrap();
    let values = vec![
        -70.0,
        -95.0,
        -105.0,
        -115.0,
        -115.5,
        f32::NAN,
        -80.0,
        -94.9,
        0.0,
        -1e9,
    ];
    let r = Raster::from_vec(grid, values.clone()).unwrap();
    let ramp = ColorRamp::rsrp();
    let (w, h, px) = decode_png(&render_png(&r, &ramp).unwrap());
    assert_eq!((w, h), (5, 2));
    for (i, v) in values.iter().enumerate() {
        assert_eq!(
            &px[i * 4..i * 4 + 4],
            &ramp.color_for(*v).to_array(),
            "value {v}"
        );
    }
    // Below the lowest stop and no data are transparent.
    assert_eq!(px[4 * 4 + 3], 0);
    assert_eq!(px[5 * 4 + 3], 0);
    assert_eq!(px[9 * 4 + 3], 0);
}

#[test]
fn legend_shows_every_stop() {
    let ramp = ColorRamp::new(
        "dB",
        [10.0, 20.0, 30.0].map(|t| ColorStop {
            threshold: t,
            color: Rgba::rgb(t as u8 * 8, 0, 255 - t as u8),
            label: format!("level {t}"),
        }),
    )
    .unwrap();
    let png = legend_png(&ramp, "SINR").unwrap();
    let (w, h, px) = decode_png(&png);
    assert!(w >= 100 && h >= 3 * 16, "{w}×{h}");
    for s in ramp.stops() {
        assert!(
            px.chunks_exact(4).any(|p| p == s.color.to_array()),
            "no box for {}",
            s.threshold
        );
    }
    // Taller with a title than without.
    let (_, h_no_title, _) = decode_png(&legend_png(&ramp, "").unwrap());
    assert!(h_no_title < h);
    // The default ramp's legend renders too.
    let (w, _, _) = decode_png(&legend_png(&ColorRamp::rsrp(), "RSRP (dBm)").unwrap());
    assert!(w > 150);
}
