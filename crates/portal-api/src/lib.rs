//! The portal's wire types, shared by the server (`eid-portal`) and the wallet's client: every
//! request and response body, the stable error codes, the application forms with their
//! validation (the same rules run in the app, offline, and on the server), and the OpenAPI
//! document generated from these types (`docs/api/openapi.json`).
//!
//! Conventions: JSON, `snake_case` fields, dates `YYYY-MM-DD`, times in Unix seconds, binary
//! values (keys, signatures, documents) in lower-case hex.

pub mod account;
pub mod applications;
pub mod constraints;
pub mod documents;
pub mod error;
pub mod forms;
pub mod meta;
pub mod openapi;
pub mod paths;
pub mod revocation;
pub mod share;

pub use error::{ErrorBody, ErrorCode, FieldCode, FieldError};
