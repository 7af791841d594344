//! A document's content: its type and the value of each field, validated against the type's
//! table in [`crate::schema`].

use crate::cbor::CborError;
use crate::schema::{
    DocType, FieldId, FieldKind, FieldSpec, MAX_COUNTER_PORTRAIT_BYTES, MAX_PORTRAIT_BYTES,
};
use ciborium::Value;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use time::macros::format_description;
use time::Date;

/// CBOR tag for a full date as text (RFC 8943).
pub const TAG_FULL_DATE: u64 = 1004;

/// Longest text value, in characters.
pub use crate::text::MAX_TEXT_CHARS;

/// Most categories on one driving licence.
pub const MAX_CATEGORIES: usize = 16;

/// One category of a driving licence (e.g. `B2`) and how long it is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceCategory {
    /// The category, e.g. `A1`, `B2`, `FC`.
    pub class: String,
    /// First day of validity.
    #[serde(serialize_with = "ser_date")]
    pub valid_from: Date,
    /// Last day of validity; `None` for categories that do not expire.
    #[serde(serialize_with = "ser_opt_date")]
    pub valid_until: Option<Date>,
}

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Text (also used for [`FieldKind::Sex`], holding "M" or "F").
    Text(String),
    /// A calendar date.
    Date(Date),
    /// Driving-licence categories.
    Categories(Vec<LicenceCategory>),
    /// A yes/no claim, e.g. `age_over_18`.
    Bool(bool),
    /// A portrait: the bytes of a JPEG or WebP file (see [`ImageFormat`]).
    Image(Vec<u8>),
}

/// The image formats a portrait may be in, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (JFIF): starts `FF D8 FF`.
    Jpeg,
    /// WebP: starts `RIFF`, 4 length bytes, `WEBP`.
    Webp,
}

impl ImageFormat {
    /// The format of an image file's bytes, if it is one the documents allow.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            None
        }
    }

    /// The media type, e.g. `image/webp`.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
        }
    }
}

/// An image as a `data:` URL (RFC 2397), how JSON carries a portrait.
pub fn image_data_url(bytes: &[u8]) -> String {
    use base64::Engine;
    let media = ImageFormat::of(bytes).map_or("application/octet-stream", ImageFormat::media_type);
    format!(
        "data:{media};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Why a document or a field value is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The document type has no field of this name.
    #[error("{doc_type} has no field named {name}")]
    UnknownField {
        /// The document type.
        doc_type: &'static str,
        /// The name given.
        name: String,
    },
    /// A required field is missing.
    #[error("{0} is required")]
    Missing(&'static str),
    /// A value does not fit its field.
    #[error("{field}: {problem}")]
    BadValue {
        /// The field's name.
        field: &'static str,
        /// What is wrong (never the value itself).
        problem: &'static str,
    },
}

fn date_format() -> &'static [time::format_description::FormatItem<'static>] {
    format_description!("[year]-[month]-[day]")
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    d.format(date_format()).unwrap_or_default()
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    if s.len() != 10 {
        return None;
    }
    Date::parse(s, date_format()).ok()
}

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_date(*d))
}

fn ser_opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&format_date(*d)),
        None => s.serialize_none(),
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Date(d) => ser_date(d, s),
            FieldValue::Categories(c) => c.serialize(s),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Image(bytes) => s.serialize_str(&image_data_url(bytes)),
        }
    }
}

