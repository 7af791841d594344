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
    /// Counter mode needs the portal's trust list, and none was synced yet.
    #[error("connect to the portal once to download the trust list")]
    NoTrustList,
    /// A refreshed trust bundle is signed by another root key than the one pinned: it is
    /// refused and the pinned one stays in use.
    #[error("the portal's trust list is signed by another root key than the one pinned")]
    TrustRootChanged,
    /// This device holds a citizen's wallet, so it cannot become a counter station.
    #[error("this device holds a wallet; a counter station needs a device without one")]
    HoldsWallet,
    /// A file could not be written (an export, a backup, the settings).
    #[error("the file cannot be written: {0}")]
    Io(String),
    /// A share request cannot be answered.
    #[error("the request cannot be answered: {0}")]
    Share(String),
    /// The store refused (wrong PIN, throttled, damaged files, bad backup…).
    #[error(transparent)]
    Store(#[from] eid_store::StoreError),
}

/// The codes of the facade's own errors (the store's and the portal client's have theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum WalletCode {
    /// [`WalletError::TrustList`].
    BadTrustList,
    /// [`WalletError::Image`].
    BadImage,
    /// [`WalletError::IdCard`].
    BadIdCardQr,
    /// [`WalletError::Sample`].
    SampleFailed,
    /// [`WalletError::Locked`].
    Locked,
    /// [`WalletError::NotFound`].
    NotFound,
    /// [`WalletError::BadDocument`].
    BadDocument,
    /// [`WalletError::NeedsRebinding`].
    NeedsRebinding,
    /// [`WalletError::Present`] and [`WalletError::QrRender`].
    PresentFailed,
    /// [`WalletError::NotRegistered`].
    NotRegistered,
    /// [`WalletError::InvalidFields`].
    InvalidFields,
    /// [`WalletError::MoveCancelled`].
    MoveCancelled,
    /// [`WalletError::Share`].
    BadShareRequest,
    /// [`WalletError::NoTrustList`].
    NoTrustList,
    /// [`WalletError::Io`].
    IoError,
    /// [`WalletError::TrustRootChanged`].
    TrustRootChanged,
    /// [`WalletError::HoldsWallet`].
    HoldsWallet,
}

impl WalletError {
    /// The stable code, e.g. `bad_trust_list`.
    pub fn code(&self) -> &'static str {
        let own = match self {
            WalletError::Portal(e) => return e.code(),
            WalletError::Store(e) => return e.code(),
            WalletError::TrustList(_) => WalletCode::BadTrustList,
            WalletError::Image(_) => WalletCode::BadImage,
            WalletError::IdCard(_) => WalletCode::BadIdCardQr,
            WalletError::Sample(_) => WalletCode::SampleFailed,
            WalletError::Locked => WalletCode::Locked,
            WalletError::NotFound(_) => WalletCode::NotFound,
            WalletError::BadDocument(_) => WalletCode::BadDocument,
            WalletError::NeedsRebinding => WalletCode::NeedsRebinding,
            WalletError::Present(_) | WalletError::QrRender(_) => WalletCode::PresentFailed,
            WalletError::NotRegistered => WalletCode::NotRegistered,
            WalletError::InvalidFields(_) => WalletCode::InvalidFields,
            WalletError::MoveCancelled => WalletCode::MoveCancelled,
            WalletError::Share(_) => WalletCode::BadShareRequest,
            WalletError::NoTrustList => WalletCode::NoTrustList,
            WalletError::Io(_) => WalletCode::IoError,
            WalletError::TrustRootChanged => WalletCode::TrustRootChanged,
            WalletError::HoldsWallet => WalletCode::HoldsWallet,
        };
        own.into()
    }

    /// Every code a [`WalletError`] can have: the facade's own ([`WalletCode`]), the store's
    /// and the portal client's (with the portal's API codes), each once. The UI's catalogue is
    /// made from this.
    pub fn all_codes() -> Vec<&'static str> {
        use strum::VariantArray;
        let mut all: Vec<&'static str> = WalletCode::VARIANTS.iter().map(|c| c.into()).collect();
        all.extend(
            eid_store::error::StoreCode::VARIANTS
                .iter()
                .map(|c| c.as_str()),
        );
        all.extend(eid_portal_client::ClientError::all_codes());
        let mut seen = std::collections::BTreeSet::new();
        all.retain(|c| seen.insert(*c));
        all
    }

    /// Seconds to wait before trying again (`pin_throttled`).
    pub fn wait_seconds(&self) -> Option<u64> {
        match self {
            WalletError::Store(eid_store::StoreError::Throttled { wait_seconds }) => {
                Some(*wait_seconds)
            }
            _ => None,
        }
    }

    /// PIN tries left before the wallet throttles (`wrong_pin`).
    pub fn remaining(&self) -> Option<u32> {
        match self {
            WalletError::Store(eid_store::StoreError::WrongPin { remaining }) => Some(*remaining),
            _ => None,
        }
    }

    /// The fields to fix (`invalid_fields`, and the portal's refusals of a form or a
    /// registration); empty for other errors.
    pub fn fields(&self) -> &[eid_portal_api::FieldError] {
        match self {
            WalletError::InvalidFields(fields) => fields,
            WalletError::Portal(eid_portal_client::ClientError::Api { fields, .. }) => fields,
            _ => &[],
        }
    }
}
