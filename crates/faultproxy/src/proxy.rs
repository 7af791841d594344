//! The proxy handle and its accept loop.

use std::future::poll_fn;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::connection::{self, Cut};
use crate::listener::SwitchableListener;
use crate::policy::Policy;
use crate::stats::Counters;
use crate::{Fault, Stats};

/// A TCP proxy on `127.0.0.1` that forwards to one upstream address and applies a [`Fault`] to
/// each connection it accepts. It runs on the tokio runtime that called [`FaultProxy::start`];
/// dropping it stops it like [`FaultProxy::stop`] does, without waiting.
#[derive(Debug)]
pub struct FaultProxy {
    shared: Arc<Shared>,
    accept_loop: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct Shared {
    upstream: SocketAddr,
    listener: SwitchableListener,
    policy: Mutex<Policy>,
    counters: Counters,
    cut: watch::Sender<u64>,
}

impl FaultProxy {
    /// Listens on `127.0.0.1` on a free port and forwards to `upstream`, with [`Fault::None`].
    pub async fn start(upstream: SocketAddr) -> io::Result<FaultProxy> {
        let listener = SwitchableListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        let shared = Arc::new(Shared {
            upstream,
            listener,
            policy: Mutex::new(Policy::Fixed(Fault::None)),
            counters: Counters::default(),
            cut: watch::Sender::new(0),
        });
        let accept_loop = Some(tokio::spawn(accept_loop(Arc::clone(&shared))));
        Ok(FaultProxy {
            shared,
            accept_loop,
        })
    }

    /// The address clients connect to; it stays the same across [`Fault::Down`].
    pub fn addr(&self) -> SocketAddr {
        self.shared.listener.addr()
    }

    /// Gives every connection accepted from now on `fault`. [`Fault::Down`] takes effect before
    /// this returns: the listener is closed and live connections are reset. Leaving `Down` binds
    /// the same address again before this returns.
    ///
    /// # Panics
    /// If leaving `Down` and the address can no longer be bound (another socket took the port).
    pub fn set(&self, fault: Fault) {
        self.apply(Policy::Fixed(fault));
    }

    /// Chooses each new connection's fault by weight from `mix`, with a RNG seeded by `seed`:
    /// the sequence of choices, taken in accept order, is the same for the same seed and mix.
    /// Replaces any earlier fault or mix; counts in [`Stats`] keep adding up.
    ///
    /// # Panics
    /// If the weights add up to zero, or as [`FaultProxy::set`] when leaving `Down`.
    pub fn set_random(&self, seed: u64, mix: &[(Fault, u32)]) {
        self.apply(Policy::random(seed, mix));
    }

    /// How many connections were accepted and which faults they got.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Closes the listener, resets every live connection and waits for the accept loop to end.
    pub async fn stop(mut self) {
        self.shut_down();
        if let Some(accept_loop) = self.accept_loop.take() {
            let _ = accept_loop.await;
        }
    }

    fn apply(&self, policy: Policy) {
        let mut current = self.shared.policy();
        let down = policy.is_down();
        *current = policy;
        if down {
            self.shared.listener.close();
            self.shared.cut_live();
        } else if let Err(err) = self.shared.listener.open() {
            panic!("fault proxy cannot bind {} again: {err}", self.addr());
        }
    }

    fn shut_down(&mut self) {
        self.shared.listener.close();
        self.shared.cut_live();
        if let Some(accept_loop) = &self.accept_loop {
            accept_loop.abort();
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shut_down();
    }
}

impl Shared {
    fn policy(&self) -> MutexGuard<'_, Policy> {
        self.policy
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Resets every connection accepted so far.
    fn cut_live(&self) {
        self.cut.send_modify(|generation| *generation += 1);
    }

    /// The fault for a newly accepted connection, and its cut signal, taken under the policy lock
    /// so a concurrent switch to `Down` either cuts the connection or gives it `Down`.
    fn admit(&self) -> (Fault, Cut) {
        let mut policy = self.policy();
        let fault = policy.choose();
        self.counters.record(&fault);
        (fault, self.cut.subscribe())
    }
}

async fn accept_loop(shared: Arc<Shared>) {
    loop {
        match poll_fn(|cx| shared.listener.poll_accept(cx)).await {
            Ok(client) => {
                let (fault, cut) = shared.admit();
                tokio::spawn(connection::serve(client, fault, shared.upstream, cut));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}
