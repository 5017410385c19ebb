//! The scorecard as files an official can open: CSV (one file per table),
//! GeoJSON (villages, communes) and an XLSX workbook with a sheet per
//! level, Vietnamese headers over English ones, frozen panes and number
//! formats.
//!
//! Every table is built once as a [`Table`] (columns with a Vietnamese and
//! an English header and a kind that sets the number format; rows of
//! [`Value`]s) and written by the CSV and XLSX writers alike. CSV headers
//! are the machine names (snake_case English); percentages are written as
//! 0–100 in CSV (columns ending `_pct`) and as formatted fractions in the
//! workbook.
//!
//! ```
//! use hatang_scorecard::report::{Column, Kind, Table, Value};
//! let mut t = Table::new("demo", "Ví dụ", "Example");
//! t.columns.push(Column::new("class", "Phân loại", "Class", Kind::Text));
//! t.columns.push(Column::new("people_4g_pct", "Tỷ lệ dân có 4G (%)", "People with 4G (%)", Kind::Pct));
//! t.rows.push(vec![Value::Text("good".into()), Value::Float(87.5)]);
//! let mut csv = Vec::new();
//! t.write_csv(&mut csv).unwrap();
//! assert_eq!(String::from_utf8(csv).unwrap(), "class,people_4g_pct\ngood,87.50\n");
//! ```

use crate::aggregate::{Figures, Gap};
use crate::scorecard::{Scorecard, Towers};
use crate::village::{Class, Service};
use hatang_core::geo::LatLon;
use hatang_core::model::{indicator_key, Technology};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Writing a file or a stream failed.
    #[error("{path}: {source}")]
    Io {
        /// The file (or "stream").
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook writer failed.
    #[error("XLSX: {0}")]
    Xlsx(#[from] XlsxError),
    /// The GeoJSON writer failed.
    #[error("GeoJSON: {0}")]
    Json(#[from] serde_json::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a column holds: sets its CSV precision and workbook format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A whole number (`#,##0`).
    Int,
    /// A percentage, 0–100 (`0.0%` in the workbook).
    Pct,
    /// A signal level, dBm (one decimal).
    Dbm,
    /// An area, km² (three decimals in CSV, `#,##0.00` in the workbook).
    Km2,
    /// Latitude or longitude (six decimals).
    Coord,
    /// Any other number (as it is).
    Num,
    /// Yes or no.
    Bool,
}

/// A column: machine name (CSV header), Vietnamese and English headers,
/// kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name, snake_case English: the CSV header.
    pub key: String,
    /// Vietnamese header.
    pub vi: String,
    /// English header.
    pub en: String,
    /// What it holds.
    pub kind: Kind,
}

impl Column {
    /// A column.
    pub fn new(
        key: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
        kind: Kind,
    ) -> Self {
        Column {
            key: key.into(),
            vi: vi.into(),
            en: en.into(),
            kind,
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing (unknown, not applicable).
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number (a percentage is 0–100).
    Float(f64),
    /// Yes or no.
    Bool(bool),
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Value {
        v.filter(|x| x.is_finite())
            .map_or(Value::Empty, Value::Float)
    }
}

impl From<u64> for Value {
    fn from(v: u64) -> Value {
        Value::Int(v as i64)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

/// A table: a CSV file and a workbook sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File name without extension (`villages`).
    pub name: String,
    /// Sheet name in Vietnamese (at most 31 characters).
    pub sheet_vi: String,
    /// Title in English (second line of the sheet's notes).
    pub title_en: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Leading columns kept in view when scrolling right.
    pub freeze_columns: u16,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str, sheet_vi: &str, title_en: &str) -> Table {
        Table {
            name: name.into(),
            sheet_vi: sheet_vi.into(),
            title_en: title_en.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            freeze_columns: 2,
        }
    }

    fn col(
        &mut self,
        key: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
        kind: Kind,
    ) {
        self.columns.push(Column::new(key, vi, en, kind));
    }

    /// Writes the table as CSV (machine headers; see the module notes).
    pub fn write_csv<W: Write>(&self, w: W) -> Result<(), ReportError> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(self.columns.iter().map(|c| c.key.as_str()))?;
        for row in &self.rows {
            out.write_record(
                row.iter()
                    .zip(&self.columns)
                    .map(|(v, c)| csv_text(v, c.kind)),
            )?;
        }
        out.flush().map_err(csv::Error::from)?;
        Ok(())
    }
}

fn csv_text(v: &Value, kind: Kind) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(x) => match kind {
            Kind::Pct => format!("{x:.2}"),
            Kind::Dbm => format!("{x:.1}"),
            Kind::Km2 => format!("{x:.3}"),
            Kind::Coord => format!("{x:.6}"),
            Kind::Int => format!("{x:.0}"),
            _ => x.to_string(),
        },
    }
}

