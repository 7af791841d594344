//! Account levels of the national scheme.

use crate::schema::DocType;
use serde::{Deserialize, Serialize};

/// How far a citizen's identity has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccountLevel {
    /// Self-registered online with ID number, phone and a one-time code: basic services such as
    /// residence declarations.
    Level1,
    /// Identity checked in person by an officer: integrated documents and the services that
    /// need them.
    Level2,
}

impl AccountLevel {
    /// The level as its number, 1 or 2.
    pub fn number(self) -> u8 {
        match self {
            AccountLevel::Level1 => 1,
            AccountLevel::Level2 => 2,
        }
    }

    /// The level from its number.
    pub fn from_number(n: u8) -> Option<Self> {
        match n {
            1 => Some(AccountLevel::Level1),
            2 => Some(AccountLevel::Level2),
            _ => None,
        }
    }

    /// Whether an account at this level may hold documents of `doc_type`.
    pub fn may_hold(self, doc_type: DocType) -> bool {
        self >= doc_type.required_level()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_one_holds_no_integrated_document() {
        for t in DocType::INTEGRATED {
            assert!(!AccountLevel::Level1.may_hold(t), "{t:?}");
            assert!(AccountLevel::Level2.may_hold(t), "{t:?}");
        }
        assert!(AccountLevel::Level1.may_hold(DocType::ResidenceConfirmation));
        assert!(!AccountLevel::Level1.may_hold(DocType::CriminalRecordCertificate));
        assert_eq!(AccountLevel::from_number(2), Some(AccountLevel::Level2));
        assert_eq!(AccountLevel::from_number(3), None);
        assert_eq!(AccountLevel::Level1.number(), 1);
    }
}
