//! The demo citizen registry: invented citizens and the documents the state holds for them, which
//! the reference backend issues from once an account reaches level 2.
//!
//! The registry is read from JSON (`assets/registry.json` for [`Registry::demo`]): an array of
//! citizens, each with its documents as field names and their textual forms (see
//! [`eid_credential::FieldValue::parse_text`]):
//!
//! ```json
//! [{"id_number": "001099012345", "full_name": "Nguyễn Thị Mẫu", "date_of_birth": "1985-03-14",
//!   "phone": "0912345678",
//!   "documents": [{"doc_type": "citizen_id_card", "fields": {"id_number": "001099012345", "…": "…"}}]}]
//! ```
//!
//! A large registry (millions of citizens) is a JSON Lines file instead, one citizen per line
//! in the same shape ([`Registry::load`] tells them apart by the first character): it is checked
//! whole when loaded, but only each line's position is kept, and a citizen is read back from the
//! file when looked up (see [`crate::line_index`]).
//!
//! Loading checks every document against its type's table, that id numbers are unique, that each
//! citizen has exactly one citizen ID card carrying the citizen's id number, and that the name
//! (`full_name`, or `owner_name` on a vehicle registration) and `date_of_birth` on every document
//! are the citizen's.

use crate::line_index::{IndexError, LineIndex};
use eid_credential::document::format_date;
use eid_credential::{DocType, Document, DocumentError, FieldValue};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// The demo registry's JSON, built into the binary.
const DEMO_JSON: &str = include_str!("../../../assets/registry.json");

// The demo citizens' synthetic portraits (assets/portraits), built into the binary by build.rs.
include!(concat!(env!("OUT_DIR"), "/demo_portraits.rs"));

/// A citizen's portraits as the registry holds them: what the documents that carry a portrait
/// (`portrait` and `counter_portrait` fields) are issued with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Portraits<'a> {
    /// The display portrait for the wallet's card (JPEG or WebP).
    pub display: &'a [u8],
    /// The small portrait that travels in QR presentations (JPEG or WebP).
    pub counter: &'a [u8],
}

/// The demo portraits of the citizen with this id number.
fn demo_portraits(id_number: &str) -> Option<Portraits<'static>> {
    DEMO_PORTRAITS
        .iter()
        .find(|(id, _, _)| *id == id_number)
        .map(|(_, display, counter)| Portraits { display, counter })
}

/// A citizen as written in the JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitizen {
    id_number: String,
    full_name: String,
    date_of_birth: String,
    phone: String,
    documents: Vec<RawDocument>,
}

/// A document as written in the JSON: its type's identifier and field texts by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    doc_type: String,
    fields: BTreeMap<String, String>,
}

/// A registry of citizens, each with the documents the state holds for them.
#[derive(Debug, Clone)]
pub struct Registry {
    store: Store,
}

/// Where the citizens are kept.
#[derive(Debug, Clone)]
enum Store {
    /// Parsed, in memory (the demo registry and other JSON arrays).
    Memory {
        citizens: Vec<RegistryCitizen>,
        by_id_number: HashMap<String, usize>,
    },
    /// In a JSON Lines file, read back per lookup.
    Lines(Arc<LineIndex>),
}

/// One citizen of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryCitizen {
    /// The 12-digit personal identification number, as on the citizen ID card.
    pub id_number: String,
    /// The full name, as on every document.
    pub full_name: String,
    /// The date of birth, `YYYY-MM-DD`, as on every document that carries one.
    pub date_of_birth: String,
    /// The phone number the one-time registration code goes to.
    pub phone: String,
    /// The documents, in the order listed: always exactly one citizen ID card, possibly a driving
    /// licence, vehicle registrations and a health insurance card.
    pub documents: Vec<Document>,
}

