//! Administrative units of Phú Thọ before and after the 1 July 2025 reform,
//! and the validated old→new mapping.
//!
//! - The 148 communes of 2025 come from the merger site's table, which
//!   carries the site's own ids; they are joined to the official codes of
//!   1027/CTK-CSCL by province and name, and any name that does not match
//!   is an error (never a guess).
//! - The units before the reform (3 provinces, their districts and 479
//!   communes) come from the statistics office's list.
//! - The mapping comes from `merges_25_phutho.json` and is validated: every
//!   code exists on its side, every old commune of the three provinces goes
//!   somewhere, a full unit goes to exactly one new unit, and the pieces of
//!   a partial unit (at least two) have shares summing to 1.
//!
//! Validity dates: new units are valid from 2025-07-01. The old list is the
//! state on 2025-06-30; its units are given `valid_from` 2020-01-01
//! ([`OLD_VALID_FROM`]), a nominal date after the 2019–2020 commune mergers,
//! so that series from 2020 on resolve to them.
//!
//! Shares of partial units: Resolution 1676/NQ-UBTVQH15 says "a part of the
//! area and population" without figures, so each piece gets an equal share
//! (an assumption, written in the mapping's `note`).

use hatang_core::geo::LatLon;
use hatang_core::model::{AdminLevel, AdminUnit, Date, MergeKind, Source, UnitKey, UnitMapping};
use std::collections::{BTreeMap, HashMap};

use crate::bundled;

/// `valid_from` given to the units of the statistics office's list before the reform.
pub const OLD_VALID_FROM: Date = Date {
    year: 2020,
    month: 1,
    day: 1,
};

/// The official code of Phú Thọ (after the reform, and old Phú Thọ before it).
pub const PROVINCE_CODE: &str = "25";

/// A problem in the bundled administrative data: the file, the row (1-based,
/// header = row 1, or 0 for the whole file) and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{file}, row {row}: {reason}")]
pub struct AdminDataError {
    /// File name.
    pub file: &'static str,
    /// Row.
    pub row: usize,
    /// Why.
    pub reason: String,
}

fn err(file: &'static str, row: usize, reason: impl Into<String>) -> AdminDataError {
    AdminDataError {
        file,
        row,
        reason: reason.into(),
    }
}

/// Extra facts about a 2025 commune that the unit record has no field for.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneInfo {
    /// Official code.
    pub code: String,
    /// The merger site's own id (not an official code).
    pub site_id: String,
    /// Where the seat is ("Trụ sở xã Thống Nhất cũ").
    pub seat: String,
    /// The units merged into it, as the site lists them.
    pub predecessors: String,
}

/// Everything [`load`] reads: unit versions, the mapping, and facts per commune.
#[derive(Debug, Clone)]
pub struct AdminData {
    /// Every unit version: provinces, districts and communes before the
    /// reform; the province and communes after it.
    pub units: Vec<AdminUnit>,
    /// Old→new edges (communes and provinces).
    pub mappings: Vec<UnitMapping>,
    /// Facts per 2025 commune, in the table's order.
    pub communes: Vec<CommuneInfo>,
}

impl AdminData {
    /// The 148 communes valid from 2025-07-01.
    pub fn communes_2025(&self) -> impl Iterator<Item = &AdminUnit> {
        self.units
            .iter()
            .filter(|u| u.key.level == AdminLevel::Commune && u.key.valid_from == Date::REFORM_2025)
    }

    /// The province as it is since 2025-07-01.
    pub fn province_2025(&self) -> &AdminUnit {
        self.units
            .iter()
            .find(|u| u.key.level == AdminLevel::Province && u.key.valid_from == Date::REFORM_2025)
            .expect("load() always builds the 2025 province")
    }

    /// Old province code ("17", "25", "26") each 2025 commune's seat lay in,
    /// through the commune that kept its code.
    pub fn old_province_of(&self, code_2025: &str) -> Option<&str> {
        let old = self.units.iter().find(|u| {
            u.key.level == AdminLevel::Commune
                && u.key.valid_from == OLD_VALID_FROM
                && u.key.code == code_2025
        })?;
        let district = old.parent_code.as_deref()?;
        self.units
            .iter()
            .find(|u| u.key.level == AdminLevel::District && u.key.code == district)
            .and_then(|d| d.parent_code.as_deref())
    }
}

