//! What the app's commands return, in the shape the UI reads. Each type converts from the
//! facade's own type; nothing here decides anything.

use eid_wallet::home::{DocumentCard as WalletCard, RevocationView, WalletStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The app's state at start and after each account step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// A wallet exists on this device.
    pub exists: bool,
    /// It is unlocked now.
    pub unlocked: bool,
    /// Registered with the portal.
    pub registered: bool,
    /// The account level, when registered.
    pub level: Option<u8>,
    /// A level-2 request waits for the in-person check.
    pub level2_requested: bool,
    /// Documents held.
    pub document_count: u32,
    /// The portal this app talks to.
    pub portal_url: String,
    /// When the last sync finished (Unix seconds).
    #[ts(type = "number | null")]
    pub last_sync_at: Option<u64>,
    /// The keystore holding the wallet's key: `secret_service`, `kernel_keyring`,
    /// `android_keystore`, `apple_keychain`, `windows_credential_manager` or `custom`.
    pub keystore: String,
    /// Whether that keystore keeps the key across a reboot; when not, the UI asks for a backup.
    pub keystore_survives_reboot: bool,
    /// This device waits for its account to move here until then (Unix seconds).
    #[ts(type = "number | null")]
    pub incoming_move_at: Option<u64>,
    /// Another device asked for this account: it moves there then, unless cancelled here.
    #[ts(type = "number | null")]
    pub outgoing_move_at: Option<u64>,
}

impl AppStatus {
    /// The status of the wallet, with the portal's address.
    pub fn new(s: WalletStatus, portal_url: &str) -> Self {
        AppStatus {
            exists: s.exists,
            unlocked: s.unlocked,
            registered: s.registered,
            level: s.level,
            level2_requested: s.upgrade_state.as_deref() == Some("requested"),
            document_count: u32::try_from(s.document_count).unwrap_or(u32::MAX),
            portal_url: portal_url.to_owned(),
            last_sync_at: s.last_sync_at,
            keystore: s.keystore.kind.code().to_owned(),
            keystore_survives_reboot: s.keystore.survives_reboot,
            incoming_move_at: s.incoming_move_at,
            outgoing_move_at: s.outgoing_move_at,
        }
    }
}

/// The printed citizen-ID card's QR, read to pre-fill the registration (it proves nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IdCard {
    /// 12 digits.
    pub id_number: String,
    /// The old 9-digit number, if printed.
    pub old_id_number: Option<String>,
    /// As printed.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
    /// `male` or `female`.
    pub sex: String,
    /// Place of residence as printed.
    pub address: String,
    /// YYYY-MM-DD.
    pub issue_date: String,
}

impl From<eid_qr::idcard::IdCardQr> for IdCard {
    fn from(c: eid_qr::idcard::IdCardQr) -> Self {
        let json = serde_json::to_value(&c).unwrap_or_default();
        let text = |k: &str| json[k].as_str().unwrap_or_default().to_owned();
        IdCard {
            id_number: c.id_number,
            old_id_number: c.old_id_number,
            full_name: c.full_name,
            date_of_birth: text("date_of_birth"),
            sex: text("sex"),
            address: c.address,
            issue_date: text("issue_date"),
        }
    }
}

/// What a level-1 registration needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct RegisterInput {
    /// 12 digits.
    pub id_number: String,
    /// 10–11 digits.
    pub phone: String,
    /// As on the ID card.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
}

impl From<RegisterInput> for eid_wallet::portal::Registration {
    fn from(r: RegisterInput) -> Self {
        eid_wallet::portal::Registration {
            id_number: r.id_number,
            phone: r.phone,
            full_name: r.full_name,
            date_of_birth: r.date_of_birth,
        }
    }
}

/// One field as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Field {
    /// The field's code, e.g. `full_name` (the UI translates it).
    pub name: String,
    /// The value as one line (dates `YYYY-MM-DD`).
    pub value: String,
}

/// Fields as text, in the order the document type lists them (as printed on the card).
fn in_type_order(
    doc_type: Option<&str>,
    fields: &std::collections::BTreeMap<&'static str, eid_credential::FieldValue>,
) -> Vec<Field> {
    let order: Vec<&str> = doc_type
        .and_then(eid_credential::DocType::from_name)
        .map(|t| t.fields().iter().map(|f| f.name).collect())
        .unwrap_or_default();
    let mut out: Vec<Field> = fields
        .iter()
        .map(|(name, value)| Field {
            name: (*name).to_owned(),
            value: eid_wallet::home::field_text(value),
        })
        .collect();
    out.sort_by_key(|f| order.iter().position(|n| *n == f.name));
    out
}

