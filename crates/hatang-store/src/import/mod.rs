//! Importers: `hatang import <kind> <file>` lands a CSV or GeoJSON file in
//! the store, whole or not at all.
//!
//! # Files
//!
//! A CSV file may come straight from a spreadsheet: a UTF-8 byte-order
//! mark, `,`, `;` or tab between fields (sniffed from the header line),
//! CRLF line ends, quoted fields. In a `;`- or tab-separated file a comma
//! is the decimal separator and dots group thousands (`21,3227`,
//! `30.000`); in a `,`-separated one a dot is. Dates are `YYYY-MM-DD` or
//! day-first `DD/MM/YYYY`; yes/no is `true`/`false`, `1`/`0`, `có`/`không`
//! or `x`. Numbers may carry their unit (`30 m`, `17 dBi`, `1800 MHz`,
//! `20 W`, which is turned into dBm). Codes a spreadsheet shortened
//! (`4792`) get their leading zeros back. Blank rows are skipped; a title
//! above the header row is skipped too.
//!
//! A GeoJSON file is a FeatureCollection: properties are read like CSV
//! columns, and a Point geometry gives the position (`lat`/`lon`, a unit's
//! centre) and a Polygon the outline (a unit's `boundary`, a zone's
//! `polygon`) when the properties lack them.
//!
//! Header names match case-, accent-, space- and punctuation-insensitively,
//! and each column has Vietnamese aliases: `Mã trạm`→`id` (of a site;
//! `site_id` of a sector), `Vĩ độ`→`lat`, `Kinh độ`→`lon`, `Độ cao`→the
//! structure's or antenna's height, `Nhà mạng`→`operators`/`operator`,
//! `Công nghệ`→`technology`, `Băng tần`→`band_mhz`, `Góc phương vị`→
//! `azimuth_deg`, `Thôn`→`name` (of a village), … Unknown columns are
//! ignored and named in the [`ImportReport`]. The whole list:
//!
#![doc = include_str!("../../COLUMNS.md")]
//!
//! # Checks
//!
//! Every row is read (a value that is not a number, a date, a known
//! technology …), then the store checks every record (the model's
//! `check()`s: coordinates inside Vietnam, heights and powers in range,
//! azimuth 0–360, known operator, technology and band; and its own: the
//! sector's site exists, in the file or in the store, and lists the
//! sector's operator; units of mappings and indicators exist; …). A
//! duplicate key within the file is caught by the database (a staging
//! table with the same key) and named with the row that first had it. All
//! problems are reported, each with file, row (as a spreadsheet numbers it:
//! the header is row 1), column and reason; one problem anywhere and
//! nothing is stored. Importing the same file again changes nothing.
//!
//! ```
//! use hatang_store::import::{import_bytes, ImportKind};
//! use hatang_store::{SqliteStore, Store};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let csv = "\u{feff}Mã trạm;Vĩ độ;Kinh độ;Độ cao;Nhà mạng\r\n\
//!            PT001;21,3227;105,4019;42;Viettel\r\n\
//!            PT002;21,40;105,22;36;VNPT/MobiFone\r\n";
//! let report = import_bytes(&mut store, ImportKind::Sites, "trạm.csv", csv.as_bytes(), None, "alice").unwrap();
//! assert_eq!(report.summary.inserted(), 2);
//! assert_eq!(store.site("PT002").unwrap().unwrap().operators, ["vinaphone", "mobifone"]);
//!
//! let bad = "Mã trạm;Vĩ độ;Kinh độ;Độ cao;Nhà mạng\r\nPT003;95;105,4;30;Viettel\r\n";
//! let err = import_bytes(&mut store, ImportKind::Sites, "bad.csv", bad.as_bytes(), None, "alice").unwrap_err();
//! assert!(err.to_string().contains("bad.csv, row 2, column 'Vĩ độ' (lat): 95 is not a latitude"), "{err}");
//! assert_eq!(store.sites().unwrap().len(), 2);
//! ```

mod columns;
mod csv_in;
mod geojson_in;
mod rows;
mod text;

pub use columns::{columns, columns_markdown, match_header, ColumnSpec};
pub use rows::{operator_id, parse_ring};
pub use text::{fold, parse_bool, parse_date, parse_number, parse_whole};

use crate::error::{RecordError, StoreError};
use crate::store::{ApplyOptions, ApplySummary, Store, Table};
use crate::Format;
use hatang_core::model::{known_operators, AdminUnit, Dataset, Operator};
use rows::{Cells, Reader};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// How many problems an [`ImportError`]'s `Display` lists before it
/// summarises the rest as a count.
pub const PROBLEMS_SHOWN: usize = 20;

