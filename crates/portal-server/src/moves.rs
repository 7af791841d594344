//! Moving an account to a new device, so that one intercepted SMS code (a SIM swap, a phishing
//! app) cannot take a citizen's documents.
//!
//! The one-time code proves the phone the registry holds for the citizen. That is enough for a
//! level-1 account, which moves at once. A level-2 account (integrated documents) moves at once
//! only with more:
//!
//! 1. **the recovery key**: the wallet makes a P-256 key pair and registers the public half; the
//!    private half is kept in the wallet and so in its encrypted backup. A wallet restored from
//!    that backup signs [`eid_portal_api::account::recovery_message`] with it, and the account
//!    moves with the code;
//! 2. **an officer's in-person check**: the move waits in the officers' queue and an officer
//!    who has checked the citizen and the ID card approves it at once;
//! 3. **the wait**: otherwise the move happens [`crate::config::Config::move_wait_seconds`]
//!    (72 h by default) after it was asked for. The account's current device learns of it
//!    through the change feed (its account shows a `pending_move`) and can cancel it; so can
//!    an officer. The new device asks `GET /v1/registrations/{id}/move`, which completes the
//!    move once it is due.
//!
//! Until a move completes nothing changes: the current device keeps its key, documents and
//! sessions.

use crate::error::ApiError;
use crate::events::{self, EventKind};
use crate::state::AppState;
use eid_portal_api::account::{MoveState, MoveView};
use eid_portal_api::ErrorCode;
use sqlx::{Any, Row, Transaction};

/// The stored code of a move state.
pub fn state_code(s: MoveState) -> &'static str {
    match s {
        MoveState::Waiting => "waiting",
        MoveState::Moved => "moved",
        MoveState::Cancelled => "cancelled",
        MoveState::Rejected => "rejected",
    }
}

fn state_from(s: &str) -> MoveState {
    match s {
        "moved" => MoveState::Moved,
        "cancelled" => MoveState::Cancelled,
        "rejected" => MoveState::Rejected,
        _ => MoveState::Waiting,
    }
}

/// Whether `signature_hex` is the recovery key `key_hex`'s signature over the recovery message
/// of `registration_id` and `device_key_hex`.
pub fn recovery_signature_ok(
    key_hex: &str,
    registration_id: &str,
    device_key_hex: &str,
    signature_hex: &str,
) -> bool {
    let (Some(key), Ok(signature)) = (
        hex::decode(key_hex)
            .ok()
            .and_then(|k| eid_credential::PublicKey::from_sec1(&k).ok()),
        hex::decode(signature_hex),
    ) else {
        return false;
    };
    let message = eid_portal_api::account::recovery_message(registration_id, device_key_hex);
    key.verify(message.as_bytes(), &signature)
}

/// Records a waiting move of `account_id` to `device_key` for registration `id`, and tells the
/// account's current device through its feed.
pub async fn start(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    id: &str,
    account_id: &str,
    device_key: &str,
) -> Result<MoveView, ApiError> {
    let now = state.now();
    let moves_at = now + state.config.move_wait_seconds;
    sqlx::query(
        "INSERT INTO moves (id, account_id, device_key, state, requested_at, moves_at)
         VALUES ($1, $2, $3, 'waiting', $4, $5)",
    )
    .bind(id.to_owned())
    .bind(account_id.to_owned())
    .bind(device_key.to_owned())
    .bind(now as i64)
    .bind(moves_at as i64)
    .execute(&mut **tx)
    .await?;
    events::push(tx, account_id, EventKind::Account, account_id, now).await?;
    Ok(MoveView {
        registration_id: id.to_owned(),
        account_id: account_id.to_owned(),
        state: MoveState::Waiting,
        requested_at: now,
        moves_at,
    })
}

/// Ends every waiting move of `account_id` as `cancelled` by `who` (`owner`, `moved` when the
/// account moved another way, or an officer's name); returns how many.
pub async fn cancel_waiting(
    tx: &mut Transaction<'static, Any>,
    account_id: &str,
    who: &str,
    now: u64,
) -> Result<u64, ApiError> {
    Ok(sqlx::query(
        "UPDATE moves SET state = 'cancelled', decided_by = $1, decided_at = $2
         WHERE account_id = $3 AND state = 'waiting'",
    )
    .bind(who.to_owned())
    .bind(now as i64)
    .bind(account_id.to_owned())
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Completes the waiting move `id` in `tx`: when it is due (`due_at` is now), or at once after
/// an officer's check (`due_at` is `u64::MAX`); the account's other waiting moves are
/// cancelled. Whether it was completed now.
pub async fn complete(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    id: &str,
    due_at: u64,
    by: &str,
) -> Result<bool, ApiError> {
    let now = state.now();
    let row = sqlx::query(
        "UPDATE moves SET state = 'moved', decided_by = $1, decided_at = $2
         WHERE id = $3 AND state = 'waiting' AND moves_at <= $4
         RETURNING account_id, device_key",
    )
    .bind(by.to_owned())
    .bind(now as i64)
    .bind(id.to_owned())
    .bind(due_at.min(i64::MAX as u64) as i64)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let (account_id, device_key): (String, String) = (row.get(0), row.get(1));
    rebind(tx, state, &account_id, &device_key).await?;
    cancel_waiting(tx, &account_id, "moved", now).await?;
    Ok(true)
}

/// The move `id` as it stands, or `not_found`.
pub async fn view(state: &AppState, id: &str) -> Result<MoveView, ApiError> {
    let row = sqlx::query(
        "SELECT id, account_id, state, requested_at, moves_at FROM moves WHERE id = $1",
    )
    .bind(id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such move"))?;
    Ok(MoveView {
        registration_id: row.get(0),
        account_id: row.get(1),
        state: state_from(&row.get::<String, _>(2)),
        requested_at: row.get::<i64, _>(3) as u64,
        moves_at: row.get::<i64, _>(4) as u64,
    })
}

/// Moves `account_id` to the device key `device_key_hex`: the key is replaced (a block of the old
/// phone is lifted, its revocation code forgotten), the account's sessions end, its documents are re-issued to the new key (the
/// old copies superseded in the status list; blocked ones too), and the account's feed says so.
pub async fn rebind(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    state: &AppState,
    account_id: &str,
    device_key_hex: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE accounts SET device_key = $1, blocked_at = NULL, revocation_code_hash = NULL
         WHERE id = $2",
    )
    .bind(device_key_hex.to_owned())
    .bind(account_id.to_owned())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND kind = 'citizen'")
        .bind(account_id.to_owned())
        .execute(&mut **tx)
        .await?;
    let holder = crate::routes::officer::device_key(device_key_hex)?;
    crate::issuer::reissue_all(tx, state, account_id, &holder).await?;
    events::push(tx, account_id, EventKind::Account, account_id, state.now()).await?;
    Ok(())
}
