//! HTTP handlers, one module per area.

pub mod applications;
pub mod meta;
pub mod registration;
pub mod session;
