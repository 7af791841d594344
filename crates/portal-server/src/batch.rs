//! Group commit: one task owns a write path and writes whatever jobs are waiting (up to
//! [`MAX_BATCH`]) in **one** transaction, so a burst of writes costs one disk flush instead of
//! one each. Each job still commits exactly when its batch does, and its caller waits for that
//! commit before answering. What a batch writes is a [`Batch`]: submissions
//! (`crate::submission_batch`) and sign-ins (`crate::sign_in_batch`).
//!
//! Why: with sqlx's SQLite driver every statement is a hand-off to the connection's worker
//! thread and back, and thread wake-ups, not SQLite, dominated the profile (docs/benchmarks.md);
//! and SQLite has one writer at a time, so writers from many connections sleep in its busy
//! handler. Batching turns several hand-offs and one flush per write into as many per batch.

use crate::error::ApiError;
use eid_portal_api::ErrorCode;
use sqlx::AnyPool;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most jobs written in one transaction (at most 8 parameters each, well under every limit).
pub const MAX_BATCH: usize = 128;
/// Jobs waiting for the writer; past that, a job is answered `busy` at once.
pub const QUEUE: usize = 4096;

/// What one kind of batch writes.
pub trait Batch: Send + Sync + 'static {
    /// One job.
    type Item: Send + Sync + 'static;
    /// What happened to one job.
    type Outcome: Send + Copy + 'static;
    /// The writer's name in the log ("submission", "sign-in").
    const NAME: &'static str;
    /// The order jobs are written in within a batch: the order rows are locked in, so two
    /// batches touching the same row wait for each other instead of deadlocking.
    fn order(a: &Self::Item, b: &Self::Item) -> std::cmp::Ordering;
    /// Writes one batch in one transaction; returns each job's outcome, in order.
    fn write<'a>(
        writer: &'a AnyPool,
        items: &'a [&'a Self::Item],
    ) -> impl Future<Output = Result<Vec<Self::Outcome>, sqlx::Error>> + Send + 'a;
}

type Job<B> = (
    <B as Batch>::Item,
    oneshot::Sender<Result<<B as Batch>::Outcome, ErrorCode>>,
);
type Jobs<B> = Arc<tokio::sync::Mutex<mpsc::Receiver<Job<B>>>>;

/// The handle jobs are sent through.
pub struct Batcher<B: Batch> {
    jobs: mpsc::Sender<Job<B>>,
    running: Arc<AtomicBool>,
}

impl<B: Batch> Clone for Batcher<B> {
    fn clone(&self) -> Self {
        Batcher {
            jobs: self.jobs.clone(),
            running: Arc::clone(&self.running),
        }
    }
}

