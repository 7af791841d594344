//! Who may act besides citizens: officers and registered services, provisioned by a JSON
//! configuration file (`--config`), with Argon2id password hashes in PHC form (make one with
//! `eid-portal hash-password`). In `--demo` mode a demo officer and a demo clinic are added.

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use serde::Deserialize;

/// The demo officer's user name and password (only with `--demo`).
pub const DEMO_OFFICER: (&str, &str) = ("officer", "demo-officer-pass");
/// The demo supervisor's user name and password (only with `--demo`).
pub const DEMO_SUPERVISOR: (&str, &str) = ("supervisor", "demo-supervisor-pass");
/// The demo clinic's service id and secret (only with `--demo`).
pub const DEMO_SERVICE: (&str, &str) = ("clinic-demo", "demo-clinic-secret");
/// The demo hotel's service id and secret (only with `--demo`).
pub const DEMO_HOTEL: (&str, &str) = ("hotel-demo", "demo-hotel-secret");

/// What an officer may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerRole {
    /// Casework: level 2, applications, documents.
    #[default]
    Officer,
    /// Casework, and reading the audit log of every officer.
    Supervisor,
}

/// An officer account.
#[derive(Debug, Clone, Deserialize)]
pub struct Officer {
    /// Login name.
    pub username: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// What the officer may do (default `officer`).
    #[serde(default)]
    pub role: OfficerRole,
}

/// A service that may ask citizens for data (scan to share).
#[derive(Debug, Clone, Deserialize)]
pub struct Service {
    /// Stable id, used as the presentation's audience.
    pub id: String,
    /// The name citizens see.
    pub name: String,
    /// Argon2id PHC string of the service's secret.
    pub secret_hash: String,
    /// What it may ask for: document type → the field names it may ask of it. A service asks
    /// only for what it was registered for (none when absent).
    #[serde(default)]
    pub may_ask: std::collections::BTreeMap<String, Vec<String>>,
    /// Seconds the service must keep an answer after it said it was done (a duty of its trade,
    /// say), at most [`MAX_RETENTION_SECONDS`]; default 0: forgotten at once.
    #[serde(default)]
    pub retention_seconds: u64,
}

/// The longest a service may keep an answer: 90 days.
pub const MAX_RETENTION_SECONDS: u64 = 90 * 86_400;

impl Service {
    /// Whether this service may ask for `field` of `doc_type`.
    pub fn may_ask_for(&self, doc_type: &str, field: &str) -> bool {
        self.may_ask
            .get(doc_type)
            .is_some_and(|fields| fields.iter().any(|f| f == field))
    }
}

/// The provisioning file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Officers.
    #[serde(default)]
    pub officers: Vec<Officer>,
    /// Services.
    #[serde(default)]
    pub services: Vec<Service>,
    /// One-time codes the portal may send by SMS per minute, all citizens together: a cap on
    /// what SMS pumping can cost (default [`DEFAULT_SMS_PER_MINUTE`]).
    #[serde(default = "default_sms_per_minute")]
    pub sms_per_minute: u32,
    /// Seconds a level-2 account waits before it moves to a new device that has only the
    /// one-time code (no recovery key, no officer's check), while its current device may cancel
    /// (default [`DEFAULT_MOVE_WAIT_SECONDS`], 72 hours).
    #[serde(default = "default_move_wait_seconds")]
    pub move_wait_seconds: u64,
    /// Seconds to receive a request's head, and most a kept-alive connection may sit idle
    /// (default 10; `crate::serve`).
    #[serde(default)]
    pub header_timeout_seconds: Option<u64>,
    /// Seconds to receive a request's body and answer it (default 30).
    #[serde(default)]
    pub request_timeout_seconds: Option<u64>,
    /// Connections at once (default: the descriptor limit less a reserve).
    #[serde(default)]
    pub max_connections: Option<usize>,
    /// Connections at once from one network address (default 64).
    #[serde(default)]
    pub max_connections_per_address: Option<usize>,
    /// Requests worked on at once; more wait up to `queue_wait_ms`, then get `503 busy`
    /// (default 128; `crate::serve`).
    #[serde(default)]
    pub max_in_flight: Option<usize>,
    /// Milliseconds a request may wait for a place (default 50).
    #[serde(default)]
    pub queue_wait_ms: Option<u64>,
    /// Load balancers in front of the portal, as addresses or networks (`"127.0.0.1"`,
    /// `"10.0.0.0/8"`): from these peers only, the client's address is read from
    /// `X-Forwarded-For` (`crate::proxies`). Default: none.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

