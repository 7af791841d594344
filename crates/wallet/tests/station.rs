//! The counter station through the facade, on a fixed clock: the root pinned only when the
//! clerk confirms the key id shown, a bundle with another root refused, the revocation list's
//! age warned about past the station's limit, checks logged without a single value, and what
//! the device is for.

use eid_wallet::test_support::sample_trust;
use eid_wallet::{
    field_text, key_id_groups, CounterStation, FixedClock, Role, Scanned, StationSettings,
    WalletError,
};
use std::path::Path;
use std::sync::Arc;

const AT: u64 = 1_795_336_200; // 2026-11-22T08:30:00Z
const HOUR: u64 = 3600;

fn station(folder: &Path, at: u64) -> (CounterStation, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(at));
    (CounterStation::new(folder, clock.clone()), clock)
}

/// A station that pinned the root of the sample world of `seed`.
fn pinned(folder: &Path, seed: u64) -> (CounterStation, Arc<FixedClock>, String) {
    let (mut s, clock) = station(folder, AT);
    let (bundle, text) = sample_trust(seed, AT);
    let offer = s.offer_trust(bundle).unwrap();
    s.pin_trust(&offer.anchor).unwrap();
    (s, clock, text)
}

fn tampered(text: &str) -> String {
    let middle = text.len() / 2;
    let c = if &text[middle..=middle] == "A" {
        "B"
    } else {
        "A"
    };
    format!("{}{c}{}", &text[..middle], &text[middle + 1..])
}

#[test]
fn the_root_is_pinned_only_when_the_clerk_confirms_the_key_id_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock) = station(dir.path(), AT);
    let (bundle, text) = sample_trust(1, AT);
    let root = bundle.root.key_id().to_hex();

    let status = s.trust_status().unwrap();
    assert!(!status.pinned && !status.status_too_old, "{status:?}");
    assert!(matches!(
        s.verify(Scanned::Text(&text)),
        Err(WalletError::NoTrustList)
    ));

    let offer = s.offer_trust(bundle.clone()).unwrap();
    assert_eq!(offer.anchor, root);
    assert_eq!(offer.anchor_groups, key_id_groups(&root));
    assert_eq!(offer.anchor_groups.len(), 19, "four groups of four");
    assert!(!offer.issuers.is_empty());
    assert!(!s.trust_status().unwrap().pinned, "offered is not trusted");

    // The clerk confirms another key id than the one offered: nothing is pinned.
    let e = s.pin_trust("0000000000000000").unwrap_err();
    assert_eq!(e.code(), "bad_trust_list");
    assert!(!s.trust_status().unwrap().pinned);
    assert_eq!(
        s.pin_trust(&root).unwrap_err().code(),
        "not_found",
        "offer used up"
    );

    s.offer_trust(bundle).unwrap();
    clock.advance(5);
    let status = s.pin_trust(&root).unwrap();
    assert!(status.pinned);
    assert_eq!(
        status.anchor_groups.as_deref(),
        Some(offer.anchor_groups.as_str())
    );
    assert_eq!(
        (status.pinned_at, status.fetched_at),
        (Some(AT + 5), Some(AT + 5))
    );
    assert!(s.verify(Scanned::Text(&text)).unwrap().valid);

    // The next start finds it pinned.
    let (mut again, _) = station(dir.path(), AT + 10);
    assert!(again.trust_status().unwrap().pinned);
    let (_, text) = sample_trust(1, AT + 10);
    assert!(again.verify(Scanned::Text(&text)).unwrap().valid);
}

#[test]
fn a_bundle_with_another_root_is_refused_and_the_pinned_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _clock, text) = pinned(dir.path(), 1);
    let files =
        |dir: &Path| ["trust.cbor", "trust.json"].map(|n| std::fs::read(dir.join(n)).unwrap());
    let before = files(dir.path());
    let (other, _) = sample_trust(2, AT);

    let e = s.refresh_trust_with(other.clone()).unwrap_err();
    assert!(matches!(e, WalletError::TrustRootChanged), "{e:?}");
    assert_eq!(e.code(), "trust_root_changed");
    assert_eq!(
        s.offer_trust(other).unwrap_err().code(),
        "trust_root_changed"
    );
    assert_eq!(files(dir.path()), before, "the kept bundle is untouched");
    assert!(s.verify(Scanned::Text(&text)).unwrap().valid);
}

#[test]
fn a_refresh_with_the_pinned_root_replaces_the_bundle_and_keeps_the_replay_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock, text) = pinned(dir.path(), 1);
    assert!(s.verify(Scanned::Text(&text)).unwrap().valid);
    clock.advance(30);
    let (newer, _) = sample_trust(1, AT + 30);
    let status = s.refresh_trust_with(newer).unwrap();
    assert_eq!(status.fetched_at, Some(AT + 30));
    assert_eq!(status.pinned_at, Some(AT), "pinned once");
    assert_eq!(status.status_age_seconds, Some(0), "the newer list");
    let again = s.verify(Scanned::Text(&text)).unwrap();
    assert_eq!(again.reason, Some("replayed"), "{again:?}");
}

