//! `GET /v1/feed?since=CURSOR&limit=N`: what changed for the signed-in citizen since the cursor,
//! oldest first. The wallet stores the returned cursor and asks again until `more` is false.

use crate::accounts::account_view;
use crate::auth::Citizen;
use crate::error::ApiError;
use crate::routes::applications::view;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use eid_portal_api::applications::{AccessBy, AccessView, FeedItem, FeedPage};
use eid_portal_api::ErrorCode;
use serde::Deserialize;
use sqlx::Row;

/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 100;
/// Most items per page.
pub const MAX_LIMIT: u32 = 500;

#[derive(Deserialize)]
struct FeedQuery {
    #[serde(default)]
    since: u64,
    limit: Option<u32>,
}

/// `GET /v1/feed`.
pub async fn feed(
    State(state): State<AppState>,
    citizen: Citizen,
    uri: Uri,
) -> Result<Json<FeedPage>, ApiError> {
    let q = axum::extract::Query::<FeedQuery>::try_from_uri(&uri)
        .map_err(|e| ApiError::new(ErrorCode::MalformedBody, format!("bad query: {e}")))?
        .0;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let since = i64::try_from(q.since).unwrap_or(i64::MAX);
    let rows = sqlx::query(
        "SELECT seq, kind, ref_id FROM events WHERE account_id = $1 AND seq > $2
         ORDER BY seq LIMIT $3",
    )
    .bind(citizen.account_id.clone())
    .bind(since)
    .bind(i64::from(limit) + 1)
    .fetch_all(&state.pool)
    .await?;
    let more = rows.len() > limit as usize;
    let mut items = Vec::new();
    let mut cursor = q.since;
    for row in rows.iter().take(limit as usize) {
        cursor = row.get::<i64, _>(0) as u64;
        let ref_id: String = row.get(2);
        let item = match row.get::<String, _>(1).as_str() {
            "application" => {
                let app = sqlx::query(concat!(
                    "SELECT ",
                    app_columns!(),
                    " FROM applications WHERE id = $1 AND account_id = $2"
                ))
                .bind(ref_id)
                .bind(citizen.account_id.clone())
                .fetch_one(&state.pool)
                .await?;
                FeedItem::Application {
                    application: Box::new(view(&app)?),
                }
            }
            "document" => FeedItem::Document {
                document_id: ref_id,
            },
            "access" => FeedItem::Access {
                access: access_view(&state, &ref_id).await?,
            },
            _ => FeedItem::Account {
                account: account_view(&state, &citizen.account_id).await?,
            },
        };
        items.push(item);
    }
    Ok(Json(FeedPage {
        items,
        cursor,
        more,
    }))
}

/// A look at the citizen's data, from its event's reference: `share:{id}` (a service received
/// a share) or an audit sequence number (an officer's read).
async fn access_view(state: &AppState, ref_id: &str) -> Result<AccessView, ApiError> {
    let internal = || ApiError::new(ErrorCode::Internal, "an access event lost its record");
    if let Some(request) = ref_id.strip_prefix("share:") {
        let row = sqlx::query(
            "SELECT service_id, doc_type, answered_at FROM share_requests WHERE id = $1",
        )
        .bind(request.to_owned())
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(internal)?;
        let service_id: String = row.get(0);
        return Ok(AccessView {
            at: row.get::<Option<i64>, _>(2).unwrap_or(0) as u64,
            by: AccessBy::Service,
            service_name: Some(
                state
                    .config
                    .service(&service_id)
                    .map_or(service_id.clone(), |s| s.name.clone()),
            ),
            action: eid_portal_api::applications::AccessAction::ReceivedShare,
            subject: Some(row.get(1)),
        });
    }
    let seq: i64 = ref_id.parse().map_err(|_| internal())?;
    let row = sqlx::query(
        "SELECT l.at, l.action, p.kind FROM audit_log l
         LEFT JOIN applications p ON p.id = l.ref_id AND l.action = 'viewed_application'
         WHERE l.seq = $1",
    )
    .bind(seq)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(internal)?;
    let action = crate::audit::AuditAction::from_code(&row.get::<String, _>(1))
        .and_then(crate::audit::AuditAction::access)
        .ok_or_else(internal)?;
    Ok(AccessView {
        at: row.get::<i64, _>(0) as u64,
        by: AccessBy::Officer,
        service_name: None,
        action,
        subject: row.get(2),
    })
}
