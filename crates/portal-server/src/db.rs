//! Connecting and migrating: `sqlite://FILE` (created when missing) or `postgres://…`.

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;

/// The default database: a SQLite file in the working folder.
pub const DEFAULT_URL: &str = "sqlite://eid-portal.db?mode=rwc";

async fn pool(url: &str, max: u32) -> Result<AnyPool, sqlx::Error> {
    let sqlite = url.starts_with("sqlite:");
    AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA busy_timeout = 5000")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA synchronous = NORMAL")
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
}

/// Opens the pools and applies the migrations: `(general, writer)`. On SQLite the writer is a
/// separate single connection for the submission path (SQLite has one writer at a time; queueing
/// in the pool is cheaper than SQLite's sleeping busy handler); on PostgreSQL both are one pool.
pub async fn connect(url: &str) -> Result<(AnyPool, AnyPool), sqlx::Error> {
    sqlx::any::install_default_drivers();
    if url.starts_with("sqlite:") {
        let general = pool(url, 8).await?;
        sqlx::migrate!("./migrations").run(&general).await?;
        let writer = pool(url, 1).await?;
        Ok((general, writer))
    } else {
        let general = pool(url, 32).await?;
        sqlx::migrate!("./migrations").run(&general).await?;
        Ok((general.clone(), general))
    }
}
