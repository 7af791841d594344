//! The outbox's policy, pure (no I/O, no clock, no randomness): what one attempt at sending a
//! submission means, and how long to wait before the next.
//!
//! A submission carries an idempotency key, so sending it again is always safe; the only
//! answers that end it are a delivery and the portal's own refusal of the request.

use crate::error::ClientError;
use eid_portal_api::applications::ApplicationView;
use eid_portal_api::ErrorCode;

/// The wait after the first failed attempt, in seconds; it doubles with every attempt.
pub const FIRST_DELAY_SECS: u64 = 2;
/// The longest wait before jitter, in seconds.
pub const MAX_DELAY_SECS: u64 = 300;
/// How far jitter moves a wait: ±20 %.
pub const JITTER: f64 = 0.2;

/// What to do with an outbox item after one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The portal accepted it: record the application, drop the outbox item and its draft.
    Delivered(Box<ApplicationView>),
    /// The outcome is unknown or the portal is busy: try again later with the same key and body.
    Retry,
    /// The session expired: log in again, then retry.
    Relogin,
    /// The portal refused it for good: keep it visible with the code and show the message.
    Refused {
        /// The stable code, e.g. `invalid_fields`.
        code: String,
        /// The plain-English message.
        message: String,
    },
}

/// Classifies one attempt's result. Network failures, server errors (5xx),
/// `idempotency_conflict` (the first attempt is still running), `rate_limited` and answers
/// that are not the portal's (e.g. a proxy's page) are retried; `unauthenticated` asks for a
/// new session; any other error body is the portal's final answer.
pub fn classify(result: Result<ApplicationView, ClientError>) -> Delivery {
    let error = match result {
        Ok(view) => return Delivery::Delivered(Box::new(view)),
        Err(e) => e,
    };
    match error {
        ClientError::Network(_) | ClientError::TimedOut(_) | ClientError::Unexpected { .. } => {
            Delivery::Retry
        }
        ClientError::Api {
            code: ErrorCode::Unauthenticated,
            ..
        } => Delivery::Relogin,
        ClientError::Api { status, code, .. }
            if status >= 500
                || matches!(
                    code,
                    ErrorCode::IdempotencyConflict
                        | ErrorCode::RateLimited
                        | ErrorCode::RequestTimeout
                        | ErrorCode::Internal
                ) =>
        {
            Delivery::Retry
        }
        ClientError::Api { code, message, .. } => Delivery::Refused {
            code: code.as_str().to_owned(),
            message,
        },
        e @ (ClientError::Invalid(_) | ClientError::Signing(_)) => Delivery::Refused {
            code: e.code().to_owned(),
            message: e.to_string(),
        },
    }
}

/// Seconds to wait after `attempts` failed attempts (1 after the first): 2, 4, 8, … up to
/// 300, then moved by up to ±20 % by `jitter` (a random number in `0.0..1.0` from the caller;
/// 0.5 moves nothing), so waits stay within 1..=360 and are never 0.
pub fn next_delay_secs(attempts: u32, jitter: f64) -> u64 {
    // 2^9 = 512 is past the cap, so larger exponents change nothing.
    let exponent = attempts.clamp(1, 9);
    let base = (FIRST_DELAY_SECS << (exponent - 1)).min(MAX_DELAY_SECS) as f64;
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let factor = 1.0 + JITTER * (2.0 * jitter - 1.0);
    ((base * factor).round() as u64).max(1)
}

/// The longest `Retry-After` honoured, in seconds: a portal (or something posing as one) cannot
/// park a citizen's submission for longer than an hour.
pub const MAX_RETRY_AFTER_SECS: u64 = 3600;