#[test]
fn the_station_warns_once_the_revocation_list_is_older_than_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock, _) = pinned(dir.path(), 1);
    let status = s.trust_status().unwrap();
    assert_eq!(
        status.max_status_age_seconds,
        24 * HOUR,
        "24 hours by default"
    );
    assert_eq!(status.status_issued_at, Some(AT));
    assert!(!status.status_too_old);

    clock.advance(24 * HOUR);
    let status = s.trust_status().unwrap();
    assert_eq!(status.status_age_seconds, Some(24 * HOUR));
    assert!(
        !status.status_too_old,
        "exactly at the limit is not older than it"
    );
    clock.advance(1);
    assert!(s.trust_status().unwrap().status_too_old);

    let saved = s
        .save_settings(StationSettings {
            max_status_age_hours: 40,
        })
        .unwrap();
    assert_eq!(saved.max_status_age_hours, 48, "snapped to a choice");
    assert!(!s.trust_status().unwrap().status_too_old);
    assert_eq!(
        CounterStation::new(dir.path(), clock.clone()).settings(),
        saved
    );
    std::fs::write(dir.path().join("station.json"), "{damaged").unwrap();
    assert_eq!(s.settings(), StationSettings::default());
}

#[test]
fn the_log_holds_result_codes_and_field_names_never_values() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock, text) = pinned(dir.path(), 1);
    clock.advance(2);
    let green = s.verify(Scanned::Text(&text)).unwrap();
    assert!(green.valid);
    let name = field_text(&green.fields["full_name"]);
    let born = field_text(&green.fields["date_of_birth"]);
    assert!(name.len() > 3 && born.len() == 10, "{name} {born}");
    assert_eq!(
        s.verify(Scanned::Text(&text)).unwrap().reason,
        Some("replayed")
    );
    assert!(!s.verify(Scanned::Text(&tampered(&text))).unwrap().valid);

    let log = s.log(10).unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[2].result, "ok");
    assert_eq!(log[2].at, AT + 2);
    assert_eq!(log[2].doc_type.as_deref(), Some("health_insurance"));
    assert!(
        log[2].fields.contains(&"full_name".to_owned()),
        "{:?}",
        log[2]
    );
    assert_eq!(log[1].result, "replayed");
    assert_ne!(log[0].result, "ok");
    assert_eq!(s.log(1).unwrap(), vec![log[0].clone()], "newest first");

    // Nothing in the station's folder holds a value: not the name, not the date of birth in
    // any of the ways it could be written.
    let (y, rest) = born.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    let forms = [
        name.clone(),
        born.clone(),
        format!("{d}/{m}/{y}"),
        format!("{d}{m}{y}"),
    ];
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for form in &forms {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                "{form} is in the station's files"
            );
        }
    }
}

#[test]
fn a_full_log_is_moved_aside_and_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _clock, text) = pinned(dir.path(), 1);
    let line = "{\"at\":1,\"result\":\"expired\",\"doc_type\":null,\"fields\":[]}\n";
    let full = line
        .repeat(usize::try_from(eid_wallet::station::LOG_ROTATE_BYTES).unwrap() / line.len() + 1);
    std::fs::write(dir.path().join("log.jsonl"), full).unwrap();
    assert!(s.verify(Scanned::Text(&text)).unwrap().valid);
    assert!(dir.path().join("log.old.jsonl").exists());
    let log = s.log(2).unwrap();
    assert_eq!(
        (log[0].result.as_str(), log[1].result.as_str()),
        ("ok", "expired")
    );
    assert!(
        std::fs::metadata(dir.path().join("log.jsonl"))
            .unwrap()
            .len()
            < 200
    );
}

#[test]
fn a_damaged_pin_is_an_error_never_a_station_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _clock, _) = pinned(dir.path(), 1);
    std::fs::write(dir.path().join("trust.json"), "{\"anchor\":").unwrap();
    assert_eq!(s.trust_status().unwrap_err().code(), "bad_trust_list");
    let (other, _) = sample_trust(2, AT);
    assert_eq!(s.offer_trust(other).unwrap_err().code(), "bad_trust_list");
}

#[test]
fn a_device_becomes_a_station_only_without_a_wallet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = station(dir.path(), AT);
    assert_eq!(s.role(false), None, "asked at the first start");
    assert_eq!(
        s.role(true),
        Some(Role::Citizen),
        "a wallet from before the question"
    );
    assert_eq!(s.choose_role(Role::Station, false).unwrap(), Role::Station);
    assert_eq!(
        station(dir.path(), AT).0.role(false),
        Some(Role::Station),
        "remembered"
    );
    let e = s.choose_role(Role::Station, true).unwrap_err();
    assert_eq!(e.code(), "holds_wallet");
    assert_eq!(s.choose_role(Role::Citizen, false).unwrap(), Role::Citizen);
    assert_eq!(s.role(false), Some(Role::Citizen));
}
