//! The domain model: administrative units (versioned across the 2025
//! reform), villages, operators, sites, sectors, indicators and zones, with
//! the checks every record passes before it is stored.
//!
//! Each record type has a `check()` that returns every problem it finds as a
//! [`FieldError`] naming the column and the reason; importers add the file
//! and row.

use crate::geo::{in_vietnam, LatLon};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One problem with one field of one record.
///
/// ```
/// use hatang_core::model::FieldError;
/// let e = FieldError::new("lat", "95 is outside Vietnam");
/// assert_eq!(e.to_string(), "lat: 95 is outside Vietnam");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The column (field) name.
    pub column: String,
    /// Why the value is refused.
    pub reason: String,
}

impl FieldError {
    /// A problem with `column` for `reason`.
    ///
    /// ```
    /// let e = hatang_core::model::FieldError::new("azimuth_deg", "must be in 0–360");
    /// assert_eq!(e.column, "azimuth_deg");
    /// ```
    pub fn new(column: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            column: column.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.column, self.reason)
    }
}

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
///
/// ```
/// use hatang_core::model::Date;
/// let d: Date = "2025-07-01".parse().unwrap();
/// assert_eq!(d.to_string(), "2025-07-01");
/// assert!(d > "2025-06-30".parse().unwrap());
/// assert!("2025-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date, checked.
    ///
    /// ```
    /// assert!(hatang_core::model::Date::new(2024, 2, 29).is_some());
    /// assert!(hatang_core::model::Date::new(2025, 2, 29).is_none());
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Date { year, month, day })
    }

    /// The day the 2025 administrative reform took effect (1 July 2025):
    /// two-level government, 34 provinces, 3,321 communes.
    pub const REFORM_2025: Date = Date {
        year: 2025,
        month: 7,
        day: 1,
    };

    /// The previous day.
    ///
    /// ```
    /// use hatang_core::model::Date;
    /// assert_eq!(Date::REFORM_2025.pred().to_string(), "2025-06-30");
    /// assert_eq!(Date::new(2025, 1, 1).unwrap().pred().to_string(), "2024-12-31");
    /// ```
    pub fn pred(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (y, m) = if self.month == 1 {
            (self.year - 1, 12)
        } else {
            (self.year, self.month - 1)
        };
        (28..=31)
            .rev()
            .find_map(|d| Date::new(y, m, d))
            .expect("every month has 28 days")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a date (YYYY-MM-DD)");
        let mut it = s.trim().splitn(3, '-');
        let y = it
            .next()
            .and_then(|p| p.parse::<i32>().ok())
            .ok_or_else(bad)?;
        let m = it
            .next()
            .and_then(|p| p.parse::<u8>().ok())
            .ok_or_else(bad)?;
        let d = it
            .next()
            .and_then(|p| p.parse::<u8>().ok())
            .ok_or_else(bad)?;
        Date::new(y, m, d).ok_or_else(bad)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a record comes from. Every generated record says `Synthetic`.
///
/// ```
/// use hatang_core::model::Source;
/// assert_eq!("synthetic".parse::<Source>().unwrap(), Source::Synthetic);
/// assert_eq!(Source::Osm.as_str(), "osm");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// OpenStreetMap (ODbL, © OpenStreetMap contributors).
    Osm,
    /// An official list or report.
    Official,
    /// Reported by an operator.
    Operator,
    /// Generated by hatang's documented, seeded demo model.
    Synthetic,
    /// Entered or imported by a user.
    User,
}

impl Source {
    /// The lowercase name used in files and the database.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::Source::Official.as_str(), "official");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Osm => "osm",
            Source::Official => "official",
            Source::Operator => "operator",
            Source::Synthetic => "synthetic",
            Source::User => "user",
        }
    }
}

impl FromStr for Source {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "osm" => Source::Osm,
            "official" => Source::Official,
            "operator" => Source::Operator,
            "synthetic" => Source::Synthetic,
            "user" | "" => Source::User,
            _ => {
                return Err(format!(
                    "unknown source '{s}' (osm, official, operator, synthetic, user)"
                ))
            }
        })
    }
}

/// Level of an administrative unit.
///
/// ```
/// use hatang_core::model::AdminLevel;
/// assert_eq!("commune".parse::<AdminLevel>().unwrap(), AdminLevel::Commune);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdminLevel {
    /// Province or centrally-run city (tỉnh, thành phố).
    Province,
    /// District (huyện, quận, thị xã, thành phố thuộc tỉnh); abolished 1 July 2025.
    District,
    /// Commune, ward or township (xã, phường, thị trấn, đặc khu).
    Commune,
}

impl AdminLevel {
    /// The lowercase name.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::AdminLevel::District.as_str(), "district");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            AdminLevel::Province => "province",
            AdminLevel::District => "district",
            AdminLevel::Commune => "commune",
        }
    }
}

impl FromStr for AdminLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "province" | "tinh" | "tỉnh" => AdminLevel::Province,
            "district" | "huyen" | "huyện" => AdminLevel::District,
            "commune" | "ward" | "xa" | "xã" => AdminLevel::Commune,
            _ => return Err(format!("unknown level '{s}' (province, district, commune)")),
        })
    }
}

/// The identity of one version of an administrative unit: codes are reused
/// across the 2025 reform, so a code alone is ambiguous.
///
/// ```
/// use hatang_core::model::{AdminLevel, Date, UnitKey};
/// let k = UnitKey::new(AdminLevel::Commune, "04792", Date::REFORM_2025);
/// assert_eq!(k.to_string(), "commune/04792@2025-07-01");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnitKey {
    /// Level.
    pub level: AdminLevel,
    /// Official code, zero-padded (2 digits for provinces, 3 for districts, 5 for communes).
    pub code: String,
    /// First day this version is valid.
    pub valid_from: Date,
}

