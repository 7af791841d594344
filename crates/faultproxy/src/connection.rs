//! Serving one accepted connection under the fault chosen for it.

use std::future::pending;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::Fault;

/// Changes whenever live connections must be cut (the proxy went down or stopped).
pub(crate) type Cut = watch::Receiver<u64>;

/// Runs `client` under `fault` until it ends or `cut` changes; every unclean end is a reset.
pub(crate) async fn serve(mut client: TcpStream, fault: Fault, upstream: SocketAddr, mut cut: Cut) {
    let _ = client.set_nodelay(true);
    match fault {
        Fault::ResetImmediately | Fault::Down => reset(&client),
        Fault::Blackhole => {
            let client_closed = tokio::select! {
                ended = swallow(&mut client) => ended.is_ok(),
                _ = cut.changed() => false,
            };
            if client_closed {
                let _ = cut.changed().await;
            }
            reset(&client);
        }
        Fault::None | Fault::Latency { .. } | Fault::ResetAfterRequest => {
            let Ok(mut upstream) = TcpStream::connect(upstream).await else {
                reset(&client);
                return;
            };
            let _ = upstream.set_nodelay(true);
            let clean = tokio::select! {
                clean = forward(&fault, &mut client, &mut upstream) => clean,
                _ = cut.changed() => false,
            };
            if !clean {
                reset(&client);
                reset(&upstream);
            }
        }
    }
}

/// Forwards between the two sides as `fault` says; true if both sides finished cleanly.
async fn forward(fault: &Fault, client: &mut TcpStream, upstream: &mut TcpStream) -> bool {
    match fault {
        Fault::Latency { millis } => {
            let delay = Duration::from_millis(*millis);
            let (client_read, client_write) = client.split();
            let (upstream_read, upstream_write) = upstream.split();
            tokio::try_join!(
                delayed_copy(client_read, upstream_write, delay),
                delayed_copy(upstream_read, client_write, delay),
            )
            .is_ok()
        }
        Fault::ResetAfterRequest => {
            until_first_reply(client, upstream).await;
            false
        }
        _ => tokio::io::copy_bidirectional(client, upstream)
            .await
            .is_ok(),
    }
}

/// Copies one direction, sleeping `delay` before writing each chunk, and passes EOF on.
async fn delayed_copy<R, W>(mut from: R, mut to: W, delay: Duration) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf = vec![0; 16 * 1024];
    loop {
        let read = from.read(&mut buf).await?;
        if read == 0 {
            return to.shutdown().await;
        }
        tokio::time::sleep(delay).await;
        to.write_all(&buf[..read]).await?;
    }
}

/// Forwards the client's bytes upstream until the upstream answers (or closes, or the client
/// fails); the answer is never written to the client.
async fn until_first_reply(client: &mut TcpStream, upstream: &mut TcpStream) {
    let (mut client_read, _) = client.split();
    let (mut upstream_read, mut upstream_write) = upstream.split();
    let request = async {
        if tokio::io::copy(&mut client_read, &mut upstream_write)
            .await
            .is_ok()
        {
            let _ = upstream_write.shutdown().await;
            pending::<()>().await;
        }
    };
    let reply = async {
        let mut first = [0u8; 1];
        let _ = upstream_read.read(&mut first).await;
    };
    tokio::select! {
        () = request => {}
        () = reply => {}
    }
}

/// Reads and discards until the client closes (`Ok`) or fails (`Err`).
async fn swallow(client: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = vec![0; 16 * 1024];
    while client.read(&mut buf).await? > 0 {}
    Ok(())
}

/// Makes the coming close an RST instead of a FIN (`SO_LINGER` 0).
fn reset(stream: &TcpStream) {
    let _ = stream.set_zero_linger();
}
