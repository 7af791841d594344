//! The portal's accept loop: HTTP/1.1 with the timeouts and caps that keep slow, idle or many
//! clients from starving it (`axum::serve` has none of them).
//!
//! - **Header timeout** ([`ServeLimits::header_timeout`]): a request's head must arrive whole
//!   within it, counted from when the server starts waiting for it; this also closes a kept-alive
//!   connection that sits idle that long (hyper starts the timer whenever it waits for a head).
//! - **Request timeout**: a request's body must be read and answered within it, else
//!   `408 request_timeout` (a slowly dribbled body).
//! - **Connections**: at most [`ServeLimits::max_connections`] at once (by default the process's
//!   descriptor limit less a reserve, so the database and the log always find one), and at most
//!   [`ServeLimits::max_per_address`] from one network address: one address cannot take them all.
//!   Past the total, the loop stops accepting until one closes (the kernel keeps the rest
//!   waiting); past the per-address cap, the new connection is closed at once.
//!
//! A failed accept (no descriptor left) waits a little and goes on, never ending the server.

use crate::error::ApiError;
use axum::extract::ConnectInfo;
use axum::Router;
use eid_portal_api::ErrorCode;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The timeouts and caps of [`serve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// Time to receive a request's head (and most a kept-alive connection may sit idle).
    pub header_timeout: Duration,
    /// Time to receive a request's body and answer it.
    pub request_timeout: Duration,
    /// Connections at once.
    pub max_connections: usize,
    /// Connections at once from one network address.
    pub max_per_address: usize,
}

/// Descriptors kept free of connections, for the database, the log and the keys file.
const DESCRIPTOR_RESERVE: usize = 64;

/// The process's soft limit of open descriptors, when the system says (Linux).
fn descriptor_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

impl Default for ServeLimits {
    fn default() -> Self {
        let fit = descriptor_limit().map_or(1024, |n| n.saturating_sub(DESCRIPTOR_RESERVE));
        ServeLimits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: fit.clamp(16, 4096),
            max_per_address: 64,
        }
    }
}

/// Counts connections per address; a place is given back when its guard is dropped.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

struct AddressPlace {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    fn take(table: &Arc<PerAddress>, ip: IpAddr, max: usize) -> Option<AddressPlace> {
        let mut counts = table.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = counts.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(AddressPlace {
            table: Arc::clone(table),
            ip,
        })
    }
}

impl Drop for AddressPlace {
    fn drop(&mut self) {
        let mut counts = self.table.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = counts.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// Adds the request timeout to `app`: a request not answered in time gets `408`.
fn with_request_timeout(app: Router, timeout: Duration) -> Router {
    app.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| async move {
            match tokio::time::timeout(timeout, next.run(req)).await {
                Ok(response) => response,
                Err(_) => axum::response::IntoResponse::into_response(ApiError::new(
                    ErrorCode::RequestTimeout,
                    "the request was not received in time",
                )),
            }
        },
    ))
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes; then stops accepting
/// and gives open connections up to 10 seconds to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let app = with_request_timeout(app, limits.request_timeout);
    let places = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    tokio::pin!(shutdown);
    loop {
        let place = tokio::select! {
            _ = &mut shutdown => break,
            place = Arc::clone(&places).acquire_owned() => match place {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was accepted: wait a
                    // moment and go on.
                    eprintln!("eid-portal: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Some(address_place) = PerAddress::take(&per_address, peer.ip(), limits.max_per_address)
        else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                    let app = app.clone();
                    async move { tower::ServiceExt::oneshot(app, req).await }
                },
            );
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(address_place);
            drop(place);
        });
    }
    // Let the open connections finish, for a while.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(10), places.acquire_many(all)).await;
    Ok(())
}
