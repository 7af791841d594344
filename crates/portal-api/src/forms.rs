//! The four application forms, with the fields the real paper forms ask for, and their
//! validation. The same function runs in the app (offline, as the citizen types) and on the
//! server (which never trusts the app), so both give the same field errors.

use crate::constraints::{FormText, IdNumber};
use crate::error::{FieldCode, FieldError};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use utoipa::ToSchema;

pub use crate::constraints::MAX_TEXT;
/// Longest temporary residence registration, in days (two years).
pub const MAX_RESIDENCE_DAYS: i64 = 731;

/// A Vietnamese address: street line, ward/commune, district, province/city.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    /// House number and street, or hamlet.
    #[schema(value_type = FormText)]
    pub line: String,
    /// Ward or commune.
    #[schema(value_type = FormText)]
    pub ward: String,
    /// District.
    #[schema(value_type = FormText)]
    pub district: String,
    /// Province or city.
    #[schema(value_type = FormText)]
    pub province: String,
}

/// The person who owns or rents out the place where the citizen stays.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Host {
    /// Full name.
    #[schema(value_type = FormText)]
    pub full_name: String,
    /// 12-digit ID number.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// The citizen's relationship to the host (e.g. "tenant", "relative").
    #[schema(value_type = FormText)]
    pub relationship: String,
}

/// Which copy of the criminal-record certificate (Phiếu lý lịch tư pháp).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertificateType {
    /// Type 1: for the citizen, convictions not yet cleared.
    Type1,
    /// Type 2: full history, for the authorities or at the citizen's own request.
    Type2,
}

/// An application form, tagged by `kind`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, strum::EnumDiscriminants,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[strum_discriminants(
    name(ApplicationKind),
    doc = "The kinds of application, one per form (the UI's catalogue lists them all).",
    derive(strum::VariantArray, strum::IntoStaticStr),
    strum(serialize_all = "snake_case")
)]
pub enum ApplicationForm {
    /// Temporary residence registration (đăng ký tạm trú). Level 1.
    TemporaryResidence {
        /// Where the citizen will live.
        address: Address,
        /// First day (YYYY-MM-DD).
        #[schema(value_type = crate::constraints::Date)]
        from: String,
        /// Last day (YYYY-MM-DD), at most two years after `from`.
        #[schema(value_type = crate::constraints::Date)]
        until: String,
        /// Why (work, study, …).
        #[schema(value_type = FormText)]
        reason: String,
        /// The place's owner or landlord.
        host: Host,
    },
    /// Temporary absence declaration (khai báo tạm vắng). Level 1.
    TemporaryAbsence {
        /// First day away.
        #[schema(value_type = crate::constraints::Date)]
        from: String,
        /// Last day away.
        #[schema(value_type = crate::constraints::Date)]
        until: String,
        /// Where the citizen goes.
        destination: Address,
        /// Why.
        #[schema(value_type = FormText)]
        reason: String,
    },
    /// Residence notification (thông báo lưu trú): a short stay away from home. Level 1.
    ResidenceNotification {
        /// Where the citizen stays.
        address: Address,
        /// First night.
        #[schema(value_type = crate::constraints::Date)]
        from: String,
        /// Last night.
        #[schema(value_type = crate::constraints::Date)]
        until: String,
        /// The host's full name.
        #[schema(value_type = FormText)]
        host_name: String,
    },
    /// Criminal-record certificate (phiếu lý lịch tư pháp). Level 2.
    CriminalRecord {
        /// Which certificate.
        certificate: CertificateType,
        /// What it is for.
        #[schema(value_type = FormText)]
        purpose: String,
        /// Paper copies, 1 to 10 (the electronic one is always issued).
        #[schema(minimum = 1, maximum = 10)]
        copies: u8,
        /// Where paper copies are delivered.
        delivery: Address,
    },
}

/// The schema of an application kind's name (the `kind` of its form).
pub struct ApplicationKindName;

impl utoipa::PartialSchema for ApplicationKindName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use strum::VariantArray;
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(
                ApplicationKind::VARIANTS
                    .iter()
                    .map(|k| <&'static str>::from(*k)),
            ))
            .description(Some("A kind of application (the `kind` of its form)."))
            .build()
            .into()
    }
}

impl utoipa::ToSchema for ApplicationKindName {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("ApplicationKindName")
    }
}

