//! Reading an account as its owner (or an officer) sees it, with its level-2 request.

use crate::error::ApiError;
use crate::state::AppState;
use eid_portal_api::account::{AccountView, PendingMove, UpgradeState};
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// The stored code of an upgrade state.
pub fn upgrade_code(s: UpgradeState) -> &'static str {
    match s {
        UpgradeState::Requested => "requested",
        UpgradeState::Approved => "approved",
        UpgradeState::Rejected => "rejected",
    }
}

fn upgrade_from(s: &str) -> Option<UpgradeState> {
    match s {
        "requested" => Some(UpgradeState::Requested),
        "approved" => Some(UpgradeState::Approved),
        "rejected" => Some(UpgradeState::Rejected),
        _ => None,
    }
}

/// The account `account_id`, or `not_found`.
pub async fn account_view(state: &AppState, account_id: &str) -> Result<AccountView, ApiError> {
    let row = sqlx::query(
        "SELECT a.id, a.level, a.id_number, a.full_name, u.state, a.recovery_key,
                (SELECT MIN(requested_at) FROM moves m WHERE m.account_id = a.id AND m.state = 'waiting'),
                (SELECT MIN(moves_at) FROM moves m WHERE m.account_id = a.id AND m.state = 'waiting')
             FROM accounts a LEFT JOIN upgrades u ON u.account_id = a.id WHERE a.id = $1",
    )
    .bind(account_id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such account"))?;
    let pending_move = match (row.get::<Option<i64>, _>(6), row.get::<Option<i64>, _>(7)) {
        (Some(requested_at), Some(moves_at)) => Some(PendingMove {
            requested_at: requested_at as u64,
            moves_at: moves_at as u64,
        }),
        _ => None,
    };
    Ok(AccountView {
        pending_move,
        recovery_key_set: row.get::<Option<String>, _>(5).is_some(),
        account_id: row.get(0),
        level: row.get::<i64, _>(1) as u8,
        id_number: row.get(2),
        full_name: row.get(3),
        upgrade: row
            .get::<Option<String>, _>(4)
            .as_deref()
            .and_then(upgrade_from),
    })
}
