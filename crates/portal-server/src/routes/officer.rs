//! Officer endpoints: login, the application queue, claim, decide, level-2 requests, and
//! revoking documents. Every handler takes [`OfficerAuth`], so citizens and services get 403.

use crate::accounts::{account_view, upgrade_code};
use crate::audit::{self, AuditAction};
use crate::auth::{password_login, OfficerAuth};
use crate::error::{parse, ApiError};
use crate::events::{self, EventKind};
use crate::issuer;
use crate::results::{result_document, Applicant};
use crate::routes::applications::{state_code, today, view};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::Json;
use eid_credential::{document::format_date, PublicKey};
use eid_portal_api::account::{
    AccountView, OfficerLoginRequest, SessionResponse, UpgradeQueueItem, UpgradeState,
};
use eid_portal_api::applications::{ApplicationState, ApplicationView, DecisionRequest, QueueItem};
use eid_portal_api::documents::{DocumentsResponse, RevokeRequest};
use eid_portal_api::forms::ApplicationKind;
use eid_portal_api::{ErrorCode, FieldCode, FieldError};
use serde::Deserialize;
use sqlx::Row;
use strum::VariantArray;

/// Most queue items returned at once.
pub const QUEUE_LIMIT: i64 = 200;

/// `POST /v1/officer/sessions`: user name and password → an officer token (see
/// [`password_login`] for the limits).
pub async fn login(
    State(state): State<AppState>,
    source: crate::auth::Source,
    body: Bytes,
) -> Result<Json<SessionResponse>, ApiError> {
    let req: OfficerLoginRequest = parse(&body)?;
    let hash = state
        .config
        .officer(&req.username)
        .map(|o| o.password_hash.clone());
    let (token, expires_at) = password_login(
        &state,
        "officer",
        &req.username,
        hash,
        req.password,
        &source,
    )
    .await?;
    audit::record_alone(&state, &req.username, AuditAction::SignedIn, None, None).await?;
    Ok(Json(SessionResponse { token, expires_at }))
}

/// What the application queue shows: one state (default: everything not yet decided), one kind
/// (default: all), and which page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QueueFilter {
    /// Only this state.
    pub state: Option<ApplicationState>,
    /// Only this kind (`temporary_residence`, …).
    pub kind: Option<String>,
    /// The page, from 0.
    pub page: Option<u32>,
}

fn query<T: serde::de::DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    axum::extract::Query::<T>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| ApiError::new(ErrorCode::MalformedBody, format!("bad query: {e}")))
}

/// `GET /v1/officer/applications[?state=…&kind=…&page=…]`: oldest first, [`QUEUE_PAGE`] at a
/// time; without `state`, everything not yet decided.
pub async fn queue(
    State(state): State<AppState>,
    _officer: OfficerAuth,
    uri: Uri,
) -> Result<Json<Vec<QueueItem>>, ApiError> {
    let filter: QueueFilter = query(&uri)?;
    Ok(Json(
        application_queue(&state, &filter, QUEUE_PAGE).await?.0,
    ))
}

/// Items per page of the application queue.
pub const QUEUE_PAGE: i64 = 50;

