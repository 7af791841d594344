//! Submissions written by group commit (`crate::batch`): one transaction of two multi-row
//! statements per batch — the idempotency keys with their answers (`ON CONFLICT DO NOTHING
//! RETURNING` tells which keys are new) and the applications of the new keys. Each submission
//! commits exactly when its key does; a key that already existed writes nothing and its caller
//! reads the stored answer.

use crate::batch::{placeholders, Batch};
use sqlx::{AnyPool, AssertSqlSafe, Row};
use std::collections::HashSet;

/// One submission, ready to store.
pub struct Submission {
    /// The account.
    pub account_id: String,
    /// Its idempotency key.
    pub key: String,
    /// SHA-256 of the request body, hex.
    pub fingerprint: String,
    /// The answer to store with the key (status 201).
    pub answer: String,
    /// The new application's id.
    pub application_id: String,
    /// The form's kind.
    pub kind: &'static str,
    /// The form as JSON.
    pub form: String,
    /// Unix seconds.
    pub now: u64,
}

/// What happened to a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored, with its application.
    Created,
    /// The key existed: nothing was written; read the stored answer.
    KeyExists,
}

/// The submissions' batch.
pub struct Submissions;

impl Batch for Submissions {
    type Item = Submission;
    type Outcome = Outcome;
    const NAME: &'static str = "submission";

    fn order(a: &Submission, b: &Submission) -> std::cmp::Ordering {
        (&a.account_id, &a.key).cmp(&(&b.account_id, &b.key))
    }

    async fn write(writer: &AnyPool, items: &[&Submission]) -> Result<Vec<Outcome>, sqlx::Error> {
        let is_new = write(writer, items).await?;
        Ok(is_new
            .into_iter()
            .map(|n| {
                if n {
                    Outcome::Created
                } else {
                    Outcome::KeyExists
                }
            })
            .collect())
    }
}

/// Writes one batch; returns, in order, whether each submission's key was new.
async fn write(writer: &AnyPool, subs: &[&Submission]) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = writer.begin().await?;
    // The SQL text holds only placeholders; every value is bound.
    let sql = format!(
        "INSERT INTO idempotency (account_id, idem_key, fingerprint, response_body, created_at,
             state, lease_until, response_status)
         VALUES {} ON CONFLICT DO NOTHING RETURNING account_id, idem_key",
        placeholders(subs.len(), 5, ", 'completed', 0, 201")
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for s in subs {
        q = q
            .bind(s.account_id.clone())
            .bind(s.key.clone())
            .bind(s.fingerprint.clone())
            .bind(s.answer.clone())
            .bind(s.now as i64);
    }
    let new: HashSet<(String, String)> = q
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let is_new: Vec<bool> = subs
        .iter()
        .map(|s| new.contains(&(s.account_id.clone(), s.key.clone())))
        .collect();
    let created: Vec<&&Submission> = subs
        .iter()
        .zip(&is_new)
        .filter_map(|(s, n)| n.then_some(s))
        .collect();
    if !created.is_empty() {
        let sql = format!(
            "INSERT INTO applications (id, account_id, kind, form, submitted_at, updated_at, state)
             VALUES {}",
            placeholders(created.len(), 6, ", 'submitted'")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for s in &created {
            q = q
                .bind(s.application_id.clone())
                .bind(s.account_id.clone())
                .bind(s.kind)
                .bind(s.form.clone())
                .bind(s.now as i64)
                .bind(s.now as i64);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(is_new)
}
