//! Checks of written GeoTIFFs with GDAL's command-line tools.
//!
//! These tests need `gdalinfo`, `gdallocationinfo` and `gdal_translate`
//! (Debian/Ubuntu package `gdal-bin`, installed by CI). They fail, rather
//! than pass silently, when the tools are missing.

use std::path::Path;
use std::process::Command;

use hatang_raster::{
    read_geotiff_file, write_geotiff_file, GeoGrid, GeoTiffOptions, Predictor, Raster,
};

use crate::common::same_bits;

/// Runs a GDAL tool and returns its stdout; panics with installation
/// advice if the tool is missing, or with its stderr if it fails or warns.
fn gdal(tool: &str, args: &[&str]) -> String {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not on PATH: install GDAL's command-line tools \
             (`apt-get install gdal-bin`; CI installs them) to run this test"
        ),
        Err(e) => panic!("cannot run `{tool}`: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {stderr}\n{stdout}"
    );
    assert!(
        !stderr.contains("Warning") && !stderr.contains("ERROR"),
        "{tool} {args:?} complained: {stderr}"
    );
    stdout
}

/// The numbers in the parentheses after `key` on its line of gdalinfo output.
fn pair_after(text: &str, key: &str) -> (f64, f64) {
    let line = text
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("no `{key}` in gdalinfo output:\n{text}"));
    let inner = line
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inner, _)| inner)
        .unwrap();
    let (a, b) = inner.split_once(',').unwrap();
    (a.trim().parse().unwrap(), b.trim().parse().unwrap())
}

fn test_raster() -> Raster {
    // 600 × 300: 3 × 2 tiles, the last column and row of tiles padded.
    let grid = GeoGrid::new(105.0, 21.5, 0.001, 0.0005, 600, 300).unwrap();
    Raster::from_fn(grid, |c, r| {
        if c < 10 && r < 10 {
            f32::NAN
        } else {
            -50.0 - c as f32 * 0.1 - r as f32 * 0.01
        }
    })
}

fn check_with_gdal(path: &Path, raster: &Raster, predictor: Predictor) {
    let p = path.to_str().unwrap();
    let info = gdal("gdalinfo", &[p]);
    assert!(info.contains("Driver: GTiff/GeoTIFF"), "{info}");
    assert!(info.contains("Size is 600, 300"), "{info}");
    assert!(info.contains("Block=256x256"), "{info}");
    assert!(info.contains("Type=Float32"), "{info}");
    assert!(info.contains("NoData Value=-9999"), "{info}");
    assert!(info.contains("COMPRESSION=DEFLATE"), "{info}");
    assert!(info.contains(r#"ID["EPSG",4326]"#), "{info}");
    assert!(info.contains("AREA_OR_POINT=Area"), "{info}");
    if predictor == Predictor::FloatingPoint {
        assert!(info.contains("PREDICTOR=3"), "{info}");
    }
    let (x0, y0) = pair_after(&info, "Origin = ");
    assert!(
        (x0 - 105.0).abs() < 1e-12 && (y0 - 21.5).abs() < 1e-12,
        "{info}"
    );
    let (sx, sy) = pair_after(&info, "Pixel Size = ");
    assert!(
        (sx - 0.001).abs() < 1e-15 && (sy + 0.0005).abs() < 1e-15,
        "{info}"
    );
    let (ex, ey) = pair_after(&info, "Lower Right");
    assert!(
        (ex - 105.6).abs() < 1e-9 && (ey - 21.35).abs() < 1e-9,
        "{info}"
    );

    // Pixel values by pixel/line and by longitude/latitude.
    let g = raster.grid();
    for (c, r) in [(10usize, 0usize), (599, 299), (300, 150), (257, 256)] {
        let v = gdal(
            "gdallocationinfo",
            &["-valonly", p, &c.to_string(), &r.to_string()],
        );
        let v: f32 = v.trim().parse().unwrap();
        assert_eq!(v, raster.get(c, r).unwrap(), "pixel ({c}, {r})");
        let (lon, lat) = g.pixel_center(c, r);
        let v = gdal(
            "gdallocationinfo",
            &["-valonly", "-wgs84", p, &lon.to_string(), &lat.to_string()],
        );
        assert_eq!(v.trim().parse::<f32>().unwrap(), raster.get(c, r).unwrap());
    }
    let nodata = gdal("gdallocationinfo", &["-valonly", p, "0", "0"]);
    assert_eq!(nodata.trim(), "-9999");

    // Statistics over valid pixels only (the no-data corner is excluded).
    let stats = gdal("gdalinfo", &["-stats", "-noct", p]);
    let s = raster.stats(&[]);
    let find = |key: &str| -> f64 {
        let line = stats
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap();
        line.trim_start()[key.len()..].trim().parse().unwrap()
    };
    assert!(
        (find("STATISTICS_MINIMUM=") - f64::from(s.min.unwrap())).abs() < 1e-4,
        "{stats}"
    );
    assert!(
        (find("STATISTICS_MAXIMUM=") - f64::from(s.max.unwrap())).abs() < 1e-4,
        "{stats}"
    );
    assert!(
        (find("STATISTICS_MEAN=") - s.mean.unwrap()).abs() < 1e-3,
        "{stats}"
    );
    // gdalinfo -stats may leave an .aux.xml side file; it is in a temp dir.
}

#[test]
fn gdal_reads_written_geotiffs() {
    let dir = tempfile::tempdir().unwrap();
    let raster = test_raster();
    for predictor in [Predictor::FloatingPoint, Predictor::None] {
        let path = dir.path().join(format!("{predictor:?}.tif"));
        write_geotiff_file(
            &path,
            &raster,
            &GeoTiffOptions {
                predictor,
                level: 6,
            },
        )
        .unwrap();
        check_with_gdal(&path, &raster, predictor);
    }
}

#[test]
fn reads_geotiffs_written_by_gdal() {
    let dir = tempfile::tempdir().unwrap();
    let raster = test_raster();
    let ours = dir.path().join("ours.tif");
    write_geotiff_file(&ours, &raster, &GeoTiffOptions::default()).unwrap();
    // Re-encode with GDAL: strips, other compressions and predictors.
    for (i, options) in [
        &["-co", "COMPRESS=LZW", "-co", "PREDICTOR=3"][..],
        &[
            "-co",
            "COMPRESS=DEFLATE",
            "-co",
            "TILED=YES",
            "-co",
            "BLOCKXSIZE=128",
            "-co",
            "BLOCKYSIZE=64",
        ][..],
        &["-co", "COMPRESS=NONE"][..],
    ]
    .into_iter()
    .enumerate()
    {
        let theirs = dir.path().join(format!("gdal{i}.tif"));
        let mut args = vec!["-q", "-of", "GTiff"];
        args.extend_from_slice(options);
        args.push(ours.to_str().unwrap());
        args.push(theirs.to_str().unwrap());
        gdal("gdal_translate", &args);
        let back = read_geotiff_file(&theirs).unwrap();
        assert!(same_bits(&raster, &back), "GDAL options {options:?}");
    }
}
