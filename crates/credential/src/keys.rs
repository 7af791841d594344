//! P-256 keys: the [`Signer`] trait that issuers and devices sign through, a software key that
//! implements it, and public keys that verify ES256 signatures.
//!
//! Signing uses the `p256` crate because its ECDSA is deterministic (RFC 6979): the same key and
//! message give the same signature, so `eid sample` is byte-for-byte reproducible and no random
//! source has to be passed into signing. `ring` cannot be given a caller's randomness (its
//! `SecureRandom` trait is sealed), so it is used for what it does fastest: verifying.

use p256::ecdsa::signature::Signer as _;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rand_core::{CryptoRng, RngCore};
use ring::digest;
use std::fmt;

/// Length of a raw ES256 signature (r ‖ s).
pub const SIGNATURE_LEN: usize = 64;

/// Errors about keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The bytes are not a point on P-256 in SEC1 form.
    #[error("not a P-256 public key")]
    BadPublicKey,
    /// The bytes are not a valid P-256 private scalar.
    #[error("not a P-256 private key")]
    BadPrivateKey,
    /// The keystore refused or failed to sign.
    #[error("the key could not sign: {0}")]
    SignFailed(String),
}

/// Something that holds a P-256 private key and signs with ES256 (ECDSA over SHA-256, raw r ‖ s).
/// The private key never leaves it: a phone's secure hardware can implement this trait.
pub trait Signer {
    /// The public half.
    fn public_key(&self) -> &PublicKey;
    /// Signs `message` (hashed with SHA-256 inside).
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN], KeyError>;
}

/// A short key identifier: the first 8 bytes of SHA-256 over the compressed SEC1 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// The id from bytes, which must be exactly 8 long.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(KeyId)
    }

    /// Lower-case hex, as shown to people and in JSON.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.to_hex())
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A P-256 public key, validated to be on the curve.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    uncompressed: [u8; 65],
    compressed: [u8; 33],
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

impl PublicKey {
    /// Parses a SEC1 point, compressed (33 bytes) or uncompressed (65 bytes).
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, KeyError> {
        let pk = p256::PublicKey::from_sec1_bytes(bytes).map_err(|_| KeyError::BadPublicKey)?;
        Ok(Self::from_p256(&pk))
    }

    fn from_p256(pk: &p256::PublicKey) -> Self {
        let mut uncompressed = [0u8; 65];
        uncompressed.copy_from_slice(pk.to_encoded_point(false).as_bytes());
        let mut compressed = [0u8; 33];
        compressed.copy_from_slice(pk.to_encoded_point(true).as_bytes());
        PublicKey {
            uncompressed,
            compressed,
        }
    }

    /// Parses the x coordinate and the sign of y, as in a COSE_Key with `-3: bool`.
    pub fn from_x_and_sign(x: &[u8], y_is_odd: bool) -> Result<Self, KeyError> {
        if x.len() != 32 {
            return Err(KeyError::BadPublicKey);
        }
        let mut sec1 = [0u8; 33];
        sec1[0] = if y_is_odd { 3 } else { 2 };
        sec1[1..].copy_from_slice(x);
        Self::from_sec1(&sec1)
    }

    /// Parses the x and y coordinates (32 bytes each).
    pub fn from_xy(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        if x.len() != 32 || y.len() != 32 {
            return Err(KeyError::BadPublicKey);
        }
        let mut sec1 = [4u8; 65];
        sec1[1..33].copy_from_slice(x);
        sec1[33..].copy_from_slice(y);
        Self::from_sec1(&sec1)
    }

    /// The uncompressed SEC1 form (0x04 ‖ x ‖ y).
    pub fn uncompressed(&self) -> &[u8; 65] {
        &self.uncompressed
    }

    /// The compressed SEC1 form (0x02/0x03 ‖ x).
    pub fn compressed(&self) -> &[u8; 33] {
        &self.compressed
    }

    /// The x coordinate.
    pub fn x(&self) -> &[u8] {
        &self.compressed[1..]
    }

    /// Whether y is odd (the sign bit of the compressed form).
    pub fn y_is_odd(&self) -> bool {
        self.compressed[0] == 3
    }

    /// The key id (first 8 bytes of SHA-256 over the compressed form).
    pub fn key_id(&self) -> KeyId {
        let d = digest::digest(&digest::SHA256, &self.compressed);
        let mut id = [0u8; 8];
        id.copy_from_slice(&d.as_ref()[..8]);
        KeyId(id)
    }