impl<B: Batch> Batcher<B> {
    /// Starts the writer task over `writer` (call inside the runtime), under a supervisor that
    /// starts it again should it ever stop (a panic): the queue is kept, so what waits in it is
    /// written by the next writer; the batch that was being written when it stopped is answered
    /// `busy` (its callers retry: submissions with the same keys, which commit at most once).
    ///
    /// `writers` tasks take batches from the one queue: 1 on SQLite (one writer at a time
    /// anyway); on PostgreSQL several, so one batch is built and sent while another waits for
    /// its commit to reach the disk. Each batch is sorted by [`Batch::order`].
    pub fn start(writer: AnyPool, writers: usize) -> Batcher<B> {
        let (jobs, rx) = mpsc::channel(QUEUE);
        let rx: Jobs<B> = Arc::new(tokio::sync::Mutex::new(rx));
        let running = Arc::new(AtomicBool::new(true));
        for _ in 0..writers.max(1) {
            tokio::spawn(supervise::<B>(
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

    /// Puts a job in the next batch and waits for its commit. While the writer is being
    /// restarted, or when the queue is full, the answer is `busy` at once, never a wait without
    /// end.
    pub async fn submit(&self, item: B::Item) -> Result<B::Outcome, ApiError> {
        if !self.is_running() {
            return Err(ApiError::busy(1));
        }
        let (reply, answer) = oneshot::channel();
        self.jobs
            .try_send((item, reply))
            .map_err(|_| ApiError::busy(1))?;
        match answer.await {
            Ok(Ok(o)) => Ok(o),
            Ok(Err(ErrorCode::Busy)) | Err(_) => Err(ApiError::busy(1)),
            Ok(Err(code)) => Err(ApiError::new(
                code,
                format!("the {} could not be stored", B::NAME),
            )),
        }
    }
}

/// Runs the writer, and runs it again whenever it ends by a panic (it ends normally only when
/// every sender is gone).
async fn supervise<B: Batch>(writer: AnyPool, rx: Jobs<B>, running: Arc<AtomicBool>) {
    loop {
        let task = tokio::spawn(run::<B>(writer.clone(), Arc::clone(&rx)));
        match task.await {
            Ok(()) => return,
            Err(e) => {
                running.store(false, Ordering::Release);
                eprintln!(
                    "eid-portal: the {} writer stopped ({e}); restarting it",
                    B::NAME
                );
                tokio::time::sleep(RESTART_PAUSE).await;
                running.store(true, Ordering::Release);
            }
        }
    }
}

/// The pause before a stopped writer is started again.
const RESTART_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// Takes the next batch: waits for one job, then takes what else waits, up to [`MAX_BATCH`],
/// sorted. `None` when every sender is gone.
async fn next_batch<B: Batch>(rx: &Jobs<B>) -> Option<Vec<Job<B>>> {
    let mut rx = rx.lock().await;
    let first = rx.recv().await?;
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch.sort_by(|(a, _), (b, _)| B::order(a, b));
    Some(batch)
}

async fn run<B: Batch>(writer: AnyPool, rx: Jobs<B>) {
    while let Some(batch) = next_batch::<B>(&rx).await {
        let items: Vec<&B::Item> = batch.iter().map(|(s, _)| s).collect();
        let result = B::write(&writer, &items).await;
        if let Err(e) = &result {
            eprintln!("eid-portal: database error in a {} batch: {e}", B::NAME);
        }
        for (i, (_, reply)) in batch.into_iter().enumerate() {
            let outcome = match &result {
                Ok(outcomes) => outcomes.get(i).copied().ok_or(ErrorCode::Internal),
                Err(e) if crate::error::is_unavailable(e) => Err(ErrorCode::Busy),
                Err(_) => Err(ErrorCode::Internal),
            };
            let _ = reply.send(outcome);
        }
    }
}

/// `(${1}, …, ${per_row}{literal_tail}), …` for `rows` rows: the `VALUES` of a multi-row
/// insert whose every value is bound.
pub fn placeholders(rows: usize, per_row: usize, literal_tail: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_row() {
        assert_eq!(placeholders(2, 2, ", 0"), "($1, $2, 0), ($3, $4, 0)");
        assert_eq!(placeholders(1, 3, ""), "($1, $2, $3)");
    }

    /// Doubles each job; a batch holding 13 panics, as a bug in a writer would.
    struct Doubling;

    impl Batch for Doubling {
        type Item = u32;
        type Outcome = u32;
        const NAME: &'static str = "test";

        fn order(a: &u32, b: &u32) -> std::cmp::Ordering {
            a.cmp(b)
        }

        async fn write(_: &AnyPool, items: &[&u32]) -> Result<Vec<u32>, sqlx::Error> {
            assert!(!items.contains(&&13), "the writer's bug");
            Ok(items.iter().map(|&&x| x * 2).collect())
        }
    }

    async fn pool() -> AnyPool {
        sqlx::any::install_default_drivers();
        AnyPool::connect("sqlite::memory:").await.unwrap()
    }

    #[tokio::test]
    async fn a_writer_that_panics_answers_busy_and_is_started_again() {
        let batcher = Batcher::<Doubling>::start(pool().await, 1);
        assert_eq!(batcher.submit(2).await.unwrap(), 4);
        let lost = batcher.submit(13).await.unwrap_err();
        assert_eq!(lost.code, ErrorCode::Busy);
        assert_eq!(lost.retry_after, Some(1));
        // The supervisor starts a new writer on the same queue: jobs are written again.
        let mut answer = None;
        for _ in 0..100 {
            match batcher.submit(3).await {
                Ok(v) => {
                    answer = Some(v);
                    break;
                }
                Err(e) => {
                    assert_eq!(e.code, ErrorCode::Busy);
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            }
        }
        assert_eq!(answer, Some(6));
        assert!(batcher.is_running());
    }

    #[tokio::test]
    async fn while_the_writer_restarts_a_job_is_answered_busy_at_once() {
        let pool = pool().await;
        // Tokio's paused clock from here: the restart pause is exact, not raced.
        tokio::time::pause();
        let batcher = Batcher::<Doubling>::start(pool, 1);
        assert!(batcher.submit(13).await.is_err());
        // Let the supervisor see the panic; it then pauses before the new writer.
        while batcher.is_running() {
            tokio::task::yield_now().await;
        }
        let began = tokio::time::Instant::now();
        let e = batcher.submit(4).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Busy);
        assert_eq!(began.elapsed(), std::time::Duration::ZERO);
        tokio::time::sleep(RESTART_PAUSE * 2).await;
        assert_eq!(batcher.submit(4).await.unwrap(), 8);
    }
}
