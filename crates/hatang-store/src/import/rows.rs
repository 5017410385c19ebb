//! Turning one row's cells into one record of the model. Every problem is
//! recorded against its column; a row with any problem gives no record.

use super::text::{fold, parse_bool, parse_date, parse_number, parse_whole, split_unit};
use super::Context;
use hatang_core::geo::LatLon;
use hatang_core::model::{
    code_width, indicator_key, parse_period, AdminLevel, AdminUnit, Date, FieldError, Indicator,
    MergeKind, Operator, Sector, SectorStatus, Site, Source, Structure, Technology, UnitKey,
    UnitMapping, Village, VillageKind, Zone, BANDS,
};
use std::collections::HashMap;
use std::str::FromStr;

/// One row's cells by canonical column name (trimmed, non-empty).
pub(crate) type Cells = HashMap<&'static str, String>;

/// Reads typed values out of a row's cells, collecting problems.
pub(crate) struct Reader<'a> {
    cells: &'a Cells,
    decimal_comma: bool,
    /// Problems found so far.
    pub errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(cells: &'a Cells, decimal_comma: bool) -> Self {
        Reader {
            cells,
            decimal_comma,
            errors: Vec::new(),
        }
    }

    fn fail(&mut self, col: &str, reason: impl Into<String>) {
        self.errors.push(FieldError::new(col, reason));
    }

    fn raw(&self, col: &str) -> Option<&'a str> {
        self.cells
            .get(col)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    fn has(&self, col: &str) -> bool {
        self.raw(col).is_some()
    }

    fn text(&mut self, col: &str) -> Option<String> {
        let v = self.raw(col).map(str::to_string);
        if v.is_none() {
            self.fail(col, "is required");
        }
        v
    }

    fn opt_text(&self, col: &str) -> Option<String> {
        self.raw(col).map(str::to_string)
    }

    fn map<T>(&mut self, col: &str, f: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.raw(col)?;
        match f(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(col, e);
                None
            }
        }
    }

    fn required<T>(&mut self, col: &str, v: Option<T>) -> Option<T> {
        if v.is_none() && !self.has(col) {
            self.fail(col, "is required");
        }
        v
    }

    fn opt_num(&mut self, col: &str, units: &[&'static str]) -> Option<f64> {
        let dc = self.decimal_comma;
        self.map(col, |s| parse_number(split_unit(s, units).0, dc))
    }

    fn num(&mut self, col: &str, units: &[&'static str]) -> Option<f64> {
        let v = self.opt_num(col, units);
        self.required(col, v)
    }

    fn whole<T: TryFrom<u64>>(&mut self, col: &str) -> Option<T> {
        let dc = self.decimal_comma;
        self.map(col, |s| {
            let v = parse_whole(s, dc)?;
            T::try_from(v).map_err(|_| format!("{v} is too large"))
        })
    }

    fn opt_parse<T: FromStr<Err = String>>(&mut self, col: &str) -> Option<T> {
        self.map(col, |s| s.parse())
    }

    fn parse<T: FromStr<Err = String>>(&mut self, col: &str) -> Option<T> {
        let v = self.opt_parse(col);
        self.required(col, v)
    }

    fn opt_date(&mut self, col: &str) -> Option<Date> {
        self.map(col, parse_date)
    }

    fn date(&mut self, col: &str) -> Option<Date> {
        let v = self.opt_date(col);
        self.required(col, v)
    }

    fn flag(&mut self, col: &str, default: bool) -> bool {
        self.map(col, parse_bool).unwrap_or(default)
    }

    fn source(&mut self) -> Source {
        self.opt_parse("source").unwrap_or(Source::User)
    }

    fn point(&mut self, lat: &str, lon: &str, required: bool) -> Option<LatLon> {
        let a = self.opt_num(lat, &["°"]);
        let b = self.opt_num(lon, &["°"]);
        match (self.has(lat), self.has(lon)) {
            (false, false) if !required => None,
            (la, lo) => {
                if !la {
                    self.fail(lat, "is required");
                }
                if !lo {
                    self.fail(lon, "is required");
                }
                Some(LatLon::new(a?, b?))
            }
        }
    }

    fn ring(&mut self, col: &str) -> Option<Vec<LatLon>> {
        self.map(col, parse_ring)
    }

    fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Pads a code a spreadsheet shortened ("4792" → "04792") to the width of
/// its level; leaves anything else as written.
pub(crate) fn pad(code: &str, width: usize) -> String {
    if code.len() < width && !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{code:0>width$}")
    } else {
        code.to_string()
    }
}

/// The level of a code by its width, allowing a lost leading zero.
fn level_by_width(code: &str) -> Option<AdminLevel> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        1 | 2 => Some(AdminLevel::Province),
        3 => Some(AdminLevel::District),
        4 | 5 => Some(AdminLevel::Commune),
        _ => None,
    }
}

