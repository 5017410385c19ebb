//! Point signals: what the coverage engine says about one point (a village,
//! a zone, a sample around a village), as the scorecard takes it in.
//!
//! A point's signals are a list of [`Reading`]s, one per sector (or per
//! operator and technology: several readings of the same operator and
//! technology are reduced to the best). A reading's level is `None` when
//! it could not be computed (the terrain profile left the loaded terrain):
//! such a reading makes the answer *unknown*, never *none*.
//!
//! A [`SignalMap`] holds the points that were computed. A point that is
//! absent was not computed at all and is unknown; a point that is present
//! with no reading was computed and nothing reaches it (no sector in
//! range), which is *none*.
//!
//! The map can be written to and read from CSV (`point_id, operator,
//! technology, dbm`, an empty `dbm` for unknown and a row with empty
//! operator and technology for a computed point with no reading), so that
//! signals computed once can be kept and read again.
//!
//! ```
//! use hatang_core::model::Technology;
//! use hatang_scorecard::signal::{Reading, SignalMap};
//! let mut m = SignalMap::default();
//! m.push("v1", Reading::new("viettel", Technology::Lte, Some(-98.0)));
//! m.push("v1", Reading::new("viettel", Technology::Lte, Some(-91.5)));
//! m.computed("v2"); // nothing reaches v2
//! let mut csv = Vec::new();
//! m.write_csv(&mut csv).unwrap();
//! let back = SignalMap::read_csv(csv.as_slice()).unwrap();
//! assert_eq!(back, m);
//! assert_eq!(back.best("v1", Technology::Lte, "viettel").dbm, Some(-91.5));
//! assert!(back.get("v2").unwrap().is_empty());
//! assert!(back.get("v3").is_none());
//! ```

use hatang_core::model::Technology;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

/// One signal level at a point from one operator's technology (one sector,
/// or the best of several).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Operator id (e.g. "viettel").
    pub operator: String,
    /// Technology.
    pub technology: Technology,
    /// The technology's figure in dBm (RxLev, RSCP, RSRP, SS-RSRP); `None`
    /// when it could not be computed (the profile left the loaded terrain).
    pub dbm: Option<f64>,
}

impl Reading {
    /// A reading.
    ///
    /// ```
    /// let r = hatang_scorecard::signal::Reading::new("mobifone", hatang_core::model::Technology::Nr, None);
    /// assert!(r.dbm.is_none());
    /// ```
    pub fn new(operator: impl Into<String>, technology: Technology, dbm: Option<f64>) -> Self {
        Self {
            operator: operator.into(),
            technology,
            dbm,
        }
    }
}

/// The best of one operator's technology at a point: the strongest known
/// level, and whether some reading was unknown.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Best {
    /// Strongest known level, dBm.
    pub dbm: Option<f64>,
    /// Some reading could not be computed.
    pub unknown: bool,
}

impl Best {
    /// Folds one reading's level in.
    ///
    /// ```
    /// use hatang_scorecard::signal::Best;
    /// let mut b = Best::default();
    /// b.add(Some(-110.0));
    /// b.add(None);
    /// b.add(Some(-100.0));
    /// assert_eq!((b.dbm, b.unknown), (Some(-100.0), true));
    /// ```
    pub fn add(&mut self, dbm: Option<f64>) {
        match dbm {
            Some(v) if v.is_finite() => {
                self.dbm = Some(self.dbm.map_or(v, |b| b.max(v)));
            }
            // A NaN or infinite level is no level at all.
            _ => self.unknown = true,
        }
    }
}

/// Why a signals CSV was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignalError {
    /// The CSV could not be read or written.
    #[error("signals CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A row is wrong.
    #[error("signals CSV, row {row}, column {column}: {reason}")]
    Row {
        /// Row, 1-based, the header being row 1.
        row: usize,
        /// Column name.
        column: &'static str,
        /// Why.
        reason: String,
    },
}

/// The signals of many points, by point id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignalMap {
    points: HashMap<String, Vec<Reading>>,
}

impl SignalMap {
    /// Marks a point as computed (with no reading yet).
    pub fn computed(&mut self, id: &str) {
        self.points.entry(id.to_string()).or_default();
    }

    /// Adds a reading at a point (marking it computed).
    pub fn push(&mut self, id: &str, reading: Reading) {
        self.points.entry(id.to_string()).or_default().push(reading);
    }

    /// Replaces a point's readings.
    pub fn insert(&mut self, id: impl Into<String>, readings: Vec<Reading>) {
        self.points.insert(id.into(), readings);
    }

    /// The readings at a point, or `None` when it was not computed.
    pub fn get(&self, id: &str) -> Option<&[Reading]> {
        self.points.get(id).map(Vec::as_slice)
    }

    /// The ids of the points, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.points.keys().map(String::as_str)
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether no point was computed.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The best of one operator's technology at a point (nothing known and
    /// not unknown when the point was computed and no reading matches;
    /// unknown when the point was not computed).
    pub fn best(&self, id: &str, technology: Technology, operator: &str) -> Best {
        match self.get(id) {
            None => Best {
                dbm: None,
                unknown: true,
            },
            Some(rs) => {
                let mut b = Best::default();
                for r in rs
                    .iter()
                    .filter(|r| r.technology == technology && r.operator == operator)
                {
                    b.add(r.dbm);
                }
                b
            }
        }
    }

