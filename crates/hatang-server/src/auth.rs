//! API keys: roles, the hashed key file and the [`Caller`] every handler
//! gets.
//!
//! A key is `htk_<id>_<secret>`: `id` (8 hex digits) finds the record,
//! `secret` (32 random bytes, 64 hex digits) proves it. Only a salted
//! SHA-256 of the secret is stored (`sha256(salt ‖ secret)`, a 16-byte
//! random salt per key), compared in constant time.
//!
//! Why SHA-256 and not argon2: argon2's cost exists to slow down guessing
//! of *low-entropy* secrets (passwords). These secrets are 256 random bits
//! made by the server, so no amount of guessing finds one whatever the
//! hash costs, while a deliberately slow hash would add tens of
//! milliseconds and a large memory allocation to every authenticated
//! request (and let anyone with a made-up key burn server CPU). A salted
//! SHA-256 keeps a leaked key file useless and checks a key in a
//! microsecond.
//!
//! The records live in `keys.json` in the data directory, rewritten
//! atomically (temporary file, fsync, rename) on every change, together
//! with the audit log of key management (who, what, when, before, after).
//! Without a data directory they are kept in memory only.

use crate::error::{ApiError, ServerError};
use crate::util::now_iso;
use arc_swap::ArcSwap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a key may do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Another agency: reads everything (sector powers, tilts, antennas,
    /// history), writes nothing.
    Agency,
    /// A mobile operator: reads the public data and its own sites and
    /// sectors in full, and changes only its own sites and sectors.
    Operator,
    /// The department's administrator: manages keys; reads and writes
    /// everything.
    Admin,
}

impl Role {
    /// The lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Agency => "agency",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No key: the public.
    Public,
    /// A valid key.
    Key {
        /// The key's id.
        id: String,
        /// The key's name (the actor in the audit log).
        name: String,
        /// Its role.
        role: Role,
        /// For an operator key, the operator id.
        operator: Option<String>,
    },
}

impl Caller {
    /// Whether the caller reads everything (agency or admin).
    pub fn reads_all(&self) -> bool {
        matches!(
            self,
            Caller::Key {
                role: Role::Agency | Role::Admin,
                ..
            }
        )
    }

    /// The operator of an operator key.
    pub fn operator(&self) -> Option<&str> {
        match self {
            Caller::Key {
                role: Role::Operator,
                operator,
                ..
            } => operator.as_deref(),
            _ => None,
        }
    }

    /// Whether this is an admin key.
    pub fn is_admin(&self) -> bool {
        matches!(
            self,
            Caller::Key {
                role: Role::Admin,
                ..
            }
        )
    }

    /// Whether the caller sees the full record of a feature that belongs to
    /// `operators`.
    pub fn sees_full(&self, operators: &[String]) -> bool {
        self.reads_all()
            || self
                .operator()
                .is_some_and(|o| operators.iter().any(|x| x == o))
    }

    /// The actor name written to the audit log.
    pub fn actor(&self) -> String {
        match self {
            Caller::Public => "public".into(),
            Caller::Key { name, .. } => name.clone(),
        }
    }

    /// Requires any key (401 otherwise).
    pub fn require_key(&self) -> Result<(), ApiError> {
        match self {
            Caller::Public => Err(ApiError::unauthorized(
                "this needs an API key (Authorization: Bearer <key> or X-API-Key: <key>)",
            )),
            Caller::Key { .. } => Ok(()),
        }
    }

    /// Requires an agency or admin key.
    pub fn require_reads_all(&self) -> Result<(), ApiError> {
        self.require_key()?;
        if self.reads_all() {
            Ok(())
        } else {
            Err(ApiError::forbidden("this needs an agency or admin key"))
        }
    }

    /// Requires an admin key.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        self.require_key()?;
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden("this needs an admin key"))
        }
    }
}

/// A stored key record (no secret: only its salted hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    /// Public id (8 hex digits), part of the key.
    pub id: String,
    /// Name: a person or organisation; the actor in the audit log.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Operator id for an operator key.
    pub operator: Option<String>,
    /// Salt, hex.
    pub salt: String,
    /// SHA-256(salt ‖ secret), hex.
    pub hash: String,
    /// When it was made (UTC, ISO 8601).
    pub created_at: String,
    /// Who made it.
    pub created_by: String,
}

