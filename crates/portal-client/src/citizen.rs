//! The citizen's calls: registration, device-key login, the account, documents, applications
//! (submitted exactly once under an `Idempotency-Key`), the change feed and the trust lists.

use crate::client::{parse, to_json, Auth, Call, PortalClient};
use crate::error::ClientError;
use eid_credential::Signer;
use eid_portal_api::account::{
    login_message, AccountView, ChallengeRequest, ChallengeResponse, MoveView, RecoveryKeyRequest,
    RegisterRequest, RegisterResponse, SessionRequest, SessionResponse, VerifyCodeRequest,
};
use eid_portal_api::applications::{ApplicationView, FeedPage};
use eid_portal_api::documents::{DocumentsResponse, TrustWire};
use eid_portal_api::forms::ApplicationForm;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;

/// An `Idempotency-Key` header: 1 to 255 visible ASCII characters, as the portal accepts.
fn idempotency_header(key: &str) -> Result<(HeaderName, HeaderValue), ClientError> {
    let visible = (1..=255).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b));
    let value = HeaderValue::from_str(key)
        .ok()
        .filter(|_| visible)
        .ok_or_else(|| {
            ClientError::Invalid("an idempotency key is 1 to 255 visible ASCII characters".into())
        })?;
    Ok((HeaderName::from_static("idempotency-key"), value))
}

/// The answer to [`PortalClient::trust_if_changed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustAnswer {
    /// The lists changed (or none were held): the new ones, with their tag for next time.
    Changed {
        /// The lists.
        wire: TrustWire,
        /// Their `ETag`, when the portal sent one.
        etag: Option<String>,
    },
    /// The lists held are still current.
    NotModified,
}

/// What verifying a registration's code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The account is on this device now (new, or moved at once).
    Account(AccountView),
    /// A level-2 account moves to this device after a wait (see the portal's docs).
    MoveWaiting(MoveView),
}

impl PortalClient {
    /// Starts a level-1 registration (`POST /v1/registrations`, 201); a one-time code goes to
    /// the phone.
    pub fn register(&self, req: &RegisterRequest) -> Result<RegisterResponse, ClientError> {
        self.post(&["v1", "registrations"], Some(req), 201)
    }

    /// Confirms a registration with its one-time code (`POST /v1/registrations/{id}/verify`),
    /// with the recovery key's signature when the wallet has one: the account, or a move that
    /// waits (202).
    pub fn verify_code(
        &self,
        registration_id: &str,
        code: &str,
        recovery_signature: Option<String>,
    ) -> Result<Verified, ClientError> {
        let body = to_json(&VerifyCodeRequest {
            code: code.to_owned(),
            recovery_signature,
        })?;
        let (status, answer) = self.exchange_either(
            Call {
                method: Method::POST,
                url: self.endpoint(&["v1", "registrations", registration_id, "verify"])?,
                body: Some(&body),
                header: None,
                auth: Auth::Anonymous,
                ok: 200,
            },
            202,
        )?;
        Ok(if status == 202 {
            Verified::MoveWaiting(parse(202, &answer)?)
        } else {
            Verified::Account(parse(200, &answer)?)
        })
    }

    /// The move a registration asked for (`GET /v1/registrations/{id}/move`); the portal
    /// completes it once it is due.
    pub fn move_status(&self, registration_id: &str) -> Result<MoveView, ClientError> {
        self.get_url(
            self.endpoint(&["v1", "registrations", registration_id, "move"])?,
            Auth::Anonymous,
        )
    }

    /// Cancels every waiting move of the signed-in account (`POST /v1/account/moves/cancel`).
    pub fn cancel_moves(&self) -> Result<AccountView, ClientError> {
        self.post::<(), _>(&["v1", "account", "moves", "cancel"], None, 200)
    }

    /// Registers the wallet's recovery key, SEC1 hex (`POST /v1/account/recovery-key`, 204).
    pub fn set_recovery_key(&self, public_key_hex: &str) -> Result<(), ClientError> {
        let body = RecoveryKeyRequest {
            public_key: public_key_hex.to_owned(),
        };
        self.post_no_content(&["v1", "account", "recovery-key"], Some(&body))
    }

    /// Registers the hash of the wallet's revocation code (`POST /v1/account/revocation-code`,
    /// 204; see `eid_portal_api::revocation`).
    pub fn set_revocation_code(&self, code_hash: &str) -> Result<(), ClientError> {
        let body = eid_portal_api::revocation::RevocationCodeRequest {
            code_hash: code_hash.to_owned(),
        };
        self.post_no_content(&["v1", "account", "revocation-code"], Some(&body))
    }

