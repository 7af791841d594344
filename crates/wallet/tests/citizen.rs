//! The citizen's wallet through the facade: a whole flow, auto-lock, restore on a new device, and
//! the canary check that nothing personal is left in clear anywhere under the wallet's home.

use eid_credential::sample::{sample_document, SampleWorld, CLINIC_FIELDS};
use eid_credential::{DocType, Document, FieldValue, PublicKey, Validity};
use eid_store::keystore::KeyringKeystore;
use eid_wallet::test_support::TestWallet;
use eid_wallet::{ActivityAction as Action, CounterTrust, FixedClock, Scanned, Wallet};
use std::path::Path;
use std::sync::Arc;

const AT: u64 = 1_795_336_200;
const CANARY: &str = "Canary Zebra-7Q9X Quokka";
const PIN: &str = "246810";

fn wallet(
    home: &Path,
    keystore: Arc<KeyringKeystore>,
    clock: Arc<FixedClock>,
    seed: u64,
) -> Wallet {
    TestWallet::with(home, keystore, clock, seed)
}

fn keystore() -> Arc<KeyringKeystore> {
    TestWallet::memory_keystore()
}

mod support;

/// The sample issuer's trust bundle, for the wallet's counter mode.
fn bundle() -> Vec<u8> {
    SampleWorld::new(1, AT).bundle().to_bytes()
}

/// The sample health insurance card with the canary as the holder's name, issued by the sample
/// issuer to `holder`.
fn canary_card(holder: &[u8]) -> Vec<u8> {
    let world = SampleWorld::new(1, AT);
    let base = sample_document(DocType::HealthInsurance);
    let fields = base.fields().map(|(spec, v)| {
        let v = if spec.name == "full_name" {
            FieldValue::Text(CANARY.into())
        } else {
            v.clone()
        };
        (spec.name, v)
    });
    let doc = Document::new(DocType::HealthInsurance, fields.collect::<Vec<_>>()).unwrap();
    let validity = Validity {
        issued_at: AT,
        not_before: AT,
        expires_at: AT + 86_400 * 365,
    };
    let holder = PublicKey::from_sec1(holder).unwrap();
    let mut rng = world.rng(99);
    eid_credential::issue(&doc, &world.issuer, &holder, validity, 4, &mut rng)
        .unwrap()
        .to_bytes()
}

#[test]
fn create_receive_present_verify_and_log() {
    let home = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(AT));
    let mut w = wallet(home.path(), keystore(), clock.clone(), 1);
    w.create(PIN).unwrap();
    for t in DocType::ALL {
        w.add_sample_document(t, 1).unwrap();
    }
    let docs = w.documents().unwrap();
    assert_eq!(docs.len(), DocType::ALL.len());
    let card = docs
        .iter()
        .find(|d| d.doc_type == "health_insurance")
        .unwrap()
        .id
        .clone();
    let view = w.document(&card).unwrap();
    assert_eq!(view.fields.len(), DocType::HealthInsurance.fields().len());
    assert!(!view.needs_rebinding);

    clock.advance(5);
    let p = w
        .present(&card, &CLINIC_FIELDS, None, Some("clinic"))
        .unwrap();
    assert!(p.text.starts_with("EP1:"));
    let report = w
        .verify_at_counter(CounterTrust::Bundle(&bundle()), Scanned::Text(&p.text))
        .unwrap();
    assert!(report.valid, "{report:?}");
    assert_eq!(report.fields.len(), CLINIC_FIELDS.len());

    let log = w.activity(100).unwrap();
    assert_eq!(log.len(), DocType::ALL.len() + 2);
    assert_eq!(log[0].action, Action::Verify);
    assert_eq!(log[1].action, Action::Present);
    assert_eq!(
        log[1].fields,
        CLINIC_FIELDS
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(log[1].counterpart.as_deref(), Some("clinic"));
    assert!(log[2..].iter().all(|a| a.action == Action::Receive));

    // Another device's document is refused.
    let other = SampleWorld::new(1, AT)
        .issue(DocType::HealthInsurance)
        .to_bytes();
    assert_eq!(w.add_document(&other).unwrap_err().code(), "bad_document");
    assert_eq!(
        w.add_document(b"\x00garbage").unwrap_err().code(),
        "bad_document"
    );
}

