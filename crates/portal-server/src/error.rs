//! Errors as HTTP responses: the status of the code and an `ErrorBody`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eid_portal_api::{ErrorBody, ErrorCode, FieldError};

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// The code.
    pub code: ErrorCode,
    /// Plain-English message.
    pub message: String,
    /// Field errors.
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again (sent as `Retry-After`), for `rate_limited` and `busy`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    /// `rate_limited`, to be tried again after `retry_after` seconds.
    pub fn rate_limited(message: impl Into<String>, retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(ErrorCode::RateLimited, message)
        }
    }

    /// `busy` (503): a queue is full; try again after `retry_after` seconds.
    pub fn busy(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                ErrorCode::Busy,
                "the portal is busy right now; try again in a moment",
            )
        }
    }

    /// `invalid_fields` with the field errors.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        ApiError {
            fields,
            ..ApiError::new(ErrorCode::InvalidFields, "some fields are invalid")
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code,
            message: self.message.clone(),
            fields: self.fields.clone(),
        }
    }
}

/// Whether a database error means the database cannot be reached right now (a connection
/// refused or cut, no connection free in time, a server shutting down or in recovery, as while
/// a standby is promoted): the request may succeed when tried again.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => true,
        // PostgreSQL: class 08 (connection exception), 57P01-57P03 (admin shutdown, crash
        // shutdown, cannot connect now), 25006 (read-only transaction, a standby).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "25006"),
        _ => false,
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        eprintln!("eid-portal: database error: {e}");
        if is_unavailable(&e) {
            return ApiError {
                message: "the database cannot be reached right now; try again in a moment".into(),
                ..ApiError::busy(1)
            };
        }
        ApiError::new(
            ErrorCode::Internal,
            "the server could not complete the request",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// Parses a JSON body, answering `malformed_body` with serde's reason.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedBody,
            format!("the body is not valid: {e}"),
        )
    })
}