/// A key as listed (no hash, no salt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyInfo {
    /// Public id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Operator id for an operator key.
    #[schema(nullable)]
    pub operator: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// Who made it.
    pub created_by: String,
}

impl From<&KeyRecord> for KeyInfo {
    fn from(r: &KeyRecord) -> Self {
        KeyInfo {
            id: r.id.clone(),
            name: r.name.clone(),
            role: r.role.clone(),
            operator: r.operator.clone(),
            created_at: r.created_at.clone(),
            created_by: r.created_by.clone(),
        }
    }
}

/// One change to the keys (the key-management audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyAuditEntry {
    /// Sequence number.
    pub id: u64,
    /// "insert" or "delete".
    pub action: String,
    /// The key's id.
    pub key_id: String,
    /// Who did it.
    pub actor: String,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// The key before (absent for an insert).
    #[schema(nullable)]
    pub before: Option<KeyInfo>,
    /// The key after (absent for a delete).
    #[schema(nullable)]
    pub after: Option<KeyInfo>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    keys: Vec<KeyRecord>,
    #[serde(default)]
    log: Vec<KeyAuditEntry>,
}

const FORMAT: &str = "hatang-keys/1";

/// The keys, read lock-free (an atomically swapped snapshot) and written
/// under a mutex to the key file.
pub struct KeyStore {
    path: Option<PathBuf>,
    current: ArcSwap<KeyFile>,
    write: Mutex<()>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore")
            .field("path", &self.path)
            .field("keys", &self.current.load().keys.len())
            .finish()
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random source works");
    b
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn digest(salt: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(secret.as_bytes());
    hex(&h.finalize())
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl KeyStore {
    /// Keys kept in memory only.
    pub fn in_memory() -> Self {
        Self {
            path: None,
            current: ArcSwap::from_pointee(KeyFile {
                format: FORMAT.into(),
                ..Default::default()
            }),
            write: Mutex::new(()),
        }
    }

    /// Keys kept in `dir/keys.json` (read now if it exists).
    pub fn open(dir: &Path) -> Result<Self, ServerError> {
        let path = dir.join("keys.json");
        let file = match std::fs::read(&path) {
            Ok(bytes) => {
                let f: KeyFile =
                    serde_json::from_slice(&bytes).map_err(|e| ServerError::KeyFile {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    })?;
                if f.format != FORMAT {
                    return Err(ServerError::KeyFile {
                        path: path.display().to_string(),
                        reason: format!("format '{}', expected '{FORMAT}'", f.format),
                    });
                }
                f
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => KeyFile {
                format: FORMAT.into(),
                ..Default::default()
            },
            Err(e) => {
                return Err(ServerError::Io {
                    what: format!("reading {}", path.display()),
                    source: e,
                })
            }
        };
        Ok(Self {
            path: Some(path),
            current: ArcSwap::from_pointee(file),
            write: Mutex::new(()),
        })
    }

    /// Where the keys are written, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Checks a presented key: `Ok(Caller::Key)` or 401.
    pub fn authenticate(&self, presented: &str) -> Result<Caller, ApiError> {
        let bad = || ApiError::unauthorized("the API key is not valid");
        let rest = presented.trim().strip_prefix("htk_").ok_or_else(bad)?;
        let (id, secret) = rest.split_once('_').ok_or_else(bad)?;
        let file = self.current.load();
        let rec = file.keys.iter().find(|k| k.id == id).ok_or_else(bad)?;
        if !ct_eq(digest(&rec.salt, secret).as_bytes(), rec.hash.as_bytes()) {
            return Err(bad());
        }
        Ok(Caller::Key {
            id: rec.id.clone(),
            name: rec.name.clone(),
            role: rec.role.clone(),
            operator: rec.operator.clone(),
        })
    }

    /// Every key, without secrets.
    pub fn list(&self) -> Vec<KeyInfo> {
        self.current.load().keys.iter().map(KeyInfo::from).collect()
    }

    /// The key-management audit log, oldest first.
    pub fn log(&self) -> Vec<KeyAuditEntry> {
        self.current.load().log.clone()
    }

    /// Whether any admin key exists.
    pub fn has_admin(&self) -> bool {
        self.current
            .load()
            .keys
            .iter()
            .any(|k| k.role == Role::Admin)
    }

    /// Makes a key; returns its record and the secret key (shown once).
    pub fn create(
        &self,
        name: &str,
        role: Role,
        operator: Option<String>,
        actor: &str,
    ) -> Result<(KeyInfo, String), ServerError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = (**self.current.load()).clone();
        let id = loop {
            let id = hex(&random_bytes::<4>());
            if !file.keys.iter().any(|k| k.id == id) {
                break id;
            }
        };
        let secret = hex(&random_bytes::<32>());
        let salt = hex(&random_bytes::<16>());
        let rec = KeyRecord {
            id: id.clone(),
            name: name.to_string(),
            role,
            operator,
            hash: digest(&salt, &secret),
            salt,
            created_at: now_iso(),
            created_by: actor.to_string(),
        };
        let info = KeyInfo::from(&rec);
        file.keys.push(rec);
        let seq = file.log.last().map_or(1, |e| e.id + 1);
        file.log.push(KeyAuditEntry {
            id: seq,
            action: "insert".into(),
            key_id: id.clone(),
            actor: actor.to_string(),
            at: info.created_at.clone(),
            before: None,
            after: Some(info.clone()),
        });
        self.persist(&file)?;
        self.current.store(Arc::new(file));
        Ok((info, format!("htk_{id}_{secret}")))
    }

    /// Deletes a key. `Ok(None)` if there was none; refuses to delete the
    /// last admin key.
    pub fn delete(&self, id: &str, actor: &str) -> Result<Option<KeyInfo>, ApiError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = (**self.current.load()).clone();
        let Some(pos) = file.keys.iter().position(|k| k.id == id) else {
            return Ok(None);
        };
        if file.keys[pos].role == Role::Admin
            && file.keys.iter().filter(|k| k.role == Role::Admin).count() == 1
        {
            return Err(ApiError::conflict("this is the last admin key"));
        }
        let rec = file.keys.remove(pos);
        let info = KeyInfo::from(&rec);
        let seq = file.log.last().map_or(1, |e| e.id + 1);
        file.log.push(KeyAuditEntry {
            id: seq,
            action: "delete".into(),
            key_id: rec.id.clone(),
            actor: actor.to_string(),
            at: now_iso(),
            before: Some(info.clone()),
            after: None,
        });
        self.persist(&file).map_err(ApiError::from)?;
        self.current.store(Arc::new(file));
        Ok(Some(info))
    }

    fn persist(&self, file: &KeyFile) -> Result<(), ServerError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let io = |what: &str, e| ServerError::Io {
            what: format!("{what} {}", path.display()),
            source: e,
        };
        let bytes = serde_json::to_vec_pretty(file).map_err(|e| ServerError::KeyFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io("creating the folder of", e))?;
        }
        let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(|e| io("creating", e))?;
            f.write_all(&bytes).map_err(|e| io("writing", e))?;
            f.sync_all().map_err(|e| io("syncing", e))?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
        }
        std::fs::rename(&tmp, path).map_err(|e| io("renaming into", e))?;
        Ok(())
    }
}

