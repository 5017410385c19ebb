//! What every stored record has in common: its table, its entity id (the
//! primary key as one string, used in history and by
//! [`Store::delete`](crate::Store::delete)) and the checks that need no
//! database.

use crate::store::Table;
use hatang_core::geo::{in_vietnam, LatLon};
use hatang_core::model::{
    AdminLevel, AdminUnit, Date, FieldError, Indicator, MergeKind, Operator, Sector, Site, UnitKey,
    UnitMapping, Village, Zone,
};
use serde::Serialize;

/// A record of the domain model as the store keeps it.
///
/// ```
/// use hatang_core::model::*;
/// use hatang_store::Record;
/// let k = UnitKey::new(AdminLevel::Commune, "04792", Date::REFORM_2025);
/// let i = Indicator { unit: k, key: "population".into(), period: "2025".into(), value: 1.0, source: "x".into() };
/// assert_eq!(i.entity_id(), "commune/04792@2025-07-01|population|2025");
/// ```
pub trait Record: Serialize + PartialEq + Clone {
    /// The table it lives in.
    const TABLE: Table;

    /// The primary key as one string: the id for villages, operators,
    /// sites, sectors and zones; `level/code@valid_from` for units;
    /// `old>new` (two unit keys) for mappings; `unit|key|period` for
    /// indicators.
    fn entity_id(&self) -> String;

    /// Every problem the record has on its own (the model's `check()`,
    /// plus the store's checks of mappings and operators). `operators` is
    /// the list a site or sector is checked against.
    fn problems(&self, operators: &[Operator]) -> Vec<FieldError>;
}

impl Record for AdminUnit {
    const TABLE: Table = Table::Units;
    fn entity_id(&self) -> String {
        self.key.to_string()
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        self.check()
    }
}

impl Record for UnitMapping {
    const TABLE: Table = Table::Mappings;
    fn entity_id(&self) -> String {
        format!("{}>{}", self.old, self.new)
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        check_mapping(self)
    }
}

impl Record for Village {
    const TABLE: Table = Table::Villages;
    fn entity_id(&self) -> String {
        self.id.clone()
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        self.check()
    }
}

impl Record for Operator {
    const TABLE: Table = Table::Operators;
    fn entity_id(&self) -> String {
        self.id.clone()
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        check_operator(self)
    }
}

impl Record for Site {
    const TABLE: Table = Table::Sites;
    fn entity_id(&self) -> String {
        self.id.clone()
    }
    fn problems(&self, operators: &[Operator]) -> Vec<FieldError> {
        let mut e = self.check(operators);
        if self.name.trim().is_empty() {
            e.push(FieldError::new("name", "is empty"));
        }
        // The store keeps operator ids, not network codes.
        for o in &self.operators {
            if let Some(k) = operators.iter().find(|k| &k.mnc == o && &k.id != o) {
                e.push(FieldError::new(
                    "operators",
                    format!("'{o}' is a network code: write the operator id '{}'", k.id),
                ));
            }
        }
        e
    }
}

impl Record for Sector {
    const TABLE: Table = Table::Sectors;
    fn entity_id(&self) -> String {
        self.id.clone()
    }
    fn problems(&self, operators: &[Operator]) -> Vec<FieldError> {
        let mut e = self.check(operators);
        if let Some(k) = operators
            .iter()
            .find(|k| k.mnc == self.operator && k.id != self.operator)
        {
            e.push(FieldError::new(
                "operator",
                format!(
                    "'{}' is a network code: write the operator id '{}'",
                    self.operator, k.id
                ),
            ));
        }
        e
    }
}

impl Record for Zone {
    const TABLE: Table = Table::Zones;
    fn entity_id(&self) -> String {
        self.id.clone()
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        let mut e = self.check();
        if self.name.trim().is_empty() {
            e.push(FieldError::new("name", "is empty"));
        }
        if let Some(p) = self.polygon.iter().flatten().find(|p| !in_vietnam(**p)) {
            e.push(FieldError::new(
                "polygon",
                format!("vertex {:.5},{:.5} is outside Vietnam", p.lat, p.lon),
            ));
        }
        e
    }
}

impl Record for Indicator {
    const TABLE: Table = Table::Indicators;
    fn entity_id(&self) -> String {
        format!("{}|{}|{}", self.unit, self.key, self.period)
    }
    fn problems(&self, _: &[Operator]) -> Vec<FieldError> {
        let mut e = self.check();
        if self.source.trim().is_empty() {
            e.push(FieldError::new(
                "source",
                "is empty: say where the value comes from",
            ));
        }
        e
    }
}

/// The store's checks of one mapping edge: same level on both sides, the
/// new version starts after the old one, a share in (0, 1], and 1 for a
/// full merge.
///
/// ```
/// use hatang_core::model::*;
/// use hatang_store::record::check_mapping;
/// let old = UnitKey::new(AdminLevel::Commune, "04891", "2008-08-01".parse().unwrap());
/// let new = UnitKey::new(AdminLevel::Commune, "04828", Date::REFORM_2025);
/// let m = UnitMapping { old, new, kind: MergeKind::Full, share: 0.4, note: String::new() };
/// assert_eq!(check_mapping(&m)[0].column, "share");
/// ```
pub fn check_mapping(m: &UnitMapping) -> Vec<FieldError> {
    let mut e = Vec::new();
    if m.old.level != m.new.level {
        e.push(FieldError::new(
            "new_level",
            format!(
                "a {} maps to a {}",
                m.old.level.as_str(),
                m.new.level.as_str()
            ),
        ));
    }
    if m.new.valid_from <= m.old.valid_from {
        e.push(FieldError::new(
            "new_valid_from",
            format!(
                "{} is not after the old version's {}",
                m.new.valid_from, m.old.valid_from
            ),
        ));
    }
    if !(m.share.is_finite() && m.share > 0.0 && m.share <= 1.0) {
        e.push(FieldError::new(
            "share",
            format!("{} is not a share in (0, 1]", m.share),
        ));
    } else if m.kind == MergeKind::Full && m.share != 1.0 {
        e.push(FieldError::new(
            "share",
            format!(
                "a full merge moves the whole unit: share must be 1, not {}",
                m.share
            ),
        ));
    } else if m.kind == MergeKind::Partial && m.share == 1.0 {
        e.push(FieldError::new(
            "share",
            "a partial merge moves part of the unit: share must be below 1",
        ));
    }
    e
}

