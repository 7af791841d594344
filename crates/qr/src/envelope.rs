//! The text carried in an eID Wallet QR: a short prefix naming the content, then the base45
//! encoding (RFC 9285) of the bytes. Base45's alphabet is exactly QR's alphanumeric set, so the
//! QR uses its dense alphanumeric mode.

/// Most characters an eID Wallet QR holds: alphanumeric mode, version 40, error correction M
/// (the level every eID Wallet QR is drawn at; 4,296 would be level L's). Longer text is refused
/// before any decoding.
pub const MAX_TEXT_LEN: usize = 3391;

/// Most bytes an envelope carries: 3,391 characters less the 4 of the prefix are 3,387 base45
/// characters, which decode to 2,258 bytes. The verifier's bound on a presentation
/// (`eid_credential::cbor::MAX_QR_BYTES`) is the same number.
pub const MAX_PAYLOAD_BYTES: usize = 2258;

/// What the QR carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A holder's presentation of a document.
    Presentation,
    /// A service's request for data (the scan-to-share flow).
    Request,
    /// A printed card: an issuer-signed document for someone without a smartphone, bound to no
    /// device.
    PrintedCard,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::Presentation, Kind::Request, Kind::PrintedCard];

    /// The prefix written before the base45 text.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Presentation => "EP1:",
            Kind::Request => "ER1:",
            Kind::PrintedCard => "EC1:",
        }
    }
}

/// Why QR text is not an eID Wallet envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Nothing but white space.
    #[error("the QR text is empty")]
    Empty,
    /// Longer than an eID Wallet QR holds (more than [`MAX_TEXT_LEN`] characters).
    #[error("the QR text is too long ({0} characters)")]
    TooLong(usize),
    /// The prefix is not one of ours.
    #[error("this QR code is not from eID Wallet")]
    UnknownPrefix,
    /// The base45 part is invalid.
    #[error("the QR text is damaged (not valid base45)")]
    BadBase45,
}

impl EnvelopeError {
    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::Empty => "empty",
            EnvelopeError::TooLong(_) => "too_long",
            EnvelopeError::UnknownPrefix => "unknown_prefix",
            EnvelopeError::BadBase45 => "bad_base45",
        }
    }
}

/// Wraps bytes into QR text.
pub fn encode(kind: Kind, payload: &[u8]) -> String {
    let mut text = String::with_capacity(kind.prefix().len() + payload.len().div_ceil(2) * 3);
    text.push_str(kind.prefix());
    text.push_str(&base45::encode(payload));
    text
}

/// Unwraps QR text. Surrounding white space (a handheld scanner's final Enter) is ignored; then
/// text of more than [`MAX_TEXT_LEN`] characters is refused before any decoding (a character
/// outside ASCII counts as its UTF-8 bytes: it is not base45 anyway), so a payload is never
/// longer than [`MAX_PAYLOAD_BYTES`].
pub fn decode(text: &str) -> Result<(Kind, Vec<u8>), EnvelopeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EnvelopeError::Empty);
    }
    if text.len() > MAX_TEXT_LEN {
        return Err(EnvelopeError::TooLong(text.chars().count()));
    }
    let (kind, body) = Kind::ALL
        .into_iter()
        .find_map(|k| text.strip_prefix(k.prefix()).map(|b| (k, b)))
        .ok_or(EnvelopeError::UnknownPrefix)?;
    if !final_pair_fits_a_byte(body) {
        return Err(EnvelopeError::BadBase45);
    }
    let bytes = base45::decode(body).map_err(|_| EnvelopeError::BadBase45)?;
    Ok((kind, bytes))
}

/// RFC 9285 encodes a final single byte as two characters worth at most 255. The `base45` crate
/// accepts larger pairs and truncates them, so one payload would have many texts; refusing them
/// keeps exactly one text per payload.
fn final_pair_fits_a_byte(body: &str) -> bool {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let b = body.as_bytes();
    if b.len() % 3 != 2 {
        return true;
    }
    let digit = |c: u8| ALPHABET.iter().position(|&a| a == c);
    match (digit(b[b.len() - 2]), digit(b[b.len() - 1])) {
        (Some(lo), Some(hi)) => lo + hi * 45 <= 255,
        _ => true, // not base45 at all: the decoder below says so
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let t = encode(Kind::Presentation, b"ietf!");
        assert_eq!(t, "EP1:QED8WEX0");
        assert_eq!(
            decode(&format!(" {t}\r\n")),
            Ok((Kind::Presentation, b"ietf!".to_vec()))
        );
        assert_eq!(
            decode(&encode(Kind::Request, b"")),
            Ok((Kind::Request, vec![]))
        );
        assert_eq!(decode("  \n").unwrap_err().code(), "empty");
        assert_eq!(decode("HC1:QED8WEX0").unwrap_err().code(), "unknown_prefix");
        assert_eq!(decode("EP1:GGW").unwrap_err().code(), "bad_base45");
        assert_eq!(decode("EP1:A").unwrap_err().code(), "bad_base45");
        assert_eq!(decode("EP1:qed8").unwrap_err().code(), "bad_base45");
        assert_eq!(decode("EP1:65"), Ok((Kind::Presentation, vec![231])));
        assert_eq!(
            decode("EP1:$A").unwrap_err().code(),
            "bad_base45",
            "487 does not fit a byte"
        );
        let long = format!("EP1:{}", "0".repeat(MAX_TEXT_LEN));
        assert_eq!(decode(&long).unwrap_err().code(), "too_long");
    }

    #[test]
    fn limits_are_level_m_capacity_in_characters_and_bytes() {
        // The largest payload fits exactly, surrounding white space aside.
        let most = vec![0xab; MAX_PAYLOAD_BYTES];
        let text = encode(Kind::Presentation, &most);
        assert_eq!(text.len(), MAX_TEXT_LEN);
        assert_eq!(
            decode(&format!("{text}\r\n")),
            Ok((Kind::Presentation, most))
        );
        // One byte more is three characters more: refused as too long, before base45.
        let over = encode(Kind::Presentation, &[0xab; MAX_PAYLOAD_BYTES + 1]);
        assert_eq!(over.len(), MAX_TEXT_LEN + 2);
        assert_eq!(decode(&over), Err(EnvelopeError::TooLong(MAX_TEXT_LEN + 2)));
        // One character more than the limit, even of a valid-looking group.
        let one_more = format!("{text}0");
        assert_eq!(decode(&one_more).unwrap_err().code(), "too_long");
    }

    #[test]
    fn a_final_pair_above_255_is_invalid_base45() {
        // RFC 9285 §4: a final single byte is two characters, c + 45·d ≤ 255. "U5" is 30 + 5·45 =
        // 255, the largest; "V5" is 256.
        assert_eq!(decode("EP1:U5"), Ok((Kind::Presentation, vec![255])));
        assert_eq!(decode("EP1:V5").unwrap_err().code(), "bad_base45");
        assert_eq!(decode("EP1:::").unwrap_err().code(), "bad_base45");
        // The same after a valid 3-character group.
        assert_eq!(decode("EP1:QED8WEU5").map(|(_, b)| b.len()), Ok(5));
        assert_eq!(decode("EP1:QED8WEV5").unwrap_err().code(), "bad_base45");
    }
}