impl UnitKey {
    /// A key.
    ///
    /// ```
    /// use hatang_core::model::{AdminLevel, Date, UnitKey};
    /// let k = UnitKey::new(AdminLevel::Province, "25", Date::REFORM_2025);
    /// assert_eq!(k.code, "25");
    /// ```
    pub fn new(level: AdminLevel, code: impl Into<String>, valid_from: Date) -> Self {
        Self {
            level,
            code: code.into(),
            valid_from,
        }
    }
}

impl fmt::Display for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}@{}",
            self.level.as_str(),
            self.code,
            self.valid_from
        )
    }
}

/// The expected width of an official code at each level.
///
/// ```
/// use hatang_core::model::{code_width, AdminLevel};
/// assert_eq!(code_width(AdminLevel::Commune), 5);
/// ```
pub fn code_width(level: AdminLevel) -> usize {
    match level {
        AdminLevel::Province => 2,
        AdminLevel::District => 3,
        AdminLevel::Commune => 5,
    }
}

/// One version of an administrative unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUnit {
    /// Identity: level, official code, valid-from.
    pub key: UnitKey,
    /// Last day valid, or `None` while in force.
    pub valid_to: Option<Date>,
    /// Official name without its type (e.g. "Tân Hòa").
    pub name: String,
    /// Type as written officially: "xã", "phường", "thị trấn", "tỉnh", "huyện", …
    pub unit_type: String,
    /// Code of the parent unit at the same date (province for a 2025
    /// commune; district for an older commune), if any.
    pub parent_code: Option<String>,
    /// Population (people).
    pub population: Option<u64>,
    /// Area, km².
    pub area_km2: Option<f64>,
    /// Administrative centre (seat of the people's committee).
    pub centre: Option<LatLon>,
    /// Boundary polygon (outer ring), if known.
    pub boundary: Option<Vec<LatLon>>,
    /// True when `boundary` is an approximation (e.g. a Voronoi cell),
    /// not a surveyed boundary.
    pub boundary_approximate: bool,
    /// Where the record comes from.
    pub source: Source,
}

impl AdminUnit {
    /// Every problem with this record.
    ///
    /// ```
    /// use hatang_core::model::*;
    /// let mut u = AdminUnit {
    ///     key: UnitKey::new(AdminLevel::Commune, "4792", Date::REFORM_2025),
    ///     valid_to: None, name: "Tân Hòa".into(), unit_type: "phường".into(),
    ///     parent_code: Some("25".into()), population: Some(30_000), area_km2: Some(20.0),
    ///     centre: None, boundary: None, boundary_approximate: false, source: Source::Official,
    /// };
    /// assert_eq!(u.check()[0].column, "code");
    /// u.key.code = "04792".into();
    /// assert!(u.check().is_empty());
    /// ```
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        let w = code_width(self.key.level);
        if self.key.code.len() != w || !self.key.code.bytes().all(|b| b.is_ascii_digit()) {
            e.push(FieldError::new(
                "code",
                format!(
                    "'{}' is not a {w}-digit zero-padded {} code",
                    self.key.code,
                    self.key.level.as_str()
                ),
            ));
        }
        if self.name.trim().is_empty() {
            e.push(FieldError::new("name", "is empty"));
        }
        if let Some(to) = self.valid_to {
            if to < self.key.valid_from {
                e.push(FieldError::new(
                    "valid_to",
                    format!("{to} is before valid_from {}", self.key.valid_from),
                ));
            }
        }
        if let Some(a) = self.area_km2 {
            if !(a.is_finite() && a > 0.0 && a < 400_000.0) {
                e.push(FieldError::new(
                    "area_km2",
                    format!("{a} is not a positive area below 400,000 km²"),
                ));
            }
        }
        if let Some(p) = self.population {
            if p > 200_000_000 {
                e.push(FieldError::new("population", format!("{p} is implausible")));
            }
        }
        if let Some(c) = self.centre {
            check_point(&mut e, c, "centre_lat", "centre_lon");
        }
        if let Some(b) = &self.boundary {
            if b.len() < 3 {
                e.push(FieldError::new(
                    "boundary",
                    "a polygon needs at least 3 points",
                ));
            } else if let Some(p) = b.iter().find(|p| !in_vietnam(**p)) {
                e.push(FieldError::new(
                    "boundary",
                    format!("vertex {:.5},{:.5} is outside Vietnam", p.lat, p.lon),
                ));
            }
        }
        e
    }

    /// Whether this version is in force on `date`.
    ///
    /// ```
    /// use hatang_core::model::*;
    /// let u = AdminUnit {
    ///     key: UnitKey::new(AdminLevel::Commune, "04813", "2008-08-01".parse().unwrap()),
    ///     valid_to: Some("2025-06-30".parse().unwrap()), name: "Yên Mông".into(), unit_type: "xã".into(),
    ///     parent_code: None, population: None, area_km2: None, centre: None, boundary: None,
    ///     boundary_approximate: false, source: Source::Official,
    /// };
    /// assert!(u.valid_on("2020-01-01".parse().unwrap()));
    /// assert!(!u.valid_on(Date::REFORM_2025));
    /// ```
    pub fn valid_on(&self, date: Date) -> bool {
        self.key.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

fn check_point(e: &mut Vec<FieldError>, p: LatLon, lat_col: &str, lon_col: &str) {
    if !(p.lat.is_finite() && (-90.0..=90.0).contains(&p.lat)) {
        e.push(FieldError::new(
            lat_col,
            format!("{} is not a latitude (−90 to 90)", p.lat),
        ));
    } else if !(p.lon.is_finite() && (-180.0..=180.0).contains(&p.lon)) {
        e.push(FieldError::new(
            lon_col,
            format!("{} is not a longitude (−180 to 180)", p.lon),
        ));
    } else if !in_vietnam(p) {
        let col = if (6.0..=23.5).contains(&p.lat) {
            lon_col
        } else {
            lat_col
        };
        e.push(FieldError::new(
            col,
            format!(
                "{:.6},{:.6} is outside Vietnam (6–23.5 N, 102–118 E)",
                p.lat, p.lon
            ),
        ));
    }
}

/// How an old unit went into a new one at the reform.
///
/// ```
/// use hatang_core::model::MergeKind;
/// assert_eq!("partial".parse::<MergeKind>().unwrap(), MergeKind::Partial);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MergeKind {
    /// The whole old unit became part of the new one.
    Full,
    /// Only part of the old unit did; the rest went elsewhere.
    Partial,
}

