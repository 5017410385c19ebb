//! Applying a dataset: every table's keys go into a TEMP staging table that
//! has the same key constraints as the main table (so the database catches
//! duplicates), then each valid record is merged into its table with a
//! history row when it is new or changed. One transaction; rolled back on
//! any error or on a dry run.

use super::map_query;
use super::records::{text, unit_key_values, SqlRecord};
use crate::error::{RecordError, Rejected, StoreError};
use crate::record::Record;
use crate::store::{Action, ApplyOptions, ApplySummary, Table};
use hatang_core::model::{
    parse_period, AdminUnit, Dataset, Indicator, Operator, Sector, Site, UnitKey, UnitMapping,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, ErrorCode, OptionalExtension, Transaction};
use std::collections::{BTreeMap, HashSet};

pub(super) fn apply(
    conn: &mut Connection,
    ds: &Dataset,
    actor: &str,
    options: ApplyOptions,
) -> Result<ApplySummary, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let at: String = tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
        r.get(0)
    })?;
    let mut cx = Cx {
        tx: &tx,
        actor,
        at,
        errors: Vec::new(),
        summary: ApplySummary {
            dry_run: options.dry_run,
            ..Default::default()
        },
    };

    cx.merge(&ds.operators, &[], |_, _| Ok(Vec::new()))?;
    let operators: Vec<Operator> = map_query(&tx, &Operator::META.select(), [])?;

    let units = cx.merge(&ds.units, &operators, |_, _| Ok(Vec::new()))?;
    cx.after(&ds.units, &units, unit_overlaps)?;
    let mapped = cx.merge(&ds.mappings, &operators, mapping_refs)?;
    cx.mapping_shares(&ds.mappings, &mapped)?;

    cx.merge_sites(&ds.sites, &operators)?;
    cx.merge(&ds.sectors, &operators, sector_refs)?;
    cx.sites_keep_their_sectors(&ds.sites)?;

    cx.merge(&ds.villages, &operators, |_, _| Ok(Vec::new()))?;
    cx.merge(&ds.zones, &operators, |_, _| Ok(Vec::new()))?;
    cx.merge(&ds.indicators, &operators, indicator_refs)?;

    let Cx {
        errors, summary, ..
    } = cx;
    if !errors.is_empty() {
        tx.rollback()?;
        return Err(StoreError::Rejected(Rejected::new(errors)));
    }
    if options.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(summary)
}

struct Cx<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a str,
    at: String,
    errors: Vec<RecordError>,
    summary: ApplySummary,
}

/// Problems of one record: (column, reason).
type Problems = Vec<(String, String)>;

/// A check of one record against the stored data.
type Check<R> = fn(&Transaction, &R) -> Result<Problems, StoreError>;

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The database refused it (the error is recorded).
    Refused,
    /// It was stored exactly so already.
    Unchanged,
    /// Inserted or updated, with a history row.
    Written,
}

