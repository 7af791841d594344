//! AES-256-GCM sealing (with `ring`): `nonce (12) ‖ ciphertext ‖ tag (16)`.

use rand_core::{CryptoRng, RngCore};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};

/// Bytes added to the plaintext: the nonce and the tag.
pub const OVERHEAD: usize = NONCE_LEN + 16;

fn key(k: &[u8; 32]) -> LessSafeKey {
    // A 32-byte key is always valid for AES-256-GCM.
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, k).expect("32-byte key"))
}

/// Encrypts `plain` under `k`, binding `aad`, with a fresh random nonce.
pub fn seal(
    k: &[u8; 32],
    aad: &[u8],
    plain: &[u8],
    rng: &mut (impl RngCore + CryptoRng),
) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    let mut buf = plain.to_vec();
    // Sealing only fails for inputs over 64 GiB.
    key(k)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut buf,
        )
        .expect("plaintext within AES-GCM limits");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&buf);
    out
}

/// Decrypts what [`seal`] produced; `None` when the key, the `aad` or any byte is wrong.
pub fn open(k: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < OVERHEAD {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let mut buf = body.to_vec();
    let plain = key(k).open_in_place(nonce, Aad::from(aad), &mut buf).ok()?;
    Some(plain.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn round_trip_and_every_flip_fails() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let k = [9u8; 32];
        let sealed = seal(&k, b"aad", b"secret", &mut rng);
        assert_eq!(sealed.len(), 6 + OVERHEAD);
        assert_eq!(open(&k, b"aad", &sealed).as_deref(), Some(&b"secret"[..]));
        assert_eq!(open(&k, b"other", &sealed), None);
        assert_eq!(open(&[8u8; 32], b"aad", &sealed), None);
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert_eq!(open(&k, b"aad", &bad), None, "byte {i}");
        }
        assert_eq!(open(&k, b"aad", &sealed[..10]), None);
    }
}
