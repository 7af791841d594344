//! `GET /v1/trust` as a cacheable document: the root key, the trust list and the status list are
//! signed once per change (or once per [`RESIGN_SECONDS`], so a served status list always has
//! most of its day of validity left), and every request in between is answered from memory with
//! the same bytes and the same `ETag`.
//!
//! A change is any revocation of a status-list entry (a document or a printed card revoked,
//! superseded or blocked): its transaction bumps the `status_version` counter
//! (`issuer::status_changed`). A process looks at that counter (one row read) at most once per second
//! of its clock, or at once after it made such a change itself, so a revocation made through
//! another portal process reaches this one's answers within about a second. The list also grows
//! (in powers of two) as documents are issued, so the number of entries is part of the version.
//! One request at a time checks or rebuilds; the others wait for it instead of all reading the
//! database (a single flight).

use eid_credential::StatusListToken;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// Oldest a signed bundle is served, in seconds (the status list is valid for a day).
pub const RESIGN_SECONDS: u64 = 3600;
/// How long a client or a CDN may reuse an answer without asking again, in seconds.
pub const MAX_AGE_SECONDS: u64 = 60;

/// What a bundle was built from: `(status_version, status-list entries)`.
pub type Version = (u64, u64);

/// One signed bundle, ready to send.
#[derive(Debug)]
pub struct Signed {
    /// What it was built from.
    version: Version,
    /// When it was signed (the clock's Unix seconds).
    pub built_at: u64,
    /// The JSON body ([`TrustWire`]).
    pub body: axum::body::Bytes,
    /// The strong entity tag, quoted (`"…"`): a digest of the body.
    pub etag: String,
    /// The status list it holds, for the portal's own checks (share answers).
    pub status: StatusListToken,
}

/// The bundle this process serves.
#[derive(Default)]
pub struct TrustCache {
    current: RwLock<Option<Arc<Signed>>>,
    /// The clock's second of the last look at the database's version, plus one; 0: look now.
    checked: AtomicU64,
    /// Invalidations so far; written with `checked` under this lock, so a look that started
    /// before an invalidation cannot mark the cache fresh after it.
    invalidations: Mutex<u64>,
    single_flight: tokio::sync::Mutex<()>,
}

impl TrustCache {
    /// Makes the next request look at the database's version (after this process revoked).
    pub fn invalidate(&self) {
        let mut n = self.invalidations.lock().unwrap_or_else(|p| p.into_inner());
        *n += 1;
        self.checked.store(0, Ordering::Release);
    }

    fn fresh(&self, now: u64) -> Option<Arc<Signed>> {
        if self.checked.load(Ordering::Acquire) != now + 1 {
            return None;
        }
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|s| now < s.built_at + RESIGN_SECONDS)
            .cloned()
    }

    /// The current bundle: from memory while it is fresh at `now`; else after one
    /// `read_version` and, when the version changed (or the bundle is old), one `build`.
    pub async fn get<E, FV, FB>(
        &self,
        now: u64,
        read_version: impl FnOnce() -> FV,
        build: impl FnOnce(Version) -> FB,
    ) -> Result<Arc<Signed>, E>
    where
        FV: std::future::Future<Output = Result<Version, E>>,
        FB: std::future::Future<Output = Result<Signed, E>>,
    {
        if let Some(s) = self.fresh(now) {
            return Ok(s);
        }
        let _flight = self.single_flight.lock().await;
        if let Some(s) = self.fresh(now) {
            return Ok(s);
        }
        let seen = *self.invalidations.lock().unwrap_or_else(|p| p.into_inner());
        let version = read_version().await?;
        let kept = {
            let current = self.current.read().unwrap_or_else(|p| p.into_inner());
            current
                .as_ref()
                .filter(|s| s.version == version && now < s.built_at + RESIGN_SECONDS)
                .cloned()
        };
        let signed = match kept {
            Some(s) => s,
            None => {
                let s = Arc::new(build(version).await?);
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&s));
                s
            }
        };
        let n = self.invalidations.lock().unwrap_or_else(|p| p.into_inner());
        if *n == seen {
            self.checked.store(now + 1, Ordering::Release);
        }
        Ok(signed)
    }
}

impl Signed {
    /// A bundle built from `version` at `built_at`: its JSON body and status list; the tag is a
    /// digest of the body.
    pub fn new(version: Version, built_at: u64, body: Vec<u8>, status: StatusListToken) -> Signed {
        let digest = ring::digest::digest(&ring::digest::SHA256, &body);
        Signed {
            version,
            built_at,
            etag: format!("\"{}\"", hex::encode(&digest.as_ref()[..16])),
            body: body.into(),
            status,
        }
    }
}

/// Whether an `If-None-Match` header value names `etag` (weak comparison, as RFC 9110 asks for
/// this header: `W/"x"` matches `"x"`; `*` matches any).
pub fn none_match(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::none_match;

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let tag = "\"abc\"";
        assert!(none_match("\"abc\"", tag));
        assert!(none_match("W/\"abc\"", tag));
        assert!(none_match("\"x\", \"abc\"", tag));
        assert!(none_match("*", tag));
        assert!(!none_match("\"abd\"", tag));
        assert!(!none_match("abc", tag));
        assert!(!none_match("", tag));
    }
}