impl Cx<'_> {
    fn error(
        &mut self,
        table: Table,
        index: usize,
        key: String,
        column: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.errors
            .push(RecordError::new(table, index, key, column, reason));
    }

    /// Stages every record's key (the database refuses duplicates), then
    /// merges every record that passed its checks. Returns, per index,
    /// whether the record was merged.
    fn merge<R: SqlRecord>(
        &mut self,
        records: &[R],
        operators: &[Operator],
        refs: impl Fn(&Transaction, &R) -> Result<Problems, StoreError>,
    ) -> Result<Vec<bool>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        self.summary.count(R::TABLE);
        let ok = self.stage(records, operators)?;
        let mut merged = vec![false; records.len()];
        for (i, r) in records.iter().enumerate() {
            if !ok[i] {
                continue;
            }
            let problems = refs(self.tx, r)?;
            if !problems.is_empty() {
                for (c, why) in problems {
                    self.error(R::TABLE, i, r.entity_id(), c, why);
                }
                continue;
            }
            merged[i] = self.upsert(i, r)? != Outcome::Refused;
        }
        Ok(merged)
    }

    /// Checks each record and puts its key into the staging table. Returns
    /// which records are fit to merge.
    fn stage<R: SqlRecord>(
        &mut self,
        records: &[R],
        operators: &[Operator],
    ) -> Result<Vec<bool>, StoreError> {
        let m = R::META;
        let stage = m.stage();
        self.tx
            .execute_batch(&format!("DROP TABLE IF EXISTS temp.{stage}"))?;
        self.tx.execute_batch(&m.create_stage())?;
        let mut ok = vec![true; records.len()];
        {
            let mut ins = self.tx.prepare(&m.insert_stage())?;
            for (i, r) in records.iter().enumerate() {
                for p in r.problems(operators) {
                    self.error(R::TABLE, i, r.entity_id(), p.column, p.reason);
                    ok[i] = false;
                }
                let mut vals = r.stage_values();
                vals.push(Value::Integer(i as i64));
                match ins.execute(params_from_iter(vals.iter())) {
                    Ok(_) => {}
                    Err(e) => {
                        let Some(cols) = unique_columns(&e) else {
                            return Err(e.into());
                        };
                        ok[i] = false;
                        let err = self.duplicate(i, r, &cols)?;
                        self.errors.push(err);
                    }
                }
            }
        }
        self.tx
            .execute_batch(&format!("DROP TABLE IF EXISTS temp.{stage}"))?;
        Ok(ok)
    }

    /// The error for a record whose staging insert hit a UNIQUE or PRIMARY
    /// KEY constraint on `cols`: which earlier record holds the value.
    fn duplicate<R: SqlRecord>(
        &self,
        i: usize,
        r: &R,
        cols: &[String],
    ) -> Result<RecordError, StoreError> {
        let m = R::META;
        let all: Vec<&str> = m.pk.iter().chain(m.unique).copied().collect();
        let vals = r.stage_values();
        let mut wh = Vec::new();
        let mut params = Vec::new();
        for c in cols {
            if let Some(j) = all.iter().position(|x| x == c) {
                wh.push(format!("{c} = ?{}", params.len() + 1));
                params.push(vals[j].clone());
            }
        }
        let first: Option<i64> = if wh.is_empty() {
            None
        } else {
            self.tx
                .query_row(
                    &format!(
                        "SELECT ord FROM temp.{} WHERE {}",
                        m.stage(),
                        wh.join(" AND ")
                    ),
                    params_from_iter(params.iter()),
                    |row| row.get(0),
                )
                .optional()?
        };
        let is_key = cols.len() == m.pk.len() && cols.iter().all(|c| m.pk.contains(&c.as_str()));
        let (column, reason) = if is_key {
            (
                m.key_column.to_string(),
                format!("duplicate key '{}'", r.entity_id()),
            )
        } else {
            let shown: Vec<String> = params.iter().map(value_text).collect();
            (
                cols.join("+"),
                format!("duplicate {} '{}'", cols.join("+"), shown.join("|")),
            )
        };
        let mut e = RecordError::new(R::TABLE, i, r.entity_id(), column, reason);
        e.duplicate_of = first.map(|f| f as usize);
        Ok(e)
    }

    /// Inserts or updates one record, writing history when it changed.
    fn upsert<R: SqlRecord>(&mut self, i: usize, r: &R) -> Result<Outcome, StoreError> {
        let m = R::META;
        let old: Option<R> = self
            .tx
            .prepare_cached(&m.select_by_key())?
            .query_row(params_from_iter(r.key_values().iter()), |row| {
                R::from_row(row)
            })
            .optional()?;
        let old = match old {
            Some(mut o) => {
                o.complete(self.tx)?;
                Some(o)
            }
            None => None,
        };
        if old.as_ref() == Some(r) {
            self.summary.count(R::TABLE).unchanged += 1;
            return Ok(Outcome::Unchanged);
        }
        let res = self
            .tx
            .prepare_cached(&m.upsert())?
            .execute(params_from_iter(r.values().iter()));
        if let Err(e) = res {
            return self.refused(i, r, e);
        }
        let action = if old.is_some() {
            Action::Update
        } else {
            Action::Insert
        };
        self.history(r, old.as_ref(), Some(r), action)?;
        let c = self.summary.count(R::TABLE);
        match action {
            Action::Insert => c.inserted += 1,
            _ => c.updated += 1,
        }
        Ok(Outcome::Written)
    }

    /// Records a database refusal of record `i`, or passes a real failure on.
    fn refused<R: SqlRecord>(
        &mut self,
        i: usize,
        r: &R,
        e: rusqlite::Error,
    ) -> Result<Outcome, StoreError> {
        let Some(msg) = constraint(&e) else {
            return Err(e.into());
        };
        let m = R::META;
        let (column, reason) = if msg.contains("FOREIGN KEY") {
            (
                m.fk_column.to_string(),
                "refers to a record that does not exist".to_string(),
            )
        } else if let Some(cols) = unique_columns(&e) {
            let col = cols.join("+");
            let shown: Vec<String> = cols
                .iter()
                .filter_map(|c| m.cols.iter().position(|x| x == c))
                .map(|j| value_text(&r.values()[j]))
                .collect();
            (
                col.clone(),
                format!(
                    "{col} '{}' is already used by another record",
                    shown.join("|")
                ),
            )
        } else {
            (m.key_column.to_string(), format!("refused: {msg}"))
        };
        self.error(R::TABLE, i, r.entity_id(), column, reason);
        Ok(Outcome::Refused)
    }

    fn history<R: Record>(
        &self,
        r: &R,
        before: Option<&R>,
        after: Option<&R>,
        action: Action,
    ) -> Result<(), StoreError> {
        write_history(self.tx, self.actor, &self.at, r, before, after, action)
    }

    /// A check over the merged records (it needs them all in place): its
    /// problems are the record's.
    fn after<R: SqlRecord>(
        &mut self,
        records: &[R],
        merged: &[bool],
        check: Check<R>,
    ) -> Result<(), StoreError> {
        for (i, r) in records.iter().enumerate() {
            if merged.get(i).copied().unwrap_or(false) {
                for (c, why) in check(self.tx, r)? {
                    self.error(R::TABLE, i, r.entity_id(), c, why);
                }
            }
        }
        Ok(())
    }

    /// Sites: the site row, then its operator links.
    fn merge_sites(&mut self, sites: &[Site], operators: &[Operator]) -> Result<(), StoreError> {
        if sites.is_empty() {
            return Ok(());
        }
        self.summary.count(Table::Sites);
        let ok = self.stage(sites, operators)?;
        for (i, s) in sites.iter().enumerate() {
            if !ok[i] {
                continue;
            }
            if self.upsert(i, s)? == Outcome::Written {
                if let Err(e) = set_site_operators(self.tx, s) {
                    self.refused(i, s, e)?;
                }
            }
        }
        Ok(())
    }

    /// After sites and sectors are merged: every sector of a site in the
    /// dataset must still belong to an operator the site lists.
    fn sites_keep_their_sectors(&mut self, sites: &[Site]) -> Result<(), StoreError> {
        let mut seen = HashSet::new();
        for (i, s) in sites.iter().enumerate() {
            if !seen.insert(s.id.as_str()) {
                continue;
            }
            let orphans: Vec<(String, String)> = {
                let mut st = self.tx.prepare_cached(
                    "SELECT id, operator FROM sectors WHERE site_id = ?1 AND operator NOT IN \
                     (SELECT operator_id FROM site_operators WHERE site_id = ?1) ORDER BY id",
                )?;
                let rows = st.query_map([&s.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            for (sector, op) in orphans {
                self.error(
                    Table::Sites,
                    i,
                    s.id.clone(),
                    "operators",
                    format!("'{op}' is not listed, but its sector '{sector}' is on this site"),
                );
            }
        }
        Ok(())
    }

    /// After mappings are merged: the shares of every old unit the dataset
    /// maps must sum to 1 (a partial unit's pieces make the whole).
    fn mapping_shares(&mut self, maps: &[UnitMapping], merged: &[bool]) -> Result<(), StoreError> {
        let mut first: BTreeMap<&UnitKey, usize> = BTreeMap::new();
        for (i, m) in maps.iter().enumerate() {
            if merged.get(i).copied().unwrap_or(false) {
                first.entry(&m.old).or_insert(i);
            }
        }
        for (old, i) in first {
            let [l, c, f] = unit_key_values(old);
            let (sum, n): (f64, i64) = self.tx.query_row(
                "SELECT TOTAL(share), COUNT(*) FROM unit_mappings \
                 WHERE old_level = ?1 AND old_code = ?2 AND old_valid_from = ?3",
                params![l, c, f],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if (sum - 1.0).abs() > 1e-6 {
                self.error(
                    Table::Mappings,
                    i,
                    maps[i].entity_id(),
                    "share",
                    format!(
                        "the {n} mapping{} of {old} share {sum}, not 1: the pieces of a unit must make the whole",
                        if n == 1 { "" } else { "s" }
                    ),
                );
            }
        }
        Ok(())
    }
}

/// Replaces a site's operator links with its list.
fn set_site_operators(tx: &Transaction, s: &Site) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM site_operators WHERE site_id = ?1")?
        .execute([&s.id])?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO site_operators (site_id, operator_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (p, o) in s.operators.iter().enumerate() {
        ins.execute(params![s.id, o, p as i64])?;
    }
    Ok(())
}

/// Writes one history row.
pub(super) fn write_history<R: Record>(
    conn: &Connection,
    actor: &str,
    at: &str,
    r: &R,
    before: Option<&R>,
    after: Option<&R>,
    action: Action,
) -> Result<(), StoreError> {
    let b = before.map(serde_json::to_string).transpose()?;
    let a = after.map(serde_json::to_string).transpose()?;
    conn.prepare_cached(
        "INSERT INTO history (entity, entity_id, action, actor, at, before, after) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        R::TABLE.as_str(),
        r.entity_id(),
        action.as_str(),
        actor,
        at,
        b,
        a
    ])?;
    Ok(())
}

fn exists(tx: &Transaction, sql: &str, p: &[Value]) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(sql)?
        .query_row(params_from_iter(p.iter()), |_| Ok(()))
        .optional()?
        .is_some())
}

