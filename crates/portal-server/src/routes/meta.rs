//! `/openapi.json` and `/v1/health`.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document (docs/api/openapi.json).
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        eid_portal_api::openapi::json(),
    )
}

/// Liveness.
pub async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
