//! The proxy against a tiny HTTP-like upstream on loopback: it reads a request up to the blank
//! line, records it, answers `ECHO:` followed by the request and closes.

use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eid_faultproxy::{BlockingFaultProxy, Fault, FaultProxy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::timeout;

const REQUEST: &[u8] = b"POST /applications HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n";
const GENEROUS: Duration = Duration::from_secs(5);

struct Upstream {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: mpsc::UnboundedReceiver<Vec<u8>>,
}

impl Upstream {
    async fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let (tx, requests) = mpsc::unbounded_channel();
        let counted = Arc::clone(&connections);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                counted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(answer(stream, tx.clone()));
            }
        });
        Upstream {
            addr,
            connections,
            requests,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    async fn next_request(&mut self) -> Vec<u8> {
        timeout(GENEROUS, self.requests.recv())
            .await
            .expect("upstream saw no request in time")
            .expect("upstream is running")
    }
}

async fn answer(mut stream: TcpStream, requests: mpsc::UnboundedSender<Vec<u8>>) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let _ = requests.send(request.clone());
    let mut response = b"ECHO:".to_vec();
    response.extend_from_slice(&request);
    let _ = stream.write_all(&response).await;
    let _ = stream.shutdown().await;
}

fn echoed(request: &[u8]) -> Vec<u8> {
    [b"ECHO:".as_slice(), request].concat()
}

/// Sends `REQUEST` and reads until EOF; returns the bytes read and whether the read failed.
async fn exchange(addr: SocketAddr) -> (Vec<u8>, Option<ErrorKind>) {
    let mut client = timeout(GENEROUS, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    let _ = client.write_all(REQUEST).await;
    let mut response = Vec::new();
    let read = timeout(GENEROUS, client.read_to_end(&mut response))
        .await
        .expect("the client read neither data, EOF nor an error in time");
    (response, read.err().map(|err| err.kind()))
}

async fn proxy_to(upstream: &Upstream, fault: Fault) -> FaultProxy {
    let proxy = FaultProxy::start(upstream.addr).await.unwrap();
    proxy.set(fault);
    proxy
}

#[tokio::test]
async fn none_passes_bytes_both_ways() {
    let mut upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::None).await;

    let (response, error) = exchange(proxy.addr()).await;

    assert_eq!(error, None);
    assert_eq!(response, echoed(REQUEST));
    assert_eq!(upstream.next_request().await, REQUEST);
    let stats = proxy.stats();
    assert_eq!((stats.accepted, stats.none), (1, 1));
    proxy.stop().await;
}

#[tokio::test]
async fn latency_delays_each_direction() {
    let upstream = Upstream::start().await;
    let delay = Duration::from_millis(150);
    let proxy = proxy_to(&upstream, Fault::Latency { millis: 150 }).await;

    let began = Instant::now();
    let (response, error) = exchange(proxy.addr()).await;
    let elapsed = began.elapsed();

    assert_eq!(error, None);
    assert_eq!(response, echoed(REQUEST));
    assert!(
        elapsed >= 2 * delay,
        "a round trip crosses both directions, took {elapsed:?}"
    );
    assert_eq!(proxy.stats().latency, 1);
}

#[tokio::test]
async fn reset_after_request_commits_upstream_but_client_hears_nothing() {
    let mut upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::ResetAfterRequest).await;

    let (response, error) = exchange(proxy.addr()).await;

    assert_eq!(upstream.next_request().await, REQUEST);
    assert!(response.is_empty(), "client got {response:?}");
    assert_eq!(
        error,
        Some(ErrorKind::ConnectionReset),
        "SO_LINGER 0 sends an RST"
    );
    assert_eq!(proxy.stats().reset_after_request, 1);
}

#[tokio::test]
async fn reset_immediately_never_reaches_upstream() {
    let upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::ResetImmediately).await;

    let (response, _) = exchange(proxy.addr()).await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    assert!(response.is_empty(), "client got {response:?}");
    assert_eq!(upstream.connections(), 0);
    assert_eq!(proxy.stats().reset_immediately, 1);
}

#[tokio::test]
async fn blackhole_makes_the_client_time_out() {
    let upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::Blackhole).await;

    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    client.write_all(REQUEST).await.unwrap();
    let mut byte = [0u8; 1];
    let read = timeout(Duration::from_millis(300), client.read(&mut byte)).await;

    assert!(read.is_err(), "the read should time out, got {read:?}");
    assert_eq!(upstream.connections(), 0);
    assert_eq!(proxy.stats().blackhole, 1);
}