fn operator_label(o: &str) -> String {
    match o {
        "viettel" => "Viettel".into(),
        "vinaphone" => "VNPT-Vinaphone".into(),
        "mobifone" => "MobiFone".into(),
        "vietnamobile" => "Vietnamobile".into(),
        _ => o.to_string(),
    }
}

/// Machine and display names of a service (`4g`, `4G`; `mbb_viettel`,
/// `băng rộng di động – Viettel`, …).
fn service_names(s: &Service) -> (String, String, String) {
    let (k, vi, en) = match s.technology {
        None => ("mbb", "băng rộng di động", "mobile broadband"),
        Some(Technology::Lte) => ("4g", "4G", "4G"),
        Some(Technology::Nr) => ("5g", "5G", "5G"),
        Some(Technology::Umts) => ("3g", "3G", "3G"),
        Some(Technology::Gsm) => ("2g", "2G", "2G"),
    };
    match &s.operator {
        None => (k.into(), vi.into(), en.into()),
        Some(o) => (
            format!("{k}_{o}"),
            format!("{vi} – {}", operator_label(o)),
            format!("{en} – {}", operator_label(o)),
        ),
    }
}

fn pct(x: Option<f64>) -> Value {
    x.map(|v| 100.0 * v).into()
}

fn km2(m2: u64) -> Value {
    Value::Float(m2 as f64 / 1e6)
}

/// The columns and values of a unit's figures (communes.csv, province.csv).
fn figures_table(
    name: &str,
    sheet: &str,
    title: &str,
    sc: &Scorecard,
    rows: &[(&Figures, Towers)],
) -> Table {
    let mut t = Table::new(name, sheet, title);
    t.col("code", "Mã", "Code", Kind::Text);
    t.col("name", "Tên", "Name", Kind::Text);
    t.col("unit_type", "Loại", "Type", Kind::Text);
    t.col("villages", "Số thôn", "Villages", Kind::Int);
    t.col("people", "Số dân", "People", Kind::Int);
    t.col("households", "Số hộ", "Households", Kind::Int);
    t.col(
        "area_km2",
        "Diện tích (km², gần đúng)",
        "Area (km², approximate)",
        Kind::Km2,
    );
    let services = crate::village::services(&sc.operators);
    for s in &services {
        let (k, vi, en) = service_names(s);
        t.col(
            format!("villages_{k}"),
            format!("Số thôn có {vi}"),
            format!("Villages with {en}"),
            Kind::Int,
        );
        t.col(
            format!("villages_{k}_pct"),
            format!("Tỷ lệ thôn có {vi} (%)"),
            format!("Villages with {en} (%)"),
            Kind::Pct,
        );
        t.col(
            format!("people_{k}"),
            format!("Số dân có {vi}"),
            format!("People with {en}"),
            Kind::Int,
        );
        t.col(
            format!("people_{k}_pct"),
            format!("Tỷ lệ dân có {vi} (%)"),
            format!("People with {en} (%)"),
            Kind::Pct,
        );
        t.col(
            format!("area_{k}_km2"),
            format!("Diện tích có {vi} (km²)"),
            format!("Area with {en} (km²)"),
            Kind::Km2,
        );
        t.col(
            format!("area_{k}_pct"),
            format!("Tỷ lệ diện tích có {vi} (%)"),
            format!("Area with {en} (%)"),
            Kind::Pct,
        );
    }
    for c in [Class::Good, Class::Fair, Class::None, Class::Unknown] {
        t.col(
            format!("villages_{c}"),
            format!("Số thôn sóng {}", c.vietnamese()),
            format!("Villages, signal {c}"),
            Kind::Int,
        );
        t.col(
            format!("people_{c}"),
            format!("Số dân sóng {}", c.vietnamese()),
            format!("People, signal {c}"),
            Kind::Int,
        );
    }
    t.col(
        "gap_villages",
        "Số thôn lõm sóng (không có/yếu)",
        "Villages with no or weak signal",
        Kind::Int,
    );
    t.col(
        "gap_people",
        "Số dân ở thôn lõm sóng",
        "People in villages with no or weak signal",
        Kind::Int,
    );
    t.col(
        "difficult_villages",
        "Số thôn ĐBKK",
        "Especially difficult villages",
        Kind::Int,
    );
    t.col(
        "difficult_people",
        "Số dân thôn ĐBKK",
        "People in especially difficult villages",
        Kind::Int,
    );
    t.col(
        "difficult_villages_4g",
        "Số thôn ĐBKK có 4G",
        "Especially difficult villages with 4G",
        Kind::Int,
    );
    t.col(
        "difficult_villages_4g_pct",
        "Tỷ lệ thôn ĐBKK có 4G (%)",
        "Especially difficult villages with 4G (%)",
        Kind::Pct,
    );
    t.col(
        "difficult_villages_mbb",
        "Số thôn ĐBKK có băng rộng di động",
        "Especially difficult villages with mobile broadband",
        Kind::Int,
    );
    t.col(
        "difficult_villages_none",
        "Số thôn ĐBKK không có sóng",
        "Especially difficult villages without signal",
        Kind::Int,
    );
    t.col(
        "difficult_people_none",
        "Số dân thôn ĐBKK không có sóng",
        "People in especially difficult villages without signal",
        Kind::Int,
    );
    t.col("sites", "Số trạm (cột)", "Towers", Kind::Int);
    t.col(
        "sites_shared",
        "Số cột dùng chung",
        "Shared towers",
        Kind::Int,
    );
    t.col(
        "sites_shared_pct",
        "Tỷ lệ cột dùng chung (%)",
        "Shared towers (%)",
        Kind::Pct,
    );
    let lte = Service {
        technology: Some(Technology::Lte),
        operator: None,
    };
    let mbb = Service {
        technology: None,
        operator: None,
    };
    for (f, towers) in rows {
        let total = f.all.total;
        let mut r: Vec<Value> = vec![
            f.unit.key.code.as_str().into(),
            f.unit.name.as_str().into(),
            f.unit.unit_type.as_str().into(),
            total.villages.into(),
            total.people.into(),
            total.households.into(),
            km2(total.area_m2),
        ];
        for s in &services {
            let c = f.all.covered(s);
            let sh = c.share_of(&total);
            r.extend([
                c.villages.into(),
                pct(sh.villages),
                c.people.into(),
                pct(sh.people),
                km2(c.area_m2),
                pct(sh.area),
            ]);
        }
        for c in [Class::Good, Class::Fair, Class::None, Class::Unknown] {
            let x = f.all.class(c);
            r.extend([x.villages.into(), x.people.into()]);
        }
        let gap_people: u64 = f.gaps.iter().map(|g| g.people).sum();
        r.extend([(f.gaps.len() as u64).into(), gap_people.into()]);
        let d = &f.difficult;
        let d4 = d.covered(&lte);
        r.extend([
            d.total.villages.into(),
            d.total.people.into(),
            d4.villages.into(),
            pct(d4.share_of(&d.total).villages),
            d.covered(&mbb).villages.into(),
            d.class(Class::None).villages.into(),
            d.class(Class::None).people.into(),
        ]);
        r.extend([
            towers.sites.into(),
            towers.shared.into(),
            towers.shared_pct().into(),
        ]);
        t.rows.push(r);
    }
    t
}