#[test]
fn locks_itself_when_idle_and_on_request() {
    let home = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(AT));
    let ks = keystore();
    let mut w = wallet(home.path(), ks.clone(), clock.clone(), 1);
    w.create(PIN).unwrap();
    clock.advance(120);
    assert!(w.is_unlocked(), "120 s idle is within the timeout");
    clock.advance(121);
    assert_eq!(w.documents().unwrap_err().code(), "locked");
    assert_eq!(w.unlock("111111").unwrap_err().code(), "wrong_pin");
    w.unlock(PIN).unwrap();
    assert!(w.documents().unwrap().is_empty());
    w.lock();
    assert_eq!(w.activity(1).unwrap_err().code(), "locked");
    // A restart: a new Wallet on the same home and keystore.
    let mut again = wallet(home.path(), ks, clock, 2);
    assert!(again.exists());
    again.unlock(PIN).unwrap();
    w.change_pin(PIN, "135790").unwrap();
    assert_eq!(again.unlock(PIN).unwrap_err().code(), "wrong_pin");
    again.unlock("135790").unwrap();
}

#[test]
fn restore_on_a_new_device_needs_rebinding() {
    let clock = Arc::new(FixedClock::new(AT));
    let old = tempfile::tempdir().unwrap();
    let mut w = wallet(old.path(), keystore(), clock.clone(), 1);
    w.create(PIN).unwrap();
    let id = w.add_sample_document(DocType::CitizenIdCard, 1).unwrap();
    w.save_draft(None, &support::absence("x")).unwrap();
    assert_eq!(
        w.backup("999999", "a long recovery passphrase")
            .unwrap_err()
            .code(),
        "wrong_pin"
    );
    let file = w.backup(PIN, "a long recovery passphrase").unwrap();

    let new = tempfile::tempdir().unwrap();
    let mut n = wallet(new.path(), keystore(), clock, 7);
    assert_eq!(
        n.restore(&file, "wrong passphrase here", PIN)
            .unwrap_err()
            .code(),
        "backup_wrong_passphrase"
    );
    assert!(!n.exists(), "a failed restore creates nothing");
    n.restore(&file, "a long recovery passphrase", PIN).unwrap();
    assert_ne!(
        n.device_public_key().unwrap(),
        w.device_public_key().unwrap(),
        "a new device key"
    );
    assert!(n.document(&id).unwrap().needs_rebinding);
    assert_eq!(
        n.present(&id, &["full_name"], None, None)
            .unwrap_err()
            .code(),
        "needs_rebinding"
    );
    assert_eq!(n.drafts().unwrap().len(), 1);
    assert_eq!(n.activity(1).unwrap()[0].action, Action::Restore);
    assert_eq!(
        n.restore(&file, "a long recovery passphrase", PIN)
            .unwrap_err()
            .code(),
        "wallet_exists"
    );
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn files_below(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_below(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn canary_never_at_rest_in_clear() {
    let home = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(AT));
    let ks = keystore();
    let mut w = wallet(home.path(), ks.clone(), clock.clone(), 3);
    w.create(PIN).unwrap();
    let card = canary_card(&w.device_public_key().unwrap());
    let id = w.add_document(&card).unwrap();
    assert_eq!(
        w.document(&id).unwrap().fields["full_name"],
        FieldValue::Text(CANARY.into())
    );
    w.save_draft(None, &support::absence(CANARY)).unwrap();
    let p = w
        .present(&id, &["full_name", "insurance_number"], None, None)
        .unwrap();
    let report = w
        .verify_at_counter(CounterTrust::Bundle(&bundle()), Scanned::Text(&p.text))
        .unwrap();
    assert!(report.valid, "{report:?}");
    assert_eq!(report.fields["full_name"], FieldValue::Text(CANARY.into()));
    let exported = w.export_activity().unwrap();
    assert!(
        exported.contains("full_name") && !exported.contains(CANARY),
        "the log holds names, not values"
    );
    let backup = w.backup(PIN, "a long recovery passphrase").unwrap();
    std::fs::write(home.path().join("backup.eidbak"), &backup).unwrap();

    // While the wallet is open (WAL and shared-memory files present) and after closing it.
    for phase in ["open", "closed"] {
        let mut files = Vec::new();
        files_below(home.path(), &mut files);
        assert!(files.len() >= 3, "{phase}: {files:?}");
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            assert!(
                !contains(&bytes, CANARY.as_bytes()),
                "{phase}: canary in {}",
                f.display()
            );
            assert!(
                !contains(&bytes, b"Zebra-7Q9X"),
                "{phase}: canary part in {}",
                f.display()
            );
            assert!(
                !bytes.starts_with(b"SQLite format 3"),
                "{phase}: {} is plain SQLite",
                f.display()
            );
        }
        w.lock();
    }
}