impl MergeKind {
    /// "full" or "partial".
    ///
    /// ```
    /// assert_eq!(hatang_core::model::MergeKind::Full.as_str(), "full");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MergeKind::Full => "full",
            MergeKind::Partial => "partial",
        }
    }
}

impl FromStr for MergeKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(MergeKind::Full),
            "partial" => Ok(MergeKind::Partial),
            _ => Err(format!("unknown merge kind '{s}' (full, partial)")),
        }
    }
}

/// One edge of the old→new mapping of the reform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitMapping {
    /// The unit before the reform.
    pub old: UnitKey,
    /// The unit after it.
    pub new: UnitKey,
    /// Whole or part.
    pub kind: MergeKind,
    /// Share of the old unit's population that went into the new one
    /// (1 for a full merge; the pieces of a partial unit sum to 1).
    pub share: f64,
    /// Where the mapping and the share come from.
    pub note: String,
}

/// Kind of settlement.
///
/// ```
/// use hatang_core::model::VillageKind;
/// assert_eq!("bản".parse::<VillageKind>().unwrap(), VillageKind::Ban);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VillageKind {
    /// Thôn (lowland village).
    Thon,
    /// Bản (mountain village, often of an ethnic minority).
    Ban,
    /// Khu, khu phố, tổ dân phố (urban quarter).
    Khu,
    /// Xóm (hamlet).
    Xom,
    /// Làng.
    Lang,
    /// Anything else (an OSM place without a Vietnamese type).
    Other,
}

impl VillageKind {
    /// The unaccented lowercase name.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::VillageKind::Xom.as_str(), "xom");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            VillageKind::Thon => "thon",
            VillageKind::Ban => "ban",
            VillageKind::Khu => "khu",
            VillageKind::Xom => "xom",
            VillageKind::Lang => "lang",
            VillageKind::Other => "other",
        }
    }

    /// The Vietnamese word, for display.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::VillageKind::Thon.vietnamese(), "Thôn");
    /// ```
    pub fn vietnamese(self) -> &'static str {
        match self {
            VillageKind::Thon => "Thôn",
            VillageKind::Ban => "Bản",
            VillageKind::Khu => "Khu",
            VillageKind::Xom => "Xóm",
            VillageKind::Lang => "Làng",
            VillageKind::Other => "",
        }
    }
}

impl FromStr for VillageKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_lowercase().as_str() {
            "thon" | "thôn" => VillageKind::Thon,
            "ban" | "bản" => VillageKind::Ban,
            "khu" | "khu phố" | "to dan pho" | "tổ dân phố" => VillageKind::Khu,
            "xom" | "xóm" => VillageKind::Xom,
            "lang" | "làng" => VillageKind::Lang,
            "other" | "" | "village" | "hamlet" => VillageKind::Other,
            _ => {
                return Err(format!(
                    "unknown village kind '{s}' (thon, ban, khu, xom, lang, other)"
                ))
            }
        })
    }
}

/// A village (thôn, bản, khu, xóm): the unit the 4G target counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Village {
    /// Stable identifier, unique.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: VillageKind,
    /// Official code of the commune (2025 version) it belongs to.
    pub commune_code: String,
    /// Representative point.
    pub point: LatLon,
    /// People living there, if known.
    pub population: Option<u32>,
    /// Households, if known.
    pub households: Option<u32>,
    /// In an especially difficult area (vùng đặc biệt khó khăn).
    pub difficult: bool,
    /// Connected to the national grid.
    pub grid_power: bool,
    /// Where the record comes from.
    pub source: Source,
}

impl Village {
    /// Every problem with this record.
    ///
    /// ```
    /// use hatang_core::model::*;
    /// use hatang_core::geo::LatLon;
    /// let v = Village { id: "v1".into(), name: "Thôn 1".into(), kind: VillageKind::Thon,
    ///     commune_code: "04792".into(), point: LatLon::new(95.0, 105.0), population: Some(800),
    ///     households: None, difficult: false, grid_power: true, source: Source::Synthetic };
    /// assert_eq!(v.check()[0].column, "lat");
    /// ```
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_id(&mut e, "id", &self.id);
        if self.name.trim().is_empty() {
            e.push(FieldError::new("name", "is empty"));
        }
        if self.commune_code.len() != 5 || !self.commune_code.bytes().all(|b| b.is_ascii_digit()) {
            e.push(FieldError::new(
                "commune_code",
                format!("'{}' is not a 5-digit commune code", self.commune_code),
            ));
        }
        check_point(&mut e, self.point, "lat", "lon");
        if let Some(p) = self.population {
            if p > 200_000 {
                e.push(FieldError::new(
                    "population",
                    format!("{p} is implausible for a village (max 200,000)"),
                ));
            }
        }
        if let Some(h) = self.households {
            if h > 50_000 {
                e.push(FieldError::new(
                    "households",
                    format!("{h} is implausible for a village (max 50,000)"),
                ));
            }
        }
        e
    }
}

fn check_id(e: &mut Vec<FieldError>, col: &str, id: &str) {
    if id.trim().is_empty() {
        e.push(FieldError::new(col, "is empty"));
    } else if id.len() > 64 || id.chars().any(|c| c.is_control()) {
        e.push(FieldError::new(
            col,
            "must be at most 64 characters without control characters",
        ));
    }
}

/// A mobile network operator (MCC 452).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    /// Mobile network code, two digits ("04" Viettel).
    pub mnc: String,
    /// Short name used in files (e.g. "viettel").
    pub id: String,
    /// Brand (e.g. "Viettel").
    pub brand: String,
    /// Company.
    pub company: String,
    /// Colour on the map, `#rrggbb`.
    pub colour: String,
}

