//! The Linux kernel keyring for tests: a test binary (a plain `main`, `harness = false`) runs its
//! body in a fresh session keyring of its own, so every process it starts shares that keyring and
//! nothing is left in the caller's.

/// Set in the re-run process, so it knows it is inside the session.
const MARKER: &str = "EID_IN_KEYCTL_SESSION";

/// Runs `body` inside `keyctl session -`: the first call re-runs this test binary there (with
/// `EID_KEYSTORE=keyutils`, so the wallet's platform keystore is the kernel keyring) and fails
/// the test when the re-run fails; inside the session it runs `body`.
pub fn in_session(what: &str, body: impl FnOnce()) {
    if std::env::var_os(MARKER).is_some() {
        body();
        return;
    }
    let status = std::process::Command::new("keyctl")
        .args(["session", "-"])
        .arg(std::env::current_exe().unwrap())
        .env(MARKER, "1")
        .env("EID_KEYSTORE", "keyutils")
        .status()
        .expect("`keyctl` runs (Debian package keyutils, installed by scripts/setup.sh)");
    assert!(
        status.success(),
        "{what} failed inside `keyctl session`: {status}"
    );
}
