//! The officers' calls: login, the application and level-2 queues, decisions and revocation.

use crate::client::{Auth, PortalClient};
use crate::error::ClientError;
use eid_portal_api::account::{
    AccountView, OfficerLoginRequest, SessionResponse, UpgradeQueueItem,
};
use eid_portal_api::applications::{ApplicationState, ApplicationView, DecisionRequest, QueueItem};
use eid_portal_api::documents::RevokeRequest;

/// A state as written in the `state` query parameter, e.g. `in_review`.
fn state_param(state: ApplicationState) -> Result<String, ClientError> {
    match serde_json::to_value(state) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(ClientError::Invalid("unknown application state".into())),
    }
}

impl PortalClient {
    /// Logs an officer in (`POST /v1/officer/sessions`) and keeps the session's token.
    pub fn officer_login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<SessionResponse, ClientError> {
        let req = OfficerLoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let session: SessionResponse =
            self.post(&["v1", "officer", "sessions"], Some(&req), 200)?;
        self.set_token(Some(session.token.clone()));
        Ok(session)
    }

    /// The applications queue, optionally only those in `state`
    /// (`GET /v1/officer/applications?state=..`).
    pub fn officer_queue(
        &self,
        state: Option<ApplicationState>,
    ) -> Result<Vec<QueueItem>, ClientError> {
        let mut url = self.endpoint(&["v1", "officer", "applications"])?;
        if let Some(state) = state {
            url.query_pairs_mut()
                .append_pair("state", &state_param(state)?);
        }
        self.get_url(url, Auth::Session)
    }

    /// Claims an application for review (`POST /v1/officer/applications/{id}/claim`).
    pub fn claim(&self, id: &str) -> Result<ApplicationView, ClientError> {
        self.post::<(), _>(&["v1", "officer", "applications", id, "claim"], None, 200)
    }

    /// Approves or rejects an application (`POST /v1/officer/applications/{id}/decision`).
    pub fn decide(
        &self,
        id: &str,
        decision: &DecisionRequest,
    ) -> Result<ApplicationView, ClientError> {
        self.post(
            &["v1", "officer", "applications", id, "decision"],
            Some(decision),
            200,
        )
    }

    /// The level-2 requests waiting for the in-person check (`GET /v1/officer/upgrades`).
    pub fn upgrades(&self) -> Result<Vec<UpgradeQueueItem>, ClientError> {
        self.get(&["v1", "officer", "upgrades"])
    }

    /// Grants or refuses level 2 (`POST /v1/officer/upgrades/{account_id}/decision`).
    pub fn decide_upgrade(
        &self,
        account_id: &str,
        decision: &DecisionRequest,
    ) -> Result<AccountView, ClientError> {
        self.post(
            &["v1", "officer", "upgrades", account_id, "decision"],
            Some(decision),
            200,
        )
    }

    /// Revokes a document (`POST /v1/officer/documents/{id}/revoke`, 204).
    pub fn revoke(&self, document_id: &str, req: &RevokeRequest) -> Result<(), ClientError> {
        self.post_no_content(
            &["v1", "officer", "documents", document_id, "revoke"],
            Some(req),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_written_as_on_the_wire() {
        assert_eq!(
            state_param(ApplicationState::Submitted).unwrap(),
            "submitted"
        );
        assert_eq!(
            state_param(ApplicationState::InReview).unwrap(),
            "in_review"
        );
    }
}
