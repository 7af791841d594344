//! The revocation code: what a citizen types on the portal's public `/lost-phone` page to block
//! a lost or stolen phone without it. The wallet makes the code (16 characters of Crockford's
//! base32: 80 random bits, no I, L, O or U to misread), shows it once, and registers only its
//! hash with the portal (`POST /v1/account/revocation-code`); the page hashes what is typed the
//! same way and compares. Both sides use these functions, so they cannot disagree.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Characters in a code (without the hyphens it is shown with).
pub const CODE_CHARS: usize = 16;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `POST /v1/account/revocation-code`: the hash of the wallet's revocation code
/// ([`code_hash`]); a new one replaces the old.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RevocationCodeRequest {
    /// Lower-case hex SHA-256 ([`code_hash`]).
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub code_hash: String,
}

/// A code from 10 random bytes, grouped by four for reading aloud: `K7QM-3PXA-9TBD-W2FH`.
pub fn code_from_random(bytes: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(CODE_CHARS + 3);
    for i in 0..CODE_CHARS {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 5 * (CODE_CHARS - 1 - i);
        out.push(ALPHABET[((bits >> shift) & 31) as usize] as char);
    }
    out
}

/// A typed code as it is hashed: upper case, without spaces and hyphens, with the letters that
/// look like digits read as those digits (O → 0; I, L → 1). `None` unless 16 characters of the
/// alphabet remain.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    (code.len() == CODE_CHARS && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The hash the portal keeps of account `account_id`'s code (normalized): lower-case hex
/// SHA-256 of `eid-revocation-code v1:{account_id}:{code}`, so one hash says nothing of another
/// account's code.
pub fn code_hash(account_id: &str, normalized: &str) -> String {
    let input = format!("eid-revocation-code v1:{account_id}:{normalized}");
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        input.as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_through_typing_mistakes() {
        let code = code_from_random([0x5a; 10]);
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        let plain = normalize(&code).unwrap();
        assert_eq!(plain, code.replace('-', ""));
        assert_eq!(
            normalize(&code.to_lowercase().replace('-', " ")),
            Some(plain.clone())
        );
        assert_eq!(
            normalize("0123-4567-89ab-cdef"),
            Some("0123456789ABCDEF".into())
        );
        assert_eq!(
            normalize("O1IL-4567-89AB-CDEF"),
            Some("0111456789ABCDEF".into())
        );
        assert_eq!(normalize("0123-4567-89AB-CDE"), None, "too short");
        assert_eq!(
            normalize("0123-4567-89AB-CDEU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(code_from_random([0; 10]), "0000-0000-0000-0000");
        assert_eq!(code_from_random([0xff; 10]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    }

    #[test]
    fn the_hash_binds_the_account() {
        let h = code_hash("acct-1", "0123456789ABCDEF");
        assert_eq!(h.len(), 64);
        assert_ne!(h, code_hash("acct-2", "0123456789ABCDEF"));
        assert_eq!(h, code_hash("acct-1", "0123456789ABCDEF"));
        assert_eq!(
            code_hash("a", "0000000000000000"),
            hex::encode(ring::digest::digest(
                &ring::digest::SHA256,
                b"eid-revocation-code v1:a:0000000000000000"
            ))
        );
    }
}
