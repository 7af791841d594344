//! Device-key sign-ins written by group commit (`crate::batch`): at the evening peak every sync
//! begins with one, and each records its challenge as used and its new session. One batch is
//! one transaction of two multi-row statements: the challenges (`ON CONFLICT DO NOTHING
//! RETURNING` tells which were unused) and the sessions of the sign-ins whose challenge was.
//! A sign-in is answered only after that commit, so a challenge works once across every portal
//! on the database, as it did with one transaction per sign-in.

use crate::batch::{placeholders, Batch};
use sqlx::{AnyPool, AssertSqlSafe, Row};
use std::collections::HashSet;

/// One sign-in whose device signature verified.
pub struct SignIn {
    /// The challenge, lower-case (as it is stored).
    pub challenge: String,
    /// When the challenge expires (Unix seconds): its row may be purged after.
    pub challenge_expires_at: u64,
    /// The session to open when the challenge was unused; `None` uses the challenge up without
    /// one (a phone reported lost).
    pub session: Option<NewSession>,
}

/// A citizen session to store.
pub struct NewSession {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// The account.
    pub account_id: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// The sign-ins' batch; a sign-in's outcome is whether its challenge was unused (and so its
/// session, if any, was stored).
pub struct SignIns;

impl Batch for SignIns {
    type Item = SignIn;
    type Outcome = bool;
    const NAME: &'static str = "sign-in";

    fn order(a: &SignIn, b: &SignIn) -> std::cmp::Ordering {
        a.challenge.cmp(&b.challenge)
    }

    async fn write(writer: &AnyPool, items: &[&SignIn]) -> Result<Vec<bool>, sqlx::Error> {
        let mut tx = writer.begin().await?;
        // The SQL text holds only placeholders; every value is bound.
        let sql = format!(
            "INSERT INTO used_challenges (challenge, expires_at) VALUES {}
             ON CONFLICT (challenge) DO NOTHING RETURNING challenge",
            placeholders(items.len(), 2, "")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for s in items {
            q = q
                .bind(s.challenge.clone())
                .bind(s.challenge_expires_at as i64);
        }
        let mut unused: HashSet<String> = q
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        // The same challenge twice in one batch: only the first gets it.
        let first_use: Vec<bool> = items.iter().map(|s| unused.remove(&s.challenge)).collect();
        let sessions: Vec<&NewSession> = items
            .iter()
            .zip(&first_use)
            .filter_map(|(s, &first)| s.session.as_ref().filter(|_| first))
            .collect();
        if !sessions.is_empty() {
            let sql = format!(
                "INSERT INTO sessions (token_hash, account_id, expires_at, kind) VALUES {}",
                placeholders(sessions.len(), 3, ", 'citizen'")
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for s in &sessions {
                q = q
                    .bind(s.token_hash.clone())
                    .bind(s.account_id.clone())
                    .bind(s.expires_at as i64);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(first_use)
    }
}
