//! The outbox, accepted applications and the feed cursor, through a real SQLCipher file.

use eid_store::outbox::{ApplicationRow, OutboxItem, REFUSED, WAITING};
use eid_store::records::Draft;
use eid_store::Db;
use std::path::Path;

const KEY: [u8; 32] = [0x42; 32];
const NOW: u64 = 1_795_336_200;

fn open(path: &Path) -> Db {
    Db::open(path, &KEY).unwrap()
}

fn draft(id: &str) -> Draft {
    Draft {
        id: id.into(),
        kind: "temporary_residence".into(),
        body: format!("{{\"draft\":\"{id}\"}}"),
        updated_at: NOW,
    }
}

fn item(id: &str, draft_id: &str, key: &str, created_at: u64) -> OutboxItem {
    OutboxItem {
        id: id.into(),
        draft_id: draft_id.into(),
        idempotency_key: key.into(),
        body: format!("{{\"kind\":\"temporary_residence\",\"n\":\"{id}\"}}"),
        state: WAITING.into(),
        attempts: 0,
        next_attempt_at: created_at,
        last_error: None,
        created_at,
        updated_at: created_at,
    }
}

fn application(id: &str, draft_id: Option<&str>, submitted_at: u64) -> ApplicationRow {
    ApplicationRow {
        id: id.into(),
        draft_id: draft_id.map(str::to_owned),
        kind: "temporary_residence".into(),
        state: "submitted".into(),
        reason: None,
        result_document_id: None,
        submitted_at,
        updated_at: submitted_at,
        body: format!("{{\"id\":\"{id}\"}}"),
    }
}

fn draft_ids(db: &Db) -> Vec<String> {
    db.drafts().unwrap().into_iter().map(|d| d.id).collect()
}

#[test]
fn the_schema_is_at_version_six() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    assert_eq!(db.schema_version().unwrap(), 6);
    assert!(db.integrity_problems().unwrap().is_empty());
}

#[test]
fn submit_draft_writes_both_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    db.submit_draft(&draft("d1"), &item("o1", "d1", "key-1", NOW))
        .unwrap();
    assert_eq!(draft_ids(&db), ["d1"]);
    assert_eq!(db.outbox().unwrap(), [item("o1", "d1", "key-1", NOW)]);

    // The same idempotency key again: the outbox insert fails after the draft was written,
    // so the draft must be rolled back too.
    let err = db
        .submit_draft(&draft("d2"), &item("o2", "d2", "key-1", NOW + 1))
        .unwrap_err();
    assert_eq!(err.code(), "db_error");
    assert_eq!(draft_ids(&db), ["d1"]);
    let ids: Vec<String> = db.outbox().unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["o1"]);
}

#[test]
fn due_outbox_respects_next_attempt_at_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    for (n, at) in [(1, NOW), (2, NOW + 10), (3, NOW + 5)] {
        let d = format!("d{n}");
        db.submit_draft(
            &draft(&d),
            &item(&format!("o{n}"), &d, &format!("k{n}"), at),
        )
        .unwrap();
    }
    let ids = |items: Vec<OutboxItem>| items.into_iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(
        ids(db.due_outbox(NOW - 1, 10).unwrap()),
        Vec::<String>::new()
    );
    assert_eq!(ids(db.due_outbox(NOW + 5, 10).unwrap()), ["o1", "o3"]);
    assert_eq!(ids(db.due_outbox(NOW + 10, 2).unwrap()), ["o1", "o3"]);
    assert_eq!(ids(db.outbox().unwrap()), ["o1", "o3", "o2"]);

    db.outbox_retry_later("o1", 1, NOW + 60, "network", NOW + 1)
        .unwrap();
    assert_eq!(ids(db.due_outbox(NOW + 59, 10).unwrap()), ["o3", "o2"]);
    assert_eq!(
        ids(db.due_outbox(NOW + 60, 10).unwrap()),
        ["o3", "o2", "o1"]
    );
    let o1 = db.outbox().unwrap().remove(0);
    assert_eq!(
        (o1.attempts, o1.next_attempt_at, o1.last_error.as_deref()),
        (1, NOW + 60, Some("network"))
    );
    assert_eq!((o1.state.as_str(), o1.updated_at), (WAITING, NOW + 1));

    // "Try again now": every waiting item is due at once, nothing else changes.
    db.outbox_all_due_now().unwrap();
    assert_eq!(ids(db.due_outbox(0, 10).unwrap()), ["o1", "o3", "o2"]);
    let o1 = db.outbox().unwrap().remove(0);
    assert_eq!(
        (o1.attempts, o1.last_error.as_deref(), o1.updated_at),
        (1, Some("network"), NOW + 1)
    );
}

