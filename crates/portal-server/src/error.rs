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
}

impl ApiError {
    /// An error with a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// `invalid_fields` with the field errors.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        ApiError {
            code: ErrorCode::InvalidFields,
            message: "some fields are invalid".into(),
            fields,
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
        (status, axum::Json(self.body())).into_response()
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