    /// Whether `signature` (raw r ‖ s) is a valid ES256 signature of `message` by this key.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        ring::signature::UnparsedPublicKey::new(
            &ring::signature::ECDSA_P256_SHA256_FIXED,
            &self.uncompressed[..],
        )
        .verify(message, signature)
        .is_ok()
    }
}

/// A P-256 private key held in memory. The wallet keeps it wrapped at rest; issuers in
/// production use an HSM behind [`Signer`] instead.
pub struct SoftwareKey {
    signing: p256::ecdsa::SigningKey,
    public: PublicKey,
}

impl fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SoftwareKey({})", self.public.key_id())
    }
}

impl SoftwareKey {
    /// A new random key.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let signing = p256::ecdsa::SigningKey::random(rng);
        Self::from_signing(signing)
    }

    /// The key whose private scalar is `secret` (32 bytes, big-endian).
    pub fn from_secret_bytes(secret: &[u8]) -> Result<Self, KeyError> {
        let signing =
            p256::ecdsa::SigningKey::from_slice(secret).map_err(|_| KeyError::BadPrivateKey)?;
        Ok(Self::from_signing(signing))
    }

    /// A key derived from a seed and a label, for reproducible samples and tests: the first
    /// SHA-256(label ‖ 0x00 ‖ seed ‖ counter) that is a valid scalar.
    pub fn from_seed(label: &str, seed: &[u8]) -> Self {
        let mut counter: u32 = 0;
        loop {
            let mut ctx = digest::Context::new(&digest::SHA256);
            ctx.update(label.as_bytes());
            ctx.update(&[0]);
            ctx.update(seed);
            ctx.update(&counter.to_be_bytes());
            if let Ok(key) = Self::from_secret_bytes(ctx.finish().as_ref()) {
                return key;
            }
            counter += 1;
        }
    }

    fn from_signing(signing: p256::ecdsa::SigningKey) -> Self {
        let public = PublicKey::from_p256(&p256::PublicKey::from(signing.verifying_key()));
        SoftwareKey { signing, public }
    }

    /// The private scalar, for wrapping into the encrypted store. Callers must not log or
    /// persist it in clear.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes().into()
    }
}

impl Signer for SoftwareKey {
    fn public_key(&self) -> &PublicKey {
        &self.public
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN], KeyError> {
        let sig: p256::ecdsa::Signature = self.signing.sign(message);
        Ok(sig.to_bytes().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_with_ring() {
        let key = SoftwareKey::from_seed("test", b"1");
        let sig = key.sign(b"hello").unwrap();
        assert!(key.public_key().verify(b"hello", &sig));
        assert!(!key.public_key().verify(b"hellO", &sig));
        let again = key.sign(b"hello").unwrap();
        assert_eq!(sig, again, "RFC 6979 signatures are deterministic");
    }

    #[test]
    fn public_key_forms_agree() {
        let key = SoftwareKey::from_seed("test", b"2");
        let pk = key.public_key();
        assert_eq!(&PublicKey::from_sec1(pk.compressed()).unwrap(), pk);
        assert_eq!(&PublicKey::from_sec1(pk.uncompressed()).unwrap(), pk);
        assert_eq!(
            &PublicKey::from_x_and_sign(pk.x(), pk.y_is_odd()).unwrap(),
            pk
        );
        assert_eq!(
            &PublicKey::from_xy(pk.x(), &pk.uncompressed()[33..]).unwrap(),
            pk
        );
        assert_eq!(pk.key_id().to_hex().len(), 16);
    }

    #[test]
    fn bad_keys_are_refused() {
        let x_too_big = [&[2u8][..], &[0xff; 32][..]].concat();
        assert_eq!(
            PublicKey::from_sec1(&x_too_big),
            Err(KeyError::BadPublicKey)
        );
        assert_eq!(
            PublicKey::from_x_and_sign(&[1; 31], true),
            Err(KeyError::BadPublicKey)
        );
        assert_eq!(PublicKey::from_sec1(&[]), Err(KeyError::BadPublicKey));
        assert!(SoftwareKey::from_secret_bytes(&[0; 32]).is_err());
        assert!(SoftwareKey::from_secret_bytes(&[0xff; 32]).is_err());
        let k = SoftwareKey::from_seed("x", b"");
        let back = SoftwareKey::from_secret_bytes(&k.secret_bytes()).unwrap();
        assert_eq!(back.public_key(), k.public_key());
    }
}