/// Normalises a Vietnamese unit name for matching: lowercase, single
/// spaces, `<br>` as a space, and the old tone placement (hoà, thuỷ) as the
/// new one (hòa, thủy).
///
/// ```
/// use hatang_data::admin::normalize_name;
/// assert_eq!(normalize_name("Xã  Hoà<br>Bình"), normalize_name("xã hòa bình"));
/// assert_eq!(normalize_name("Thuỷ"), "thủy");
/// ```
pub fn normalize_name(s: &str) -> String {
    let s = s.replace("<br>", " ").to_lowercase();
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (old, new) in [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ] {
        s = s.replace(old, new);
    }
    s
}

/// Splits "Xã An Bình" into ("xã", "An Bình"); "Thị trấn X" and "Thành phố
/// X" keep their two-word type.
///
/// ```
/// assert_eq!(hatang_data::admin::split_type("Thị trấn Hùng Sơn"), ("thị trấn".to_string(), "Hùng Sơn".to_string()));
/// ```
pub fn split_type(full: &str) -> (String, String) {
    let full = full.trim();
    for t in [
        "Thị trấn",
        "Thành phố",
        "Thị xã",
        "Xã",
        "Phường",
        "Huyện",
        "Quận",
        "Tỉnh",
    ] {
        if let Some(rest) = full.strip_prefix(t) {
            if rest.starts_with(' ') {
                return (t.to_lowercase(), rest.trim().to_string());
            }
        }
    }
    (String::new(), full.to_string())
}

/// Official commune codes of one province from 1027/CTK-CSCL, keyed by
/// normalised full name ("xã an bình"), with the row's line number.
fn official_codes(
    md: &str,
    province: &str,
) -> Result<HashMap<String, (String, usize)>, AdminDataError> {
    const F: &str = "1027_CTK-CSCL.md";
    let want = normalize_name(province);
    let mut out = HashMap::new();
    for (i, line) in md.lines().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 {
            continue;
        }
        let (code, name, prov) = (cells[2], cells[3], cells[4]);
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if normalize_name(prov) != want {
            continue;
        }
        if let Some((c, l)) = out.insert(normalize_name(name), (code.to_string(), i + 1)) {
            return Err(err(
                F,
                i + 1,
                format!("name '{name}' appears twice (also code {c}, line {l})"),
            ));
        }
    }
    if out.is_empty() {
        return Err(err(F, 0, format!("no commune of '{province}'")));
    }
    Ok(out)
}

fn parse_num(file: &'static str, row: usize, col: &str, s: &str) -> Result<f64, AdminDataError> {
    s.trim()
        .replace(',', "")
        .parse::<f64>()
        .map_err(|_| err(file, row, format!("column {col}: '{s}' is not a number")))
}

/// The texts [`load_from`] reads; [`Sources::bundled`] gives the bundled ones.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The 2025 commune table (merger site).
    pub communes_csv: &'a str,
    /// 1027/CTK-CSCL as Markdown.
    pub codes_md: &'a str,
    /// New→old mapping JSON.
    pub merges_json: &'a str,
    /// GSO commune list before the reform.
    pub gso_wards_csv: &'a str,
    /// GSO district list before the reform.
    pub gso_districts_csv: &'a str,
}

impl Sources<'static> {
    /// The files compiled into the binary.
    pub fn bundled() -> Self {
        Sources {
            communes_csv: bundled::COMMUNES_2025_CSV,
            codes_md: bundled::CODES_1027_MD,
            merges_json: bundled::MERGES_JSON,
            gso_wards_csv: bundled::GSO_WARDS_CSV,
            gso_districts_csv: bundled::GSO_DISTRICTS_CSV,
        }
    }
}

/// Reads the bundled files into unit versions and the mapping, validated.
///
/// ```
/// let a = hatang_data::admin::load().unwrap();
/// let c = a.communes_2025().find(|u| u.name == "Tân Hòa").unwrap();
/// assert_eq!(c.key.code, "04792");
/// ```
pub fn load() -> Result<AdminData, AdminDataError> {
    load_from(&Sources::bundled())
}