/// The four operators with radio networks in Phú Thọ, from MCC 452 codes.
///
/// ```
/// let ops = hatang_core::model::known_operators();
/// assert!(ops.iter().any(|o| o.mnc == "04" && o.id == "viettel"));
/// ```
pub fn known_operators() -> Vec<Operator> {
    [
        ("04", "viettel", "Viettel", "Viettel Group", "#e4002b"),
        ("02", "vinaphone", "Vinaphone", "VNPT", "#0072bc"),
        (
            "01",
            "mobifone",
            "MobiFone",
            "MobiFone Corporation",
            "#f7a600",
        ),
        (
            "05",
            "vietnamobile",
            "Vietnamobile",
            "Vietnamobile Telecommunications",
            "#8a2be2",
        ),
    ]
    .into_iter()
    .map(|(mnc, id, brand, company, colour)| Operator {
        mnc: mnc.into(),
        id: id.into(),
        brand: brand.into(),
        company: company.into(),
        colour: colour.into(),
    })
    .collect()
}

/// Radio access technology.
///
/// ```
/// use hatang_core::model::Technology;
/// assert_eq!("4G".parse::<Technology>().unwrap(), Technology::Lte);
/// assert_eq!("NR".parse::<Technology>().unwrap(), Technology::Nr);
/// assert_eq!(Technology::Nr.as_str(), "5G");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Technology {
    /// 2G GSM.
    #[serde(rename = "2G")]
    Gsm,
    /// 3G UMTS.
    #[serde(rename = "3G")]
    Umts,
    /// 4G LTE.
    #[serde(rename = "4G")]
    Lte,
    /// 5G NR.
    #[serde(rename = "5G")]
    Nr,
}

impl Technology {
    /// "2G", "3G", "4G" or "5G".
    ///
    /// ```
    /// assert_eq!(hatang_core::model::Technology::Gsm.as_str(), "2G");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Technology::Gsm => "2G",
            Technology::Umts => "3G",
            Technology::Lte => "4G",
            Technology::Nr => "5G",
        }
    }

    /// All four, oldest first.
    pub const ALL: [Technology; 4] = [
        Technology::Gsm,
        Technology::Umts,
        Technology::Lte,
        Technology::Nr,
    ];
}

impl FromStr for Technology {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_uppercase().as_str() {
            "2G" | "GSM" => Technology::Gsm,
            "3G" | "UMTS" | "WCDMA" => Technology::Umts,
            "4G" | "LTE" => Technology::Lte,
            "5G" | "NR" | "5G NR" => Technology::Nr,
            _ => return Err(format!("unknown technology '{s}' (2G, 3G, 4G, 5G)")),
        })
    }
}

/// A band a technology may use in Vietnam: its nominal name and downlink
/// centre frequency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandInfo {
    /// Technology.
    pub technology: Technology,
    /// Nominal band in MHz as operators name it (900, 1800, …).
    pub band_mhz: u32,
    /// 3GPP band name (e.g. "B3", "n78").
    pub name: &'static str,
    /// Downlink range, MHz.
    pub dl_low_mhz: f64,
    /// Downlink range, MHz.
    pub dl_high_mhz: f64,
}

/// The technology/band pairs licensed in Vietnam (3GPP TS 36.101 / 38.104
/// band edges; assignments per the Ministry's frequency plan).
pub const BANDS: &[BandInfo] = &[
    BandInfo {
        technology: Technology::Gsm,
        band_mhz: 900,
        name: "GSM900",
        dl_low_mhz: 925.0,
        dl_high_mhz: 960.0,
    },
    BandInfo {
        technology: Technology::Gsm,
        band_mhz: 1800,
        name: "DCS1800",
        dl_low_mhz: 1805.0,
        dl_high_mhz: 1880.0,
    },
    BandInfo {
        technology: Technology::Umts,
        band_mhz: 900,
        name: "B8",
        dl_low_mhz: 925.0,
        dl_high_mhz: 960.0,
    },
    BandInfo {
        technology: Technology::Umts,
        band_mhz: 2100,
        name: "B1",
        dl_low_mhz: 2110.0,
        dl_high_mhz: 2170.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 700,
        name: "B28",
        dl_low_mhz: 758.0,
        dl_high_mhz: 803.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 900,
        name: "B8",
        dl_low_mhz: 925.0,
        dl_high_mhz: 960.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 1800,
        name: "B3",
        dl_low_mhz: 1805.0,
        dl_high_mhz: 1880.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 2100,
        name: "B1",
        dl_low_mhz: 2110.0,
        dl_high_mhz: 2170.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 2300,
        name: "B40",
        dl_low_mhz: 2300.0,
        dl_high_mhz: 2400.0,
    },
    BandInfo {
        technology: Technology::Lte,
        band_mhz: 2600,
        name: "B7",
        dl_low_mhz: 2620.0,
        dl_high_mhz: 2690.0,
    },
    BandInfo {
        technology: Technology::Nr,
        band_mhz: 700,
        name: "n28",
        dl_low_mhz: 758.0,
        dl_high_mhz: 803.0,
    },
    BandInfo {
        technology: Technology::Nr,
        band_mhz: 2600,
        name: "n41",
        dl_low_mhz: 2496.0,
        dl_high_mhz: 2690.0,
    },
    BandInfo {
        technology: Technology::Nr,
        band_mhz: 3500,
        name: "n78",
        dl_low_mhz: 3300.0,
        dl_high_mhz: 3800.0,
    },
];

/// The band entry for a technology and nominal band, if licensed.
///
/// ```
/// use hatang_core::model::{band, Technology};
/// assert_eq!(band(Technology::Lte, 1800).unwrap().name, "B3");
/// assert!(band(Technology::Gsm, 3500).is_none());
/// ```
pub fn band(technology: Technology, band_mhz: u32) -> Option<&'static BandInfo> {
    BANDS
        .iter()
        .find(|b| b.technology == technology && b.band_mhz == band_mhz)
}

