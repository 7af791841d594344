//! The input rules in JSON Schema terms, for the OpenAPI document: the regular expressions and
//! the named string schemas the wire types refer to. Each one says what the server checks (the
//! check is named beside it) — no looser and no stricter wherever a regular expression can say
//! it — so that a client, or a fuzzer, can tell valid input from invalid input by the schema.
//!
//! The expressions use only syntax that ECMA-262, Python's `re` and Rust's `regex` read the same
//! way: `^…$` anchors, classes, `\uXXXX` escapes and counted repetition.

use std::borrow::Cow;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Longest free-text field of a form, in characters.
pub const MAX_TEXT: usize = 200;

/// What Rust's `char::is_whitespace` (and so `str::trim`) counts as white space, as the inside of
/// a regex class. ECMA-262's `\s` differs (it adds U+FEFF and lacks U+0085), hence the list.
macro_rules! white_space {
    () => {
        r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}

/// What Rust's `char::is_control` counts as a control character (Unicode `Cc`).
macro_rules! control {
    () => {
        r"\u0000-\u001f\u007f-\u009f"
    };
}

/// The bidirectional formatting characters (`eid_credential::text::is_bidi_control`), with the
/// other format characters, private-use characters and noncharacters of the Basic Multilingual
/// Plane that the text rule refuses (`eid_credential::text::is_format`,
/// `is_private_or_noncharacter`). Those above U+FFFF cannot be written in a class that
/// ECMA-262 without the `u` flag reads the same way, so there the schema is looser than the
/// server, which refuses them.
macro_rules! bidi {
    () => {
        r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    };
}

/// The control characters but the line feed (the lines of an officer's reason).
macro_rules! control_but_line_feed {
    () => {
        r"\u0000-\u0009\u000b-\u001f\u007f-\u009f"
    };
}

/// The white space that is not also a control character.
macro_rules! spaces {
    () => {
        r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}

/// A 12-digit ID number (`forms::is_id_number`).
pub const ID_NUMBER: &str = "^[0-9]{12}$";
/// A phone number: 10 or 11 ASCII digits (registration).
pub const PHONE: &str = "^[0-9]{10,11}$";
/// `YYYY-MM-DD` (`forms::parse_date`, with `format: date` for a real calendar day).
pub const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// The portal's ids (accounts, registrations, documents, applications, share requests): 16
/// random bytes in lower-case hex.
pub const RESOURCE_ID: &str = "^[0-9a-f]{32}$";
/// A sign-in challenge (32 random bytes) or a session token, lower-case hex.
pub const HEX_32_BYTES: &str = "^[0-9a-f]{64}$";
/// An ES256 signature, raw r ‖ s (64 bytes), hex in either case.
pub const SIGNATURE: &str = "^[0-9a-fA-F]{128}$";
/// A P-256 public key as SEC1 bytes in hex (either case): compressed (`02`/`03`), compact
/// (`05`) or uncompressed (`04`). Whether the point is on the curve, no pattern can say.
pub const DEVICE_KEY: &str = "^(?:0[235][0-9a-fA-F]{64}|04[0-9a-fA-F]{128})$";
/// A one-time code: six digits, as the portal makes them.
pub const ONE_TIME_CODE: &str = "^[0-9]{6}$";
/// An `Idempotency-Key`: 1–255 visible ASCII characters.
pub const IDEMPOTENCY_KEY: &str = "^[!-~]{1,255}$";
/// A registration's name: not blank, no control or bidirectional formatting character (the
/// portal compares it with the registry after NFC, case and spacing folding).
pub const NAME: &str = concat!(
    "^[^",
    control!(),
    bidi!(),
    "]*[^",
    white_space!(),
    control!(),
    bidi!(),
    "][^",
    control!(),
    bidi!(),
    "]*$"
);
/// A form's text field (`forms::validate`, the documents' rule `eid_credential::text`): one line
/// with no control or bidirectional formatting character and no white space at either end;
/// at most [`MAX_TEXT`] characters is said by `maxLength`, and that it must be in
/// Unicode NFC no pattern can say.
pub const FORM_TEXT: &str = concat!(
    "^[^",
    control!(),
    spaces!(),
    bidi!(),
    "](?:[^",
    control!(),
    bidi!(),
    "]*[^",
    control!(),
    spaces!(),
    bidi!(),
    "])?$"
);
/// A share request's purpose: 1–200 characters on one line with no white space at either end,
/// no control or bidirectional formatting character (the documents' text rule; NFC too, which no
/// pattern can say).
pub const PURPOSE: &str = concat!(
    "^[^",
    control!(),
    spaces!(),
    bidi!(),
    "](?:[^",
    control!(),
    bidi!(),
    "]{0,198}[^",
    control!(),
    spaces!(),
    bidi!(),
    "])?$"
);
/// An officer's reason, optional: once trimmed, at most 500 characters, several lines allowed
/// but no other control character and no bidirectional formatting character.
pub const REASON_OPTIONAL: &str = concat!(
    "^[",
    white_space!(),
    "]*(?:[^",
    white_space!(),
    control!(),
    bidi!(),
    "](?:[^",
    control_but_line_feed!(),
    bidi!(),
    "]{0,498}[^",
    white_space!(),
    control!(),
    bidi!(),
    "])?)?[",
    white_space!(),
    "]*$"
);
/// An officer's reason, required: once trimmed, 1 to 500 characters (as [`REASON_OPTIONAL`]).
pub const REASON_REQUIRED: &str = concat!(
    "^[",
    white_space!(),
    "]*[^",
    white_space!(),
    control!(),
    bidi!(),
    "](?:[^",
    control_but_line_feed!(),
    bidi!(),
    "]{0,498}[^",
    white_space!(),
    control!(),
    bidi!(),
    "])?[",
    white_space!(),
    "]*$"
);
/// A presentation's QR text: `EP1:` and base45, white space around it ignored
/// (`eid_qr::envelope::decode`).
pub const PRESENTATION: &str = concat!(
    "^[",
    white_space!(),
    "]*EP1:[0-9A-Z $%*+./:-]*[",
    white_space!(),
    "]*$"
);

/// A string schema with a pattern.
pub(crate) fn string(pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
}

/// Defines a named component schema for a string rule.
macro_rules! named_string {
    ($(#[$doc:meta])* $name:ident, $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let builder: ObjectBuilder = $schema;
                builder.build().into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

named_string!(
    /// The schema of a 12-digit personal identification number.
    IdNumber,
    string(ID_NUMBER)
        .min_length(Some(12))
        .max_length(Some(12))
        .description(Some("A 12-digit personal identification number."))
);

named_string!(
    /// The schema of a calendar date.
    Date,
    string(DATE)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .description(Some("A calendar date, YYYY-MM-DD."))
        .examples(["2099-12-31"])
);

named_string!(
    /// The schema of a form's text field.
    FormText,
    string(FORM_TEXT)
        .max_length(Some(MAX_TEXT))
        .description(Some(
            "Text of a form: 1 to 200 characters on one line, no white space at either end, no \
             control or bidirectional formatting characters, in Unicode NFC."
        ))
        .examples(["Số 3 Trần Phú"])
);

named_string!(
    /// The schema of the portal's ids.
    ResourceId,
    string(RESOURCE_ID)
        .min_length(Some(32))
        .max_length(Some(32))
        .description(Some("An id the portal made: 16 random bytes, lower-case hex."))
);

/// The schema of a document type's name.
pub struct DocTypeName;

impl PartialSchema for DocTypeName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(eid_credential::DocType::ALL.iter().map(|t| t.name())))
            .description(Some("A document type (docs/formats.md §3.1)."))
            .build()
            .into()
    }
}

impl ToSchema for DocTypeName {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("DocTypeName")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern of the document, with the constant it must equal: attribute literals cannot
    /// name a constant, so this keeps the copies in `#[schema(pattern = …)]` honest.
    #[test]
    fn attribute_patterns_are_the_shared_ones() {
        let doc: serde_json::Value = serde_json::from_str(&crate::openapi::json()).unwrap();
        let s = &doc["components"]["schemas"];
        let cases = [
            (&s["RegisterRequest"]["properties"]["phone"], PHONE),
            (&s["RegisterRequest"]["properties"]["full_name"], NAME),
            (
                &s["RegisterRequest"]["properties"]["device_public_key"],
                DEVICE_KEY,
            ),
            (&s["VerifyCodeRequest"]["properties"]["code"], ONE_TIME_CODE),
            (
                &s["SessionRequest"]["properties"]["challenge"],
                HEX_32_BYTES,
            ),
            (&s["SessionRequest"]["properties"]["signature"], SIGNATURE),
            (
                &s["ChallengeResponse"]["properties"]["challenge"],
                HEX_32_BYTES,
            ),
            (&s["SessionResponse"]["properties"]["token"], HEX_32_BYTES),
            (&s["RevokeRequest"]["properties"]["reason"], REASON_REQUIRED),
            (
                &s["ShareAnswer"]["properties"]["presentation"],
                PRESENTATION,
            ),
        ];
        for (schema, pattern) in cases {
            assert_eq!(schema["pattern"], pattern, "{schema}");
        }
        let key = &doc["paths"]["/v1/applications"]["post"]["parameters"][0];
        assert_eq!(key["name"], "Idempotency-Key");
        assert_eq!(key["schema"]["pattern"], IDEMPOTENCY_KEY);
    }

    #[test]
    fn the_class_lists_are_rusts() {
        // The macros list exactly the characters Rust calls white space or control.
        let listed = |class: &str| -> Vec<char> {
            let mut out = Vec::new();
            let mut chars = Vec::new();
            let mut rest = class;
            while !rest.is_empty() {
                let (c, tail) = if let Some(t) = rest.strip_prefix(r"\u") {
                    let c = char::from_u32(u32::from_str_radix(&t[..4], 16).unwrap()).unwrap();
                    (c, &t[4..])
                } else if let Some(t) = rest.strip_prefix('\\') {
                    let c = match &t[..1] {
                        "t" => '\t',
                        "n" => '\n',
                        "f" => '\u{c}',
                        "r" => '\r',
                        other => panic!("escape {other}"),
                    };
                    (c, &t[1..])
                } else {
                    let c = rest.chars().next().unwrap();
                    (c, &rest[c.len_utf8()..])
                };
                chars.push(c);
                rest = tail;
            }
            let mut i = 0;
            while i < chars.len() {
                if i + 2 < chars.len() && chars[i + 1] == '-' {
                    out.extend(chars[i]..=chars[i + 2]);
                    i += 3;
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            out
        };
        let all = || (0..=0x10_FFFF).filter_map(char::from_u32);
        assert_eq!(
            listed(white_space!()),
            all().filter(|c| c.is_whitespace()).collect::<Vec<_>>()
        );
        assert_eq!(
            listed(control!()),
            all().filter(|c| c.is_control()).collect::<Vec<_>>()
        );
        assert_eq!(
            listed(bidi!()),
            all()
                .filter(|c| u32::from(*c) <= 0xffff
                    && (eid_credential::text::is_bidi_control(*c)
                        || eid_credential::text::is_format(*c)
                        || matches!(*c, '\u{2028}' | '\u{2029}')
                        || eid_credential::text::is_private_or_noncharacter(*c)))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            listed(spaces!()),
            all()
                .filter(|c| c.is_whitespace() && !c.is_control())
                .collect::<Vec<_>>()
        );
    }
}
