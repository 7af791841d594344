//! The app's state: one wallet (with its counter and settings), one counter station (for a
//! device set up to check documents, with no wallet), one portal client, and where files go.
//! Commands run on a blocking thread (the portal client and the store block), one at a time
//! over the wallet and the station.

use eid_app_ipc::{AppStatus, IpcError};
use eid_wallet::{CounterStation, PortalClient, Wallet, WalletError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Seconds one call to the portal may take from the app: short, so a dead network shows as
/// "offline" quickly instead of a frozen screen.
pub const PORTAL_TIMEOUT: Duration = Duration::from_secs(6);

/// Where the app keeps and writes files.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The wallet's folder (encrypted database, key file, settings).
    pub home: PathBuf,
    /// Where exports and backups are written for the citizen to take.
    pub exports: PathBuf,
}

/// Everything a command works on.
pub struct Core {
    /// The citizen's wallet.
    pub wallet: Wallet,
    /// The counter station (its own folder; no wallet, no PIN).
    pub station: CounterStation,
    /// The portal client (holds the session token).
    pub client: PortalClient,
    /// The files.
    pub paths: Paths,
}

/// The state Tauri manages.
pub struct AppState {
    core: Arc<Mutex<Core>>,
    /// A portal client with no session, for public downloads made outside the core's lock (a
    /// counter station's trust refresh must not hold up its checks while the network is slow).
    public: Arc<PortalClient>,
    /// The portal's address.
    pub portal_url: String,
}

impl AppState {
    /// The state for a wallet, a counter station, a portal address and the files' places.
    pub fn new(
        wallet: Wallet,
        station: CounterStation,
        portal_url: &str,
        paths: Paths,
    ) -> Result<Self, IpcError> {
        let client = || {
            PortalClient::new(portal_url, PORTAL_TIMEOUT)
                .map_err(|e| IpcError::app("internal_error", e.to_string()))
        };
        let public = Arc::new(client()?);
        let client = client()?;
        Ok(AppState {
            public,
            core: Arc::new(Mutex::new(Core {
                wallet,
                station,
                client,
                paths,
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

    /// Runs `f` with the session-less portal client on a blocking thread, without taking the
    /// core's lock, so other commands go on meanwhile.
    pub async fn download<T, F>(&self, f: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&PortalClient) -> Result<T, IpcError> + Send + 'static,
    {
        let public = Arc::clone(&self.public);
        blocking(move || f(&public)).await
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
        self.wallet.lock_session(&mut self.client);
    }

    /// The app's status: the wallet's, what the device is for, and the portal's address.
    pub fn status(&mut self, portal_url: &str) -> Result<AppStatus, IpcError> {
        let wallet = self.wallet.status()?;
        let role = self.station.role(wallet.exists);
        Ok(AppStatus::new(wallet, role, portal_url))
    }

    /// An account step: one facade call, answered with the app's status afterwards (so the UI
    /// needs no second call to learn where the wallet now stands).
    pub fn step<T>(
        &mut self,
        portal_url: &str,
        call: impl FnOnce(&mut Wallet, &mut PortalClient) -> Result<T, WalletError>,
    ) -> Result<AppStatus, IpcError> {
        call(&mut self.wallet, &mut self.client)?;
        self.status(portal_url)
    }
}