impl FieldValue {
    /// Checks that the value fits a field.
    pub fn check(&self, spec: &FieldSpec) -> Result<(), DocumentError> {
        let bad = |problem| {
            Err(DocumentError::BadValue {
                field: spec.name,
                problem,
            })
        };
        match (spec.kind, self) {
            (FieldKind::Text, FieldValue::Text(t)) => check_text(spec.name, t),
            (FieldKind::Sex, FieldValue::Text(t)) if t == "M" || t == "F" => Ok(()),
            (FieldKind::Sex, _) => bad("must be M or F"),
            (FieldKind::Date, FieldValue::Date(_)) => Ok(()),
            (FieldKind::Categories, FieldValue::Categories(c)) => {
                if c.is_empty() || c.len() > MAX_CATEGORIES {
                    return bad("must list 1 to 16 categories");
                }
                for cat in c {
                    let ok_class = (1..=3).contains(&cat.class.len())
                        && cat
                            .class
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                    if !ok_class {
                        return bad("a category must be 1 to 3 capital letters or digits");
                    }
                    if cat.valid_until.is_some_and(|u| u < cat.valid_from) {
                        return bad("a category ends before it starts");
                    }
                }
                Ok(())
            }
            (FieldKind::Bool, FieldValue::Bool(_)) => Ok(()),
            (FieldKind::Portrait | FieldKind::CounterPortrait, FieldValue::Image(bytes)) => {
                let max = if spec.kind == FieldKind::Portrait {
                    MAX_PORTRAIT_BYTES
                } else {
                    MAX_COUNTER_PORTRAIT_BYTES
                };
                if bytes.len() > max {
                    return bad("the picture is too large");
                }
                if ImageFormat::of(bytes).is_none() {
                    return bad("must be a JPEG or WebP picture");
                }
                Ok(())
            }
            _ => bad("wrong kind of value"),
        }
    }

    /// Parses the textual form of a value: text as is, dates as `YYYY-MM-DD`, sex as `M`/`F`,
    /// yes/no as `true`/`false`, pictures as a `data:` URL or plain base64, categories as `CLASS:FROM:UNTIL` items separated by `;` (UNTIL empty when it does not
    /// expire), e.g. `A1:2015-05-01:;B2:2020-01-01:2030-01-01`.
    pub fn parse_text(spec: &FieldSpec, text: &str) -> Result<Self, DocumentError> {
        let bad = |problem| DocumentError::BadValue {
            field: spec.name,
            problem,
        };
        let value = match spec.kind {
            FieldKind::Text | FieldKind::Sex => FieldValue::Text(text.trim().to_string()),
            FieldKind::Date => FieldValue::Date(
                parse_date(text.trim()).ok_or(bad("must be a real date written YYYY-MM-DD"))?,
            ),
            FieldKind::Bool => match text.trim() {
                "true" => FieldValue::Bool(true),
                "false" => FieldValue::Bool(false),
                _ => return Err(bad("must be true or false")),
            },
            FieldKind::Portrait | FieldKind::CounterPortrait => FieldValue::Image(
                parse_image_text(text.trim())
                    .ok_or(bad("must be a picture written as a data: URL or base64"))?,
            ),
            FieldKind::Categories => {
                let mut cats = Vec::new();
                for item in text.split(';').filter(|s| !s.trim().is_empty()) {
                    let parts: Vec<&str> = item.trim().split(':').collect();
                    let [class, from, until] = parts[..] else {
                        return Err(bad("categories are written CLASS:FROM:UNTIL;…"));
                    };
                    let valid_from = parse_date(from).ok_or(bad("a category has a bad date"))?;
                    let valid_until = if until.is_empty() {
                        None
                    } else {
                        Some(parse_date(until).ok_or(bad("a category has a bad date"))?)
                    };
                    cats.push(LicenceCategory {
                        class: class.to_string(),
                        valid_from,
                        valid_until,
                    });
                }
                FieldValue::Categories(cats)
            }
        };
        value.check(spec)?;
        Ok(value)
    }

    /// The CBOR form (see docs/formats.md).
    pub fn to_cbor(&self) -> Value {
        match self {
            FieldValue::Text(t) => Value::Text(t.clone()),
            FieldValue::Date(d) => date_to_cbor(*d),
            FieldValue::Categories(cats) => Value::Array(
                cats.iter()
                    .map(|c| {
                        Value::Array(vec![
                            Value::Text(c.class.clone()),
                            date_to_cbor(c.valid_from),
                            c.valid_until.map_or(Value::Null, date_to_cbor),
                        ])
                    })
                    .collect(),
            ),
            FieldValue::Bool(b) => Value::Bool(*b),
            FieldValue::Image(bytes) => Value::Bytes(bytes.clone()),
        }
    }