impl ApplicationForm {
    /// The kind code, as in the JSON `kind` field.
    pub fn kind(&self) -> &'static str {
        ApplicationKind::from(self).into()
    }

    /// The form with every text in the form it must be sent in (NFC, trimmed): what the app
    /// does before checking and sending, so that spaces typed at the ends or a decomposed
    /// keyboard never cost the citizen a refusal.
    pub fn normalized(&self) -> ApplicationForm {
        use eid_credential::text::normalize as n;
        let address = |a: &Address| Address {
            line: n(&a.line),
            ward: n(&a.ward),
            district: n(&a.district),
            province: n(&a.province),
        };
        match self {
            ApplicationForm::TemporaryResidence {
                address: a,
                from,
                until,
                reason,
                host,
            } => ApplicationForm::TemporaryResidence {
                address: address(a),
                from: n(from),
                until: n(until),
                reason: n(reason),
                host: Host {
                    full_name: n(&host.full_name),
                    id_number: n(&host.id_number),
                    relationship: n(&host.relationship),
                },
            },
            ApplicationForm::TemporaryAbsence {
                from,
                until,
                destination,
                reason,
            } => ApplicationForm::TemporaryAbsence {
                from: n(from),
                until: n(until),
                destination: address(destination),
                reason: n(reason),
            },
            ApplicationForm::ResidenceNotification {
                address: a,
                from,
                until,
                host_name,
            } => ApplicationForm::ResidenceNotification {
                address: address(a),
                from: n(from),
                until: n(until),
                host_name: n(host_name),
            },
            ApplicationForm::CriminalRecord {
                certificate,
                purpose,
                copies,
                delivery,
            } => ApplicationForm::CriminalRecord {
                certificate: *certificate,
                purpose: n(purpose),
                copies: *copies,
                delivery: address(delivery),
            },
        }
    }

    /// The account level this application needs.
    pub fn required_level(&self) -> u8 {
        match self {
            ApplicationForm::CriminalRecord { .. } => 2,
            _ => 1,
        }
    }
}

struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn fail(&mut self, field: &str, code: FieldCode, message: &str) {
        self.errors.push(FieldError::new(field, code, message));
    }

    /// The documents' text rule (`eid_credential::text`), so a result document can always be
    /// made from what was accepted.
    fn text(&mut self, field: &str, value: &str) {
        use eid_credential::text::{check, TextProblem};
        match check(value, MAX_TEXT, false) {
            Ok(()) => {}
            Err(TextProblem::Empty) => {
                self.fail(field, FieldCode::Required, "this field is required")
            }
            Err(TextProblem::TooLong) => {
                self.fail(field, FieldCode::TooLong, "at most 200 characters")
            }
            Err(TextProblem::Control | TextProblem::Bidi) => self.fail(
                field,
                FieldCode::BadCharacters,
                "line breaks, control and text-direction characters are not allowed",
            ),
            Err(TextProblem::OuterSpace | TextProblem::NotNfc) => self.fail(
                field,
                FieldCode::NotNormalized,
                "no spaces at either end, and Unicode NFC (the app does this before sending)",
            ),
        }
    }

    fn address(&mut self, field: &str, a: &Address) {
        self.text(&format!("{field}.line"), &a.line);
        self.text(&format!("{field}.ward"), &a.ward);
        self.text(&format!("{field}.district"), &a.district);
        self.text(&format!("{field}.province"), &a.province);
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Date> {
        match parse_date(value) {
            Some(d) => Some(d),
            None => {
                self.fail(
                    field,
                    FieldCode::NotADate,
                    "a real date is needed, like 2026-12-31",
                );
                None
            }
        }
    }

    /// `from` not in the past, `until` not before `from`, at most `max_days` apart.
    fn period(&mut self, from: &str, until: &str, today: Date, max_days: i64) {
        let (f, u) = (self.date("from", from), self.date("until", until));
        if let Some(f) = f {
            if f < today {
                self.fail(
                    "from",
                    FieldCode::InThePast,
                    "the start date cannot be in the past",
                );
            }
        }
        if let (Some(f), Some(u)) = (f, u) {
            if u < f {
                self.fail(
                    "until",
                    FieldCode::BeforeStart,
                    "the end date is before the start date",
                );
            } else if u - f > Duration::days(max_days) {
                self.fail("until", FieldCode::TooLongPeriod, "the period is too long");
            }
        }
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if s.len() != 10 {
        return None;
    }
    Date::parse(s, format).ok()
}

/// Whether `s` is a 12-digit ID number.
pub fn is_id_number(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a form as of `today`; every problem is reported, not just the first.
pub fn validate(form: &ApplicationForm, today: Date) -> Result<(), Vec<FieldError>> {
    let mut c = Check { errors: Vec::new() };
    match form {
        ApplicationForm::TemporaryResidence {
            address,
            from,
            until,
            reason,
            host,
        } => {
            c.address("address", address);
            c.period(from, until, today, MAX_RESIDENCE_DAYS);
            c.text("reason", reason);
            c.text("host.full_name", &host.full_name);
            c.text("host.relationship", &host.relationship);
            if !is_id_number(&host.id_number) {
                c.fail(
                    "host.id_number",
                    FieldCode::NotAnIdNumber,
                    "the ID number has 12 digits",
                );
            }
        }
        ApplicationForm::TemporaryAbsence {
            from,
            until,
            destination,
            reason,
        } => {
            c.period(from, until, today, MAX_RESIDENCE_DAYS);
            c.address("destination", destination);
            c.text("reason", reason);
        }
        ApplicationForm::ResidenceNotification {
            address,
            from,
            until,
            host_name,
        } => {
            c.address("address", address);
            c.period(from, until, today, 30);
            c.text("host_name", host_name);
        }
        ApplicationForm::CriminalRecord {
            purpose,
            copies,
            delivery,
            ..
        } => {
            c.text("purpose", purpose);
            if !(1..=10).contains(copies) {
                c.fail("copies", FieldCode::OutOfRange, "from 1 to 10 copies");
            }
            c.address("delivery", delivery);
        }
    }
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(c.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn addr() -> Address {
        Address {
            line: "12 Phố Huế".into(),
            ward: "Ngô Thì Nhậm".into(),
            district: "Hai Bà Trưng".into(),
            province: "Hà Nội".into(),
        }
    }

    fn residence(from: &str, until: &str) -> ApplicationForm {
        ApplicationForm::TemporaryResidence {
            address: addr(),
            from: from.into(),
            until: until.into(),
            reason: "work".into(),
            host: Host {
                full_name: "Trần Văn Chủ".into(),
                id_number: "001080000001".into(),
                relationship: "tenant".into(),
            },
        }
    }

    fn codes(r: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_good_form_passes_and_round_trips() {
        let f = residence("2026-12-01", "2027-11-30");
        assert_eq!(validate(&f, TODAY), Ok(()));
        let json = serde_json::to_string(&f).unwrap();
        assert!(
            json.starts_with("{\"kind\":\"temporary_residence\""),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ApplicationForm>(&json).unwrap(), f);
        assert_eq!(f.required_level(), 1);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut f = residence("2026-02-30", "2026-11-01");
        if let ApplicationForm::TemporaryResidence {
            address,
            host,
            reason,
            ..
        } = &mut f
        {
            address.ward = " ".into();
            host.id_number = "12345".into();
            *reason = "a\nb".into();
        }
        assert_eq!(
            codes(validate(&f, TODAY)),
            [
                ("address.ward", "required"),
                ("from", "not_a_date"),
                ("reason", "bad_characters"),
                ("host.id_number", "not_an_id_number"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(
            codes(validate(&residence("2026-11-01", "2026-12-01"), TODAY)),
            [("from".to_string(), "in_the_past".to_string())]
        );
        assert_eq!(
            codes(validate(&residence("2026-12-01", "2026-11-30"), TODAY)),
            [("until".to_string(), "before_start".to_string())]
        );
        assert_eq!(
            codes(validate(&residence("2026-12-01", "2029-01-01"), TODAY)),
            [("until".to_string(), "too_long_period".to_string())]
        );
    }

    #[test]
    fn criminal_record_needs_level_two_and_sane_copies() {
        let f = ApplicationForm::CriminalRecord {
            certificate: CertificateType::Type1,
            purpose: "employment".into(),
            copies: 0,
            delivery: addr(),
        };
        assert_eq!(f.required_level(), 2);
        assert_eq!(
            codes(validate(&f, TODAY)),
            [("copies".to_string(), "out_of_range".to_string())]
        );
        let long = ApplicationForm::ResidenceNotification {
            address: addr(),
            from: "2026-11-23".into(),
            until: "2027-01-01".into(),
            host_name: "x".repeat(201),
        };
        assert_eq!(
            codes(validate(&long, TODAY)),
            [("until", "too_long_period"), ("host_name", "too_long")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }
}
