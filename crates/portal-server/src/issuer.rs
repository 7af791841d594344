//! Issuing: documents signed by the portal's issuer key for an account's device key, the signed
//! trust list, and the signed status list built from every document that is no longer current.

use crate::error::ApiError;
use crate::events::{self, EventKind};
use crate::keys::PortalKeys;
use crate::state::AppState;
use eid_credential::{
    DocType, Document, IssuerEntry, PublicKey, Signer, StatusList, StatusListToken, TrustList,
    Validity,
};
use eid_portal_api::ErrorCode;
use sqlx::{Any, Row, Transaction};

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

/// The status list as of now: every superseded or revoked document's index set.
pub async fn status_list(state: &AppState) -> Result<StatusListToken, ApiError> {
    let now = state.now();
    let issued: i64 = sqlx::query("SELECT value FROM counters WHERE name = 'status_index'")
        .fetch_one(&state.pool)
        .await?
        .get(0);
    let entries = (issued as u64 + 1)
        .next_power_of_two()
        .max(MIN_STATUS_ENTRIES);
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