    /// Reads a value of `spec`'s kind from CBOR and checks it.
    pub fn from_cbor(spec: &FieldSpec, v: &Value) -> Result<Self, CborError> {
        let invalid = CborError::Invalid("field value");
        let value = match spec.kind {
            FieldKind::Text | FieldKind::Sex => {
                FieldValue::Text(v.as_text().ok_or(invalid.clone())?.to_string())
            }
            FieldKind::Date => FieldValue::Date(date_from_cbor(v)?),
            FieldKind::Categories => {
                let items = v.as_array().ok_or(invalid.clone())?;
                let mut cats = Vec::with_capacity(items.len().min(MAX_CATEGORIES));
                for item in items {
                    let parts = item.as_array().ok_or(invalid.clone())?;
                    let [class, from, until] = parts.as_slice() else {
                        return Err(invalid);
                    };
                    cats.push(LicenceCategory {
                        class: class.as_text().ok_or(invalid.clone())?.to_string(),
                        valid_from: date_from_cbor(from)?,
                        valid_until: match until {
                            Value::Null => None,
                            other => Some(date_from_cbor(other)?),
                        },
                    });
                }
                FieldValue::Categories(cats)
            }
            FieldKind::Bool => match v {
                Value::Bool(b) => FieldValue::Bool(*b),
                _ => return Err(invalid),
            },
            FieldKind::Portrait | FieldKind::CounterPortrait => match v {
                Value::Bytes(b) => FieldValue::Image(b.clone()),
                _ => return Err(invalid),
            },
        };
        value.check(spec).map_err(|_| invalid)?;
        Ok(value)
    }
}

fn check_text(field: &'static str, t: &str) -> Result<(), DocumentError> {
    crate::text::check(t, MAX_TEXT_CHARS, false).map_err(|p| DocumentError::BadValue {
        field,
        problem: match p {
            crate::text::TextProblem::Empty | crate::text::TextProblem::TooLong => {
                "must be 1 to 200 characters"
            }
            crate::text::TextProblem::OuterSpace | crate::text::TextProblem::Control => {
                "must not contain control characters or outer spaces"
            }
            crate::text::TextProblem::NotNfc => "must be in Unicode NFC form",
            crate::text::TextProblem::Bidi => {
                "must not contain bidirectional formatting characters"
            }
        },
    })
}

/// A picture's bytes from a `data:image/…;base64,` URL or plain base64 text.
fn parse_image_text(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let b64 = match text.strip_prefix("data:") {
        Some(rest) => rest.split_once(";base64,")?.1,
        None => text,
    };
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

fn date_to_cbor(d: Date) -> Value {
    Value::Tag(TAG_FULL_DATE, Box::new(Value::Text(format_date(d))))
}

fn date_from_cbor(v: &Value) -> Result<Date, CborError> {
    match v {
        Value::Tag(TAG_FULL_DATE, inner) => inner
            .as_text()
            .and_then(parse_date)
            .ok_or(CborError::Invalid("date")),
        _ => Err(CborError::Invalid("date")),
    }
}

/// A document's content: its type and a value for each field it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    doc_type: DocType,
    fields: BTreeMap<FieldId, FieldValue>,
}

impl Document {
    /// A document from field names and values; checks names, kinds and required fields.
    pub fn new<'a>(
        doc_type: DocType,
        values: impl IntoIterator<Item = (&'a str, FieldValue)>,
    ) -> Result<Self, DocumentError> {
        let mut fields = BTreeMap::new();
        for (name, value) in values {
            let spec = doc_type
                .field_by_name(name)
                .ok_or_else(|| DocumentError::UnknownField {
                    doc_type: doc_type.name(),
                    name: name.to_string(),
                })?;
            value.check(spec)?;
            fields.insert(spec.id, value);
        }
        Self::from_fields(doc_type, fields)
    }

