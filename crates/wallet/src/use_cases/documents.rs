//! The documents the wallet holds: add one, list them, show one with its fields, the home
//! screen's cards, and a document's revocation state from the cached status lists.

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_credential::{document_status, DocType, FieldValue, IssuedDocument, Revocation};
use eid_store::records::{Action, Activity};
use serde::Serialize;
use std::collections::BTreeMap;

/// A held document in a list: enough to pick it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    /// The wallet's id for the document.
    pub id: String,
    /// The document type code, e.g. `health_insurance`.
    pub doc_type: String,
    /// When it was received (Unix seconds).
    pub received_at: u64,
    /// Restored on a new device: bound to the old device key until the portal re-issues it.
    pub needs_rebinding: bool,
}

/// A document as the wallet shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The wallet's id for it.
    pub id: String,
    /// The type code.
    pub doc_type: &'static str,
    /// Every field, by name.
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// Valid from (Unix seconds).
    pub not_before: u64,
    /// Valid until (Unix seconds).
    pub expires_at: u64,
    /// Bound to a previous device until re-issued.
    pub needs_rebinding: bool,
}

/// One document on the home screen: enough to recognise it without opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentCard {
    /// The wallet's id.
    pub id: String,
    /// The type code.
    pub doc_type: &'static str,
    /// The holder's (or owner's) name on it.
    pub holder_name: Option<String>,
    /// Its main number (ID, licence, plate, insurance or reference number).
    pub number: Option<String>,
    /// Until when this digital copy is valid (Unix seconds): when the wallet must fetch a new
    /// one, not the document's own validity.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expires_at: u64,
    /// The document's own last valid day as printed on it (`YYYY-MM-DD`: the card's expiry
    /// date, the health card's "valid until"), when it has one.
    pub valid_until: Option<String>,
    /// The document's type has a last valid day but this one has none (a citizen ID card
    /// issued after its holder turned 60 does not expire).
    pub open_ended: bool,
    /// Restored from a backup: must be re-issued before it can be shown.
    pub needs_rebinding: bool,
}

/// Whether a held document is revoked, by the status lists cached at the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevocationView {
    /// `good`, `revoked` or `unknown` (no status list yet, or none for its issuer).
    pub state: &'static str,
    /// When the status list used was signed (its age is shown).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub list_issued_at: Option<u64>,
}

/// A document with all its fields and whether it is revoked, for its own screen.
#[derive(Debug, Clone)]
pub struct DocumentDetails {
    /// The document.
    pub document: DocumentView,
    /// Its revocation state by the cached status lists.
    pub revocation: RevocationView,
}

/// The fields that name a document's holder, in order of preference.
const NAME_FIELDS: [&str; 2] = ["full_name", "owner_name"];
/// The fields that hold a document's own last valid day, in order of preference.
const VALID_UNTIL_FIELDS: [&str; 2] = ["expiry_date", "valid_until"];

/// The order of the home screen's cards, by how often a citizen is asked for them.
pub const CARD_ORDER: [DocType; 6] = [
    DocType::CitizenIdCard,
    DocType::HealthInsurance,
    DocType::DrivingLicence,
    DocType::VehicleRegistration,
    DocType::ResidenceConfirmation,
    DocType::CriminalRecordCertificate,
];

/// The fields that number a document, in order of preference.
const NUMBER_FIELDS: [&str; 5] = [
    "id_number",
    "licence_number",
    "plate_number",
    "insurance_number",
    "reference_number",
];

/// A field's value as one line of text: dates as `YYYY-MM-DD`, licence categories joined.
pub fn field_text(value: &FieldValue) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The wallet's id for an issued document: its type and the end of the issuer's signature,
/// so receiving the same document twice stores it once.
fn id_of(doc: &IssuedDocument, doc_type: &str) -> String {
    format!(
        "{doc_type}-{}",
        hex::encode(&doc.signed[doc.signed.len().saturating_sub(8)..])
    )
}

impl Wallet {
    /// The device's public key (SEC1 compressed), which issuers bind documents to.
    pub fn device_public_key(&mut self) -> Result<Vec<u8>, WalletError> {
        let key = self
            .db()?
            .device_key()?
            .ok_or(WalletError::NotFound("device key"))?;
        Ok(key.public)
    }

    /// Stores an issued document (checked to parse and to be bound to this device) and logs it.
    pub fn add_document(&mut self, bytes: &[u8]) -> Result<String, WalletError> {
        self.receive_document(bytes, None)
    }

    /// Stores an issued document under `id` (the portal's id for documents it issued; else an
    /// id made from the document) and logs its arrival.
    pub(crate) fn receive_document(
        &mut self,
        bytes: &[u8],
        id: Option<&str>,
    ) -> Result<String, WalletError> {
        let doc = IssuedDocument::from_bytes(bytes)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let (claims, _) = doc
            .open()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let public = self.device_public_key()?;
        if claims.holder.compressed().as_slice() != public.as_slice() {
            return Err(WalletError::BadDocument(
                "the document is bound to another device".into(),
            ));
        }
        let doc_type = claims.doc_type.name();
        let id = id.map_or_else(|| id_of(&doc, doc_type), str::to_owned);
        let now = self.clock.now();
        let db = self.db()?;
        db.transaction(|db| {
            db.put_document(&id, doc_type, bytes, now)?;
            db.log(&Activity {
                at: now,
                action: Action::Receive,
                doc_type: Some(doc_type.into()),
                fields: vec![],
                counterpart: None,
                result: "ok".into(),
            })
        })?;
        Ok(id)
    }