    /// Logs in with the device key: asks for a challenge, signs [`login_message`] with
    /// `device`, opens a session, and keeps its token for the calls that follow.
    pub fn login(
        &mut self,
        account_id: &str,
        device: &dyn Signer,
    ) -> Result<SessionResponse, ClientError> {
        let ask = ChallengeRequest {
            account_id: account_id.to_owned(),
        };
        let challenge: ChallengeResponse =
            self.post(&["v1", "sessions", "challenge"], Some(&ask), 200)?;
        let signature = device.sign(login_message(account_id, &challenge.challenge).as_bytes())?;
        let req = SessionRequest {
            account_id: account_id.to_owned(),
            challenge: challenge.challenge,
            signature: hex::encode(signature),
        };
        let session: SessionResponse = self.post(&["v1", "sessions"], Some(&req), 200)?;
        self.set_token(Some(session.token.clone()));
        Ok(session)
    }

    /// Signs out (`POST /v1/sessions/end`, 204): the portal ends the session and the token is
    /// forgotten here. Without a token there is nothing to do.
    pub fn sign_out(&mut self) -> Result<(), ClientError> {
        if self.token().is_none() {
            return Ok(());
        }
        let ended = self.post_no_content::<()>(&["v1", "sessions", "end"], None);
        self.set_token(None);
        ended
    }

    /// The logged-in account (`GET /v1/account`).
    pub fn account(&self) -> Result<AccountView, ClientError> {
        self.get(&["v1", "account"])
    }

    /// Asks for level 2 (`POST /v1/account/upgrade`, no body; 202).
    pub fn request_upgrade(&self) -> Result<AccountView, ClientError> {
        self.post::<(), _>(&["v1", "account", "upgrade"], None, 202)
    }

    /// The account's current documents (`GET /v1/documents`).
    pub fn documents(&self) -> Result<DocumentsResponse, ClientError> {
        self.get(&["v1", "documents"])
    }

    /// Submits an application (`POST /v1/applications`, 201) under `idempotency_key`. The body
    /// is `serde_json::to_vec(form)`; a retry must send the same bytes, so an outbox stores them
    /// and retries with [`PortalClient::submit_raw`].
    pub fn submit(
        &self,
        form: &ApplicationForm,
        idempotency_key: &str,
    ) -> Result<ApplicationView, ClientError> {
        self.submit_raw(&to_json(form)?, idempotency_key)
    }

    /// Submits an application's JSON `body` exactly as given, under `idempotency_key`.
    pub fn submit_raw(
        &self,
        body: &[u8],
        idempotency_key: &str,
    ) -> Result<ApplicationView, ClientError> {
        let answer = self.exchange(Call {
            method: Method::POST,
            url: self.endpoint(&["v1", "applications"])?,
            body: Some(body),
            header: Some(idempotency_header(idempotency_key)?),
            auth: Auth::Session,
            ok: 201,
        })?;
        parse(201, &answer)
    }

    /// The account's applications (`GET /v1/applications`).
    pub fn applications(&self) -> Result<Vec<ApplicationView>, ClientError> {
        self.get(&["v1", "applications"])
    }

    /// One application (`GET /v1/applications/{id}`).
    pub fn application(&self, id: &str) -> Result<ApplicationView, ClientError> {
        self.get(&["v1", "applications", id])
    }

    /// Changes after `since`, at most `limit` (`GET /v1/feed?since=..&limit=..`).
    pub fn feed(&self, since: u64, limit: u32) -> Result<FeedPage, ClientError> {
        let mut url = self.endpoint(&["v1", "feed"])?;
        url.query_pairs_mut()
            .append_pair("since", &since.to_string())
            .append_pair("limit", &limit.to_string());
        self.get_url(url, Auth::Session)
    }

    /// The trust and status lists (`GET /v1/trust`, no session).
    pub fn trust(&self) -> Result<TrustWire, ClientError> {
        self.get_url(self.endpoint(&["v1", "trust"])?, Auth::Anonymous)
    }

    /// The trust and status lists unless they are still the ones tagged `etag` (a conditional
    /// `GET /v1/trust` with `If-None-Match`): `304` costs the portal and the network no body.
    pub fn trust_if_changed(&self, etag: Option<&str>) -> Result<TrustAnswer, ClientError> {
        let header = etag
            .and_then(|t| HeaderValue::from_str(t).ok())
            .map(|v| (reqwest::header::IF_NONE_MATCH, v));
        let (status, body, etag) = self.exchange_tagged(
            Call {
                method: Method::GET,
                url: self.endpoint(&["v1", "trust"])?,
                body: None,
                header,
                auth: Auth::Anonymous,
                ok: 200,
            },
            304,
        )?;
        Ok(if status == 304 {
            TrustAnswer::NotModified
        } else {
            TrustAnswer::Changed {
                wire: parse(200, &body)?,
                etag,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_must_be_visible_ascii() {
        assert!(idempotency_header("0b9e-41f2_A.b~").is_ok());
        for bad in ["", "a b", "ké", "a\nb", &"k".repeat(256)] {
            assert_eq!(
                idempotency_header(bad).unwrap_err().code(),
                "invalid_request",
                "{bad:?}"
            );
        }
    }
}
