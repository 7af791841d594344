//! What an officer reads before acting, beyond the API's queues: a level-2 request beside the
//! registry's record, and a citizen looked up by ID number with every document and its status.
//! Each read is recorded in the audit log (the citizen's "who looked at my data").

use crate::audit::{self, AuditAction};
use crate::error::ApiError;
use crate::registry::RegistryCitizen;
use crate::state::AppState;
use eid_credential::document::{FieldValue, ImageFormat};
use eid_portal_api::account::AccountView;
use eid_portal_api::ErrorCode;
use sqlx::Row;
use std::borrow::Cow;

/// What the citizen entered when registering, as the in-person check compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entered {
    /// The account.
    pub account_id: String,
    /// ID number.
    pub id_number: String,
    /// Full name.
    pub full_name: String,
    /// Date of birth, YYYY-MM-DD.
    pub date_of_birth: String,
    /// Phone number.
    pub phone: String,
    /// When level 2 was asked for (Unix seconds).
    pub requested_at: u64,
    /// `requested`, `approved` or `rejected`.
    pub state: String,
}

/// A level-2 request and the registry's record of its ID number.
pub struct UpgradeCheck<'r> {
    /// What the citizen entered.
    pub entered: Entered,
    /// The registry's record (`None`: the ID number is not in the registry).
    pub registry: Option<Cow<'r, RegistryCitizen>>,
}

impl UpgradeCheck<'_> {
    /// Whether the registry's name and date of birth are the entered ones (documents are issued
    /// on approval only then).
    pub fn matches_registry(&self) -> bool {
        self.registry.as_deref().is_some_and(|r| {
            r.full_name == self.entered.full_name && r.date_of_birth == self.entered.date_of_birth
        })
    }

    /// The registry's portrait (media type and bytes), from the first document carrying one.
    pub fn registry_portrait(&self) -> Option<(&'static str, &[u8])> {
        self.registry.as_deref()?.documents.iter().find_map(|d| {
            match d.get("portrait").or_else(|| d.get("counter_portrait")) {
                Some(FieldValue::Image(bytes)) => {
                    Some((ImageFormat::of(bytes)?.media_type(), bytes.as_slice()))
                }
                _ => None,
            }
        })
    }
}

/// Opens the level-2 request of `account_id` for `officer` (recorded).
pub async fn open_upgrade<'s>(
    state: &'s AppState,
    officer: &str,
    account_id: &str,
) -> Result<UpgradeCheck<'s>, ApiError> {
    let row = sqlx::query(
        "SELECT a.id, a.id_number, a.full_name, a.date_of_birth, a.phone, u.requested_at, u.state
         FROM upgrades u JOIN accounts a ON a.id = u.account_id WHERE a.id = $1",
    )
    .bind(account_id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            "this account has not asked for level 2",
        )
    })?;
    let entered = Entered {
        account_id: row.get(0),
        id_number: row.get(1),
        full_name: row.get(2),
        date_of_birth: row.get(3),
        phone: row.get(4),
        requested_at: row.get::<i64, _>(5) as u64,
        state: row.get(6),
    };
    let registry = state.registry.find(&entered.id_number);
    let account = Some(account_id);
    audit::record_alone(state, officer, AuditAction::ViewedUpgrade, account, account).await?;
    Ok(UpgradeCheck { entered, registry })
}

/// A document as the officer's search lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// The document's id.
    pub id: String,
    /// Its type's name (`citizen_id_card`, …).
    pub doc_type: String,
    /// `current`, `superseded` or `revoked`.
    pub state: String,
    /// When it was issued (Unix seconds).
    pub issued_at: u64,
    /// Why it was revoked.
    pub revoke_reason: Option<String>,
}

/// A citizen found by ID number: the account and every document issued to it, newest first.
pub struct CitizenFile {
    /// The account.
    pub account: AccountView,
    /// When the account's phone was blocked, if it is.
    pub blocked_at: Option<u64>,
    /// Its documents.
    pub documents: Vec<IssuedDocument>,
}

