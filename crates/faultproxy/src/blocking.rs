//! A synchronous handle for blocking tests, running the proxy on its own runtime thread.

use std::io;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::{Fault, FaultProxy, Stats};

/// A [`FaultProxy`] usable without async code: it owns a single-threaded tokio runtime that runs
/// on a background thread. Dropping it stops the proxy and joins that thread.
///
/// Do not create or drop it on a thread that is itself driving a tokio runtime.
#[derive(Debug)]
pub struct BlockingFaultProxy {
    proxy: Option<FaultProxy>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl BlockingFaultProxy {
    /// Starts the runtime thread and the proxy in it; see [`FaultProxy::start`].
    pub fn start(upstream: SocketAddr) -> io::Result<BlockingFaultProxy> {
        let (started_tx, started_rx) = mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("eid-faultproxy".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(err) => {
                        let _ = started_tx.send(Err(err));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let started = FaultProxy::start(upstream).await;
                    let running = started.is_ok();
                    let _ = started_tx.send(started);
                    if running {
                        let _ = stopped.await;
                    }
                });
            })?;
        let proxy = started_rx
            .recv()
            .map_err(|_| io::Error::other("the fault proxy thread died while starting"))??;
        Ok(BlockingFaultProxy {
            proxy: Some(proxy),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// See [`FaultProxy::addr`].
    pub fn addr(&self) -> SocketAddr {
        self.proxy().addr()
    }

    /// See [`FaultProxy::set`].
    pub fn set(&self, fault: Fault) {
        self.proxy().set(fault);
    }

    /// See [`FaultProxy::set_random`].
    pub fn set_random(&self, seed: u64, mix: &[(Fault, u32)]) {
        self.proxy().set_random(seed, mix);
    }

    /// See [`FaultProxy::stats`].
    pub fn stats(&self) -> Stats {
        self.proxy().stats()
    }

    fn proxy(&self) -> &FaultProxy {
        self.proxy
            .as_ref()
            .expect("the proxy lives until the handle is dropped")
    }
}

impl Drop for BlockingFaultProxy {
    fn drop(&mut self) {
        drop(self.proxy.take());
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
