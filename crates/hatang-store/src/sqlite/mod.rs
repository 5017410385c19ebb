//! The SQLite backend: one database file in WAL mode with foreign keys on,
//! created and migrated on open by embedded, versioned SQL migrations.
//!
//! Opening an up-to-date database writes nothing, and closing it
//! checkpoints and removes the write-ahead log, so a store that was only
//! read, or whose import failed, leaves its files byte for byte as they
//! were.

mod apply;
mod records;

use self::apply::write_history;
use self::records::{parsed, sql_table, text, unit_key_values, SqlRecord};
use crate::error::StoreError;
use crate::record::{parse_indicator_id, parse_mapping_id, parse_unit_key};
use crate::store::{
    Action, ApplyOptions, ApplySummary, CoverageResult, HistoryEntry, Store, Table,
};
use hatang_core::geo::Bbox;
use hatang_core::model::{
    AdminLevel, AdminUnit, Dataset, Date, Indicator, Operator, Sector, Site, UnitKey, UnitMapping,
    Village, Zone,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Params};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One embedded schema migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Version it brings the schema to (1, 2, …).
    pub version: u32,
    /// Short name.
    pub name: &'static str,
    /// The SQL, run in one transaction.
    pub sql: &'static str,
}

/// The migrations, oldest first. A database records the versions it has
/// in its `schema_version` table; opening runs the missing ones.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "init",
    sql: include_str!("migrations/0001_init.sql"),
}];

/// A hatang store in one SQLite database.
///
/// ```
/// use hatang_store::{SqliteStore, Store};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("hatang.db");
/// let store = SqliteStore::open(&path).unwrap();
/// assert_eq!(store.schema_version().unwrap(), 1);
/// assert_eq!(store.operators().unwrap().len(), 4);
/// store.close().unwrap();
/// assert!(!dir.path().join("hatang.db-wal").exists());
/// ```
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens the database at `path`, creating it if absent and running the
    /// migrations it lacks. Writes nothing when it is up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|e| {
            StoreError::Database(format!("cannot open {}: {e}", path.display()).into())
        })?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A store in memory, gone when dropped (tests, dry runs).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(conn: Connection, path: Option<PathBuf>) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // Connection settings: none of these writes to the file.
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if path.is_some() {
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                // Persistent: recorded in the file header once.
                let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let mut store = SqliteStore { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// Where the database lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The newest migration applied.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema_version(&self.conn)
    }

    /// Closes the database: the write-ahead log is checkpointed into the
    /// main file and removed.
    pub fn close(self) -> Result<(), StoreError> {
        self.conn.close().map_err(|(_, e)| e.into())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let latest = MIGRATIONS.last().map_or(0, |m| m.version);
        let current = schema_version(&self.conn)?;
        if current > latest {
            return Err(StoreError::SchemaTooNew {
                found: current,
                supported: latest,
            });
        }
        if current == latest {
            return Ok(());
        }
        for m in MIGRATIONS {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited.
            if schema_version(&tx)? >= m.version {
                continue;
            }
            let fail = |e: rusqlite::Error| StoreError::Migration {
                version: m.version,
                name: m.name,
                reason: e.to_string(),
            };
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )",
            )
            .map_err(fail)?;
            tx.execute_batch(m.sql).map_err(fail)?;
            tx.execute(
                "INSERT INTO schema_version (version, name, applied_at) \
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                params![m.version, m.name],
            )
            .map_err(fail)?;
            tx.commit().map_err(fail)?;
        }
        Ok(())
    }

    fn list<R: SqlRecord, P: Params>(&self, filter: &str, params: P) -> Result<Vec<R>, StoreError> {
        let m = R::META;
        map_query(
            &self.conn,
            &format!("{} {filter} ORDER BY {}", m.select(), m.order),
            params,
        )
    }

    fn with_operators(
        &self,
        mut sites: Vec<Site>,
        id: Option<&str>,
    ) -> Result<Vec<Site>, StoreError> {
        let mut ops = load_site_operators(&self.conn, id)?;
        for s in &mut sites {
            s.operators = ops.remove(&s.id).unwrap_or_default();
        }
        Ok(sites)
    }

    fn delete_record<R: SqlRecord>(
        &mut self,
        key: Vec<Value>,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let m = R::META;
        let old: Option<R> = tx
            .query_row(&m.select_by_key(), params_from_iter(key.iter()), |r| {
                R::from_row(r)
            })
            .optional()?;
        let Some(mut old) = old else {
            return Ok(false);
        };
        old.complete(&tx)?;
        let res = tx.execute(
            &format!("DELETE FROM {} WHERE {}", m.name, m.key_where(1)),
            params_from_iter(key.iter()),
        );
        if let Err(e) = res {
            let is_fk = matches!(&e, rusqlite::Error::SqliteFailure(f, Some(msg))
                if f.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("FOREIGN KEY"));
            if is_fk {
                let reason = in_use_reason(&tx, R::TABLE, &key)?;
                return Err(StoreError::InUse {
                    table: R::TABLE,
                    id: old.entity_id(),
                    reason,
                });
            }
            return Err(e.into());
        }
        let at: String = tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
            r.get(0)
        })?;
        write_history(&tx, actor, &at, &old, Some(&old), None, Action::Delete)?;
        tx.commit()?;
        Ok(true)
    }
}

