//! Test support shared by the workspace's tests.
//!
//! - [`desktop::DesktopSession`]: a private D-Bus session bus with GNOME Keyring's Secret
//!   Service on it, keeping its keyring files in a folder of the test's, so a test can stop both
//!   (the reboot) and start them again on the same folder, as a desktop login does.

//! - [`keyctl::in_session`]: a test body run inside a kernel session keyring of its own.
//! - [`qr_readers`]: zbar and zxing-cpp, the independent readers of rendered QR images.

pub mod desktop;
pub mod keyctl;
pub mod qr_readers;
