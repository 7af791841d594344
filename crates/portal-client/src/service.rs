//! The registered services' calls: login, share requests and their results, and the wallet's
//! answer to a share request.

use crate::client::{http_url, to_json, Auth, Call, PortalClient};
use crate::error::ClientError;
use eid_portal_api::account::{ServiceLoginRequest, SessionResponse};
use eid_portal_api::share::{ShareAnswer, ShareRequestCreate, ShareRequestCreated, ShareResult};
use reqwest::Method;

impl PortalClient {
    /// Logs a service in (`POST /v1/service/sessions`) and keeps the session's token.
    pub fn service_login(
        &mut self,
        service_id: &str,
        secret: &str,
    ) -> Result<SessionResponse, ClientError> {
        let req = ServiceLoginRequest {
            service_id: service_id.to_owned(),
            secret: secret.to_owned(),
        };
        let session: SessionResponse =
            self.post(&["v1", "service", "sessions"], Some(&req), 200)?;
        self.set_token(Some(session.token.clone()));
        Ok(session)
    }

    /// Asks for a citizen's data (`POST /v1/share/requests`, 201): the request and its QR text.
    pub fn create_share_request(
        &self,
        req: &ShareRequestCreate,
    ) -> Result<ShareRequestCreated, ClientError> {
        self.post(&["v1", "share", "requests"], Some(req), 201)
    }

    /// A share request and its answer, if any (`GET /v1/share/requests/{id}`).
    pub fn share_result(&self, id: &str) -> Result<ShareResult, ClientError> {
        self.get(&["v1", "share", "requests", id])
    }

    /// Sends the wallet's answer to the absolute `answer_url` a share request names (202).
    /// Only `http://` and `https://` URLs are used. The portal takes an answer only from the
    /// citizen whose document it presents, so the session token goes with it, but only when the
    /// URL is this portal's (same scheme, host and port, below the base path): never to anyone
    /// else a request might name.
    pub fn answer_share(&self, answer_url: &str, answer: &ShareAnswer) -> Result<(), ClientError> {
        let body = to_json(answer)?;
        let url = http_url(answer_url)?;
        let ours = url.origin() == self.base.origin() && url.path().starts_with(self.base.path());
        self.exchange(Call {
            method: Method::POST,
            url,
            body: Some(&body),
            header: None,
            auth: if ours { Auth::Session } else { Auth::Anonymous },
            ok: 202,
        })?;
        Ok(())
    }
}
