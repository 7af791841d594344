//! The ceiling the portal's submissions are compared with: a bare axum handler that inserts the
//! request's body under its `Idempotency-Key` as one row, one autocommit statement per request,
//! with the portal's durability (SQLite in WAL mode with `synchronous = FULL` through one
//! writer connection, as the portal's writer; PostgreSQL as its server is set). No session, no
//! validation, no idempotency check, no group commit: what the database and the HTTP stack cost
//! on their own.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sqlx::AnyPool;

async fn insert(State(pool): State<AnyPool>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = String::from_utf8_lossy(&body).into_owned();
    match sqlx::query("INSERT INTO ceiling (k, body) VALUES ($1, $2)")
        .bind(key)
        .bind(body)
        .execute(&pool)
        .await
    {
        Ok(_) => StatusCode::CREATED,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Serves the ceiling on `listen` over `db` until killed.
pub fn run(db: &str, listen: &str, fast_commit: bool) -> Result<(), String> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        // The portal's own connection code, so the durability is the portal's by construction
        // (it also creates the portal's tables, which the ceiling leaves alone): on SQLite the
        // one-connection writer pool, on PostgreSQL the shared pool.
        let commit = if fast_commit {
            eid_portal_server::db::Commit::Fast
        } else {
            eid_portal_server::db::Commit::Durable
        };
        let (_, pool) = eid_portal_server::db::connect_with(db, commit)
            .await
            .map_err(|e| format!("cannot open {db}: {e}"))?;
        sqlx::query("CREATE TABLE IF NOT EXISTS ceiling (k TEXT PRIMARY KEY, body TEXT NOT NULL)")
            .execute(&pool)
            .await
            .map_err(|e| e.to_string())?;
        let app = axum::Router::new()
            .route("/v1/applications", axum::routing::post(insert))
            .with_state(pool);
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        eprintln!("eid-bench: ceiling listening on {listen}");
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}
