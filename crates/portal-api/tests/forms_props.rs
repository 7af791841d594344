//! Property tests: any JSON body either fails to parse as a form or validates without panicking;
//! any text as a date is parsed only when it is a real YYYY-MM-DD date.

use eid_portal_api::forms::{self, ApplicationForm};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_body_parses_or_is_refused(body in "\\PC{0,300}", kind in prop::sample::select(vec!["temporary_residence", "temporary_absence", "residence_notification", "criminal_record"])) {
        let json = format!("{{\"kind\":\"{kind}\",{body}");
        if let Ok(form) = serde_json::from_str::<ApplicationForm>(&json) {
            let today = time::macros::date!(2026 - 11 - 23);
            if let Err(errors) = forms::validate(&form, today) {
                prop_assert!(!errors.is_empty());
            }
        }
    }

    #[test]
    fn dates_parse_only_when_real(y in 0u32..10_000, m in 0u32..15, d in 0u32..40) {
        let s = format!("{y:04}-{m:02}-{d:02}");
        let real = time::Month::try_from(m as u8).ok().and_then(|mo| time::Date::from_calendar_date(y as i32, mo, d as u8).ok());
        prop_assert_eq!(forms::parse_date(&s), real);
    }
}

/// A pattern of `constraints` without its `^…$` anchors (proptest generates whole strings).
fn unanchored(pattern: &str) -> &str {
    pattern
        .strip_prefix('^')
        .unwrap()
        .strip_suffix('$')
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// What the OpenAPI schema calls a valid form text and ID number, the validation takes.
    #[test]
    fn schema_valid_text_is_valid_form_text(
        text in unanchored(eid_portal_api::constraints::FORM_TEXT),
        id_number in unanchored(eid_portal_api::constraints::ID_NUMBER),
    ) {
        prop_assume!(text.chars().count() <= forms::MAX_TEXT);
        // NFC is the one part of the rule no pattern can say (the schema's description does).
        prop_assume!(unicode_normalization::is_nfc(&text));
        // Above U+FFFF the pattern cannot name what the rule refuses (constraints.rs says why).
        prop_assume!(!text.chars().any(|c| u32::from(c) > 0xffff
            && (eid_credential::text::is_format(c) || eid_credential::text::is_private_or_noncharacter(c))));
        let form = ApplicationForm::ResidenceNotification {
            address: forms::Address { line: text.clone(), ward: text.clone(), district: text.clone(), province: text.clone() },
            from: "2026-11-23".into(),
            until: "2026-11-30".into(),
            host_name: text,
        };
        prop_assert_eq!(forms::validate(&form, time::macros::date!(2026 - 11 - 23)), Ok(()));
        prop_assert!(forms::is_id_number(&id_number));
    }
}