/// Physical structure of a site.
///
/// ```
/// use hatang_core::model::Structure;
/// assert_eq!("rooftop".parse::<Structure>().unwrap(), Structure::Rooftop);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Structure {
    /// Self-supporting lattice tower (cột tự đứng).
    Tower,
    /// Guyed mast (cột dây co).
    Guyed,
    /// Monopole.
    Monopole,
    /// On a building's roof.
    Rooftop,
    /// Street pole, small cell.
    Pole,
}

impl Structure {
    /// The lowercase name.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::Structure::Guyed.as_str(), "guyed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Structure::Tower => "tower",
            Structure::Guyed => "guyed",
            Structure::Monopole => "monopole",
            Structure::Rooftop => "rooftop",
            Structure::Pole => "pole",
        }
    }
}

impl FromStr for Structure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_lowercase().as_str() {
            "tower" | "tu dung" | "tự đứng" | "cột tự đứng" => Structure::Tower,
            "guyed" | "mast" | "day co" | "dây co" | "cột dây co" => Structure::Guyed,
            "monopole" => Structure::Monopole,
            "rooftop" | "roof" | "cột trên mái" | "tren mai" | "trên mái" => {
                Structure::Rooftop
            }
            "pole" | "small cell" => Structure::Pole,
            _ => {
                return Err(format!(
                    "unknown structure '{s}' (tower, guyed, monopole, rooftop, pole)"
                ))
            }
        })
    }
}

/// A site (tower, mast, rooftop) that carries antennas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Stable identifier, unique.
    pub id: String,
    /// Name or station code.
    pub name: String,
    /// Position.
    pub point: LatLon,
    /// Ground elevation above mean sea level, metres, if surveyed.
    pub ground_elevation_m: Option<f64>,
    /// Structure type.
    pub structure: Structure,
    /// Height of the structure above ground, metres.
    pub structure_height_m: f64,
    /// Owner of the structure (an operator id or a tower company).
    pub owner: String,
    /// Operator ids with equipment on it (more than one: shared).
    pub operators: Vec<String>,
    /// Commune code (2025), if known.
    pub commune_code: Option<String>,
    /// Where the record comes from.
    pub source: Source,
}

impl Site {
    /// Whether more than one operator uses it.
    ///
    /// ```
    /// # use hatang_core::model::*; use hatang_core::geo::LatLon;
    /// let mut s = Site { id: "S1".into(), name: "S1".into(), point: LatLon::new(21.3, 105.4),
    ///   ground_elevation_m: None, structure: Structure::Tower, structure_height_m: 40.0,
    ///   owner: "viettel".into(), operators: vec!["viettel".into()], commune_code: None, source: Source::User };
    /// assert!(!s.is_shared());
    /// s.operators.push("mobifone".into());
    /// assert!(s.is_shared());
    /// assert!(s.check(&known_operators()).is_empty());
    /// ```
    pub fn is_shared(&self) -> bool {
        self.operators.len() > 1
    }

    /// Every problem with this record, given the known operators.
    pub fn check(&self, operators: &[Operator]) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_id(&mut e, "id", &self.id);
        check_point(&mut e, self.point, "lat", "lon");
        if let Some(g) = self.ground_elevation_m {
            if !(g.is_finite() && (-100.0..=3200.0).contains(&g)) {
                e.push(FieldError::new(
                    "ground_elevation_m",
                    format!("{g} is outside −100 to 3,200 m (Vietnam's relief)"),
                ));
            }
        }
        if !(self.structure_height_m.is_finite()
            && (1.0..=150.0).contains(&self.structure_height_m))
        {
            e.push(FieldError::new(
                "structure_height_m",
                format!("{} is outside 1–150 m", self.structure_height_m),
            ));
        }
        if self.operators.is_empty() {
            e.push(FieldError::new(
                "operators",
                "a site needs at least one operator",
            ));
        }
        for o in &self.operators {
            if !operators.iter().any(|k| &k.id == o || &k.mnc == o) {
                e.push(FieldError::new(
                    "operators",
                    format!("unknown operator '{o}'"),
                ));
            }
        }
        let mut seen = self.operators.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.operators.len() {
            e.push(FieldError::new("operators", "an operator is listed twice"));
        }
        e
    }
}

/// Life-cycle status of a sector.
///
/// ```
/// use hatang_core::model::SectorStatus;
/// assert_eq!("on_air".parse::<SectorStatus>().unwrap(), SectorStatus::OnAir);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectorStatus {
    /// Planned, not yet transmitting.
    Planned,
    /// Transmitting.
    OnAir,
    /// Switched off for good.
    Decommissioned,
}

impl SectorStatus {
    /// "planned", "on_air" or "decommissioned".
    ///
    /// ```
    /// assert_eq!(hatang_core::model::SectorStatus::OnAir.as_str(), "on_air");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SectorStatus::Planned => "planned",
            SectorStatus::OnAir => "on_air",
            SectorStatus::Decommissioned => "decommissioned",
        }
    }
}

impl FromStr for SectorStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(
            match s
                .trim()
                .to_ascii_lowercase()
                .replace([' ', '-'], "_")
                .as_str()
            {
                "planned" => SectorStatus::Planned,
                "on_air" | "onair" | "active" => SectorStatus::OnAir,
                "decommissioned" | "off_air" => SectorStatus::Decommissioned,
                _ => {
                    return Err(format!(
                        "unknown status '{s}' (planned, on_air, decommissioned)"
                    ))
                }
            },
        )
    }
}