/// What a file holds.
///
/// ```
/// use hatang_store::import::ImportKind;
/// assert_eq!("sectors".parse::<ImportKind>().unwrap(), ImportKind::Sectors);
/// assert_eq!("unit".parse::<ImportKind>().unwrap(), ImportKind::Units);
/// assert!("history".parse::<ImportKind>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportKind {
    /// Administrative unit versions (CSV or GeoJSON).
    Units,
    /// The old→new mapping of the reform (CSV).
    Mappings,
    /// Villages (CSV or GeoJSON).
    Villages,
    /// Operators (CSV).
    Operators,
    /// Sites (CSV or GeoJSON).
    Sites,
    /// Sectors (CSV).
    Sectors,
    /// Zones (CSV or GeoJSON).
    Zones,
    /// Indicator values (CSV).
    Indicators,
}

impl ImportKind {
    /// Every kind.
    pub const ALL: [ImportKind; 8] = [
        ImportKind::Units,
        ImportKind::Mappings,
        ImportKind::Villages,
        ImportKind::Operators,
        ImportKind::Sites,
        ImportKind::Sectors,
        ImportKind::Zones,
        ImportKind::Indicators,
    ];

    /// The table it lands in.
    ///
    /// ```
    /// use hatang_store::{import::ImportKind, Table};
    /// assert_eq!(ImportKind::Mappings.table(), Table::Mappings);
    /// ```
    pub fn table(self) -> Table {
        match self {
            ImportKind::Units => Table::Units,
            ImportKind::Mappings => Table::Mappings,
            ImportKind::Villages => Table::Villages,
            ImportKind::Operators => Table::Operators,
            ImportKind::Sites => Table::Sites,
            ImportKind::Sectors => Table::Sectors,
            ImportKind::Zones => Table::Zones,
            ImportKind::Indicators => Table::Indicators,
        }
    }

    /// The kind that lands in `table` (none for history).
    pub fn for_table(table: Table) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.table() == table)
    }

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        self.table().as_str()
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t: Table = s.parse()?;
        ImportKind::for_table(t).ok_or_else(|| format!("{t} can't be imported"))
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A CSV row, numbered as a spreadsheet shows it (the header is row 1).
    Row(usize),
    /// A GeoJSON feature, 1-based.
    Feature(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Row(n) => write!(f, "row {n}"),
            Location::Feature(n) => write!(f, "feature {n}"),
        }
    }
}

/// One problem with an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// The file's name as given.
    pub file: String,
    /// Row or feature.
    pub location: Location,
    /// Canonical column name (see [`columns`]), if the problem has one.
    pub column: Option<String>,
    /// The header as the file writes it, when it differs from `column`.
    pub header: Option<String>,
    /// Why.
    pub reason: String,
}

impl ImportIssue {
    /// The row number (a CSV row or GeoJSON feature), if any.
    pub fn row(&self) -> Option<usize> {
        match self.location {
            Location::File => None,
            Location::Row(n) | Location::Feature(n) => Some(n),
        }
    }
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.location != Location::File {
            write!(f, ", {}", self.location)?;
        }
        match (&self.column, &self.header) {
            (Some(c), Some(h)) => write!(f, ", column '{h}' ({c})")?,
            (Some(c), None) => write!(f, ", column {c}")?,
            _ => {}
        }
        write!(f, ": {}", self.reason)
    }
}

/// The problems of a refused file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblems {
    /// The file's name.
    pub file: String,
    /// Every problem, in row order.
    pub issues: Vec<ImportIssue>,
}

impl fmt::Display for ImportProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        write!(
            f,
            "{}: import refused, nothing stored: {n} problem{}",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for i in self.issues.iter().take(PROBLEMS_SHOWN) {
            write!(f, "\n  {i}")?;
        }
        if n > PROBLEMS_SHOWN {
            write!(f, "\n  … and {} more", n - PROBLEMS_SHOWN)?;
        }
        Ok(())
    }
}

