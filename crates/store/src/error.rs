//! The store's errors, each with a stable code.

/// Something the store could not do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The PIN is wrong; `remaining` tries before the wallet locks.
    #[error("wrong PIN ({remaining} tries left before the wallet locks)")]
    WrongPin {
        /// Tries left before lockout.
        remaining: u32,
    },
    /// Too many wrong PINs recently: wait until `until` (Unix seconds).
    #[error("too many wrong PINs: try again after {wait_seconds} seconds")]
    Throttled {
        /// Seconds to wait.
        wait_seconds: u64,
    },
    /// Too many wrong PINs in all: only a restore from backup or a reset helps.
    #[error(
        "the wallet is locked after too many wrong PINs; restore it from a backup or reset it"
    )]
    LockedOut,
    /// A PIN must be exactly six digits.
    #[error("the PIN must be six digits")]
    BadPin,
    /// The keystore has no secret for this wallet (another device or user, or it was reset).
    #[error("this device's keystore does not hold this wallet's key")]
    KeystoreMissing,
    /// No keystore answers: none runs on this device (on Linux: no Secret Service such as
    /// GNOME Keyring or KWallet on the session bus), or the one asked for does not exist here.
    #[error("no keystore is available on this device: {0}")]
    KeystoreUnavailable(String),
    /// The keystore is locked (e.g. the login keyring was not unlocked, or its unlock prompt
    /// was dismissed): unlock it, then try again.
    #[error("the device keystore is locked: {0}")]
    KeystoreLocked(String),
    /// The keystore failed.
    #[error("the device keystore failed: {0}")]
    Keystore(String),
    /// No wallet exists in this home.
    #[error("there is no wallet here yet")]
    NoWallet,
    /// A wallet already exists in this home.
    #[error("a wallet already exists here")]
    AlreadyExists,
    /// The key file or database is damaged or does not belong together.
    #[error("the wallet's files are damaged: {0}")]
    Corrupt(String),
    /// The backup file cannot be used.
    #[error("the backup cannot be used: {0}")]
    Backup(BackupError),
    /// A database error.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("database upgrade failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A file could not be read or written.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// Why a backup file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// Not a backup file (wrong magic bytes).
    #[error("this is not an eID Wallet backup file")]
    NotABackup,
    /// Made by a newer version of the app.
    #[error("this backup was made by a newer version of the app")]
    UnsupportedVersion,
    /// Shorter than its header says.
    #[error("the backup file is incomplete")]
    Truncated,
    /// Wrong passphrase, or the file was altered.
    #[error("wrong recovery passphrase, or the file was altered")]
    WrongPassphraseOrTampered,
    /// The decrypted content is not what a backup holds.
    #[error("the backup's content is damaged")]
    BadContent,
    /// The passphrase is too short.
    #[error("the recovery passphrase must be at least 12 characters")]
    WeakPassphrase,
}

/// Every code a [`StoreError`] can have, backup errors included (the UI's catalogue lists them
/// all, from [`strum::VariantArray::VARIANTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum StoreCode {
    /// [`StoreError::WrongPin`].
    WrongPin,
    /// [`StoreError::Throttled`].
    PinThrottled,
    /// [`StoreError::LockedOut`].
    LockedOut,
    /// [`StoreError::BadPin`].
    BadPinFormat,
    /// [`StoreError::KeystoreMissing`].
    KeystoreMissing,
    /// [`StoreError::KeystoreUnavailable`].
    KeystoreUnavailable,
    /// [`StoreError::KeystoreLocked`].
    KeystoreLocked,
    /// [`StoreError::Keystore`].
    KeystoreFailed,
    /// [`StoreError::NoWallet`].
    NoWallet,
    /// [`StoreError::AlreadyExists`].
    WalletExists,
    /// [`StoreError::Corrupt`].
    Corrupt,
    /// [`StoreError::Db`].
    DbError,
    /// [`StoreError::Migration`].
    DbMigration,
    /// [`StoreError::Io`].
    IoError,
    /// [`BackupError::NotABackup`].
    BackupNotABackup,
    /// [`BackupError::UnsupportedVersion`].
    BackupUnsupportedVersion,
    /// [`BackupError::Truncated`].
    BackupTruncated,
    /// [`BackupError::WrongPassphraseOrTampered`].
    BackupWrongPassphrase,
    /// [`BackupError::BadContent`].
    BackupBadContent,
    /// [`BackupError::WeakPassphrase`].
    BackupWeakPassphrase,
}

impl StoreCode {
    /// The code as text, e.g. `wrong_pin`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl StoreError {
    /// The stable code for the UI and scripts, e.g. `wrong_pin`.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Which code this error has.
    pub fn kind(&self) -> StoreCode {
        match self {
            StoreError::WrongPin { .. } => StoreCode::WrongPin,
            StoreError::Throttled { .. } => StoreCode::PinThrottled,
            StoreError::LockedOut => StoreCode::LockedOut,
            StoreError::BadPin => StoreCode::BadPinFormat,
            StoreError::KeystoreMissing => StoreCode::KeystoreMissing,
            StoreError::KeystoreUnavailable(_) => StoreCode::KeystoreUnavailable,
            StoreError::KeystoreLocked(_) => StoreCode::KeystoreLocked,
            StoreError::Keystore(_) => StoreCode::KeystoreFailed,
            StoreError::NoWallet => StoreCode::NoWallet,
            StoreError::AlreadyExists => StoreCode::WalletExists,
            StoreError::Corrupt(_) => StoreCode::Corrupt,
            StoreError::Backup(b) => b.kind(),
            StoreError::Db(_) => StoreCode::DbError,
            StoreError::Migration(_) => StoreCode::DbMigration,
            StoreError::Io(_) => StoreCode::IoError,
        }
    }
}

impl BackupError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Which code this error has.
    pub fn kind(&self) -> StoreCode {
        match self {
            BackupError::NotABackup => StoreCode::BackupNotABackup,
            BackupError::UnsupportedVersion => StoreCode::BackupUnsupportedVersion,
            BackupError::Truncated => StoreCode::BackupTruncated,
            BackupError::WrongPassphraseOrTampered => StoreCode::BackupWrongPassphrase,
            BackupError::BadContent => StoreCode::BackupBadContent,
            BackupError::WeakPassphrase => StoreCode::BackupWeakPassphrase,
        }
    }
}

impl From<BackupError> for StoreError {
    fn from(e: BackupError) -> Self {
        StoreError::Backup(e)
    }
}
