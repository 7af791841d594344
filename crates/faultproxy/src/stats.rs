//! Counting accepted connections and the faults chosen for them.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::Fault;

/// A snapshot of what the proxy has done since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections accepted from clients.
    pub accepted: u64,
    /// Accepted connections given [`Fault::None`].
    pub none: u64,
    /// Accepted connections given [`Fault::Latency`].
    pub latency: u64,
    /// Accepted connections given [`Fault::ResetAfterRequest`].
    pub reset_after_request: u64,
    /// Accepted connections given [`Fault::ResetImmediately`].
    pub reset_immediately: u64,
    /// Accepted connections given [`Fault::Blackhole`].
    pub blackhole: u64,
    /// Accepted connections given [`Fault::Down`] by a random mix.
    pub down: u64,
}

/// Live counters behind [`Stats`], shared between the accept loop and the proxy handle.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    accepted: AtomicU64,
    per_fault: [AtomicU64; 6],
}

impl Counters {
    /// Counts one accepted connection and the fault chosen for it.
    pub(crate) fn record(&self, fault: &Fault) {
        self.accepted.fetch_add(1, Ordering::Relaxed);
        self.per_fault[slot(fault)].fetch_add(1, Ordering::Relaxed);
    }

    /// Reads the counters.
    pub(crate) fn snapshot(&self) -> Stats {
        let get = |fault: Fault| self.per_fault[slot(&fault)].load(Ordering::Relaxed);
        Stats {
            accepted: self.accepted.load(Ordering::Relaxed),
            none: get(Fault::None),
            latency: get(Fault::Latency { millis: 0 }),
            reset_after_request: get(Fault::ResetAfterRequest),
            reset_immediately: get(Fault::ResetImmediately),
            blackhole: get(Fault::Blackhole),
            down: get(Fault::Down),
        }
    }
}

fn slot(fault: &Fault) -> usize {
    match fault {
        Fault::None => 0,
        Fault::Latency { .. } => 1,
        Fault::ResetAfterRequest => 2,
        Fault::ResetImmediately => 3,
        Fault::Blackhole => 4,
        Fault::Down => 5,
    }
}
