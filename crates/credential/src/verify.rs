//! Verifying a presentation at a counter, offline: issuer signature against the trust list,
//! holder signature against the key the issuer bound, disclosed fields against their signed
//! digests, validity, revocation, freshness, nonce and replay. Each failure has its own
//! [`Reason`].

use crate::cbor::{self, CborError};
use crate::claims::{check_items, Claims, Item};
use crate::cose::{self, Protected, TagRule};
use crate::document::{Document, FieldValue};
use crate::issue::IssuedDocument;
use crate::keys::{KeyId, PublicKey};
use crate::present::{MAX_AUDIENCE_LEN, MAX_NONCE_LEN, PRESENTATION_VERSION};
use crate::reason::{Reason, Rejection};
use crate::replay::ReplayCache;
use crate::schema::{DocType, FieldSpec};
use crate::status::StatusListToken;
use crate::trust::{IssuerEntry, TrustList};
use crate::UnixTime;
use ciborium::Value;
use coset::CoseSign1;
use ring::digest;

/// Default freshness window: a presentation older than this is stale.
pub const DEFAULT_WINDOW_SECS: u64 = 60;
/// Default tolerance for a phone clock running ahead of the verifier's.
pub const DEFAULT_SKEW_SECS: u64 = 10;

/// What the verifier knows and expects.
#[derive(Debug, Clone)]
pub struct VerifyContext<'a> {
    /// Trusted issuers.
    pub trust: &'a TrustList,
    /// Status lists, one per issuer key (any that are missing leave revocation unchecked).
    pub status: &'a [StatusListToken],
    /// The verifier's current time.
    pub at: UnixTime,
    /// How old a presentation may be, in seconds.
    pub window: u64,
    /// How far ahead of `at` a presentation time may be, in seconds.
    pub skew: u64,
    /// The nonce the verifier gave the holder, if any: the presentation must carry it.
    pub expected_nonce: Option<&'a [u8]>,
    /// The verifier's own name, if it asked for presentations addressed to it.
    pub expected_audience: Option<&'a str>,
}

impl<'a> VerifyContext<'a> {
    /// A context with the default window and skew and no nonce or audience.
    pub fn new(trust: &'a TrustList, status: &'a [StatusListToken], at: UnixTime) -> Self {
        VerifyContext {
            trust,
            status,
            at,
            window: DEFAULT_WINDOW_SECS,
            skew: DEFAULT_SKEW_SECS,
            expected_nonce: None,
            expected_audience: None,
        }
    }
}

/// Whether revocation could be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// Checked against a status list signed at `list_issued_at`; the document is not revoked.
    Checked {
        /// When the status list used was signed (its age is shown to the clerk).
        list_issued_at: UnixTime,
    },
    /// No status list for this issuer was available.
    NotChecked,
}

/// A verified presentation: only what the holder chose to disclose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The document type.
    pub doc_type: DocType,
    /// The issuer's key id.
    pub issuer_kid: KeyId,
    /// The issuer's name from the trust list.
    pub issuer_name: String,
    /// The disclosed fields, in id order.
    pub fields: Vec<(&'static FieldSpec, FieldValue)>,
    /// When the holder made the presentation.
    pub presented_at: UnixTime,
    /// When the document was issued.
    pub issued_at: UnixTime,
    /// When the document expires.
    pub expires_at: UnixTime,
    /// The nonce carried, if any.
    pub nonce: Option<Vec<u8>>,
    /// The audience named, if any.
    pub audience: Option<String>,
    /// The revocation check.
    pub revocation: Revocation,
    /// SHA-256 of the holder-signed payload, which identifies the presentation for replay checks.
    pub fingerprint: [u8; 32],
    /// The holder's device key the document is bound to (which signed the presentation).
    pub holder: PublicKey,
}

/// The parsed holder payload.
struct Payload<'p> {
    issuer_signed: &'p [u8],
    items: Vec<&'p [u8]>,
    presented_at: UnixTime,
    nonce: Option<Vec<u8>>,
    audience: Option<String>,
}

