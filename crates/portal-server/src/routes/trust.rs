//! `GET /v1/trust`: the root key, the trust list and the current status list, signed once per
//! change and served with `ETag`, `Cache-Control` and `304 Not Modified` (src/trust_cache.rs).

use crate::error::ApiError;
use crate::state::AppState;
use crate::trust_cache::{none_match, MAX_AGE_SECONDS};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `GET /v1/trust` (public). With `If-None-Match` naming the current bundle's tag: `304` and
/// no body.
pub async fn trust(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let signed = crate::issuer::trust_bundle(&state).await?;
    let etag = HeaderValue::from_str(&signed.etag).map_err(|_| {
        ApiError::new(
            eid_portal_api::ErrorCode::Internal,
            "could not tag the lists",
        )
    })?;
    let cache = HeaderValue::from_str(&format!("public, max-age={MAX_AGE_SECONDS}"))
        .unwrap_or(HeaderValue::from_static("no-cache"));
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| none_match(v, &signed.etag));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            signed.body.clone(),
        )
            .into_response()
    };
    response.headers_mut().insert(header::ETAG, etag);
    response.headers_mut().insert(header::CACHE_CONTROL, cache);
    Ok(response)
}
