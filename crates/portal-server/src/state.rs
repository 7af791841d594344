//! What every handler shares: the database pool, the clock, the keys, the registry, the
//! provisioned officers and services, the random source, demo mode.

use crate::batch::Batcher;
use crate::config::Config;
use crate::keys::PortalKeys;
use crate::registry::Registry;
use crate::sign_in_batch::SignIns;
use crate::submission_batch::Submissions;
use ring::rand::{SecureRandom, SystemRandom};
use sqlx::AnyPool;
use std::sync::Arc;

/// Tasks of each group-commit writer on PostgreSQL (`crate::batch`).
const WRITERS_POSTGRES: usize = 4;

/// Unix seconds, injected so tests can move time.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: AnyPool,
    /// The pool for the hot write path (submissions): on SQLite a single connection, so writers
    /// queue in the pool instead of sleeping in SQLite's busy handler; on PostgreSQL the same
    /// pool as `pool`.
    pub writer: AnyPool,
    /// Idempotency keys this process is working on.
    pub in_flight: crate::idempotency::InFlight,
    batcher: Arc<std::sync::OnceLock<Batcher<Submissions>>>,
    sign_ins: Arc<std::sync::OnceLock<Batcher<SignIns>>>,
    /// The clock.
    pub clock: Clock,
    /// Demo mode: one-time codes are written to standard error instead of sent by SMS.
    pub demo: bool,
    /// The signing keys.
    pub keys: Arc<PortalKeys>,
    /// The national registry stand-in that level-2 documents are issued from.
    pub registry: Arc<Registry>,
    /// Officers and services.
    pub config: Arc<Config>,
    /// The URL wallets reach this portal at (for share-request answer URLs), no trailing `/`.
    pub public_url: Arc<str>,
    /// The queue in front of Argon2id password checks.
    pub argon2: Arc<crate::gate::Gate>,
    /// The signed trust and status lists this process serves.
    pub trust: Arc<crate::trust_cache::TrustCache>,
    /// Set when the process begins to shut down: `/v1/health` then says "not ready", so a
    /// load balancer sends new requests elsewhere while the open ones finish.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// The readiness check's last database probe: the clock second it was made in and whether
    /// the database answered (`crate::routes::meta::health`).
    pub health_probe: Arc<tokio::sync::Mutex<Option<(u64, bool)>>>,
    rng: Arc<SystemRandom>,
}

impl AppState {
    /// State over a pool.
    pub fn new(
        (pool, writer): (AnyPool, AnyPool),
        clock: Clock,
        demo: bool,
        keys: PortalKeys,
        registry: Registry,
        config: Config,
        public_url: &str,
    ) -> Self {
        AppState {
            pool,
            writer,
            in_flight: Default::default(),
            batcher: Default::default(),
            sign_ins: Default::default(),
            clock,
            demo,
            keys: Arc::new(keys),
            registry: Arc::new(registry),
            config: Arc::new(config),
            public_url: public_url.trim_end_matches('/').into(),
            argon2: Arc::new(crate::gate::Gate::for_this_machine()),
            trust: Default::default(),
            draining: Default::default(),
            health_probe: Default::default(),
            rng: Arc::new(SystemRandom::new()),
        }
    }

    /// Whether the database is SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.pool.connect_options().database_url.scheme() == "sqlite"
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a transaction that reads first and writes later fails with "database
    /// is locked" when another writer committed in between, which a waiting busy handler cannot
    /// retry; taking the lock first makes it wait its turn instead. PostgreSQL needs nothing.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        if self.is_sqlite() {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        } else {
            self.pool.begin().await
        }
    }

    /// Writer tasks of one group-commit writer: 1 on SQLite, [`WRITERS_POSTGRES`] else.
    fn writers(&self) -> usize {
        if self.is_sqlite() {
            1
        } else {
            WRITERS_POSTGRES
        }
    }

    /// The submission writer, started on first use (inside the runtime).
    pub fn batcher(&self) -> &Batcher<Submissions> {
        self.batcher
            .get_or_init(|| Batcher::start(self.writer.clone(), self.writers()))
    }

    /// The sign-in writer, started on first use (inside the runtime).
    pub fn sign_ins(&self) -> &Batcher<SignIns> {
        self.sign_ins
            .get_or_init(|| Batcher::start(self.writer.clone(), self.writers()))
    }

    /// Whether the group-commit writers are running (or not started yet): false only between a
    /// stop and its restart.
    pub fn writer_running(&self) -> bool {
        self.batcher.get().is_none_or(|b| b.is_running())
            && self.sign_ins.get().is_none_or(|b| b.is_running())
    }

    /// Now, in Unix seconds.
    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// `n` random bytes.
    pub fn random_bytes<const N: usize>(&self) -> [u8; N] {
        let mut b = [0u8; N];
        // The system random source does not fail on supported platforms.
        self.rng.fill(&mut b).expect("system randomness");
        b
    }

    /// `n` random bytes as lower-case hex.
    pub fn random_hex(&self, n: usize) -> String {
        let mut b = vec![0u8; n];
        self.rng.fill(&mut b).expect("system randomness");
        hex::encode(b)
    }

    /// A random six-digit code.
    pub fn random_code(&self) -> String {
        format!("{:06}", u32::from_be_bytes(self.random_bytes()) % 1_000_000)
    }
}

/// SHA-256 of `data`, hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, data))
}
