//! `GET /v1/trust` is a cacheable document: signed once per change (or per hour), the same
//! bytes and `ETag` in between, `304 Not Modified` for `If-None-Match`, a new bundle as soon as
//! this process revokes, within a second of the clock when another process did, and the
//! wallet's client asks conditionally.

mod common;

use common::in_process::InProcess;
use eid_credential::SoftwareKey;
use eid_portal_client::{PortalClient, TrustAnswer};
use eid_portal_server::trust_cache::RESIGN_SECONDS;
use std::sync::atomic::Ordering;
use std::time::Duration;

struct Answer {
    status: u16,
    etag: String,
    cache: String,
    body: Vec<u8>,
}

fn get(p: &InProcess, if_none_match: Option<&str>) -> Answer {
    let mut req = reqwest::blocking::Client::new().get(p.url("/v1/trust"));
    if let Some(tag) = if_none_match {
        req = req.header("If-None-Match", tag);
    }
    let r = req.send().unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, etag, cache) = (r.status().as_u16(), header("etag"), header("cache-control"));
    Answer {
        status,
        etag,
        cache,
        body: r.bytes().unwrap().to_vec(),
    }
}

/// A current document of `account_id` with status index `index`, written straight into the
/// database (issuing is covered elsewhere): only its state and index matter here.
fn document(p: &InProcess, account_id: &str, id: &str, index: i64) {
    let pool = p.state.pool.clone();
    let (account_id, id) = (account_id.to_owned(), id.to_owned());
    p.rt.block_on(async move {
        sqlx::query(
            "INSERT INTO documents (id, account_id, doc_type, issued, status_index, source, state, issued_at)
             VALUES ($1, $2, 'health_insurance', '00', $3, 'test', 'current', 0)",
        )
        .bind(id)
        .bind(account_id)
        .bind(index)
        .execute(&pool)
        .await
    })
    .unwrap();
}

fn revoked_in(body: &[u8], index: u64) -> bool {
    let wire: eid_portal_api::documents::TrustWire = serde_json::from_slice(body).unwrap();
    let bytes = hex::decode(&wire.status_lists[0]).unwrap();
    let root = eid_credential::PublicKey::from_sec1(&hex::decode(&wire.root_key).unwrap()).unwrap();
    let token = eid_credential::StatusListToken::verify(&bytes, &root).unwrap();
    token.list.is_revoked(index).unwrap()
}

#[test]
fn the_bundle_is_signed_once_per_change_and_answers_304_in_between() {
    let p = InProcess::start();
    let first = get(&p, None);
    assert_eq!(first.status, 200);
    assert!(first.etag.starts_with('"') && first.etag.ends_with('"') && first.etag.len() == 34);
    assert_eq!(first.cache, "public, max-age=60");
    // ECDSA signatures are randomized: the same bytes mean it was not signed again.
    let again = get(&p, None);
    assert_eq!(
        (again.etag.as_str(), &again.body),
        (first.etag.as_str(), &first.body)
    );

    for tag in [
        first.etag.clone(),
        format!("W/{}", first.etag),
        format!("\"x\", {}", first.etag),
        "*".into(),
    ] {
        let not_modified = get(&p, Some(&tag));
        assert_eq!(not_modified.status, 304, "{tag}");
        assert!(not_modified.body.is_empty());
        assert_eq!(not_modified.etag, first.etag);
    }
    assert_eq!(get(&p, Some("\"something-else\"")).status, 200);

    // This process revokes: the next answer is a new bundle with the entry set.
    let account = p.account("001099012345", &SoftwareKey::from_seed("trust-cache", b"a"));
    document(&p, &account, "doc-a", 7);
    assert!(!revoked_in(&first.body, 7));
    let state = p.state.clone();
    p.rt.block_on(eid_portal_server::routes::officer::revoke_document(
        &state, "officer", "doc-a", "lost",
    ))
    .unwrap();
    let after = get(&p, Some(&first.etag));
    assert_eq!(after.status, 200);
    assert_ne!(after.etag, first.etag);
    assert!(revoked_in(&after.body, 7));

    // Another process revoked (the counter moved, this process was not told): seen once the
    // clock's second changes, not before.
    document(&p, &account, "doc-b", 9);
    let pool = p.state.pool.clone();
    p.rt.block_on(async move {
        sqlx::query("UPDATE documents SET state = 'revoked' WHERE id = 'doc-b'")
            .execute(&pool)
            .await?;
        sqlx::query("UPDATE counters SET value = value + 1 WHERE name = 'status_version'")
            .execute(&pool)
            .await
    })
    .unwrap();
    assert_eq!(
        get(&p, None).etag,
        after.etag,
        "within the same second: the cached bundle"
    );
    p.clock.fetch_add(1, Ordering::SeqCst);
    let seen = get(&p, None);
    assert_ne!(seen.etag, after.etag);
    assert!(revoked_in(&seen.body, 9));

    // Unchanged but an hour old: signed again, so a served list always has most of its day.
    p.clock.fetch_add(RESIGN_SECONDS - 1, Ordering::SeqCst);
    assert_eq!(get(&p, None).etag, seen.etag);
    p.clock.fetch_add(1, Ordering::SeqCst);
    assert_ne!(get(&p, None).etag, seen.etag);
}

#[test]
fn the_wallet_client_asks_with_its_tag() {
    let p = InProcess::start();
    let base = p.base.clone();
    let (first, second) = std::thread::spawn(move || {
        let c = PortalClient::new(&base, Duration::from_secs(10)).unwrap();
        let first = c.trust_if_changed(None).unwrap();
        let TrustAnswer::Changed {
            etag: Some(tag), ..
        } = &first
        else {
            panic!("a first answer with a tag: {first:?}");
        };
        (first.clone(), c.trust_if_changed(Some(tag)).unwrap())
    })
    .join()
    .unwrap();
    assert!(matches!(first, TrustAnswer::Changed { .. }));
    assert_eq!(second, TrustAnswer::NotModified);
}
