//! Connecting and migrating: `sqlite://FILE` (created when missing) or `postgres://…`.

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;

/// The default database: a SQLite file in the working folder.
pub const DEFAULT_URL: &str = "sqlite://eid-portal.db?mode=rwc";

/// What "committed" means on SQLite. PostgreSQL's durability is the server's own setting
/// (`fsync`, `synchronous_commit`), on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Commit {
    /// `synchronous = FULL`: a commit is on disk (the WAL is synced) before it returns, so an
    /// acknowledged submission survives a power cut. Group commit (`batch.rs`) pays one sync
    /// per batch, not per submission.
    #[default]
    Durable,
    /// `synchronous = NORMAL`: in WAL mode a commit returns before the sync, so a power cut can
    /// lose the last acknowledged commits (never corrupt the file). Only for benchmarks that
    /// measure what durability costs.
    Fast,
}

async fn pool(url: &str, max: u32, commit: Commit) -> Result<AnyPool, sqlx::Error> {
    let sqlite = url.starts_with("sqlite:");
    let synchronous = match commit {
        Commit::Durable => "PRAGMA synchronous = FULL",
        Commit::Fast => "PRAGMA synchronous = NORMAL",
    };
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
                    sqlx::query(synchronous).execute(&mut *conn).await?;
                    // Reads map the file instead of copying each page in (`pread` was a tenth
                    // of the portal's time at the evening peak); pages are the kernel's cache,
                    // shared by every connection.
                    sqlx::query("PRAGMA mmap_size = 1073741824")
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
}

/// A SQLite database file is created readable by its owner only (0600), and an existing one is
/// made so: it holds names, ID numbers, phones and forms. (SQLite gives its `-wal` and `-shm`
/// files the database file's permissions.)
fn private_sqlite_file(url: &str) -> std::io::Result<()> {
    let Some(rest) = url.strip_prefix("sqlite://") else {
        return Ok(());
    };
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options.open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    options.open(path)?;
    Ok(())
}

/// Opens the pools and applies the migrations: `(general, writer)`. On SQLite the writer is a
/// separate single connection for the submission path (SQLite has one writer at a time; queueing
/// in the pool is cheaper than SQLite's sleeping busy handler); on PostgreSQL both are one pool.
pub async fn connect(url: &str) -> Result<(AnyPool, AnyPool), sqlx::Error> {
    connect_with(url, Commit::Durable).await
}

/// [`connect`] with a choice of [`Commit`] (SQLite only).
pub async fn connect_with(url: &str, commit: Commit) -> Result<(AnyPool, AnyPool), sqlx::Error> {
    sqlx::any::install_default_drivers();
    if url.starts_with("sqlite:") {
        private_sqlite_file(url).map_err(sqlx::Error::Io)?;
        let general = pool(url, 8, commit).await?;
        sqlx::migrate!("./migrations").run(&general).await?;
        let writer = pool(url, 1, commit).await?;
        Ok((general, writer))
    } else {
        let general = pool(url, 32, commit).await?;
        sqlx::migrate!("./migrations").run(&general).await?;
        Ok((general.clone(), general))
    }
}
