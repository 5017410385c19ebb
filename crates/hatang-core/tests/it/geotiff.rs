//! GeoTIFF reading: Int16 and Float32 rasters written in memory by the
//! `tiff` encoder with GeoTIFF tags, read back through `Tile`.

use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic, Tile, VoidPolicy};
use std::io::Cursor;
use tiff::encoder::{colortype, TiffEncoder};
use tiff::tags::Tag;

/// GeoKeyDirectory: version 1.1.0, 2 keys: model type, raster type.
fn geokeys(model: u16, raster: u16) -> [u16; 12] {
    [1, 1, 0, 2, 1024, 0, 1, model, 1025, 0, 1, raster]
}

pub struct Geo {
    pub tie: [f64; 6],
    pub scale: [f64; 3],
    pub keys: Option<[u16; 12]>,
    pub nodata: Option<&'static str>,
}

pub fn int16_tiff(w: u32, h: u32, data: &[i16], g: &Geo) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        let mut img = enc.new_image::<colortype::GrayI16>(w, h).unwrap();
        tags(img.encoder(), g);
        img.write_data(data).unwrap();
    }
    buf.into_inner()
}

pub fn f32_tiff(w: u32, h: u32, data: &[f32], g: &Geo) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        let mut img = enc.new_image::<colortype::Gray32Float>(w, h).unwrap();
        tags(img.encoder(), g);
        img.write_data(data).unwrap();
    }
    buf.into_inner()
}

fn tags<W: std::io::Write + std::io::Seek, K: tiff::encoder::TiffKind>(
    e: &mut tiff::encoder::DirectoryEncoder<'_, W, K>,
    g: &Geo,
) {
    e.write_tag(Tag::ModelPixelScaleTag, &g.scale[..]).unwrap();
    e.write_tag(Tag::ModelTiepointTag, &g.tie[..]).unwrap();
    if let Some(k) = &g.keys {
        e.write_tag(Tag::GeoKeyDirectoryTag, &k[..]).unwrap();
    }
    if let Some(nd) = g.nodata {
        e.write_tag(Tag::GdalNodata, nd).unwrap();
    }
}

/// A 4×3 Int16 raster, PixelIsArea, 0.01° pixels, upper-left corner at
/// 105.00 E 21.03 N: pixel centres at 105.005 + 0.01·c, 21.025 − 0.01·r.
fn area_i16(nodata: Option<&'static str>, data: &[i16]) -> Vec<u8> {
    int16_tiff(
        4,
        3,
        data,
        &Geo {
            tie: [0.0, 0.0, 0.0, 105.0, 21.03, 0.0],
            scale: [0.01, 0.01, 0.0],
            keys: Some(geokeys(2, 1)),
            nodata,
        },
    )
}

#[test]
fn int16_pixel_is_area() {
    #[rustfmt::skip]
    let data = [
        0, 10, 20, 30,
        100, 110, 120, 130,
        200, 210, 220, 230,
    ];
    let t = Tile::from_geotiff_bytes("dem.tif", &area_i16(None, &data), &LoadOptions::default())
        .unwrap();
    assert_eq!(t.name(), "dem");
    // Pixel centre (row 1, col 2).
    let h = t.elevation(LatLon::new(21.015, 105.025)).unwrap();
    assert!((h - 120.0).abs() < 1e-9, "{h}");
    // Between four centres: (110 + 120 + 210 + 220) / 4.
    let h = t.elevation(LatLon::new(21.01, 105.02)).unwrap();
    assert!((h - 165.0).abs() < 1e-9, "{h}");
    // The outer half pixel answers, clamped to the edge sample.
    assert_eq!(t.elevation(LatLon::new(21.029, 105.001)).unwrap(), 0.0);
    assert!((t.coverage().max_lon - 105.04).abs() < 1e-12);
    // Beyond the raster: an error naming the point.
    let e = t
        .elevation(LatLon::new(21.031, 105.01))
        .unwrap_err()
        .to_string();
    assert!(e.contains("21.031000 N, 105.010000 E"), "{e}");
}

#[test]
fn int16_pixel_is_point_and_nodata() {
    #[rustfmt::skip]
    let data = [
        10, 10, 10, 10,
        10, -9999, 10, 10,
        10, 10, 10, -32768,
    ];
    let g = Geo {
        tie: [0.0, 0.0, 0.0, 105.0, 21.02, 0.0],
        scale: [0.01, 0.01, 0.0],
        keys: Some(geokeys(2, 2)),
        nodata: Some("-9999"),
    };
    let bytes = int16_tiff(4, 3, &data, &g);
    let t = Tile::from_geotiff_bytes("p.tif", &bytes, &LoadOptions::default()).unwrap();
    // GDAL_NODATA and the SRTM marker are both voids, filled with 10.
    assert_eq!((t.voids_found(), t.voids_filled()), (2, 2));
    assert!(t.heights().iter().all(|h| *h == 10.0));
    // PixelIsPoint: samples on the tiepoint grid, no margin.
    assert_eq!(t.coverage().min_lon, 105.0);
    assert!((t.coverage().max_lon - 105.03).abs() < 1e-12);
    // Kept voids are refused.
    let keep = LoadOptions {
        void_policy: VoidPolicy::Keep,
        ..LoadOptions::default()
    };
    let t = Tile::from_geotiff_bytes("p.tif", &bytes, &keep).unwrap();
    assert!(t.elevation(LatLon::new(21.01, 105.01)).is_err());
    assert!(t.elevation(LatLon::new(21.02, 105.03)).is_ok());
}