/// One sector (cell) of one operator on one site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sector {
    /// Stable identifier, unique.
    pub id: String,
    /// The site it is mounted on.
    pub site_id: String,
    /// Operator id ("viettel", …).
    pub operator: String,
    /// Technology.
    pub technology: Technology,
    /// Nominal band, MHz (900, 1800, 2100, 2600, 3500, …).
    pub band_mhz: u32,
    /// Downlink centre frequency, MHz.
    pub frequency_mhz: f64,
    /// Channel bandwidth, MHz.
    pub bandwidth_mhz: f64,
    /// Azimuth of the main lobe, degrees clockwise from true north.
    pub azimuth_deg: f64,
    /// Mechanical downtilt, degrees (positive down).
    pub mechanical_tilt_deg: f64,
    /// Electrical downtilt, degrees (positive down).
    pub electrical_tilt_deg: f64,
    /// Height of the antenna's centre above ground, metres.
    pub antenna_height_m: f64,
    /// Antenna model, if known (a pattern file name or a catalogue name).
    pub antenna_model: Option<String>,
    /// Antenna gain, dBi.
    pub gain_dbi: f64,
    /// Horizontal half-power beamwidth, degrees (for the parametric pattern).
    pub beamwidth_deg: f64,
    /// Transmitter output power at the antenna port side of the radio, dBm
    /// (total over the channel).
    pub tx_power_dbm: f64,
    /// Feeder and connector losses, dB.
    pub feeder_loss_db: f64,
    /// Status.
    pub status: SectorStatus,
    /// Day it went on air, if it has.
    pub on_air_date: Option<Date>,
    /// Day it was switched off, if it was.
    pub off_air_date: Option<Date>,
    /// Where the record comes from.
    pub source: Source,
}

impl Sector {
    /// Effective isotropic radiated power in the main beam, dBm.
    ///
    /// ```
    /// # use hatang_core::model::*;
    /// # let s = example_sector();
    /// assert!((s.eirp_dbm() - (46.0 + 17.0 - 2.0)).abs() < 1e-9);
    /// ```
    pub fn eirp_dbm(&self) -> f64 {
        self.tx_power_dbm + self.gain_dbi - self.feeder_loss_db
    }

    /// Every problem with this record, given the known operators.
    ///
    /// ```
    /// # use hatang_core::model::*;
    /// let mut s = example_sector();
    /// assert!(s.check(&known_operators()).is_empty());
    /// s.azimuth_deg = 400.0;
    /// assert_eq!(s.check(&known_operators())[0].column, "azimuth_deg");
    /// ```
    pub fn check(&self, operators: &[Operator]) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_id(&mut e, "id", &self.id);
        check_id(&mut e, "site_id", &self.site_id);
        if !operators
            .iter()
            .any(|k| k.id == self.operator || k.mnc == self.operator)
        {
            e.push(FieldError::new(
                "operator",
                format!("unknown operator '{}'", self.operator),
            ));
        }
        match band(self.technology, self.band_mhz) {
            None => e.push(FieldError::new(
                "band_mhz",
                format!(
                    "{} MHz is not a {} band licensed in Vietnam",
                    self.band_mhz,
                    self.technology.as_str()
                ),
            )),
            Some(b) => {
                if !(self.frequency_mhz >= b.dl_low_mhz && self.frequency_mhz <= b.dl_high_mhz) {
                    e.push(FieldError::new(
                        "frequency_mhz",
                        format!(
                            "{} MHz is outside {} downlink {}–{} MHz",
                            self.frequency_mhz, b.name, b.dl_low_mhz, b.dl_high_mhz
                        ),
                    ));
                }
            }
        }
        let bw_ok = match self.technology {
            Technology::Gsm => (0.1..=0.2).contains(&self.bandwidth_mhz),
            Technology::Umts => (3.8..=5.0).contains(&self.bandwidth_mhz),
            Technology::Lte => [1.4, 3.0, 5.0, 10.0, 15.0, 20.0].contains(&self.bandwidth_mhz),
            Technology::Nr => [
                5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 60.0, 80.0, 90.0, 100.0,
            ]
            .contains(&self.bandwidth_mhz),
        };
        if !bw_ok {
            e.push(FieldError::new(
                "bandwidth_mhz",
                format!(
                    "{} MHz is not a {} channel bandwidth",
                    self.bandwidth_mhz,
                    self.technology.as_str()
                ),
            ));
        }
        if !(self.azimuth_deg.is_finite() && (0.0..=360.0).contains(&self.azimuth_deg)) {
            e.push(FieldError::new(
                "azimuth_deg",
                format!("{} is outside 0–360°", self.azimuth_deg),
            ));
        }
        for (col, v) in [
            ("mechanical_tilt_deg", self.mechanical_tilt_deg),
            ("electrical_tilt_deg", self.electrical_tilt_deg),
        ] {
            if !(v.is_finite() && (-20.0..=30.0).contains(&v)) {
                e.push(FieldError::new(col, format!("{v} is outside −20 to 30°")));
            }
        }
        if !(self.antenna_height_m.is_finite() && (1.0..=150.0).contains(&self.antenna_height_m)) {
            e.push(FieldError::new(
                "antenna_height_m",
                format!("{} is outside 1–150 m", self.antenna_height_m),
            ));
        }
        if !(self.gain_dbi.is_finite() && (-10.0..=30.0).contains(&self.gain_dbi)) {
            e.push(FieldError::new(
                "gain_dbi",
                format!("{} is outside −10 to 30 dBi", self.gain_dbi),
            ));
        }
        if !(self.beamwidth_deg.is_finite()
            && self.beamwidth_deg > 0.0
            && self.beamwidth_deg <= 360.0)
        {
            e.push(FieldError::new(
                "beamwidth_deg",
                format!("{} is outside (0, 360]°", self.beamwidth_deg),
            ));
        }
        if !(self.tx_power_dbm.is_finite() && (0.0..=60.0).contains(&self.tx_power_dbm)) {
            e.push(FieldError::new(
                "tx_power_dbm",
                format!("{} dBm is outside 0–60 dBm (1 mW–1 kW)", self.tx_power_dbm),
            ));
        }
        if !(self.feeder_loss_db.is_finite() && (0.0..=20.0).contains(&self.feeder_loss_db)) {
            e.push(FieldError::new(
                "feeder_loss_db",
                format!("{} is outside 0–20 dB", self.feeder_loss_db),
            ));
        }
        if let (Some(a), Some(b)) = (self.on_air_date, self.off_air_date) {
            if b < a {
                e.push(FieldError::new(
                    "off_air_date",
                    format!("{b} is before on_air_date {a}"),
                ));
            }
        }
        e
    }
}