/// The villages table (villages.csv), with the column `class`.
pub fn villages_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("villages", "Thôn", "Villages");
    t.freeze_columns = 3;
    t.col("id", "Mã thôn", "Village id", Kind::Text);
    t.col("name", "Tên thôn", "Name", Kind::Text);
    t.col(
        "class",
        "Phân loại sóng băng rộng",
        "Broadband signal class",
        Kind::Text,
    );
    t.col(
        "class_vi",
        "Phân loại (tiếng Việt)",
        "Class (Vietnamese)",
        Kind::Text,
    );
    t.col("commune_code", "Mã xã", "Commune code", Kind::Text);
    t.col("commune_name", "Tên xã", "Commune", Kind::Text);
    t.col("kind", "Loại", "Kind", Kind::Text);
    t.col("lat", "Vĩ độ", "Latitude", Kind::Coord);
    t.col("lon", "Kinh độ", "Longitude", Kind::Coord);
    t.col("people", "Số dân", "People", Kind::Int);
    t.col("households", "Số hộ", "Households", Kind::Int);
    t.col("difficult", "Thôn ĐBKK", "Especially difficult", Kind::Bool);
    t.col("grid_power", "Có điện lưới", "Grid power", Kind::Bool);
    for tech in [
        Technology::Lte,
        Technology::Nr,
        Technology::Umts,
        Technology::Gsm,
    ] {
        let n = tech.as_str();
        t.col(
            format!("class_{}", n.to_lowercase()),
            format!("Sóng {n}"),
            format!("{n} class"),
            Kind::Text,
        );
    }
    t.col(
        "best_operator",
        "Nhà mạng mạnh nhất",
        "Best operator",
        Kind::Text,
    );
    t.col("best_technology", "Công nghệ", "Technology", Kind::Text);
    t.col(
        "best_dbm",
        "Mức tín hiệu tốt nhất (dBm)",
        "Best level (dBm)",
        Kind::Dbm,
    );
    for tech in [Technology::Lte, Technology::Nr] {
        for o in &sc.operators {
            let n = tech.as_str();
            t.col(
                format!("{}_dbm_{o}", n.to_lowercase()),
                format!("{n} {} (dBm)", operator_label(o)),
                format!("{n} {} (dBm)", operator_label(o)),
                Kind::Dbm,
            );
        }
    }
    t.col(
        "extent_km2",
        "Diện tích vùng thôn (km², gần đúng)",
        "Village extent (km², approximate)",
        Kind::Km2,
    );
    t.col(
        "surroundings_samples",
        "Số điểm mẫu xung quanh",
        "Samples around",
        Kind::Int,
    );
    t.col(
        "surroundings_mbb_pct",
        "Tỷ lệ xung quanh có băng rộng (%)",
        "Surroundings with mobile broadband (%)",
        Kind::Pct,
    );
    t.col(
        "surroundings_4g_pct",
        "Tỷ lệ xung quanh có 4G (%)",
        "Surroundings with 4G (%)",
        Kind::Pct,
    );
    t.col("source", "Nguồn", "Source", Kind::Text);
    let names: std::collections::HashMap<&str, &str> = sc
        .communes
        .iter()
        .map(|c| (c.unit.key.code.as_str(), c.unit.name.as_str()))
        .collect();
    let mbb = Service {
        technology: None,
        operator: None,
    };
    let lte = Service {
        technology: Some(Technology::Lte),
        operator: None,
    };
    for v in &sc.villages {
        let s = &v.signal;
        let mut r: Vec<Value> = vec![
            v.village.id.as_str().into(),
            v.village.name.as_str().into(),
            v.class().as_str().into(),
            v.class().vietnamese().into(),
            v.village.commune_code.as_str().into(),
            names
                .get(v.village.commune_code.as_str())
                .copied()
                .unwrap_or("")
                .into(),
            v.village.kind.as_str().into(),
            Value::Float(v.village.point.lat),
            Value::Float(v.village.point.lon),
            v.people.into(),
            v.households.into(),
            v.village.difficult.into(),
            v.village.grid_power.into(),
        ];
        for tech in [
            Technology::Lte,
            Technology::Nr,
            Technology::Umts,
            Technology::Gsm,
        ] {
            r.push(
                s.by_technology
                    .get(&tech)
                    .copied()
                    .unwrap_or_default()
                    .as_str()
                    .into(),
            );
        }
        match &s.best {
            Some((o, tech, dbm)) => {
                r.extend([o.as_str().into(), tech.as_str().into(), Value::Float(*dbm)])
            }
            None => r.extend([Value::Empty, Value::Empty, Value::Empty]),
        }
        for tech in [Technology::Lte, Technology::Nr] {
            for o in &sc.operators {
                r.push(s.cell(tech, o).and_then(|c| c.dbm).into());
            }
        }
        r.push(v.extent.as_ref().map_or(Value::Empty, |e| km2(e.area_m2)));
        match &v.surroundings {
            Some(x) => r.extend([
                u64::from(x.samples).into(),
                pct(x.share(&mbb)),
                pct(x.share(&lte)),
            ]),
            None => r.extend([Value::Empty, Value::Empty, Value::Empty]),
        }
        r.push(v.village.source.as_str().into());
        t.rows.push(r);
    }
    t
}

