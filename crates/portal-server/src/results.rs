//! The document an approved application issues into the wallet: a residence confirmation for
//! the three residence forms, a criminal-record certificate for the fourth. Pure: the caller
//! supplies the applicant, the application id and the day.

use eid_credential::{DocType, Document, DocumentError};
use eid_portal_api::forms::{Address, ApplicationForm, CertificateType};

/// The applicant as the portal knows them.
pub struct Applicant<'a> {
    /// Full name.
    pub full_name: &'a str,
    /// ID number.
    pub id_number: &'a str,
    /// Date of birth, YYYY-MM-DD.
    pub date_of_birth: &'a str,
}

/// Issuing authority named on residence confirmations (demo).
pub const RESIDENCE_AUTHORITY: &str = "Công an cấp xã (demo)";
/// Issuing authority named on criminal-record certificates (demo).
pub const RECORD_AUTHORITY: &str = "Trung tâm Lý lịch tư pháp quốc gia (demo)";
/// What the demo registry records for everyone.
pub const CLEAN_RECORD: &str = "Không có án tích";

/// A document text field: trimmed, at most 200 characters.
fn text(s: &str) -> String {
    s.trim()
        .chars()
        .take(200)
        .collect::<String>()
        .trim()
        .to_owned()
}

fn address(a: &Address) -> String {
    text(&format!(
        "{}, {}, {}, {}",
        a.line, a.ward, a.district, a.province
    ))
}

/// The result document of `form`, approved on `today` (YYYY-MM-DD).
pub fn result_document(
    form: &ApplicationForm,
    application_id: &str,
    applicant: &Applicant<'_>,
    today: &str,
) -> Result<Document, DocumentError> {
    let short: String = application_id
        .chars()
        .take(12)
        .collect::<String>()
        .to_uppercase();
    let residence = |kind: &str, place: &Address, from: &str, until: &str| {
        let reference = format!("CT-{short}");
        let place = address(place);
        let name = text(applicant.full_name);
        Document::from_text(
            DocType::ResidenceConfirmation,
            [
                ("reference_number", reference.as_str()),
                ("full_name", name.as_str()),
                ("id_number", applicant.id_number),
                ("residence_kind", kind),
                ("address", place.as_str()),
                ("valid_from", from),
                ("valid_until", until),
                ("issuing_authority", RESIDENCE_AUTHORITY),
                ("issue_date", today),
            ],
        )
    };
    match form {
        ApplicationForm::TemporaryResidence {
            address: a,
            from,
            until,
            ..
        } => residence("temporary_residence", a, from, until),
        ApplicationForm::TemporaryAbsence {
            destination,
            from,
            until,
            ..
        } => residence("temporary_absence", destination, from, until),
        ApplicationForm::ResidenceNotification {
            address: a,
            from,
            until,
            ..
        } => residence("residence_notification", a, from, until),
        ApplicationForm::CriminalRecord { certificate, .. } => {
            let reference = format!("LLTP-{short}");
            let name = text(applicant.full_name);
            let kind = match certificate {
                CertificateType::Type1 => "1",
                CertificateType::Type2 => "2",
            };
            Document::from_text(
                DocType::CriminalRecordCertificate,
                [
                    ("reference_number", reference.as_str()),
                    ("full_name", name.as_str()),
                    ("id_number", applicant.id_number),
                    ("date_of_birth", applicant.date_of_birth),
                    ("certificate_type", kind),
                    ("record", CLEAN_RECORD),
                    ("issuing_authority", RECORD_AUTHORITY),
                    ("issue_date", today),
                ],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eid_credential::FieldValue;

    const WHO: Applicant<'static> = Applicant {
        full_name: "Trần Văn Thử",
        id_number: "079090001234",
        date_of_birth: "1990-01-02",
    };

    fn place(line: &str) -> Address {
        Address {
            line: line.into(),
            ward: "Phường Bến Nghé".into(),
            district: "Quận 1".into(),
            province: "TP. Hồ Chí Minh".into(),
        }
    }

    #[test]
    fn a_residence_form_gives_a_confirmation_with_its_dates() {
        let form = ApplicationForm::TemporaryAbsence {
            from: "2026-12-01".into(),
            until: "2027-01-31".into(),
            destination: place("Số 5 Lê Lợi"),
            reason: "work".into(),
        };
        let d = result_document(&form, "abcdef0123456789", &WHO, "2026-11-23").unwrap();
        assert_eq!(d.doc_type(), DocType::ResidenceConfirmation);
        assert_eq!(
            d.get("residence_kind"),
            Some(&FieldValue::Text("temporary_absence".into()))
        );
        assert_eq!(
            d.get("reference_number"),
            Some(&FieldValue::Text("CT-ABCDEF012345".into()))
        );
        assert_eq!(
            d.get("address"),
            Some(&FieldValue::Text(
                "Số 5 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".into()
            ))
        );
    }

    #[test]
    fn a_very_long_address_is_cut_to_a_valid_field() {
        let form = ApplicationForm::ResidenceNotification {
            address: place(&"x".repeat(200)),
            from: "2026-12-01".into(),
            until: "2026-12-03".into(),
            host_name: "Chủ nhà".into(),
        };
        let d = result_document(&form, "1", &WHO, "2026-11-23").unwrap();
        let Some(FieldValue::Text(a)) = d.get("address") else {
            panic!("address missing");
        };
        assert_eq!(a.chars().count(), 200);
    }

    #[test]
    fn a_criminal_record_request_gives_a_certificate_of_its_type() {
        let form = ApplicationForm::CriminalRecord {
            certificate: CertificateType::Type2,
            purpose: "xin việc".into(),
            copies: 1,
            delivery: place("Số 1"),
        };
        let d = result_document(&form, "77", &WHO, "2026-11-23").unwrap();
        assert_eq!(d.doc_type(), DocType::CriminalRecordCertificate);
        assert_eq!(
            d.get("certificate_type"),
            Some(&FieldValue::Text("2".into()))
        );
        assert_eq!(
            d.get("record"),
            Some(&FieldValue::Text(CLEAN_RECORD.into()))
        );
    }
}