/// Why an import failed. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file has problems (every one of them is listed).
    #[error("{0}")]
    Invalid(ImportProblems),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// The problems, when the file was refused for its content.
    pub fn issues(&self) -> &[ImportIssue] {
        match self {
            ImportError::Invalid(p) => &p.issues,
            _ => &[],
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// The file's name.
    pub file: String,
    /// Its kind.
    pub kind: ImportKind,
    /// Its format.
    pub format: Format,
    /// Records read.
    pub records: usize,
    /// What the store did with them.
    pub summary: ApplySummary,
    /// Headers that name no column of the kind (ignored).
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {} read; {}",
            self.file, self.records, self.kind, self.summary
        )?;
        if !self.ignored_columns.is_empty() {
            write!(f, "; ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

/// What the readers need from the store: the operators (to turn brands
/// and network codes into ids) and, for indicators, the unit versions (to
/// find the version a code means in a period).
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// Known operators.
    pub operators: Vec<Operator>,
    /// Known unit versions.
    pub units: Vec<AdminUnit>,
}

impl Default for Context {
    /// The known operators of the model, no units.
    fn default() -> Self {
        Context {
            operators: known_operators(),
            units: Vec::new(),
        }
    }
}

impl Context {
    /// What `kind` needs from `store`.
    pub fn from_store(store: &dyn Store, kind: ImportKind) -> Result<Context, StoreError> {
        Ok(Context {
            operators: store.operators()?,
            units: if kind == ImportKind::Indicators {
                store.units(None, None)?
            } else {
                Vec::new()
            },
        })
    }
}

/// A file read into records, with where each came from and the problems
/// found so far (the store's checks come on top).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The file's name.
    pub file: String,
    /// Its kind.
    pub kind: ImportKind,
    /// Its format.
    pub format: Format,
    /// The records read (in the vector of `kind`).
    pub dataset: Dataset,
    /// Where each record came from, by index.
    pub locations: Vec<Location>,
    /// How the file writes each column's header.
    pub headers: BTreeMap<&'static str, String>,
    /// Problems found reading.
    pub issues: Vec<ImportIssue>,
    /// Headers that name no column.
    pub ignored_columns: Vec<String>,
}

impl Parsed {
    fn new(file: &str, kind: ImportKind, format: Format) -> Parsed {
        Parsed {
            file: file.to_string(),
            kind,
            format,
            dataset: Dataset::default(),
            locations: Vec::new(),
            headers: BTreeMap::new(),
            issues: Vec::new(),
            ignored_columns: Vec::new(),
        }
    }

    fn issue(&mut self, location: Location, column: Option<&str>, reason: impl Into<String>) {
        let header = column
            .and_then(|c| self.headers.get(c))
            .filter(|h| Some(h.as_str()) != column)
            .cloned();
        self.issues.push(ImportIssue {
            file: self.file.clone(),
            location,
            column: column.map(str::to_string),
            header,
            reason: reason.into(),
        });
    }

    /// Turns one row's cells into a record, or into issues.
    fn row(&mut self, location: Location, cells: &Cells, decimal_comma: bool, ctx: &Context) {
        let mut r = Reader::new(cells, decimal_comma);
        let ds = &mut self.dataset;
        let added = match self.kind {
            ImportKind::Units => push(&mut ds.units, rows::unit(&mut r)),
            ImportKind::Mappings => push(&mut ds.mappings, rows::mapping(&mut r)),
            ImportKind::Villages => push(&mut ds.villages, rows::village(&mut r)),
            ImportKind::Operators => push(&mut ds.operators, rows::operator(&mut r)),
            ImportKind::Sites => push(&mut ds.sites, rows::site(&mut r, ctx)),
            ImportKind::Sectors => push(&mut ds.sectors, rows::sector(&mut r, ctx)),
            ImportKind::Zones => push(&mut ds.zones, rows::zone(&mut r)),
            ImportKind::Indicators => push(&mut ds.indicators, rows::indicator(&mut r, ctx)),
        };
        if added {
            self.locations.push(location);
        } else if r.errors.is_empty() {
            // Every row gives a record or a reason.
            self.issue(location, None, "the row could not be read");
        }
        for e in r.errors {
            self.issue(location, Some(&e.column), e.reason);
        }
    }

    /// The issue for a record error of the store.
    fn record_issue(&self, e: &RecordError) -> ImportIssue {
        let loc = |i: usize| self.locations.get(i).copied().unwrap_or(Location::File);
        let mut reason = e.reason.clone();
        if let Some(d) = e.duplicate_of {
            match loc(d) {
                Location::File => {}
                l => reason.push_str(&format!(", already on {l}")),
            }
        }
        let column = if e.column.is_empty() {
            None
        } else {
            Some(e.column.clone())
        };
        let header = column
            .as_deref()
            .and_then(|c| self.headers.get(c))
            .filter(|h| Some(h.as_str()) != column.as_deref())
            .cloned();
        ImportIssue {
            file: self.file.clone(),
            location: loc(e.index),
            column,
            header,
            reason,
        }
    }
}

fn push<T>(v: &mut Vec<T>, r: Option<T>) -> bool {
    match r {
        Some(r) => {
            v.push(r);
            true
        }
        None => false,
    }
}

/// The format of a file by its name's extension (`.geojson`, `.json`:
/// GeoJSON; `.csv`, `.tsv`, `.txt`: CSV), else by its first character.
///
/// ```
/// use hatang_store::{import::detect_format, Format};
/// assert_eq!(detect_format("villages.geojson", b""), Format::GeoJson);
/// assert_eq!(detect_format("x", b"  {\"type\":1}"), Format::GeoJson);
/// assert_eq!(detect_format("sites.CSV", b"{"), Format::Csv);
/// ```
pub fn detect_format(file_name: &str, bytes: &[u8]) -> Format {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("geojson" | "json") => Format::GeoJson,
        Some("csv" | "tsv" | "txt") => Format::Csv,
        _ => {
            let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            if b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{') {
                Format::GeoJson
            } else {
                Format::Csv
            }
        }
    }
}

