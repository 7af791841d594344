//! `eid-portal serve [--db URL] [--listen ADDR] [--demo]`.

use clap::{Parser, Subcommand};
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "eid-portal",
    version,
    about = "The reference backend of eID Wallet"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// `sqlite://FILE?mode=rwc` (default) or `postgres://USER@HOST/DB`.
        #[arg(long, env = "EID_PORTAL_DB", default_value = eid_portal_server::db::DEFAULT_URL)]
        db: String,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Demo mode: one-time codes go to the log instead of SMS.
        #[arg(long)]
        demo: bool,
    },
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let Command::Serve { db, listen, demo } = Cli::parse().command;
    let pool = match eid_portal_server::db::connect(&db).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("eid-portal: cannot open the database: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("eid-portal: cannot listen on {listen}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(listen);
    eprintln!(
        "eid-portal: listening on http://{addr}{}",
        if demo { " (demo)" } else { "" }
    );
    let state = eid_portal_server::AppState::new(pool, Arc::new(now), demo);
    let app = eid_portal_server::router(state);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eid-portal: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
