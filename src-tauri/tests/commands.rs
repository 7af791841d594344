//! The app's commands through Tauri's IPC on the mock runtime (no window, no display), with
//! the app's real context, so its capability is enforced: the arguments the UI sends, the
//! values it gets back, and the error codes it translates. The
//! wallet is real (SQLCipher in a temporary folder) with the keystore's mock store; the portal
//! address points at a closed port, so portal calls fail the way they do offline.

use eid_app_lib::state::{AppState, Paths};
use eid_credential::DocType;
use eid_wallet::test_support::TestWallet;
use eid_wallet::{CounterStation, FixedClock, Wallet};
use serde_json::{json, Value};
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

const AT: u64 = 1_795_336_200;
const PIN: &str = "246810";
const CARD_QR: &str =
    "001099012345|123456789|Nguyễn Văn Mẫu|14031985|Nam|Số 1 Phố Mẫu, Hà Nội|15062021";

struct App {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

/// An app over a wallet prepared by `prepare` (created, with documents, or not at all).
fn app(prepare: impl FnOnce(&mut Wallet)) -> App {
    station_app(prepare, |_| {})
}

/// An app over a wallet and a counter station, each prepared.
fn station_app(
    prepare: impl FnOnce(&mut Wallet),
    prepare_station: impl FnOnce(&mut CounterStation),
) -> App {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let clock = Arc::new(FixedClock::new(AT));
    let mut wallet = TestWallet::with(&home, TestWallet::memory_keystore(), clock.clone(), 5);
    prepare(&mut wallet);
    let mut station = CounterStation::new(&dir.path().join("station"), clock);
    prepare_station(&mut station);
    let paths = Paths {
        exports: dir.path().join("exports"),
        home,
    };
    let state = AppState::new(wallet, station, "http://127.0.0.1:9", paths).unwrap();
    let app = eid_app_lib::with_commands(mock_builder())
        .manage(state)
        // The app's real context: its capability (the ACL checks every call) and its CSP.
        .build(tauri::generate_context!())
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        window,
        dir,
    }
}

fn request(cmd: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body,
        headers,
        invoke_key: tauri::test::INVOKE_KEY.to_string(),
    }
}

impl App {
    /// Calls a command with JSON arguments: `Ok(value)` or `Err(the IpcError as JSON)`.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let body = InvokeBody::Json(args);
        get_ipc_response(&self.window, request(cmd, body, Default::default()))
            .map(|b| b.deserialize::<Value>().unwrap())
    }

    /// Calls a command with a raw byte body and headers.
    fn call_raw(
        &self,
        cmd: &str,
        bytes: Vec<u8>,
        headers: &[(&'static str, &str)],
    ) -> Result<Value, Value> {
        let mut map = tauri::http::HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, v.parse().unwrap());
        }
        get_ipc_response(&self.window, request(cmd, InvokeBody::Raw(bytes), map))
            .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn code(&self, cmd: &str, args: Value) -> String {
        let e = self.call(cmd, args).expect_err(cmd);
        e["code"].as_str().unwrap().to_owned()
    }
}

fn created(w: &mut Wallet) {
    w.create(PIN).unwrap();
}

fn with_documents(w: &mut Wallet) {
    w.create(PIN).unwrap();
    w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    w.add_sample_document(DocType::DrivingLicence, 1).unwrap();
}