/// Reads a file's bytes into records without touching a store. Never
/// panics; every problem is in [`Parsed::issues`].
///
/// ```
/// use hatang_store::import::{parse, Context, ImportKind};
/// let p = parse(ImportKind::Villages, "v.csv", b"id,name,commune_code,lat,lon\nv1,Thon 1,4792,21.3,105.4\n", None, &Context::default());
/// assert!(p.issues.is_empty());
/// assert_eq!(p.dataset.villages[0].commune_code, "04792");
/// ```
pub fn parse(
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    format: Option<Format>,
    ctx: &Context,
) -> Parsed {
    let format = format.unwrap_or_else(|| detect_format(file, bytes));
    let mut p = Parsed::new(file, kind, format);
    match format {
        Format::Csv => parse_csv(&mut p, bytes, ctx),
        Format::GeoJson => parse_geojson(&mut p, bytes, ctx),
    }
    p
}

fn parse_csv(p: &mut Parsed, bytes: &[u8], ctx: &Context) {
    let file = match csv_in::read(bytes) {
        Ok(f) => f,
        Err(e) => return p.issue(Location::File, None, e),
    };
    let decimal_comma = file.delimiter != b',';
    let specs = |r: &csv_in::CsvRecord| -> Vec<Option<&'static ColumnSpec>> {
        r.fields
            .iter()
            .map(|f| f.as_deref().and_then(|h| match_header(p.kind, h)))
            .collect()
    };
    // The header: the first row naming a column, or, below a title, the
    // first of the first ten rows naming two.
    let mut header = None;
    for (i, r) in file.records.iter().take(10).enumerate() {
        let n = specs(r).iter().flatten().count();
        if (i == 0 && n >= 1) || n >= 2 {
            header = Some(i);
            break;
        }
    }
    let Some(h) = header else {
        let want: Vec<&str> = columns(p.kind)
            .iter()
            .filter(|c| c.required)
            .map(|c| c.name)
            .collect();
        return p.issue(
            Location::File,
            None,
            format!(
                "no header row naming {} columns (expected {})",
                p.kind,
                want.join(", ")
            ),
        );
    };
    let head = &file.records[h];
    let cols = specs(head);
    let mut seen: HashMap<&'static str, String> = HashMap::new();
    let mut ignored = BTreeSet::new();
    let mut header_problems = Vec::new();
    for (i, spec) in cols.iter().enumerate() {
        let written = head.fields[i]
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string();
        match spec {
            Some(s) => {
                if let Some(first) = seen.get(s.name) {
                    header_problems.push((
                        s.name,
                        format!("'{first}' and '{written}' both name column {}", s.name),
                    ));
                } else {
                    seen.insert(s.name, written.clone());
                    p.headers.insert(s.name, written);
                }
            }
            None if !written.is_empty() => {
                ignored.insert(written);
            }
            None => {}
        }
    }
    p.ignored_columns = ignored.into_iter().collect();
    for c in columns(p.kind) {
        if c.required && !seen.contains_key(c.name) {
            let mut accepted = vec![c.name];
            accepted.extend(c.aliases);
            header_problems.push((
                c.name,
                format!(
                    "required column is missing (headers accepted: {})",
                    accepted.join(", ")
                ),
            ));
        }
    }
    if !header_problems.is_empty() {
        let loc = Location::Row(head.row);
        for (c, why) in header_problems {
            p.issue(loc, Some(c), why);
        }
        return;
    }
    for r in &file.records[h + 1..] {
        let loc = Location::Row(r.row);
        let mut cells = Cells::new();
        let mut bad_utf8 = false;
        for (i, f) in r.fields.iter().enumerate() {
            let Some(Some(spec)) = cols.get(i) else {
                continue;
            };
            match f {
                Some(v) => {
                    cells.insert(spec.name, v.trim().to_string());
                }
                None => {
                    bad_utf8 = true;
                    p.issue(
                        loc,
                        Some(spec.name),
                        "is not UTF-8 text (save the file as CSV UTF-8)",
                    );
                }
            }
        }
        if !bad_utf8 {
            p.row(loc, &cells, decimal_comma, ctx);
        }
    }
}