/// The communes table (communes.csv).
pub fn communes_table(sc: &Scorecard) -> Table {
    let rows: Vec<(&Figures, Towers)> = sc
        .communes
        .iter()
        .map(|c| {
            (
                c,
                sc.towers.get(&c.unit.key.code).copied().unwrap_or_default(),
            )
        })
        .collect();
    figures_table("communes", "Xã", "Communes", sc, &rows)
}

/// The province table (province.csv): one row.
pub fn province_table(sc: &Scorecard) -> Table {
    figures_table(
        "province",
        "Tỉnh",
        "Province",
        sc,
        &[(&sc.province, sc.province_towers)],
    )
}

/// The villages with no or weak signal ("vùng lõm sóng"), most people
/// first (gaps.csv).
pub fn gaps_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("gaps", "Vùng lõm sóng", "Villages with no or weak signal");
    t.col("rank", "STT", "Rank", Kind::Int);
    t.col("village_id", "Mã thôn", "Village id", Kind::Text);
    t.col("name", "Tên thôn", "Name", Kind::Text);
    t.col("commune_code", "Mã xã", "Commune code", Kind::Text);
    t.col("commune_name", "Tên xã", "Commune", Kind::Text);
    t.col("people", "Số dân", "People", Kind::Int);
    t.col("households", "Số hộ", "Households", Kind::Int);
    t.col("class", "Phân loại", "Class", Kind::Text);
    t.col(
        "class_vi",
        "Phân loại (tiếng Việt)",
        "Class (Vietnamese)",
        Kind::Text,
    );
    t.col("difficult", "Thôn ĐBKK", "Especially difficult", Kind::Bool);
    t.col("grid_power", "Có điện lưới", "Grid power", Kind::Bool);
    t.col(
        "best_dbm",
        "Mức tín hiệu tốt nhất (dBm)",
        "Best level (dBm)",
        Kind::Dbm,
    );
    let names: std::collections::HashMap<&str, &str> = sc
        .communes
        .iter()
        .map(|c| (c.unit.key.code.as_str(), c.unit.name.as_str()))
        .collect();
    for (i, g) in sc.province.gaps.iter().enumerate() {
        let Gap {
            village_id,
            name,
            commune_code,
            people,
            households,
            class,
            difficult,
            grid_power,
            best_dbm,
        } = g;
        t.rows.push(vec![
            (i as u64 + 1).into(),
            village_id.as_str().into(),
            name.as_str().into(),
            commune_code.as_str().into(),
            names
                .get(commune_code.as_str())
                .copied()
                .unwrap_or("")
                .into(),
            (*people).into(),
            (*households).into(),
            class.as_str().into(),
            class.vietnamese().into(),
            (*difficult).into(),
            (*grid_power).into(),
            (*best_dbm).into(),
        ]);
    }
    t
}