fn schema_version(conn: &Connection) -> Result<u32, StoreError> {
    let has: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
        [],
        |r| r.get(0),
    )?;
    if has == 0 {
        return Ok(0);
    }
    let v: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(v).unwrap_or(u32::MAX))
}

/// Runs a query selecting `R::META.cols` and reads every row.
fn map_query<R: SqlRecord, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> Result<Vec<R>, StoreError> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params, |r| R::from_row(r))?;
    Ok(rows.collect::<Result<Vec<R>, _>>()?)
}

/// The operators of every site (or of one), in the order the site lists them.
fn load_site_operators(
    conn: &Connection,
    site: Option<&str>,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT site_id, operator_id FROM site_operators \
         WHERE ?1 IS NULL OR site_id = ?1 ORDER BY site_id, position",
    )?;
    let rows = st.query_map([site], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let (s, o) = row?;
        out.entry(s).or_default().push(o);
    }
    Ok(out)
}

fn count(conn: &Connection, sql: &str, key: &[Value]) -> Result<i64, StoreError> {
    Ok(conn.query_row(sql, params_from_iter(key.iter()), |r| r.get(0))?)
}

/// Why a record can't be deleted: what still refers to it.
fn in_use_reason(conn: &Connection, table: Table, key: &[Value]) -> Result<String, StoreError> {
    Ok(match table {
        Table::Sites => format!(
            "{} sector(s) are on it",
            count(conn, "SELECT count(*) FROM sectors WHERE site_id = ?1", key)?
        ),
        Table::Operators => format!(
            "{} site(s) and {} sector(s) use it",
            count(
                conn,
                "SELECT count(*) FROM site_operators WHERE operator_id = ?1",
                key
            )?,
            count(conn, "SELECT count(*) FROM sectors WHERE operator = ?1", key)?
        ),
        Table::Units => format!(
            "{} mapping(s) and {} indicator value(s) refer to it",
            count(
                conn,
                "SELECT count(*) FROM unit_mappings WHERE (old_level = ?1 AND old_code = ?2 AND old_valid_from = ?3) \
                 OR (new_level = ?1 AND new_code = ?2 AND new_valid_from = ?3)",
                key
            )?,
            count(
                conn,
                "SELECT count(*) FROM indicators WHERE level = ?1 AND code = ?2 AND valid_from = ?3",
                key
            )?
        ),
        _ => "other records refer to it".to_string(),
    })
}

