//! The portal in this process (real HTTP on loopback) with a clock the test moves, for tests
//! of expiry and of what the database holds.

use eid_credential::{Signer, SoftwareKey};
use eid_portal_server::config::{hash_password, Config, Service};
use eid_portal_server::keys::PortalKeys;
use eid_portal_server::registry::Registry;
use eid_portal_server::AppState;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The test clock's start.
pub const T0: u64 = 1_795_000_000;

pub struct InProcess {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<AtomicU64>,
    pub rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl InProcess {
    /// Starts the portal with the demo configuration and one more service (`other-service`,
    /// secret `other-secret`, which keeps answers a day after it is done).
    pub fn start() -> InProcess {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let clock = Arc::new(AtomicU64::new(T0));
        let mut config = Config::default();
        config.add_demo();
        config.services.push(Service {
            id: "other-service".into(),
            name: "Another service".into(),
            secret_hash: hash_password("other-secret"),
            may_ask: [("health_insurance".to_owned(), vec!["full_name".to_owned()])]
                .into_iter()
                .collect(),
            // Keeps answers a day after it is done (the desk's retention test).
            retention_seconds: 86_400,
        });
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("p.db").display());
        let pool = rt.block_on(eid_portal_server::db::connect(&url)).unwrap();
        let keys = PortalKeys::load_or_create(&dir.path().join("k.json"), T0).unwrap();
        let c = clock.clone();
        let state = AppState::new(
            pool,
            Arc::new(move || c.load(Ordering::SeqCst)),
            true,
            keys,
            Registry::demo(),
            config,
            "http://127.0.0.1",
        );
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = eid_portal_server::router(state.clone());
        rt.spawn(async move { axum::serve(listener, app).await });
        InProcess {
            base,
            state,
            clock,
            rt,
            _dir: dir,
        }
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A level-1 account with `key`, written straight into the database (registration itself
    /// is covered by the e2e tests); returns its id.
    pub fn account(&self, id_number: &str, key: &SoftwareKey) -> String {
        let id = format!("acct-{id_number}");
        let pool = self.state.pool.clone();
        let (idc, num) = (id.clone(), id_number.to_owned());
        let device = hex::encode(key.public_key().compressed());
        self.rt
            .block_on(async move {
                sqlx::query(
                    "INSERT INTO accounts (id, id_number, phone, full_name, date_of_birth, device_key, level, created_at)
                     VALUES ($1, $2, '0912345678', 'Nguyễn Thị Mẫu', '1985-03-14', $3, 1, 0)",
                )
                .bind(idc)
                .bind(num)
                .bind(device)
                .execute(&pool)
                .await
            })
            .unwrap();
        id
    }

    /// A citizen token for `account_id`, signed in with its device key.
    pub fn login(
        &self,
        http: &reqwest::blocking::Client,
        account_id: &str,
        key: &SoftwareKey,
    ) -> String {
        let (_, ch) = super::call(
            http,
            "POST",
            &self.url("/v1/sessions/challenge"),
            None,
            Some(&serde_json::json!({"account_id": account_id})),
        );
        let challenge = ch["challenge"].as_str().unwrap();
        let sig = key
            .sign(format!("eid-portal login v1:{account_id}:{challenge}").as_bytes())
            .unwrap();
        let body = serde_json::json!({"account_id": account_id, "challenge": challenge, "signature": hex::encode(sig)});
        let (s, t) = super::call(http, "POST", &self.url("/v1/sessions"), None, Some(&body));
        assert_eq!(s, 200, "{t}");
        t["token"].as_str().unwrap().to_owned()
    }
}