/// A sector for examples and tests: Viettel 4G B3, 20 MHz, 46 dBm, 17 dBi.
///
/// ```
/// let s = hatang_core::model::example_sector();
/// assert_eq!(s.band_mhz, 1800);
/// ```
pub fn example_sector() -> Sector {
    Sector {
        id: "S1-L18-1".into(),
        site_id: "S1".into(),
        operator: "viettel".into(),
        technology: Technology::Lte,
        band_mhz: 1800,
        frequency_mhz: 1842.5,
        bandwidth_mhz: 20.0,
        azimuth_deg: 0.0,
        mechanical_tilt_deg: 2.0,
        electrical_tilt_deg: 4.0,
        antenna_height_m: 30.0,
        antenna_model: None,
        gain_dbi: 17.0,
        beamwidth_deg: 65.0,
        tx_power_dbm: 46.0,
        feeder_loss_db: 2.0,
        status: SectorStatus::OnAir,
        on_air_date: None,
        off_air_date: None,
        source: Source::User,
    }
}

/// The kind of a zone the 5G targets and the planner aim at.
///
/// ```
/// use hatang_core::model::ZoneKind;
/// assert_eq!("industrial_zone".parse::<ZoneKind>().unwrap(), ZoneKind::IndustrialZone);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// Industrial zone or cluster (khu/cụm công nghiệp).
    IndustrialZone,
    /// Tourist site.
    TouristSite,
    /// Seat of a state agency.
    StateAgency,
    /// Commune centre (seat of the commune people's committee).
    CommuneCentre,
}

impl ZoneKind {
    /// The snake_case name.
    ///
    /// ```
    /// assert_eq!(hatang_core::model::ZoneKind::TouristSite.as_str(), "tourist_site");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::IndustrialZone => "industrial_zone",
            ZoneKind::TouristSite => "tourist_site",
            ZoneKind::StateAgency => "state_agency",
            ZoneKind::CommuneCentre => "commune_centre",
        }
    }
}

impl FromStr for ZoneKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "industrial_zone" | "industrial" => ZoneKind::IndustrialZone,
            "tourist_site" | "tourist" => ZoneKind::TouristSite,
            "state_agency" | "agency" => ZoneKind::StateAgency,
            "commune_centre" | "commune_center" => ZoneKind::CommuneCentre,
            _ => {
                return Err(format!(
                    "unknown zone kind '{s}' (industrial_zone, tourist_site, state_agency, commune_centre)"
                ))
            }
        })
    }
}

/// A place a target aims at: a point, or a small polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Stable identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ZoneKind,
    /// Representative point.
    pub point: LatLon,
    /// Outline, when it is an area.
    pub polygon: Option<Vec<LatLon>>,
    /// Commune code (2025), if known.
    pub commune_code: Option<String>,
    /// The position is approximate (from public knowledge, not a survey).
    pub approximate: bool,
    /// Where the record comes from.
    pub source: Source,
}

impl Zone {
    /// Every problem with this record.
    ///
    /// ```
    /// # use hatang_core::model::*; use hatang_core::geo::LatLon;
    /// let z = Zone { id: "z".into(), name: "KCN Thụy Vân".into(), kind: ZoneKind::IndustrialZone,
    ///   point: LatLon::new(21.35, 105.38), polygon: None, commune_code: None, approximate: true,
    ///   source: Source::Official };
    /// assert!(z.check().is_empty());
    /// ```
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_id(&mut e, "id", &self.id);
        check_point(&mut e, self.point, "lat", "lon");
        if let Some(p) = &self.polygon {
            if p.len() < 3 {
                e.push(FieldError::new(
                    "polygon",
                    "a polygon needs at least 3 points",
                ));
            }
        }
        e
    }
}

/// A documented indicator key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorKey {
    /// Key as stored.
    pub key: &'static str,
    /// Unit of the value.
    pub unit: &'static str,
    /// What it measures.
    pub description: &'static str,
    /// Allowed range of the value.
    pub range: (f64, f64),
    /// How values of split units aggregate: true when the value is a count
    /// (summed, population-weighted across a split), false when it is a
    /// share (population-weighted mean).
    pub additive: bool,
}

/// The indicator keys hatang knows, with their units. Imports refuse any
/// other key.
pub const INDICATOR_KEYS: &[IndicatorKey] = &[
    IndicatorKey {
        key: "population",
        unit: "people",
        description: "Resident population",
        range: (0.0, 2e8),
        additive: true,
    },
    IndicatorKey {
        key: "households",
        unit: "households",
        description: "Households",
        range: (0.0, 1e8),
        additive: true,
    },
    IndicatorKey {
        key: "fibre_households",
        unit: "households",
        description: "Households with a fixed fibre (FTTH) broadband subscription",
        range: (0.0, 1e8),
        additive: true,
    },
    IndicatorKey {
        key: "fibre_household_share",
        unit: "%",
        description: "Share of households with FTTH broadband",
        range: (0.0, 100.0),
        additive: false,
    },
    IndicatorKey {
        key: "fibre_available_share",
        unit: "%",
        description: "Share of households where FTTH can be ordered",
        range: (0.0, 100.0),
        additive: false,
    },
    IndicatorKey {
        key: "smartphone_share",
        unit: "%",
        description: "Share of the population (or of adults, per the source) using a smartphone",
        range: (0.0, 100.0),
        additive: false,
    },
    IndicatorKey {
        key: "mobile_subscriptions",
        unit: "subscriptions",
        description: "Mobile subscriptions",
        range: (0.0, 1e9),
        additive: true,
    },
    IndicatorKey {
        key: "mobile_broadband_subscriptions",
        unit: "subscriptions",
        description: "Mobile broadband (3G/4G/5G data) subscriptions",
        range: (0.0, 1e9),
        additive: true,
    },
    IndicatorKey {
        key: "fixed_broadband_subscriptions",
        unit: "subscriptions",
        description: "Fixed broadband subscriptions",
        range: (0.0, 1e9),
        additive: true,
    },
    IndicatorKey {
        key: "bts_count",
        unit: "BTS",
        description: "Base transceiver stations, counted per technology per site",
        range: (0.0, 1e7),
        additive: true,
    },
    IndicatorKey {
        key: "sites_5g",
        unit: "sites",
        description: "Sites with 5G on air (or 5G pilot points)",
        range: (0.0, 1e7),
        additive: true,
    },
    IndicatorKey {
        key: "difficult_villages_newly_covered",
        unit: "villages",
        description:
            "Especially difficult villages newly covered by mobile broadband in the period",
        range: (0.0, 1e6),
        additive: true,
    },
    IndicatorKey {
        key: "villages_4g_share",
        unit: "%",
        description: "Share of villages with 4G coverage",
        range: (0.0, 100.0),
        additive: false,
    },
    IndicatorKey {
        key: "population_4g_share",
        unit: "%",
        description: "Share of the population covered by 4G",
        range: (0.0, 100.0),
        additive: false,
    },
    IndicatorKey {
        key: "shared_tower_share",
        unit: "%",
        description: "Share of towers used by more than one operator",
        range: (0.0, 100.0),
        additive: false,
    },
];