/// Why a registry cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// The text is not JSON of the registry's shape.
    #[error("the registry is not valid JSON of the expected shape: {0}")]
    Json(String),
    /// A document does not fit its type's table (unknown field, missing field, bad value).
    #[error("citizen {id_number}: the {} is not valid: {detail}", .doc_type.name())]
    BadDocument {
        /// The citizen's id number.
        id_number: String,
        /// The document's type.
        doc_type: DocType,
        /// What is wrong.
        detail: DocumentError,
    },
    /// A document's type is not one the wallet knows.
    #[error("citizen {id_number}: unknown document type {doc_type:?}")]
    UnknownDocType {
        /// The citizen's id number.
        id_number: String,
        /// The type identifier given.
        doc_type: String,
    },
    /// Two citizens have the same id number.
    #[error("citizen {0} is listed more than once")]
    Duplicate(String),
    /// The registry file cannot be read.
    #[error("cannot read the registry: {0}")]
    Io(String),
    /// A line of a JSON Lines registry is refused.
    #[error("line {line}: {detail}")]
    Line {
        /// The line, from 1.
        line: u64,
        /// Why.
        detail: String,
    },
    /// An id number is not 12 digits (checked for JSON Lines registries, which are indexed by
    /// it).
    #[error("citizen {0}: an id number has 12 digits")]
    NotAnIdNumber(String),
    /// A citizen does not have exactly one citizen ID card.
    #[error("citizen {id_number} has {count} citizen ID cards instead of one")]
    IdCardCount {
        /// The citizen's id number.
        id_number: String,
        /// How many citizen ID cards are listed.
        count: usize,
    },
    /// The id number on the citizen ID card is not the citizen's.
    #[error("citizen {id_number}: the citizen ID card carries another id number")]
    IdNumberMismatch {
        /// The citizen's id number.
        id_number: String,
    },
    /// The name on a document (`full_name`, or `owner_name` on a vehicle registration) is not the
    /// citizen's full name.
    #[error("citizen {id_number}: the name on the {} is not the citizen's", .doc_type.name())]
    NameMismatch {
        /// The citizen's id number.
        id_number: String,
        /// The document's type.
        doc_type: DocType,
    },
    /// The date of birth on a document is not the citizen's.
    #[error("citizen {id_number}: the date of birth on the {} is not the citizen's", .doc_type.name())]
    DateOfBirthMismatch {
        /// The citizen's id number.
        id_number: String,
        /// The document's type.
        doc_type: DocType,
    },
}

/// The document fields that hold the holder's name.
const NAME_FIELDS: [&str; 2] = ["full_name", "owner_name"];

impl Registry {
    /// Reads and checks a registry from its JSON text (see the module documentation), without
    /// portraits.
    pub fn from_json(text: &str) -> Result<Registry, RegistryError> {
        Self::from_json_with_portraits(text, |_| None)
    }

    /// Reads and checks a registry from its JSON text, with each citizen's portraits from
    /// `portraits` (by id number) added to the documents whose type carries them.
    pub fn from_json_with_portraits<'p>(
        text: &str,
        portraits: impl Fn(&str) -> Option<Portraits<'p>>,
    ) -> Result<Registry, RegistryError> {
        let raw: Vec<RawCitizen> =
            serde_json::from_str(text).map_err(|e| RegistryError::Json(e.to_string()))?;
        let mut citizens = Vec::with_capacity(raw.len());
        let mut by_id_number = HashMap::with_capacity(raw.len());
        for raw_citizen in raw {
            let found = portraits(&raw_citizen.id_number);
            let citizen = RegistryCitizen::from_raw(raw_citizen, found)?;
            if by_id_number
                .insert(citizen.id_number.clone(), citizens.len())
                .is_some()
            {
                return Err(RegistryError::Duplicate(citizen.id_number));
            }
            citizens.push(citizen);
        }
        Ok(Registry {
            store: Store::Memory {
                citizens,
                by_id_number,
            },
        })
    }

    /// Reads and checks the registry in the file at `path`: a JSON array when its first
    /// character other than white space is `[`, else JSON Lines (one citizen per line, kept in
    /// the file and read back per lookup). No portraits are added.
    pub fn load(path: &Path) -> Result<Registry, RegistryError> {
        let io = |e: std::io::Error| RegistryError::Io(e.to_string());
        let mut head = [0u8; 64];
        let n = std::io::Read::read(&mut std::fs::File::open(path).map_err(io)?, &mut head)
            .map_err(io)?;
        if head[..n].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Registry::from_json(&std::fs::read_to_string(path).map_err(io)?);
        }
        let index = LineIndex::build(path, |line| {
            let citizen = parse_line(line)?;
            id_key(&citizen.id_number).ok_or(RegistryError::NotAnIdNumber(citizen.id_number))
        })
        .map_err(|e| match e {
            IndexError::Io(e) => io(e),
            IndexError::Record { line, error } => RegistryError::Line {
                line,
                detail: error.to_string(),
            },
            IndexError::TooLong(line) | IndexError::Duplicate { line } => RegistryError::Line {
                line,
                detail: e.to_string(),
            },
        })?;
        Ok(Registry {
            store: Store::Lines(Arc::new(index)),
        })
    }

    /// How many citizens the registry holds.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Memory { citizens, .. } => citizens.len(),
            Store::Lines(index) => index.len(),
        }
    }

    /// Whether the registry holds no one.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The demo registry of invented citizens built from `assets/registry.json`, with their
    /// synthetic portraits from `assets/portraits`. Its first citizen is the sample citizen of
    /// [`eid_credential::sample`].
    pub fn demo() -> Registry {
        Registry::from_json_with_portraits(DEMO_JSON, demo_portraits)
            .expect("assets/registry.json must be a valid registry")
    }

    /// The citizen with this id number (read from the file, for a JSON Lines registry).
    pub fn find(&self, id_number: &str) -> Option<Cow<'_, RegistryCitizen>> {
        match &self.store {
            Store::Memory {
                citizens,
                by_id_number,
            } => by_id_number
                .get(id_number)
                .and_then(|&i| citizens.get(i))
                .map(Cow::Borrowed),
            Store::Lines(index) => index
                .line(id_key(id_number)?)
                .and_then(|line| parse_line(&line).ok())
                .filter(|c| c.id_number == id_number)
                .map(Cow::Owned),
        }
    }

    /// Every citizen of an in-memory registry, in the order listed.
    #[cfg(test)]
    fn citizens(&self) -> &[RegistryCitizen] {
        match &self.store {
            Store::Memory { citizens, .. } => citizens,
            Store::Lines(_) => &[],
        }
    }
}

