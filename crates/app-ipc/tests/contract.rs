//! The contract's checks: the catalogue covers every code the Rust side can produce, errors
//! carry their details, and the generated files for the UI are written.

use eid_app_ipc::{catalogue, IpcError};
use eid_store::error::BackupError;
use eid_store::StoreError;
use eid_wallet::WalletError;

fn has(code: &str) -> bool {
    catalogue().error_codes.contains(&code)
}

#[test]
fn every_store_and_backup_error_has_a_catalogue_code() {
    let backups = [
        BackupError::NotABackup,
        BackupError::UnsupportedVersion,
        BackupError::Truncated,
        BackupError::WrongPassphraseOrTampered,
        BackupError::BadContent,
        BackupError::WeakPassphrase,
    ];
    let mut errors = vec![
        StoreError::WrongPin { remaining: 1 },
        StoreError::Throttled { wait_seconds: 1 },
        StoreError::LockedOut,
        StoreError::BadPin,
        StoreError::KeystoreMissing,
        StoreError::KeystoreUnavailable("x".into()),
        StoreError::KeystoreLocked("x".into()),
        StoreError::Keystore("x".into()),
        StoreError::NoWallet,
        StoreError::AlreadyExists,
        StoreError::Corrupt("x".into()),
        StoreError::Io(std::io::Error::other("x")),
    ];
    errors.extend(backups.into_iter().map(StoreError::Backup));
    for e in errors {
        assert!(has(e.code()), "{} is missing", e.code());
    }
}

#[test]
fn every_wallet_and_portal_error_has_a_catalogue_code() {
    let wallet = [
        WalletError::IdCard("x".into()),
        WalletError::Sample("x".into()),
        WalletError::Locked,
        WalletError::NotFound("x"),
        WalletError::BadDocument("x".into()),
        WalletError::NeedsRebinding,
        WalletError::NotRegistered,
        WalletError::InvalidFields(vec![]),
        WalletError::Share("x".into()),
        WalletError::MoveCancelled,
        WalletError::TrustRootChanged,
        WalletError::HoldsWallet,
        WalletError::Portal(eid_portal_client::ClientError::Network("x".into())),
        WalletError::Portal(eid_portal_client::ClientError::Invalid("x".into())),
    ];
    for e in wallet {
        assert!(has(e.code()), "{} is missing", e.code());
    }
    for c in eid_portal_api::ErrorCode::ALL {
        assert!(has(c.as_str()), "{} is missing", c.as_str());
    }
    let codes = catalogue().error_codes;
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), codes.len(), "codes are listed once");
}

#[test]
fn the_catalogue_knows_every_document_type_and_field() {
    let c = catalogue();
    assert_eq!(c.doc_types.len(), 6);
    for name in ["insurance_number", "plate_number", "categories", "record"] {
        assert!(c.field_names.contains(&name), "{name}");
    }
    assert_eq!(c.verify_reasons.len(), eid_credential::Reason::ALL.len());
    assert!(c.verify_reasons.contains(&"replayed"));
}

#[test]
fn errors_carry_their_details() {
    let e = IpcError::from(WalletError::Store(StoreError::WrongPin { remaining: 4 }));
    assert_eq!((e.code.as_str(), e.remaining), ("wrong_pin", Some(4)));
    let e = IpcError::from(WalletError::Store(StoreError::Throttled {
        wait_seconds: 30,
    }));
    assert_eq!(
        (e.code.as_str(), e.wait_seconds),
        ("pin_throttled", Some(30))
    );
    let e = IpcError::from(WalletError::InvalidFields(vec![
        eid_portal_api::FieldError::new(
            "host.id_number",
            eid_portal_api::FieldCode::NotAnIdNumber,
            "the ID number has 12 digits",
        ),
    ]));
    assert_eq!(e.code, "invalid_fields");
    assert_eq!(e.fields.len(), 1);
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code.as_str()),
        ("host.id_number", "not_an_id_number")
    );
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["fields"][0]["code"], "not_an_id_number");
}

/// Writes `catalogue.json` beside the TypeScript types ts-rs exports in this same test run.
#[test]
fn export_catalogue_for_the_ui() {
    let dir = std::path::PathBuf::from(
        std::env::var("TS_RS_EXPORT_DIR").expect("set by .cargo/config.toml"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let text = serde_json::to_string_pretty(&catalogue()).unwrap() + "\n";
    let path = dir.join("catalogue.json");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// Writes the TypeScript declarations of the facade's types the commands take and return (the
/// types defined in this crate export themselves, `#[ts(export)]`, in this same test run).
#[test]
fn export_the_facade_types_for_the_ui() {
    use eid_app_ipc::*;
    use ts_rs::TS;
    ActivityEntry::export_all().unwrap();
    DocumentCard::export_all().unwrap();
    RevocationView::export_all().unwrap();
    Draft::export_all().unwrap();
    Registration::export_all().unwrap();
    Settings::export_all().unwrap();
    ShareAsk::export_all().unwrap();
    Submission::export_all().unwrap();
    Submitted::export_all().unwrap();
    SyncReport::export_all().unwrap();
    Role::export_all().unwrap();
    StationLogEntry::export_all().unwrap();
    StationSettings::export_all().unwrap();
    StationStatus::export_all().unwrap();
    TrustOffer::export_all().unwrap();
    let dir = std::path::PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").unwrap());
    for name in [
        "Draft",
        "Registration",
        "SubmissionState",
        "ActivityAction",
        "Role",
        "StationStatus",
        "TrustOffer",
    ] {
        assert!(dir.join(format!("{name}.ts")).exists(), "{name}.ts");
    }
}

/// Writes `presets.json` (the scene presets of `eid_wallet::presets`) beside the types, so the
/// UI offers exactly the presets the benchmarks measure.
#[test]
fn export_presets_for_the_ui() {
    let dir = std::path::PathBuf::from(
        std::env::var("TS_RS_EXPORT_DIR").expect("set by .cargo/config.toml"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let text = serde_json::to_string_pretty(&eid_wallet::presets::PRESETS).unwrap() + "\n";
    let path = dir.join("presets.json");
    std::fs::write(&path, &text).unwrap();
    assert!(text.contains("\"age_over_18\""));
}