/// How many items of a target's "left" list a cell shows.
pub const LEFT_SHOWN: usize = 50;

/// Targets: progress and what is left per unit (targets.csv).
pub fn targets_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("targets", "Mục tiêu", "Targets");
    t.freeze_columns = 2;
    t.col("target_id", "Mã mục tiêu", "Target id", Kind::Text);
    t.col("target_name", "Mục tiêu", "Target", Kind::Text);
    t.col("indicator", "Chỉ tiêu", "Indicator", Kind::Text);
    t.col("level", "Cấp", "Level", Kind::Text);
    t.col("unit_code", "Mã đơn vị", "Unit code", Kind::Text);
    t.col("unit_name", "Đơn vị", "Unit", Kind::Text);
    t.col("value", "Đạt được", "Value", Kind::Num);
    t.col("target", "Chỉ tiêu đặt ra", "Target value", Kind::Num);
    t.col("deadline", "Thời hạn", "Deadline", Kind::Text);
    t.col("as_of", "Số liệu kỳ", "As of", Kind::Text);
    t.col("status", "Tình trạng", "Status", Kind::Text);
    t.col(
        "status_vi",
        "Tình trạng (tiếng Việt)",
        "Status (Vietnamese)",
        Kind::Text,
    );
    t.col("left_count", "Còn thiếu", "Left", Kind::Num);
    t.col("left_unit", "Đơn vị còn thiếu", "Left, in", Kind::Text);
    t.col(
        "left_unknown",
        "Trong đó chưa xác định (ngoài vùng địa hình)",
        "Of which unknown (off the terrain)",
        Kind::Int,
    );
    t.col("left", "Danh sách còn thiếu", "What is left", Kind::Text);
    for p in &sc.targets {
        let mut left = p
            .left
            .iter()
            .take(LEFT_SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if p.left.len() > LEFT_SHOWN {
            left.push_str(&format!("; … (+{} more)", p.left.len() - LEFT_SHOWN));
        }
        t.rows.push(vec![
            p.target_id.as_str().into(),
            p.target_name.as_str().into(),
            p.indicator.as_str().into(),
            p.unit.key.level.as_str().into(),
            p.unit.key.code.as_str().into(),
            p.unit.name.as_str().into(),
            p.value.map(round2).into(),
            Value::Float(p.target),
            p.deadline.as_str().into(),
            p.as_of.as_str().into(),
            p.status.as_str().into(),
            p.status.vietnamese().into(),
            p.left_count.map(round2).into(),
            p.left_unit.as_str().into(),
            p.left_unknown.into(),
            left.into(),
        ]);
    }
    t
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Indicator series across the merger (series.csv).
pub fn series_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("series", "Chuỗi chỉ số", "Indicator series");
    t.freeze_columns = 3;
    t.col("level", "Cấp", "Level", Kind::Text);
    t.col("unit_code", "Mã đơn vị", "Unit code", Kind::Text);
    t.col("unit_name", "Đơn vị", "Unit", Kind::Text);
    t.col("key", "Chỉ số", "Indicator", Kind::Text);
    t.col("period", "Kỳ", "Period", Kind::Text);
    t.col("value", "Giá trị", "Value", Kind::Num);
    t.col("value_unit", "Đơn vị tính", "Unit of value", Kind::Text);
    t.col("method", "Cách tính", "Method", Kind::Text);
    t.col(
        "from",
        "Từ đơn vị cũ (mã × tỷ lệ)",
        "From old units (code × share)",
        Kind::Text,
    );
    t.col(
        "missing",
        "Đơn vị cũ thiếu số liệu",
        "Old units without data",
        Kind::Text,
    );
    t.col("source", "Nguồn", "Source", Kind::Text);
    for p in &sc.series.points {
        let from = p
            .from
            .iter()
            .map(|c| {
                format!(
                    "{}/{}×{}",
                    c.unit.level.as_str(),
                    c.unit.code,
                    round_share(c.share)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let missing = p
            .missing
            .iter()
            .map(|k| k.code.clone())
            .collect::<Vec<_>>()
            .join(" ");
        t.rows.push(vec![
            p.unit.level.as_str().into(),
            p.unit.code.as_str().into(),
            p.unit_name.as_str().into(),
            p.key.as_str().into(),
            p.period.as_str().into(),
            Value::Float(p.value),
            indicator_key(&p.key).map_or("", |k| k.unit).into(),
            p.method.as_str().into(),
            from.into(),
            missing.into(),
            p.source.as_str().into(),
        ]);
    }
    t
}

fn round_share(s: f64) -> String {
    let r = (s * 1000.0).round() / 1000.0;
    r.to_string()
}

/// Zones and their 4G/5G classes (zones.csv).
pub fn zones_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("zones", "Điểm mục tiêu 5G", "Zones");
    t.col("id", "Mã", "Zone id", Kind::Text);
    t.col("name", "Tên", "Name", Kind::Text);
    t.col("kind", "Loại", "Kind", Kind::Text);
    t.col("commune_code", "Mã xã", "Commune code", Kind::Text);
    t.col("lat", "Vĩ độ", "Latitude", Kind::Coord);
    t.col("lon", "Kinh độ", "Longitude", Kind::Coord);
    t.col(
        "approximate",
        "Vị trí gần đúng",
        "Approximate position",
        Kind::Bool,
    );
    t.col("class_4g", "Sóng 4G", "4G class", Kind::Text);
    t.col("class_5g", "Sóng 5G", "5G class", Kind::Text);
    t.col(
        "best_5g_dbm",
        "5G tốt nhất (dBm)",
        "Best 5G (dBm)",
        Kind::Dbm,
    );
    for z in &sc.zones {
        let best5 = z
            .signal
            .cells
            .iter()
            .filter(|c| c.technology == Technology::Nr)
            .filter_map(|c| c.dbm)
            .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))));
        t.rows.push(vec![
            z.zone.id.as_str().into(),
            z.zone.name.as_str().into(),
            z.zone.kind.as_str().into(),
            z.zone.commune_code.as_deref().unwrap_or("").into(),
            Value::Float(z.zone.point.lat),
            Value::Float(z.zone.point.lon),
            z.zone.approximate.into(),
            z.class(Technology::Lte).as_str().into(),
            z.class(Technology::Nr).as_str().into(),
            best5.into(),
        ]);
    }
    t
}