/// The documented entry for `key`, if any.
///
/// ```
/// assert_eq!(hatang_core::model::indicator_key("smartphone_share").unwrap().unit, "%");
/// assert!(hatang_core::model::indicator_key("happiness").is_none());
/// ```
pub fn indicator_key(key: &str) -> Option<&'static IndicatorKey> {
    INDICATOR_KEYS.iter().find(|k| k.key == key)
}

/// A reported or computed indicator value for one unit version and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The unit version it refers to.
    pub unit: UnitKey,
    /// A key of [`INDICATOR_KEYS`].
    pub key: String,
    /// Period: a year "2022", a quarter "2022-Q4" or a month "2022-12".
    pub period: String,
    /// Value, in the key's unit.
    pub value: f64,
    /// Source (report, agency, date).
    pub source: String,
}

impl Indicator {
    /// Every problem with this record.
    ///
    /// ```
    /// # use hatang_core::model::*;
    /// let i = Indicator { unit: UnitKey::new(AdminLevel::Province, "25", "2008-08-01".parse().unwrap()),
    ///   key: "smartphone_share".into(), period: "2022".into(), value: 81.03, source: "Báo Phú Thọ".into() };
    /// assert!(i.check().is_empty());
    /// let bad = Indicator { value: 181.0, ..i.clone() };
    /// assert_eq!(bad.check()[0].column, "value");
    /// ```
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        match indicator_key(&self.key) {
            None => e.push(FieldError::new(
                "key",
                format!("unknown indicator key '{}'", self.key),
            )),
            Some(k) => {
                if !(self.value.is_finite() && self.value >= k.range.0 && self.value <= k.range.1) {
                    e.push(FieldError::new(
                        "value",
                        format!(
                            "{} is outside {}–{} {}",
                            self.value, k.range.0, k.range.1, k.unit
                        ),
                    ));
                }
            }
        }
        if parse_period(&self.period).is_none() {
            e.push(FieldError::new(
                "period",
                format!("'{}' is not YYYY, YYYY-Qn or YYYY-MM", self.period),
            ));
        }
        e
    }
}

/// The first and last day of a period written `YYYY`, `YYYY-Qn` or `YYYY-MM`.
///
/// ```
/// use hatang_core::model::parse_period;
/// let (a, b) = parse_period("2022-Q4").unwrap();
/// assert_eq!((a.to_string(), b.to_string()), ("2022-10-01".into(), "2022-12-31".into()));
/// assert!(parse_period("2022-13").is_none());
/// ```
pub fn parse_period(p: &str) -> Option<(Date, Date)> {
    let p = p.trim();
    let year: i32 = p.get(0..4)?.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let rest = &p[4..];
    let (m0, m1) = if rest.is_empty() {
        (1, 12)
    } else if let Some(q) = rest.strip_prefix("-Q") {
        let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        (3 * q - 2, 3 * q)
    } else if let Some(m) = rest.strip_prefix('-') {
        if m.len() != 2 {
            return None;
        }
        let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        (m, m)
    } else {
        return None;
    };
    let start = Date::new(year, m0, 1)?;
    let end = if m1 == 12 {
        Date::new(year + 1, 1, 1)?.pred()
    } else {
        Date::new(year, m1 + 1, 1)?.pred()
    };
    Some((start, end))
}

/// A batch of records of every kind, as an import or the demo produces it.
/// A store applies a dataset whole or not at all.
///
/// ```
/// let mut d = hatang_core::model::Dataset::default();
/// d.operators = hatang_core::model::known_operators();
/// assert_eq!(d.len(), 4);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Administrative unit versions.
    pub units: Vec<AdminUnit>,
    /// Old→new mapping of the 2025 reform.
    pub mappings: Vec<UnitMapping>,
    /// Villages.
    pub villages: Vec<Village>,
    /// Operators.
    pub operators: Vec<Operator>,
    /// Sites.
    pub sites: Vec<Site>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// Zones.
    pub zones: Vec<Zone>,
    /// Indicator values.
    pub indicators: Vec<Indicator>,
}

impl Dataset {
    /// Number of records of every kind together.
    pub fn len(&self) -> usize {
        self.units.len()
            + self.mappings.len()
            + self.villages.len()
            + self.operators.len()
            + self.sites.len()
            + self.sectors.len()
            + self.zones.len()
            + self.indicators.len()
    }

    /// Whether it holds no record.
    ///
    /// ```
    /// assert!(hatang_core::model::Dataset::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn date_parse_never_panics(s in "\\PC*") {
            let _ = s.parse::<Date>();
            let _ = parse_period(&s);
        }

        #[test]
        fn date_round_trips(y in 1900i32..2200, m in 1u8..=12, d in 1u8..=31) {
            if let Some(date) = Date::new(y, m, d) {
                prop_assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
            }
        }
    }

    #[test]
    fn every_band_centre_is_inside_its_range() {
        for b in BANDS {
            assert!(b.dl_low_mhz < b.dl_high_mhz, "{}", b.name);
        }
    }
}
