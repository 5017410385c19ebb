//! A minimal ZIP archive writer (no ZIP64), enough for KMZ files.
//!
//! Entries are written front to back with their sizes and CRC-32 known in
//! advance, so the output need not be seekable. All entries carry the
//! timestamp 1980-01-01 00:00 (the earliest DOS date), which makes the
//! output reproducible byte for byte.

use std::io::Write;

use flate2::write::DeflateEncoder;

use crate::error::{RasterError, Result};

/// How an entry is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipMethod {
    /// Uncompressed (method 0); right for data that is already compressed,
    /// such as PNG.
    Stored,
    /// DEFLATE (method 8). Falls back to [`ZipMethod::Stored`] for an entry
    /// that would not get smaller.
    Deflated,
}

struct CentralEntry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    uncompressed: u32,
    offset: u32,
}

const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01
const FLAG_UTF8: u16 = 1 << 11;
const VERSION_NEEDED: u16 = 20;
const VERSION_MADE_BY: u16 = (3 << 8) | 20; // Unix, spec 2.0
const UNIX_FILE_MODE: u32 = 0o100644 << 16;

/// Writes a ZIP archive to any [`Write`].
///
/// ```
/// use hatang_raster::zip::{ZipMethod, ZipWriter};
/// let mut zip = ZipWriter::new(Vec::new());
/// zip.add("hello.txt", b"xin chao, xin chao, xin chao", ZipMethod::Deflated)?;
/// zip.add("raw.bin", &[1, 2, 3], ZipMethod::Stored)?;
/// let bytes = zip.finish()?;
/// assert_eq!(&bytes[..4], b"PK\x03\x04");
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
pub struct ZipWriter<W: Write> {
    w: W,
    offset: u64,
    entries: Vec<CentralEntry>,
}

fn too_large(what: &str) -> RasterError {
    RasterError::TooLarge(format!("{what} (ZIP64 is not supported)"))
}

impl<W: Write> ZipWriter<W> {
    /// Starts an empty archive.
    pub fn new(w: W) -> Self {
        ZipWriter {
            w,
            offset: 0,
            entries: Vec::new(),
        }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.w.write_all(bytes)?;
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// Adds a file called `name` (a relative path with `/` separators)
    /// holding `data`.
    ///
    /// # Errors
    /// [`RasterError::TooLarge`] beyond 4 GiB or 65 535 entries,
    /// [`RasterError::Io`] if writing fails.
    pub fn add(&mut self, name: &str, data: &[u8], method: ZipMethod) -> Result<()> {
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(too_large("more than 65535 entries"));
        }
        let name_len = u16::try_from(name.len()).map_err(|_| too_large("entry name"))?;
        let uncompressed = u32::try_from(data.len()).map_err(|_| too_large("entry over 4 GiB"))?;
        let offset = u32::try_from(self.offset).map_err(|_| too_large("archive over 4 GiB"))?;
        let crc = crc32fast::hash(data);
        let deflated = match method {
            ZipMethod::Stored => None,
            ZipMethod::Deflated => {
                let mut enc = DeflateEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(data)?;
                Some(enc.finish()?).filter(|d| d.len() < data.len())
            }
        };
        let (method, payload) = match &deflated {
            Some(d) => (8u16, &d[..]),
            None => (0u16, data),
        };
        let compressed = payload.len() as u32;

        let mut h = Vec::with_capacity(30 + name.len());
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        h.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
        h.extend_from_slice(&FLAG_UTF8.to_le_bytes());
        h.extend_from_slice(&method.to_le_bytes());
        h.extend_from_slice(&DOS_TIME.to_le_bytes());
        h.extend_from_slice(&DOS_DATE.to_le_bytes());
        h.extend_from_slice(&crc.to_le_bytes());
        h.extend_from_slice(&compressed.to_le_bytes());
        h.extend_from_slice(&uncompressed.to_le_bytes());
        h.extend_from_slice(&name_len.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        h.extend_from_slice(name.as_bytes());
        self.put(&h)?;
        self.put(payload)?;
        self.entries.push(CentralEntry {
            name: name.to_string(),
            method,
            crc,
            compressed,
            uncompressed,
            offset,
        });
        Ok(())
    }

    /// Writes the central directory and returns the inner writer.
    ///
    /// # Errors
    /// [`RasterError::TooLarge`] beyond 4 GiB, [`RasterError::Io`] if
    /// writing fails.
    pub fn finish(mut self) -> Result<W> {
        let cd_start = u32::try_from(self.offset).map_err(|_| too_large("archive over 4 GiB"))?;
        let mut cd = Vec::new();
        for e in &self.entries {
            cd.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            cd.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
            cd.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
            cd.extend_from_slice(&FLAG_UTF8.to_le_bytes());
            cd.extend_from_slice(&e.method.to_le_bytes());
            cd.extend_from_slice(&DOS_TIME.to_le_bytes());
            cd.extend_from_slice(&DOS_DATE.to_le_bytes());
            cd.extend_from_slice(&e.crc.to_le_bytes());
            cd.extend_from_slice(&e.compressed.to_le_bytes());
            cd.extend_from_slice(&e.uncompressed.to_le_bytes());
            cd.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            cd.extend_from_slice(&0u16.to_le_bytes()); // extra field length
            cd.extend_from_slice(&0u16.to_le_bytes()); // comment length
            cd.extend_from_slice(&0u16.to_le_bytes()); // disk number
            cd.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            cd.extend_from_slice(&UNIX_FILE_MODE.to_le_bytes());
            cd.extend_from_slice(&e.offset.to_le_bytes());
            cd.extend_from_slice(e.name.as_bytes());
        }
        let cd_len = u32::try_from(cd.len()).map_err(|_| too_large("central directory"))?;
        if u64::from(cd_start) + u64::from(cd_len) > u64::from(u32::MAX) {
            return Err(too_large("archive over 4 GiB"));
        }
        let n = self.entries.len() as u16;
        cd.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        cd.extend_from_slice(&0u16.to_le_bytes()); // this disk
        cd.extend_from_slice(&0u16.to_le_bytes()); // disk with the central directory
        cd.extend_from_slice(&n.to_le_bytes());
        cd.extend_from_slice(&n.to_le_bytes());
        cd.extend_from_slice(&cd_len.to_le_bytes());
        cd.extend_from_slice(&cd_start.to_le_bytes());
        cd.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.put(&cd)?;
        self.w.flush()?;
        Ok(self.w)
    }
}
