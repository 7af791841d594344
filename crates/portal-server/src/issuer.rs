//! Issuing: documents signed by the portal's issuer key for an account's device key, the signed
//! trust list, and the signed status list built from every document that is no longer current.

use crate::error::ApiError;
use crate::events::{self, EventKind};
use crate::keys::PortalKeys;
use crate::state::AppState;
use crate::trust_cache::{Signed, Version};
use eid_credential::{
    DocType, Document, IssuerEntry, PublicKey, Signer, StatusList, StatusListToken, TrustList,
    Validity,
};
use eid_portal_api::documents::TrustWire;
use eid_portal_api::ErrorCode;
use sqlx::{Any, Row, Transaction};
use std::sync::Arc;

const DAY: u64 = 86_400;
const YEAR: u64 = 365 * DAY;
/// How long an issued document is valid.
pub const DOCUMENT_YEARS: u64 = 5;
/// Smallest status list served (entries); it grows in powers of two.
pub const MIN_STATUS_ENTRIES: u64 = 1 << 17;
/// How long a signed status list is valid.
pub const STATUS_LIST_SECONDS: u64 = DAY;

/// The name of the portal's issuer in its trust list.
pub const ISSUER_NAME: &str = "eID Portal (reference issuer)";

fn internal(what: &str) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("could not {what}"))
}

/// Signs `document` for `holder`, stores it as current for `account_id` and adds a feed event.
/// `source` says where it came from (`registry`, `reissue:<old id>`, `application:<id>`).
pub async fn issue_to(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    account_id: &str,
    holder: &PublicKey,
    document: &Document,
    source: &str,
) -> Result<String, ApiError> {
    let now = state.now();
    let status_index = events::bump(tx, "status_index").await?;
    let validity = Validity {
        issued_at: now,
        not_before: now,
        expires_at: now + DOCUMENT_YEARS * YEAR,
    };
    let issued = eid_credential::issue(
        document,
        &state.keys.issuer,
        holder,
        validity,
        status_index,
        &mut rand_core::OsRng,
    )
    .map_err(|_| internal("sign the document"))?;
    let id = state.random_hex(16);
    sqlx::query(
        "INSERT INTO documents (id, account_id, doc_type, issued, status_index, source, state, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'current', $7)",
    )
    .bind(id.clone())
    .bind(account_id.to_owned())
    .bind(document.doc_type().name())
    .bind(hex::encode(issued.to_bytes()))
    .bind(status_index as i64)
    .bind(source.to_owned())
    .bind(now as i64)
    .execute(&mut **tx)
    .await?;
    events::push(tx, account_id, EventKind::Document, &id, now).await?;
    Ok(id)
}

/// Re-issues every current document of `account_id` to `holder` (a new device after a restore)
/// and marks the old copies superseded, which revokes them in the status list.
pub async fn reissue_all(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    account_id: &str,
    holder: &PublicKey,
) -> Result<usize, ApiError> {
    let rows =
        sqlx::query("SELECT id, issued FROM documents WHERE account_id = $1 AND state IN ('current', 'blocked')")
            .bind(account_id.to_owned())
            .fetch_all(&mut **tx)
            .await?;
    if !rows.is_empty() {
        status_changed(tx, state).await?;
    }
    for row in &rows {
        let old_id: String = row.get(0);
        let bytes =
            hex::decode(row.get::<String, _>(1)).map_err(|_| internal("read a document"))?;
        let (_, document) = eid_credential::IssuedDocument::from_bytes(&bytes)
            .and_then(|d| d.open())
            .map_err(|_| internal("read a document"))?;
        sqlx::query("UPDATE documents SET state = 'superseded' WHERE id = $1")
            .bind(old_id.clone())
            .execute(&mut **tx)
            .await?;
        issue_to(
            tx,
            state,
            account_id,
            holder,
            &document,
            &format!("reissue:{old_id}"),
        )
        .await?;
    }
    Ok(rows.len())
}

/// The trust list: the portal's issuer key, for every document type, signed now.
pub fn trust_list(keys: &PortalKeys, now: u64) -> TrustList {
    TrustList {
        issued_at: now,
        next_update: now + 7 * DAY,
        issuers: vec![IssuerEntry {
            kid: keys.issuer.public_key().key_id(),
            name: ISSUER_NAME.to_owned(),
            key: keys.issuer.public_key().clone(),
            not_before: keys.created_at.saturating_sub(DAY),
            not_after: keys.created_at + 10 * YEAR,
            doc_types: DocType::ALL.to_vec(),
        }],
    }
}

/// The status list's size when `issued` indexes were handed out: a power of two, at least
/// [`MIN_STATUS_ENTRIES`].
pub fn status_entries(issued: u64) -> u64 {
    (issued + 1).next_power_of_two().max(MIN_STATUS_ENTRIES)
}

/// The status list of `entries` entries, signed at `now`: every document and printed card that
/// is no longer current has its index set.
pub async fn status_list(
    state: &AppState,
    entries: u64,
    now: u64,
) -> Result<StatusListToken, ApiError> {
    let mut list = StatusList::new(entries as usize);
    let rows = sqlx::query(
        "SELECT status_index FROM documents WHERE state <> 'current'
         UNION ALL SELECT status_index FROM printed_cards WHERE state <> 'current'",
    )
    .fetch_all(&state.pool)
    .await?;
    for row in rows {
        list.revoke(row.get::<i64, _>(0) as u64);
    }
    Ok(StatusListToken {
        issuer: state.keys.issuer.public_key().key_id(),
        issued_at: now,
        expires_at: now + STATUS_LIST_SECONDS,
        list,
    })
}

/// Records, inside the transaction that revokes a status-list entry, that the status list
/// changed (`status_version`), and makes this process's [`TrustCache`](crate::trust_cache)
/// look again.
pub async fn status_changed(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
) -> Result<(), ApiError> {
    events::bump(tx, "status_version").await?;
    state.trust.invalidate();
    Ok(())
}

/// The signed trust bundle this process serves (`GET /v1/trust`), from its cache.
pub async fn trust_bundle(state: &AppState) -> Result<Arc<Signed>, ApiError> {
    let now = state.now();
    state
        .trust
        .get(
            now,
            || bundle_version(state),
            |v| sign_bundle(state, v, now),
        )
        .await
}

async fn bundle_version(state: &AppState) -> Result<Version, ApiError> {
    let rows = sqlx::query(
        "SELECT name, value FROM counters WHERE name IN ('status_index', 'status_version')",
    )
    .fetch_all(&state.pool)
    .await?;
    let value = |name: &str| {
        rows.iter()
            .find(|r| r.get::<String, _>(0) == name)
            .map_or(0, |r| r.get::<i64, _>(1) as u64)
    };
    Ok((
        value("status_version"),
        status_entries(value("status_index")),
    ))
}

async fn sign_bundle(state: &AppState, version: Version, now: u64) -> Result<Signed, ApiError> {
    let status = status_list(state, version.1, now).await?;
    let list = trust_list(&state.keys, now)
        .sign(&state.keys.root)
        .map_err(|_| internal("sign the trust list"))?;
    let signed_status = status
        .sign(&state.keys.root)
        .map_err(|_| internal("sign the status list"))?;
    let wire = TrustWire {
        root_key: hex::encode(state.keys.root.public_key().compressed()),
        trust_list: hex::encode(list),
        status_lists: vec![hex::encode(signed_status)],
    };
    let body = serde_json::to_vec(&wire).map_err(|_| internal("write the lists"))?;
    Ok(Signed::new(version, now, body, status))
}
