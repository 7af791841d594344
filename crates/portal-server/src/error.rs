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

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        eprintln!("eid-portal: database error: {e}");
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
