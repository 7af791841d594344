//! `eid-portal serve [--db URL] [--listen ADDR] [--demo] [--config FILE] [--keys FILE]
//! [--public-url URL] [--registry FILE]` and `eid-portal hash-password`.

use clap::{Parser, Subcommand};
use eid_portal_server::config::{Config, DEMO_HOTEL, DEMO_OFFICER, DEMO_SERVICE, DEMO_SUPERVISOR};
use eid_portal_server::keys::PortalKeys;
use eid_portal_server::registry::Registry;
use std::path::PathBuf;
use std::process::ExitCode;
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
    Serve(ServeArgs),
    /// Read a password from standard input and print its Argon2id hash for the config file.
    HashPassword,
}

/// The arguments of `eid-portal serve`.
#[derive(clap::Args)]
struct ServeArgs {
    /// `sqlite://FILE?mode=rwc` (default) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "EID_PORTAL_DB", default_value = eid_portal_server::db::DEFAULT_URL)]
    db: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Demo mode: one-time codes go to the log instead of SMS, and a demo officer and a demo
    /// clinic are provisioned.
    #[arg(long)]
    demo: bool,
    /// Officers and services (JSON; see docs/api/README.md).
    #[arg(long, env = "EID_PORTAL_CONFIG")]
    config: Option<PathBuf>,
    /// The signing-key file, created on first start.
    #[arg(long, env = "EID_PORTAL_KEYS", default_value = eid_portal_server::keys::DEFAULT_PATH)]
    keys: PathBuf,
    /// The URL wallets reach this portal at (default: http://LISTEN).
    #[arg(long, env = "EID_PORTAL_PUBLIC_URL")]
    public_url: Option<String>,
    /// SQLite only, for benchmarks: commit without waiting for the disk
    /// (`synchronous = NORMAL`), so a power cut can lose the last acknowledged submissions.
    #[arg(long)]
    fast_commit: bool,
    /// The population registry: a JSON array as `assets/registry.json`, or JSON Lines for
    /// millions (see `eid-bench registry` for a synthetic one). Default: the demo registry.
    #[arg(long, env = "EID_PORTAL_REGISTRY")]
    registry: Option<PathBuf>,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn fail(what: &str, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("eid-portal: {what}: {e}");
    ExitCode::from(2)
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what service managers and `kill` send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let ServeArgs {
        db,
        listen,
        demo,
        config,
        keys,
        public_url,
        fast_commit,
        registry,
    } = match Cli::parse().command {
        Command::Serve(args) => args,
        Command::HashPassword => {
            let mut password = String::new();
            if let Err(e) = std::io::stdin().read_line(&mut password) {
                return fail("cannot read the password", e);
            }
            let password = password.trim_end_matches(['\r', '\n']);
            if password.is_empty() {
                return fail("hash-password", "the password is empty");
            }
            println!("{}", eid_portal_server::config::hash_password(password));
            return ExitCode::SUCCESS;
        }
    };
    let registry = match registry {
        None => Registry::demo(),
        Some(path) => match Registry::load(&path) {
            Ok(r) => {
                eprintln!(
                    "eid-portal: registry of {} citizens from {}",
                    r.len(),
                    path.display()
                );
                r
            }
            Err(e) => return fail(&format!("registry {}", path.display()), e),
        },
    };
    let mut config = match config {
        Some(path) => match Config::load(&path) {
            Ok(c) => c,
            Err(e) => return fail("configuration", e),
        },
        None => Config::default(),
    };
    if demo {
        config.add_demo();
    }
    let keys = match PortalKeys::load_or_create(&keys, now()) {
        Ok(k) => k,
        Err(e) => return fail("signing keys", e),
    };
    let commit = if fast_commit {
        eid_portal_server::db::Commit::Fast
    } else {
        eid_portal_server::db::Commit::Durable
    };
    let pool = match eid_portal_server::db::connect_with(&db, commit).await {
        Ok(p) => p,
        Err(e) => return fail("cannot open the database", e),
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => return fail(&format!("cannot listen on {listen}"), e),
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(listen);
    let public_url = public_url.unwrap_or_else(|| format!("http://{addr}"));
    eprintln!(
        "eid-portal: listening on http://{addr}{}",
        if demo { " (demo)" } else { "" }
    );
    if demo {
        eprintln!(
            "eid-portal: officer console http://{addr}/officer/ (demo officer {} / {}, supervisor {} / {})",
            DEMO_OFFICER.0, DEMO_OFFICER.1, DEMO_SUPERVISOR.0, DEMO_SUPERVISOR.1
        );
        eprintln!(
            "eid-portal: service desk http://{addr}/desk/ (demo services {} / {}, {} / {})",
            DEMO_SERVICE.0, DEMO_SERVICE.1, DEMO_HOTEL.0, DEMO_HOTEL.1
        );
    }
    let limits = config.serve_limits();
    let proxies = match config.proxies() {
        Ok(p) => p,
        Err(e) => return fail("configuration", e),
    };
    let state = eid_portal_server::AppState::new(
        pool,
        Arc::new(now),
        demo,
        keys,
        registry,
        config,
        &public_url,
    );
    eid_portal_server::purge::spawn(state.clone());
    let draining = std::sync::Arc::clone(&state.draining);
    let app = eid_portal_server::router(state);
    let shutdown = async move {
        stop_signal().await;
        eprintln!("eid-portal: shutting down: finishing the requests in progress");
        draining.store(true, std::sync::atomic::Ordering::Release);
    };
    match eid_portal_server::serve::serve(listener, app, limits, proxies, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail("server", e),
    }
}
