//! Readers never panic on arbitrary bytes: garbage, truncated or mutated
//! `.hgt`, GeoTIFF and MSI input is an error, not a panic.

use super::geotiff::{int16_tiff, Geo};
use hatang_core::radio::antenna::MsiPattern;
use hatang_core::terrain::{LoadOptions, Tile};
use proptest::prelude::*;

fn small() -> LoadOptions {
    LoadOptions {
        max_cells: 1 << 16,
        ..LoadOptions::default()
    }
}

fn valid_tiff() -> Vec<u8> {
    let data: Vec<i16> = (0..64).map(|i| (i * 7 % 50) as i16 - 3).collect();
    int16_tiff(
        8,
        8,
        &data,
        &Geo {
            tie: [0.0, 0.0, 0.0, 105.0, 21.08, 0.0],
            scale: [0.01, 0.01, 0.0],
            keys: Some([1, 1, 0, 2, 1024, 0, 1, 2, 1025, 0, 1, 1]),
            nodata: Some("-3"),
        },
    )
}

const MSI: &str = "NAME demo\nMAKE acme\nFREQUENCY 1800 MHz\nH_WIDTH 65\nV_WIDTH 7\n\
FRONT_TO_BACK 25\nGAIN 17.5 dBi\nTILT ELECTRICAL\nELECTRICAL_TILT 4\nHORIZONTAL 4\n0 0\n90 10\n\
180 25\n270 10\nVERTICAL 4\n0 3\n90 20\n180 25\n270 20\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn hgt_garbage_is_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..4096),
                               name in "[NSns]?[0-9]{0,3}[EWew]?[0-9]{0,4}(\\.hgt)?") {
        prop_assert!(Tile::from_hgt_bytes(&name, &bytes, &small()).is_err());
        prop_assert!(Tile::read_hgt(&name, &bytes[..], &small()).is_err());
    }

    #[test]
    fn tiff_garbage_never_panics(mut bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                 le in any::<bool>()) {
        // Half the cases start with a valid TIFF header to get further in.
        if le && bytes.len() >= 8 {
            bytes[..4].copy_from_slice(b"II*\0");
        }
        let _ = Tile::from_geotiff_bytes("g.tif", &bytes, &small());
    }

    #[test]
    fn mutated_tiff_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
                                 cut in any::<prop::sample::Index>(), truncate in any::<bool>()) {
        let mut bytes = valid_tiff();
        for (i, b) in edits {
            let k = i.index(bytes.len());
            bytes[k] = b;
        }
        if truncate {
            let k = cut.index(bytes.len());
            bytes.truncate(k);
        }
        let _ = Tile::from_geotiff_bytes("m.tif", &bytes, &small());
    }

    #[test]
    fn msi_garbage_never_panics(text in "\\PC{0,400}") {
        let _ = MsiPattern::parse(&text);
        let _ = MsiPattern::read(text.as_bytes());
    }

    #[test]
    fn mutated_msi_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), "[ -~\n]{0,3}"), 1..6)) {
        let mut text = MSI.to_string();
        for (i, s) in edits {
            let mut k = i.index(text.len() + 1);
            while !text.is_char_boundary(k) { k -= 1; }
            text.replace_range(k..(k + 1).min(text.len()), &s);
        }
        if let Ok(p) = MsiPattern::parse(&text) {
            use hatang_core::radio::antenna::AntennaPattern;
            let g = p.relative_gain_db(12.3, -4.5);
            prop_assert!(g.is_nan() || g <= 0.0);
        }
    }
}

#[test]
fn the_unmutated_inputs_parse() {
    assert!(Tile::from_geotiff_bytes("v.tif", &valid_tiff(), &small()).is_ok());
    assert!(MsiPattern::parse(MSI).is_ok());
}

#[test]
fn truncated_real_tile_is_an_error() {
    let path = super::shared::file("data/dem/N21E105.hgt");
    let bytes = std::fs::read(path).unwrap();
    for len in [0, 1, 2, bytes.len() / 2, bytes.len() - 1] {
        let e = Tile::from_hgt_bytes("N21E105.hgt", &bytes[..len], &LoadOptions::default());
        assert!(e.is_err(), "{len} bytes");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Tile::from_hgt_bytes("N21E105.hgt", &longer, &LoadOptions::default()).is_err());
    assert!(Tile::from_hgt_bytes("dem.hgt", &bytes, &LoadOptions::default()).is_err());
}