/// Reads level and code from two columns (the level from the code's width
/// when absent) and pads the code.
fn level_code(r: &mut Reader, level_col: &str, code_col: &str) -> Option<(AdminLevel, String)> {
    let code = r.text(code_col)?;
    let level = if r.has(level_col) {
        r.opt_parse::<AdminLevel>(level_col)?
    } else {
        match level_by_width(&code) {
            Some(l) => l,
            None => {
                r.fail(
                    level_col,
                    format!("is required: '{code}' does not tell the level by its width"),
                );
                return None;
            }
        }
    };
    Some((level, pad(&code, code_width(level))))
}

/// Parses a ring: JSON `[[lon, lat], …]`, or a GeoJSON Polygon (object
/// or bare coordinates), whose closing vertex is dropped.
///
/// ```
/// use hatang_store::import::parse_ring;
/// let r = parse_ring("[[105.1,21.1],[105.2,21.1],[105.2,21.2]]").unwrap();
/// assert_eq!(r.len(), 3);
/// let p = parse_ring(r#"{"type":"Polygon","coordinates":[[[105.1,21.1],[105.2,21.1],[105.2,21.2],[105.1,21.1]]]}"#).unwrap();
/// assert_eq!(p, r);
/// assert!(parse_ring("[1,2]").is_err());
/// ```
pub fn parse_ring(raw: &str) -> Result<Vec<LatLon>, String> {
    let bad = |why: &str| format!("not a ring of [lon, lat] pairs or a GeoJSON Polygon: {why}");
    let v: serde_json::Value = serde_json::from_str(raw).map_err(|e| bad(&e.to_string()))?;
    let (coords, closed) = match &v {
        serde_json::Value::Object(o) => {
            if o.get("type").and_then(|t| t.as_str()) != Some("Polygon") {
                return Err(bad("only a Polygon is accepted"));
            }
            let first = o
                .get("coordinates")
                .and_then(|c| c.as_array())
                .and_then(|c| c.first())
                .ok_or_else(|| bad("no ring"))?;
            (first, true)
        }
        serde_json::Value::Array(a)
            if a.first().is_some_and(|x| {
                x.as_array()
                    .and_then(|y| y.first())
                    .is_some_and(|z| z.is_array())
            }) =>
        {
            (&a[0], true)
        }
        other => (other, false),
    };
    let arr = coords.as_array().ok_or_else(|| bad("not an array"))?;
    let mut ring = Vec::with_capacity(arr.len());
    for p in arr {
        let xy = p
            .as_array()
            .ok_or_else(|| bad("a vertex is not [lon, lat]"))?;
        match (
            xy.first().and_then(|x| x.as_f64()),
            xy.get(1).and_then(|x| x.as_f64()),
        ) {
            (Some(lon), Some(lat)) => ring.push(LatLon::new(lat, lon)),
            _ => return Err(bad("a vertex is not [lon, lat]")),
        }
    }
    if closed && ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    Ok(ring)
}

pub(crate) fn unit(r: &mut Reader) -> Option<AdminUnit> {
    let lc = level_code(r, "level", "code");
    let valid_from = r.date("valid_from");
    let valid_to = r.opt_date("valid_to");
    let name = r.text("name");
    let unit_type = r.opt_text("unit_type").unwrap_or_default();
    let parent = r.opt_text("parent_code");
    let population = r.whole::<u64>("population");
    let area = r.opt_num("area_km2", &["km2", "km²"]);
    let centre = r.point("centre_lat", "centre_lon", false);
    let boundary = r.ring("boundary");
    let approx = r.flag("boundary_approximate", false);
    let source = r.source();
    let (level, code) = lc?;
    let valid_from = valid_from?;
    // A 2025 commune's parent is a province; an older one's a district.
    let parent_width = match level {
        AdminLevel::Commune if valid_from < Date::REFORM_2025 => 3,
        _ => 2,
    };
    if !r.ok() {
        return None;
    }
    Some(AdminUnit {
        key: UnitKey::new(level, code, valid_from),
        valid_to,
        name: name.unwrap_or_default(),
        unit_type,
        parent_code: parent.map(|p| pad(&p, parent_width)),
        population,
        area_km2: area,
        centre,
        boundary,
        boundary_approximate: approx,
        source,
    })
}

