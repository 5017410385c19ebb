//! Integration tests of hatang-coverage (one binary): the fast engine
//! against the exact reference, determinism across thread counts, nodata
//! outside the terrain, tiled GeoTIFF output, composites and point
//! signals.
//!
//! The fast-against-exact comparisons run here at 150 m so that the debug
//! build stays quick; `examples/compare.rs` runs the same comparison at the
//! full 30 m in release (see `bench.sh`).

use hatang_core::geo::LatLon;
use hatang_core::model::{example_sector, Sector, Site, Source, Structure, Technology};
use hatang_core::terrain::{LoadOptions, Mosaic};
use hatang_coverage::*;
use std::sync::OnceLock;

fn dem() -> &'static Mosaic {
    static DEM: OnceLock<Mosaic> = OnceLock::new();
    DEM.get_or_init(|| {
        Mosaic::load_dir(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dem"),
            &LoadOptions::default(),
        )
        .expect("bundled SRTM tile")
    })
}

/// Signal-Server's settings, as in the reference job.
fn itm() -> Model {
    Model::Itm(ItmParams::signal_server().with_confidence_reliability(50.0, 50.0))
}

/// The acceptance figures of the issue, for received power with `eirp_dbm`.
struct Agreement {
    p95: f64,
    covered_all: f64,
    covered_band: f64,
    band_pixels: usize,
}

fn agreement(fast: &[f32], exact: &[f32], eirp_dbm: f64) -> Agreement {
    let mut diffs = Vec::new();
    let (mut agree, mut n, mut agree_band, mut n_band) = (0usize, 0usize, 0usize, 0usize);
    for (f, e) in fast.iter().zip(exact) {
        assert_eq!(f.is_nan(), e.is_nan(), "fast and exact disagree on nodata");
        if e.is_nan() {
            continue;
        }
        let (pf, pe) = (eirp_dbm - *f as f64, eirp_dbm - *e as f64);
        diffs.push((pf - pe).abs());
        n += 1;
        let same = (pf >= -110.0) == (pe >= -110.0);
        agree += same as usize;
        if (-120.0..=-100.0).contains(&pe) {
            n_band += 1;
            agree_band += same as usize;
        }
    }
    diffs.sort_by(f64::total_cmp);
    Agreement {
        p95: diffs[(diffs.len() - 1) * 95 / 100],
        covered_all: agree as f64 / n as f64,
        covered_band: agree_band as f64 / n_band.max(1) as f64,
        band_pixels: n_band,
    }
}

fn fast_against_exact(
    tx: Transmitter,
    radius_m: f64,
    resolution_m: f64,
    eirp_dbm: f64,
) -> Agreement {
    let spec = CoverageSpec::new(radius_m, resolution_m);
    let fast = loss_map(dem(), &tx, &itm(), &spec).unwrap();
    let exact = loss_map(dem(), &tx, &itm(), &spec.with_mode(Mode::Exact)).unwrap();
    agreement(fast.raster.data(), exact.raster.data(), eirp_dbm)
}

/// 20 W ERP = 43.01 dBm ERP = 45.16 dBm EIRP.
const REFERENCE_EIRP: f64 = 45.160_299_956_639_81;

#[test]
fn fast_matches_exact_on_the_reference_job() {
    // 378 m hill in Phù Ninh, 30 m mast, 1800 MHz, 25 km (at 150 m here).
    let tx = Transmitter::new(LatLon::new(21.4708, 105.435), 30.0, 1800.0);
    let a = fast_against_exact(tx, 25_000.0, 150.0, REFERENCE_EIRP);
    assert!(a.p95 <= 1.0, "95th percentile |Δ| {:.3} dB", a.p95);
    assert!(
        a.covered_all >= 0.99,
        "covered agreement {:.4}",
        a.covered_all
    );
    assert!(a.band_pixels > 1000);
    assert!(
        a.covered_band >= 0.97,
        "agreement in [-120, -100] dBm {:.4}",
        a.covered_band
    );
}

#[test]
fn fast_matches_exact_in_tam_dao() {
    // Tam Đảo's slopes, 40 m mast, 5G at 3.5 GHz, 15 km, 60 dBm EIRP.
    let tx = Transmitter::new(LatLon::new(21.45, 105.64), 40.0, 3500.0);
    let a = fast_against_exact(tx, 15_000.0, 150.0, 60.0);
    assert!(a.p95 <= 1.0, "95th percentile |Δ| {:.3} dB", a.p95);
    assert!(
        a.covered_all >= 0.99,
        "covered agreement {:.4}",
        a.covered_all
    );
    assert!(
        a.covered_band >= 0.97,
        "agreement in [-120, -100] dBm {:.4}",
        a.covered_band
    );
}

fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// The reference site's ITM loss raster for `spec` on `threads` threads.
fn reference_losses(spec: &CoverageSpec, threads: usize) -> Vec<f32> {
    let tx = Transmitter::new(LatLon::new(21.4708, 105.435), 30.0, 1800.0);
    pool(threads).install(|| {
        loss_map(dem(), &tx, &itm(), spec)
            .unwrap()
            .raster
            .into_data()
    })
}

#[test]
fn one_and_two_threads_give_identical_rasters() {
    let spec = CoverageSpec::new(12_000.0, 90.0);
    let (one, two) = (reference_losses(&spec, 1), reference_losses(&spec, 2));
    assert_eq!(bits(&one), bits(&two));
    assert!(one.iter().filter(|v| v.is_finite()).count() > 40_000);
    // The screening path too.
    let mut s2 = spec;
    s2.tuning.itm_samples = true;
    assert_eq!(
        bits(&reference_losses(&s2, 1)),
        bits(&reference_losses(&s2, 2))
    );
}

/// Issue 4: the fine-grid tuning (Δh shared by the three finest levels of
/// radials, 3 own samples per pixel, no wide tangent) is as deterministic.
#[test]
fn issue_4_fine_grid_one_and_two_threads_identical() {
    let spec = CoverageSpec::new(5_000.0, 30.0);
    assert_eq!(spec.tuning.near, 3);
    assert!(!spec.tuning.wide_tangent);
    let (one, two) = (reference_losses(&spec, 1), reference_losses(&spec, 2));
    assert_eq!(bits(&one), bits(&two));
    assert!(one.iter().filter(|v| v.is_finite()).count() > 80_000);
}

fn site(id: &str, p: LatLon) -> Site {
    Site {
        id: id.into(),
        name: id.into(),
        point: p,
        ground_elevation_m: None,
        structure: Structure::Tower,
        structure_height_m: 40.0,
        owner: "viettel".into(),
        operators: vec!["viettel".into()],
        commune_code: None,
        source: Source::User,
    }
}

#[allow(clippy::too_many_arguments)]
fn sector(
    id: &str,
    site: &str,
    op: &str,
    tech: Technology,
    band: u32,
    f: f64,
    bw: f64,
    az: f64,
    h: f64,
) -> Sector {
    Sector {
        id: id.into(),
        site_id: site.into(),
        operator: op.into(),
        technology: tech,
        band_mhz: band,
        frequency_mhz: f,
        bandwidth_mhz: bw,
        azimuth_deg: az,
        antenna_height_m: h,
        ..example_sector()
    }
}

/// Two sites, two operators, 4G and 2G.
fn two_sites() -> (Vec<Site>, Vec<Sector>) {
    let a = site("A", LatLon::new(21.40, 105.30));
    let b = site("B", LatLon::new(21.43, 105.36));
    let mut v = Vec::new();
    for (k, az) in [0.0, 120.0, 240.0].into_iter().enumerate() {
        v.push(sector(
            &format!("A-L-{k}"),
            "A",
            "viettel",
            Technology::Lte,
            1800,
            1842.5,
            20.0,
            az,
            30.0,
        ));
        v.push(sector(
            &format!("A-G-{k}"),
            "A",
            "viettel",
            Technology::Gsm,
            900,
            947.5,
            0.2,
            az,
            30.0,
        ));
        v.push(sector(
            &format!("B-L-{k}"),
            "B",
            "mobifone",
            Technology::Lte,
            1800,
            1862.5,
            15.0,
            az + 60.0,
            25.0,
        ));
    }
    (vec![a, b], v)
}

/// Bit-for-bit equality of two composites (NaN included).
fn same(a: &Composite, b: &Composite) -> bool {
    a.window == b.window
        && a.best.len() == b.best.len()
        && a.best.iter().zip(&b.best).all(|((ta, x), (tb, y))| {
            ta == tb && bits(&x.dbm) == bits(&y.dbm) && x.sector == y.sector
        })
        && a.strongest.len() == b.strongest.len()
        && a.strongest
            .iter()
            .zip(&b.strongest)
            .all(|((ka, x), (kb, y))| ka == kb && bits(x) == bits(y))
}

