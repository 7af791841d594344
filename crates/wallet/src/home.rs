//! What the app shows without the network: the wallet's state for the home screen, document
//! cards, a document's fields as text, and its revocation state from the cached status lists.

use crate::citizen::Wallet;
use crate::error::WalletError;
use eid_credential::{document_status, FieldValue, Revocation};
use serde::Serialize;

/// The wallet's state, as the home screen and the app's start need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletStatus {
    /// A wallet exists in the home folder.
    pub exists: bool,
    /// It is unlocked now.
    pub unlocked: bool,
    /// It is registered with the portal (level 1 at least).
    pub registered: bool,
    /// The account level, when registered.
    pub level: Option<u8>,
    /// The level-2 request's state as last seen: `requested`, `approved` or `rejected`.
    pub upgrade_state: Option<String>,
    /// How many documents it holds.
    pub document_count: usize,
    /// When the last complete sync finished (Unix seconds).
    pub last_sync_at: Option<u64>,
    /// The keystore holding the wallet's key; when it does not survive a reboot, the app asks
    /// for a backup.
    pub keystore: eid_store::keystore::KeystoreInfo,
    /// This device waits for its account to move here until then (Unix seconds).
    pub incoming_move_at: Option<u64>,
    /// Another device asked for this account: it moves there then unless cancelled here.
    pub outgoing_move_at: Option<u64>,
}

/// One document on the home screen: enough to recognise it without opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentCard {
    /// The wallet's id.
    pub id: String,
    /// The type code.
    pub doc_type: &'static str,
    /// The holder's (or owner's) name on it.
    pub holder_name: Option<String>,
    /// Its main number (ID, licence, plate, insurance or reference number).
    pub number: Option<String>,
    /// Valid until (Unix seconds).
    pub expires_at: u64,
    /// Restored from a backup: must be re-issued before it can be shown.
    pub needs_rebinding: bool,
}

/// Whether a held document is revoked, by the status lists cached at the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevocationView {
    /// `good`, `revoked` or `unknown` (no status list yet, or none for its issuer).
    pub state: &'static str,
    /// When the status list used was signed (its age is shown).
    pub list_issued_at: Option<u64>,
}

/// The fields that name a document's holder, in order of preference.
const NAME_FIELDS: [&str; 2] = ["full_name", "owner_name"];
/// The fields that number a document, in order of preference.
const NUMBER_FIELDS: [&str; 5] = [
    "id_number",
    "licence_number",
    "plate_number",
    "insurance_number",
    "reference_number",
];

/// The code a value serializes to, e.g. `in_review` for an application's state; empty for a
/// value that is not a plain code.
pub fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

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

impl Wallet {
    /// The wallet's state. Works locked: then only `exists` is filled in.
    pub fn status(&mut self) -> Result<WalletStatus, WalletError> {
        let exists = self.exists();
        if !self.is_unlocked() {
            return Ok(WalletStatus {
                exists,
                unlocked: false,
                registered: false,
                level: None,
                upgrade_state: None,
                document_count: 0,
                last_sync_at: None,
                keystore: self.keystore_info(),
                incoming_move_at: None,
                outgoing_move_at: None,
            });
        }
        let keystore = self.keystore_info();
        let db = self.db()?;
        Ok(WalletStatus {
            keystore,
            exists,
            unlocked: true,
            registered: db.portal_account_id()?.is_some(),
            level: db.account()?.map(|a| a.level),
            upgrade_state: db.upgrade_state()?,
            document_count: db.documents()?.len(),
            last_sync_at: db.last_sync_at()?,
            incoming_move_at: db.incoming_move()?.map(|(_, at)| at),
            outgoing_move_at: db.outgoing_move_at()?,
        })
    }

    /// Every document as a card, newest first; a document that cannot be read is skipped
    /// rather than hiding the others.
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
            cards.push(DocumentCard {
                holder_name: pick(&NAME_FIELDS),
                number: pick(&NUMBER_FIELDS),
                id: view.id.clone(),
                doc_type: view.doc_type,
                expires_at: view.expires_at,
                needs_rebinding: view.needs_rebinding,
            });
        }
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
}
