//! Moving an account to a new device (see `crate::moves`): the new device follows its move,
//! the current device cancels one it did not ask for, the wallet registers its recovery key,
//! and officers approve a move early after an in-person check.

use crate::accounts::account_view;
use crate::auth::{Citizen, OfficerAuth};
use crate::error::{parse, ApiError};
use crate::events::{self, EventKind};
use crate::moves;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use eid_portal_api::account::{
    AccountView, MoveQueueItem, MoveState, MoveView, RecoveryKeyRequest,
};
use eid_portal_api::applications::DecisionRequest;
use eid_portal_api::{ErrorCode, FieldCode, FieldError};
use sqlx::Row;

/// `GET /v1/registrations/{id}/move`: the move this registration asked for; once it is due
/// (and nobody cancelled it) this completes it, and the new device may sign in.
pub async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<MoveView>, ApiError> {
    let current = moves::view(&state, &id).await?;
    if current.state == MoveState::Waiting && current.moves_at <= state.now() {
        let mut tx = state.begin_write().await?;
        moves::complete(&mut tx, &state, &id, state.now(), "wait").await?;
        tx.commit().await?;
    }
    Ok(Json(moves::view(&state, &id).await?))
}

/// `POST /v1/account/moves/cancel`: the account's current device cancels every waiting move.
pub async fn cancel(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<AccountView>, ApiError> {
    let now = state.now();
    let mut tx = state.begin_write().await?;
    if moves::cancel_waiting(&mut tx, &citizen.account_id, "owner", now).await? > 0 {
        events::push(
            &mut tx,
            &citizen.account_id,
            EventKind::Account,
            &citizen.account_id,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(account_view(&state, &citizen.account_id).await?))
}

/// `POST /v1/account/recovery-key`: the wallet's recovery key (public half), replacing any
/// earlier one.
pub async fn recovery_key(
    State(state): State<AppState>,
    citizen: Citizen,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let req: RecoveryKeyRequest = parse(&body)?;
    let key_ok = hex::decode(&req.public_key)
        .ok()
        .is_some_and(|k| eid_credential::PublicKey::from_sec1(&k).is_ok());
    if !key_ok {
        return Err(ApiError::fields(vec![FieldError::new(
            "public_key",
            FieldCode::NotAKey,
            "not a P-256 public key",
        )]));
    }
    sqlx::query("UPDATE accounts SET recovery_key = $1 WHERE id = $2")
        .bind(req.public_key.to_lowercase())
        .bind(citizen.account_id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/officer/moves`: waiting moves, oldest first, for the in-person check.
pub async fn queue(
    State(state): State<AppState>,
    _officer: OfficerAuth,
) -> Result<Json<Vec<MoveQueueItem>>, ApiError> {
    let rows = sqlx::query(
        "SELECT m.id, m.account_id, m.requested_at, m.moves_at, a.id_number, a.full_name
         FROM moves m JOIN accounts a ON a.id = m.account_id
         WHERE m.state = 'waiting' ORDER BY m.requested_at, m.id LIMIT 200",
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(
        rows.iter()
            .map(|r| MoveQueueItem {
                waiting: MoveView {
                    registration_id: r.get(0),
                    account_id: r.get(1),
                    state: MoveState::Waiting,
                    requested_at: r.get::<i64, _>(2) as u64,
                    moves_at: r.get::<i64, _>(3) as u64,
                },
                id_number: r.get(4),
                full_name: r.get(5),
            })
            .collect(),
    ))
}

/// `POST /v1/officer/moves/{id}/decision`: after checking the citizen and the ID card in
/// person, approve the move now, or reject it (a reason is required).
pub async fn decide(
    State(state): State<AppState>,
    officer: OfficerAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<MoveView>, ApiError> {
    let d: DecisionRequest = parse(&body)?;
    crate::routes::officer::check_decision(&d)?;
    moves::view(&state, &id).await?;
    let mut tx = state.begin_write().await?;
    let done = if d.approve {
        moves::complete(&mut tx, &state, &id, u64::MAX, &officer.username).await?
    } else {
        let row = sqlx::query(
            "UPDATE moves SET state = 'rejected', decided_by = $1, decided_at = $2
             WHERE id = $3 AND state = 'waiting' RETURNING account_id",
        )
        .bind(officer.username)
        .bind(state.now() as i64)
        .bind(id.clone())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = &row {
            let account: String = row.get(0);
            events::push(&mut tx, &account, EventKind::Account, &account, state.now()).await?;
        }
        row.is_some()
    };
    tx.commit().await?;
    if !done {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this move is no longer waiting",
        ));
    }
    Ok(Json(moves::view(&state, &id).await?))
}