fn parse_geojson(p: &mut Parsed, bytes: &[u8], ctx: &Context) {
    let features = match geojson_in::read(bytes) {
        Ok(f) => f,
        Err(e) => return p.issue(Location::File, None, e),
    };
    let (point_cols, ring_col) = match p.kind {
        ImportKind::Units => (Some(("centre_lat", "centre_lon")), Some("boundary")),
        ImportKind::Villages | ImportKind::Sites => (Some(("lat", "lon")), None),
        ImportKind::Zones => (Some(("lat", "lon")), Some("polygon")),
        _ => (None, None),
    };
    let mut ignored = BTreeSet::new();
    for f in features {
        let loc = Location::Feature(f.number);
        let mut cells = Cells::new();
        for (k, v) in &f.props {
            match match_header(p.kind, k) {
                Some(s) => {
                    p.headers.entry(s.name).or_insert_with(|| k.clone());
                    cells.insert(s.name, v.trim().to_string());
                }
                None => {
                    ignored.insert(k.clone());
                }
            }
        }
        let empty = |c: &Cells, k: &str| c.get(k).is_none_or(|v| v.is_empty());
        match (&f.geometry, point_cols, ring_col) {
            (Some(geojson_in::Geom::Point(pt)), Some((la, lo)), _)
                if empty(&cells, la) && empty(&cells, lo) =>
            {
                cells.insert(la, pt.lat.to_string());
                cells.insert(lo, pt.lon.to_string());
            }
            (Some(geojson_in::Geom::Polygon(ring)), _, Some(rc)) if empty(&cells, rc) => {
                cells.insert(rc, crate::record::ring_json(ring));
            }
            (Some(geojson_in::Geom::Polygon(_)), Some(_), None) => {
                p.issue(
                    loc,
                    None,
                    format!("a {} is a point: give a Point geometry", p.kind),
                );
                continue;
            }
            (Some(geojson_in::Geom::Unusable(why)), Some(_), _) => {
                p.issue(loc, None, why.clone());
                continue;
            }
            _ => {}
        }
        p.row(loc, &cells, false, ctx);
    }
    p.ignored_columns = ignored.into_iter().collect();
}

/// Imports a file's bytes: reads them, lets the store check and land the
/// records in one transaction, and reports. On any problem nothing is
/// stored and the error lists every problem with file, row, column and
/// reason. `format` `None` guesses from the name and content.
pub fn import_bytes(
    store: &mut dyn Store,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    format: Option<Format>,
    actor: &str,
) -> Result<ImportReport, ImportError> {
    let ctx = Context::from_store(&*store, kind)?;
    let mut parsed = parse(kind, file, bytes, format, &ctx);
    if parsed.dataset.is_empty() && !parsed.issues.is_empty() {
        return Err(refused(parsed));
    }
    // With problems already, a dry run still collects what only the store
    // can see (duplicates, references) so every problem is reported once.
    let dry_run = !parsed.issues.is_empty();
    let result = store.apply_with(&parsed.dataset, actor, ApplyOptions { dry_run });
    match result {
        Ok(summary) if !dry_run => Ok(ImportReport {
            file: parsed.file,
            kind,
            format: parsed.format,
            records: parsed.locations.len(),
            summary,
            ignored_columns: parsed.ignored_columns,
        }),
        Ok(_) => Err(refused(parsed)),
        Err(StoreError::Rejected(r)) => {
            let more: Vec<ImportIssue> = r.errors.iter().map(|e| parsed.record_issue(e)).collect();
            parsed.issues.extend(more);
            Err(refused(parsed))
        }
        Err(e) => Err(e.into()),
    }
}

fn refused(mut parsed: Parsed) -> ImportError {
    parsed.issues.sort_by_key(|i| i.location);
    ImportError::Invalid(ImportProblems {
        file: parsed.file,
        issues: parsed.issues,
    })
}

/// Imports the file at `path` (see [`import_bytes`]); the CLI's
/// `hatang import <kind> <file>`. The format is guessed from the name and
/// content.
pub fn import_file(
    store: &mut dyn Store,
    kind: ImportKind,
    path: &Path,
    actor: &str,
) -> Result<ImportReport, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })?;
    import_bytes(
        store,
        kind,
        &path.display().to_string(),
        &bytes,
        None,
        actor,
    )
}