    /// Every document's summary, newest first.
    pub fn documents(&mut self) -> Result<Vec<DocumentSummary>, WalletError> {
        Ok(self
            .db()?
            .documents()?
            .into_iter()
            .map(|d| DocumentSummary {
                id: d.id,
                doc_type: d.doc_type,
                received_at: d.received_at,
                needs_rebinding: d.needs_rebinding,
            })
            .collect())
    }

    /// One document with all its fields.
    pub fn document(&mut self, id: &str) -> Result<DocumentView, WalletError> {
        let (doc, needs_rebinding) = self.issued(id)?;
        let (claims, content) = doc
            .open()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        Ok(DocumentView {
            id: id.to_owned(),
            doc_type: claims.doc_type.name(),
            fields: content.fields().map(|(s, v)| (s.name, v.clone())).collect(),
            not_before: claims.not_before,
            expires_at: claims.expires_at,
            needs_rebinding,
        })
    }

    /// One document with its fields and its revocation state (its screen).
    pub fn document_details(&mut self, id: &str) -> Result<DocumentDetails, WalletError> {
        Ok(DocumentDetails {
            document: self.document(id)?,
            revocation: self.document_revocation(id)?,
        })
    }

    /// Every document as a card: the citizen ID card first, then the health insurance card, the
    /// driving licence, vehicle registrations and the rest (the order of [`CARD_ORDER`]), the
    /// newest first within a type; a document that cannot be read is skipped rather than hiding
    /// the others.
    pub fn document_cards(&mut self) -> Result<Vec<DocumentCard>, WalletError> {
        let rows = self.documents()?;
        let mut cards = Vec::with_capacity(rows.len());
        for row in rows {
            let Ok(view) = self.document(&row.id) else {
                continue;
            };
            let pick = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|n| view.fields.get(n).map(field_text))
            };
            let valid_until = pick(&VALID_UNTIL_FIELDS);
            let open_ended = valid_until.is_none()
                && DocType::from_name(view.doc_type).is_some_and(|t| {
                    VALID_UNTIL_FIELDS
                        .iter()
                        .any(|n| t.field_by_name(n).is_some())
                });
            cards.push(DocumentCard {
                holder_name: pick(&NAME_FIELDS),
                number: pick(&NUMBER_FIELDS),
                id: view.id.clone(),
                doc_type: view.doc_type,
                expires_at: view.expires_at,
                valid_until,
                open_ended,
                needs_rebinding: view.needs_rebinding,
            });
        }
        // Stable: the newest-first order of the rows is kept within a type.
        cards.sort_by_key(|c| {
            CARD_ORDER
                .iter()
                .position(|t| t.name() == c.doc_type)
                .unwrap_or(CARD_ORDER.len())
        });
        Ok(cards)
    }

    /// Whether document `id` is revoked, by the portal's status lists cached at the last sync.
    pub fn document_revocation(&mut self, id: &str) -> Result<RevocationView, WalletError> {
        let (doc, _) = self.issued(id)?;
        let unknown = RevocationView {
            state: "unknown",
            list_issued_at: None,
        };
        let Some(bundle) = self.trust_bundle()? else {
            return Ok(unknown);
        };
        let open = bundle.open(Some(&bundle.root.key_id()))?;
        Ok(match document_status(&doc, &open.list, &open.status) {
            Ok(Revocation::Checked { list_issued_at }) => RevocationView {
                state: "good",
                list_issued_at: Some(list_issued_at),
            },
            Ok(Revocation::NotChecked) => unknown,
            Err(r) if r.reason == eid_credential::Reason::Revoked => RevocationView {
                state: "revoked",
                list_issued_at: open.status.iter().map(|s| s.issued_at).max(),
            },
            Err(_) => unknown,
        })
    }

    /// The sample issuer's document of `doc_type`, bound to this wallet's device key (a demo
    /// until the portal issues real ones). The issuer is `eid sample --seed SEED`'s.
    pub fn add_sample_document(
        &mut self,
        doc_type: DocType,
        seed: u64,
    ) -> Result<String, WalletError> {
        let holder = eid_credential::PublicKey::from_sec1(&self.device_public_key()?)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let now = self.clock.now();
        let world = eid_credential::sample::SampleWorld::new(seed, now);
        let validity = eid_credential::Validity {
            issued_at: now,
            not_before: now,
            expires_at: now + 5 * 365 * 86_400,
        };
        let doc = eid_credential::issue(
            &eid_credential::sample::sample_document(doc_type),
            &world.issuer,
            &holder,
            validity,
            doc_type.code(),
            &mut self.rng,
        )
        .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        self.add_document(&doc.to_bytes())
    }
}
