//! What the wallet's tests share: forms to apply with.

use eid_portal_api::forms::{Address, ApplicationForm};

/// A temporary-absence form with `reason` (empty to make it invalid).
pub fn absence(reason: &str) -> ApplicationForm {
    let place = Address {
        line: "12 Hang Bac".into(),
        ward: "Hang Bac".into(),
        district: "Hoan Kiem".into(),
        province: "Ha Noi".into(),
    };
    ApplicationForm::TemporaryAbsence {
        from: "2026-12-01".into(),
        until: "2026-12-20".into(),
        destination: place,
        reason: reason.into(),
    }
}