/// A document on the home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentCard {
    /// The wallet's id.
    pub id: String,
    /// The type code.
    pub doc_type: String,
    /// The holder's name on it.
    pub holder_name: Option<String>,
    /// Its main number.
    pub number: Option<String>,
    /// Valid until (Unix seconds).
    #[ts(type = "number")]
    pub expires_at: u64,
    /// Must be re-issued before it can be shown.
    pub needs_rebinding: bool,
}

impl From<WalletCard> for DocumentCard {
    fn from(c: WalletCard) -> Self {
        DocumentCard {
            id: c.id,
            doc_type: c.doc_type.to_owned(),
            holder_name: c.holder_name,
            number: c.number,
            expires_at: c.expires_at,
            needs_rebinding: c.needs_rebinding,
        }
    }
}

/// Whether a document is revoked, by the cached status lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RevocationState {
    /// `good`, `revoked` or `unknown`.
    pub state: String,
    /// When the status list used was signed (Unix seconds).
    #[ts(type = "number | null")]
    pub list_issued_at: Option<u64>,
}

impl From<RevocationView> for RevocationState {
    fn from(r: RevocationView) -> Self {
        RevocationState {
            state: r.state.to_owned(),
            list_issued_at: r.list_issued_at,
        }
    }
}

/// A document with all its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentDetail {
    /// The wallet's id.
    pub id: String,
    /// The type code.
    pub doc_type: String,
    /// Every field, in the document type's order.
    pub fields: Vec<Field>,
    /// Valid from (Unix seconds).
    #[ts(type = "number")]
    pub not_before: u64,
    /// Valid until (Unix seconds).
    #[ts(type = "number")]
    pub expires_at: u64,
    /// Must be re-issued before it can be shown.
    pub needs_rebinding: bool,
    /// Revocation, by the cached status lists.
    pub revocation: RevocationState,
}

impl DocumentDetail {
    /// The document's view and revocation state as the UI reads them; fields keep the
    /// document type's order.
    pub fn new(view: eid_wallet::citizen::DocumentView, revocation: RevocationView) -> Self {
        let fields = in_type_order(Some(view.doc_type), &view.fields);
        DocumentDetail {
            id: view.id,
            doc_type: view.doc_type.to_owned(),
            fields,
            not_before: view.not_before,
            expires_at: view.expires_at,
            needs_rebinding: view.needs_rebinding,
            revocation: revocation.into(),
        }
    }
}

/// A presentation to show as a QR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PresentationQr {
    /// The QR's text (`EP1:` + base45).
    pub text: String,
    /// The QR as SVG markup.
    pub svg: String,
    /// When it was made (Unix seconds).
    #[ts(type = "number")]
    pub presented_at: u64,
    /// When counters stop accepting it (Unix seconds).
    #[ts(type = "number")]
    pub valid_until: u64,
}

/// A counter's check, green or red.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VerifyResult {
    /// Green.
    pub valid: bool,
    /// The stable reason code when red.
    pub reason: Option<String>,
    /// The document type.
    pub doc_type: Option<String>,
    /// The issuer's name from the trust list.
    pub issuer_name: Option<String>,
    /// The disclosed fields, in the document type's order.
    pub fields: Vec<Field>,
    /// When the holder made it (Unix seconds).
    #[ts(type = "number | null")]
    pub presented_at: Option<u64>,
    /// The age of the status list used, in seconds.
    #[ts(type = "number | null")]
    pub revocation_age_seconds: Option<u64>,
}

impl From<&eid_wallet::Report> for VerifyResult {
    fn from(r: &eid_wallet::Report) -> Self {
        let fields = in_type_order(r.doc_type, &r.fields);
        VerifyResult {
            valid: r.valid,
            reason: r.reason.map(str::to_owned),
            doc_type: r.doc_type.map(str::to_owned),
            issuer_name: r.issuer.as_ref().map(|i| i.name.clone()),
            fields,
            presented_at: r
                .presented_at
                .as_deref()
                .and_then(eid_wallet::timefmt::from_rfc3339),
            revocation_age_seconds: r.revocation.as_ref().and_then(|v| v.list_age_seconds),
        }
    }
}

