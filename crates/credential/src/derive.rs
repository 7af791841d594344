//! Claims the issuer derives at issuance instead of copying them from the registry: today the
//! `age_over_NN` claims of ISO/IEC 18013-5, so a hotel or a pharmacy can learn "over 18" without
//! the birth date.

use crate::document::{Document, FieldValue};
use crate::schema::AGE_CLAIMS;
use crate::UnixTime;
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime, UtcOffset};

/// The offset of the issuing country's civil time (Vietnam, UTC+7, no daylight saving): a
/// birthday starts at local midnight.
pub const CIVIL_OFFSET_HOURS: i8 = 7;

/// The calendar day at `at` in the issuing country.
pub fn civil_day(at: UnixTime) -> Option<Date> {
    let offset = UtcOffset::from_hms(CIVIL_OFFSET_HOURS, 0, 0).ok()?;
    let utc = OffsetDateTime::from_unix_timestamp(i64::try_from(at).ok()?).ok()?;
    Some(utc.to_offset(offset).date())
}

/// Whole years from `birth` to `day`: one more on each birthday. Someone born on 29 February
/// has a birthday on 1 March in years without one.
pub fn age_on(birth: Date, day: Date) -> i32 {
    let before_birthday = (day.month() as u8, day.day()) < (birth.month() as u8, birth.day());
    day.year() - birth.year() - i32::from(before_birthday)
}

/// `document` with the derived claims its type defines, computed for the day of `issued_at`;
/// any value given for them is replaced, so only the issuer's computation is ever signed. A
/// document without a date of birth gets none.
pub fn with_derived_claims(document: &Document, issued_at: UnixTime) -> Document {
    let doc_type = document.doc_type();
    let mut fields: BTreeMap<_, _> = document
        .fields()
        .filter(|(spec, _)| !spec.derived())
        .map(|(spec, value)| (spec.id, value.clone()))
        .collect();
    let birth = match document.get("date_of_birth") {
        Some(FieldValue::Date(d)) => Some(*d),
        _ => None,
    };
    if let (Some(birth), Some(day)) = (birth, civil_day(issued_at)) {
        let age = age_on(birth, day);
        for (name, years) in AGE_CLAIMS {
            if let Some(spec) = doc_type.field_by_name(name) {
                fields.insert(spec.id, FieldValue::Bool(age >= i32::from(years)));
            }
        }
    }
    Document::from_fields(doc_type, fields).unwrap_or_else(|_| document.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::DocType;
    use time::macros::date;

    #[test]
    fn an_age_grows_on_the_birthday_and_leap_day_births_wait_for_march() {
        assert_eq!(age_on(date!(2008 - 12 - 02), date!(2026 - 12 - 01)), 17);
        assert_eq!(age_on(date!(2008 - 12 - 02), date!(2026 - 12 - 02)), 18);
        assert_eq!(age_on(date!(2004 - 02 - 29), date!(2022 - 02 - 28)), 17);
        assert_eq!(age_on(date!(2004 - 02 - 29), date!(2022 - 03 - 01)), 18);
        assert_eq!(age_on(date!(2004 - 02 - 29), date!(2024 - 02 - 29)), 20);
    }

    #[test]
    fn the_civil_day_is_vietnams() {
        // 2026-12-01T17:00:00Z is midnight of 2 December in Hanoi.
        assert_eq!(civil_day(1_796_144_400), Some(date!(2026 - 12 - 02)));
        assert_eq!(civil_day(1_796_144_399), Some(date!(2026 - 12 - 01)));
    }

    fn card(birth: &str, extra: &[(&'static str, FieldValue)]) -> Document {
        let mut values = vec![
            (
                "insurance_number",
                FieldValue::Text("HC4010123456789".into()),
            ),
            ("full_name", FieldValue::Text("Người Mẫu".into())),
            (
                "date_of_birth",
                FieldValue::Date(crate::document::parse_date(birth).unwrap()),
            ),
            ("sex", FieldValue::Text("F".into())),
            ("benefit_level", FieldValue::Text("4".into())),
            ("registered_clinic", FieldValue::Text("Trạm Y tế".into())),
            (
                "valid_from",
                FieldValue::Date(time::macros::date!(2026 - 01 - 01)),
            ),
            (
                "valid_until",
                FieldValue::Date(time::macros::date!(2026 - 12 - 31)),
            ),
        ];
        values.extend(extra.iter().cloned());
        Document::new(DocType::HealthInsurance, values).unwrap()
    }

    #[test]
    fn derived_claims_replace_what_was_given() {
        // Issued on 2026-12-02 (Hanoi) to someone who turns 18 that day.
        let doc = card("2008-12-02", &[("age_over_60", FieldValue::Bool(true))]);
        let derived = with_derived_claims(&doc, 1_796_144_400);
        assert_eq!(derived.get("age_over_18"), Some(&FieldValue::Bool(true)));
        assert_eq!(derived.get("age_over_60"), Some(&FieldValue::Bool(false)));
        let day_before = with_derived_claims(&doc, 1_796_144_399);
        assert_eq!(
            day_before.get("age_over_18"),
            Some(&FieldValue::Bool(false))
        );
        assert_eq!(derived.get("full_name"), doc.get("full_name"));
    }

    #[test]
    fn a_type_without_age_claims_gets_none() {
        let doc = Document::from_text(
            DocType::VehicleRegistration,
            [
                ("plate_number", "29A-123.45"),
                ("owner_name", "Người Mẫu"),
                ("owner_address", "Hà Nội"),
                ("make", "VinFast"),
                ("model", "VF 5"),
                ("chassis_number", "RLLV0A1B2C3D45678"),
                ("engine_number", "EM123"),
                ("registration_date", "2024-01-01"),
            ],
        )
        .unwrap();
        assert_eq!(with_derived_claims(&doc, 1_796_144_400), doc);
    }
}
