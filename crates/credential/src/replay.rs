//! A verifier's memory of presentations it has accepted, so the same QR shown twice (a
//! photographed screen, a forwarded screenshot) is refused inside the freshness window.

use crate::UnixTime;
use std::collections::{HashSet, VecDeque};

/// Bounded set of presentation fingerprints with their expiry times.
#[derive(Debug, Clone)]
pub struct ReplayCache {
    seen: HashSet<[u8; 32]>,
    order: VecDeque<([u8; 32], UnixTime)>,
    capacity: usize,
}

impl ReplayCache {
    /// A cache remembering at most `capacity` presentations (the oldest are forgotten first).
    pub fn new(capacity: usize) -> Self {
        ReplayCache {
            seen: HashSet::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Forgets fingerprints whose presentations are too old to be accepted anyway.
    pub fn prune(&mut self, now: UnixTime) {
        while let Some((fp, until)) = self.order.front().copied() {
            if until > now && self.order.len() <= self.capacity {
                break;
            }
            self.order.pop_front();
            self.seen.remove(&fp);
        }
    }

    /// Whether this fingerprint was already accepted.
    pub fn contains(&self, fingerprint: &[u8; 32]) -> bool {
        self.seen.contains(fingerprint)
    }

    /// Remembers a fingerprint until `until`.
    pub fn insert(&mut self, fingerprint: [u8; 32], until: UnixTime, now: UnixTime) {
        if self.seen.insert(fingerprint) {
            self.order.push_back((fingerprint, until));
        }
        self.prune(now);
    }

    /// How many fingerprints are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_expiry_and_capacity() {
        let mut c = ReplayCache::new(2);
        c.insert([1; 32], 100, 0);
        assert!(c.contains(&[1; 32]));
        c.insert([2; 32], 100, 0);
        c.insert([3; 32], 100, 0);
        assert!(!c.contains(&[1; 32]), "oldest forgotten at capacity");
        assert_eq!(c.len(), 2);
        c.prune(100);
        assert!(c.is_empty());
    }
}
