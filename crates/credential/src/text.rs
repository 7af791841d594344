//! The rule every text value of a document obeys, also applied at the portal's door to every
//! free-text field that may end up in a document or beside one (names, addresses, reasons,
//! purposes), so nothing accepted can fail later when a document is made from it:
//!
//! - Unicode NFC (precomposed: "ễ" is one character, as Vietnamese keyboards type it), so that the
//!   same name is the same bytes everywhere it is compared or signed;
//! - 1 to the field's number of characters (200 for document fields);
//! - no white space at either end;
//! - no control character (Unicode `Cc`: NUL, newlines, tabs, escape…), except line feeds where
//!   a field allows several lines (an officer's reason);
//! - no bidirectional formatting character (U+061C, U+200E, U+200F, U+202A–U+202E,
//!   U+2066–U+2069), which can make a text display as something else than it is.
//!
//! [`normalize`] is what a client does before sending: NFC and trimmed.

use unicode_normalization::{is_nfc, UnicodeNormalization};

/// Most characters of a document's text field.
pub const MAX_TEXT_CHARS: usize = 200;

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    /// Empty, or only white space.
    #[error("must not be empty")]
    Empty,
    /// More characters than the field allows.
    #[error("has too many characters")]
    TooLong,
    /// White space at the start or the end.
    #[error("must not start or end with white space")]
    OuterSpace,
    /// Not in Unicode NFC.
    #[error("must be in Unicode NFC (precomposed) form")]
    NotNfc,
    /// A control character (a line break where none is allowed).
    #[error("must not contain control characters or line breaks")]
    Control,
    /// A bidirectional formatting character.
    #[error("must not contain bidirectional formatting characters")]
    Bidi,
}

/// Whether `c` is a bidirectional formatting character (it reorders how text displays).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Checks `t` against the rule, with at most `max_chars` characters; `multiline` allows line
/// feeds (U+000A) inside.
pub fn check(t: &str, max_chars: usize, multiline: bool) -> Result<(), TextProblem> {
    if t.trim().is_empty() {
        return Err(TextProblem::Empty);
    }
    if t.chars().count() > max_chars {
        return Err(TextProblem::TooLong);
    }
    if t.chars()
        .any(|c| c.is_control() && !(multiline && c == '\n'))
    {
        return Err(TextProblem::Control);
    }
    if t.chars().any(is_bidi_control) {
        return Err(TextProblem::Bidi);
    }
    if t.trim() != t {
        return Err(TextProblem::OuterSpace);
    }
    if !is_nfc(t) {
        return Err(TextProblem::NotNfc);
    }
    Ok(())
}

/// `t` as a client should send it: NFC and trimmed (the rest of the rule it must meet itself).
pub fn normalize(t: &str) -> String {
    t.nfc().collect::<String>().trim().to_owned()
}

/// `t` as the registry comparison sees it: NFC, lower case, white space runs as one space,
/// trimmed; so "NGUYỄN  THỊ MẪU" typed in decomposed Unicode equals "Nguyễn Thị Mẫu".
pub fn fold(t: &str) -> String {
    let nfc: String = t.nfc().collect();
    nfc.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_refuses_each_problem_and_accepts_a_vietnamese_name() {
        assert_eq!(check("Nguyễn Thị Mẫu", 200, false), Ok(()));
        assert_eq!(check("", 200, false), Err(TextProblem::Empty));
        assert_eq!(check("  ", 200, false), Err(TextProblem::Empty));
        assert_eq!(check("abc", 2, false), Err(TextProblem::TooLong));
        assert_eq!(check(" abc", 200, false), Err(TextProblem::OuterSpace));
        for bad in ["a\u{7}b", "a\0b", "a\nb", "a\tb", "a\u{9b}b"] {
            assert_eq!(check(bad, 200, false), Err(TextProblem::Control), "{bad:?}");
        }
        assert_eq!(check("a\nb", 200, true), Ok(()));
        assert_eq!(check("a\rb", 200, true), Err(TextProblem::Control));
        for bad in ["abc\u{202e}def", "a\u{2066}b", "a\u{200f}b"] {
            assert_eq!(check(bad, 200, false), Err(TextProblem::Bidi), "{bad:?}");
        }
        let decomposed = "Nguye\u{302}\u{303}n";
        assert_eq!(check(decomposed, 200, false), Err(TextProblem::NotNfc));
        assert_eq!(check(&normalize(decomposed), 200, false), Ok(()));
        assert_eq!(normalize(decomposed), "Nguyễn");
    }

    #[test]
    fn folding_makes_case_spacing_and_composition_equal() {
        assert_eq!(fold("NGUYỄN  THỊ\tMẪU "), fold("Nguyễn Thị Mẫu"));
        assert_eq!(
            fold("Nguye\u{302}\u{303}n Thi\u{323} Ma\u{302}\u{303}u"),
            fold("Nguyễn Thị Mẫu")
        );
        assert_ne!(fold("Nguyễn Thị Mẫu"), fold("Nguyen Thi Mau"));
    }
}