/// One page of `per_page` items of the application queue and how many items match the filter in all. An unknown
/// kind is refused as a field error.
pub async fn application_queue(
    state: &AppState,
    filter: &QueueFilter,
    per_page: i64,
) -> Result<(Vec<QueueItem>, u64), ApiError> {
    let (a, b) = match filter.state {
        Some(s) => (state_code(s), state_code(s)),
        None => ("submitted", "in_review"),
    };
    let kind = match filter.kind.as_deref().filter(|k| !k.is_empty()) {
        None => "",
        Some(k) => ApplicationKind::VARIANTS
            .iter()
            .map(|v| <&'static str>::from(*v))
            .find(|v| *v == k)
            .ok_or_else(|| {
                ApiError::fields(vec![FieldError::new(
                    "kind",
                    FieldCode::Unknown,
                    "no such kind of application",
                )])
            })?,
    };
    let page = i64::from(filter.page.unwrap_or(0));
    let rows = sqlx::query(concat!(
        "SELECT ",
        app_columns!(),
        ", account_id, claimed_by, (SELECT full_name FROM accounts WHERE accounts.id = applications.account_id)
         FROM applications WHERE (state = $1 OR state = $2) AND ($3 = '' OR kind = $3)
         ORDER BY submitted_at, id LIMIT $4 OFFSET $5"
    ))
    .bind(a)
    .bind(b)
    .bind(kind)
    .bind(per_page)
    .bind(page * per_page)
    .fetch_all(&state.pool)
    .await?;
    let total: i64 = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE (state = $1 OR state = $2) AND ($3 = '' OR kind = $3)",
    )
    .bind(a)
    .bind(b)
    .bind(kind)
    .fetch_one(&state.pool)
    .await?
    .get(0);
    let items = rows
        .iter()
        .map(|r| {
            Ok(QueueItem {
                application: view(r)?,
                account_id: r.get(7),
                claimed_by: r.get(8),
                applicant_name: r.get::<Option<String>, _>(9).unwrap_or_default(),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok((items, total as u64))
}

/// One application as an officer sees it (its queue item), recording the read in the audit log.
pub async fn open_application(
    state: &AppState,
    officer: &str,
    id: &str,
) -> Result<QueueItem, ApiError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        app_columns!(),
        ", account_id, claimed_by, (SELECT full_name FROM accounts WHERE accounts.id = applications.account_id)
         FROM applications WHERE id = $1"
    ))
    .bind(id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such application"))?;
    let item = QueueItem {
        application: view(&row)?,
        account_id: row.get(7),
        claimed_by: row.get(8),
        applicant_name: row.get::<Option<String>, _>(9).unwrap_or_default(),
    };
    audit::record_alone(
        state,
        officer,
        AuditAction::ViewedApplication,
        Some(&item.account_id),
        Some(id),
    )
    .await?;
    Ok(item)
}

async fn application_of(state: &AppState, id: &str) -> Result<ApplicationView, ApiError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        app_columns!(),
        " FROM applications WHERE id = $1"
    ))
    .bind(id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such application"))?;
    view(&row)
}

/// `POST /v1/officer/applications/{id}/claim`: submitted → in review, claimed by this officer.
pub async fn claim(
    State(state): State<AppState>,
    officer: OfficerAuth,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    Ok(Json(
        claim_application(&state, &officer.username, &id).await?,
    ))
}

/// Claims application `id` for `officer` (again, when it is theirs already).
pub async fn claim_application(
    state: &AppState,
    officer: &str,
    id: &str,
) -> Result<ApplicationView, ApiError> {
    let (officer, id) = (officer.to_owned(), id.to_owned());
    let now = state.now();
    let mut tx = state.begin_write().await?;
    let row = sqlx::query(
        "UPDATE applications SET state = 'in_review', claimed_by = $1, updated_at = $2
         WHERE id = $3 AND (state = 'submitted' OR (state = 'in_review' AND claimed_by = $1))
         RETURNING account_id",
    )
    .bind(officer.clone())
    .bind(now as i64)
    .bind(id.clone())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        drop(tx);
        application_of(state, &id).await?;
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this application is decided or claimed by another officer",
        ));
    };
    let account_id: String = row.get(0);
    events::push(&mut tx, &account_id, EventKind::Application, &id, now).await?;
    audit::record(
        &mut tx,
        now,
        &officer,
        AuditAction::ClaimedApplication,
        Some(&account_id),
        Some(&id),
    )
    .await?;
    tx.commit().await?;
    application_of(state, &id).await
}

/// Longest officer's reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// An officer's reason as stored: NFC and trimmed (`None` when blank), then held to the text
/// rule of documents with several lines allowed (no other control or text-direction character),
/// at most [`MAX_REASON_CHARS`] characters. `required` refuses a blank one.
pub(crate) fn reason_text(raw: Option<&str>, required: &str) -> Result<Option<String>, ApiError> {
    use eid_credential::text::{check, normalize, TextProblem};
    let reason = raw.map(normalize).filter(|r| !r.is_empty());
    let problem = match &reason {
        None if !required.is_empty() => Some((FieldCode::Required, required)),
        None => None,
        Some(r) => match check(r, MAX_REASON_CHARS, true) {
            Ok(()) => None,
            Err(TextProblem::TooLong) => Some((FieldCode::TooLong, "at most 500 characters")),
            Err(_) => Some((
                FieldCode::BadCharacters,
                "control and text-direction characters are not allowed",
            )),
        },
    };
    match problem {
        Some((code, message)) => Err(ApiError::fields(vec![FieldError::new(
            "reason", code, message,
        )])),
        None => Ok(reason),
    }
}

/// The reason of a decision, checked (required for a rejection).
pub fn check_decision(d: &DecisionRequest) -> Result<Option<String>, ApiError> {
    let required = if d.approve {
        ""
    } else {
        "say why, in words the citizen understands"
    };
    reason_text(d.reason.as_deref(), required)
}