/// Reads the given texts into unit versions and the mapping, validated.
pub fn load_from(src: &Sources<'_>) -> Result<AdminData, AdminDataError> {
    let mut units = Vec::new();
    let mut mappings = Vec::new();
    let mut communes = Vec::new();
    let reform_eve = Date::REFORM_2025.pred();

    // --- Old provinces, districts, communes (GSO list). ---
    let old_provinces = [("17", "Hòa Bình"), ("25", "Phú Thọ"), ("26", "Vĩnh Phúc")];
    for (code, name) in old_provinces {
        units.push(AdminUnit {
            key: UnitKey::new(AdminLevel::Province, code, OLD_VALID_FROM),
            valid_to: Some(reform_eve),
            name: name.into(),
            unit_type: "tỉnh".into(),
            parent_code: None,
            population: None,
            area_km2: None,
            centre: None,
            boundary: None,
            boundary_approximate: false,
            source: Source::Official,
        });
    }
    const FD: &str = "gso_district_phutho_vinhphuc_hoabinh_2025-07-18.csv";
    let mut rdr = csv::Reader::from_reader(
        src.gso_districts_csv
            .trim_start_matches('\u{feff}')
            .as_bytes(),
    );
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| err(FD, i + 2, e.to_string()))?;
        let (code, full, prov) = (
            rec.get(0).unwrap_or(""),
            rec.get(1).unwrap_or(""),
            rec.get(4).unwrap_or(""),
        );
        let (unit_type, name) = split_type(full);
        units.push(AdminUnit {
            key: UnitKey::new(AdminLevel::District, code, OLD_VALID_FROM),
            valid_to: Some(reform_eve),
            name,
            unit_type,
            parent_code: Some(prov.to_string()),
            population: None,
            area_km2: None,
            centre: None,
            boundary: None,
            boundary_approximate: false,
            source: Source::Official,
        });
    }
    const FW: &str = "gso_ward_phutho_vinhphuc_hoabinh_2025-07-18.csv";
    let mut old_communes: BTreeMap<String, usize> = BTreeMap::new();
    let mut rdr =
        csv::Reader::from_reader(src.gso_wards_csv.trim_start_matches('\u{feff}').as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| err(FW, i + 2, e.to_string()))?;
        let (code, full, district) = (
            rec.get(0).unwrap_or(""),
            rec.get(1).unwrap_or(""),
            rec.get(4).unwrap_or(""),
        );
        let (unit_type, name) = split_type(full);
        if old_communes.insert(code.to_string(), i + 2).is_some() {
            return Err(err(FW, i + 2, format!("code {code} appears twice")));
        }
        units.push(AdminUnit {
            key: UnitKey::new(AdminLevel::Commune, code, OLD_VALID_FROM),
            valid_to: Some(reform_eve),
            name,
            unit_type,
            parent_code: Some(district.to_string()),
            population: None,
            area_km2: None,
            centre: None,
            boundary: None,
            boundary_approximate: false,
            source: Source::Official,
        });
    }

    // --- 2025 communes, joined to official codes by province and name. ---
    const FC: &str = "phutho_148_communes_sapnhap.csv";
    let codes = official_codes(src.codes_md, "Tỉnh Phú Thọ")?;
    let mut rdr =
        csv::Reader::from_reader(src.communes_csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| err(FC, 1, e.to_string()))?
        .clone();
    let col = |name: &str| -> Result<usize, AdminDataError> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| err(FC, 1, format!("no column '{name}'")))
    };
    let (c_prov, c_type, c_name, c_area, c_pop, c_seat, c_lon, c_lat, c_pred, c_id) = (
        col("tentinh")?,
        col("loai")?,
        col("tenhc")?,
        col("dientichkm2")?,
        col("dansonguoi")?,
        col("trungtamhc")?,
        col("kinhdo")?,
        col("vido")?,
        col("truocsapnhap")?,
        col("ma")?,
    );
    let mut new_codes: BTreeMap<String, usize> = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| err(FC, row, e.to_string()))?;
        let g = |c: usize| rec.get(c).unwrap_or("").trim();
        if normalize_name(g(c_prov)) != normalize_name("tỉnh Phú Thọ") {
            return Err(err(
                FC,
                row,
                format!("province '{}' is not Phú Thọ", g(c_prov)),
            ));
        }
        let unit_type = g(c_type).to_lowercase();
        let name = g(c_name).to_string();
        let full = format!("{unit_type} {name}");
        let (code, _) = codes.get(&normalize_name(&full)).ok_or_else(|| {
            err(
                FC,
                row,
                format!("'{full}' has no official code in 1027/CTK-CSCL for Tỉnh Phú Thọ (names must match)"),
            )
        })?;
        if let Some(r) = new_codes.insert(code.clone(), row) {
            return Err(err(
                FC,
                row,
                format!("code {code} already joined on row {r}"),
            ));
        }
        let area = parse_num(FC, row, "dientichkm2", g(c_area))?;
        let pop = parse_num(FC, row, "dansonguoi", g(c_pop))?;
        let centre = LatLon::new(
            parse_num(FC, row, "vido", g(c_lat))?,
            parse_num(FC, row, "kinhdo", g(c_lon))?,
        );
        units.push(AdminUnit {
            key: UnitKey::new(AdminLevel::Commune, code.clone(), Date::REFORM_2025),
            valid_to: None,
            name,
            unit_type,
            parent_code: Some(PROVINCE_CODE.into()),
            population: Some(pop as u64),
            area_km2: Some(area),
            centre: Some(centre),
            boundary: None,
            boundary_approximate: false,
            source: Source::Official,
        });
        communes.push(CommuneInfo {
            code: code.clone(),
            site_id: g(c_id).to_string(),
            seat: g(c_seat).to_string(),
            predecessors: g(c_pred).to_string(),
        });
    }
    if new_codes.len() != 148 {
        return Err(err(
            FC,
            0,
            format!("{} communes, expected 148", new_codes.len()),
        ));
    }
    let (pop, area) = units
        .iter()
        .filter(|u| u.key.valid_from == Date::REFORM_2025)
        .fold((0u64, 0.0), |(p, a), u| {
            (p + u.population.unwrap_or(0), a + u.area_km2.unwrap_or(0.0))
        });
    let seat = units
        .iter()
        .find(|u| u.key.valid_from == Date::REFORM_2025 && u.name == "Việt Trì")
        .and_then(|u| u.centre);
    units.push(AdminUnit {
        key: UnitKey::new(AdminLevel::Province, PROVINCE_CODE, Date::REFORM_2025),
        valid_to: None,
        name: "Phú Thọ".into(),
        unit_type: "tỉnh".into(),
        parent_code: None,
        population: Some(pop),
        area_km2: Some(area),
        centre: seat,
        boundary: None,
        boundary_approximate: false,
        source: Source::Official,
    });

    // --- Mapping. ---
    mappings.extend(load_mappings(src.merges_json, &old_communes, &new_codes)?);
    for (code, _) in old_provinces {
        mappings.push(UnitMapping {
            old: UnitKey::new(AdminLevel::Province, code, OLD_VALID_FROM),
            new: UnitKey::new(AdminLevel::Province, PROVINCE_CODE, Date::REFORM_2025),
            kind: MergeKind::Full,
            share: 1.0,
            note: "Resolution 202/2025/QH15: Hòa Bình, Phú Thọ and Vĩnh Phúc merge into Phú Thọ"
                .into(),
        });
    }
    Ok(AdminData {
        units,
        mappings,
        communes,
    })
}

