//! A bounded queue in front of costly work (Argon2id password checks, 19 MiB and tens of
//! milliseconds each): a fixed set of worker threads runs the jobs one at a time each, at most
//! `max_waiting` more wait, and past that the answer is an immediate `503 busy` with
//! `Retry-After`. So a flood of logins costs a fixed amount of memory and CPU instead of growing
//! the process without end.
//!
//! The workers are threads of the gate's own, not the runtime's blocking pool: that pool grows a
//! thread per concurrent job, and every thread's allocator arena then keeps a freed 19 MiB
//! buffer (measured: about 200 MiB for 64 concurrent logins on 2 cores even with 2 jobs at a
//! time). Dedicated threads reuse their arenas.

use crate::error::ApiError;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

type Job = Box<dyn FnOnce() + Send>;

/// The gate.
pub struct Gate {
    /// Places for the running and the waiting jobs together.
    admitted: Arc<Semaphore>,
    jobs: Mutex<Sender<Job>>,
}

fn worker(jobs: Arc<Mutex<Receiver<Job>>>) {
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            // The gate is gone.
            Err(_) => return,
        }
    }
}

impl Gate {
    /// A gate with `running` worker threads and `max_waiting` more jobs queued.
    pub fn new(running: usize, max_waiting: usize) -> Gate {
        let running = running.max(1);
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..running {
            let rx = Arc::clone(&rx);
            // A thread that cannot start leaves fewer workers; the others still serve.
            let _ = std::thread::Builder::new()
                .name(format!("eid-portal-gate-{i}"))
                .spawn(move || worker(rx));
        }
        Gate {
            admitted: Arc::new(Semaphore::new(running + max_waiting)),
            jobs: Mutex::new(tx),
        }
    }

    /// One worker per core, four times as many queued.
    pub fn for_this_machine() -> Gate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Gate::new(cores, 4 * cores)
    }

    /// Runs `job` on a worker when one is free; `busy` at once when the queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let place = Arc::clone(&self.admitted)
            .try_acquire_owned()
            .map_err(|_| ApiError::busy(1))?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let wrapped: Job = Box::new(move || {
            let out = job();
            drop(place);
            let _ = tx.send(out);
        });
        self.jobs
            .lock()
            .map_err(|_| ApiError::busy(1))?
            .send(wrapped)
            .map_err(|_| ApiError::busy(1))?;
        rx.await.map_err(|_| ApiError::busy(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_running_jobs_at_once_and_a_full_queue_answers_busy() {
        let gate = Arc::new(Gate::new(2, 3));
        let now_running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (gate, now_running, most) = (gate.clone(), now_running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                gate.run(move || {
                    let n = now_running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    now_running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
                .is_ok()
            }));
        }
        let mut ran = 0;
        for t in tasks {
            ran += usize::from(t.await.unwrap());
        }
        assert!(
            most.load(Ordering::SeqCst) <= 2,
            "never more than two at once"
        );
        assert!(ran >= 2, "some ran");
        assert!(
            ran <= 5,
            "at most two running and three queued got through: {ran}"
        );
        // Once the queue is empty again, work is taken.
        assert_eq!(gate.run(|| 7).await.unwrap(), 7);
    }
}