#[tokio::test]
async fn down_refuses_connects_until_set_back() {
    let mut upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::Down).await;
    let addr = proxy.addr();

    let refused = TcpStream::connect(addr).await;
    assert_eq!(
        refused.map(|_| ()).map_err(|err| err.kind()),
        Err(ErrorKind::ConnectionRefused)
    );

    proxy.set(Fault::None);
    assert_eq!(proxy.addr(), addr);
    let (response, error) = exchange(addr).await;
    assert_eq!(error, None);
    assert_eq!(response, echoed(REQUEST));
    assert_eq!(upstream.next_request().await, REQUEST);
    assert_eq!(proxy.stats().accepted, 1);
}

#[tokio::test]
async fn down_cuts_live_connections() {
    let upstream = Upstream::start().await;
    let proxy = proxy_to(&upstream, Fault::None).await;
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    client.write_all(b"POST / HTTP/1.1\r\n").await.unwrap();
    let began = Instant::now();
    while upstream.connections() == 0 {
        assert!(
            began.elapsed() < GENEROUS,
            "upstream never got the connection"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    proxy.set(Fault::Down);
    let mut rest = Vec::new();
    let read = timeout(GENEROUS, client.read_to_end(&mut rest))
        .await
        .expect("the live connection was not cut");

    assert!(rest.is_empty(), "client got {rest:?}");
    assert!(matches!(
        read.map_err(|err| err.kind()),
        Ok(0) | Err(ErrorKind::ConnectionReset)
    ));
}

/// Sequential connections through a fresh proxy with a seeded None/ResetImmediately mix;
/// returns which connections were answered.
async fn random_run(upstream: &Upstream, seed: u64) -> (Vec<bool>, eid_faultproxy::Stats) {
    let proxy = FaultProxy::start(upstream.addr).await.unwrap();
    proxy.set_random(seed, &[(Fault::None, 1), (Fault::ResetImmediately, 1)]);
    let mut answered = Vec::new();
    for _ in 0..40 {
        let (response, _) = exchange(proxy.addr()).await;
        answered.push(response == echoed(REQUEST));
    }
    let stats = proxy.stats();
    proxy.stop().await;
    (answered, stats)
}

#[tokio::test]
async fn set_random_repeats_its_choices_for_a_seed() {
    let upstream = Upstream::start().await;

    let (first, first_stats) = random_run(&upstream, 7).await;
    let (second, second_stats) = random_run(&upstream, 7).await;
    let (other, _) = random_run(&upstream, 8).await;

    assert_eq!(first, second);
    assert_eq!(first_stats, second_stats);
    assert_ne!(first, other, "another seed should choose differently");
    assert_eq!(first_stats.accepted, 40);
    let answered = first.iter().filter(|&&ok| ok).count() as u64;
    assert_eq!(first_stats.none, answered);
    assert_eq!(first_stats.reset_immediately, 40 - answered);
    assert!(answered > 0 && answered < 40, "both faults should be drawn");
}

#[test]
fn blocking_wrapper_switches_faults() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime.block_on(Upstream::start());
    let proxy = BlockingFaultProxy::start(upstream.addr).unwrap();
    let addr = proxy.addr();
    let blocking_exchange = || {
        let mut client = std::net::TcpStream::connect(addr)?;
        client.set_read_timeout(Some(GENEROUS))?;
        client.write_all(REQUEST)?;
        let mut response = Vec::new();
        client.read_to_end(&mut response)?;
        std::io::Result::Ok(response)
    };

    assert_eq!(blocking_exchange().unwrap(), echoed(REQUEST));

    proxy.set(Fault::Down);
    let refused = std::net::TcpStream::connect(addr).map(|_| ());
    assert_eq!(
        refused.map_err(|err| err.kind()),
        Err(ErrorKind::ConnectionRefused)
    );

    proxy.set_random(1, &[(Fault::None, 1)]);
    assert_eq!(blocking_exchange().unwrap(), echoed(REQUEST));
    let stats = proxy.stats();
    assert_eq!((stats.accepted, stats.none), (2, 2));
}