/// Looks a citizen up by ID number for `officer` (recorded when found); `None` when no account
/// has it. The ID number is checked first (12 digits), so no query runs on anything else.
pub async fn find_citizen(
    state: &AppState,
    officer: &str,
    id_number: &str,
) -> Result<Option<CitizenFile>, ApiError> {
    if id_number.len() != 12 || !id_number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::fields(vec![eid_portal_api::FieldError::new(
            "id_number",
            eid_portal_api::FieldCode::NotAnIdNumber,
            "12 digits",
        )]));
    }
    let Some(row) = sqlx::query("SELECT id, blocked_at FROM accounts WHERE id_number = $1")
        .bind(id_number.to_owned())
        .fetch_optional(&state.pool)
        .await?
    else {
        return Ok(None);
    };
    let account_id: String = row.get(0);
    let blocked_at = row.get::<Option<i64>, _>(1).map(|t| t as u64);
    let account = crate::accounts::account_view(state, &account_id).await?;
    let documents = sqlx::query(
        "SELECT id, doc_type, state, issued_at, revoke_reason FROM documents
         WHERE account_id = $1 ORDER BY issued_at DESC, id",
    )
    .bind(account_id.clone())
    .fetch_all(&state.pool)
    .await?
    .iter()
    .map(|r| IssuedDocument {
        id: r.get(0),
        doc_type: r.get(1),
        state: r.get(2),
        issued_at: r.get::<i64, _>(3) as u64,
        revoke_reason: r.get(4),
    })
    .collect();
    let account_ref = Some(account_id.as_str());
    audit::record_alone(
        state,
        officer,
        AuditAction::ViewedAccount,
        account_ref,
        account_ref,
    )
    .await?;
    Ok(Some(CitizenFile {
        account,
        blocked_at,
        documents,
    }))
}

/// Blocks the phone of `account_id` after `officer`'s in-person check (lost or stolen): every
/// current document becomes `blocked` (set in the status list, so counters refuse the phone's
/// presentations as revoked), its sessions end, and it can sign in no more. Moving the account
/// to a new phone lifts the block and re-issues the documents there. Returns how many
/// documents were blocked; `wrong_state` when the phone is blocked already.
pub async fn block_phone(
    state: &AppState,
    officer: &str,
    account_id: &str,
    reason: &str,
) -> Result<usize, ApiError> {
    let reason =
        crate::routes::officer::reason_text(Some(reason), "say why (at most 500 characters)")?;
    let now = state.now();
    let mut tx = state.begin_write().await?;
    let blocked =
        sqlx::query("UPDATE accounts SET blocked_at = $1 WHERE id = $2 AND blocked_at IS NULL")
            .bind(now as i64)
            .bind(account_id.to_owned())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if blocked == 0 {
        drop(tx);
        crate::accounts::account_view(state, account_id).await?;
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this phone is blocked already",
        ));
    }
    let documents = sqlx::query(
        "UPDATE documents SET state = 'blocked', revoke_reason = $1
         WHERE account_id = $2 AND state = 'current' RETURNING id",
    )
    .bind(reason)
    .bind(account_id.to_owned())
    .fetch_all(&mut *tx)
    .await?;
    for d in &documents {
        let id: String = d.get(0);
        crate::events::push(
            &mut tx,
            account_id,
            crate::events::EventKind::Document,
            &id,
            now,
        )
        .await?;
    }
    if !documents.is_empty() {
        crate::issuer::status_changed(&mut tx, state).await?;
    }
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND kind = 'citizen'")
        .bind(account_id.to_owned())
        .execute(&mut *tx)
        .await?;
    let account = Some(account_id);
    audit::record(
        &mut tx,
        now,
        officer,
        AuditAction::BlockedPhone,
        account,
        account,
    )
    .await?;
    tx.commit().await?;
    Ok(documents.len())
}