pub(crate) fn mapping(r: &mut Reader) -> Option<UnitMapping> {
    let old = level_code(r, "old_level", "old_code");
    let old_from = r.date("old_valid_from");
    let new = level_code(r, "new_level", "new_code");
    let new_from = r.date("new_valid_from");
    let kind = r.parse::<MergeKind>("kind");
    let percent = r.raw("share").is_some_and(|s| s.ends_with('%'));
    let share = r
        .opt_num("share", &["%"])
        .map(|s| if percent { s / 100.0 } else { s });
    let note = r.opt_text("note").unwrap_or_default();
    let share = match (kind, share) {
        (_, Some(s)) => Some(s),
        (Some(MergeKind::Full), None) => Some(1.0),
        (Some(MergeKind::Partial), None) => {
            if !r.has("share") {
                r.fail("share", "is required for a partial mapping");
            }
            None
        }
        (None, None) => None,
    };
    let ((ol, oc), (nl, nc)) = (old?, new?);
    if !r.ok() {
        return None;
    }
    Some(UnitMapping {
        old: UnitKey::new(ol, oc, old_from?),
        new: UnitKey::new(nl, nc, new_from?),
        kind: kind?,
        share: share?,
        note,
    })
}

pub(crate) fn village(r: &mut Reader) -> Option<Village> {
    let id = r.text("id");
    let name = r.text("name");
    let kind = r
        .opt_parse::<VillageKind>("kind")
        .unwrap_or(VillageKind::Other);
    let commune = r.text("commune_code");
    let point = r.point("lat", "lon", true);
    let population = r.whole::<u32>("population");
    let households = r.whole::<u32>("households");
    let difficult = r.flag("difficult", false);
    let grid_power = r.flag("grid_power", true);
    let source = r.source();
    if !r.ok() {
        return None;
    }
    Some(Village {
        id: id?,
        name: name?,
        kind,
        commune_code: pad(&commune?, 5),
        point: point?,
        population,
        households,
        difficult,
        grid_power,
        source,
    })
}

pub(crate) fn operator(r: &mut Reader) -> Option<Operator> {
    let mnc = r.text("mnc");
    let id = r.text("id");
    let brand = r.text("brand");
    let company = r.opt_text("company").unwrap_or_default();
    let colour = r
        .opt_text("colour")
        .unwrap_or_else(|| "#808080".to_string());
    if !r.ok() {
        return None;
    }
    Some(Operator {
        mnc: pad(&mnc?, 2),
        id: id?.to_lowercase(),
        brand: brand?,
        company,
        colour: colour.to_lowercase(),
    })
}

/// The operator id a cell names: an id, a brand, a company, an MNC
/// ("04", "452-04") or a common short name (VNPT, Vina, Mobi, VNMB).
/// Unknown names come back as written, for the checks to refuse.
///
/// ```
/// use hatang_store::import::operator_id;
/// let ops = hatang_core::model::known_operators();
/// assert_eq!(operator_id("Viettel", &ops), "viettel");
/// assert_eq!(operator_id("VNPT", &ops), "vinaphone");
/// assert_eq!(operator_id("452-01", &ops), "mobifone");
/// assert_eq!(operator_id("Gmobile", &ops), "Gmobile");
/// ```
pub fn operator_id(raw: &str, operators: &[Operator]) -> String {
    let raw = raw.trim();
    let f = fold(raw);
    let mnc = match f.as_str() {
        "vnpt" | "vina" | "vnptvinaphone" => Some("02"),
        "mobi" | "mobiphone" => Some("01"),
        "vnmb" | "vnmobile" => Some("05"),
        "vtl" | "vt" => Some("04"),
        _ => f
            .strip_prefix("452")
            .filter(|m| !m.is_empty() && m.len() <= 3 && m.bytes().all(|b| b.is_ascii_digit())),
    };
    for o in operators {
        if f == fold(&o.id)
            || f == fold(&o.brand)
            || (!o.company.is_empty() && f == fold(&o.company))
            || raw == o.mnc
            || mnc == Some(o.mnc.as_str())
            || (raw.len() == 1 && pad(raw, 2) == o.mnc)
        {
            return o.id.clone();
        }
    }
    raw.to_string()
}

