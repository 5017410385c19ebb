//! Helpers shared by the integration tests.

use hatang_raster::{GeoGrid, Raster};

/// A raster of `width × height` pixels near Phú Thọ with varied values,
/// some no data.
pub fn sample_raster(width: usize, height: usize) -> Raster {
    let grid = GeoGrid::new(105.0, 21.5, 0.001, 0.001, width, height).unwrap();
    Raster::from_fn(grid, |c, r| {
        if (c * 7 + r * 3) % 11 == 0 {
            f32::NAN
        } else {
            -60.0 - (c as f32 * 0.37 + r as f32 * 0.11) % 70.0
        }
    })
}

/// Decodes an 8-bit RGBA PNG into (width, height, pixels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = dec.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Whether every pixel has the same bits (no data compared as NaN bits).
pub fn same_bits(a: &Raster, b: &Raster) -> bool {
    a.grid() == b.grid()
        && a.data().len() == b.data().len()
        && a.data()
            .iter()
            .zip(b.data())
            .all(|(x, y)| x.to_bits() == y.to_bits())
}
