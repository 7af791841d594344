//! Creating, unlocking, re-keying and wiping a wallet's home folder.
//!
//! The database key is 32 random bytes. It is stored only sealed (AES-256-GCM) under
//! `Argon2id(PIN, salt, secret = keystore secret)`, in the key file. So a copied database and
//! key file without the keystore open nothing, and the keystore without the PIN opens nothing.
//! Changing the PIN re-seals the same database key: the database is not re-encrypted.

use crate::db::{self, Db, DB_FILE};
use crate::error::StoreError;
use crate::kdf::{self, KdfParams};
use crate::keyfile::{KeyFile, FORMAT};
use crate::keystore::Keystore;
use crate::seal;
use crate::throttle::Throttle;
use rand_core::{CryptoRng, RngCore};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The key file's name inside the wallet's home.
pub const KEY_FILE: &str = "wallet.key";

/// What a correct PIN unlocks.
struct Unwrapped {
    kf: KeyFile,
    db_key: Zeroizing<[u8; 32]>,
    secret: Zeroizing<Vec<u8>>,
}

/// A wallet's home folder and the keystore that holds its secret.
pub struct Vault<'k> {
    home: PathBuf,
    keystore: &'k dyn Keystore,
    /// Argon2id parameters for new key files (existing files keep theirs).
    pub kdf: KdfParams,
}

fn check_pin(pin: &str) -> Result<(), StoreError> {
    if pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(StoreError::BadPin)
    }
}

fn aad(entry: &str) -> Vec<u8> {
    [b"eid-wallet db key v1:".as_slice(), entry.as_bytes()].concat()
}