fn parse_payload(value: &Value) -> Result<Payload<'_>, CborError> {
    let parts = cbor::as_array(value, "presentation")?;
    let [version, issuer_signed, items, at, nonce, audience] = parts else {
        return Err(CborError::Invalid("presentation: expected 6 elements"));
    };
    if cbor::as_u64(version, "version")? != PRESENTATION_VERSION {
        return Err(CborError::Invalid("version"));
    }
    let items = cbor::as_array(items, "items")?
        .iter()
        .map(|i| cbor::as_bytes(i, "item"))
        .collect::<Result<_, _>>()?;
    let nonce = match nonce {
        Value::Null => None,
        v => Some(cbor::as_bytes(v, "nonce")?.to_vec()),
    };
    if nonce.as_ref().is_some_and(|n| n.len() > MAX_NONCE_LEN) {
        return Err(CborError::Invalid("nonce: too long"));
    }
    let audience = match audience {
        Value::Null => None,
        v => Some(cbor::as_text(v, "audience")?.to_string()),
    };
    if audience
        .as_ref()
        .is_some_and(|a| a.chars().count() > MAX_AUDIENCE_LEN)
    {
        return Err(CborError::Invalid("audience: too long"));
    }
    Ok(Payload {
        issuer_signed: cbor::as_bytes(issuer_signed, "issuer document")?,
        items,
        presented_at: cbor::as_u64(at, "presentation time")?,
        nonce,
        audience,
    })
}

/// Finds the issuer, checks its signature, reads the claims and checks the issuer may issue
/// that type with that key at that time.
fn check_issuer<'t>(
    issuer_signed: &[u8],
    trust: &'t TrustList,
) -> Result<(&'t IssuerEntry, Claims), Rejection> {
    let (entry, payload) = check_issuer_signature(issuer_signed, trust)?;
    let claims =
        Claims::from_bytes(&payload).map_err(|e| Rejection::malformed(format!("claims: {e}")))?;
    check_claim_times(&claims)?;
    check_issuer_may(entry, claims.issued_at, claims.doc_type)?;
    Ok((entry, claims))
}

/// The issuer's COSE_Sign1 (§2, with a kid): its trusted key and the signed payload, once the
/// signature verifies (phone documents and printed cards alike).
pub(crate) fn check_issuer_signature<'t>(
    issuer_signed: &[u8],
    trust: &'t TrustList,
) -> Result<(&'t IssuerEntry, Vec<u8>), Rejection> {
    let sign1: CoseSign1 = cose::parse_sign1(issuer_signed, TagRule::Required, cbor::MAX_QR_BYTES)
        .and_then(|s| cose::expect_protected(&s, Protected::WithKid).map(|()| s))
        .map_err(|e| Rejection::malformed(format!("issuer document: {e}")))?;
    let kid = cose::protected_kid(&sign1)
        .ok_or_else(|| Rejection::malformed("issuer document: no 8-byte kid"))?;
    let entry = trust.issuer(&kid).ok_or_else(|| {
        Rejection::new(
            Reason::UnknownIssuer,
            format!("issuer key {kid} is not trusted"),
        )
    })?;
    cose::verify_es256(&sign1, &entry.key, &[]).map_err(|_| {
        Rejection::new(
            Reason::BadSignature,
            "the issuer's signature does not verify",
        )
    })?;
    let payload = cose::payload(&sign1).map_err(|e| Rejection::malformed(e.to_string()))?;
    Ok((entry, payload.to_vec()))
}

/// The issuer's key was valid when it signed (`unknown_issuer`) and may issue this type
/// (`issuer_not_allowed`).
pub(crate) fn check_issuer_may(
    entry: &IssuerEntry,
    issued_at: UnixTime,
    doc_type: DocType,
) -> Result<(), Rejection> {
    if issued_at < entry.not_before || issued_at >= entry.not_after {
        return Err(Rejection::new(
            Reason::UnknownIssuer,
            format!(
                "issuer key {} was not valid when the document was signed",
                entry.kid
            ),
        ));
    }
    if !entry.doc_types.contains(&doc_type) {
        return Err(Rejection::new(
            Reason::IssuerNotAllowed,
            format!("{} may not issue {}", entry.name, doc_type.name()),
        ));
    }
    Ok(())
}

/// §3.3: a validity period that is not empty (`nbf < exp`) and a signing time before its end
/// (`iat < exp`). `nbf` may be before or after `iat`: a document may be signed before it becomes
/// valid (`not_yet_valid` until then), or keep its original start when it is signed again.
fn check_claim_times(claims: &Claims) -> Result<(), Rejection> {
    check_times(claims.issued_at, claims.not_before, claims.expires_at)
}

