//! Backups: round trip into a new wallet, and every kind of bad file refused with nothing changed.

mod common;

use common::*;
use eid_store::backup::{self, BackupContent};
use eid_store::kdf::KdfParams;
use eid_store::records::{Account, Action, Activity, Draft};
use eid_store::Db;

const PASS: &str = "correct horse battery";

fn filled(db: &Db) {
    db.put_account(
        &Account {
            level: 2,
            id_number: "001099012345".into(),
            phone: "0912345678".into(),
            full_name: "Lê Thị Hoa".into(),
        },
        NOW,
    )
    .unwrap();
    db.put_document("doc-1", "health_insurance", b"\xd2issued-bytes-1", NOW)
        .unwrap();
    db.put_document("doc-2", "citizen_id_card", b"\xd2issued-bytes-2", NOW + 1)
        .unwrap();
    db.put_draft(&Draft {
        id: "d1".into(),
        kind: "temporary_residence".into(),
        body: "{\"a\":1}".into(),
        updated_at: NOW,
    })
    .unwrap();
    db.log(&Activity {
        at: NOW,
        action: Action::Present,
        doc_type: Some("health_insurance".into()),
        fields: vec!["full_name".into(), "insurance_number".into()],
        counterpart: Some("counter".into()),
        result: "ok".into(),
    })
    .unwrap();
}

fn sealed() -> (Vec<u8>, BackupContent) {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let db = vault(dir.path(), &ks)
        .create("123456", &mut rng(1))
        .unwrap();
    filled(&db);
    let content = backup::collect(&db, NOW + 5).unwrap();
    (
        backup::seal_backup(&content, PASS, KdfParams::TEST, &mut rng(2)).unwrap(),
        content,
    )
}

#[test]
fn round_trip_into_a_new_device() {
    let (file, content) = sealed();
    assert_eq!(&file[..8], backup::MAGIC);
    assert!(!contains(&file, "Lê Thị Hoa".as_bytes()) && !contains(&file, b"issued-bytes"));
    let opened = backup::open_backup(&file, PASS).unwrap();
    assert_eq!(opened, content);
    assert_eq!(opened.documents.len(), 2);

    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let mut db = vault(dir.path(), &ks)
        .create("222222", &mut rng(3))
        .unwrap();
    backup::restore_into(&mut db, &opened, NOW + 100).unwrap();
    assert_eq!(db.account().unwrap(), content.account);
    let docs = db.documents().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.needs_rebinding));
    assert_eq!(
        db.document("doc-1").unwrap().unwrap().1,
        b"\xd2issued-bytes-1"
    );
    assert_eq!(db.drafts().unwrap(), content.drafts);
    let log = db.activity(10).unwrap();
    assert_eq!(log[0].action, Action::Restore);
    assert_eq!(log[1], content.activity[0]);
}

#[test]
fn wrong_passphrase_truncation_and_every_flipped_byte_are_refused() {
    let (file, _) = sealed();
    assert_eq!(
        backup::open_backup(&file, "wrong passphrase!")
            .unwrap_err()
            .code(),
        "backup_wrong_passphrase"
    );
    assert_eq!(
        backup::open_backup(b"PK\x03\x04zip", PASS)
            .unwrap_err()
            .code(),
        "backup_not_a_backup"
    );
    for len in 0..file.len() {
        let err = backup::open_backup(&file[..len], PASS).unwrap_err();
        assert!(
            [
                "backup_truncated",
                "backup_not_a_backup",
                "backup_wrong_passphrase"
            ]
            .contains(&err.code()),
            "length {len}: {err:?}"
        );
    }
    for i in 0..file.len() {
        let mut bad = file.clone();
        bad[i] ^= 0x01;
        let err = backup::open_backup(&bad, PASS).unwrap_err();
        assert!(
            [
                "backup_not_a_backup",
                "backup_unsupported_version",
                "backup_wrong_passphrase"
            ]
            .contains(&err.code()),
            "byte {i}: {err:?}"
        );
    }
    let mut newer = file.clone();
    newer[9] = 2;
    assert_eq!(
        backup::open_backup(&newer, PASS).unwrap_err().code(),
        "backup_unsupported_version"
    );
}

#[test]
fn weak_passphrases_are_refused() {
    let (_, content) = sealed();
    let err = backup::seal_backup(&content, "short", KdfParams::TEST, &mut rng(1)).unwrap_err();
    assert_eq!(err.code(), "backup_weak_passphrase");
}

#[test]
fn a_failed_restore_changes_nothing() {
    let (file, _) = sealed();
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let v = vault(dir.path(), &ks);
    let db = v.create("123456", &mut rng(4)).unwrap();
    filled(&db);
    drop(db);
    let snapshot = |p: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut f: Vec<_> = files_below(p)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(&f).unwrap()))
            .collect();
        f.sort();
        f
    };
    let before = snapshot(dir.path());
    let mut truncated = file.clone();
    truncated.truncate(file.len() / 2);
    for bad in [&truncated, &file] {
        assert!(backup::open_backup(bad, "not the passphrase").is_err());
    }
    assert_eq!(snapshot(dir.path()), before);
}