/// The store's checks of an operator: a 2–3 digit network code, an id of
/// lowercase letters, digits, `-` or `_`, a brand and a `#rrggbb` colour.
///
/// ```
/// use hatang_store::record::check_operator;
/// for o in hatang_core::model::known_operators() {
///     assert!(check_operator(&o).is_empty());
/// }
/// ```
pub fn check_operator(o: &Operator) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !(2..=3).contains(&o.mnc.len()) || !o.mnc.bytes().all(|b| b.is_ascii_digit()) {
        e.push(FieldError::new(
            "mnc",
            format!("'{}' is not a 2–3 digit network code", o.mnc),
        ));
    }
    if o.id.is_empty()
        || o.id.len() > 32
        || !o
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        e.push(FieldError::new(
            "id",
            format!(
                "'{}' is not an operator id (lowercase letters, digits, - or _)",
                o.id
            ),
        ));
    }
    if o.brand.trim().is_empty() {
        e.push(FieldError::new("brand", "is empty"));
    }
    let c = o.colour.as_bytes();
    if !(c.len() == 7 && c[0] == b'#' && c[1..].iter().all(|b| b.is_ascii_hexdigit())) {
        e.push(FieldError::new(
            "colour",
            format!("'{}' is not a #rrggbb colour", o.colour),
        ));
    }
    e
}

/// Parses a unit key written `level/code@valid_from`, as
/// [`UnitKey`]'s `Display` writes it.
///
/// ```
/// use hatang_store::record::parse_unit_key;
/// let k = parse_unit_key("commune/04792@2025-07-01").unwrap();
/// assert_eq!(k.code, "04792");
/// assert!(parse_unit_key("04792").is_err());
/// ```
pub fn parse_unit_key(s: &str) -> Result<UnitKey, String> {
    let bad = || format!("'{s}' is not a unit key (level/code@YYYY-MM-DD)");
    let (level, rest) = s.split_once('/').ok_or_else(bad)?;
    let (code, from) = rest.split_once('@').ok_or_else(bad)?;
    let level: AdminLevel = level.parse()?;
    let valid_from: Date = from.parse()?;
    if code.is_empty() {
        return Err(bad());
    }
    Ok(UnitKey::new(level, code, valid_from))
}

/// Splits a mapping's entity id `old>new` into its two unit keys.
///
/// ```
/// use hatang_store::record::parse_mapping_id;
/// let (o, n) = parse_mapping_id("commune/04813@2008-08-01>commune/04792@2025-07-01").unwrap();
/// assert_eq!((o.code.as_str(), n.code.as_str()), ("04813", "04792"));
/// ```
pub fn parse_mapping_id(s: &str) -> Result<(UnitKey, UnitKey), String> {
    let (o, n) = s
        .split_once('>')
        .ok_or_else(|| format!("'{s}' is not a mapping id (old>new)"))?;
    Ok((parse_unit_key(o)?, parse_unit_key(n)?))
}

/// Splits an indicator's entity id `unit|key|period`.
///
/// ```
/// use hatang_store::record::parse_indicator_id;
/// let (u, k, p) = parse_indicator_id("province/25@2008-08-01|bts_count|2022").unwrap();
/// assert_eq!((u.code.as_str(), k.as_str(), p.as_str()), ("25", "bts_count", "2022"));
/// ```
pub fn parse_indicator_id(s: &str) -> Result<(UnitKey, String, String), String> {
    let mut it = s.splitn(3, '|');
    let (Some(u), Some(k), Some(p)) = (it.next(), it.next(), it.next()) else {
        return Err(format!("'{s}' is not an indicator id (unit|key|period)"));
    };
    Ok((parse_unit_key(u)?, k.to_string(), p.to_string()))
}

/// The level a code of this width belongs to (2 digits: province,
/// 3: district, 5: commune).
///
/// ```
/// use hatang_core::model::AdminLevel;
/// assert_eq!(hatang_store::record::level_of_code("04792"), Some(AdminLevel::Commune));
/// assert_eq!(hatang_store::record::level_of_code("4792"), None);
/// ```
pub fn level_of_code(code: &str) -> Option<AdminLevel> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        2 => Some(AdminLevel::Province),
        3 => Some(AdminLevel::District),
        5 => Some(AdminLevel::Commune),
        _ => None,
    }
}

/// A ring as stored: a JSON array of `[lon, lat]` pairs.
pub(crate) fn ring_json(ring: &[LatLon]) -> String {
    let v: Vec<[f64; 2]> = ring.iter().map(|p| [p.lon, p.lat]).collect();
    serde_json::to_string(&v).expect("finite coordinates serialise")
}

/// Reads a ring stored by [`ring_json`].
pub(crate) fn parse_ring_json(s: &str) -> Result<Vec<LatLon>, String> {
    let v: Vec<[f64; 2]> =
        serde_json::from_str(s).map_err(|e| format!("not a ring of [lon, lat] pairs: {e}"))?;
    Ok(v.into_iter()
        .map(|[lon, lat]| LatLon::new(lat, lon))
        .collect())
}