impl<'k> Vault<'k> {
    /// A vault in `home` (created when needed) using `keystore`.
    pub fn new(home: &Path, keystore: &'k dyn Keystore) -> Vault<'k> {
        Vault {
            home: home.to_owned(),
            keystore,
            kdf: KdfParams::PIN,
        }
    }

    /// The database file.
    pub fn db_path(&self) -> PathBuf {
        self.home.join(DB_FILE)
    }

    fn key_path(&self) -> PathBuf {
        self.home.join(KEY_FILE)
    }

    /// Whether a wallet exists here.
    pub fn exists(&self) -> bool {
        self.key_path().exists()
    }

    /// Creates a new wallet protected by `pin` and returns its open database.
    pub fn create(
        &self,
        pin: &str,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Db, StoreError> {
        check_pin(pin)?;
        if self.exists() || self.db_path().exists() {
            return Err(StoreError::AlreadyExists);
        }
        std::fs::create_dir_all(&self.home)?;
        let mut id = [0u8; 8];
        rng.fill_bytes(&mut id);
        let entry = format!("wallet-{}", hex::encode(id));
        let mut secret = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(secret.as_mut());
        let mut db_key = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(db_key.as_mut());
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let kek = kdf::derive(pin.as_bytes(), &salt, Some(secret.as_ref()), self.kdf)
            .ok_or_else(|| StoreError::Corrupt("KDF parameters".into()))?;
        self.keystore.set(&entry, secret.as_ref())?;
        let kf = KeyFile {
            format: FORMAT,
            wrapped_db_key: hex::encode(seal::seal(&kek, &aad(&entry), db_key.as_ref(), rng)),
            keystore_entry: entry,
            kdf: self.kdf,
            salt: hex::encode(salt),
            throttle: Throttle::default(),
        };
        let db = Db::create(&self.db_path(), &db_key)?;
        kf.write(&self.key_path())?;
        Ok(db)
    }

    /// Unwraps the database key with `pin` at `now`, applying and updating the throttle.
    /// Returns the key file, the database key and the keystore secret it was unwrapped with.
    fn unwrap_key(&self, pin: &str, now: u64) -> Result<Unwrapped, StoreError> {
        let mut kf = KeyFile::read(&self.key_path())?;
        kf.throttle.check(now)?;
        check_pin(pin)?;
        let secret = Zeroizing::new(
            self.keystore
                .get(&kf.keystore_entry)?
                .ok_or(StoreError::KeystoreMissing)?,
        );
        let kek = kdf::derive(pin.as_bytes(), &kf.salt_bytes()?, Some(&secret), kf.kdf)
            .ok_or_else(|| StoreError::Corrupt("KDF parameters".into()))?;
        match seal::open(&kek, &aad(&kf.keystore_entry), &kf.wrapped_bytes()?) {
            Some(key) if key.len() == 32 => {
                let key = Zeroizing::new(key);
                let mut db_key = Zeroizing::new([0u8; 32]);
                db_key.copy_from_slice(&key);
                if kf.throttle != Throttle::default() {
                    kf.throttle = Throttle::default();
                    kf.write(&self.key_path())?;
                }
                Ok(Unwrapped { kf, db_key, secret })
            }
            _ => {
                let err = kf.throttle.fail(now);
                kf.write(&self.key_path())?;
                Err(err)
            }
        }
    }

    /// Opens the wallet with `pin` at `now`. Wrong PINs are counted and throttled, across
    /// restarts (the count lives in the key file).
    pub fn unlock(&self, pin: &str, now: u64) -> Result<Db, StoreError> {
        let u = self.unwrap_key(pin, now)?;
        Db::open(&self.db_path(), &u.db_key)
    }

    /// Checks `pin` at `now` as [`Vault::unlock`] does (throttled, counted) without opening the
    /// database: for confirming a sensitive action in an already unlocked wallet.
    pub fn verify_pin(&self, pin: &str, now: u64) -> Result<(), StoreError> {
        self.unwrap_key(pin, now).map(|_| ())
    }

    /// Replaces the PIN: the same database key, sealed again under the new PIN with a new salt.
    pub fn change_pin(
        &self,
        old: &str,
        new: &str,
        now: u64,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(), StoreError> {
        check_pin(new)?;
        let Unwrapped {
            mut kf,
            db_key,
            secret,
        } = self.unwrap_key(old, now)?;
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let kek = kdf::derive(new.as_bytes(), &salt, Some(&secret), kf.kdf)
            .ok_or_else(|| StoreError::Corrupt("KDF parameters".into()))?;
        kf.salt = hex::encode(salt);
        kf.wrapped_db_key = hex::encode(seal::seal(
            &kek,
            &aad(&kf.keystore_entry),
            db_key.as_ref(),
            rng,
        ));
        kf.write(&self.key_path())
    }

    /// Whether wiping this wallet must first be confirmed with its PIN: yes while the wallet can
    /// still be opened here. No when there is nothing to open (no key file), when too many wrong
    /// PINs locked it for good, or when the keystore no longer holds its secret (a kernel
    /// keyring after a reboot): then only a wipe and a restore help, and no PIN can be checked.
    /// A keystore that does not answer is an error: whether it still holds the secret is unknown.
    pub fn reset_needs_pin(&self, now: u64) -> Result<bool, StoreError> {
        let kf = match KeyFile::read(&self.key_path()) {
            Ok(kf) => kf,
            Err(StoreError::NoWallet | StoreError::Corrupt(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        if let Err(StoreError::LockedOut) = kf.throttle.check(now) {
            return Ok(false);
        }
        Ok(self.keystore.get(&kf.keystore_entry)?.is_some())
    }

    /// Wipes the wallet: the database and its side files, the key file, and the keystore entry.
    /// (The facade asks for the PIN first, see [`Vault::reset_needs_pin`].)
    pub fn reset(&self) -> Result<(), StoreError> {
        if let Ok(kf) = KeyFile::read(&self.key_path()) {
            self.keystore.delete(&kf.keystore_entry)?;
        }
        for f in db::files_of(&self.db_path())
            .iter()
            .chain([&self.key_path()])
        {
            match std::fs::remove_file(f) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}