/// `POST /v1/officer/applications/{id}/decision`: approve (issuing the result document into the
/// applicant's wallet) or reject with a reason. Only the officer who claimed it may decide.
pub async fn decide(
    State(state): State<AppState>,
    officer: OfficerAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<ApplicationView>, ApiError> {
    let d: DecisionRequest = parse(&body)?;
    Ok(Json(
        decide_application(&state, &officer.username, &id, &d).await?,
    ))
}

/// Decides application `id`, claimed by `officer`.
pub async fn decide_application(
    state: &AppState,
    officer: &str,
    id: &str,
    d: &DecisionRequest,
) -> Result<ApplicationView, ApiError> {
    let (officer, id) = (officer.to_owned(), id.to_owned());
    let reason = check_decision(d)?;
    let now = state.now();
    let mut tx = state.begin_write().await?;
    let row = sqlx::query(
        "SELECT p.account_id, p.form, a.full_name, a.id_number, a.date_of_birth, a.device_key
         FROM applications p JOIN accounts a ON a.id = p.account_id
         WHERE p.id = $1 AND p.state = 'in_review' AND p.claimed_by = $2",
    )
    .bind(id.clone())
    .bind(officer.clone())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        drop(tx);
        application_of(state, &id).await?;
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "claim the application before deciding it",
        ));
    };
    let account_id: String = row.get(0);
    let mut result_id = None;
    if d.approve {
        let form = serde_json::from_str(&row.get::<String, _>(1))
            .map_err(|_| ApiError::new(ErrorCode::Internal, "stored form unreadable"))?;
        let (name, id_number, dob): (String, String, String) = (row.get(2), row.get(3), row.get(4));
        let applicant = Applicant {
            full_name: &name,
            id_number: &id_number,
            date_of_birth: &dob,
        };
        let document = result_document(&form, &id, &applicant, &format_date(today(now)))
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("result document: {e}")))?;
        let holder = device_key(&row.get::<String, _>(5))?;
        let source = format!("application:{id}");
        result_id =
            Some(issuer::issue_to(&mut tx, state, &account_id, &holder, &document, &source).await?);
    }
    let new_state = if d.approve {
        ApplicationState::Approved
    } else {
        ApplicationState::Rejected
    };
    sqlx::query(
        "UPDATE applications SET state = $1, decision_reason = $2, result_document_id = $3,
         updated_at = $4 WHERE id = $5",
    )
    .bind(state_code(new_state))
    .bind(reason)
    .bind(result_id)
    .bind(now as i64)
    .bind(id.clone())
    .execute(&mut *tx)
    .await?;
    events::push(&mut tx, &account_id, EventKind::Application, &id, now).await?;
    let action = if d.approve {
        AuditAction::ApprovedApplication
    } else {
        AuditAction::RejectedApplication
    };
    audit::record(&mut tx, now, &officer, action, Some(&account_id), Some(&id)).await?;
    tx.commit().await?;
    application_of(state, &id).await
}

/// A stored device key.
pub(crate) fn device_key(hex_key: &str) -> Result<PublicKey, ApiError> {
    hex::decode(hex_key)
        .ok()
        .and_then(|k| PublicKey::from_sec1(&k).ok())
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "stored device key unreadable"))
}

/// `GET /v1/officer/upgrades`: level-2 requests waiting for the in-person check, oldest first.
pub async fn upgrades(
    State(state): State<AppState>,
    _officer: OfficerAuth,
) -> Result<Json<Vec<UpgradeQueueItem>>, ApiError> {
    Ok(Json(upgrade_queue(&state).await?))
}

/// The level-2 requests waiting, oldest first (at most [`QUEUE_LIMIT`]).
pub async fn upgrade_queue(state: &AppState) -> Result<Vec<UpgradeQueueItem>, ApiError> {
    let rows = sqlx::query(
        "SELECT a.id, a.id_number, a.full_name, a.date_of_birth, u.requested_at
         FROM upgrades u JOIN accounts a ON a.id = u.account_id
         WHERE u.state = 'requested' ORDER BY u.requested_at, a.id LIMIT $1",
    )
    .bind(QUEUE_LIMIT)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| UpgradeQueueItem {
            account_id: r.get(0),
            id_number: r.get(1),
            full_name: r.get(2),
            date_of_birth: r.get(3),
            requested_at: r.get::<i64, _>(4) as u64,
        })
        .collect())
}

