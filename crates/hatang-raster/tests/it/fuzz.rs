//! The GeoTIFF reader must not panic, whatever the bytes.

use std::io::Cursor;

use hatang_raster::{read_geotiff, write_geotiff, GeoTiffOptions, Predictor, RasterError};
use proptest::prelude::*;

use crate::common::sample_raster;

fn assert_no_panic(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(RasterError::TiffDecode(e)) = read_geotiff(Cursor::new(bytes)) {
        prop_assert!(!e.to_string().contains("panicked"), "{e}");
    }
    Ok(())
}

fn valid_tiff(predictor: Predictor) -> Vec<u8> {
    let mut buf = Vec::new();
    let opts = GeoTiffOptions {
        predictor,
        level: 6,
    };
    write_geotiff(&mut buf, &sample_raster(300, 20), &opts).unwrap();
    buf
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        assert_no_panic(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_tiff_header(
        le in any::<bool>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut data = if le { b"II\x2a\x00\x08\x00\x00\x00".to_vec() } else { b"MM\x00\x2a\x00\x00\x00\x08".to_vec() };
        data.extend_from_slice(&bytes);
        assert_no_panic(&data)?;
    }

    #[test]
    fn mutated_geotiff(
        fp in any::<bool>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut data = valid_tiff(if fp { Predictor::FloatingPoint } else { Predictor::None });
        // Most edits land in the header and IFD, where they matter most.
        let head = 400.min(data.len());
        for (i, (at, byte)) in edits.iter().enumerate() {
            let idx = if i % 2 == 0 { at.index(head) } else { at.index(data.len()) };
            data[idx] = *byte;
        }
        if truncate {
            data.truncate(cut.index(data.len()));
        }
        assert_no_panic(&data)?;
    }
}
