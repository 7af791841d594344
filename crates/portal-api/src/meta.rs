//! The portal's health: what `GET /v1/health` answers a load balancer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Whether a portal process is ready for traffic, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HealthView {
    /// `ready` or `not_ready`.
    pub status: String,
    /// Ready: the database answered, the submission writer runs, and it is not shutting down.
    pub ready: bool,
    /// The database answered within a second.
    pub database: bool,
    /// The submission writer runs (false only while it is restarted).
    pub writer: bool,
    /// The process is shutting down: it finishes the requests it has and takes no new ones.
    pub draining: bool,
}

impl HealthView {
    /// The view of these three facts.
    pub fn new(database: bool, writer: bool, draining: bool) -> HealthView {
        let ready = database && writer && !draining;
        HealthView {
            status: if ready { "ready" } else { "not_ready" }.to_owned(),
            ready,
            database,
            writer,
            draining,
        }
    }
}
