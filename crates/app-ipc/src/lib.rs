//! # The app's IPC contract
//!
//! The types the Tauri commands (in `src-tauri/`) take and return, and the one error shape they
//! reject with. The UI's TypeScript declarations are generated from these by ts-rs: running
//! this crate's tests writes them to `ui/src/bindings/` (see `.cargo/config.toml`), together
//! with `catalogue.json`, every code the UI must translate. Each type converts from the wallet
//! facade's own; no decision is taken here.

pub mod catalogue;
pub mod error;
pub mod types;

pub use catalogue::catalogue;
pub use error::{FieldProblem, IpcError};
pub use types::*;
