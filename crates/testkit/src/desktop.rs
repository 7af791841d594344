//! A desktop session for tests: `dbus-daemon` (Debian `dbus-daemon`) on a socket in a folder of
//! the test's, with `gnome-keyring-daemon` (Debian `gnome-keyring`) serving the Secret Service on
//! it and keeping its keyrings in that folder.
//!
//! The bus has no service activation, so nothing else answers for the Secret Service: a session
//! started without the keyring daemon has none, and a keyring started without its password stays
//! locked (its unlock prompt cannot be shown, so it is dismissed). Both processes belong to the
//! session and are ended by [`DesktopSession::stop`] (or when it is dropped), by their PIDs and
//! as abruptly as a power cut (SIGKILL): what the keyring keeps must already be on disk.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The password the test keyring is unlocked with.
pub const KEYRING_PASSWORD: &str = "test keyring password";

/// How the session's keyring starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyring {
    /// Unlocked with [`KEYRING_PASSWORD`], as a desktop login unlocks it.
    Unlocked,
    /// Started without its password: the login keyring stays locked.
    Locked,
    /// No keyring daemon at all: nothing serves the Secret Service.
    Absent,
}

/// A running desktop session.
pub struct DesktopSession {
    dir: PathBuf,
    bus: Option<Child>,
    keyring: Option<Child>,
    address: String,
}

/// The bus's configuration (shared with the e2e suite's harness), for a socket at `socket`.
fn bus_config(socket: &Path) -> String {
    include_str!("../session-bus.conf").replace("@SOCKET@", &socket.display().to_string())
}

impl DesktopSession {
    /// Starts a session whose keyrings live in `dir` (created when needed; reuse the folder to
    /// "reboot" into the same keyrings).
    pub fn start(dir: &Path, keyring: Keyring) -> DesktopSession {
        let run = dir.join("run");
        std::fs::create_dir_all(&run).unwrap();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let socket = run.join("bus");
        let _ = std::fs::remove_file(&socket);
        let config = dir.join("bus.conf");
        std::fs::write(&config, bus_config(&socket)).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (Debian package dbus-daemon, installed by scripts/setup.sh)");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        let mut session = DesktopSession {
            dir: dir.to_owned(),
            bus: Some(bus),
            keyring: None,
            address,
        };
        if keyring != Keyring::Absent {
            session.start_keyring(keyring == Keyring::Unlocked);
        }
        session
    }

    fn start_keyring(&mut self, unlock: bool) {
        let mut cmd = Command::new("gnome-keyring-daemon");
        cmd.args(["--foreground", "--components=secrets"]);
        if unlock {
            cmd.arg("--unlock");
        }
        let mut child = cmd
            .envs(self.env())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs (Debian package gnome-keyring, installed by scripts/setup.sh)");
        let mut stdin = child.stdin.take().unwrap();
        if unlock {
            stdin.write_all(KEYRING_PASSWORD.as_bytes()).unwrap();
        }
        drop(stdin);
        self.keyring = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.secret_service_on_bus() {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not take org.freedesktop.secrets on the bus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn secret_service_on_bus(&self) -> bool {
        let out = Command::new("dbus-send")
            .args([
                &format!("--bus={}", self.address),
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .expect("dbus-send runs (Debian package dbus-bin)");
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// The environment a process of this session needs: the bus address, and the folders the
    /// keyring daemon keeps its files in.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.address.clone()),
            ("XDG_DATA_HOME", self.dir.join("data").display().to_string()),
            (
                "XDG_RUNTIME_DIR",
                self.dir.join("run").display().to_string(),
            ),
        ]
    }

    /// The folder the keyring daemon keeps its keyrings in.
    pub fn keyrings(&self) -> PathBuf {
        self.dir.join("data").join("keyrings")
    }

    /// Ends the session: the keyring daemon, then the bus (a shutdown).
    pub fn stop(mut self) {
        self.end();
    }

    fn end(&mut self) {
        for child in [self.keyring.take(), self.bus.take()].into_iter().flatten() {
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for DesktopSession {
    fn drop(&mut self) {
        self.end();
    }
}
