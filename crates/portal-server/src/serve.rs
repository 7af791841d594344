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
//! - **Admission** ([`ServeLimits::max_in_flight`], [`ServeLimits::queue_wait`]): at most so
//!   many requests are worked on at once; a request that finds no place within the queue wait
//!   is answered `503 busy` with `Retry-After` at once. So past capacity the portal sheds what
//!   it cannot do instead of queueing without bound: the requests it takes keep their latency
//!   and memory stays bounded. Requests without a session may take only three places in four,
//!   so new sign-ins are shed before the rest of syncs already signed in. The health checks
//!   are never shed.
//! - **Trusted proxies** (`crate::proxies`): behind a configured load balancer, a request's
//!   address (`ConnectInfo`, which rate limits read) is the client's from `X-Forwarded-For`,
//!   and the balancer's own connections are exempt from the per-address cap.
//! - **Shutdown**: when `shutdown` completes, the loop stops accepting, idle kept-alive
//!   connections are closed, and requests being answered (a submission being committed) get up
//!   to [`DRAIN_SECONDS`] to finish.
//!
//! A failed accept (no descriptor left) waits a little and goes on, never ending the server.

use crate::error::ApiError;
use crate::proxies::TrustedProxies;
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
    /// Requests worked on at once.
    pub max_in_flight: usize,
    /// How long a request may wait for a place before it is answered `busy`.
    pub queue_wait: Duration,
}

/// Seconds open requests get to finish once shutdown begins.
pub const DRAIN_SECONDS: u64 = 10;

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
            max_in_flight: 128,
            queue_wait: Duration::from_millis(50),
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

/// The share of the places requests without a session may take: past it, only requests of
/// signed-in sessions get in, so at a peak the syncs already under way finish instead of every
/// sync being shed part-way through (a shed sign-in costs a challenge; a shed document fetch
/// wastes the sign-in before it).
const NEW_WORK_SHARE: (usize, usize) = (3, 4);

/// A place, or `None` when none came within `wait`.
async fn place_within(
    places: &Arc<Semaphore>,
    wait: Duration,
) -> Option<tokio::sync::OwnedSemaphorePermit> {
    match Arc::clone(places).try_acquire_owned() {
        Ok(p) => Some(p),
        Err(_) => tokio::time::timeout(wait, Arc::clone(places).acquire_owned())
            .await
            .ok()
            .and_then(Result::ok),
    }
}