pub(crate) fn site(r: &mut Reader, ctx: &Context) -> Option<Site> {
    let id = r.text("id");
    let name = r.opt_text("name");
    let point = r.point("lat", "lon", true);
    let ground = r.opt_num("ground_elevation_m", &["m"]);
    let structure = r
        .opt_parse::<Structure>("structure")
        .unwrap_or(Structure::Tower);
    let height = r.num("structure_height_m", &["m"]);
    let operators: Vec<String> = r
        .text("operators")
        .map(|s| {
            s.split(['|', '/', '+', ';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| operator_id(s, &ctx.operators))
                .collect()
        })
        .unwrap_or_default();
    let owner = r
        .opt_text("owner")
        .map(|o| {
            let id = operator_id(&o, &ctx.operators);
            if ctx.operators.iter().any(|k| k.id == id) {
                id
            } else {
                o
            }
        })
        .or_else(|| operators.first().cloned())
        .unwrap_or_default();
    let commune = r.opt_text("commune_code").map(|c| pad(&c, 5));
    let source = r.source();
    if !r.ok() {
        return None;
    }
    let id = id?;
    Some(Site {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        point: point?,
        ground_elevation_m: ground,
        structure,
        structure_height_m: height?,
        owner,
        operators,
        commune_code: commune,
        source,
    })
}

/// Reads a band: "1800", "1800 MHz", "3.5 GHz", a 3GPP name ("B3",
/// "n78") or an operator's "L1800" / "U2100" / "N3500".
fn band_mhz(raw: &str, tech: Option<Technology>) -> Result<u32, String> {
    let bad = || format!("'{raw}' is not a band (900, 1800 MHz, B3, n78, …)");
    let s = raw.trim();
    let s = s
        .strip_prefix("band")
        .or_else(|| s.strip_prefix("Band"))
        .unwrap_or(s)
        .trim();
    let named = BANDS
        .iter()
        .filter(|b| tech.is_none_or(|t| b.technology == t))
        .find(|b| b.name.eq_ignore_ascii_case(s));
    if let Some(b) = named {
        return Ok(b.band_mhz);
    }
    let (num, unit) = split_unit(s, &["mhz", "ghz"]);
    let num = match num.as_bytes().first() {
        Some(b'L' | b'U' | b'G' | b'N' | b'l' | b'u' | b'g' | b'n') if unit.is_none() => &num[1..],
        _ => num,
    };
    let v = parse_number(num, num.contains(',') && !num.contains('.')).map_err(|_| bad())?;
    let mhz = if unit == Some("ghz") { v * 1000.0 } else { v };
    if mhz.fract() != 0.0 || !(1.0..=100_000.0).contains(&mhz) {
        return Err(bad());
    }
    Ok(mhz as u32)
}

/// Reads a power in dBm, or in watts when it ends in W.
fn power_dbm(raw: &str, decimal_comma: bool) -> Result<f64, String> {
    let (num, unit) = split_unit(raw, &["dbm", "w"]);
    let v = parse_number(num, decimal_comma)?;
    if unit == Some("w") {
        if v <= 0.0 {
            return Err(format!("'{}' is not a positive power", raw.trim()));
        }
        Ok(10.0 * (v * 1000.0).log10())
    } else {
        Ok(v)
    }
}

pub(crate) fn sector(r: &mut Reader, ctx: &Context) -> Option<Sector> {
    let id = r.text("id");
    let site_id = r.text("site_id");
    let operator = r.text("operator").map(|o| operator_id(&o, &ctx.operators));
    let technology = r.parse::<Technology>("technology");
    let band = r.map("band_mhz", |s| band_mhz(s, technology));
    let band = r.required("band_mhz", band);
    // Default: the band's centre (0 for a band the checks will refuse).
    let frequency = r.opt_num("frequency_mhz", &["mhz"]).or_else(|| {
        let b = hatang_core::model::band(technology?, band?);
        Some(b.map_or(0.0, |b| (b.dl_low_mhz + b.dl_high_mhz) / 2.0))
    });
    let bandwidth = r.num("bandwidth_mhz", &["mhz"]);
    let azimuth = r.num("azimuth_deg", &["°", "deg", "độ"]);
    let mtilt = r
        .opt_num("mechanical_tilt_deg", &["°", "deg", "độ"])
        .unwrap_or(0.0);
    let etilt = r
        .opt_num("electrical_tilt_deg", &["°", "deg", "độ"])
        .unwrap_or(0.0);
    let height = r.num("antenna_height_m", &["m"]);
    let model = r.opt_text("antenna_model");
    let gain = r.num("gain_dbi", &["dbi", "db"]);
    let beamwidth = r
        .opt_num("beamwidth_deg", &["°", "deg", "độ"])
        .unwrap_or(65.0);
    let dc = r.decimal_comma;
    let power = r.map("tx_power_dbm", |s| power_dbm(s, dc));
    let power = r.required("tx_power_dbm", power);
    let loss = r.opt_num("feeder_loss_db", &["db"]).unwrap_or(0.0);
    let status = r
        .opt_parse::<SectorStatus>("status")
        .unwrap_or(SectorStatus::OnAir);
    let on_air = r.opt_date("on_air_date");
    let off_air = r.opt_date("off_air_date");
    let source = r.source();
    if !r.ok() {
        return None;
    }
    Some(Sector {
        id: id?,
        site_id: site_id?,
        operator: operator?,
        technology: technology?,
        band_mhz: band?,
        frequency_mhz: frequency?,
        bandwidth_mhz: bandwidth?,
        azimuth_deg: azimuth?,
        mechanical_tilt_deg: mtilt,
        electrical_tilt_deg: etilt,
        antenna_height_m: height?,
        antenna_model: model,
        gain_dbi: gain?,
        beamwidth_deg: beamwidth,
        tx_power_dbm: power?,
        feeder_loss_db: loss,
        status,
        on_air_date: on_air,
        off_air_date: off_air,
        source,
    })
}

pub(crate) fn zone(r: &mut Reader) -> Option<Zone> {
    let id = r.text("id");
    let name = r.text("name");
    let kind = r.parse("kind");
    let polygon = r.ring("polygon");
    if polygon.as_ref().is_some_and(Vec::is_empty) {
        r.fail("polygon", "has no vertices");
    }
    let has_point = r.has("lat") || r.has("lon");
    let point = if has_point || polygon.is_none() {
        let p = r.point("lat", "lon", false);
        if p.is_none() && !has_point && !r.has("polygon") {
            r.fail("lat", "is required unless a polygon is given");
        }
        p
    } else {
        polygon.as_ref().filter(|p| !p.is_empty()).map(|p| {
            let n = p.len() as f64;
            LatLon::new(
                p.iter().map(|v| v.lat).sum::<f64>() / n,
                p.iter().map(|v| v.lon).sum::<f64>() / n,
            )
        })
    };
    let commune = r.opt_text("commune_code").map(|c| pad(&c, 5));
    let approximate = r.flag("approximate", false);
    let source = r.source();
    if !r.ok() {
        return None;
    }
    Some(Zone {
        id: id?,
        name: name?,
        kind: kind?,
        point: point?,
        polygon,
        commune_code: commune,
        approximate,
        source,
    })
}

pub(crate) fn indicator(r: &mut Reader, ctx: &Context) -> Option<Indicator> {
    let lc = level_code(r, "level", "code");
    let valid_from = r.opt_date("valid_from");
    let key = r.text("key").map(|k| {
        let f = fold(&k);
        hatang_core::model::INDICATOR_KEYS
            .iter()
            .find(|x| fold(x.key) == f)
            .map_or(k, |x| x.key.to_string())
    });
    let period = r.text("period");
    let percent = key
        .as_deref()
        .and_then(indicator_key)
        .is_some_and(|k| k.unit == "%");
    let value = r.num("value", if percent { &["%"] } else { &[] });
    let source = r.text("source");
    let (level, code) = lc?;
    let valid_from = match valid_from {
        Some(d) => d,
        None if r.has("valid_from") => return None,
        None => {
            let period = period.as_deref()?;
            let Some((start, end)) = parse_period(period) else {
                r.fail(
                    "period",
                    format!("'{period}' is not YYYY, YYYY-Qn or YYYY-MM"),
                );
                return None;
            };
            let found: Vec<&AdminUnit> = ctx
                .units
                .iter()
                .filter(|u| u.key.level == level && u.key.code == code)
                .filter(|u| u.key.valid_from <= start && u.valid_to.is_none_or(|to| end <= to))
                .collect();
            match found[..] {
                [u] => u.key.valid_from,
                [] => {
                    r.fail(
                        "valid_from",
                        format!(
                            "is required: no version of {} {code} in the store spans {period}",
                            level.as_str()
                        ),
                    );
                    return None;
                }
                _ => {
                    r.fail(
                        "valid_from",
                        format!(
                            "is required: several versions of {} {code} span {period}",
                            level.as_str()
                        ),
                    );
                    return None;
                }
            }
        }
    };
    if !r.ok() {
        return None;
    }
    Some(Indicator {
        unit: UnitKey::new(level, code, valid_from),
        key: key?,
        period: period?,
        value: value?,
        source: source?,
    })
}