#[test]
fn a_new_wallet_is_created_with_a_six_digit_pin_and_locks() {
    let app = app(|_| {});
    let s = app.ok("app_status", json!({}));
    assert_eq!(
        (s["exists"].clone(), s["unlocked"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(s["portal_url"], "http://127.0.0.1:9");
    assert_eq!(
        app.code("create_wallet", json!({"pin": "1234"})),
        "bad_pin_format"
    );
    let s = app.ok("create_wallet", json!({"pin": PIN}));
    assert_eq!(
        (s["exists"].clone(), s["unlocked"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(s["document_count"], 0);
    app.ok("lock", json!({}));
    assert_eq!(app.code("documents", json!({})), "locked");
    let wrong = app.call("unlock", json!({"pin": "135790"})).unwrap_err();
    assert_eq!(wrong["code"], "wrong_pin");
    assert!(wrong["remaining"].as_u64().unwrap() > 0, "{wrong}");
    assert_eq!(app.ok("unlock", json!({"pin": PIN}))["unlocked"], true);
}

#[test]
fn documents_come_as_cards_and_details_in_field_order() {
    let app = app(with_documents);
    let cards = app.ok("documents", json!({}));
    let cards = cards.as_array().unwrap();
    assert_eq!(cards.len(), 2);
    let insurance = cards
        .iter()
        .find(|c| c["doc_type"] == "health_insurance")
        .unwrap();
    assert!(insurance["holder_name"].as_str().unwrap().len() > 3);
    let id = insurance["id"].as_str().unwrap();
    let detail = app.ok("document", json!({"id": id}));
    let names: Vec<&str> = detail["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let order: Vec<&str> = DocType::HealthInsurance
        .fields()
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, order);
    assert_eq!(
        detail["revocation"]["state"], "unknown",
        "no status list before a sync"
    );
    assert_eq!(app.code("document", json!({"id": "nope"})), "not_found");
}

#[test]
fn a_presentation_comes_as_text_and_svg_valid_for_a_minute_and_is_logged() {
    let app = app(with_documents);
    let cards = app.ok("documents", json!({}));
    let id = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["doc_type"] == "health_insurance")
        .unwrap()["id"]
        .clone();
    let qr = app.ok(
        "present",
        json!({"id": id, "fields": ["full_name", "insurance_number"], "audience": null}),
    );
    assert!(qr["text"].as_str().unwrap().starts_with("EP1:"));
    assert!(qr["svg"].as_str().unwrap().contains("<svg"));
    assert_eq!(qr["presented_at"], AT);
    assert_eq!(qr["valid_until"], AT + 60);
    let png = eid_qr::render::encode_matrix(qr["text"].as_str().unwrap())
        .unwrap()
        .to_png(4);
    let texts = app.call_raw("scan_image", png, &[]).unwrap();
    assert_eq!(
        texts,
        json!([qr["text"]]),
        "the scanner reads back what was shown"
    );
    let log = app.ok("activity", json!({"limit": 10}));
    let first = &log.as_array().unwrap()[0];
    assert_eq!(first["action"], "present");
    assert_eq!(first["fields"], json!(["full_name", "insurance_number"]));
    assert_eq!(
        app.code("present", json!({"id": id, "fields": [], "audience": null})),
        "present_failed"
    );
}

#[test]
fn a_window_without_the_capability_may_call_nothing() {
    let app = app(|_| {});
    let other = tauri::WebviewWindowBuilder::new(&app._app, "other", Default::default())
        .build()
        .unwrap();
    let refused = get_ipc_response(
        &other,
        request(
            "app_status",
            InvokeBody::Json(json!({})),
            Default::default(),
        ),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("not allowed"), "{refused}");
    assert!(
        app.call("app_status", json!({})).is_ok(),
        "the main window may"
    );
}

#[test]
fn a_counter_needs_the_portals_trust_list_first() {
    let app = app(created);
    assert_eq!(
        app.code("verify_text", json!({"text": "EP1:XYZ"})),
        "no_trust_list"
    );
}

#[test]
fn the_first_start_asks_what_the_device_is_for_and_a_station_needs_no_wallet() {
    let fresh = app(|_| {});
    assert_eq!(fresh.ok("app_status", json!({}))["role"], Value::Null);
    let s = fresh.ok("choose_role", json!({"role": "station"}));
    assert_eq!(
        (s["role"].clone(), s["exists"].clone()),
        (json!("station"), json!(false))
    );
    let status = fresh.ok("station_status", json!({}));
    assert_eq!(status["pinned"], false);
    assert_eq!(status["max_status_age_seconds"], 24 * 3600);
    assert_eq!(
        fresh.code("station_verify_text", json!({"text": "EP1:XYZ"})),
        "no_trust_list"
    );
    assert_eq!(
        fresh.code("station_fetch_trust", json!({})),
        "network",
        "offline"
    );
    assert_eq!(
        fresh.code("station_pin_trust", json!({"anchor": "00"})),
        "not_found"
    );
    let saved = fresh.ok(
        "station_save_settings",
        json!({"settings": {"max_status_age_hours": 50}}),
    );
    assert_eq!(saved["max_status_age_hours"], 48);
    assert_eq!(fresh.ok("station_settings", json!({})), saved);
    let s = fresh.ok("choose_role", json!({"role": "citizen"}));
    assert_eq!(s["role"], "citizen");

    let with_wallet = app(created);
    assert_eq!(with_wallet.ok("app_status", json!({}))["role"], "citizen");
    assert_eq!(
        with_wallet.code("choose_role", json!({"role": "station"})),
        "holds_wallet"
    );
}

#[test]
fn a_station_checks_and_logs_against_its_pinned_trust() {
    let (bundle, text) = eid_wallet::test_support::sample_trust(1, AT);
    let app = station_app(
        |_| {},
        |s| {
            let offer = s.offer_trust(bundle).unwrap();
            s.pin_trust(&offer.anchor).unwrap();
        },
    );
    let status = app.ok("station_status", json!({}));
    assert_eq!(status["pinned"], true);
    assert_eq!(status["anchor_groups"].as_str().unwrap().len(), 19);
    let r = app.ok("station_verify_text", json!({"text": text}));
    assert_eq!(r["valid"], true, "{r}");
    let r = app.ok("station_verify_text", json!({"text": text}));
    assert_eq!(r["reason"], "replayed");
    let log = app.ok("station_log", json!({"limit": 10}));
    assert_eq!(log[0]["result"], "replayed");
    assert_eq!(log[1]["result"], "ok");
    assert!(log[1]["fields"]
        .as_array()
        .unwrap()
        .contains(&json!("full_name")));
    let e = app
        .call_raw("station_verify_image", b"not an image".to_vec(), &[])
        .unwrap_err();
    assert_eq!(e["code"], "bad_image");
    let blank = app
        .call_raw(
            "station_verify_frame",
            vec![255; 64 * 48],
            &[("x-width", "64"), ("x-height", "48")],
        )
        .unwrap();
    assert_eq!(blank, Value::Null, "an empty frame is no result");
    assert_eq!(app.code("station_refresh", json!({})), "network", "offline");
}

#[test]
fn images_and_frames_that_are_not_what_they_claim_get_typed_errors() {
    let app = app(created);
    let e = app
        .call_raw("scan_image", b"not an image".to_vec(), &[])
        .unwrap_err();
    assert_eq!(e["code"], "bad_image");
    let e = app.call_raw("scan_frame", vec![0; 100], &[]).unwrap_err();
    assert_eq!(e["code"], "bad_frame", "no size headers");
    let e = app
        .call_raw(
            "scan_frame",
            vec![0; 100],
            &[("x-width", "20"), ("x-height", "20")],
        )
        .unwrap_err();
    assert_eq!(
        e["code"], "bad_image",
        "100 bytes are not a 20×20 frame: {e}"
    );
    let blank = app
        .call_raw(
            "scan_frame",
            vec![255; 64 * 48],
            &[("x-width", "64"), ("x-height", "48")],
        )
        .unwrap();
    assert_eq!(blank, json!([]));
    assert_eq!(
        app.code("scan_image", json!({"not": "bytes"})),
        "invalid_request"
    );
}

#[test]
fn the_id_card_qr_prefills_and_bad_text_is_refused() {
    let app = app(|_| {});
    let card = app.ok("read_id_card", json!({"text": CARD_QR}));
    assert_eq!(card["id_number"], "001099012345");
    assert_eq!(card["full_name"], "Nguyễn Văn Mẫu");
    assert_eq!(card["date_of_birth"], "1985-03-14");
    assert_eq!(card["sex"], "male");
    assert_eq!(
        app.code("read_id_card", json!({"text": "hello"})),
        "bad_id_card_qr"
    );
}

fn absence(reason: &str) -> Value {
    json!({
        "kind": "temporary_absence",
        "from": "2026-12-01",
        "until": "2026-12-20",
        "destination": {"line": "12 Hang Bac", "ward": "Hang Bac", "district": "Hoan Kiem", "province": "Ha Noi"},
        "reason": reason
    })
}

#[test]
fn forms_are_checked_drafted_and_queued_offline() {
    let app = app(created);
    assert_eq!(
        app.ok("validate_form", json!({"form": absence("family")})),
        json!([])
    );
    assert_eq!(
        app.ok("validate_form", json!({"form": absence("")})),
        json!([{"field": "reason", "code": "required"}])
    );
    let draft = app.ok("save_draft", json!({"id": null, "form": absence("")}));
    let drafts = app.ok("drafts", json!({}));
    assert_eq!(drafts[0]["id"], draft);
    assert_eq!(drafts[0]["form"]["kind"], "temporary_absence");

    let refused = app
        .call(
            "submit_application",
            json!({"form": absence(""), "draftId": draft}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "invalid_fields");
    assert_eq!(refused["fields"][0]["field"], "reason");

    let queued = app.ok(
        "submit_application",
        json!({"form": absence("family"), "draftId": draft}),
    );
    assert!(queued["id"].as_str().unwrap().starts_with("out-"));
    assert_eq!(
        queued["send_error"], "not_registered",
        "why it was not sent now is said"
    );
    let subs = app.ok("submissions", json!({}));
    assert_eq!(subs.as_array().unwrap().len(), 1);
    assert_eq!(
        subs[0]["state"], "waiting",
        "offline: it waits in the outbox"
    );
    assert_eq!(subs[0]["kind"], "temporary_absence");
    assert_eq!(
        app.ok("drafts", json!({})),
        json!([]),
        "a submitted draft is not editable"
    );
    assert_eq!(app.code("sync", json!({})), "not_registered");
}

#[test]
fn settings_are_kept_in_range_and_in_a_file() {
    let app = app(|_| {});
    let saved = app.ok(
        "save_settings",
        json!({"settings": {"language": "en", "text_scale": 250, "auto_lock_seconds": 290, "biometric": false}}),
    );
    assert_eq!(
        saved,
        json!({"language": "en", "text_scale": 200, "auto_lock_seconds": 300, "biometric": false})
    );
    assert_eq!(app.ok("get_settings", json!({})), saved);
    let file =
        std::fs::read_to_string(app.dir.path().join("wallet").join("settings.json")).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&file).unwrap(), saved);
}

#[test]
fn the_lost_phone_code_needs_the_pin_and_exists_only_once_the_portal_has_it() {
    let app = app(with_documents);
    assert_eq!(
        app.code("revocation_code", json!({"pin": "000000"})),
        "wrong_pin"
    );
    // No portal account here: no code until a sync registers one.
    assert_eq!(app.ok("revocation_code", json!({"pin": PIN})), Value::Null);
    assert_eq!(app.ok("first_revocation_code", json!({})), Value::Null);
}

#[test]
fn the_log_export_and_backup_are_written_where_the_citizen_finds_them() {
    let app = app(with_documents);
    let path = app.ok("export_activity", json!({}));
    let path = std::path::PathBuf::from(path.as_str().unwrap());
    assert!(path.starts_with(app.dir.path().join("exports")));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"receive\""), "{text}");
    assert_eq!(
        app.code("backup", json!({"pin": PIN, "passphrase": "short"})),
        "backup_weak_passphrase"
    );
    let backup = app.ok(
        "backup",
        json!({"pin": PIN, "passphrase": "correct horse battery"}),
    );
    let bytes = std::fs::read(backup.as_str().unwrap()).unwrap();
    assert!(bytes.len() > 100);
    let restore = json!({"passphrase": "correct horse battery", "pin": PIN});
    assert_eq!(
        app.code("restore", restore.clone()),
        "not_found",
        "no file was chosen"
    );
    let not_a_backup = app.call_raw("choose_backup", b"PK\x03\x04 a zip".to_vec(), &[]);
    assert_eq!(not_a_backup.unwrap_err()["code"], "backup_not_a_backup");
    assert_eq!(
        app.call_raw("choose_backup", bytes.clone(), &[]).unwrap(),
        json!(2)
    );
    assert_eq!(
        app.code("restore", restore.clone()),
        "wallet_exists",
        "restore only into an empty wallet"
    );

    // Deleting the wallet asks for its PIN; then the chosen file restores it.
    assert_eq!(app.code("reset", json!({})), "bad_pin_format");
    assert_eq!(app.code("reset", json!({"pin": "000000"})), "wrong_pin");
    let s = app.ok("reset", json!({"pin": PIN}));
    assert_eq!(s["exists"], json!(false));
    let s = app.ok("restore", restore);
    assert_eq!(
        (s["exists"].clone(), s["unlocked"].clone()),
        (json!(true), json!(true))
    );
    let docs = app.ok("documents", json!({}));
    assert_eq!(docs.as_array().unwrap().len(), 2);
    let about = app.ok("about", json!({}));
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["trust_anchor"], Value::Null);
}