/// Adds admission to `app`: `max_in_flight` places, of which requests without an
/// `Authorization` header (new sign-ins, registrations, public reads) may take
/// [`NEW_WORK_SHARE`]; a request that gets none within `queue_wait` is answered `503 busy` with
/// `Retry-After: 1`. The health checks always pass.
fn with_admission(app: Router, max_in_flight: usize, queue_wait: Duration) -> Router {
    let max = max_in_flight.max(1);
    let places = Arc::new(Semaphore::new(max));
    let new_work = Arc::new(Semaphore::new(
        (max * NEW_WORK_SHARE.0 / NEW_WORK_SHARE.1).max(1),
    ));
    app.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let (places, new_work) = (Arc::clone(&places), Arc::clone(&new_work));
            async move {
                if req.uri().path().starts_with("/v1/health") {
                    return next.run(req).await;
                }
                let started = tokio::time::Instant::now();
                let share = if req
                    .headers()
                    .contains_key(axum::http::header::AUTHORIZATION)
                {
                    None
                } else {
                    match place_within(&new_work, queue_wait).await {
                        Some(p) => Some(p),
                        None => {
                            return axum::response::IntoResponse::into_response(ApiError::busy(1))
                        }
                    }
                };
                let left = queue_wait.saturating_sub(started.elapsed());
                match place_within(&places, left).await {
                    Some(place) => {
                        let response = next.run(req).await;
                        drop((place, share));
                        response
                    }
                    None => axum::response::IntoResponse::into_response(ApiError::busy(1)),
                }
            }
        },
    ))
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes; then stops accepting,
/// closes idle connections and gives requests being answered up to [`DRAIN_SECONDS`] to finish.
/// Behind `proxies`, a request's `ConnectInfo` is its client's address (module docs).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    proxies: TrustedProxies,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let app = with_admission(app, limits.max_in_flight, limits.queue_wait);
    let app = with_request_timeout(app, limits.request_timeout);
    let proxies = Arc::new(proxies);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
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
        let from_proxy = proxies.contains(peer.ip());
        let address_place = if from_proxy {
            None
        } else {
            match PerAddress::take(&per_address, peer.ip(), limits.max_per_address) {
                Some(p) => Some(p),
                None => {
                    drop(stream);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let proxies = Arc::clone(&proxies);
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                let client = if from_proxy {
                    let forwarded = req
                        .headers()
                        .get_all("x-forwarded-for")
                        .iter()
                        .filter_map(|v| v.to_str().ok());
                    SocketAddr::new(proxies.client(peer.ip(), forwarded), peer.port())
                } else {
                    peer
                };
                req.extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(client));
                let app = app.clone();
                async move { tower::ServiceExt::oneshot(app, req).await }
            });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(address_place);
            drop(place);
        });
    }
    // Idle connections close now; requests being answered get a while to finish.
    let _ = tokio::time::timeout(Duration::from_secs(DRAIN_SECONDS), graceful.shutdown()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::with_admission;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use std::time::Duration;
    use tower::ServiceExt;

    fn app() -> axum::Router {
        let slow = || async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            "done"
        };
        let router = axum::Router::new()
            .route("/slow", axum::routing::get(slow))
            .route("/v1/health", axum::routing::get(slow));
        with_admission(router, 1, Duration::from_millis(50))
    }

    fn get(path: &str) -> Request<Body> {
        Request::get(path).body(Body::empty()).unwrap()
    }

    fn signed_in(path: &str) -> Request<Body> {
        Request::get(path)
            .header("authorization", "Bearer t")
            .body(Body::empty())
            .unwrap()
    }

    /// Requests without a session take at most three of four places; the fourth is kept for
    /// the syncs already signed in.
    #[tokio::test(start_paused = true)]
    async fn new_work_is_shed_before_the_work_of_signed_in_sessions() {
        let slow = || async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            "done"
        };
        let app = with_admission(
            axum::Router::new().route("/slow", axum::routing::get(slow)),
            4,
            Duration::from_millis(50),
        );
        let taken: Vec<_> = (0..3)
            .map(|_| tokio::spawn(app.clone().oneshot(get("/slow"))))
            .collect();
        tokio::task::yield_now().await;
        let new = app.clone().oneshot(get("/slow")).await.unwrap();
        assert_eq!(new.status(), StatusCode::SERVICE_UNAVAILABLE);
        let session = app.clone().oneshot(signed_in("/slow")).await.unwrap();
        assert_eq!(session.status(), StatusCode::OK);
        for t in taken {
            assert_eq!(t.await.unwrap().unwrap().status(), StatusCode::OK);
        }
        // Signed-in requests may also take every place, and then new work waits and is shed.
        let all: Vec<_> = (0..4)
            .map(|_| tokio::spawn(app.clone().oneshot(signed_in("/slow"))))
            .collect();
        tokio::task::yield_now().await;
        let new = app.clone().oneshot(get("/slow")).await.unwrap();
        assert_eq!(new.status(), StatusCode::SERVICE_UNAVAILABLE);
        for t in all {
            assert_eq!(t.await.unwrap().unwrap().status(), StatusCode::OK);
        }
    }

    /// The clock is tokio's paused one: the sleeps are exact, not raced against real time.
    #[tokio::test(start_paused = true)]
    async fn past_its_places_and_wait_a_request_is_shed_with_retry_after() {
        let app = app();
        let first = tokio::spawn(app.clone().oneshot(get("/slow")));
        tokio::task::yield_now().await;
        // The one place is taken for 200 ms; a second request waits 50 ms, then is shed.
        let shed = app.clone().oneshot(get("/slow")).await.unwrap();
        assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(shed.headers()["retry-after"], "1");
        // The health check is never shed.
        let health = app.clone().oneshot(get("/v1/health")).await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
        // With the place free again, a request is taken.
        let later = app.oneshot(get("/slow")).await.unwrap();
        assert_eq!(later.status(), StatusCode::OK);
    }

    /// A request that waits less than the queue wait for its place is served, not shed.
    #[tokio::test(start_paused = true)]
    async fn a_short_wait_for_a_place_is_served() {
        let router = axum::Router::new().route(
            "/quick",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_millis(30)).await;
                "done"
            }),
        );
        let app = with_admission(router, 1, Duration::from_millis(50));
        let first = tokio::spawn(app.clone().oneshot(get("/quick")));
        tokio::task::yield_now().await;
        let second = app.oneshot(get("/quick")).await.unwrap();
        assert_eq!(second.status(), StatusCode::OK);
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
    }
}