/// Seconds to wait after `attempts` failed attempts when the portal also said `Retry-After`:
/// the longer of the back-off ([`next_delay_secs`]) and what it asked, at most
/// [`MAX_RETRY_AFTER_SECS`]. The portal's wish is never cut short by jitter, and a busy portal
/// is not asked again sooner than it said.
pub fn retry_delay_secs(attempts: u32, jitter: f64, retry_after: Option<u64>) -> u64 {
    next_delay_secs(attempts, jitter).max(retry_after.unwrap_or(0).min(MAX_RETRY_AFTER_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eid_portal_api::applications::ApplicationState;
    use eid_portal_api::forms::{Address, ApplicationForm};
    use eid_portal_api::FieldError;

    fn view() -> ApplicationView {
        let place = Address {
            line: "1".into(),
            ward: "w".into(),
            district: "d".into(),
            province: "p".into(),
        };
        ApplicationView {
            id: "app-1".into(),
            form: ApplicationForm::TemporaryAbsence {
                from: "2026-12-01".into(),
                until: "2026-12-10".into(),
                destination: place,
                reason: "work".into(),
            },
            state: ApplicationState::Submitted,
            submitted_at: 10,
            updated_at: 10,
            decision_reason: None,
            result_document_id: None,
        }
    }

    fn api(code: ErrorCode) -> Result<ApplicationView, ClientError> {
        Err(ClientError::Api {
            status: code.http_status(),
            code,
            message: format!("{} happened", code.as_str()),
            retry_after: None,
            fields: vec![FieldError::new(
                "from",
                eid_portal_api::FieldCode::InThePast,
                "past",
            )],
        })
    }

    fn refused(code: &str) -> Delivery {
        Delivery::Refused {
            code: code.into(),
            message: format!("{code} happened"),
        }
    }

    #[test]
    fn a_created_application_is_delivered() {
        assert_eq!(classify(Ok(view())), Delivery::Delivered(Box::new(view())));
    }

    #[test]
    fn unknown_outcomes_and_busy_answers_are_retried() {
        assert_eq!(
            classify(Err(ClientError::Network("reset".into()))),
            Delivery::Retry
        );
        assert_eq!(
            classify(Err(ClientError::TimedOut("no answer".into()))),
            Delivery::Retry
        );
        for code in [
            ErrorCode::IdempotencyConflict,
            ErrorCode::RateLimited,
            ErrorCode::RequestTimeout,
            ErrorCode::Busy,
            ErrorCode::Internal,
        ] {
            assert_eq!(classify(api(code)), Delivery::Retry, "{code:?}");
        }
        let gateway = Err(ClientError::Unexpected {
            status: 502,
            detail: "<html>".into(),
        });
        assert_eq!(classify(gateway), Delivery::Retry);
        let unavailable = Err(ClientError::Api {
            status: 503,
            code: ErrorCode::NotFound,
            message: "down".into(),
            fields: vec![],
            retry_after: Some(1),
        });
        assert_eq!(classify(unavailable), Delivery::Retry);
    }

    #[test]
    fn an_expired_session_asks_for_a_new_login() {
        assert_eq!(classify(api(ErrorCode::Unauthenticated)), Delivery::Relogin);
    }

    #[test]
    fn other_portal_errors_are_final() {
        for code in [
            ErrorCode::InvalidFields,
            ErrorCode::LevelTooLow,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::MalformedBody,
            ErrorCode::Forbidden,
        ] {
            assert_eq!(classify(api(code)), refused(code.as_str()), "{code:?}");
        }
        let local = classify(Err(ClientError::Invalid("bad key".into())));
        assert!(
            matches!(&local, Delivery::Refused { code, .. } if code == "invalid_request"),
            "{local:?}"
        );
    }

    #[test]
    fn delays_double_from_two_up_to_the_cap() {
        let at_middle: Vec<u64> = [0, 1, 2, 3, 4, 8, 9, 10, 40, u32::MAX]
            .iter()
            .map(|&a| next_delay_secs(a, 0.5))
            .collect();
        assert_eq!(at_middle, [2, 2, 4, 8, 16, 256, 300, 300, 300, 300]);
    }

    #[test]
    fn jitter_moves_delays_by_at_most_a_fifth_and_never_to_zero() {
        assert_eq!(next_delay_secs(20, 0.0), 240);
        assert_eq!(next_delay_secs(20, 1.0), 360);
        assert_eq!(next_delay_secs(5, 0.0), 26);
        assert_eq!(next_delay_secs(5, 1.0), 38);
        assert_eq!(next_delay_secs(5, f64::NAN), 32);
        assert_eq!(next_delay_secs(5, -3.0), 26);
        for attempts in 0..40 {
            let base = next_delay_secs(attempts, 0.5) as f64;
            for step in 0..=20 {
                let d = next_delay_secs(attempts, f64::from(step) / 20.0);
                assert!(d >= 1, "attempt {attempts}");
                assert!(
                    (d as f64 - base).abs() <= base * JITTER + 0.5,
                    "attempt {attempts} step {step}: {d} vs {base}"
                );
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_but_bounded() {
        assert_eq!(retry_delay_secs(1, 0.5, None), 2);
        assert_eq!(retry_delay_secs(1, 0.5, Some(30)), 30);
        assert_eq!(retry_delay_secs(9, 0.5, Some(1)), 300);
        assert_eq!(
            retry_delay_secs(1, 0.5, Some(u64::MAX)),
            MAX_RETRY_AFTER_SECS
        );
    }
}
