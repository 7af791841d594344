//! The SQLCipher database: opened with a raw 32-byte key (no PBKDF2: the key is already random),
//! WAL journal, full sync, temporary tables in memory, and the schema migrations.

use crate::error::StoreError;
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The database file's name inside the wallet's home.
pub const DB_FILE: &str = "wallet.db";

/// The schema, one migration per step; never edit a released step, add one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/001_initial.sql")),
        M::up(include_str!("../migrations/002_outbox.sql")),
        M::up(include_str!("../migrations/003_status.sql")),
        M::up(include_str!("../migrations/004_recovery.sql")),
        M::up(include_str!("../migrations/005_revocation_code.sql")),
        M::up(include_str!("../migrations/006_revocation_code_shown.sql")),
    ])
}

/// An open, unlocked database.
pub struct Db {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Seals secrets kept inside the database (the device key): HMAC-SHA256 of a label under
    /// the database key, so it exists only while the wallet is unlocked.
    pub(crate) record_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Creates a new encrypted database at `path` (which must not exist).
    pub fn create(path: &Path, key: &[u8; 32]) -> Result<Db, StoreError> {
        if path.exists() {
            return Err(StoreError::AlreadyExists);
        }
        Db::open(path, key)
    }

    /// Opens the encrypted database at `path` with `key` and brings the schema up to date.
    pub fn open(path: &Path, key: &[u8; 32]) -> Result<Db, StoreError> {
        // SQLCipher's one-time initialisation of its crypto provider is not safe against two
        // threads opening their first keyed connections at once (seen here as a spurious
        // "An error occurred with PRAGMA key" in parallel tests); opens take under a
        // millisecond, so they are simply serialised.
        static OPENING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = OPENING.lock().unwrap_or_else(|e| e.into_inner());
        let mut conn = Connection::open(path)?;
        // SQLCipher logs failed page checks to stderr; the caller reports them as errors.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        let hex_key = Zeroizing::new(hex::encode(key));
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex_key.as_str()))?;
        // The first read proves the key: a wrong key reads as "file is not a database".
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|_| StoreError::Corrupt("the database does not open with this key".into()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;",
        )?;
        migrations().to_latest(&mut conn)?;
        let tag = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key),
            b"eid-wallet record key v1",
        );
        let mut record_key = Zeroizing::new([0u8; 32]);
        record_key.copy_from_slice(tag.as_ref());
        Ok(Db {
            conn,
            path: path.to_owned(),
            record_key,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA cipher_integrity_check` and `PRAGMA integrity_check`: the problems found (empty
    /// when the file is sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            problems.push(r?);
        }
        let ok: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            problems.push(ok);
        }
        Ok(problems)
    }

    /// The schema version (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// The files SQLite may create for the database at `path`.
pub fn files_of(path: &Path) -> [PathBuf; 4] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [
        path.to_owned(),
        with("-wal"),
        with("-shm"),
        with("-journal"),
    ]
}

impl Db {
    /// Runs `f` inside one transaction: all of its writes land, or none.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
