//! `eid-portal`: the reference backend of eID Wallet.
//!
//! Level-1 registration with a one-time code, device-key sessions, level 2 after an officer's
//! in-person check with documents issued from the registry, applications submitted exactly once
//! (`Idempotency-Key`) and decided by officers, a change feed, signed trust and status lists,
//! and the share inbox. SQLite by default or PostgreSQL (`postgres://…`) through sqlx's `Any`
//! driver and one set of portable migrations. The API is described in docs/api/.

/// The application columns `routes::applications::view` reads, in order (a macro so queries
/// stay `'static` strings, which sqlx needs).
macro_rules! app_columns {
    () => {
        "id, form, state, submitted_at, updated_at, decision_reason, result_document_id"
    };
}

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod card_image;
pub mod casework;
pub mod challenge;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod gate;
pub mod idempotency;
pub mod issuer;
pub mod keys;
pub mod limits;
pub mod line_index;
pub mod moves;
pub mod proxies;
pub mod purge;
pub mod registry;
pub mod results;
pub mod routes;
pub mod serve;
pub mod sign_in_batch;
pub mod state;
pub mod submission_batch;
pub mod trust_cache;
pub mod web;

pub use state::AppState;

/// The HTTP routes.
pub fn router(state: AppState) -> axum::Router {
    use axum::routing::{get, post};
    use routes::*;
    axum::Router::new()
        .route("/openapi.json", get(meta::openapi))
        .route("/v1/health", get(meta::health))
        .route("/v1/health/live", get(meta::live))
        .route("/v1/trust", get(trust::trust))
        .route("/v1/registrations", post(registration::register))
        .route("/v1/registrations/{id}/verify", post(registration::verify))
        .route("/v1/registrations/{id}/move", get(moves::status))
        .route("/v1/sessions/challenge", post(session::challenge))
        .route("/v1/sessions", post(session::session))
        .route("/v1/sessions/end", post(session::end))
        .route("/v1/account", get(session::account))
        .route("/v1/account/upgrade", post(session::request_upgrade))
        .route("/v1/account/moves/cancel", post(moves::cancel))
        .route("/v1/account/recovery-key", post(moves::recovery_key))
        .route("/v1/account/revocation-code", post(lost_phone::set_code))
        .route("/v1/documents", get(documents::list))
        .route("/v1/documents/{id}", get(documents::get_one))
        .route(
            "/v1/applications",
            post(applications::submit).get(applications::list),
        )
        .route("/v1/applications/{id}", get(applications::get_one))
        .route("/v1/feed", get(feed::feed))
        .route("/v1/officer/sessions", post(officer::login))
        .route("/v1/officer/applications", get(officer::queue))
        .route("/v1/officer/applications/{id}/claim", post(officer::claim))
        .route(
            "/v1/officer/applications/{id}/decision",
            post(officer::decide),
        )
        .route("/v1/officer/upgrades", get(officer::upgrades))
        .route(
            "/v1/officer/upgrades/{account_id}/decision",
            post(officer::decide_upgrade),
        )
        .route("/v1/officer/documents/{id}/revoke", post(officer::revoke))
        .route("/v1/officer/printed-cards", post(printed_cards::print))
        .route(
            "/v1/officer/printed-cards/{id}/revoke",
            post(printed_cards::revoke),
        )
        .route("/v1/officer/moves", get(moves::queue))
        .route("/v1/officer/moves/{id}/decision", post(moves::decide))
        .route(
            "/v1/officer/accounts/{account_id}/documents",
            get(officer::account_documents),
        )
        .route("/v1/service/sessions", post(share::login))
        .route("/v1/share/requests", post(share::create))
        .route("/v1/share/requests/{id}", get(share::result))
        .route("/v1/share/requests/{id}/answer", post(share::answer))
        .route("/v1/share/requests/{id}/done", post(share::done))
        .merge(web::routes())
        .with_state(state)
}
