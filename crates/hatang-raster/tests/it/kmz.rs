//! KML and KMZ output: the archive is a valid ZIP, the KML is XML with the
//! raster's box, the images decode.

use std::io::Read;
use std::process::Command;

use hatang_raster::kml::{KMZ_DOC, KMZ_LEGEND, KMZ_OVERLAY};
use hatang_raster::zip::{ZipMethod, ZipWriter};
use hatang_raster::{write_kml, write_kmz, write_kmz_file, ColorRamp, LonLatBox};

use crate::common::{decode_png, sample_raster};

fn u16_at(b: &[u8], i: usize) -> usize {
    u16::from_le_bytes([b[i], b[i + 1]]) as usize
}
fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(b[i..i + 4].try_into().unwrap())
}

/// A small ZIP reader, independent of the writer: walks the central
/// directory, checks each local header against it and the CRC-32 of the
/// uncompressed data. Returns (name, method, data) per entry.
fn unzip(zip: &[u8]) -> Vec<(String, u16, Vec<u8>)> {
    let eocd = zip.len() - 22;
    assert_eq!(
        u32_at(zip, eocd),
        0x0605_4b50,
        "no end of central directory"
    );
    let n = u16_at(zip, eocd + 10);
    let cd_len = u32_at(zip, eocd + 12) as usize;
    let mut p = u32_at(zip, eocd + 16) as usize;
    assert_eq!(p + cd_len, eocd);
    let mut out = Vec::new();
    for _ in 0..n {
        assert_eq!(u32_at(zip, p), 0x0201_4b50);
        let method = u16_at(zip, p + 10) as u16;
        let crc = u32_at(zip, p + 16);
        let csize = u32_at(zip, p + 20) as usize;
        let usize_ = u32_at(zip, p + 24) as usize;
        let name_len = u16_at(zip, p + 28);
        let extra = u16_at(zip, p + 30) + u16_at(zip, p + 32);
        let local = u32_at(zip, p + 42) as usize;
        let name = String::from_utf8(zip[p + 46..p + 46 + name_len].to_vec()).unwrap();
        p += 46 + name_len + extra;

        assert_eq!(u32_at(zip, local), 0x0403_4b50);
        assert_eq!(u16_at(zip, local + 8) as u16, method);
        assert_eq!(u32_at(zip, local + 14), crc);
        assert_eq!(u32_at(zip, local + 18) as usize, csize);
        assert_eq!(u32_at(zip, local + 22) as usize, usize_);
        assert_eq!(&zip[local + 30..local + 30 + name_len], name.as_bytes());
        let start = local + 30 + name_len + u16_at(zip, local + 28);
        let raw = &zip[start..start + csize];
        let data = match method {
            0 => raw.to_vec(),
            8 => {
                let mut d = Vec::new();
                flate2::read::DeflateDecoder::new(raw)
                    .read_to_end(&mut d)
                    .unwrap();
                d
            }
            m => panic!("unexpected method {m}"),
        };
        assert_eq!(data.len(), usize_);
        assert_eq!(crc32fast::hash(&data), crc, "CRC of {name}");
        out.push((name, method, data));
    }
    assert_eq!(p, eocd);
    out
}

/// Text of the first element `<tag>…</tag>`.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no <{tag}>")) + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>")).unwrap();
    &xml[start..end]
}

fn python3() -> Option<&'static str> {
    Command::new("python3")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| "python3")
}

#[test]
fn zip_writer_round_trips() {
    let text = "Phú Thọ ".repeat(100);
    let mut zip = ZipWriter::new(Vec::new());
    zip.add("a/b.txt", text.as_bytes(), ZipMethod::Deflated)
        .unwrap();
    zip.add("tiny", b"x", ZipMethod::Deflated).unwrap(); // falls back to stored
    zip.add("empty", b"", ZipMethod::Stored).unwrap();
    let bytes = zip.finish().unwrap();
    let entries = unzip(&bytes);
    assert_eq!(entries.len(), 3);
    assert_eq!((entries[0].0.as_str(), entries[0].1), ("a/b.txt", 8));
    assert_eq!(entries[0].2, text.as_bytes());
    assert_eq!(
        (entries[1].0.as_str(), entries[1].1, &entries[1].2[..]),
        ("tiny", 0, &b"x"[..])
    );
    assert!(entries[2].2.is_empty());
}

