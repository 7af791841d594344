//! Wrong-PIN throttling: a pure policy over the failure count and the last failure's time.
//!
//! The first 5 wrong PINs cost nothing (typos happen, and elderly users retype). From the 6th
//! each try waits longer: 30 s, 1 min, 5 min, 15 min. The 10th wrong PIN in a row locks the
//! wallet until it is restored from a backup or reset. A correct PIN clears the count. The state
//! is persisted in the key file, so restarting the app does not reset it.

use crate::error::StoreError;
use serde::{Deserialize, Serialize};

/// Wrong PINs in a row that lock the wallet.
pub const MAX_FAILURES: u32 = 10;
/// Wrong PINs allowed without any wait.
pub const FREE_TRIES: u32 = 5;

/// The persisted throttle state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    /// Wrong PINs in a row.
    pub failures: u32,
    /// Unix time of the last wrong PIN.
    pub last_failure_at: u64,
}

/// Seconds to wait after `failures` wrong PINs in a row before the next try.
pub fn delay_after(failures: u32) -> u64 {
    match failures {
        0..=FREE_TRIES => 0,
        6 => 30,
        7 => 60,
        8 => 300,
        _ => 900,
    }
}

impl Throttle {
    /// Whether a PIN may be tried at `now`.
    pub fn check(&self, now: u64) -> Result<(), StoreError> {
        if self.failures >= MAX_FAILURES {
            return Err(StoreError::LockedOut);
        }
        let ready_at = self
            .last_failure_at
            .saturating_add(delay_after(self.failures));
        if now < ready_at {
            return Err(StoreError::Throttled {
                wait_seconds: ready_at - now,
            });
        }
        Ok(())
    }

    /// Records a wrong PIN and returns the error to show.
    pub fn fail(&mut self, now: u64) -> StoreError {
        self.failures = self.failures.saturating_add(1);
        self.last_failure_at = now;
        if self.failures >= MAX_FAILURES {
            StoreError::LockedOut
        } else {
            StoreError::WrongPin {
                remaining: MAX_FAILURES - self.failures,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule() {
        let mut t = Throttle::default();
        let mut now = 1000;
        for i in 1..=5 {
            assert!(t.check(now).is_ok());
            assert!(
                matches!(t.fail(now), StoreError::WrongPin { remaining } if remaining == 10 - i)
            );
        }
        assert!(t.check(now).is_ok(), "5 free tries, no wait yet");
        t.fail(now);
        assert!(matches!(
            t.check(now + 29),
            Err(StoreError::Throttled { wait_seconds: 1 })
        ));
        now += 30;
        assert!(t.check(now).is_ok());
        for _ in 7..=9 {
            t.fail(now);
            now += delay_after(t.failures);
            assert!(t.check(now).is_ok());
        }
        assert!(matches!(t.fail(now), StoreError::LockedOut));
        assert!(matches!(
            t.check(now + 1_000_000),
            Err(StoreError::LockedOut)
        ));
    }
}
