//! What the app's commands return, in the shape the UI reads. Most are the facade's own types,
//! whose TypeScript declarations the facade derives (its `ts` feature) and this crate exports;
//! the ones here reshape a facade type for a screen (fields in the card's order, the portal's
//! address beside the status) and decide nothing.

use eid_wallet::WalletStatus;
use serde::Serialize;
use ts_rs::TS;

/// The app's state at start and after each account step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// What this device is for (asked at the first start): `citizen`, `station`, or `null`
    /// until chosen on a device without a wallet.
    pub role: Option<Role>,
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
    /// The status of the wallet, with what the device is for and the portal's address.
    pub fn new(s: WalletStatus, role: Option<Role>, portal_url: &str) -> Self {
        AppStatus {
            role,
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

impl From<eid_wallet::idcard::IdCardQr> for IdCard {
    fn from(c: eid_wallet::idcard::IdCardQr) -> Self {
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

/// One field as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Field {
    /// The field's code, e.g. `full_name` (the UI translates it).
    pub name: String,
    /// The value as one line (dates `YYYY-MM-DD`, yes/no `true`/`false`, pictures a `data:`
    /// URL).
    pub value: String,
    /// The value kind (`text`, `date`, `sex`, `categories`, `bool`, `portrait`,
    /// `counter_portrait`), so the UI shows pictures as pictures and yes/no in words.
    pub kind: String,
}

/// Fields as text, in the order the document type lists them (as printed on the card).
fn in_type_order(
    doc_type: Option<&str>,
    fields: &std::collections::BTreeMap<&'static str, eid_wallet::FieldValue>,
) -> Vec<Field> {
    let order: Vec<&str> = doc_type
        .and_then(eid_wallet::DocType::from_name)
        .map(|t| t.fields().iter().map(|f| f.name).collect())
        .unwrap_or_default();
    let kinds = doc_type.and_then(eid_wallet::DocType::from_name);
    let kind_of = |name: &str| {
        kinds
            .and_then(|t| t.field_by_name(name))
            .and_then(|s| serde_json::to_value(s.kind).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "text".to_owned())
    };
    let mut out: Vec<Field> = fields
        .iter()
        .map(|(name, value)| Field {
            name: (*name).to_owned(),
            value: eid_wallet::field_text(value),
            kind: kind_of(name),
        })
        .collect();
    out.sort_by_key(|f| order.iter().position(|n| *n == f.name));
    out
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
    pub revocation: RevocationView,
}

impl DocumentDetail {
    /// The document's view and revocation state as the UI reads them; fields keep the
    /// document type's order.
    pub fn new(details: eid_wallet::DocumentDetails) -> Self {
        let (view, revocation) = (details.document, details.revocation);
        let fields = in_type_order(Some(view.doc_type), &view.fields);
        DocumentDetail {
            id: view.id,
            doc_type: view.doc_type.to_owned(),
            fields,
            not_before: view.not_before,
            expires_at: view.expires_at,
            needs_rebinding: view.needs_rebinding,
            revocation,
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
    /// The counter portrait, as a `data:` URL, when the presentation carries one: the clerk
    /// compares it with the face before them. `None` says the presentation has no portrait.
    pub portrait: Option<String>,
    /// The other disclosed fields, in the document type's order.
    pub fields: Vec<Field>,
    /// When the holder made it (Unix seconds).
    #[ts(type = "number | null")]
    pub presented_at: Option<u64>,
    /// The age of the status list used, in seconds.
    #[ts(type = "number | null")]
    pub revocation_age_seconds: Option<u64>,
    /// `device` (shown from the holder's phone) or `printed_card` (paper, bound to no phone).
    pub binding: Option<String>,
}

impl From<&eid_wallet::Report> for VerifyResult {
    fn from(r: &eid_wallet::Report) -> Self {
        let (portraits, fields): (Vec<Field>, Vec<Field>) = in_type_order(r.doc_type, &r.fields)
            .into_iter()
            .partition(|f| f.kind == "counter_portrait" || f.kind == "portrait");
        let portrait = portraits.into_iter().next().map(|f| f.value);
        VerifyResult {
            portrait,
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
            binding: r.binding.map(str::to_owned),
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

/// What the commands take and return as the facade gives them.
pub use eid_wallet::{
    ActivityAction, ActivityEntry, DocumentCard, Draft, Registration, RevocationView, Role,
    Settings, ShareAsk, StationLogEntry, StationSettings, StationStatus, Submission,
    SubmissionState, Submitted, SyncReport, TrustOffer,
};
