//! Audited writes: sites and sectors (operators their own, admins all),
//! API keys (admins), and the history they leave.
//!
//! Every site or sector write goes through `Store::apply` or
//! `Store::delete` with the key's name as the actor, so the store's
//! history table records who, what, when, before and after. Key changes
//! are logged in the key file (see [`crate::auth`]).

use crate::auth::{Caller, KeyAuditEntry, KeyInfo, Role};
use crate::error::ApiError;
use crate::extract::{shorten, JsonBody, Params};
use crate::features::json_response;
use crate::snapshot::{Changes, Snapshot};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hatang_core::model::{Dataset, Sector, Site};
use hatang_store::{Store, Table};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn may_write(caller: &Caller) -> Result<(), ApiError> {
    caller.require_key()?;
    if caller.is_admin() || caller.operator().is_some() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only operator keys (their own sites) and admin keys may change sites and sectors",
        ))
    }
}

fn not_yours(what: &str) -> ApiError {
    ApiError::forbidden(format!("an operator may change only its own {what}"))
}

fn check_site_ownership(caller: &Caller, site: &Site) -> Result<(), ApiError> {
    if caller.is_admin() {
        return Ok(());
    }
    let op = caller.operator().ok_or_else(|| not_yours("sites"))?;
    if site.owner == op && site.operators.iter().any(|o| o == op) {
        Ok(())
    } else {
        Err(not_yours("sites (owner and operators must include it)"))
    }
}

fn check_sector_ownership(
    caller: &Caller,
    store: &dyn Store,
    sector: &Sector,
) -> Result<(), ApiError> {
    if caller.is_admin() {
        return Ok(());
    }
    let op = caller.operator().ok_or_else(|| not_yours("sectors"))?;
    if sector.operator != op {
        return Err(not_yours("sectors"));
    }
    if let Some(site) = store.site(&sector.site_id)? {
        if !site.operators.iter().any(|o| o == op) {
            return Err(ApiError::forbidden(format!(
                "site '{}' does not list operator '{op}'",
                site.id
            )));
        }
    }
    Ok(())
}

