//! The listening socket, which can be closed and bound again on the same address synchronously.

use std::io;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Handle;

/// A listener that `close` drops at once (so connects are refused as soon as it returns) and
/// `open` binds again on the same address, while the accept loop keeps polling it.
#[derive(Debug)]
pub(crate) struct SwitchableListener {
    addr: SocketAddr,
    runtime: Handle,
    slot: Mutex<Slot>,
}

#[derive(Debug)]
struct Slot {
    listener: Option<TcpListener>,
    waker: Option<Waker>,
}

impl SwitchableListener {
    /// Binds `addr` (port 0 picks a free port) and registers the socket with the current runtime.
    pub(crate) fn bind(addr: SocketAddr) -> io::Result<SwitchableListener> {
        let runtime = Handle::current();
        let listener = bind_on(&runtime, addr)?;
        Ok(SwitchableListener {
            addr: listener.local_addr()?,
            runtime,
            slot: Mutex::new(Slot {
                listener: Some(listener),
                waker: None,
            }),
        })
    }

    /// The address the listener is (or was last) bound to.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Closes the listening socket; connects are refused from now on.
    pub(crate) fn close(&self) {
        let mut slot = self.lock();
        slot.listener = None;
        wake(&mut slot);
    }

    /// Binds the same address again if the listener is closed.
    pub(crate) fn open(&self) -> io::Result<()> {
        let mut slot = self.lock();
        if slot.listener.is_none() {
            slot.listener = Some(bind_on(&self.runtime, self.addr)?);
            wake(&mut slot);
        }
        Ok(())
    }

    /// Polls for the next client; stays pending while the listener is closed.
    pub(crate) fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<TcpStream>> {
        let mut slot = self.lock();
        slot.waker = Some(cx.waker().clone());
        match &slot.listener {
            Some(listener) => listener.poll_accept(cx).map_ok(|(stream, _)| stream),
            None => Poll::Pending,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.slot
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Wakes the accept loop so it polls the new listener (or notices there is none).
fn wake(slot: &mut Slot) {
    if let Some(waker) = slot.waker.take() {
        waker.wake();
    }
}

/// Binds with the standard library, which sets `SO_REUSEADDR` on Unix so the port can be bound
/// again right after the previous listener closed, then hands the socket to tokio.
fn bind_on(runtime: &Handle, addr: SocketAddr) -> io::Result<TcpListener> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let _entered = runtime.enter();
    TcpListener::from_std(listener)
}