#[test]
fn kml_has_the_box() {
    let b = LonLatBox {
        west: 105.125,
        south: 21.0625,
        east: 105.5,
        north: 21.4375,
    };
    let mut out = Vec::new();
    write_kml(&mut out, "<Coverage>", &b, "o.png", None).unwrap();
    let kml = String::from_utf8(out).unwrap();
    assert!(kml.starts_with("<?xml"));
    assert_eq!(element(&kml, "north"), "21.4375");
    assert_eq!(element(&kml, "south"), "21.0625");
    assert_eq!(element(&kml, "east"), "105.5");
    assert_eq!(element(&kml, "west"), "105.125");
    assert_eq!(element(&kml, "href"), "o.png");
    assert_eq!(element(&kml, "name"), "&lt;Coverage&gt;");
    assert!(!kml.contains("ScreenOverlay"));
}

#[test]
fn kmz_contents() {
    let raster = sample_raster(120, 80);
    let ramp = ColorRamp::rsrp();
    let mut kmz = Vec::new();
    write_kmz(&mut kmz, &raster, &ramp, "Trạm Việt Trì", "RSRP (dBm)").unwrap();
    let entries = unzip(&kmz);
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, [KMZ_DOC, KMZ_OVERLAY, KMZ_LEGEND]);

    let kml = std::str::from_utf8(&entries[0].2).unwrap();
    let b = raster.grid().bounds();
    for (tag, v) in [
        ("north", b.north),
        ("south", b.south),
        ("east", b.east),
        ("west", b.west),
    ] {
        assert_eq!(element(kml, tag).parse::<f64>().unwrap(), v, "{tag}");
    }
    assert!(kml.contains("<name>Trạm Việt Trì</name>"));
    assert!(kml.contains("<href>legend.png</href>"));

    let (w, h, _) = decode_png(&entries[1].2);
    assert_eq!((w, h), (120, 80));
    let (lw, lh, _) = decode_png(&entries[2].2);
    assert!(lw > 100 && lh > 80);

    // Deterministic output.
    let mut again = Vec::new();
    write_kmz(&mut again, &raster, &ramp, "Trạm Việt Trì", "RSRP (dBm)").unwrap();
    assert_eq!(kmz, again);
}

#[test]
fn kmz_opens_with_standard_tools() {
    let raster = sample_raster(300, 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coverage.kmz");
    write_kmz_file(
        &path,
        &raster,
        &ColorRamp::rsrp(),
        "Coverage & more",
        "RSRP",
    )
    .unwrap();
    let p = path.to_str().unwrap();

    if let Ok(out) = Command::new("unzip").args(["-t", p]).output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "unzip -t: {text}");
        assert!(text.contains("No errors detected"), "{text}");
    }

    let Some(py) = python3() else {
        eprintln!("python3 not found: checked the KMZ with the test's own ZIP reader only");
        return;
    };
    let script = r#"
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
assert z.namelist() == ["doc.kml", "overlay.png", "legend.png"], z.namelist()
ns = {"k": "http://www.opengis.net/kml/2.2"}
root = ET.fromstring(z.read("doc.kml"))
box = root.find("k:Document/k:GroundOverlay/k:LatLonBox", ns)
name = root.find("k:Document/k:name", ns).text
href = root.find("k:Document/k:GroundOverlay/k:Icon/k:href", ns).text
legend = root.find("k:Document/k:ScreenOverlay/k:Icon/k:href", ns).text
print(name, href, legend, *[repr(float(box.find("k:" + t, ns).text)) for t in ("north", "south", "east", "west")])
"#;
    let out = Command::new(py).args(["-c", script, p]).output().unwrap();
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let b = raster.grid().bounds();
    let expected = format!(
        "Coverage & more overlay.png legend.png {:?} {:?} {:?} {:?}",
        b.north, b.south, b.east, b.west
    );
    assert_eq!(text.trim(), expected);
}
