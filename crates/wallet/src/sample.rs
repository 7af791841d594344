//! A reproducible sample — trust list, an issued health insurance card, a clinic presentation
//! as text and image, and a printed ID card — byte-for-byte the same for a seed and a time, so anyone can
//! test a verifier against it (`eid sample`).

use crate::error::WalletError;
use crate::timefmt::to_rfc3339;
use eid_credential::printed::issue_printed;
use eid_credential::sample::{
    sample_document, SampleWorld, CLINIC_FIELDS, PRINTED_CARD_FIELDS, PRINTED_CARD_STATUS_INDEX,
};
use eid_credential::{present, DocType, PresentRequest, Signer, UnixTime, Validity};
use eid_qr::envelope::{self, Kind};
use serde_json::json;

/// Pixels per QR module in the sample PNG.
pub const PNG_SCALE: u32 = 6;

/// The sample's files, by name, in the order they are written.
pub struct SampleFiles {
    /// `(file name, bytes)` pairs.
    pub files: Vec<(&'static str, Vec<u8>)>,
    /// The presentation QR text (also in `presentation.txt`).
    pub presentation_text: String,
    /// The printed card's QR text (also in `printed-card.txt`).
    pub printed_card_text: String,
}

/// How long the sample printed card is valid, like the portal's cards.
const PRINTED_CARD_YEARS: u64 = 10;

/// Makes the sample of seed `seed` at time `at`.
pub fn make_sample(seed: u64, at: UnixTime) -> Result<SampleFiles, WalletError> {
    let world = SampleWorld::new(seed, at);
    let bundle = world.bundle();
    let doc = world.issue(DocType::HealthInsurance);
    let (claims, content) = doc.open().map_err(|e| WalletError::Sample(e.to_string()))?;
    let request = PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: at,
        nonce: None,
        audience: None,
    };
    let presentation =
        present(&doc, &request, &world.holder).map_err(|e| WalletError::Sample(e.to_string()))?;
    let text = envelope::encode(Kind::Presentation, &presentation);
    let matrix =
        eid_qr::render::encode_matrix(&text).map_err(|e| WalletError::Sample(e.to_string()))?;
    // A printed ID card, signed like the phone documents one hour before `at`.
    let card_signed_at = at.saturating_sub(3600);
    let card = issue_printed(
        &sample_document(DocType::CitizenIdCard),
        &PRINTED_CARD_FIELDS,
        &world.issuer,
        Validity {
            issued_at: card_signed_at,
            not_before: card_signed_at,
            expires_at: card_signed_at + PRINTED_CARD_YEARS * 365 * 86_400,
        },
        PRINTED_CARD_STATUS_INDEX,
        &mut world.rng(PRINTED_CARD_STATUS_INDEX),
    )
    .map_err(|e| WalletError::Sample(e.to_string()))?;
    let card_text = envelope::encode(Kind::PrintedCard, &card);
    let card_matrix = eid_qr::render::encode_matrix(&card_text)
        .map_err(|e| WalletError::Sample(e.to_string()))?;

    let trust_json = json!({
        "trust_anchor": world.root.public_key().key_id().to_hex(),
        "root_key": hex::encode(world.root.public_key().compressed()),
        "issued_at": to_rfc3339(world.trust_list.issued_at),
        "next_update": to_rfc3339(world.trust_list.next_update),
        "issuers": world.trust_list.issuers.iter().map(|e| json!({
            "kid": e.kid.to_hex(),
            "name": e.name,
            "key": hex::encode(e.key.compressed()),
            "not_before": to_rfc3339(e.not_before),
            "not_after": to_rfc3339(e.not_after),
            "doc_types": e.doc_types.iter().map(|t| t.name()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "status_lists": [{
            "issuer": world.status.issuer.to_hex(),
            "issued_at": to_rfc3339(world.status.issued_at),
            "expires_at": to_rfc3339(world.status.expires_at),
            "entries": world.status.list.len(),
        }],
    });
    let doc_json = json!({
        "doc_type": claims.doc_type.name(),
        "issuer_kid": world.issuer.public_key().key_id().to_hex(),
        "holder_key": hex::encode(claims.holder.compressed()),
        "issued_at": to_rfc3339(claims.issued_at),
        "not_before": to_rfc3339(claims.not_before),
        "expires_at": to_rfc3339(claims.expires_at),
        "status_index": claims.status_index,
        // The fields by name, flat: `content` itself serializes as {doc_type, fields}.
        "fields": content
            .fields()
            .map(|(spec, value)| (spec.name.to_owned(), json!(value)))
            .collect::<serde_json::Map<_, _>>(),
        "presented_fields": CLINIC_FIELDS,
        "presented_at": to_rfc3339(at),
    });
    let pretty = |v: &serde_json::Value| {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    };
    Ok(SampleFiles {
        files: vec![
            ("trust-list.cbor", bundle.to_bytes()),
            ("trust-list.json", pretty(&trust_json)),
            ("document.cbor", doc.to_bytes()),
            ("document.json", pretty(&doc_json)),
            ("presentation.cbor", presentation),
            ("presentation.txt", format!("{text}\n").into_bytes()),
            ("presentation.png", matrix.to_png(PNG_SCALE)),
            ("printed-card.cbor", card),
            ("printed-card.txt", format!("{card_text}\n").into_bytes()),
            ("printed-card.png", card_matrix.to_png(PNG_SCALE)),
        ],
        presentation_text: text,
        printed_card_text: card_text,
    })
}
