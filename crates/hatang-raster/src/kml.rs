//! KML ground overlays and KMZ packages for Google Earth and similar
//! viewers.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::color::ColorRamp;
use crate::error::Result;
use crate::grid::LonLatBox;
use crate::raster::Raster;
use crate::render::{legend_png, render_png};
use crate::zip::{ZipMethod, ZipWriter};

/// Name of the KML document inside KMZ files written by [`write_kmz`].
pub const KMZ_DOC: &str = "doc.kml";
/// Name of the overlay image inside KMZ files written by [`write_kmz`].
pub const KMZ_OVERLAY: &str = "overlay.png";
/// Name of the legend image inside KMZ files written by [`write_kmz`].
pub const KMZ_LEGEND: &str = "legend.png";

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a KML 2.2 document named `name` with a GroundOverlay showing the
/// image at `overlay_href` over `bounds` (a `LatLonBox` with north, south,
/// east and west in degrees), and, if `legend_href` is given, a
/// ScreenOverlay with that image in the top-left corner of the view at its
/// natural size.
///
/// ```
/// use hatang_raster::{write_kml, LonLatBox};
/// let b = LonLatBox { west: 105.1, south: 21.2, east: 105.3, north: 21.4 };
/// let mut kml = Vec::new();
/// write_kml(&mut kml, "Site A & B", &b, "overlay.png", Some("legend.png"))?;
/// let kml = String::from_utf8(kml).unwrap();
/// assert!(kml.contains("<name>Site A &amp; B</name>"));
/// assert!(kml.contains("<north>21.4</north>"));
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`crate::RasterError::Io`] if writing fails.
pub fn write_kml<W: Write>(
    mut w: W,
    name: &str,
    bounds: &LonLatBox,
    overlay_href: &str,
    legend_href: Option<&str>,
) -> Result<()> {
    let name = escape(name);
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>{name}</name>
    <GroundOverlay>
      <name>{name}</name>
      <Icon>
        <href>{href}</href>
      </Icon>
      <LatLonBox>
        <north>{north}</north>
        <south>{south}</south>
        <east>{east}</east>
        <west>{west}</west>
      </LatLonBox>
    </GroundOverlay>
"#,
        href = escape(overlay_href),
        north = bounds.north,
        south = bounds.south,
        east = bounds.east,
        west = bounds.west,
    );
    if let Some(legend) = legend_href {
        let _ = write!(
            s,
            r#"    <ScreenOverlay>
      <name>Legend</name>
      <Icon>
        <href>{href}</href>
      </Icon>
      <overlayXY x="0" y="1" xunits="fraction" yunits="fraction"/>
      <screenXY x="10" y="10" xunits="pixels" yunits="insetPixels"/>
      <rotationXY x="0" y="0" xunits="fraction" yunits="fraction"/>
      <size x="0" y="0" xunits="pixels" yunits="pixels"/>
    </ScreenOverlay>
"#,
            href = escape(legend)
        );
    }
    s.push_str("  </Document>\n</kml>\n");
    w.write_all(s.as_bytes())?;
    Ok(())
}

/// Writes a KMZ (ZIP) package: [`KMZ_DOC`] (deflated) with a GroundOverlay
/// of `raster` coloured by `ramp` ([`KMZ_OVERLAY`], see
/// [`render_png`]) over the raster's bounds, and a
/// ScreenOverlay legend ([`KMZ_LEGEND`], see
/// [`legend_png`], titled `legend_title`).
///
/// ```
/// use hatang_raster::{write_kmz, ColorRamp, GeoGrid, Raster};
/// let grid = GeoGrid::around(21.3, 105.4, 1_000.0, 50.0)?;
/// let r = Raster::filled(grid, -90.0);
/// let mut kmz = Vec::new();
/// write_kmz(&mut kmz, &r, &ColorRamp::rsrp(), "Site 1", "RSRP")?;
/// assert_eq!(&kmz[..2], b"PK");
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`crate::RasterError::Io`] if writing fails, errors of
/// [`render_png`] for rasters too large for PNG.
pub fn write_kmz<W: Write>(
    w: W,
    raster: &Raster,
    ramp: &ColorRamp,
    name: &str,
    legend_title: &str,
) -> Result<()> {
    let overlay = render_png(raster, ramp)?;
    let legend = legend_png(ramp, legend_title)?;
    let mut kml = Vec::new();
    write_kml(
        &mut kml,
        name,
        &raster.grid().bounds(),
        KMZ_OVERLAY,
        Some(KMZ_LEGEND),
    )?;
    let mut zip = ZipWriter::new(w);
    zip.add(KMZ_DOC, &kml, ZipMethod::Deflated)?;
    zip.add(KMZ_OVERLAY, &overlay, ZipMethod::Stored)?;
    zip.add(KMZ_LEGEND, &legend, ZipMethod::Stored)?;
    zip.finish()?;
    Ok(())
}

/// [`write_kmz`] into a new file at `path` (created or truncated).
///
/// # Errors
/// As [`write_kmz`], plus [`crate::RasterError::Io`] if the file cannot be
/// created.
pub fn write_kmz_file(
    path: impl AsRef<Path>,
    raster: &Raster,
    ramp: &ColorRamp,
    name: &str,
    legend_title: &str,
) -> Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    write_kmz(&mut w, raster, ramp, name, legend_title)?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("Phú Thọ"), "Phú Thọ");
    }
}
