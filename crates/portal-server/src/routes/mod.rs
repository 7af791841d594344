//! HTTP handlers, one file per area.

pub mod applications;
pub mod documents;
pub mod feed;
pub mod lost_phone;
pub mod meta;
pub mod moves;
pub mod officer;
pub mod printed_cards;
pub mod registration;
pub mod session;
pub mod share;
pub mod trust;