#[derive(serde::Deserialize)]
struct MergesFile {
    level2s: Vec<Level2>,
}
#[derive(serde::Deserialize)]
struct Level2 {
    level2_id: String,
    merges: Vec<Merge>,
}
#[derive(serde::Deserialize)]
struct Merge {
    old_id: String,
    #[serde(rename = "type")]
    kind: String,
}

fn load_mappings(
    json: &str,
    old: &BTreeMap<String, usize>,
    new: &BTreeMap<String, usize>,
) -> Result<Vec<UnitMapping>, AdminDataError> {
    const FM: &str = "merges_25_phutho.json";
    let file: MergesFile =
        serde_json::from_str(json).map_err(|e| err(FM, e.line(), e.to_string()))?;
    let mut edges: Vec<(String, String, MergeKind)> = Vec::new();
    for l2 in &file.level2s {
        if !new.contains_key(&l2.level2_id) {
            return Err(err(
                FM,
                0,
                format!("new code {} is not one of the 148 communes", l2.level2_id),
            ));
        }
        for m in &l2.merges {
            if !old.contains_key(&m.old_id) {
                return Err(err(
                    FM,
                    0,
                    format!(
                        "old code {} (into {}) is not in the GSO list",
                        m.old_id, l2.level2_id
                    ),
                ));
            }
            let kind: MergeKind = m.kind.parse().map_err(|e: String| err(FM, 0, e))?;
            edges.push((m.old_id.clone(), l2.level2_id.clone(), kind));
        }
    }
    let mut by_old: BTreeMap<&str, Vec<&(String, String, MergeKind)>> = BTreeMap::new();
    for e in &edges {
        by_old.entry(e.0.as_str()).or_default().push(e);
    }
    if let Some(missing) = old.keys().find(|c| !by_old.contains_key(c.as_str())) {
        return Err(err(
            FM,
            0,
            format!("old commune {missing} goes to no new commune"),
        ));
    }
    if let Some(n) = new.keys().find(|c| !edges.iter().any(|e| &e.1 == *c)) {
        return Err(err(FM, 0, format!("new commune {n} has no predecessor")));
    }
    let mut out = Vec::new();
    for (code, es) in by_old {
        let partial = es.iter().filter(|e| e.2 == MergeKind::Partial).count();
        if partial > 0 && partial != es.len() {
            return Err(err(
                FM,
                0,
                format!("old commune {code} is both full and partial"),
            ));
        }
        if partial == 0 && es.len() != 1 {
            return Err(err(
                FM,
                0,
                format!("old commune {code} goes fully into {} units", es.len()),
            ));
        }
        if partial == 1 {
            return Err(err(
                FM,
                0,
                format!("old commune {code} is partial but has a single piece"),
            ));
        }
        let share = 1.0 / es.len() as f64;
        for e in es {
            out.push(UnitMapping {
                old: UnitKey::new(AdminLevel::Commune, e.0.clone(), OLD_VALID_FROM),
                new: UnitKey::new(AdminLevel::Commune, e.1.clone(), Date::REFORM_2025),
                kind: e.2,
                share,
                note: if e.2 == MergeKind::Full {
                    "Resolution 1676/NQ-UBTVQH15".into()
                } else {
                    format!(
                        "Resolution 1676/NQ-UBTVQH15: part of the unit; share 1/{} assumed (the resolution gives no figures)",
                        partial
                    )
                },
            });
        }
    }
    // Shares of every old unit sum to 1.
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for m in &out {
        *sums.entry(m.old.code.as_str()).or_default() += m.share;
    }
    if let Some((c, s)) = sums.iter().find(|(_, s)| (**s - 1.0).abs() > 1e-9) {
        return Err(err(
            FM,
            0,
            format!("shares of old commune {c} sum to {s}, not 1"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_validates() {
        let a = load().unwrap();
        assert_eq!(a.communes_2025().count(), 148);
        let olds = a
            .units
            .iter()
            .filter(|u| u.key.level == AdminLevel::Commune && u.key.valid_from == OLD_VALID_FROM)
            .count();
        assert_eq!(olds, 479);
        assert_eq!(
            a.mappings
                .iter()
                .filter(|m| m.kind == MergeKind::Partial)
                .count(),
            6
        );
        for u in &a.units {
            assert!(u.check().is_empty(), "{:?}: {:?}", u.key, u.check());
        }
        let p = a.province_2025();
        assert!((p.area_km2.unwrap() - 9369.2).abs() < 1.0);
        assert_eq!(a.old_province_of("07900"), Some("25"));
    }

    #[test]
    fn regression_issue_2_resolve_examples_are_in_the_mapping() {
        let a = load().unwrap();
        let to = |old: &str| -> Vec<(String, MergeKind)> {
            a.mappings
                .iter()
                .filter(|m| m.old.level == AdminLevel::Commune && m.old.code == old)
                .map(|m| (m.new.code.clone(), m.kind))
                .collect()
        };
        assert_eq!(to("04813"), vec![("04792".to_string(), MergeKind::Full)]);
        let mut v = to("04891");
        v.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            v,
            vec![
                ("04828".to_string(), MergeKind::Partial),
                ("04891".to_string(), MergeKind::Partial)
            ]
        );
    }

    #[test]
    fn a_name_that_does_not_match_fails_loudly() {
        let csv = bundled::COMMUNES_2025_CSV.replacen(",An Bình,", ",An Bìn,", 1);
        let e = load_from(&Sources {
            communes_csv: &csv,
            ..Sources::bundled()
        })
        .unwrap_err();
        assert_eq!((e.file, e.row), ("phutho_148_communes_sapnhap.csv", 2));
        assert!(e.reason.contains("xã An Bìn"), "{e}");
    }
}
