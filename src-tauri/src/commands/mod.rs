//! The app's commands: one per use case of the wallet facade, each a thin call into it on a
//! blocking thread. They take plain values (or a raw byte body for images and camera frames)
//! and return the IPC contract's types (`eid-app-ipc`), rejecting with its `IpcError`.

pub mod account;
pub mod applications;
pub mod documents;
pub mod files;
pub mod portal;
pub mod scan;
pub mod settings;
pub mod share;
pub mod station;

use eid_app_ipc::IpcError;
use tauri::ipc::{InvokeBody, Request};

/// The raw bytes of a command's body (an image file, a camera frame).
pub(crate) fn raw_body(request: &Request<'_>) -> Result<Vec<u8>, IpcError> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(bytes.clone()),
        InvokeBody::Json(_) => Err(IpcError::app(
            "invalid_request",
            "expected the bytes of an image or frame as the body",
        )),
    }
}

/// A camera frame's size from its `x-width` and `x-height` headers.
pub(crate) fn frame_size(request: &Request<'_>) -> Result<(u32, u32), IpcError> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|v| (1..=8192).contains(v))
    };
    match (header("x-width"), header("x-height")) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(IpcError::app(
            "bad_frame",
            "a camera frame needs x-width and x-height headers between 1 and 8192",
        )),
    }
}