/// The notes sheet: period, thresholds and their status, sources.
pub fn notes_table(sc: &Scorecard) -> Table {
    let mut t = Table::new("notes", "Ghi chú", "Notes");
    t.freeze_columns = 1;
    t.col("item", "Mục", "Item", Kind::Text);
    t.col("value", "Giá trị", "Value", Kind::Text);
    t.col("note", "Ghi chú", "Note", Kind::Text);
    let th = &sc.config.thresholds;
    let assumption = "Giả định: chưa tìm thấy ngưỡng RSRP trong quy chuẩn Việt Nam / Assumption: no Vietnamese threshold found in the regulations";
    let mut add = |a: &str, b: String, c: &str| t.rows.push(vec![a.into(), b.into(), c.into()]);
    add("Kỳ báo cáo / Period", sc.period.clone(), "");
    add(
        "Ngày / Date",
        sc.date.to_string(),
        "Đơn vị hành chính có hiệu lực ngày này / units in force on this day",
    );
    for (n, l) in [
        ("4G RSRP", th.lte),
        ("5G SS-RSRP", th.nr),
        ("3G RSCP", th.umts),
        ("2G RxLev", th.gsm),
    ] {
        add(
            &format!("Ngưỡng {n} tốt / khá (dBm)"),
            format!("≥ {} / ≥ {}", l.good_dbm, l.fair_dbm),
            assumption,
        );
    }
    add(
        "Băng rộng di động / Mobile broadband",
        sc.config
            .broadband
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        "2G không tính là băng rộng (dừng dịch vụ chỉ 2G năm 2024) / 2G is not broadband",
    );
    add(
        "Phủ sóng / Covered",
        "≥ khá (fair)".into(),
        "Tính nhà mạng tốt nhất (ITU SDG 9.c.1) / best operator counts",
    );
    add(
        "Chưa xác định / Unknown",
        "unknown".into(),
        "Tuyến địa hình ra ngoài vùng dữ liệu; không tính là không có sóng / profile left the terrain; never counted as none",
    );
    add(
        "Diện tích / Area",
        "Voronoi".into(),
        "Diện tích vùng thôn là gần đúng (ô Voronoi trong ranh giới xã, quy về diện tích chính thức của xã) / village extents are approximate (Voronoi cells in the commune boundary, scaled to the official area)",
    );
    add(
        "Thôn ngoài danh sách xã / Villages outside the communes",
        sc.unassigned.len().to_string(),
        "Không tính vào số liệu xã, tỉnh / left out of commune and province figures",
    );
    t
}