/// A service's request, shown before the citizen consents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ShareAsk {
    /// The service's registered name.
    pub service_name: String,
    /// The service's id.
    pub service_id: String,
    /// The document type asked for.
    pub doc_type: String,
    /// The fields asked for.
    pub fields: Vec<String>,
    /// Why.
    pub purpose: String,
    /// Until when the request can be answered (Unix seconds).
    #[ts(type = "number")]
    pub expires_at: u64,
    /// The wallet's document of that type, if it holds one.
    pub document_id: Option<String>,
}

impl From<eid_wallet::portal::ShareAsk> for ShareAsk {
    fn from(ask: eid_wallet::portal::ShareAsk) -> Self {
        ShareAsk {
            service_name: ask.service_name,
            service_id: ask.service_id,
            doc_type: ask.doc_type.to_owned(),
            fields: ask.fields.iter().map(|f| (*f).to_owned()).collect(),
            purpose: ask.purpose,
            expires_at: ask.expires_at,
            document_id: ask.document_id,
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncResult {
    /// Submissions accepted now.
    pub sent: u32,
    /// Submissions still waiting.
    pub waiting: u32,
    /// Submissions refused for good.
    pub refused: u32,
    /// Documents received.
    pub documents_received: u32,
    /// Applications whose state changed.
    pub applications_updated: u32,
    /// The account level now.
    pub level: Option<u8>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<eid_wallet::portal::SyncReport> for SyncResult {
    fn from(r: eid_wallet::portal::SyncReport) -> Self {
        SyncResult {
            sent: count(r.sent),
            waiting: count(r.waiting),
            refused: count(r.refused),
            documents_received: count(r.documents_received),
            applications_updated: count(r.applications_updated),
            level: r.level,
        }
    }
}

/// One submission as the citizen follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Submission {
    /// The outbox's id while waiting or refused, else the portal's.
    pub id: String,
    /// The form's kind.
    pub kind: String,
    /// `waiting`, `refused`, `submitted`, `in_review`, `approved` or `rejected`.
    pub state: String,
    /// A refusal's code or a rejection's reason.
    pub reason: Option<String>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// The next attempt (Unix seconds).
    #[ts(type = "number | null")]
    pub next_attempt_at: Option<u64>,
    /// The result document's id, once approved and synced.
    pub result_document_id: Option<String>,
    /// The last change (Unix seconds).
    #[ts(type = "number")]
    pub updated_at: u64,
}

impl From<eid_wallet::portal::Submission> for Submission {
    fn from(s: eid_wallet::portal::Submission) -> Self {
        Submission {
            id: s.id,
            kind: s.kind,
            state: s.state,
            reason: s.reason,
            attempts: s.attempts,
            next_attempt_at: s.next_attempt_at,
            result_document_id: s.result_document_id,
            updated_at: s.updated_at,
        }
    }
}

/// A draft application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DraftItem {
    /// The draft's id.
    pub id: String,
    /// The form's kind.
    pub kind: String,
    /// The form as saved.
    pub form: eid_portal_api::forms::ApplicationForm,
    /// Last edit (Unix seconds).
    #[ts(type = "number")]
    pub updated_at: u64,
}

impl DraftItem {
    /// The draft as the UI edits it; `None` when its saved body is not a form (never shown).
    pub fn from_draft(d: eid_store::records::Draft) -> Option<Self> {
        let form = serde_json::from_str(&d.body).ok()?;
        Some(DraftItem {
            id: d.id,
            kind: d.kind,
            form,
            updated_at: d.updated_at,
        })
    }
}

/// One entry of the activity log (names, never values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ActivityEntry {
    /// Unix seconds.
    #[ts(type = "number")]
    pub at: u64,
    /// `present`, `share`, `verify`, `receive` or `restore`.
    pub action: String,
    /// The document type.
    pub doc_type: Option<String>,
    /// The field names.
    pub fields: Vec<String>,
    /// Who was on the other side.
    pub counterpart: Option<String>,
    /// `ok` or a reason code.
    pub result: String,
}

impl From<eid_store::records::Activity> for ActivityEntry {
    fn from(a: eid_store::records::Activity) -> Self {
        ActivityEntry {
            at: a.at,
            action: eid_wallet::home::code_of(&a.action),
            doc_type: a.doc_type,
            fields: a.fields,
            counterpart: a.counterpart,
            result: a.result,
        }
    }
}

/// The about box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AboutInfo {
    /// The app's version.
    pub version: String,
    /// The portal's address.
    pub portal_url: String,
    /// The pinned root key id, once synced.
    pub trust_anchor: Option<String>,
    /// Where the wallet's files are.
    pub data_dir: String,
}