/// `POST /v1/officer/upgrades/{account_id}/decision`: after the in-person check. Approval
/// raises the account to level 2 and issues the citizen's documents from the registry, bound
/// to the account's device key.
pub async fn decide_upgrade(
    State(state): State<AppState>,
    officer: OfficerAuth,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Json<AccountView>, ApiError> {
    let d: DecisionRequest = parse(&body)?;
    Ok(Json(
        decide_account_upgrade(&state, &officer.username, &account_id, &d).await?,
    ))
}

/// Decides the level-2 request of `account_id` after `officer`'s in-person check.
pub async fn decide_account_upgrade(
    state: &AppState,
    officer: &str,
    account_id: &str,
    d: &DecisionRequest,
) -> Result<AccountView, ApiError> {
    let account_id = account_id.to_owned();
    let reason = check_decision(d)?;
    let now = state.now();
    let decided = if d.approve {
        UpgradeState::Approved
    } else {
        UpgradeState::Rejected
    };
    let mut tx = state.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE upgrades SET state = $1, reason = $2, decided_at = $3, decided_by = $4
         WHERE account_id = $5 AND state = 'requested'",
    )
    .bind(upgrade_code(decided))
    .bind(reason)
    .bind(now as i64)
    .bind(officer.to_owned())
    .bind(account_id.clone())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        drop(tx);
        account_view(state, &account_id).await?;
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this account has no level-2 request waiting",
        ));
    }
    if d.approve {
        sqlx::query("UPDATE accounts SET level = 2 WHERE id = $1")
            .bind(account_id.clone())
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(
            "SELECT id_number, full_name, date_of_birth, device_key FROM accounts WHERE id = $1",
        )
        .bind(account_id.clone())
        .fetch_one(&mut *tx)
        .await?;
        let (id_number, name, dob): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        let holder = device_key(&row.get::<String, _>(3))?;
        // The registry is the source of truth: documents are issued only when the account's
        // name and date of birth match the registry's record of that ID number.
        if let Some(citizen) = state
            .registry
            .find(&id_number)
            .filter(|c| c.full_name == name && c.date_of_birth == dob)
        {
            for document in &citizen.documents {
                issuer::issue_to(&mut tx, state, &account_id, &holder, document, "registry")
                    .await?;
            }
        }
    }
    events::push(&mut tx, &account_id, EventKind::Account, &account_id, now).await?;
    let action = if d.approve {
        AuditAction::ApprovedUpgrade
    } else {
        AuditAction::RejectedUpgrade
    };
    let account = Some(account_id.as_str());
    audit::record(&mut tx, now, officer, action, account, account).await?;
    tx.commit().await?;
    account_view(state, &account_id).await
}

/// `POST /v1/officer/documents/{id}/revoke`: the document's status-list bit is set from now on.
pub async fn revoke(
    State(state): State<AppState>,
    officer: OfficerAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let r: RevokeRequest = parse(&body)?;
    revoke_document(&state, &officer.username, &id, &r.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes document `id` with `reason`; returns the account it belonged to.
pub async fn revoke_document(
    state: &AppState,
    officer: &str,
    id: &str,
    reason: &str,
) -> Result<String, ApiError> {
    let id = id.to_owned();
    let reason = reason_text(Some(reason), "say why (at most 500 characters)")?;
    let now = state.now();
    let mut tx = state.begin_write().await?;
    let row = sqlx::query(
        "UPDATE documents SET state = 'revoked', revoke_reason = $1
         WHERE id = $2 AND state = 'current' RETURNING account_id",
    )
    .bind(reason)
    .bind(id.clone())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        drop(tx);
        let exists = sqlx::query("SELECT id FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.pool)
            .await?
            .is_some();
        return Err(if exists {
            ApiError::new(ErrorCode::WrongState, "this document is no longer current")
        } else {
            ApiError::new(ErrorCode::NotFound, "no such document")
        });
    };
    let account_id: String = row.get(0);
    events::push(&mut tx, &account_id, EventKind::Document, &id, now).await?;
    crate::issuer::status_changed(&mut tx, state).await?;
    audit::record(
        &mut tx,
        now,
        officer,
        AuditAction::RevokedDocument,
        Some(&account_id),
        Some(&id),
    )
    .await?;
    tx.commit().await?;
    Ok(account_id)
}

/// `GET /v1/officer/accounts/{account_id}/documents`: an account's current documents.
pub async fn account_documents(
    State(state): State<AppState>,
    _officer: OfficerAuth,
    Path(account_id): Path<String>,
) -> Result<Json<DocumentsResponse>, ApiError> {
    account_view(&state, &account_id).await?;
    Ok(Json(
        crate::routes::documents::current(&state, &account_id).await?,
    ))
}
