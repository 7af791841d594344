//! Sign-in challenges sealed by the portal: 32 bytes, hex on the wire as before, made of the
//! expiry (8 bytes, big-endian Unix seconds), 8 random bytes and the first 16 bytes of
//! HMAC-SHA256 under a key derived from the root key over `account id ‖ those 16 bytes`.
//!
//! Asking for a challenge stores nothing, so anonymous requests for someone's account cost its
//! owner nothing (they used to fill a per-account quota and lock the owner out), and nothing
//! races. A challenge is made for one account and expires; [`open`] checks both, and the session
//! endpoint then records it as used (a unique row kept until the expiry) so it works once.

use ring::hmac;

/// The MAC's purpose label (see `PortalKeys::derived`).
pub const PURPOSE: &str = "sign-in challenge";

fn mac(key: &hmac::Key, account_id: &str, head: &[u8]) -> [u8; 16] {
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(account_id.as_bytes());
    ctx.update(b":");
    ctx.update(head);
    let tag = ctx.sign();
    let mut out = [0u8; 16];
    out.copy_from_slice(&tag.as_ref()[..16]);
    out
}

/// A challenge for `account_id` that expires at `expires_at`, with `random` bytes.
pub fn seal(key: &hmac::Key, account_id: &str, expires_at: u64, random: [u8; 8]) -> String {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&expires_at.to_be_bytes());
    bytes[8..16].copy_from_slice(&random);
    let tag = mac(key, account_id, &bytes[..16]);
    bytes[16..].copy_from_slice(&tag);
    hex::encode(bytes)
}

/// The expiry of a challenge this portal made for `account_id`, if it is one and has not
/// expired at `now`.
pub fn open(key: &hmac::Key, account_id: &str, challenge: &str, now: u64) -> Option<u64> {
    let bytes: [u8; 32] = hex::decode(challenge).ok()?.try_into().ok()?;
    let expected = mac(key, account_id, &bytes[..16]);
    let same = expected
        .iter()
        .zip(&bytes[16..])
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0;
    let expires_at = u64::from_be_bytes(bytes[..8].try_into().ok()?);
    (same && expires_at > now).then_some(expires_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> hmac::Key {
        hmac::Key::new(hmac::HMAC_SHA256, &[b; 32])
    }

    #[test]
    fn a_challenge_opens_for_its_account_until_it_expires_and_not_otherwise() {
        let c = seal(&key(1), "acc-a", 1_000, [7; 8]);
        assert_eq!(c.len(), 64);
        assert_eq!(open(&key(1), "acc-a", &c, 999), Some(1_000));
        assert_eq!(open(&key(1), "acc-a", &c, 1_000), None, "expired");
        assert_eq!(open(&key(1), "acc-b", &c, 999), None, "another account");
        assert_eq!(
            open(&key(2), "acc-a", &c, 999),
            None,
            "another portal's key"
        );
        let mut later = hex::decode(&c).unwrap();
        later[7] ^= 0x40;
        assert_eq!(
            open(&key(1), "acc-a", &hex::encode(later), 999),
            None,
            "expiry moved"
        );
        assert_eq!(open(&key(1), "acc-a", "zz", 0), None);
        assert_eq!(open(&key(1), "acc-a", &c[..62], 0), None);
    }
}