/// The index key of a 12-digit id number.
fn id_key(id_number: &str) -> Option<u64> {
    (id_number.len() == 12 && id_number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id_number.parse().ok())
        .flatten()
}

/// One citizen of a JSON Lines registry, checked.
fn parse_line(line: &str) -> Result<RegistryCitizen, RegistryError> {
    let raw: RawCitizen =
        serde_json::from_str(line).map_err(|e| RegistryError::Json(e.to_string()))?;
    RegistryCitizen::from_raw(raw, None)
}

impl RegistryCitizen {
    /// Parses a citizen's documents, adds the portraits to the types that carry them, and
    /// checks them against the citizen.
    fn from_raw(raw: RawCitizen, portraits: Option<Portraits<'_>>) -> Result<Self, RegistryError> {
        let id_number = raw.id_number;
        let mut documents = Vec::with_capacity(raw.documents.len());
        for doc in raw.documents {
            let doc_type =
                DocType::from_name(&doc.doc_type).ok_or_else(|| RegistryError::UnknownDocType {
                    id_number: id_number.clone(),
                    doc_type: doc.doc_type.clone(),
                })?;
            let bad = |detail| RegistryError::BadDocument {
                id_number: id_number.clone(),
                doc_type,
                detail,
            };
            let mut document = Document::from_text(
                doc_type,
                doc.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )
            .map_err(bad)?;
            if let Some(p) = portraits {
                document = with_portraits(&document, p).map_err(bad)?;
            }
            let same_text =
                |v: &FieldValue, want: &str| matches!(v, FieldValue::Text(t) if t == want);
            if NAME_FIELDS
                .iter()
                .filter_map(|name| document.get(name))
                .any(|v| !same_text(v, &raw.full_name))
            {
                return Err(RegistryError::NameMismatch {
                    id_number,
                    doc_type,
                });
            }
            if let Some(v) = document.get("date_of_birth") {
                if !matches!(v, FieldValue::Date(d) if format_date(*d) == raw.date_of_birth) {
                    return Err(RegistryError::DateOfBirthMismatch {
                        id_number,
                        doc_type,
                    });
                }
            }
            if doc_type == DocType::CitizenIdCard
                && !document
                    .get("id_number")
                    .is_some_and(|v| same_text(v, &id_number))
            {
                return Err(RegistryError::IdNumberMismatch { id_number });
            }
            documents.push(document);
        }
        let count = documents
            .iter()
            .filter(|d| d.doc_type() == DocType::CitizenIdCard)
            .count();
        if count != 1 {
            return Err(RegistryError::IdCardCount { id_number, count });
        }
        Ok(RegistryCitizen {
            id_number,
            full_name: raw.full_name,
            date_of_birth: raw.date_of_birth,
            phone: raw.phone,
            documents,
        })
    }
}

