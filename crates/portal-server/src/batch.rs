//! Group commit for submissions: one task owns the write path and writes whatever submissions
//! are waiting (up to [`MAX_BATCH`]) in **one** transaction of two multi-row statements — the
//! idempotency keys with their answers (`ON CONFLICT DO NOTHING RETURNING` tells which keys are
//! new) and the applications of the new keys. Each submission still commits exactly when its
//! key does; a key that already existed writes nothing and its caller reads the stored answer.
//!
//! Why: with sqlx's SQLite driver every statement is a hand-off to the connection's worker
//! thread and back, and thread wake-ups, not SQLite, dominated the profile (docs/benchmarks.md).
//! Batching turns four hand-offs per submission into four per batch.

use crate::error::ApiError;
use eid_portal_api::ErrorCode;
use sqlx::{AnyPool, AssertSqlSafe, Row};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most submissions written in one transaction (8 parameters each, well under every limit).
pub const MAX_BATCH: usize = 128;
/// Submissions waiting for the writer; past that, a submission is answered `busy` at once.
pub const QUEUE: usize = 4096;

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

type Job = (Submission, oneshot::Sender<Result<Outcome, ErrorCode>>);
type Jobs = Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>;

/// The handle submissions are sent through.
#[derive(Clone)]
pub struct Batcher {
    jobs: mpsc::Sender<Job>,
    running: Arc<AtomicBool>,
}

impl Batcher {
    /// Starts the writer task over `writer` (call inside the runtime), under a supervisor that
    /// starts it again should it ever stop (a panic): the queue is kept, so what waits in it is
    /// written by the next writer; the batch that was being written when it stopped is answered
    /// `busy` (its callers retry with the same keys, which commit at most once).
    ///
    /// `writers` tasks take batches from the one queue: 1 on SQLite (one writer at a time
    /// anyway); on PostgreSQL several, so one batch is built and sent while another waits for
    /// its commit to reach the disk. Each batch takes its keys' row locks in one order (sorted),
    /// so two batches holding the same key (a duplicate in flight) wait for each other instead
    /// of deadlocking; the later one then finds the key and writes nothing.
    pub fn start(writer: AnyPool, writers: usize) -> Batcher {
        let (jobs, rx) = mpsc::channel(QUEUE);
        let rx: Jobs = Arc::new(tokio::sync::Mutex::new(rx));
        let running = Arc::new(AtomicBool::new(true));
        for _ in 0..writers.max(1) {
            tokio::spawn(supervise(
                writer.clone(),
                Arc::clone(&rx),
                Arc::clone(&running),
            ));
        }
        Batcher { jobs, running }
    }

    /// Whether the writer is running (not between a stop and its restart).
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Stores a submission in the next batch and waits for its commit. While the writer is
    /// being restarted, or when the queue is full, the answer is `busy` at once, never a wait
    /// without end.
    pub async fn submit(&self, s: Submission) -> Result<Outcome, ApiError> {
        if !self.is_running() {
            return Err(ApiError::busy(1));
        }
        let (reply, answer) = oneshot::channel();
        self.jobs
            .try_send((s, reply))
            .map_err(|_| ApiError::busy(1))?;
        match answer.await {
            Ok(Ok(o)) => Ok(o),
            Ok(Err(ErrorCode::Busy)) | Err(_) => Err(ApiError::busy(1)),
            Ok(Err(code)) => Err(ApiError::new(code, "the submission could not be stored")),
        }
    }
}

/// Runs the writer, and runs it again whenever it ends by a panic (it ends normally only when
/// every sender is gone).
async fn supervise(writer: AnyPool, rx: Jobs, running: Arc<AtomicBool>) {
    loop {
        let task = tokio::spawn(run(writer.clone(), Arc::clone(&rx)));
        match task.await {
            Ok(()) => return,
            Err(e) => {
                running.store(false, Ordering::Release);
                eprintln!("eid-portal: the submission writer stopped ({e}); restarting it");
                tokio::time::sleep(RESTART_PAUSE).await;
                running.store(true, Ordering::Release);
            }
        }
    }
}

/// The pause before a stopped writer is started again.
const RESTART_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// Takes the next batch: waits for one submission, then takes what else waits, up to
/// [`MAX_BATCH`], sorted by key. `None` when every sender is gone.
async fn next_batch(rx: &Jobs) -> Option<Vec<Job>> {
    let mut rx = rx.lock().await;
    let first = rx.recv().await?;
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch.sort_by(|(a, _), (b, _)| (&a.account_id, &a.key).cmp(&(&b.account_id, &b.key)));
    Some(batch)
}

async fn run(writer: AnyPool, rx: Jobs) {
    while let Some(batch) = next_batch(&rx).await {
        let subs: Vec<&Submission> = batch.iter().map(|(s, _)| s).collect();
        let result = write(&writer, &subs).await;
        if let Err(e) = &result {
            eprintln!("eid-portal: database error in a submission batch: {e}");
        }
        for (i, (_, reply)) in batch.into_iter().enumerate() {
            let outcome = match &result {
                Ok(created) if created[i] => Ok(Outcome::Created),
                Ok(_) => Ok(Outcome::KeyExists),
                Err(e) if crate::error::is_unavailable(e) => Err(ErrorCode::Busy),
                Err(_) => Err(ErrorCode::Internal),
            };
            let _ = reply.send(outcome);
        }
    }
}

fn placeholders(rows: usize, per_row: usize, literal_tail: &str) -> String {
    (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=per_row)
                .map(|i| format!("${}", r * per_row + i))
                .collect();
            format!("({}{literal_tail})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
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

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_number_every_row() {
        assert_eq!(placeholders(2, 2, ", 0"), "($1, $2, 0), ($3, $4, 0)");
        assert_eq!(placeholders(1, 3, ""), "($1, $2, $3)");
    }
}
