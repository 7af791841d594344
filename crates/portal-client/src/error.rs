//! What a call to the portal can end in, with a stable code for the UI and scripts.

use eid_portal_api::{ErrorCode, FieldError};

/// Why a call to the portal did not return its answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The connection was refused, reset or timed out, or the answer was cut short: whether the
    /// portal acted is unknown, so the call may be retried (writes carry an idempotency key).
    #[error("the portal could not be reached: {0}")]
    Network(String),
    /// No answer within the client's timeout (a dead or congested network): as with `Network`,
    /// whether the portal acted is unknown. Kept apart because waiting again costs the whole
    /// timeout, so a sender should stop its pass here.
    #[error("the portal did not answer in time: {0}")]
    TimedOut(String),
    /// The portal answered with an error body.
    #[error("the portal refused the request ({status} {}): {message}", code.as_str())]
    Api {
        /// The HTTP status.
        status: u16,
        /// The portal's stable code.
        code: ErrorCode,
        /// The portal's plain-English message.
        message: String,
        /// Field errors (for `invalid_fields`).
        fields: Vec<FieldError>,
        /// The portal's `Retry-After`, in seconds (with `rate_limited` and `busy`).
        retry_after: Option<u64>,
    },
    /// The answer was not what the portal sends (not JSON, an unknown shape, or an unexpected
    /// status), e.g. from a proxy in between.
    #[error("unexpected answer from the portal ({status}): {detail}")]
    Unexpected {
        /// The HTTP status.
        status: u16,
        /// What was wrong with it.
        detail: String,
    },
    /// The caller's input cannot make a request: a base or answer URL that is not `http(s)`,
    /// an id with characters other than `A-Z a-z 0-9 _ -`, or an unusable idempotency key.
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The device key could not sign the login challenge.
    #[error("the device key could not sign: {0}")]
    Signing(#[from] eid_credential::KeyError),
}

/// The codes of the client's own errors (the portal's are [`ErrorCode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ClientCode {
    /// The portal could not be reached, or did not answer in time.
    Network,
    /// The portal answered something that is not its API.
    Unexpected,
    /// The request could not be made (a bad address or body).
    InvalidRequest,
    /// The device key could not sign.
    SigningFailed,
}

impl ClientCode {
    /// The code as text, e.g. `network`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl ClientError {
    /// How long the portal asked to wait before trying again (`Retry-After`, seconds).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ClientError::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The stable code: `network`, the portal's error code (e.g. `invalid_fields`),
    /// `unexpected`, `invalid_request` or `signing_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Api { code, .. } => code.as_str(),
            ClientError::Network(_) | ClientError::TimedOut(_) => ClientCode::Network.as_str(),
            ClientError::Unexpected { .. } => ClientCode::Unexpected.as_str(),
            ClientError::Invalid(_) => ClientCode::InvalidRequest.as_str(),
            ClientError::Signing(_) => ClientCode::SigningFailed.as_str(),
        }
    }

    /// Every code a [`ClientError`] can have: its own ([`ClientCode`]) and the portal's
    /// ([`ErrorCode::ALL`]).
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        use strum::VariantArray;
        ClientCode::VARIANTS
            .iter()
            .map(|c| c.as_str())
            .chain(ErrorCode::ALL.iter().map(|c| c.as_str()))
    }

    /// The HTTP status of an answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } | ClientError::Unexpected { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        let api = ClientError::Api {
            status: 422,
            code: ErrorCode::InvalidFields,
            message: "some fields are invalid".into(),
            fields: vec![],
            retry_after: None,
        };
        assert_eq!(api.code(), "invalid_fields");
        assert_eq!(api.status(), Some(422));
        assert_eq!(ClientError::Network("reset".into()).code(), "network");
        assert_eq!(ClientError::Network("reset".into()).status(), None);
        let odd = ClientError::Unexpected {
            status: 502,
            detail: "html".into(),
        };
        assert_eq!((odd.code(), odd.status()), ("unexpected", Some(502)));
        assert_eq!(ClientError::Invalid("x".into()).code(), "invalid_request");
    }
}
