//! GeoTIFF round trips and reader behaviour.

use std::io::Cursor;

use hatang_raster::{
    read_geotiff, read_geotiff_file, write_geotiff, write_geotiff_file, GeoGrid, GeoTiffOptions,
    Predictor, Raster, RasterError,
};
use proptest::prelude::*;

use crate::common::{same_bits, sample_raster};

fn round_trip(r: &Raster, opts: &GeoTiffOptions) -> Raster {
    let mut buf = Vec::new();
    write_geotiff(&mut buf, r, opts).unwrap();
    read_geotiff(Cursor::new(buf)).unwrap()
}

const OPTIONS: [GeoTiffOptions; 3] = [
    GeoTiffOptions {
        predictor: Predictor::FloatingPoint,
        level: 6,
    },
    GeoTiffOptions {
        predictor: Predictor::None,
        level: 6,
    },
    GeoTiffOptions {
        predictor: Predictor::FloatingPoint,
        level: 0,
    },
];

#[test]
fn round_trip_many_shapes() {
    for (w, h) in [
        (1, 1),
        (256, 256),
        (257, 255),
        (513, 3),
        (3, 700),
        (600, 300),
    ] {
        let r = sample_raster(w, h);
        for opts in &OPTIONS {
            let back = round_trip(&r, opts);
            assert!(same_bits(&r, &back), "{w}×{h} {opts:?}");
        }
    }
}

#[test]
fn special_values_survive() {
    let grid = GeoGrid::new(-10.5, 50.25, 1e-5, 2e-5, 8, 1).unwrap();
    let values = vec![
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE / 4.0, // subnormal
        f32::MAX,
        f32::NAN,
        -9999.5,
    ];
    let r = Raster::from_vec(grid, values).unwrap();
    for opts in &OPTIONS {
        assert!(same_bits(&r, &round_trip(&r, opts)), "{opts:?}");
    }
}

#[test]
fn nodata_value_reads_back_as_nan() {
    let grid = GeoGrid::new(105.0, 21.0, 0.01, 0.01, 2, 1).unwrap();
    let r = Raster::from_vec(grid, vec![-9999.0, -80.0]).unwrap();
    let back = round_trip(&r, &GeoTiffOptions::default());
    assert!(back.data()[0].is_nan());
    assert_eq!(back.data()[1], -80.0);
}

#[test]
fn files_round_trip_and_grid_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.tif");
    let grid = GeoGrid::around(21.3222, 105.4019, 3_000.0, 30.0).unwrap();
    let r = Raster::from_fn(grid, |c, r| -50.0 - (c + r) as f32 / 10.0);
    write_geotiff_file(&path, &r, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff_file(&path).unwrap();
    assert_eq!(back.grid(), r.grid()); // f64 geometry bit for bit
    assert!(same_bits(&r, &back));
}

#[test]
fn predictor_compresses_smooth_data_better() {
    let grid = GeoGrid::around(21.3, 105.4, 5_000.0, 20.0).unwrap();
    let r = Raster::from_fn(grid, |c, row| {
        -40.0 - ((c * c + row * row) as f32).sqrt() * 0.05
    });
    let size = |predictor| {
        let mut buf = Vec::new();
        write_geotiff(
            &mut buf,
            &r,
            &GeoTiffOptions {
                predictor,
                level: 6,
            },
        )
        .unwrap();
        buf.len()
    };
    let (fp, none) = (size(Predictor::FloatingPoint), size(Predictor::None));
    assert!(fp < none, "predictor {fp} B vs none {none} B");
}

#[test]
fn output_is_deterministic() {
    let r = sample_raster(700, 400);
    let mut a = Vec::new();
    let mut b = Vec::new();
    write_geotiff(&mut a, &r, &GeoTiffOptions::default()).unwrap();
    write_geotiff(&mut b, &r, &GeoTiffOptions::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn rejects_tiffs_that_are_not_float_geotiffs() {
    // An 8-bit grey TIFF without geo tags.
    let mut buf = Cursor::new(Vec::new());
    tiff::encoder::TiffEncoder::new(&mut buf)
        .unwrap()
        .write_image::<tiff::encoder::colortype::Gray8>(4, 4, &[0u8; 16])
        .unwrap();
    let e = read_geotiff(Cursor::new(buf.into_inner())).unwrap_err();
    assert!(matches!(e, RasterError::Unsupported(_)), "{e}");

    // A Float32 TIFF without geo tags.
    let mut buf = Cursor::new(Vec::new());
    tiff::encoder::TiffEncoder::new(&mut buf)
        .unwrap()
        .write_image::<tiff::encoder::colortype::Gray32Float>(4, 4, &[1.0f32; 16])
        .unwrap();
    let e = read_geotiff(Cursor::new(buf.into_inner())).unwrap_err();
    assert!(matches!(e, RasterError::Unsupported(_)), "{e}");

    // Empty and truncated input.
    assert!(read_geotiff(Cursor::new(Vec::new())).is_err());
    let mut good = Vec::new();
    write_geotiff(
        &mut good,
        &sample_raster(300, 300),
        &GeoTiffOptions::default(),
    )
    .unwrap();
    for cut in [4, 8, 100, good.len() / 2, good.len() * 3 / 4] {
        assert!(
            read_geotiff(Cursor::new(&good[..cut])).is_err(),
            "cut at {cut}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_values_round_trip(
        w in 1usize..300,
        h in 1usize..40,
        seed in any::<u64>(),
        fp in any::<bool>(),
    ) {
        let grid = GeoGrid::new(104.0, 22.0, 0.0003, 0.0002, w, h).unwrap();
        let mut state = seed | 1;
        let r = Raster::from_fn(grid, |_, _| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let v = f32::from_bits(state as u32);
            // Any NaN is stored as the canonical NaN, -9999 means no data.
            if v.is_nan() || v == -9999.0 { f32::NAN } else { v }
        });
        let opts = GeoTiffOptions {
            predictor: if fp { Predictor::FloatingPoint } else { Predictor::None },
            level: 1,
        };
        prop_assert!(same_bits(&r, &round_trip(&r, &opts)));
    }
}
