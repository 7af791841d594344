//! What every handler shares: the database pool, the clock, the random source, demo mode.

use ring::rand::{SecureRandom, SystemRandom};
use sqlx::AnyPool;
use std::sync::Arc;

/// Unix seconds, injected so tests can move time.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: AnyPool,
    /// The clock.
    pub clock: Clock,
    /// Demo mode: one-time codes are written to standard error instead of sent by SMS.
    pub demo: bool,
    rng: Arc<SystemRandom>,
}

impl AppState {
    /// State over a pool.
    pub fn new(pool: AnyPool, clock: Clock, demo: bool) -> Self {
        AppState {
            pool,
            clock,
            demo,
            rng: Arc::new(SystemRandom::new()),
        }
    }

    /// Now, in Unix seconds.
    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// `n` random bytes as lower-case hex.
    pub fn random_hex(&self, n: usize) -> String {
        let mut b = vec![0u8; n];
        // The system random source does not fail on supported platforms.
        self.rng.fill(&mut b).expect("system randomness");
        hex::encode(b)
    }

    /// A random six-digit code.
    pub fn random_code(&self) -> String {
        let mut b = [0u8; 4];
        self.rng.fill(&mut b).expect("system randomness");
        format!("{:06}", u32::from_be_bytes(b) % 1_000_000)
    }
}

/// SHA-256 of `data`, hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, data))
}