impl Config {
    /// The accept loop's limits: the defaults of `crate::serve::ServeLimits`, as configured.
    pub fn serve_limits(&self) -> crate::serve::ServeLimits {
        let d = crate::serve::ServeLimits::default();
        let secs = std::time::Duration::from_secs;
        crate::serve::ServeLimits {
            header_timeout: self.header_timeout_seconds.map_or(d.header_timeout, secs),
            request_timeout: self.request_timeout_seconds.map_or(d.request_timeout, secs),
            max_connections: self.max_connections.unwrap_or(d.max_connections),
            max_per_address: self
                .max_connections_per_address
                .unwrap_or(d.max_per_address),
            max_in_flight: self.max_in_flight.unwrap_or(d.max_in_flight),
            queue_wait: self
                .queue_wait_ms
                .map_or(d.queue_wait, std::time::Duration::from_millis),
        }
    }
}

/// The default of [`Config::move_wait_seconds`]: 72 hours.
pub const DEFAULT_MOVE_WAIT_SECONDS: u64 = 72 * 3600;

fn default_move_wait_seconds() -> u64 {
    DEFAULT_MOVE_WAIT_SECONDS
}

/// The default of [`Config::sms_per_minute`].
pub const DEFAULT_SMS_PER_MINUTE: u32 = 120;

fn default_sms_per_minute() -> u32 {
    DEFAULT_SMS_PER_MINUTE
}

