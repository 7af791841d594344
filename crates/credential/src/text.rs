//! The rule every text value of a document obeys (docs/formats.md §1.3), also applied at the
//! portal's door to every free-text field that may end up in a document or beside one (names,
//! addresses, reasons, purposes), so nothing accepted can fail later when a document is made
//! from it. Exactly:
//!
//! - a **character** is a Unicode scalar value (one `char`; CBOR text is UTF-8, so this is what
//!   the bytes hold). Lengths count characters, not bytes and not what a reader sees as one letter;
//! - the text is in Unicode NFC (precomposed: "ễ" is one character, as Vietnamese keyboards type
//!   it), so that the same name is the same bytes everywhere it is compared or signed;
//! - 1 to the field's number of characters (200 for document fields);
//! - neither the first nor the last character is **white space**: the Unicode `White_Space`
//!   property, i.e. U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
//!   U+2029, U+202F, U+205F, U+3000 (what `char::is_whitespace` and `str::trim` use). Inside, the
//!   spaces among them that are not refused below (U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F,
//!   U+205F, U+3000) are allowed;
//! - no control character (`Cc`: U+0000–U+001F, U+007F–U+009F), except line feeds (U+000A) where
//!   a field allows several lines (an officer's reason); no line or paragraph separator (U+2028,
//!   U+2029);
//! - no format character (`Cf`, fixed here as Unicode 15.1 lists it, see [`is_format`]): they are
//!   invisible, so two texts that look the same would differ (U+200B zero width space, U+FEFF byte
//!   order mark, U+00AD soft hyphen…). The bidirectional ones among them (U+061C, U+200E, U+200F,
//!   U+202A–U+202E, U+2066–U+2069) can make a text display as something else than it is and get
//!   their own problem, [`TextProblem::Bidi`];
//! - no private-use character (U+E000–U+F8FF, U+F0000–U+FFFFD, U+100000–U+10FFFD) and no
//!   noncharacter (U+FDD0–U+FDEF and the last two of every plane, U+xFFFE and U+xFFFF): they
//!   have no agreed appearance.
//!
//! Unassigned code points are not refused: which are assigned depends on the Unicode version, and
//! two verifiers must not disagree on a signed document.
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
    /// A control character (a line break where none is allowed), a line or paragraph
    /// separator, an invisible format character, a private-use character or a noncharacter.
    #[error("must not contain control characters, line breaks or invisible characters")]
    Control,
    /// A bidirectional formatting character.
    #[error("must not contain bidirectional formatting characters")]
    Bidi,
}

/// Whether `c` is a bidirectional formatting character (it reorders how text displays).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a format character (general category `Cf`) as of Unicode 15.1. The list is
/// fixed so that every verifier refuses the same texts whatever Unicode tables it has.
pub fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00ad}'
        | '\u{0600}'..='\u{0605}'
        | '\u{061c}'
        | '\u{06dd}'
        | '\u{070f}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08e2}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}'
        | '\u{110cd}'
        | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0001}'
        | '\u{e0020}'..='\u{e007f}')
}

/// Whether `c` is a private-use character or a noncharacter.
pub fn is_private_or_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    matches!(n, 0xe000..=0xf8ff | 0xf0000..=0xffffd | 0x100000..=0x10fffd | 0xfdd0..=0xfdef)
        || n & 0xfffe == 0xfffe
}

/// Whether `c` is refused anywhere in a text (see the module's rule); `multiline` allows U+000A.
fn is_refused(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && c == '\n'))
        || matches!(c, '\u{2028}' | '\u{2029}')
        || (is_format(c) && !is_bidi_control(c))
        || is_private_or_noncharacter(c)
}

/// Checks `t` against the rule, with at most `max_chars` characters (Unicode scalar values);
/// `multiline` allows line feeds (U+000A) inside.
pub fn check(t: &str, max_chars: usize, multiline: bool) -> Result<(), TextProblem> {
    if t.trim().is_empty() {
        return Err(TextProblem::Empty);
    }
    if t.chars().count() > max_chars {
        return Err(TextProblem::TooLong);
    }
    if t.chars().any(|c| is_refused(c, multiline)) {
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

    #[test]
    fn characters_are_scalar_values_counted_after_nfc() {
        // "ễ" precomposed is one character; an emoji outside the BMP is one character (4 bytes).
        assert_eq!(check(&"ễ".repeat(200), 200, false), Ok(()));
        assert_eq!(
            check(&"ễ".repeat(201), 200, false),
            Err(TextProblem::TooLong)
        );
        assert_eq!(check(&"😀".repeat(200), 200, false), Ok(()));
        assert_eq!(
            check(&"😀".repeat(201), 200, false),
            Err(TextProblem::TooLong)
        );
        // Decomposed, "ễ" is three characters and not NFC.
        assert_eq!(
            check("e\u{302}\u{303}", 200, false),
            Err(TextProblem::NotNfc)
        );
    }

    #[test]
    fn white_space_is_the_unicode_property_at_either_end_only() {
        for ws in [
            '\u{20}', '\u{a0}', '\u{1680}', '\u{2002}', '\u{200a}', '\u{202f}', '\u{205f}',
            '\u{3000}',
        ] {
            assert_eq!(
                check(&format!("{ws}a"), 200, false),
                Err(TextProblem::OuterSpace),
                "{ws:?}"
            );
            assert_eq!(
                check(&format!("a{ws}"), 200, false),
                Err(TextProblem::OuterSpace),
                "{ws:?}"
            );
            assert_eq!(
                check(&format!("a{ws}b"), 200, false),
                Ok(()),
                "{ws:?} inside"
            );
        }
        // Not white space, and invisible: refused anywhere, not trimmed.
        assert_eq!(check("\u{200b}a", 200, false), Err(TextProblem::Control));
        assert_eq!(check("\u{feff}a", 200, false), Err(TextProblem::Control));
    }

    #[test]
    fn format_separators_private_use_and_noncharacters_are_refused() {
        for bad in [
            "a\u{ad}b",     // soft hyphen (Cf)
            "a\u{200b}b",   // zero width space (Cf)
            "a\u{200d}b",   // zero width joiner (Cf)
            "a\u{2060}b",   // word joiner (Cf)
            "\u{feff}ab",   // byte order mark (Cf)
            "a\u{e0041}b",  // tag character (Cf)
            "a\u{1343f}b",  // Egyptian format control added in Unicode 15 (Cf)
            "a\u{2028}b",   // line separator (Zl)
            "a\u{2029}b",   // paragraph separator (Zp)
            "a\u{85}b",     // next line (Cc)
            "a\u{7f}b",     // delete (Cc)
            "a\u{e000}b",   // private use
            "a\u{10fffd}b", // private use, plane 16
            "a\u{fdd0}b",   // noncharacter
            "a\u{fffe}b",   // noncharacter
            "a\u{1ffff}b",  // noncharacter
        ] {
            assert_eq!(check(bad, 200, false), Err(TextProblem::Control), "{bad:?}");
            assert_eq!(
                check(bad, 200, true),
                Err(TextProblem::Control),
                "{bad:?} multiline"
            );
        }
        // Bidirectional controls keep their own problem.
        assert_eq!(check("a\u{61c}b", 200, false), Err(TextProblem::Bidi));
        // Ordinary letters, digits and punctuation of Vietnamese addresses pass.
        assert_eq!(check("Số 1, Phố Mẫu – Hà Nội (01-001)", 200, false), Ok(()));
        // An unassigned code point is not refused (it depends on the Unicode version).
        assert_eq!(check("a\u{2fffd}b", 200, false), Ok(()));
    }
}
