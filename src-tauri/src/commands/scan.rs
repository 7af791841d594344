//! Reading QR codes: the printed ID card, image files, camera frames, and the counter's checks
//! (each logged in the activity log).

use super::{frame_size, raw_body};
use crate::state::{blocking, AppState};
use eid_app_ipc::{IdCard, IpcError, VerifyResult};
use eid_wallet::{CounterTrust, Scanned};
use tauri::ipc::Request;
use tauri::State;

/// Reads the printed citizen-ID card's QR text to pre-fill the registration.
#[tauri::command]
pub async fn read_id_card(text: String) -> Result<IdCard, IpcError> {
    Ok(eid_wallet::idcard::read_id_card_qr(&text)?.into())
}

/// The text of every QR code in an image file (the body is the file's bytes).
#[tauri::command]
pub async fn scan_image(request: Request<'_>) -> Result<Vec<String>, IpcError> {
    let bytes = raw_body(&request)?;
    blocking(move || Ok(eid_wallet::scan::scan_image(&bytes)?)).await
}

/// The text of the QR code in a grayscale camera frame (body: the pixels; headers: size).
#[tauri::command]
pub async fn scan_frame(request: Request<'_>) -> Result<Vec<String>, IpcError> {
    let bytes = raw_body(&request)?;
    let (w, h) = frame_size(&request)?;
    blocking(move || Ok(eid_wallet::scan::scan_gray_frame(&bytes, w, h)?)).await
}

/// Checks a QR's text as a counter (typed, pasted, or from a keyboard-wedge scanner).
#[tauri::command]
pub async fn verify_text(
    state: State<'_, AppState>,
    text: String,
) -> Result<VerifyResult, IpcError> {
    state
        .call(move |core| {
            let report = core
                .wallet
                .verify_at_counter(CounterTrust::Synced, Scanned::Text(&text))?;
            Ok(VerifyResult::from(&report))
        })
        .await
}

/// Checks the QR in an image file as a counter (the body is the file's bytes).
#[tauri::command]
pub async fn verify_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<VerifyResult, IpcError> {
    let bytes = raw_body(&request)?;
    state
        .call(move |core| {
            let report = core
                .wallet
                .verify_at_counter(CounterTrust::Synced, Scanned::Image(&bytes))?;
            Ok(VerifyResult::from(&report))
        })
        .await
}

/// Checks a camera frame as a counter; `null` when the frame holds no QR code.
#[tauri::command]
pub async fn verify_frame(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<Option<VerifyResult>, IpcError> {
    let bytes = raw_body(&request)?;
    let (w, h) = frame_size(&request)?;
    state
        .call(move |core| {
            let report = core
                .wallet
                .verify_frame_at_counter(CounterTrust::Synced, &bytes, w, h)?;
            Ok(report.as_ref().map(VerifyResult::from))
        })
        .await
}