/// The key presented by a request, if any: `Authorization: Bearer <key>`
/// or `X-API-Key: <key>`.
pub(crate) fn presented_key(headers: &axum::http::HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("x-api-key") {
        return Some(v.to_str().unwrap_or("").to_string());
    }
    let v = headers.get(axum::http::header::AUTHORIZATION)?;
    let s = v.to_str().unwrap_or("");
    let key = s
        .strip_prefix("Bearer ")
        .or_else(|| s.strip_prefix("bearer "))
        .unwrap_or("");
    Some(key.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let ks = KeyStore::open(dir.path()).unwrap();
        let (info, key) = ks.create("Sở TTTT", Role::Admin, None, "setup").unwrap();
        assert!(key.starts_with(&format!("htk_{}_", info.id)));
        let text = std::fs::read_to_string(dir.path().join("keys.json")).unwrap();
        let secret = key.rsplit('_').next().unwrap();
        assert!(!text.contains(secret), "the secret must not be stored");
        let again = KeyStore::open(dir.path()).unwrap();
        assert!(matches!(
            again.authenticate(&key),
            Ok(Caller::Key {
                role: Role::Admin,
                ..
            })
        ));
        assert!(again.authenticate(&format!("{key}x")).is_err());
        assert!(again.authenticate("htk_nope_nope").is_err());
        assert!(again.authenticate("").is_err());
        assert_eq!(again.log().len(), 1);
        assert!(again.delete(&info.id, "x").is_err(), "last admin stays");
    }
}
