//! Errors on the wire: an HTTP status, a stable code, a message in plain English (the app shows
//! its own translation of the code), and field-level errors for forms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every error code the portal returns. Codes never change meaning; new ones may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON for this endpoint.
    MalformedBody,
    /// One or more fields are invalid; see `fields`.
    InvalidFields,
    /// No or an unknown, expired or forged session token.
    Unauthenticated,
    /// The account may not do this (wrong role, or not its own data).
    Forbidden,
    /// The account's level is too low (level 2 needed).
    LevelTooLow,
    /// Nothing with this id, or not visible to this account.
    NotFound,
    /// The one-time code is wrong or expired.
    WrongCode,
    /// Too many attempts; retry after `Retry-After` seconds.
    RateLimited,
    /// An account with this ID number already exists.
    AlreadyRegistered,
    /// A write without an `Idempotency-Key` header.
    IdempotencyKeyMissing,
    /// The same `Idempotency-Key` was used with a different body.
    IdempotencyKeyReused,
    /// A request with the same `Idempotency-Key` is still being processed.
    IdempotencyConflict,
    /// The application is not in a state that allows this.
    WrongState,
    /// The device signature does not verify.
    BadSignature,
    /// The request (e.g. a share request) has expired.
    Expired,
    /// The request's body did not arrive (or was not answered) in time.
    RequestTimeout,
    /// Too busy right now (a queue is full): try again after `Retry-After` seconds.
    Busy,
    /// Something failed on the server.
    Internal,
}

impl ErrorCode {
    /// Every code, for catalogues that must translate them all.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::MalformedBody,
        ErrorCode::InvalidFields,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::LevelTooLow,
        ErrorCode::NotFound,
        ErrorCode::WrongCode,
        ErrorCode::RateLimited,
        ErrorCode::AlreadyRegistered,
        ErrorCode::IdempotencyKeyMissing,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::IdempotencyConflict,
        ErrorCode::WrongState,
        ErrorCode::BadSignature,
        ErrorCode::Expired,
        ErrorCode::RequestTimeout,
        ErrorCode::Busy,
        ErrorCode::Internal,
    ];

    /// The HTTP status this code is sent with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::MalformedBody | ErrorCode::IdempotencyKeyMissing => 400,
            ErrorCode::Unauthenticated | ErrorCode::BadSignature => 401,
            ErrorCode::Forbidden | ErrorCode::LevelTooLow => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::AlreadyRegistered
            | ErrorCode::IdempotencyConflict
            | ErrorCode::WrongState => 409,
            ErrorCode::InvalidFields | ErrorCode::WrongCode | ErrorCode::IdempotencyKeyReused => {
                422
            }
            ErrorCode::Expired => 410,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Busy => 503,
        }
    }

    /// The code as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedBody => "malformed_body",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::LevelTooLow => "level_too_low",
            ErrorCode::NotFound => "not_found",
            ErrorCode::WrongCode => "wrong_code",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::AlreadyRegistered => "already_registered",
            ErrorCode::IdempotencyKeyMissing => "idempotency_key_missing",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::IdempotencyConflict => "idempotency_conflict",
            ErrorCode::WrongState => "wrong_state",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::Expired => "expired",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::Busy => "busy",
            ErrorCode::Internal => "internal",
        }
    }
}

/// One invalid field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's path, e.g. `host.id_number`.
    pub field: String,
    /// A stable code, e.g. `required`, `not_a_date`, `too_long`, `before_start`.
    pub code: String,
    /// A plain-English message.
    pub message: String,
}

impl FieldError {
    /// A field error from its path, code and message.
    pub fn new(field: &str, code: FieldCode, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            code: code.as_str().to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Why a field is refused: every code a [`FieldError`] can carry (the UI's catalogue lists them
/// all, from [`strum::VariantArray::VARIANTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum FieldCode {
    /// Nothing was given where something is needed.
    Required,
    /// Longer than the field allows.
    TooLong,
    /// Line breaks, control or text-direction characters.
    BadCharacters,
    /// Spaces at either end, or not Unicode NFC.
    NotNormalized,
    /// Not a real date `YYYY-MM-DD`.
    NotADate,
    /// A start date in the past.
    InThePast,
    /// An end date before the start date.
    BeforeStart,
    /// A period longer than the form allows.
    TooLongPeriod,
    /// Not a 12-digit ID number.
    NotAnIdNumber,
    /// A number outside its range (copies).
    OutOfRange,
    /// Not a phone number of 10 or 11 digits.
    NotAPhone,
    /// Not a P-256 public key.
    NotAKey,
    /// The ID number, name and birth date do not match the population registry.
    RegistryMismatch,
    /// Not the phone the registry holds for this citizen.
    PhoneNotRegistered,
    /// No such document type or field.
    Unknown,
    /// Too few or too many items.
    Count,
    /// An item given twice.
    Duplicate,
    /// A number outside its range (seconds).
    Range,
    /// A field this service may not ask for.
    NotAllowed,
}

impl FieldCode {
    /// The code as text, e.g. `not_a_date`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The stable code.
    pub code: ErrorCode,
    /// A plain-English message.
    pub message: String,
    /// Field errors (for `invalid_fields`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_codes_read_as_the_api_writes_them() {
        let spelled: Vec<&str> = [
            FieldCode::NotADate,
            FieldCode::NotAnIdNumber,
            FieldCode::NotAPhone,
            FieldCode::NotAKey,
            FieldCode::TooLongPeriod,
        ]
        .iter()
        .map(|c| c.as_str())
        .collect();
        assert_eq!(
            spelled,
            [
                "not_a_date",
                "not_an_id_number",
                "not_a_phone",
                "not_a_key",
                "too_long_period"
            ]
        );
    }

    #[test]
    fn codes_match_their_wire_names() {
        let all = [
            ErrorCode::MalformedBody,
            ErrorCode::InvalidFields,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::LevelTooLow,
            ErrorCode::NotFound,
            ErrorCode::WrongCode,
            ErrorCode::RateLimited,
            ErrorCode::AlreadyRegistered,
            ErrorCode::IdempotencyKeyMissing,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::IdempotencyConflict,
            ErrorCode::WrongState,
            ErrorCode::BadSignature,
            ErrorCode::Expired,
            ErrorCode::RequestTimeout,
            ErrorCode::Busy,
            ErrorCode::Internal,
        ];
        for c in all {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
            assert!((400..600).contains(&c.http_status()));
        }
        assert_eq!(ErrorCode::IdempotencyKeyMissing.http_status(), 400);
        assert_eq!(ErrorCode::IdempotencyConflict.http_status(), 409);
        assert_eq!(ErrorCode::IdempotencyKeyReused.http_status(), 422);
    }
}