fn created(location: String, body: serde_json::Value) -> Response {
    let mut r = json_response(&body, "application/json");
    *r.status_mut() = StatusCode::CREATED;
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn apply_one(store: &mut dyn Store, ds: Dataset, actor: &str) -> Result<Changes, ApiError> {
    store.apply(&ds, actor)?;
    Ok(Changes {
        sites: ds.sites,
        sectors: ds.sectors,
        ..Default::default()
    })
}

/// `POST /sites`.
pub(crate) async fn create_site(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(site): JsonBody<Site>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    check_site_ownership(&caller, &site)?;
    let id = site.id.clone();
    let body = serde_json::to_value(&site).unwrap_or_default();
    state
        .write(
            move |store, caller, _snap| {
                if store.site(&site.id)?.is_some() {
                    return Err(ApiError::conflict(format!(
                        "site '{}' exists: PUT /sites/{{id}} changes it",
                        shorten(&site.id)
                    )));
                }
                let ds = Dataset {
                    sites: vec![site],
                    ..Default::default()
                };
                apply_one(store, ds, &caller.actor())
            },
            caller,
        )
        .await?;
    Ok(created(format!("/sites/{id}"), body))
}

/// `PUT /sites/{id}`.
pub(crate) async fn update_site(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(site): JsonBody<Site>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    if site.id != id {
        return Err(ApiError::bad_request(format!(
            "the body's id '{}' differs from the path's '{}'",
            shorten(&site.id),
            shorten(&id)
        )));
    }
    check_site_ownership(&caller, &site)?;
    let body = serde_json::to_value(&site).unwrap_or_default();
    state
        .write(
            move |store, caller, _snap| {
                let Some(old) = store.site(&id)? else {
                    return Err(ApiError::not_found(format!("no site '{}'", shorten(&id))));
                };
                check_site_ownership(caller, &old)?;
                let ds = Dataset {
                    sites: vec![site],
                    ..Default::default()
                };
                apply_one(store, ds, &caller.actor())
            },
            caller,
        )
        .await?;
    Ok(json_response(&body, "application/json"))
}

/// `DELETE /sites/{id}`.
pub(crate) async fn delete_site(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    state
        .write(
            move |store, caller, _snap| {
                let Some(old) = store.site(&id)? else {
                    return Err(ApiError::not_found(format!("no site '{}'", shorten(&id))));
                };
                check_site_ownership(caller, &old)?;
                if !store.sectors(Some(&id), None)?.is_empty() {
                    return Err(ApiError::conflict(format!(
                        "site '{}' still has sectors: delete them first",
                        shorten(&id)
                    )));
                }
                store.delete(Table::Sites, &id, &caller.actor())?;
                Ok(Changes {
                    site_deletes: vec![id],
                    ..Default::default()
                })
            },
            caller,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /sectors`.
pub(crate) async fn create_sector(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(sector): JsonBody<Sector>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let id = sector.id.clone();
    let body = serde_json::to_value(&sector).unwrap_or_default();
    state
        .write(
            move |store, caller, snap| {
                check_sector_ownership(caller, store, &sector)?;
                if find_sector(store, snap, &sector.id)?.is_some() {
                    return Err(ApiError::conflict(format!(
                        "sector '{}' exists: PUT /sectors/{{id}} changes it",
                        shorten(&sector.id)
                    )));
                }
                let ds = Dataset {
                    sectors: vec![sector],
                    ..Default::default()
                };
                apply_one(store, ds, &caller.actor())
            },
            caller,
        )
        .await?;
    Ok(created(format!("/sectors/{id}"), body))
}

/// The stored sector `id`: the snapshot says on which site it hangs, the
/// store gives the record.
fn find_sector(store: &dyn Store, snap: &Snapshot, id: &str) -> Result<Option<Sector>, ApiError> {
    let Some(site) = snap
        .data
        .sectors
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.site_id.clone())
    else {
        return Ok(None);
    };
    Ok(store
        .sectors(Some(&site), None)?
        .into_iter()
        .find(|s| s.id == id))
}

/// `PUT /sectors/{id}`.
pub(crate) async fn update_sector(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(sector): JsonBody<Sector>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    if sector.id != id {
        return Err(ApiError::bad_request(format!(
            "the body's id '{}' differs from the path's '{}'",
            shorten(&sector.id),
            shorten(&id)
        )));
    }
    let body = serde_json::to_value(&sector).unwrap_or_default();
    state
        .write(
            move |store, caller, snap| {
                let Some(old) = find_sector(store, snap, &id)? else {
                    return Err(ApiError::not_found(format!("no sector '{}'", shorten(&id))));
                };
                check_sector_ownership(caller, store, &old)?;
                check_sector_ownership(caller, store, &sector)?;
                let ds = Dataset {
                    sectors: vec![sector],
                    ..Default::default()
                };
                apply_one(store, ds, &caller.actor())
            },
            caller,
        )
        .await?;
    Ok(json_response(&body, "application/json"))
}

/// `DELETE /sectors/{id}`.
pub(crate) async fn delete_sector(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    state
        .write(
            move |store, caller, snap| {
                let Some(old) = find_sector(store, snap, &id)? else {
                    return Err(ApiError::not_found(format!("no sector '{}'", shorten(&id))));
                };
                check_sector_ownership(caller, store, &old)?;
                store.delete(Table::Sectors, &id, &caller.actor())?;
                Ok(Changes {
                    sector_deletes: vec![id],
                    ..Default::default()
                })
            },
            caller,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /history`: the store's change history (agency and admin keys).
pub(crate) async fn history(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    caller.require_reads_all()?;
    let table = params
        .single("table")?
        .map(|t| {
            t.parse::<Table>()
                .map_err(|e| ApiError::bad_request(shorten(&e)))
        })
        .transpose()?;
    let id = params.single("id")?.map(str::to_string);
    let limit = params.uint("limit", 100, 1, 10_000, true)?;
    let offset = params.uint("offset", 0, 0, usize::MAX / 2, false)?;
    let entries = state
        .read_store(move |store| Ok(store.history(table, id.as_deref())?))
        .await?;
    let total = entries.len();
    // Newest first.
    let page: Vec<_> = entries.into_iter().rev().skip(offset).take(limit).collect();
    Ok(json_response(
        &json!({"numberMatched": total, "numberReturned": page.len(), "entries": page}),
        "application/json",
    ))
}

/// Body of `POST /admin/keys`.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct NewKey {
    /// Who the key is for (the actor name in the audit log).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*\\S[^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// Role.
    pub role: Role,
    /// Operator id, required for (and only for) an operator key.
    #[serde(default)]
    #[schema(nullable)]
    pub operator: Option<String>,
}

/// Answer of `POST /admin/keys`: the key, shown once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedKey {
    /// The secret key to hand over; only its hash is kept.
    pub key: String,
    /// The record.
    pub info: KeyInfo,
}

/// `GET /admin/keys`.
pub(crate) async fn list_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    let keys = state.inner.keys.list();
    Ok(json_response(&json!({"keys": keys}), "application/json"))
}

/// `POST /admin/keys`.
pub(crate) async fn create_key(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewKey>,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    let name = req.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "name must be 1–100 characters without control characters",
        ));
    }
    let operator = match (&req.role, req.operator) {
        (Role::Operator, Some(op)) => {
            let known = state.snapshot().data.operators.iter().any(|o| o.id == op);
            if !known {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("unknown operator '{}'", shorten(&op)),
                ));
            }
            Some(op)
        }
        (Role::Operator, None) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "an operator key needs 'operator'",
            ))
        }
        (_, Some(_)) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "only an operator key has 'operator'",
            ))
        }
        (_, None) => None,
    };
    let actor = caller.actor();
    let keys = state.clone();
    let (info, key) = tokio::task::spawn_blocking(move || {
        keys.inner.keys.create(&name, req.role, operator, &actor)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let body = serde_json::to_value(CreatedKey {
        key,
        info: info.clone(),
    })
    .unwrap_or_default();
    Ok(created(format!("/admin/keys/{}", info.id), body))
}

/// `DELETE /admin/keys/{id}`.
pub(crate) async fn delete_key(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    let actor = caller.actor();
    let s = state.clone();
    let id2 = id.clone();
    let r = tokio::task::spawn_blocking(move || s.inner.keys.delete(&id2, &actor))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))??;
    match r {
        Some(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        None => Err(ApiError::not_found(format!("no key '{}'", shorten(&id)))),
    }
}

/// `GET /admin/keys/log`: the key-management audit log.
pub(crate) async fn key_log(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    let log: Vec<KeyAuditEntry> = state.inner.keys.log();
    Ok(json_response(&json!({"entries": log}), "application/json"))
}
