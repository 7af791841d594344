//! Account levels of the national scheme.

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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_numbered() {
        assert_eq!(AccountLevel::from_number(2), Some(AccountLevel::Level2));
        assert_eq!(AccountLevel::from_number(3), None);
        assert_eq!(AccountLevel::Level1.number(), 1);
    }
}
