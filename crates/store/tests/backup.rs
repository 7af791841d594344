//! Backups: round trip into a new wallet, and every kind of bad file refused with nothing changed.

mod common;

use common::*;
use eid_store::backup::{self, BackupContent};
use eid_store::kdf::{self, KdfParams};
use eid_store::outbox::{ApplicationRow, OutboxItem, REFUSED, SENDING, WAITING};
use eid_store::records::{Account, Action, Activity, Draft};
use eid_store::Db;

const PASS: &str = "correct horse battery";

fn outbox_item(n: u32, state: &str) -> OutboxItem {
    OutboxItem {
        id: format!("out-{n}"),
        draft_id: format!("d{n}"),
        idempotency_key: format!("{n:032x}"),
        body: format!("{{\"kind\":\"temporary_absence\",\"n\":{n}}}"),
        state: state.into(),
        attempts: n,
        next_attempt_at: NOW + 600,
        last_error: (n > 0).then(|| "network".into()),
        created_at: NOW + u64::from(n),
        updated_at: NOW + u64::from(n),
    }
}

fn filled(db: &mut Db) {
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
    for (n, state) in [(0, WAITING), (1, SENDING), (2, REFUSED)] {
        let item = outbox_item(n, state);
        let draft = Draft {
            id: item.draft_id.clone(),
            kind: "temporary_absence".into(),
            body: item.body.clone(),
            updated_at: NOW,
        };
        db.submit_draft(&draft, &item).unwrap();
    }
    db.put_recovery_key(&[7u8; 32], b"recovery-public", true, NOW, &mut rng(8))
        .unwrap();
    db.put_application(&ApplicationRow {
        id: "app-1".into(),
        draft_id: Some("d9".into()),
        kind: "residence_notification".into(),
        state: "in_review".into(),
        reason: None,
        result_document_id: None,
        submitted_at: NOW,
        updated_at: NOW + 3,
        body: "{}".into(),
    })
    .unwrap();
}

/// A new wallet (another home, another keystore) with `content` restored into it.
fn restored(content: &BackupContent) -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let mut db = vault(dir.path(), &ks)
        .create("222222", &mut rng(3))
        .unwrap();
    backup::restore_into(&mut db, content, NOW + 100, &mut rng(7)).unwrap();
    (dir, db)
}

fn sealed() -> (Vec<u8>, BackupContent) {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let mut db = vault(dir.path(), &ks)
        .create("123456", &mut rng(1))
        .unwrap();
    filled(&mut db);
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
    assert_eq!(&file[8..10], &[0, 2], "written as format version 2");
    let opened = backup::open_backup(&file, PASS).unwrap();
    assert_eq!(opened, content);
    assert_eq!(opened.documents.len(), 2);
    assert_eq!(opened.outbox.len(), 3);
    assert_eq!(opened.applications.len(), 1);

    let (_dir, db) = restored(&opened);
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

    // Pending work comes back with its keys and bodies; what was waiting (or being sent) is due
    // at once on the new device, what the portal refused stays refused.
    let outbox = db.outbox().unwrap();
    assert_eq!(outbox.len(), 3);
    for (restored, original) in outbox.iter().zip(&content.outbox) {
        assert_eq!(restored.idempotency_key, original.idempotency_key);
        assert_eq!(restored.body, original.body);
        assert_eq!(restored.attempts, original.attempts);
    }
    assert_eq!(
        (outbox[0].state.as_str(), outbox[0].next_attempt_at),
        (WAITING, 0)
    );
    assert_eq!(
        (outbox[1].state.as_str(), outbox[1].next_attempt_at),
        (WAITING, 0)
    );
    assert_eq!(outbox[2].state, REFUSED);
    let due: Vec<String> = db
        .due_outbox(NOW, 10)
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(due, ["out-0", "out-1"]);
    assert_eq!(db.applications().unwrap(), content.applications);

    // The recovery key comes back, and the portal is known to have it.
    let key = db.recovery_key().unwrap().unwrap();
    assert_eq!(
        (&key.private[..], &key.public[..], key.registered),
        (&[7u8; 32][..], &b"recovery-public"[..], true)
    );
    assert!(
        !contains(&file, &hex::encode([7u8; 32]).into_bytes()),
        "sealed in the file"
    );
}

/// The version-1 layout (as docs/store.md and the module docs describe it) sealed by hand: the
/// same header with version 1, and content from before the outbox was backed up.
fn sealed_v1(content: &serde_json::Value) -> Vec<u8> {
    let params = KdfParams::TEST;
    let salt = [7u8; 16];
    let mut header = Vec::new();
    header.extend_from_slice(backup::MAGIC);
    header.extend_from_slice(&1u16.to_be_bytes());
    for v in [params.m_kib, params.t, params.p] {
        header.extend_from_slice(&v.to_be_bytes());
    }
    header.extend_from_slice(&salt);
    let key = kdf::derive(PASS.as_bytes(), &salt, None, params).unwrap();
    let plain = serde_json::to_vec(content).unwrap();
    let mut file = header.clone();
    file.extend_from_slice(&eid_store::seal::seal(&key, &header, &plain, &mut rng(9)));
    file
}

#[test]
fn a_version_1_backup_still_restores() {
    let (_, content) = sealed();
    let mut v1 = serde_json::to_value(&content).unwrap();
    let object = v1.as_object_mut().unwrap();
    object.remove("outbox");
    object.remove("applications");
    let opened = backup::open_backup(&sealed_v1(&v1), PASS).unwrap();
    assert_eq!(opened.documents, content.documents);
    assert_eq!(opened.drafts, content.drafts);
    assert!(opened.outbox.is_empty() && opened.applications.is_empty());

    let (_dir, db) = restored(&opened);
    assert_eq!(db.documents().unwrap().len(), 2);
    assert!(db.outbox().unwrap().is_empty());
}

#[test]
fn inconsistent_pending_work_is_refused_before_anything_is_written() {
    let (_, content) = sealed();
    let mut twice = content.clone();
    twice.outbox[1].idempotency_key = twice.outbox[0].idempotency_key.clone();
    let mut unknown = content.clone();
    unknown.outbox[0].state = "delivered".into();
    let mut same_app = content.clone();
    same_app.applications.push(same_app.applications[0].clone());
    for bad in [twice, unknown, same_app] {
        let file = backup::seal_backup(&bad, PASS, KdfParams::TEST, &mut rng(2)).unwrap();
        assert_eq!(
            backup::open_backup(&file, PASS).unwrap_err().code(),
            "backup_bad_content"
        );
    }
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
    newer[9] = 3;
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
    let mut db = v.create("123456", &mut rng(4)).unwrap();
    filled(&mut db);
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