    /// A document from field names and their textual forms (see [`FieldValue::parse_text`]).
    pub fn from_text<'a>(
        doc_type: DocType,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DocumentError> {
        let mut parsed = Vec::new();
        for (name, text) in values {
            let spec = doc_type
                .field_by_name(name)
                .ok_or_else(|| DocumentError::UnknownField {
                    doc_type: doc_type.name(),
                    name: name.to_string(),
                })?;
            parsed.push((spec.name, FieldValue::parse_text(spec, text)?));
        }
        Self::new(doc_type, parsed)
    }

    /// A document from checked values by id; checks required fields.
    pub(crate) fn from_fields(
        doc_type: DocType,
        fields: BTreeMap<FieldId, FieldValue>,
    ) -> Result<Self, DocumentError> {
        if let Some(missing) = doc_type
            .fields()
            .iter()
            .find(|s| s.required && !fields.contains_key(&s.id))
        {
            return Err(DocumentError::Missing(missing.name));
        }
        Ok(Document { doc_type, fields })
    }

    /// The document type.
    pub fn doc_type(&self) -> DocType {
        self.doc_type
    }

    /// The value of a field, by name.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        let spec = self.doc_type.field_by_name(name)?;
        self.fields.get(&spec.id)
    }

    /// Every field present, in id order, with its spec.
    pub fn fields(&self) -> impl Iterator<Item = (&'static FieldSpec, &FieldValue)> {
        self.fields
            .iter()
            .filter_map(|(id, v)| self.doc_type.field(*id).map(|s| (s, v)))
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Document", 2)?;
        st.serialize_field("doc_type", &self.doc_type)?;
        st.serialize_field("fields", &NamedFields(self))?;
        st.end()
    }
}

struct NamedFields<'a>(&'a Document);

impl Serialize for NamedFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.fields.len()))?;
        for (spec, value) in self.0.fields() {
            m.serialize_entry(spec.name, value)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_parse_and_check() {
        let doc = Document::from_text(
            DocType::DrivingLicence,
            [
                ("licence_number", "790123456789"),
                ("full_name", "Trần Thị Bình"),
                ("date_of_birth", "1990-02-28"),
                ("categories", "A1:2015-05-01:;B2:2020-01-01:2030-01-01"),
                ("issue_date", "2020-01-01"),
                ("issuing_authority", "Sở GTVT Hà Nội"),
            ],
        )
        .unwrap();
        let Some(FieldValue::Categories(c)) = doc.get("categories") else {
            panic!("categories missing")
        };
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].valid_until, None);
        for (spec, value) in doc.fields() {
            let back = FieldValue::from_cbor(spec, &value.to_cbor()).unwrap();
            assert_eq!(&back, value);
        }
    }

    #[test]
    fn bad_values_name_their_field() {
        let spec = DocType::HealthInsurance
            .field_by_name("valid_until")
            .unwrap();
        assert!(matches!(
            FieldValue::parse_text(spec, "2025-02-30"),
            Err(DocumentError::BadValue {
                field: "valid_until",
                ..
            })
        ));
        let sex = DocType::HealthInsurance.field_by_name("sex").unwrap();
        assert!(FieldValue::parse_text(sex, "X").is_err());
        let name = DocType::HealthInsurance.field_by_name("full_name").unwrap();
        assert!(FieldValue::parse_text(name, "").is_err());
        assert!(FieldValue::Text("a\nb".into()).check(name).is_err());
        assert!(FieldValue::Text("x".repeat(201)).check(name).is_err());
        assert_eq!(
            Document::new(DocType::HealthInsurance, []),
            Err(DocumentError::Missing("insurance_number"))
        );
        assert!(matches!(
            Document::from_text(DocType::HealthInsurance, [("nope", "1")]),
            Err(DocumentError::UnknownField { .. })
        ));
    }

    #[test]
    fn cbor_dates_must_be_tagged() {
        let spec = DocType::HealthInsurance
            .field_by_name("valid_until")
            .unwrap();
        assert!(FieldValue::from_cbor(spec, &Value::Text("2030-01-01".into())).is_err());
        let ok = Value::Tag(TAG_FULL_DATE, Box::new(Value::Text("2030-01-01".into())));
        assert!(FieldValue::from_cbor(spec, &ok).is_ok());
    }
}
