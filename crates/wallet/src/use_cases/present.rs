//! Present chosen fields of a document as a signed QR, bound to this device, valid about a
//! minute.

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_credential::{present, PresentRequest};
use eid_store::records::{Action, Activity};

/// A presentation ready to show.
#[derive(Debug, Clone)]
pub struct Presentation {
    /// The QR text (`EP1:` + base45).
    pub text: String,
    /// The COSE bytes.
    pub bytes: Vec<u8>,
    /// When it was made; verifiers accept it for 60 seconds.
    pub presented_at: u64,
}

impl Presentation {
    /// When counters stop accepting it (Unix seconds).
    pub fn valid_until(&self) -> u64 {
        self.presented_at + eid_credential::verify::DEFAULT_WINDOW_SECS
    }

    /// The QR as SVG markup, for a screen to scale to its width.
    pub fn svg(&self) -> Result<String, WalletError> {
        eid_qr::render::encode_matrix(&self.text)
            .map(|m| m.to_svg())
            .map_err(|e| WalletError::QrRender(e.to_string()))
    }

    /// The QR as a PNG image, `scale` pixels per module.
    pub fn png(&self, scale: u32) -> Result<Vec<u8>, WalletError> {
        eid_qr::render::encode_matrix(&self.text)
            .map(|m| m.to_png(scale))
            .map_err(|e| WalletError::QrRender(e.to_string()))
    }
}

impl Wallet {
    /// Makes a presentation of the chosen fields, signed by the device key, and logs it
    /// (field names only).
    pub fn present(
        &mut self,
        id: &str,
        fields: &[&str],
        nonce: Option<&[u8]>,
        audience: Option<&str>,
    ) -> Result<Presentation, WalletError> {
        let (doc, needs_rebinding) = self.issued(id)?;
        if needs_rebinding {
            return Err(WalletError::NeedsRebinding);
        }
        let key = self.device_key()?;
        let now = self.clock.now();
        let request = PresentRequest {
            fields,
            presented_at: now,
            nonce,
            audience,
        };
        let bytes = present(&doc, &request, &key)?;
        let doc_type = doc
            .claims()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?
            .doc_type;
        self.db()?.log(&Activity {
            at: now,
            action: Action::Present,
            doc_type: Some(doc_type.name().into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            counterpart: audience.map(str::to_owned),
            result: "ok".into(),
        })?;
        Ok(Presentation {
            text: eid_qr::envelope::encode(eid_qr::envelope::Kind::Presentation, &bytes),
            bytes,
            presented_at: now,
        })
    }
}