#[test]
fn composites_are_the_per_sector_maxima_whatever_the_tiles_and_threads() {
    let (sites, sectors) = two_sites();
    let cov = CoverageSpec::new(6_000.0, 90.0);
    let grid = grid_around(
        &sites.iter().map(|s| s.point).collect::<Vec<_>>(),
        cov.radius_m,
        cov.resolution_m,
    )
    .unwrap();
    let run = |tile: usize, threads: usize| {
        pool(threads).install(|| {
            let mut spec = CompositeSpec::new(cov);
            spec.tile = tile;
            let mut tiles = Vec::new();
            let s = composite(
                dem(),
                &sites,
                &sectors,
                &itm(),
                grid,
                &spec,
                None,
                &|_, _| {},
                &mut |t| {
                    tiles.push(t);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(s.computed, 3);
            Composite::assemble(grid, tiles)
        })
    };
    let c = run(64, 2);
    assert!(
        same(&c, &run(1024, 1)),
        "tiles of 64 on 2 threads differ from one tile on 1 thread"
    );
    assert_eq!(c.best.len(), 2);
    assert_eq!(c.strongest.len(), 3);

    // Against each sector's own raster.
    let figures = hatang_core::radio::link::FigureSettings::default();
    let groups = SiteBand::group(&sites, &sectors, &figures).unwrap();
    let mut best_lte = vec![f32::NAN; grid.pixel_count()];
    let mut best_idx = vec![NO_SECTOR; grid.pixel_count()];
    for g in &groups {
        let w = Window::full(grid);
        let loss = losses_on(dem(), &g.transmitter, &itm(), &cov, &w).unwrap();
        let ground = dem().tiles()[0]
            .elevation_clamped(g.transmitter.position.lat, g.transmitter.position.lon);
        let angles = ViewAngles::new(dem(), &g.transmitter, ground, cov.rx_height_m, &w);
        for (idx, radio) in &g.sectors {
            if radio.technology() != Technology::Lte {
                continue;
            }
            let p = sector_power(radio, &loss, g.transmitter.frequency_mhz, &angles);
            for i in 0..p.len() {
                let fig = (p[i] as f64 + radio.figure_offset_db) as f32;
                if !p[i].is_nan() && (best_lte[i].is_nan() || fig > best_lte[i]) {
                    best_lte[i] = fig;
                    best_idx[i] = *idx as u32;
                }
            }
        }
    }
    let lte = &c.best[&Technology::Lte];
    let mut compared = 0;
    for i in 0..best_lte.len() {
        assert_eq!(lte.sector[i], best_idx[i], "pixel {i}");
        if best_lte[i].is_finite() {
            assert!(
                (lte.dbm[i] - best_lte[i]).abs() < 1e-3,
                "pixel {i}: {} vs {}",
                lte.dbm[i],
                best_lte[i]
            );
            compared += 1;
        }
    }
    assert!(compared > 10_000);
    // Both operators' LTE appear among the best servers.
    assert!(lte
        .sector
        .iter()
        .filter(|&&s| s != NO_SECTOR)
        .any(|&s| sectors[s as usize].operator == "mobifone"));
}

#[test]
fn pixels_outside_the_terrain_are_nodata() {
    // 2 km north of the tile's southern edge (21° N): the southern part of
    // the disc has no terrain.
    let tx = Transmitter::new(LatLon::new(21.018, 105.5), 30.0, 900.0);
    for mode in [Mode::Fast, Mode::Exact] {
        let map = loss_map(
            dem(),
            &tx,
            &itm(),
            &CoverageSpec::new(6_000.0, 90.0).with_mode(mode),
        )
        .unwrap();
        let g = *map.raster.grid();
        let n = g.width() / 2;
        let (mut outside, mut inside) = (0, 0);
        for row in 0..g.height() {
            for col in 0..g.width() {
                let (dc, dr) = (col as f64 - n as f64, row as f64 - n as f64);
                if (dc * dc + dr * dr) * 90.0 * 90.0 > 6_000.0 * 6_000.0 {
                    continue;
                }
                let v = map.raster.data()[g.index(col, row)];
                if g.row_center_lat(row) < 21.0 {
                    assert!(
                        v.is_nan(),
                        "{mode:?}: pixel ({col}, {row}) south of the terrain has {v}"
                    );
                    outside += 1;
                } else {
                    assert!(
                        v.is_finite(),
                        "{mode:?}: pixel ({col}, {row}) in the terrain has no value"
                    );
                    inside += 1;
                }
            }
        }
        assert!(outside > 1000 && inside > 5000, "{outside} {inside}");
    }
    // A transmitter outside the terrain is an error, not a map of NaN.
    let off = Transmitter::new(LatLon::new(20.9, 105.5), 30.0, 900.0);
    assert!(matches!(
        loss_map(dem(), &off, &itm(), &CoverageSpec::new(2_000.0, 90.0)),
        Err(CoverageError::TransmitterOutsideTerrain { .. })
    ));
}

#[test]
fn geotiff_is_tiled_256_for_gdal() {
    let tx = Transmitter::new(LatLon::new(21.4708, 105.435), 30.0, 1800.0);
    let map = loss_map(dem(), &tx, &itm(), &CoverageSpec::new(15_000.0, 60.0)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loss.tif");
    hatang_raster::write_geotiff_file(
        &path,
        &map.raster,
        &hatang_raster::GeoTiffOptions::default(),
    )
    .unwrap();
    let back = hatang_raster::read_geotiff_file(&path).unwrap();
    assert_eq!(bits(back.data()), bits(map.raster.data()));
    match std::process::Command::new("gdalinfo").arg(&path).output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("Block=256x256"), "{text}");
            assert!(text.contains("NoData Value=-9999"), "{text}");
        }
        _ => eprintln!("gdalinfo not available: tiling checked through the reader only"),
    }
}

