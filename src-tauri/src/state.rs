//! The app's state: one wallet, one portal client, one counter, the settings, and where files
//! go. Commands run on a blocking thread (the portal client and the store block), one at a
//! time over the wallet.

use eid_app_ipc::{IpcError, Settings};
use eid_portal_client::PortalClient;
use eid_wallet::{Clock, Counter, Wallet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Seconds one call to the portal may take from the app: short, so a dead network shows as
/// "offline" quickly instead of a frozen screen.
pub const PORTAL_TIMEOUT: Duration = Duration::from_secs(6);

/// Where the app keeps and writes files.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The wallet's home (encrypted database, key file).
    pub home: PathBuf,
    /// The settings file (nothing personal).
    pub settings: PathBuf,
    /// Where exports and backups are written for the citizen to take.
    pub exports: PathBuf,
}

/// Everything a command works on.
pub struct Core {
    /// The citizen's wallet.
    pub wallet: Wallet,
    /// The portal client (holds the session token).
    pub client: PortalClient,
    /// The counter, built from the trust bundle it was made with (rebuilt when that changes,
    /// so its replay memory lasts as long as the trust does).
    pub counter: Option<(Vec<u8>, Counter)>,
    /// The current settings.
    pub settings: Settings,
    /// The files.
    pub paths: Paths,
    /// The clock.
    pub clock: Arc<dyn Clock>,
}

/// The state Tauri manages.
pub struct AppState {
    core: Arc<Mutex<Core>>,
    /// The portal's address.
    pub portal_url: String,
}

impl AppState {
    /// The state for a wallet, a portal address and the files' places.
    pub fn new(
        mut wallet: Wallet,
        portal_url: &str,
        paths: Paths,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IpcError> {
        let client = PortalClient::new(portal_url, PORTAL_TIMEOUT)
            .map_err(|e| IpcError::app("internal_error", e.to_string()))?;
        let settings = std::fs::read_to_string(&paths.settings)
            .map(|t| Settings::from_json(&t))
            .unwrap_or_default();
        wallet.idle_timeout = u64::from(settings.auto_lock_seconds);
        Ok(AppState {
            core: Arc::new(Mutex::new(Core {
                wallet,
                client,
                counter: None,
                settings,
                paths,
                clock,
            })),
            portal_url: portal_url.to_owned(),
        })
    }

    /// Runs `f` over the core on a blocking thread and gives back its result.
    pub async fn call<T, F>(&self, f: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Core) -> Result<T, IpcError> + Send + 'static,
    {
        let core = Arc::clone(&self.core);
        blocking(move || {
            let mut guard = core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
    }

    /// Locks the wallet (the app went to the background or is closing). Called from the event
    /// loop, so it never waits there: a command still running finishes first, then the lock
    /// happens on a helper thread.
    pub fn lock_soon(&self) {
        let core = Arc::clone(&self.core);
        std::thread::spawn(move || {
            let mut core = core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            core.lock();
        });
    }
}

/// Runs `f` on a blocking thread (the store, the scanner and the portal client block), so the
/// async runtime and the UI never wait on it.
pub async fn blocking<T, F>(f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, IpcError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::app("internal_error", e.to_string()))?
}

impl Core {
    /// Locks the wallet and forgets the portal session (a new one is signed with the device
    /// key after the next unlock).
    pub fn lock(&mut self) {
        self.wallet.lock();
        self.client.set_token(None);
    }

    /// The counter for the portal's trust bundle as last synced, made again only when the
    /// bundle changed (so the replay memory survives between scans).
    pub fn counter(&mut self) -> Result<&mut Counter, IpcError> {
        let bundle = self.wallet.trust_bundle()?.ok_or_else(|| {
            IpcError::app(
                "no_trust_list",
                "connect to the portal once to download the trust list",
            )
        })?;
        let bytes = bundle.to_bytes();
        let stale = self.counter.as_ref().is_none_or(|(b, _)| *b != bytes);
        if stale {
            let counter = Counter::from_bundle(&bytes, Some(&bundle.root.key_id()))?;
            self.counter = Some((bytes, counter));
        }
        let (_, counter) = self.counter.as_mut().expect("set just above");
        Ok(counter)
    }
}