    /// The same signals with one reading per operator and technology at
    /// each point: the best known level, plus an unknown reading where some
    /// reading was unknown. Classes are unchanged; files and work shrink
    /// (a point may have a reading per sector in range).
    ///
    /// ```
    /// use hatang_core::model::Technology::Lte;
    /// use hatang_scorecard::signal::{Reading, SignalMap};
    /// let mut m = SignalMap::default();
    /// for dbm in [Some(-120.0), Some(-101.0), None, Some(-130.0)] {
    ///     m.push("v", Reading::new("viettel", Lte, dbm));
    /// }
    /// let b = m.best_only();
    /// assert_eq!(b.get("v").unwrap(), [Reading::new("viettel", Lte, Some(-101.0)), Reading::new("viettel", Lte, None)]);
    /// ```
    pub fn best_only(&self) -> SignalMap {
        let points = self
            .points
            .iter()
            .map(|(id, rs)| {
                let mut bests: BTreeMap<(Technology, &str), Best> = BTreeMap::new();
                for r in rs {
                    bests
                        .entry((r.technology, r.operator.as_str()))
                        .or_default()
                        .add(r.dbm);
                }
                let mut out = Vec::with_capacity(bests.len());
                for ((t, o), b) in bests {
                    if let Some(v) = b.dbm {
                        out.push(Reading::new(o, t, Some(v)));
                    }
                    if b.unknown {
                        out.push(Reading::new(o, t, None));
                    }
                }
                (id.clone(), out)
            })
            .collect();
        SignalMap { points }
    }

    /// Writes the map as CSV, points sorted by id, readings in their order.
    pub fn write_csv<W: Write>(&self, w: W) -> Result<(), SignalError> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(["point_id", "operator", "technology", "dbm"])?;
        let sorted: BTreeMap<&String, &Vec<Reading>> = self.points.iter().collect();
        for (id, rs) in sorted {
            if rs.is_empty() {
                out.write_record([id.as_str(), "", "", ""])?;
            }
            for r in rs {
                let dbm = r.dbm.map(|v| v.to_string()).unwrap_or_default();
                out.write_record([id.as_str(), &r.operator, r.technology.as_str(), &dbm])?;
            }
        }
        out.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    /// Reads a map written by [`write_csv`](Self::write_csv) (columns by
    /// name, in any order). Never panics on malformed input.
    ///
    /// ```
    /// use hatang_scorecard::signal::SignalMap;
    /// let e = SignalMap::read_csv("point_id,operator,technology,dbm\nv1,viettel,6G,-90\n".as_bytes());
    /// assert!(e.unwrap_err().to_string().contains("row 2, column technology"));
    /// ```
    pub fn read_csv<R: Read>(r: R) -> Result<SignalMap, SignalError> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(r);
        let headers = rdr.headers()?.clone();
        let col = |name: &'static str| -> Result<usize, SignalError> {
            headers
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
                .ok_or(SignalError::Row {
                    row: 1,
                    column: name,
                    reason: "missing column".into(),
                })
        };
        let (c_id, c_op, c_tech, c_dbm) = (
            col("point_id")?,
            col("operator")?,
            col("technology")?,
            col("dbm")?,
        );
        let mut map = SignalMap::default();
        for (i, rec) in rdr.records().enumerate() {
            let row = i + 2;
            let rec = rec?;
            let get = |c: usize| rec.get(c).unwrap_or("").trim();
            let bad = |column: &'static str, reason: String| SignalError::Row {
                row,
                column,
                reason,
            };
            let id = get(c_id);
            if id.is_empty() {
                return Err(bad("point_id", "is empty".into()));
            }
            let (op, tech) = (get(c_op), get(c_tech));
            if op.is_empty() && tech.is_empty() {
                map.computed(id);
                continue;
            }
            if op.is_empty() {
                return Err(bad("operator", "is empty".into()));
            }
            let technology: Technology = tech.parse().map_err(|e| bad("technology", e))?;
            let dbm = match get(c_dbm) {
                "" => None,
                s => {
                    let v: f64 = s
                        .parse()
                        .map_err(|_| bad("dbm", format!("'{s}' is not a number")))?;
                    if !(v.is_finite() && (-250.0..=50.0).contains(&v)) {
                        return Err(bad("dbm", format!("{v} is not a level in −250 to 50 dBm")));
                    }
                    Some(v)
                }
            };
            map.push(id, Reading::new(op, technology, dbm));
        }
        Ok(map)
    }
}

impl FromIterator<(String, Vec<Reading>)> for SignalMap {
    fn from_iter<I: IntoIterator<Item = (String, Vec<Reading>)>>(iter: I) -> Self {
        SignalMap {
            points: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn read_csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = SignalMap::read_csv(bytes.as_slice());
        }

        #[test]
        fn read_csv_never_panics_on_near_valid_text(s in "point_id,operator,technology,dbm\n[a-z0-9,.\\-GN \n]{0,200}") {
            let _ = SignalMap::read_csv(s.as_bytes());
        }
    }

    #[test]
    fn unknown_and_absent_points() {
        let mut m = SignalMap::default();
        m.push("a", Reading::new("viettel", Technology::Nr, None));
        let b = m.best("a", Technology::Nr, "viettel");
        assert_eq!((b.dbm, b.unknown), (None, true));
        let b = m.best("a", Technology::Lte, "viettel");
        assert_eq!((b.dbm, b.unknown), (None, false));
        assert!(m.best("zzz", Technology::Lte, "viettel").unknown);
    }
}
