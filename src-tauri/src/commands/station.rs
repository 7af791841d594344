//! The counter station: what the device is for, the portal's trust (fetched, compared by the
//! clerk, pinned, refreshed), the checks and their log, and the station's settings. Each is
//! one call into the facade's `CounterStation`; none needs a wallet or a PIN.

use super::{frame_size, raw_body};
use crate::state::AppState;
use eid_app_ipc::{
    AppStatus, IpcError, Role, StationLogEntry, StationSettings, StationStatus, TrustOffer,
    VerifyResult,
};
use eid_wallet::{fetch_trust_bundle, Scanned};
use tauri::ipc::Request;
use tauri::State;

/// Remembers what this device is for (becoming a station is refused while it holds a
/// wallet); answers with the app's status.
#[tauri::command]
pub async fn choose_role(state: State<'_, AppState>, role: Role) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| {
            core.station.choose_role(role, core.wallet.exists())?;
            core.status(&url)
        })
        .await
}

/// Where the station's trust stands: pinned or not, the bundle's and the revocation list's age.
#[tauri::command]
pub async fn station_status(state: State<'_, AppState>) -> Result<StationStatus, IpcError> {
    state.call(|core| Ok(core.station.trust_status()?)).await
}

/// Downloads the portal's trust bundle for the clerk to compare its root key id; nothing is
/// trusted yet. The download holds no lock (see [`station_refresh`]).
#[tauri::command]
pub async fn station_fetch_trust(state: State<'_, AppState>) -> Result<TrustOffer, IpcError> {
    let bundle = state
        .download(|client| Ok(fetch_trust_bundle(client)?))
        .await?;
    state
        .call(move |core| Ok(core.station.offer_trust(bundle)?))
        .await
}

/// Pins the offered bundle's root, which the clerk confirmed is `anchor`.
#[tauri::command]
pub async fn station_pin_trust(
    state: State<'_, AppState>,
    anchor: String,
) -> Result<StationStatus, IpcError> {
    state
        .call(move |core| Ok(core.station.pin_trust(&anchor)?))
        .await
}

/// Downloads the trust bundle again; one with another root is refused. Two calls, not one:
/// the download (up to the portal timeout on a bad network) runs outside the core's lock, so
/// a scan arriving meanwhile is checked at once against the bundle in use; only replacing the
/// bundle takes the lock.
#[tauri::command]
pub async fn station_refresh(state: State<'_, AppState>) -> Result<StationStatus, IpcError> {
    let bundle = state
        .download(|client| Ok(fetch_trust_bundle(client)?))
        .await?;
    state
        .call(move |core| Ok(core.station.refresh_trust_with(bundle)?))
        .await
}

/// Checks a QR's text (a keyboard-wedge scanner, typed, pasted) and logs it.
#[tauri::command]
pub async fn station_verify_text(
    state: State<'_, AppState>,
    text: String,
) -> Result<VerifyResult, IpcError> {
    state
        .call(move |core| {
            Ok(VerifyResult::from(
                &core.station.verify(Scanned::Text(&text))?,
            ))
        })
        .await
}

/// Checks the QR in an image file (the body is the file's bytes) and logs it.
#[tauri::command]
pub async fn station_verify_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<VerifyResult, IpcError> {
    let bytes = raw_body(&request)?;
    state
        .call(move |core| {
            Ok(VerifyResult::from(
                &core.station.verify(Scanned::Image(&bytes))?,
            ))
        })
        .await
}

/// Checks a camera frame (body: gray pixels; headers: size); `null` when it holds no QR code.
#[tauri::command]
pub async fn station_verify_frame(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<Option<VerifyResult>, IpcError> {
    let bytes = raw_body(&request)?;
    let (w, h) = frame_size(&request)?;
    state
        .call(move |core| {
            let report = core.station.verify_frame(&bytes, w, h)?;
            Ok(report.as_ref().map(VerifyResult::from))
        })
        .await
}

/// The station's last `limit` checks, newest first (result codes and field names only).
#[tauri::command]
pub async fn station_log(
    state: State<'_, AppState>,
    limit: usize,
) -> Result<Vec<StationLogEntry>, IpcError> {
    state.call(move |core| Ok(core.station.log(limit)?)).await
}

/// The station's settings.
#[tauri::command]
pub async fn station_settings(state: State<'_, AppState>) -> Result<StationSettings, IpcError> {
    state.call(|core| Ok(core.station.settings())).await
}

/// Saves the station's settings (brought into range first).
#[tauri::command]
pub async fn station_save_settings(
    state: State<'_, AppState>,
    settings: StationSettings,
) -> Result<StationSettings, IpcError> {
    state
        .call(move |core| Ok(core.station.save_settings(settings)?))
        .await
}
