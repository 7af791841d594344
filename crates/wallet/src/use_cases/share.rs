//! Scan a service's request QR and share the consented fields with it.

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_credential::{present, PresentRequest, ShareRequest};
use eid_portal_api::share::ShareAnswer;
use eid_portal_client::PortalClient;
use eid_qr::envelope::{self, Kind};
use eid_store::records::{Action, Activity};
use serde::Serialize;

/// A share request as the citizen sees it before consenting.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareAsk {
    /// The service's registered name.
    pub service_name: String,
    /// The service's id.
    pub service_id: String,
    /// The document type asked for.
    pub doc_type: &'static str,
    /// The fields asked for.
    pub fields: Vec<&'static str>,
    /// Why.
    pub purpose: String,
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expires_at: u64,
    /// The wallet's document that can answer it (of the type asked for, not waiting to be
    /// re-issued), if it holds one.
    pub document_id: Option<String>,
}

impl Wallet {
    /// Reads a service's request QR (`ER1:`) and checks it is signed by the portal this wallet
    /// trusts and not expired; the app shows the result before asking for consent.
    pub fn read_share_request(&mut self, qr: &str) -> Result<ShareAsk, WalletError> {
        let request = self.share_request(qr)?;
        let document_id = self
            .documents()?
            .into_iter()
            .find(|d| d.doc_type == request.doc_type.name() && !d.needs_rebinding)
            .map(|d| d.id);
        Ok(ShareAsk {
            document_id,
            service_name: request.service_name,
            service_id: request.service_id,
            doc_type: request.doc_type.name(),
            fields: request.fields,
            purpose: request.purpose,
            expires_at: request.expires_at,
        })
    }

    fn share_request(&mut self, qr: &str) -> Result<ShareRequest, WalletError> {
        let bytes = match envelope::decode(qr) {
            Ok((Kind::Request, bytes)) => bytes,
            Ok(_) => {
                return Err(WalletError::Share(
                    "this QR is not a service's request".into(),
                ))
            }
            Err(e) => return Err(WalletError::Share(e.to_string())),
        };
        let bundle = self.trust_bundle()?.ok_or(WalletError::NotRegistered)?;
        let now = self.clock.now();
        ShareRequest::verify(&bytes, &bundle.root, now)
            .map_err(|e| WalletError::Share(e.to_string()))
    }

    /// Shares the consented `fields` of document `document_id` with the service that made the
    /// request: a presentation bound to the request's nonce and the service, posted to the
    /// request's answer URL, and logged (field names only).
    pub fn share(
        &mut self,
        client: &mut PortalClient,
        qr: &str,
        document_id: &str,
        fields: &[&str],
    ) -> Result<(), WalletError> {
        let request = self.share_request(qr)?;
        if let Some(extra) = fields.iter().find(|f| !request.fields.contains(f)) {
            return Err(WalletError::Share(format!("{extra} was not asked for")));
        }
        let (doc, needs_rebinding) = self.issued(document_id)?;
        if needs_rebinding {
            return Err(WalletError::NeedsRebinding);
        }
        let doc_type = doc
            .claims()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?
            .doc_type;
        if doc_type != request.doc_type {
            return Err(WalletError::Share(
                "this is not the document asked for".into(),
            ));
        }
        let key = self.device_key()?;
        let now = self.clock.now();
        let bytes = present(
            &doc,
            &PresentRequest {
                fields,
                presented_at: now,
                nonce: Some(&request.nonce),
                audience: Some(&request.service_id),
            },
            &key,
        )?;
        let answer = ShareAnswer {
            presentation: envelope::encode(Kind::Presentation, &bytes),
        };
        // The portal takes the answer only from the signed-in holder of the document.
        self.ensure_login(client)?;
        let sent = client.answer_share(&request.answer_url, &answer);
        self.db()?.log(&Activity {
            at: now,
            action: Action::Share,
            doc_type: Some(doc_type.name().into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            counterpart: Some(request.service_name.clone()),
            result: match &sent {
                Ok(()) => "ok".into(),
                Err(e) => e.code().into(),
            },
        })?;
        sent.map_err(WalletError::from)
    }
}