impl Default for Config {
    fn default() -> Self {
        Config {
            officers: Vec::new(),
            services: Vec::new(),
            sms_per_minute: DEFAULT_SMS_PER_MINUTE,
            move_wait_seconds: DEFAULT_MOVE_WAIT_SECONDS,
            header_timeout_seconds: None,
            request_timeout_seconds: None,
            max_connections: None,
            max_connections_per_address: None,
            max_in_flight: None,
            queue_wait_ms: None,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configuration: {0}")]
    Read(#[from] std::io::Error),
    /// Not the expected JSON.
    #[error("the configuration is not valid: {0}")]
    Json(#[from] serde_json::Error),
    /// A hash is not an Argon2id PHC string.
    #[error("the password hash of {0} is not an Argon2id PHC string")]
    BadHash(String),
    /// A service keeps answers longer than allowed.
    #[error("the service {0} keeps answers longer than 90 days")]
    LongRetention(String),
    /// A trusted proxy is not an address or a network.
    #[error("trusted_proxies: {0}")]
    BadProxy(#[from] crate::proxies::BadProxy),
}

/// Hashes a password or secret with Argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    // Hashing with valid default parameters and a fresh salt does not fail.
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing")
        .to_string()
}

/// Whether `password` matches an Argon2 PHC hash (the outputs compared in constant time).
///
/// The check's memory (19 MiB at the default parameters) is a buffer kept per thread and wiped
/// after each use, not allocated per call: with the system allocator, freed buffers of that size
/// were not reused, and each thread's resident memory grew by 19 MiB per check to about 150 MiB
/// (measured). The password-check threads are the gate's few workers (`crate::gate`), so the
/// memory is a fixed 19 MiB per worker.
pub fn password_matches(hash: &str, password: &str) -> bool {
    thread_local! {
        static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(h) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(expected), Some(salt)) = (
        argon2::Algorithm::try_from(h.algorithm),
        argon2::Params::try_from(&h),
        h.hash,
        h.salt,
    ) else {
        return false;
    };
    let version = match h.version.map(argon2::Version::try_from) {
        None => argon2::Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; argon2::password_hash::Salt::MAX_LENGTH];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = zeroize::Zeroizing::new(vec![0u8; expected.len()]);
    let blocks = params.block_count();
    let computed = BLOCKS.with(|cell| {
        let mut memory = cell.borrow_mut();
        memory.resize(blocks, argon2::Block::default());
        let done = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut out,
            &mut memory[..blocks],
        );
        memory
            .iter_mut()
            .for_each(|b| *b = argon2::Block::default());
        done.is_ok()
    });
    computed
        && out.len() == expected.as_bytes().len()
        && out
            .iter()
            .zip(expected.as_bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A hash of nothing anyone knows, checked when a user name is unknown so that a wrong name
/// costs the same time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("no such user"));
    &HASH
}

fn is_argon2id(hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| h.algorithm.as_str() == "argon2id")
}

impl Config {
    /// Reads a configuration file and checks its hashes.
    pub fn load(path: &std::path::Path) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        for o in &config.officers {
            if !is_argon2id(&o.password_hash) {
                return Err(ConfigError::BadHash(o.username.clone()));
            }
        }
        for s in &config.services {
            if !is_argon2id(&s.secret_hash) {
                return Err(ConfigError::BadHash(s.id.clone()));
            }
            if s.retention_seconds > MAX_RETENTION_SECONDS {
                return Err(ConfigError::LongRetention(s.id.clone()));
            }
        }
        config.proxies()?;
        Ok(config)
    }

    /// The trusted proxies (checked by [`Config::load`]).
    pub fn proxies(&self) -> Result<crate::proxies::TrustedProxies, crate::proxies::BadProxy> {
        crate::proxies::TrustedProxies::parse(self.trusted_proxies.iter().map(String::as_str))
    }

    /// Adds the demo officer and supervisor, the demo clinic and the demo hotel.
    pub fn add_demo(&mut self) {
        for ((username, password), role) in [
            (DEMO_OFFICER, OfficerRole::Officer),
            (DEMO_SUPERVISOR, OfficerRole::Supervisor),
        ] {
            self.officers.push(Officer {
                username: username.into(),
                password_hash: hash_password(password),
                role,
            });
        }
        // A clinic asks for the health insurance card, and who the patient is.
        let fields = |t: eid_credential::DocType| {
            t.fields()
                .iter()
                .filter(|f| f.presentable())
                .map(|f| f.name.to_owned())
                .collect()
        };
        self.services.push(Service {
            id: DEMO_SERVICE.0.into(),
            name: "Phòng khám Đa khoa Mẫu (demo clinic)".into(),
            secret_hash: hash_password(DEMO_SERVICE.1),
            may_ask: [
                (
                    "health_insurance".to_owned(),
                    fields(eid_credential::DocType::HealthInsurance),
                ),
                (
                    "citizen_id_card".to_owned(),
                    [
                        "id_number",
                        "full_name",
                        "date_of_birth",
                        "sex",
                        "place_of_residence",
                    ]
                    .map(str::to_owned)
                    .to_vec(),
                ),
            ]
            .into_iter()
            .collect(),
            retention_seconds: 0,
        });
        // A hotel reception checks a guest's identity against the portrait (residence
        // notification on the guest's behalf).
        self.services.push(Service {
            id: DEMO_HOTEL.0.into(),
            name: "Khách sạn Mẫu (demo hotel)".into(),
            secret_hash: hash_password(DEMO_HOTEL.1),
            may_ask: [(
                "citizen_id_card".to_owned(),
                [
                    "id_number",
                    "full_name",
                    "date_of_birth",
                    "counter_portrait",
                ]
                .map(str::to_owned)
                .to_vec(),
            )]
            .into_iter()
            .collect(),
            retention_seconds: 0,
        });
    }

    /// The officer with this user name.
    pub fn officer(&self, username: &str) -> Option<&Officer> {
        self.officers.iter().find(|o| o.username == username)
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_the_right_password() {
        let h = hash_password("correct horse");
        assert!(h.starts_with("$argon2id$"));
        assert!(password_matches(&h, "correct horse"));
        assert!(!password_matches(&h, "correct hors"));
        assert!(!password_matches("not a hash", "correct horse"));
    }

    fn good_again() -> String {
        format!(
            r#"{{"officers":[{{"username":"a","password_hash":"{}"}}]}}"#,
            hash_password("pw")
        )
    }

    #[test]
    fn a_config_with_a_weak_hash_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(
            &path,
            r#"{"officers":[{"username":"a","password_hash":"plaintext"}]}"#,
        )
        .unwrap();
        assert!(matches!(Config::load(&path), Err(ConfigError::BadHash(u)) if u == "a"));
        let good = format!(
            r#"{{"officers":[{{"username":"a","password_hash":"{}"}}]}}"#,
            hash_password("pw")
        );
        std::fs::write(&path, good).unwrap();
        let c = Config::load(&path).unwrap();
        let long = format!(
            r#"{{"services":[{{"id":"s","name":"S","secret_hash":"{}","retention_seconds":7776001}}]}}"#,
            hash_password("pw")
        );
        std::fs::write(&path, long).unwrap();
        assert!(matches!(Config::load(&path), Err(ConfigError::LongRetention(s)) if s == "s"));
        std::fs::write(&path, good_again()).unwrap();
        let c2 = Config::load(&path).unwrap();
        assert_eq!(c2.officers.len(), 1);
        assert!(c.officer("a").is_some());
        assert!(c.officer("b").is_none());
    }
}