fn unit_exists(tx: &Transaction, k: &UnitKey) -> Result<Option<AdminUnit>, StoreError> {
    Ok(tx
        .prepare_cached(&AdminUnit::META.select_by_key())?
        .query_row(params_from_iter(unit_key_values(k).iter()), |r| {
            AdminUnit::from_row(r)
        })
        .optional()?)
}

fn mapping_refs(tx: &Transaction, m: &UnitMapping) -> Result<Problems, StoreError> {
    let mut e = Vec::new();
    for (col, k) in [("old_code", &m.old), ("new_code", &m.new)] {
        match unit_exists(tx, k)? {
            None => e.push((
                col.to_string(),
                format!("no unit {k} (neither in this import nor in the store)"),
            )),
            Some(u) if col == "old_code" && u.valid_to.is_none_or(|to| to >= m.new.valid_from) => e
                .push((
                    col.to_string(),
                    format!(
                        "{k} is still in force on {}, when {} begins",
                        m.new.valid_from, m.new
                    ),
                )),
            Some(_) => {}
        }
    }
    Ok(e)
}

/// After units are merged: the versions of a code must not overlap in time.
fn unit_overlaps(tx: &Transaction, u: &AdminUnit) -> Result<Problems, StoreError> {
    let versions: Vec<AdminUnit> = map_query(
        tx,
        &format!(
            "{} WHERE level = ?1 AND code = ?2 ORDER BY valid_from",
            AdminUnit::META.select()
        ),
        [u.key.level.as_str(), u.key.code.as_str()],
    )?;
    let mut e = Vec::new();
    for v in versions.iter().filter(|v| v.key != u.key) {
        let starts_before_end = u.valid_to.is_none_or(|to| v.key.valid_from <= to);
        let ends_after_start = v.valid_to.is_none_or(|to| to >= u.key.valid_from);
        if starts_before_end && ends_after_start {
            let to = v.valid_to.map_or("now".to_string(), |d| d.to_string());
            e.push((
                "valid_from".to_string(),
                format!(
                    "overlaps version {} (valid {} to {to})",
                    v.key, v.key.valid_from
                ),
            ));
        }
    }
    Ok(e)
}