/// A one-row table turned on its side for reading: one row per column
/// (machine name, Vietnamese and English labels, value).
///
/// ```
/// use hatang_scorecard::report::{transpose, Column, Kind, Table, Value};
/// let mut t = Table::new("province", "Tỉnh", "Province");
/// t.columns.push(Column::new("villages", "Số thôn", "Villages", Kind::Int));
/// t.rows.push(vec![Value::Int(3279)]);
/// let s = transpose(&t);
/// assert_eq!(s.rows, [vec![Value::Text("Số thôn".into()), Value::Text("Villages".into()),
///     Value::Int(3279), Value::Text("villages".into())]]);
/// ```
pub fn transpose(t: &Table) -> Table {
    let mut out = Table::new(&t.name, &t.sheet_vi, &t.title_en);
    out.freeze_columns = 1;
    out.col("label_vi", "Chỉ tiêu", "Indicator (Vietnamese)", Kind::Text);
    out.col("label_en", "Chỉ tiêu (tiếng Anh)", "Indicator", Kind::Text);
    out.col("value", "Giá trị", "Value", Kind::Num);
    out.col("key", "Mã cột (CSV)", "CSV column", Kind::Text);
    if let Some(row) = t.rows.first() {
        for (c, v) in t.columns.iter().zip(row) {
            let v = match (v, c.kind) {
                (Value::Float(x), Kind::Km2 | Kind::Pct | Kind::Dbm) => {
                    Value::Float((x * 100.0).round() / 100.0)
                }
                _ => v.clone(),
            };
            out.rows.push(vec![
                c.vi.as_str().into(),
                c.en.as_str().into(),
                v,
                c.key.as_str().into(),
            ]);
        }
    }
    out
}

/// Every table of the scorecard, in workbook order (the province's table
/// turned on its side, see [`transpose`]).
pub fn tables(sc: &Scorecard) -> Vec<Table> {
    vec![
        transpose(&province_table(sc)),
        communes_table(sc),
        villages_table(sc),
        gaps_table(sc),
        targets_table(sc),
        series_table(sc),
        zones_table(sc),
        notes_table(sc),
    ]
}

