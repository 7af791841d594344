//! The audit log: every officer action, reads among them (who, when, what, on whom), written in
//! the same transaction as the action, or alone for a read. Supervisors read it in the console.

use crate::error::ApiError;
use crate::state::AppState;
use sqlx::{Any, Row, Transaction};

/// What an officer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// Signed in (console or API).
    SignedIn,
    /// Opened a level-2 request (the citizen's entries and the registry record).
    ViewedUpgrade,
    /// Approved a level-2 request.
    ApprovedUpgrade,
    /// Rejected a level-2 request.
    RejectedUpgrade,
    /// Opened an application.
    ViewedApplication,
    /// Claimed an application.
    ClaimedApplication,
    /// Approved an application.
    ApprovedApplication,
    /// Rejected an application.
    RejectedApplication,
    /// Looked a citizen up by ID number and saw their documents.
    ViewedAccount,
    /// Revoked a document.
    RevokedDocument,
    /// Blocked a citizen's lost or stolen phone.
    BlockedPhone,
}

impl AuditAction {
    /// Every action, in the order of the catalogues.
    pub const ALL: [AuditAction; 11] = [
        AuditAction::SignedIn,
        AuditAction::ViewedUpgrade,
        AuditAction::ApprovedUpgrade,
        AuditAction::RejectedUpgrade,
        AuditAction::ViewedApplication,
        AuditAction::ClaimedApplication,
        AuditAction::ApprovedApplication,
        AuditAction::RejectedApplication,
        AuditAction::ViewedAccount,
        AuditAction::RevokedDocument,
        AuditAction::BlockedPhone,
    ];

    /// What the citizen is told of this action in their wallet's activity log ("who looked at
    /// my data"): the reads of their data. Decisions reach them as the changes they make.
    pub fn access(self) -> Option<eid_portal_api::applications::AccessAction> {
        use eid_portal_api::applications::AccessAction;
        match self {
            AuditAction::ViewedUpgrade => Some(AccessAction::OpenedUpgrade),
            AuditAction::ViewedApplication => Some(AccessAction::OpenedApplication),
            AuditAction::ViewedAccount => Some(AccessAction::LookedUpAccount),
            _ => None,
        }
    }

    /// The action of a stored code.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The stored code (stable; the console's catalogues name each one).
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::ViewedUpgrade => "viewed_upgrade",
            AuditAction::ApprovedUpgrade => "approved_upgrade",
            AuditAction::RejectedUpgrade => "rejected_upgrade",
            AuditAction::ViewedApplication => "viewed_application",
            AuditAction::ClaimedApplication => "claimed_application",
            AuditAction::ApprovedApplication => "approved_application",
            AuditAction::RejectedApplication => "rejected_application",
            AuditAction::ViewedAccount => "viewed_account",
            AuditAction::RevokedDocument => "revoked_document",
            AuditAction::BlockedPhone => "blocked_phone",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its place in the log.
    pub seq: u64,
    /// When, in Unix seconds.
    pub at: u64,
    /// The officer's user name.
    pub actor: String,
    /// The action's code ([`AuditAction::code`]).
    pub action: String,
    /// The citizen's account, when the action was on one.
    pub account_id: Option<String>,
    /// The application, document or account acted on.
    pub ref_id: Option<String>,
    /// The citizen's name and ID number, when the action was on an account that still exists.
    pub citizen: Option<(String, String)>,
}

/// Records `action` inside the caller's transaction; a read of a citizen's data also goes into
/// that citizen's change feed.
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    now: u64,
    actor: &str,
    action: AuditAction,
    account_id: Option<&str>,
    ref_id: Option<&str>,
) -> Result<(), ApiError> {
    let seq = crate::events::bump(tx, "audit").await?;
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, account_id, ref_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(seq as i64)
    .bind(now as i64)
    .bind(actor.to_owned())
    .bind(action.code())
    .bind(account_id.map(str::to_owned))
    .bind(ref_id.map(str::to_owned))
    .execute(&mut **tx)
    .await?;
    if let (Some(_), Some(account)) = (action.access(), account_id) {
        crate::events::push(
            tx,
            account,
            crate::events::EventKind::Access,
            &seq.to_string(),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Records `action` in a transaction of its own (a read, a sign-in).
pub async fn record_alone(
    state: &AppState,
    actor: &str,
    action: AuditAction,
    account_id: Option<&str>,
    ref_id: Option<&str>,
) -> Result<(), ApiError> {
    let mut tx = state.begin_write().await?;
    record(&mut tx, state.now(), actor, action, account_id, ref_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Lines per page of [`page`].
pub const PAGE_SIZE: i64 = 50;

/// Page `n` (from 0) of the log, newest first, and whether an older page exists.
pub async fn page(state: &AppState, n: u32) -> Result<(Vec<AuditEntry>, bool), ApiError> {
    let rows = sqlx::query(
        "SELECT l.seq, l.at, l.actor, l.action, l.account_id, l.ref_id, a.full_name, a.id_number
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
         ORDER BY l.seq DESC LIMIT $1 OFFSET $2",
    )
    .bind(PAGE_SIZE + 1)
    .bind(i64::from(n) * PAGE_SIZE)
    .fetch_all(&state.pool)
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    Ok((
        rows.iter()
            .take(PAGE_SIZE as usize)
            .map(|r| AuditEntry {
                seq: r.get::<i64, _>(0) as u64,
                at: r.get::<i64, _>(1) as u64,
                actor: r.get(2),
                action: r.get(3),
                account_id: r.get(4),
                ref_id: r.get(5),
                citizen: match (r.get::<Option<String>, _>(6), r.get::<Option<String>, _>(7)) {
                    (Some(name), Some(id_number)) => Some((name, id_number)),
                    _ => None,
                },
            })
            .collect(),
        more,
    ))
}
