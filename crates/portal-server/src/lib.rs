//! `eid-portal`: the reference backend of eID Wallet.
//!
//! This first step serves level-1 registration with a one-time code, device-key sessions and
//! applications submitted exactly once (`Idempotency-Key`), on SQLite by default or PostgreSQL
//! (`postgres://…`) through sqlx's `Any` driver and one set of portable migrations. Officers,
//! level 2, documents, the feed, trust/status lists and the share inbox come next (see the
//! portal issue and docs/api/README.md).

pub mod auth;
pub mod db;
pub mod error;
pub mod idempotency;
pub mod routes;
pub mod state;

pub use state::AppState;

/// The HTTP routes.
pub fn router(state: AppState) -> axum::Router {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/openapi.json", get(routes::meta::openapi))
        .route("/v1/health", get(routes::meta::health))
        .route("/v1/registrations", post(routes::registration::register))
        .route(
            "/v1/registrations/{id}/verify",
            post(routes::registration::verify),
        )
        .route("/v1/sessions/challenge", post(routes::session::challenge))
        .route("/v1/sessions", post(routes::session::session))
        .route("/v1/account", get(routes::session::account))
        .route(
            "/v1/applications",
            post(routes::applications::submit).get(routes::applications::list),
        )
        .route("/v1/applications/{id}", get(routes::applications::get_one))
        .with_state(state)
}