#[test]
fn point_signals_are_point_to_point_and_unknown_outside_the_terrain() {
    let (sites, sectors) = two_sites();
    let points = [
        LatLon::new(21.41, 105.31), // between the sites
        LatLon::new(21.40, 105.30), // at site A
        LatLon::new(21.80, 105.90), // far from both
    ];
    let spec = PointSpec::new(15_000.0);
    let out = point_signals(dem(), &points, &sites, &sectors, &itm(), &spec).unwrap();
    assert_eq!(out.len(), 3);
    let v = out[0].get("viettel", Technology::Lte).unwrap();
    assert!(v.dbm.is_some() && v.unknown == 0 && v.sector.is_some());
    assert!(out[0]
        .get("mobifone", Technology::Lte)
        .unwrap()
        .dbm
        .is_some());
    assert!(out[0]
        .get("viettel", Technology::Gsm)
        .unwrap()
        .dbm
        .is_some());
    assert!(out[1].best_of(Technology::Lte).is_some());
    assert!(out[2].signals.is_empty());

    let best = &sectors[v.sector.unwrap()];
    assert_eq!(
        (best.operator.as_str(), best.technology),
        ("viettel", Technology::Lte)
    );

    // Sites whose paths leave the terrain: unknown, never "no signal".
    let south = site("S", LatLon::new(21.01, 105.30));
    let sec = vec![sector(
        "S-L-0",
        "S",
        "viettel",
        Technology::Lte,
        1800,
        1842.5,
        20.0,
        180.0,
        30.0,
    )];
    let out = point_signals(
        dem(),
        &[LatLon::new(20.97, 105.30)],
        &[south],
        &sec,
        &itm(),
        &spec,
    )
    .unwrap();
    let s = out[0].get("viettel", Technology::Lte).unwrap();
    assert_eq!((s.dbm, s.unknown), (None, 1));

    // Deterministic on any number of threads.
    let run = |n: usize| {
        pool(n).install(|| point_signals(dem(), &points, &sites, &sectors, &itm(), &spec).unwrap())
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn other_models_cover_the_disc_too() {
    let tx = Transmitter::new(LatLon::new(21.4708, 105.435), 30.0, 900.0);
    let cfg = hatang_core::radio::config::RadioConfig::default();
    for name in ["p1812", "rma", "hata", "cost231", "free-space"] {
        let model = Model::from_name(name, &cfg).unwrap();
        let spec = CoverageSpec::new(3_000.0, 150.0);
        let fast = loss_map(dem(), &tx, &model, &spec).unwrap();
        let exact = loss_map(dem(), &tx, &model, &spec.with_mode(Mode::Exact)).unwrap();
        let (f, e) = (fast.raster.data(), exact.raster.data());
        assert_eq!(
            f.iter().filter(|v| v.is_finite()).count(),
            e.iter().filter(|v| v.is_finite()).count(),
            "{name}"
        );
        let mut d: Vec<f32> = f
            .iter()
            .zip(e)
            .filter(|(a, _)| a.is_finite())
            .map(|(a, b)| (a - b).abs())
            .collect();
        d.sort_by(f32::total_cmp);
        assert!(
            d[d.len() / 2] < 3.0,
            "{name}: median |Δ| {}",
            d[d.len() / 2]
        );
    }
}

#[test]
fn cached_losses_round_trip() {
    let v: Vec<f32> = (0..1000)
        .map(|i| {
            if i % 7 == 0 {
                f32::NAN
            } else {
                80.0 + i as f32 * 0.0371
            }
        })
        .collect();
    let back = decode_losses(&encode_losses(&v), v.len()).unwrap();
    for (a, b) in v.iter().zip(&back) {
        assert!((a.is_nan() && b.is_nan()) || (a - b).abs() <= 0.05 + 1e-4);
    }
    assert!(decode_losses(&encode_losses(&v), 999).is_none());
}