#[test]
fn delivered_removes_the_item_and_draft_and_adds_the_application() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    db.submit_draft(&draft("d1"), &item("o1", "d1", "k1", NOW))
        .unwrap();
    db.submit_draft(&draft("d2"), &item("o2", "d2", "k2", NOW))
        .unwrap();
    let app = application("app-1", Some("d1"), NOW + 3);
    db.outbox_delivered("o1", &app).unwrap();

    let left: Vec<String> = db.outbox().unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(left, ["o2"]);
    assert_eq!(draft_ids(&db), ["d2"]);
    assert_eq!(db.applications().unwrap(), std::slice::from_ref(&app));

    // A feed update replaces the row; applications list newest first.
    let mut approved = app.clone();
    approved.state = "approved".into();
    approved.result_document_id = Some("doc-9".into());
    approved.updated_at = NOW + 100;
    db.put_application(&approved).unwrap();
    let newer = application("app-2", None, NOW + 50);
    db.put_application(&newer).unwrap();
    assert_eq!(
        db.applications().unwrap(),
        [newer.clone(), approved.clone()]
    );

    // The feed does not know drafts: a row without one keeps the stored draft id.
    let mut from_feed = approved.clone();
    from_feed.draft_id = None;
    from_feed.updated_at = NOW + 200;
    db.put_application(&from_feed).unwrap();
    let mut want = from_feed;
    want.draft_id = Some("d1".into());
    assert_eq!(db.applications().unwrap(), [newer, want]);
}

#[test]
fn refused_stays_listed_with_its_code_and_is_never_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    db.submit_draft(&draft("d1"), &item("o1", "d1", "k1", NOW))
        .unwrap();
    db.outbox_refused("o1", "level_too_low", NOW + 7).unwrap();
    let items = db.outbox().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].state, REFUSED);
    assert_eq!(items[0].last_error.as_deref(), Some("level_too_low"));
    assert_eq!(items[0].updated_at, NOW + 7);
    assert!(db.due_outbox(u64::MAX >> 2, 10).unwrap().is_empty());
    assert_eq!(draft_ids(&db), ["d1"]);
}

#[test]
fn feed_cursor_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::create(&dir.path().join("w.db"), &KEY).unwrap();
    assert_eq!(db.feed_cursor().unwrap(), 0);
    db.set_feed_cursor(17).unwrap();
    assert_eq!(db.feed_cursor().unwrap(), 17);
    db.set_feed_cursor(4_000_000_000).unwrap();
    assert_eq!(db.feed_cursor().unwrap(), 4_000_000_000);
}

#[test]
fn everything_survives_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let app = application("app-1", Some("d1"), NOW);
    {
        let mut db = Db::create(&path, &KEY).unwrap();
        db.submit_draft(&draft("d1"), &item("o1", "d1", "k1", NOW))
            .unwrap();
        db.submit_draft(&draft("d2"), &item("o2", "d2", "k2", NOW + 1))
            .unwrap();
        db.outbox_delivered("o1", &app).unwrap();
        db.outbox_retry_later("o2", 3, NOW + 40, "http_503", NOW + 2)
            .unwrap();
        db.set_feed_cursor(99).unwrap();
    }
    let db = open(&path);
    let mut expected = item("o2", "d2", "k2", NOW + 1);
    expected.attempts = 3;
    expected.next_attempt_at = NOW + 40;
    expected.last_error = Some("http_503".into());
    expected.updated_at = NOW + 2;
    assert_eq!(db.outbox().unwrap(), [expected]);
    assert_eq!(draft_ids(&db), ["d2"]);
    assert_eq!(db.applications().unwrap(), [app]);
    assert_eq!(db.feed_cursor().unwrap(), 99);
    assert!(db.integrity_problems().unwrap().is_empty());
    assert!(
        Db::open(&path, &[0u8; 32]).is_err(),
        "the file only opens with its key"
    );
}

#[test]
fn upgrade_state_and_last_sync_survive_reopening_and_keep_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    {
        let db = Db::create(&path, &KEY).unwrap();
        assert_eq!(db.upgrade_state().unwrap(), None);
        assert_eq!(db.last_sync_at().unwrap(), None);
        db.set_feed_cursor(41).unwrap();
        db.set_upgrade_state("requested").unwrap();
        db.set_last_sync_at(1_700_000_123).unwrap();
        db.set_upgrade_state("approved").unwrap();
    }
    let db = open(&path);
    assert_eq!(db.upgrade_state().unwrap().as_deref(), Some("approved"));
    assert_eq!(db.last_sync_at().unwrap(), Some(1_700_000_123));
    assert_eq!(db.feed_cursor().unwrap(), 41, "other columns are untouched");
}