#[test]
fn float32_with_nan_and_nodata() {
    let data = [1.5f32, 2.5, f32::NAN, -1.0e30, 4.5, 5.5];
    let g = Geo {
        tie: [0.0, 0.0, 0.0, 105.0, 21.02, 0.0],
        scale: [0.01, 0.01, 0.0],
        keys: None, // no GeoKeys: geographic and PixelIsArea assumed
        nodata: Some("-1e30"),
    };
    let t = Tile::from_geotiff_bytes("f.tif", &f32_tiff(3, 2, &data, &g), &LoadOptions::default())
        .unwrap();
    assert_eq!(t.voids_filled(), 2);
    // Float sources keep fractional fills. Scanning row-major: (0,2) sees
    // 2.5, 4.5, 5.5 → 12.5/3; then (1,0) sees 1.5, 2.5, 4.5 → 8.5/3.
    assert!((t.sample(0, 2).unwrap() - 12.5 / 3.0).abs() < 1e-6);
    assert!((t.sample(1, 0).unwrap() - 8.5 / 3.0).abs() < 1e-6);
    let h = t.elevation(LatLon::new(21.015, 105.005)).unwrap();
    assert!((h - 1.5).abs() < 1e-6);
}

#[test]
fn refusals_are_errors_with_reasons() {
    let data = [0i16; 12];
    let projected = int16_tiff(
        4,
        3,
        &data,
        &Geo {
            tie: [0.0, 0.0, 0.0, 500_000.0, 2_300_000.0, 0.0],
            scale: [30.0, 30.0, 0.0],
            keys: Some(geokeys(1, 1)),
            nodata: None,
        },
    );
    let e = Tile::from_geotiff_bytes("utm.tif", &projected, &LoadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("projected"), "{e}");
    let mut buf = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        enc.write_image::<colortype::GrayI16>(4, 3, &data).unwrap();
    }
    let e =
        Tile::from_geotiff_bytes("plain.tif", buf.get_ref(), &LoadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("ModelTiepoint"), "{e}");
    let small = LoadOptions {
        max_cells: 10,
        ..LoadOptions::default()
    };
    let e = Tile::from_geotiff_bytes("big.tif", &area_i16(None, &data), &small).unwrap_err();
    assert!(e.to_string().contains("limit"), "{e}");
}

#[test]
fn mosaic_loads_a_directory() {
    let dir = std::env::temp_dir().join(format!("hatang-core-mosaic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Two SRTM3 tiles side by side (flat 5 m and 7 m), a GeoTIFF and a
    // stray file that must be ignored.
    let flat = |h: i16| -> Vec<u8> {
        std::iter::repeat_n(h.to_be_bytes(), 1201 * 1201)
            .flatten()
            .collect()
    };
    std::fs::write(dir.join("N21E105.hgt"), flat(5)).unwrap();
    std::fs::write(dir.join("N21E106.hgt"), flat(7)).unwrap();
    std::fs::write(dir.join("readme.txt"), "not terrain").unwrap();
    std::fs::write(dir.join("x.tif"), area_i16(None, &[9; 12])).unwrap();
    let m = Mosaic::load_dir(&dir, &LoadOptions::default()).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(m.tiles().len(), 3);
    assert_eq!(m.coverage().max_lon, 107.0);
    assert_eq!(m.elevation(LatLon::new(21.5, 106.5)).unwrap(), 7.0);
    // A profile across the tile edge uses both tiles.
    let p = m
        .profile(LatLon::new(21.5, 105.9), LatLon::new(21.5, 106.1), 90.0)
        .unwrap();
    assert_eq!(p.heights()[0], 5.0);
    assert_eq!(*p.heights().last().unwrap(), 7.0);
    let e = m
        .elevation(LatLon::new(22.5, 105.5))
        .unwrap_err()
        .to_string();
    assert!(e.contains("3 tiles") && e.contains("N21E106"), "{e}");
    let empty = std::env::temp_dir().join(format!("hatang-core-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let e = Mosaic::load_dir(&empty, &LoadOptions::default()).unwrap_err();
    std::fs::remove_dir_all(&empty).ok();
    assert!(e.to_string().contains("no elevation file"), "{e}");
}
