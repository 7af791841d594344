//! The facade's errors, each with a stable code for the UI and scripts.

/// Something the wallet could not do.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// The trust list file is unreadable or not signed by the trusted root.
    #[error("the trust list cannot be used: {0}")]
    TrustList(#[from] eid_credential::Rejection),
    /// An image or camera frame could not be scanned.
    #[error("the image cannot be read: {0}")]
    Image(#[from] eid_qr::scan::ScanError),
    /// The printed ID-card QR is not valid.
    #[error("{0}")]
    IdCard(String),
    /// Making the sample failed.
    #[error("the sample could not be made: {0}")]
    Sample(String),
    /// The wallet is locked (or locked itself after sitting idle): unlock it with the PIN.
    #[error("the wallet is locked; unlock it with your PIN")]
    Locked,
    /// Something asked for does not exist.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// A document's bytes are not a valid issued document (or not for this device).
    #[error("the document cannot be used: {0}")]
    BadDocument(String),
    /// Restored on a new device: the portal must re-issue it before it can be shown.
    #[error("this document was restored from a backup and must be renewed before it can be shown")]
    NeedsRebinding,
    /// A presentation could not be made.
    #[error("the presentation could not be made: {0}")]
    Present(#[from] eid_credential::PresentError),
    /// The presentation does not fit in a QR code (too many fields chosen).
    #[error("the QR code cannot be drawn: {0}")]
    QrRender(String),
    /// The wallet is not registered with the portal yet.
    #[error("register with the portal first")]
    NotRegistered,
    /// A form has invalid fields (the same rules as the portal's).
    #[error("some fields need fixing")]
    InvalidFields(Vec<eid_portal_api::FieldError>),
    /// The portal could not be reached or refused.
    #[error(transparent)]
    Portal(#[from] eid_portal_client::ClientError),
    /// The move of the account to this device was cancelled (from the account's current device)
    /// or refused by an officer.
    #[error("the move of your account to this device was cancelled or refused")]
    MoveCancelled,
    /// A share request cannot be answered.
    #[error("the request cannot be answered: {0}")]
    Share(String),
    /// The store refused (wrong PIN, throttled, damaged files, bad backup…).
    #[error(transparent)]
    Store(#[from] eid_store::StoreError),
}

impl WalletError {
    /// The stable code, e.g. `bad_trust_list`.
    pub fn code(&self) -> &'static str {
        match self {
            WalletError::TrustList(_) => "bad_trust_list",
            WalletError::Image(_) => "bad_image",
            WalletError::IdCard(_) => "bad_id_card_qr",
            WalletError::Sample(_) => "sample_failed",
            WalletError::Locked => "locked",
            WalletError::NotFound(_) => "not_found",
            WalletError::BadDocument(_) => "bad_document",
            WalletError::NeedsRebinding => "needs_rebinding",
            WalletError::Present(_) | WalletError::QrRender(_) => "present_failed",
            WalletError::NotRegistered => "not_registered",
            WalletError::InvalidFields(_) => "invalid_fields",
            WalletError::Portal(e) => e.code(),
            WalletError::MoveCancelled => "move_cancelled",
            WalletError::Share(_) => "bad_share_request",
            WalletError::Store(e) => e.code(),
        }
    }
}