fn bad_id(table: Table, id: &str) -> impl FnOnce(String) -> StoreError + '_ {
    move |reason| StoreError::BadId {
        table,
        id: id.to_string(),
        reason,
    }
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn apply_with(
        &mut self,
        dataset: &Dataset,
        actor: &str,
        options: ApplyOptions,
    ) -> Result<ApplySummary, StoreError> {
        apply::apply(&mut self.conn, dataset, actor, options)
    }

    fn delete(&mut self, table: Table, entity_id: &str, actor: &str) -> Result<bool, StoreError> {
        let id = vec![text(entity_id)];
        match table {
            Table::Units => {
                let k = parse_unit_key(entity_id).map_err(bad_id(table, entity_id))?;
                self.delete_record::<AdminUnit>(unit_key_values(&k).to_vec(), actor)
            }
            Table::Mappings => {
                let (o, n) = parse_mapping_id(entity_id).map_err(bad_id(table, entity_id))?;
                let mut key = unit_key_values(&o).to_vec();
                key.extend(unit_key_values(&n));
                self.delete_record::<UnitMapping>(key, actor)
            }
            Table::Indicators => {
                let (u, k, p) = parse_indicator_id(entity_id).map_err(bad_id(table, entity_id))?;
                let mut key = unit_key_values(&u).to_vec();
                key.push(text(&k));
                key.push(text(&p));
                self.delete_record::<Indicator>(key, actor)
            }
            Table::Villages => self.delete_record::<Village>(id, actor),
            Table::Operators => self.delete_record::<Operator>(id, actor),
            Table::Sites => self.delete_record::<Site>(id, actor),
            Table::Sectors => self.delete_record::<Sector>(id, actor),
            Table::Zones => self.delete_record::<Zone>(id, actor),
            Table::History => Err(StoreError::Unsupported(
                "history is kept: its rows can't be deleted".into(),
            )),
        }
    }

    fn units(
        &self,
        level: Option<AdminLevel>,
        valid_on: Option<Date>,
    ) -> Result<Vec<AdminUnit>, StoreError> {
        self.list(
            "WHERE (?1 IS NULL OR level = ?1) AND (?2 IS NULL OR \
             (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)))",
            params![level.map(|l| l.as_str()), valid_on.map(|d| d.to_string())],
        )
    }

    fn unit(&self, key: &UnitKey) -> Result<Option<AdminUnit>, StoreError> {
        Ok(map_query(
            &self.conn,
            &AdminUnit::META.select_by_key(),
            params_from_iter(unit_key_values(key).iter()),
        )?
        .pop())
    }

    fn unit_versions(&self, code: &str) -> Result<Vec<AdminUnit>, StoreError> {
        map_query(
            &self.conn,
            &format!(
                "{} WHERE code = ?1 ORDER BY valid_from, level",
                AdminUnit::META.select()
            ),
            [code],
        )
    }

    fn mappings(&self) -> Result<Vec<UnitMapping>, StoreError> {
        self.list("", [])
    }

    fn villages(&self, commune_code: Option<&str>) -> Result<Vec<Village>, StoreError> {
        self.list("WHERE ?1 IS NULL OR commune_code = ?1", [commune_code])
    }

    fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        self.list("", [])
    }

    fn sites(&self) -> Result<Vec<Site>, StoreError> {
        let sites = self.list("", [])?;
        self.with_operators(sites, None)
    }

    fn site(&self, id: &str) -> Result<Option<Site>, StoreError> {
        let sites = self.list("WHERE id = ?1", [id])?;
        Ok(self.with_operators(sites, Some(id))?.pop())
    }

    fn sectors(
        &self,
        site_id: Option<&str>,
        operator: Option<&str>,
    ) -> Result<Vec<Sector>, StoreError> {
        self.list(
            "WHERE (?1 IS NULL OR site_id = ?1) AND (?2 IS NULL OR operator = ?2)",
            [site_id, operator],
        )
    }

    fn sector(&self, id: &str) -> Result<Option<Sector>, StoreError> {
        Ok(self.list("WHERE id = ?1", [id])?.pop())
    }

    fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        self.list("", [])
    }

    fn indicators(
        &self,
        key: Option<&str>,
        unit: Option<&UnitKey>,
    ) -> Result<Vec<Indicator>, StoreError> {
        let [l, c, f] = match unit {
            Some(u) => unit_key_values(u),
            None => [Value::Null, Value::Null, Value::Null],
        };
        self.list(
            "WHERE (?1 IS NULL OR key = ?1) AND (?2 IS NULL OR \
             (level = ?2 AND code = ?3 AND valid_from = ?4))",
            params![key, l, c, f],
        )
    }

    fn history(
        &self,
        table: Option<Table>,
        entity_id: Option<&str>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, entity, entity_id, action, actor, at, before, after FROM history \
             WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2) ORDER BY id",
        )?;
        let rows = st.query_map(params![table.map(|t| t.as_str()), entity_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                parsed::<Table>(r, 1)?,
                r.get::<_, String>(2)?,
                parsed::<Action>(r, 3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, table, entity_id, action, actor, at, before, after) = row?;
            let json = |s: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
                s.map(|s| {
                    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt {
                        table: Table::History,
                        reason: format!("row {id}: {e}"),
                    })
                })
                .transpose()
            };
            out.push(HistoryEntry {
                id,
                table,
                entity_id,
                action,
                actor,
                at,
                before: json(before)?,
                after: json(after)?,
            });
        }
        Ok(out)
    }

    fn counts(&self) -> Result<BTreeMap<Table, usize>, StoreError> {
        let mut out = BTreeMap::new();
        for t in Table::ALL {
            let n: i64 = self.conn.query_row(
                &format!("SELECT count(*) FROM {}", sql_table(t)),
                [],
                |r| r.get(0),
            )?;
            out.insert(t, n as usize);
        }
        Ok(out)
    }

    fn put_coverage(&mut self, r: &CoverageResult) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO coverage_results (site_id, band_mhz, params_hash, computed_at, width, height, \
             min_lon, min_lat, max_lon, max_lat, raster, meta) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
             ON CONFLICT (site_id, band_mhz, params_hash) DO UPDATE SET \
             computed_at = excluded.computed_at, width = excluded.width, height = excluded.height, \
             min_lon = excluded.min_lon, min_lat = excluded.min_lat, max_lon = excluded.max_lon, \
             max_lat = excluded.max_lat, raster = excluded.raster, meta = excluded.meta",
            params![
                r.site_id,
                r.band_mhz,
                r.params_hash,
                r.computed_at,
                r.width,
                r.height,
                r.bbox.min_lon,
                r.bbox.min_lat,
                r.bbox.max_lon,
                r.bbox.max_lat,
                r.raster,
                serde_json::to_string(&r.meta)?
            ],
        )?;
        Ok(())
    }

    fn coverage(
        &self,
        site_id: &str,
        band_mhz: u32,
        params_hash: &str,
    ) -> Result<Option<CoverageResult>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT computed_at, width, height, min_lon, min_lat, max_lon, max_lat, raster, meta \
                 FROM coverage_results WHERE site_id = ?1 AND band_mhz = ?2 AND params_hash = ?3",
                params![site_id, band_mhz, params_hash],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, u32>(1)?,
                        r.get::<_, u32>(2)?,
                        Bbox::new(r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                        r.get::<_, Vec<u8>>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(computed_at, width, height, bbox, raster, meta)| {
            Ok(CoverageResult {
                site_id: site_id.to_string(),
                band_mhz,
                params_hash: params_hash.to_string(),
                computed_at,
                width,
                height,
                bbox,
                raster,
                meta: serde_json::from_str(&meta)?,
            })
        })
        .transpose()
    }

    fn delete_coverage(&mut self, site_id: &str) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM coverage_results WHERE site_id = ?1", [site_id])?)
    }
}
