//! The pages' files, built into the binary: the stylesheet, the desk's script and the icon.

use axum::http::header;
use axum::response::IntoResponse;

/// `GET /web/web.css`.
pub async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("static/web.css"),
    )
}

/// `GET /web/desk.js`.
pub async fn desk_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("static/desk.js"),
    )
}

/// `GET /web/icon.svg`.
pub async fn icon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("static/icon.svg"),
    )
}
