//! The facade's errors, each with a stable code for the UI and scripts.

/// Something the wallet could not do.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// The trust list file is unreadable or not signed by the trusted root.
    #[error("the trust list cannot be used: {0}")]
    TrustList(#[from] eid_credential::Rejection),
    /// An image could not be read.
    #[error("the image cannot be read: {0}")]
    Image(String),
    /// The printed ID-card QR is not valid.
    #[error("{0}")]
    IdCard(String),
    /// Making the sample failed.
    #[error("the sample could not be made: {0}")]
    Sample(String),
}

impl WalletError {
    /// The stable code, e.g. `bad_trust_list`.
    pub fn code(&self) -> &'static str {
        match self {
            WalletError::TrustList(_) => "bad_trust_list",
            WalletError::Image(_) => "bad_image",
            WalletError::IdCard(_) => "bad_id_card_qr",
            WalletError::Sample(_) => "sample_failed",
        }
    }
}