fn sector_refs(tx: &Transaction, s: &Sector) -> Result<Problems, StoreError> {
    let mut e = Vec::new();
    if !exists(tx, "SELECT 1 FROM sites WHERE id = ?1", &[text(&s.site_id)])? {
        e.push((
            "site_id".to_string(),
            format!(
                "no site '{}' (neither in this import nor in the store)",
                s.site_id
            ),
        ));
    } else if !exists(
        tx,
        "SELECT 1 FROM site_operators WHERE site_id = ?1 AND operator_id = ?2",
        &[text(&s.site_id), text(&s.operator)],
    )? {
        e.push((
            "operator".to_string(),
            format!(
                "'{}' is not among the operators of site '{}'",
                s.operator, s.site_id
            ),
        ));
    }
    Ok(e)
}

fn indicator_refs(tx: &Transaction, i: &Indicator) -> Result<Problems, StoreError> {
    let Some(u) = unit_exists(tx, &i.unit)? else {
        return Ok(vec![(
            "code".to_string(),
            format!(
                "no unit {} (neither in this import nor in the store)",
                i.unit
            ),
        )]);
    };
    if let Some((start, end)) = parse_period(&i.period) {
        let before = end < u.key.valid_from;
        let after = u.valid_to.is_some_and(|to| start > to);
        if before || after {
            let to = u.valid_to.map_or("now".to_string(), |d| d.to_string());
            return Ok(vec![(
                "period".to_string(),
                format!(
                    "{} is outside the life of {} ({} to {to})",
                    i.period, i.unit, u.key.valid_from
                ),
            )]);
        }
    }
    Ok(Vec::new())
}

/// The columns of a violated UNIQUE or PRIMARY KEY constraint, from
/// SQLite's message `UNIQUE constraint failed: t.a, t.b`.
fn unique_columns(e: &rusqlite::Error) -> Option<Vec<String>> {
    let msg = constraint(e)?;
    let rest = msg.strip_prefix("UNIQUE constraint failed: ")?;
    Some(
        rest.split(',')
            .map(|c| {
                let c = c.trim();
                c.rsplit_once('.').map_or(c, |(_, c)| c).to_string()
            })
            .collect(),
    )
}

/// The message of a constraint violation.
fn constraint(e: &rusqlite::Error) -> Option<&str> {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.code == ErrorCode::ConstraintViolation =>
        {
            Some(msg.as_str())
        }
        _ => None,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => "<blob>".into(),
    }
}
