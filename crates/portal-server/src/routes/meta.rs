//! `/openapi.json` and the health checks: `/v1/health/live` (the process answers) and
//! `/v1/health` (it is ready for traffic: the database answers, the submission writer runs,
//! and it is not shutting down), which is what a load balancer asks.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use eid_portal_api::meta::HealthView;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How long the readiness check waits for the database.
const DATABASE_CHECK: Duration = Duration::from_secs(1);

/// The OpenAPI document (docs/api/openapi.json).
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        eid_portal_api::openapi::json(),
    )
}

/// Liveness: the process answers HTTP.
pub async fn live() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: `200` when ready, else `503` with what is not. The database is asked at most once
/// per clock second, however many checks come (they are never shed): the others take that
/// second's answer, so a flood of health checks costs the database nothing more.
pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let database = {
        let mut last = state.health_probe.lock().await;
        let now = state.now();
        match *last {
            Some((at, answered)) if at == now => answered,
            _ => {
                let answered = tokio::time::timeout(
                    DATABASE_CHECK,
                    sqlx::query("SELECT 1").execute(&state.pool),
                )
                .await
                .is_ok_and(|r| r.is_ok());
                *last = Some((now, answered));
                answered
            }
        }
    };
    let view = HealthView::new(
        database,
        state.writer_running(),
        state.draining.load(Ordering::Acquire),
    );
    let status = if view.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(view))
}