/// `document` with the portraits added, when its type carries them.
fn with_portraits(document: &Document, p: Portraits<'_>) -> Result<Document, DocumentError> {
    let t = document.doc_type();
    let mut values: Vec<(&str, FieldValue)> = document
        .fields()
        .map(|(spec, value)| (spec.name, value.clone()))
        .collect();
    for (name, bytes) in [("portrait", p.display), ("counter_portrait", p.counter)] {
        if t.field_by_name(name).is_some() {
            values.retain(|(n, _)| *n != name);
            values.push((name, FieldValue::Image(bytes.to_vec())));
        }
    }
    Document::new(t, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eid_credential::sample::sample_document;
    use serde_json::{json, Value};
    use std::collections::HashSet;

    fn count(c: &RegistryCitizen, t: DocType) -> usize {
        c.documents.iter().filter(|d| d.doc_type() == t).count()
    }

    fn text<'a>(d: &'a Document, name: &str) -> &'a str {
        match d.get(name) {
            Some(FieldValue::Text(t)) => t,
            other => panic!("{name} is not text: {other:?}"),
        }
    }

    fn date(d: &Document, name: &str) -> String {
        match d.get(name) {
            Some(FieldValue::Date(v)) => format_date(*v),
            other => panic!("{name} is not a date: {other:?}"),
        }
    }

    /// The demo JSON as a value, to break in tests.
    fn demo_value() -> Value {
        serde_json::from_str(DEMO_JSON).unwrap()
    }

    fn load(v: &Value) -> Result<Registry, RegistryError> {
        Registry::from_json(&v.to_string())
    }

    #[test]
    fn demo_loads_with_the_documented_counts() {
        let r = Registry::demo();
        let cs = r.citizens();
        assert!(cs.len() >= 24, "{} citizens", cs.len());
        assert!(cs.iter().all(|c| count(c, DocType::CitizenIdCard) == 1));
        let with = |t| cs.iter().filter(|c| count(c, t) > 0).count();
        assert!(with(DocType::DrivingLicence) >= 10);
        assert!(cs.iter().all(|c| count(c, DocType::DrivingLicence) <= 1));
        assert!(with(DocType::VehicleRegistration) >= 8);
        assert!(cs
            .iter()
            .all(|c| count(c, DocType::VehicleRegistration) <= 2));
        assert!(with(DocType::HealthInsurance) >= 18);
        for c in cs {
            assert!(count(c, DocType::HealthInsurance) <= 1);
            for d in &c.documents {
                if d.doc_type() == DocType::HealthInsurance {
                    assert!(
                        date(d, "valid_until").starts_with("2027-"),
                        "{}",
                        c.id_number
                    );
                    let number = text(d, "insurance_number").as_bytes();
                    assert!(
                        number.len() == 15
                            && number[..2].iter().all(u8::is_ascii_uppercase)
                            && number[2..].iter().all(u8::is_ascii_digit),
                        "{}",
                        c.id_number
                    );
                }
            }
        }
    }

    #[test]
    fn every_demo_id_card_and_health_card_carries_both_portraits() {
        let r = Registry::demo();
        let mut cards = 0;
        for c in r.citizens() {
            for d in &c.documents {
                let carries = d.doc_type().field_by_name("portrait").is_some();
                for name in ["portrait", "counter_portrait"] {
                    assert_eq!(
                        matches!(d.get(name), Some(FieldValue::Image(_))),
                        carries,
                        "{} {:?} {name}",
                        c.id_number,
                        d.doc_type()
                    );
                }
                cards += usize::from(carries);
            }
        }
        assert!(cards >= 46, "{cards} documents with portraits");
        assert_eq!(DEMO_PORTRAITS.len(), r.citizens().len());
    }

    #[test]
    fn demo_numbers_are_unique_and_well_formed() {
        let r = Registry::demo();
        let cs = r.citizens();
        let ids: HashSet<_> = cs.iter().map(|c| c.id_number.as_str()).collect();
        let phones: HashSet<_> = cs.iter().map(|c| c.phone.as_str()).collect();
        assert_eq!(ids.len(), cs.len(), "id numbers repeat");
        assert_eq!(phones.len(), cs.len(), "phone numbers repeat");
        let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let mut elderly = 0;
        for (i, c) in cs.iter().enumerate() {
            assert!(digits(&c.id_number, 12), "{}", c.id_number);
            assert!(
                digits(&c.phone, 10) && ["09", "03", "08"].iter().any(|p| c.phone.starts_with(p)),
                "{}",
                c.phone
            );
            let year: u32 = c.date_of_birth[..4].parse().unwrap();
            assert!((1940..=2006).contains(&year), "{}", c.id_number);
            elderly += usize::from(year <= 1960);
            assert_eq!(r.find(&c.id_number).as_deref(), Some(c));
            // Digits 4 to 6 encode sex and century, then the year of birth. The sample citizen
            // (first) predates this rule and is kept as it is.
            if i > 0 {
                let card = &c.documents[0];
                let sex = text(card, "sex");
                let century = match (sex, year / 100) {
                    ("M", 19) => '0',
                    ("F", 19) => '1',
                    ("M", 20) => '2',
                    _ => '3',
                };
                assert_eq!(c.id_number.as_bytes()[3], century as u8, "{}", c.id_number);
                assert_eq!(
                    &c.id_number[4..6],
                    &c.date_of_birth[2..4],
                    "{}",
                    c.id_number
                );
            }
        }
        assert!(elderly >= 3, "{elderly} citizens born 1960 or before");
        assert_eq!(r.find("000000000000"), None);
    }

    #[test]
    fn the_first_citizen_is_the_sample_citizen() {
        let r = Registry::demo();
        let first = &r.citizens()[0];
        assert_eq!(first.id_number, "001099012345");
        assert_eq!(first.phone, "0912345678");
        assert_eq!(r.find("001099012345").as_deref(), Some(first));
        let of = |t| {
            let docs: Vec<_> = first
                .documents
                .iter()
                .filter(|d| d.doc_type() == t)
                .collect();
            assert_eq!(docs.len(), 1, "{t:?}");
            docs[0]
        };
        for t in [
            DocType::CitizenIdCard,
            DocType::DrivingLicence,
            DocType::VehicleRegistration,
        ] {
            assert_eq!(of(t), &sample_document(t), "{t:?}");
        }
        // The health insurance card is the sample's, renewed to the end of 2027.
        let card = of(DocType::HealthInsurance);
        let sample = sample_document(DocType::HealthInsurance);
        assert_eq!(card.fields().count(), sample.fields().count());
        for (spec, value) in sample.fields() {
            if spec.name != "valid_until" {
                assert_eq!(card.get(spec.name), Some(value), "{}", spec.name);
            }
        }
        assert_eq!(date(card, "valid_until"), "2027-12-31");
    }

    #[test]
    fn a_bad_date_names_the_citizen() {
        let mut v = demo_value();
        let id = v[1]["id_number"].as_str().unwrap().to_string();
        let docs = v[1]["documents"].as_array_mut().unwrap();
        let last = docs.len() - 1;
        assert_eq!(docs[last]["doc_type"], "health_insurance");
        docs[last]["fields"]["valid_until"] = json!("2027-02-30");
        let err = load(&v).unwrap_err();
        assert!(
            matches!(
                &err,
                RegistryError::BadDocument {
                    id_number,
                    doc_type: DocType::HealthInsurance,
                    detail: DocumentError::BadValue { field: "valid_until", .. },
                } if *id_number == id
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains(&id), "{err}");
    }

    #[test]
    fn a_repeated_id_number_is_a_duplicate() {
        let mut v = demo_value();
        let again = v[2].clone();
        let id = again["id_number"].as_str().unwrap().to_string();
        v.as_array_mut().unwrap().push(again);
        assert_eq!(load(&v).unwrap_err(), RegistryError::Duplicate(id));
    }

    #[test]
    fn malformed_json_is_a_json_error() {
        for text in ["[{", "", "{}", r#"[{"id_number": "001099012345"}]"#] {
            assert!(
                matches!(Registry::from_json(text), Err(RegistryError::Json(_))),
                "{text:?}"
            );
        }
        let mut v = demo_value();
        v[0]["nickname"] = json!("Mẫu");
        assert!(matches!(load(&v), Err(RegistryError::Json(_))));
        assert_eq!(Registry::from_json("[]").unwrap().citizens().len(), 0);
    }

    #[test]
    fn documents_must_match_their_citizen() {
        let id = "001099012345".to_string();
        let broken = |f: &dyn Fn(&mut Value)| {
            let mut v = demo_value();
            f(&mut v[0]);
            load(&v).unwrap_err()
        };
        assert_eq!(
            broken(&|c| c["documents"][1]["fields"]["full_name"] = json!("Nguyễn Thị Khác")),
            RegistryError::NameMismatch {
                id_number: id.clone(),
                doc_type: DocType::DrivingLicence
            }
        );
        assert_eq!(
            broken(&|c| c["documents"][2]["fields"]["owner_name"] = json!("Nguyễn Thị Khác")),
            RegistryError::NameMismatch {
                id_number: id.clone(),
                doc_type: DocType::VehicleRegistration
            }
        );
        assert_eq!(
            broken(&|c| c["date_of_birth"] = json!("1985-03-15")),
            RegistryError::DateOfBirthMismatch {
                id_number: id.clone(),
                doc_type: DocType::CitizenIdCard
            }
        );
        assert_eq!(
            broken(&|c| c["documents"][0]["fields"]["id_number"] = json!("001099012346")),
            RegistryError::IdNumberMismatch {
                id_number: id.clone()
            }
        );
        assert_eq!(
            broken(&|c| c["documents"][1]["doc_type"] = json!("passport")),
            RegistryError::UnknownDocType {
                id_number: id.clone(),
                doc_type: "passport".into()
            }
        );
        assert_eq!(
            broken(&|c| {
                c["documents"].as_array_mut().unwrap().remove(0);
            }),
            RegistryError::IdCardCount {
                id_number: id.clone(),
                count: 0
            }
        );
        assert!(matches!(
            broken(&|c| c["documents"][0]["fields"]["photo"] = json!("x")),
            RegistryError::BadDocument {
                detail: DocumentError::UnknownField { .. },
                ..
            }
        ));
    }

    /// `citizens` as a JSON Lines file.
    fn lines_file(citizens: &[Value]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        for c in citizens {
            std::io::Write::write_all(&mut f, format!("{c}\n").as_bytes()).unwrap();
        }
        f
    }

    #[test]
    fn a_json_lines_registry_is_read_back_per_lookup_as_the_array_would_be() {
        let all = demo_value();
        let citizens = all.as_array().unwrap();
        let f = lines_file(citizens);
        let lines = Registry::load(f.path()).unwrap();
        let array = Registry::from_json(&all.to_string()).unwrap();
        assert_eq!(lines.len(), citizens.len());
        for c in array.citizens() {
            assert_eq!(lines.find(&c.id_number).as_deref(), Some(c));
        }
        assert!(lines.find("001099012399").is_none());
        assert!(lines.find("not a number").is_none());
        // An array in a file is still read as an array.
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, format!("  {all}").as_bytes()).unwrap();
        assert_eq!(
            Registry::load(f.path()).unwrap().citizens(),
            array.citizens()
        );
    }

    #[test]
    fn a_bad_json_lines_registry_names_the_line() {
        let mut citizens = demo_value().as_array().unwrap()[..3].to_vec();
        citizens[1]["documents"][0]["doc_type"] = json!("passport");
        let e = Registry::load(lines_file(&citizens).path()).unwrap_err();
        assert!(matches!(e, RegistryError::Line { line: 2, .. }), "{e}");
        let mut citizens = demo_value().as_array().unwrap()[..3].to_vec();
        citizens[2] = citizens[0].clone();
        let e = Registry::load(lines_file(&citizens).path()).unwrap_err();
        assert!(matches!(e, RegistryError::Line { line: 3, .. }), "{e}");
        let mut citizens = demo_value().as_array().unwrap()[..1].to_vec();
        citizens[0]["id_number"] = json!("00109901234");
        citizens[0]["documents"][0]["fields"]["id_number"] = json!("00109901234");
        let e = Registry::load(lines_file(&citizens).path()).unwrap_err();
        assert!(e.to_string().contains("12 digits"), "{e}");
        let missing = Registry::load(Path::new("/nonexistent/registry.jsonl")).unwrap_err();
        assert!(matches!(missing, RegistryError::Io(_)));
    }
}