/// [`check_claim_times`] on the three times of any signed document.
pub(crate) fn check_times(
    issued_at: UnixTime,
    not_before: UnixTime,
    expires_at: UnixTime,
) -> Result<(), Rejection> {
    if not_before >= expires_at {
        return Err(Rejection::malformed("claims: nbf is not before exp"));
    }
    if issued_at >= expires_at {
        return Err(Rejection::malformed("claims: iat is not before exp"));
    }
    Ok(())
}

/// §4 and §3.4: every item decodes, and their field ids are strictly ascending (so none appears
/// twice). Checked on all items before any digest, so the order of the checks does not depend on
/// which item comes first.
pub(crate) fn check_item_order<'i>(
    items: impl IntoIterator<Item = &'i [u8]>,
) -> Result<(), Rejection> {
    let mut previous = None;
    for bytes in items {
        let (id, _) = Item::parse(bytes).map_err(|e| Rejection::malformed(format!("item: {e}")))?;
        if previous.is_some_and(|p| id <= p) {
            return Err(Rejection::malformed(format!(
                "field {id} is out of order or repeated: items must be in ascending field id"
            )));
        }
        previous = Some(id);
    }
    Ok(())
}

fn check_validity(claims: &Claims, at: UnixTime) -> Result<(), Rejection> {
    check_period(claims.not_before, claims.expires_at, at)
}

/// `not_yet_valid` before `not_before`, `expired` from `expires_at` on (phone documents and
/// printed cards alike).
pub(crate) fn check_period(
    not_before: UnixTime,
    expires_at: UnixTime,
    at: UnixTime,
) -> Result<(), Rejection> {
    if at < not_before {
        return Err(Rejection::new(
            Reason::NotYetValid,
            "the document is not valid yet",
        ));
    }
    if at >= expires_at {
        return Err(Rejection::new(Reason::Expired, "the document has expired"));
    }
    Ok(())
}

/// §7 step 8. With `at`, a list at or past its `exp` no longer vouches for a document: a clear
/// bit gives "not checked"; a set bit still gives `revoked`, because the portal never clears a
/// bit it has set (revoked and superseded documents do not come back). An index beyond the list
/// is "not checked" when the document was signed at or after the list (the list cannot know
/// it), and `bad_trust_list` otherwise (the list should cover it and does not).
fn check_status(
    kid: &KeyId,
    claims: &Claims,
    status: &[StatusListToken],
    at: Option<UnixTime>,
) -> Result<Revocation, Rejection> {
    check_status_index(kid, claims.status_index, claims.issued_at, status, at)
}

/// The revocation check of the document at `index` in issuer `kid`'s status list, signed at
/// `signed_at` (phone documents and printed cards alike; see [`check_status`]).
pub(crate) fn check_status_index(
    kid: &KeyId,
    index: u64,
    signed_at: UnixTime,
    status: &[StatusListToken],
    at: Option<UnixTime>,
) -> Result<Revocation, Rejection> {
    let Some(token) = status.iter().find(|s| &s.issuer == kid) else {
        return Ok(Revocation::NotChecked);
    };
    let expired = at.is_some_and(|now| now >= token.expires_at);
    match token.list.is_revoked(index) {
        Some(true) => Err(Rejection::new(
            Reason::Revoked,
            "the issuer has revoked this document",
        )),
        Some(false) if expired => Ok(Revocation::NotChecked),
        Some(false) => Ok(Revocation::Checked {
            list_issued_at: token.issued_at,
        }),
        None if signed_at >= token.issued_at => Ok(Revocation::NotChecked),
        None => Err(Rejection::new(
            Reason::BadTrustList,
            "the status list does not cover this document",
        )),
    }
}

