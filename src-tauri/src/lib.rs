//! # eID Wallet, the app
//!
//! A Tauri 2 shell around the wallet facade (`eid-wallet`): each command in [`commands`] is one
//! use case, a thin call into the facade on a blocking thread, returning the IPC contract's
//! types (`eid-app-ipc`, from which the UI's TypeScript types are generated). The web view may
//! call these commands and nothing else (`capabilities/main.json`), under a strict
//! Content-Security-Policy (`tauri.conf.json`).
//!
//! Locking: the UI locks the wallet when the app is hidden (`visibilitychange`), the facade
//! locks itself after the auto-lock time without use, and closing the window locks it here.
//!
//! Configuration (environment): `EID_PORTAL_URL` (default `http://127.0.0.1:8080`),
//! `EID_HOME` (the wallet's folder; default: the app's data folder), `EID_STATION_HOME` (the
//! counter station's folder; default: `station` in the app's data folder), `EID_EXPORT_DIR` (where
//! backups and exports go; default: the Downloads folder), `EID_KEYSTORE` (`platform`, the
//! default: the Secret Service on Linux; `keyutils`: the kernel keyring, lost at reboot, which the
//! UI then says). The keystore is opened on first use, so a missing or locked one is a typed
//! error the UI words, not a failed start.

pub mod commands;
pub mod state;

use state::{AppState, Paths};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Builder, Manager, Runtime, WindowEvent};

/// The portal used when `EID_PORTAL_URL` is not set.
pub const DEFAULT_PORTAL_URL: &str = "http://127.0.0.1:8080";

/// Registers every command (the list in `commands.txt`, which build.rs turns into
/// permissions).
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    use commands::*;
    builder.invoke_handler(tauri::generate_handler![
        account::app_status,
        settings::get_settings,
        settings::save_settings,
        account::create_wallet,
        account::unlock,
        account::lock,
        account::change_pin,
        scan::read_id_card,
        scan::scan_image,
        scan::scan_frame,
        portal::register,
        portal::verify_code,
        portal::request_level2,
        portal::cancel_move,
        portal::sync,
        portal::retry_now,
        documents::documents,
        documents::document,
        documents::present,
        scan::verify_text,
        scan::verify_image,
        scan::verify_frame,
        share::read_share_request,
        share::share,
        applications::validate_form,
        applications::save_draft,
        applications::drafts,
        applications::delete_draft,
        applications::submit_application,
        applications::submissions,
        files::activity,
        files::export_activity,
        files::backup,
        files::revocation_code,
        files::first_revocation_code,
        files::choose_backup,
        files::restore,
        account::reset,
        settings::about,
        station::choose_role,
        station::station_status,
        station::station_fetch_trust,
        station::station_pin_trust,
        station::station_refresh,
        station::station_verify_text,
        station::station_verify_image,
        station::station_verify_frame,
        station::station_log,
        station::station_settings,
        station::station_save_settings,
    ])
}

/// The app's state from the environment and the platform's folders and keystore.
fn state_from_env<R: Runtime>(
    app: &tauri::AppHandle<R>,
) -> Result<AppState, Box<dyn std::error::Error>> {
    let data = app.path().app_data_dir()?;
    let home = std::env::var_os("EID_HOME").map_or_else(|| data.join("wallet"), PathBuf::from);
    let station_home =
        std::env::var_os("EID_STATION_HOME").map_or_else(|| data.join("station"), PathBuf::from);
    let exports = std::env::var_os("EID_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().download_dir().ok())
        .unwrap_or_else(|| data.join("exports"));
    let portal = std::env::var("EID_PORTAL_URL").unwrap_or_else(|_| DEFAULT_PORTAL_URL.into());
    let keystore = eid_wallet::KeyringKeystore::platform()?;
    let clock = Arc::new(eid_wallet::SystemClock);
    let wallet = eid_wallet::Wallet::new(
        &home,
        Arc::new(keystore),
        clock.clone(),
        Box::new(eid_wallet::OsRng),
    );
    let station = eid_wallet::CounterStation::new(&station_home, clock);
    let paths = Paths { home, exports };
    Ok(AppState::new(wallet, station, &portal, paths).map_err(|e| e.message)?)
}

/// Runs the app (desktop `main`, and the mobile entry point).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let builder = tauri::Builder::default();
    #[cfg(mobile)]
    let builder = builder
        .plugin(tauri_plugin_barcode_scanner::init())
        .plugin(tauri_plugin_biometric::init());
    let ran = with_commands(builder)
        .setup(|app| {
            let state = state_from_env(app.handle())?;
            app.manage(state);
            Ok(())
        })
        .on_window_event(|window, event| {
            if matches!(
                event,
                WindowEvent::CloseRequested { .. } | WindowEvent::Destroyed
            ) {
                window.state::<AppState>().lock_soon();
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = ran {
        eprintln!("eID Wallet could not start: {e}");
        std::process::exit(1);
    }
}