/// Writes tables as an XLSX workbook: a sheet per table, Vietnamese
/// headers in the first row and English in the second, both frozen with
/// the leading columns, an autofilter, number formats per column kind.
pub fn write_xlsx<W: Write>(tables: &[Table], mut w: W) -> Result<(), ReportError> {
    let mut wb = Workbook::new();
    let head_vi = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let head_en = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(0x595959))
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border(FormatBorder::Thin);
    let f_int = Format::new().set_num_format("#,##0");
    let f_pct = Format::new().set_num_format("0.0%");
    let f_dbm = Format::new().set_num_format("0.0");
    let f_km2 = Format::new().set_num_format("#,##0.00");
    let f_coord = Format::new().set_num_format("0.000000");
    let f_num = Format::new().set_num_format("#,##0.##");
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.sheet_vi))?;
        for (c, col) in t.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, &col.vi, &head_vi)?;
            ws.write_string_with_format(1, c, &col.en, &head_en)?;
            let width = match col.kind {
                Kind::Text => 22.0,
                Kind::Coord => 11.0,
                _ => 12.0,
            };
            ws.set_column_width(c, width)?;
        }
        ws.set_row_height(0, 45)?;
        ws.set_row_height(1, 30)?;
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, (v, col)) in row.iter().zip(&t.columns).enumerate() {
                let c = c as u16;
                match v {
                    Value::Empty => {}
                    Value::Text(s) => {
                        ws.write_string(r, c, truncate_cell(s))?;
                    }
                    Value::Bool(b) => {
                        ws.write_string(r, c, if *b { "có" } else { "không" })?;
                    }
                    Value::Int(i) => {
                        ws.write_number_with_format(r, c, *i as f64, &f_int)?;
                    }
                    Value::Float(x) => {
                        let (x, f) = match col.kind {
                            Kind::Pct => (x / 100.0, &f_pct),
                            Kind::Dbm => (*x, &f_dbm),
                            Kind::Km2 => (*x, &f_km2),
                            Kind::Coord => (*x, &f_coord),
                            Kind::Int => (*x, &f_int),
                            _ => (*x, &f_num),
                        };
                        ws.write_number_with_format(r, c, x, f)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(2, t.freeze_columns)?;
        if !t.columns.is_empty() {
            ws.autofilter(
                1,
                0,
                (t.rows.len() as u32 + 1).max(1),
                t.columns.len() as u16 - 1,
            )?;
        }
    }
    let buf = wb.save_to_buffer()?;
    w.write_all(&buf).map_err(io(Path::new("stream")))?;
    Ok(())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    s.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// Excel holds at most 32,767 characters in a cell.
fn truncate_cell(s: &str) -> &str {
    const MAX: usize = 32_000;
    if s.len() <= MAX {
        return s;
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn point(p: LatLon) -> Json {
    json!({ "type": "Point", "coordinates": [p.lon, p.lat] })
}

fn polygon(ring: &[LatLon]) -> Json {
    let mut coords: Vec<[f64; 2]> = ring.iter().map(|p| [p.lon, p.lat]).collect();
    if let (Some(first), Some(last)) = (coords.first().copied(), coords.last().copied()) {
        if first != last {
            coords.push(first);
        }
    }
    json!({ "type": "Polygon", "coordinates": [coords] })
}

fn feature_collection(features: Vec<Json>) -> Json {
    json!({ "type": "FeatureCollection", "features": features })
}

fn properties(t: &Table, row: &[Value]) -> serde_json::Map<String, Json> {
    t.columns
        .iter()
        .zip(row)
        .map(|(c, v)| {
            let j = match v {
                Value::Empty => Json::Null,
                Value::Text(s) => Json::String(s.clone()),
                Value::Int(i) => json!(i),
                Value::Float(x) => json!(x),
                Value::Bool(b) => json!(b),
            };
            (c.key.clone(), j)
        })
        .collect()
}

/// The villages as GeoJSON points with the villages table's columns as
/// properties (`class` among them).
pub fn write_villages_geojson<W: Write>(sc: &Scorecard, w: W) -> Result<(), ReportError> {
    let t = villages_table(sc);
    let features = sc
        .villages
        .iter()
        .zip(&t.rows)
        .map(|(v, row)| {
            json!({ "type": "Feature", "id": v.village.id, "geometry": point(v.village.point),
                    "properties": properties(&t, row) })
        })
        .collect();
    serde_json::to_writer(w, &feature_collection(features))?;
    Ok(())
}

/// The communes as GeoJSON with the communes table's columns as
/// properties: the boundary polygon where known (`boundary_approximate`
/// says whether it is an approximation), else the centre point, else no
/// geometry.
pub fn write_communes_geojson<W: Write>(sc: &Scorecard, w: W) -> Result<(), ReportError> {
    let t = communes_table(sc);
    let features = sc
        .communes
        .iter()
        .zip(&t.rows)
        .map(|(f, row)| {
            let unit = sc.commune_units.iter().find(|u| u.key == f.unit.key);
            let geometry = match unit {
                Some(u) => match (&u.boundary, u.centre) {
                    (Some(b), _) if b.len() >= 3 => polygon(b),
                    (_, Some(c)) => point(c),
                    _ => Json::Null,
                },
                None => Json::Null,
            };
            let mut props = properties(&t, row);
            props.insert(
                "boundary_approximate".into(),
                json!(unit.is_none_or(|u| u.boundary.is_none() || u.boundary_approximate)),
            );
            json!({ "type": "Feature", "id": f.unit.key.code, "geometry": geometry, "properties": props })
        })
        .collect();
    serde_json::to_writer(w, &feature_collection(features))?;
    Ok(())
}

/// Writes the whole report into `dir` (created if needed): villages.csv,
/// communes.csv, province.csv, gaps.csv, targets.csv, series.csv,
/// zones.csv, villages.geojson, communes.geojson and scorecard.xlsx.
/// Returns the paths written.
///
/// ```
/// use hatang_core::model::*;
/// use hatang_scorecard::{Inputs, Scorecard, config::ScorecardConfig, report::write_report, signal::SignalMap};
/// let mut ds = Dataset::default();
/// ds.units.push(AdminUnit { key: UnitKey::new(AdminLevel::Commune, "00001", Date::REFORM_2025), valid_to: None,
///     name: "A".into(), unit_type: "xã".into(), parent_code: None, population: None, area_km2: Some(5.0),
///     centre: None, boundary: None, boundary_approximate: false, source: Source::Official });
/// let (signals, ops) = (SignalMap::default(), Vec::new());
/// let sc = Scorecard::build(&Inputs::new(&ds, &signals, &ops, "2026-Q1"), &ScorecardConfig::default(), &[]).unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// let files = write_report(&sc, dir.path()).unwrap();
/// assert_eq!(files.len(), 10);
/// assert!(dir.path().join("scorecard.xlsx").exists());
/// ```
pub fn write_report(sc: &Scorecard, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    let create = |name: &str| -> Result<(PathBuf, std::io::BufWriter<std::fs::File>), ReportError> {
        let p = dir.join(name);
        let f = std::fs::File::create(&p).map_err(io(&p))?;
        Ok((p, std::io::BufWriter::new(f)))
    };
    let tables = tables(sc);
    let csv_tables = [
        villages_table(sc),
        communes_table(sc),
        province_table(sc),
        gaps_table(sc),
        targets_table(sc),
        series_table(sc),
        zones_table(sc),
    ];
    for t in &csv_tables {
        let (p, mut f) = create(&format!("{}.csv", t.name))?;
        t.write_csv(&mut f)?;
        f.flush().map_err(io(&p))?;
        written.push(p);
    }
    let (p, mut f) = create("villages.geojson")?;
    write_villages_geojson(sc, &mut f)?;
    f.flush().map_err(io(&p))?;
    written.push(p);
    let (p, mut f) = create("communes.geojson")?;
    write_communes_geojson(sc, &mut f)?;
    f.flush().map_err(io(&p))?;
    written.push(p);
    let (p, mut f) = create("scorecard.xlsx")?;
    write_xlsx(&tables, &mut f)?;
    f.flush().map_err(io(&p))?;
    written.push(p);
    Ok(written)
}