/// Verifies a presentation (the COSE bytes, after the QR envelope is removed). When `replay` is
/// given, an accepted presentation is remembered and the same one is refused afterwards.
pub fn verify(
    bytes: &[u8],
    ctx: &VerifyContext<'_>,
    replay: Option<&mut ReplayCache>,
) -> Result<Verified, Rejection> {
    let outer = cose::parse_sign1(bytes, TagRule::Required, cbor::MAX_QR_BYTES)
        .and_then(|s| cose::expect_protected(&s, Protected::AlgOnly).map(|()| s))
        .map_err(|e| Rejection::malformed(format!("presentation: {e}")))?;
    let payload_bytes = cose::payload(&outer).map_err(|e| Rejection::malformed(e.to_string()))?;
    let value = cbor::decode(payload_bytes, cbor::MAX_QR_BYTES)?;
    let payload = parse_payload(&value)?;
    let (entry, claims) = check_issuer(payload.issuer_signed, ctx.trust)?;
    cose::verify_es256(&outer, &claims.holder, &[]).map_err(|_| {
        Rejection::new(
            Reason::HolderSignature,
            "the device signature does not match the document's holder",
        )
    })?;
    check_item_order(payload.items.iter().copied())?;
    let fields = check_items(&claims, payload.items.iter().copied())?;
    check_validity(&claims, ctx.at)?;
    let revocation = check_status(&entry.kid, &claims, ctx.status, Some(ctx.at))?;
    if payload.presented_at.saturating_add(ctx.window) < ctx.at {
        return Err(Rejection::new(
            Reason::Stale,
            format!(
                "shown {} s ago; at most {} s is accepted",
                ctx.at - payload.presented_at,
                ctx.window
            ),
        ));
    }
    if payload.presented_at > ctx.at.saturating_add(ctx.skew) {
        return Err(Rejection::new(
            Reason::Stale,
            "the presentation time is ahead of this verifier's clock",
        ));
    }
    // A verifier that gave a nonce or expects an audience refuses any other one, `null`
    // included; one that gave none ignores whatever the presentation carries.
    if ctx.expected_nonce.is_some() && ctx.expected_nonce != payload.nonce.as_deref() {
        return Err(Rejection::new(
            Reason::NonceMismatch,
            "made for another request",
        ));
    }
    if ctx.expected_audience.is_some() && ctx.expected_audience != payload.audience.as_deref() {
        return Err(Rejection::new(
            Reason::NonceMismatch,
            "addressed to another verifier",
        ));
    }
    let mut fingerprint = [0u8; 32];
    fingerprint.copy_from_slice(digest::digest(&digest::SHA256, payload_bytes).as_ref());
    if let Some(cache) = replay {
        if cache.contains(&fingerprint) {
            return Err(Rejection::new(
                Reason::Replayed,
                "this QR was already accepted here",
            ));
        }
        let until = payload
            .presented_at
            .saturating_add(ctx.window)
            .saturating_add(ctx.skew)
            .max(ctx.at.saturating_add(ctx.window));
        cache.insert(fingerprint, until, ctx.at);
    }
    Ok(Verified {
        doc_type: claims.doc_type,
        issuer_kid: entry.kid,
        issuer_name: entry.name.clone(),
        fields: fields
            .into_iter()
            .filter_map(|(id, v)| claims.doc_type.field(id).map(|s| (s, v)))
            .collect(),
        presented_at: payload.presented_at,
        issued_at: claims.issued_at,
        expires_at: claims.expires_at,
        nonce: payload.nonce,
        audience: payload.audience,
        revocation,
        fingerprint,
        holder: claims.holder.clone(),
    })
}

/// Verifies a whole issued document as the wallet receives it: trusted issuer, signature, every
/// item, validity at `at`. Returns its claims and content.
pub fn verify_issued(
    issued: &IssuedDocument,
    trust: &TrustList,
    at: UnixTime,
) -> Result<(Claims, Document), Rejection> {
    let (_, claims) = check_issuer(&issued.signed, trust)?;
    check_item_order(issued.items.iter().map(|i| &i.bytes[..]))?;
    let fields = check_items(&claims, issued.items.iter().map(|i| &i.bytes[..]))?;
    check_validity(&claims, at)?;
    let document = Document::from_fields(claims.doc_type, fields)
        .map_err(|e| Rejection::malformed(e.to_string()))?;
    Ok((claims, document))
}

/// Whether a document the wallet holds is revoked, by the status lists it has cached: the
/// wallet shows this (with the list's age) on the document's page. The issuer's signature is
/// checked against the trust list first, so a forged document cannot borrow a good status. No
/// clock is read here: the wallet shows the list's age beside the answer.
pub fn document_status(
    issued: &IssuedDocument,
    trust: &TrustList,
    status: &[StatusListToken],
) -> Result<Revocation, Rejection> {
    let (entry, claims) = check_issuer(&issued.signed, trust)?;
    check_status(&entry.kid, &claims, status, None)
}
