//! The document types and their fields, as tables. Adding a document type means adding one
//! variant to [`DocType`] and one table of [`FieldSpec`]s; issuing, presenting, verifying and
//! display all follow from the table.

use crate::account::AccountLevel;
use serde::{Deserialize, Serialize};

/// A field's number inside its document type. It is what the issuer signs a digest under, so a
/// field keeps its id forever; new fields get new ids.
pub type FieldId = u32;

/// The kinds of value a field holds, with their CBOR form (see docs/formats.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Text of 1 to 200 characters (CBOR tstr).
    Text,
    /// A calendar date (CBOR tag 1004 over "YYYY-MM-DD", RFC 8943).
    Date,
    /// "M" or "F" (CBOR tstr).
    Sex,
    /// Driving-licence categories with their validity (CBOR array of [class, from, until/null]).
    Categories,
    /// A yes/no claim the issuer derives from other fields, e.g. `age_over_18` (CBOR `true` or
    /// `false`).
    Bool,
    /// A portrait for the wallet's card: a JPEG or WebP file of at most
    /// [`MAX_PORTRAIT_BYTES`] (CBOR bstr). Never put in a QR.
    Portrait,
    /// A small portrait that travels in a QR presentation, for the clerk to compare with the
    /// face before them: a WebP or JPEG file of at most [`MAX_COUNTER_PORTRAIT_BYTES`] (CBOR
    /// bstr).
    CounterPortrait,
}

/// Largest display portrait, in bytes.
pub const MAX_PORTRAIT_BYTES: usize = 32 * 1024;

/// Largest counter portrait, in bytes: with it the clinic presentation stays within 2,000
/// base45 characters (QR version 31 at ECC M).
pub const MAX_COUNTER_PORTRAIT_BYTES: usize = 1024;

/// The claims an issuer derives from the date of birth at issuance: the field name and the age
/// in whole years the holder had reached on the day of issue (ISO/IEC 18013-5's
/// `age_over_NN`).
pub const AGE_CLAIMS: [(&str, u8); 2] = [("age_over_18", 18), ("age_over_60", 60)];

/// One field of a document type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// The field's number, signed by the issuer.
    pub id: FieldId,
    /// The stable English identifier, e.g. `date_of_birth`, used in JSON, logs and translations.
    pub name: &'static str,
    /// The value kind.
    pub kind: FieldKind,
    /// Whether every document of this type carries it.
    pub required: bool,
}

impl FieldSpec {
    /// Whether the field may be disclosed in a QR presentation: every field but the display
    /// portrait, which is too large for a QR (the counter portrait travels instead).
    pub fn presentable(&self) -> bool {
        self.kind != FieldKind::Portrait
    }

    /// Whether the issuer derives the value itself at issuance ([`AGE_CLAIMS`]).
    pub fn derived(&self) -> bool {
        AGE_CLAIMS.iter().any(|(name, _)| *name == self.name)
    }
}

const fn f(id: FieldId, name: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        id,
        name,
        kind,
        required,
    }
}

use FieldKind::{Bool, Categories, CounterPortrait, Date, Portrait, Sex, Text};

const CITIZEN_ID_CARD: &[FieldSpec] = &[
    f(1, "id_number", Text, true),
    f(2, "full_name", Text, true),
    f(3, "date_of_birth", Date, true),
    f(4, "sex", Sex, true),
    f(5, "nationality", Text, true),
    f(6, "place_of_origin", Text, true),
    f(7, "place_of_residence", Text, true),
    f(8, "issue_date", Date, true),
    f(9, "expiry_date", Date, false),
    f(10, "photo_ref", Text, false),
    f(11, "portrait", Portrait, false),
    f(12, "counter_portrait", CounterPortrait, false),
    f(13, "age_over_18", Bool, false),
    f(14, "age_over_60", Bool, false),
];

const DRIVING_LICENCE: &[FieldSpec] = &[
    f(1, "licence_number", Text, true),
    f(2, "full_name", Text, true),
    f(3, "date_of_birth", Date, true),
    f(4, "categories", Categories, true),
    f(5, "issue_date", Date, true),
    f(6, "expiry_date", Date, false),
    f(7, "issuing_authority", Text, true),
];

const VEHICLE_REGISTRATION: &[FieldSpec] = &[
    f(1, "plate_number", Text, true),
    f(2, "owner_name", Text, true),
    f(3, "owner_address", Text, true),
    f(4, "make", Text, true),
    f(5, "model", Text, true),
    f(6, "chassis_number", Text, true),
    f(7, "engine_number", Text, true),
    f(8, "registration_date", Date, true),
];

const HEALTH_INSURANCE: &[FieldSpec] = &[
    f(1, "insurance_number", Text, true),
    f(2, "full_name", Text, true),
    f(3, "date_of_birth", Date, true),
    f(4, "sex", Sex, true),
    f(5, "benefit_level", Text, true),
    f(6, "registered_clinic", Text, true),
    f(7, "valid_from", Date, true),
    f(8, "valid_until", Date, true),
    f(9, "portrait", Portrait, false),
    f(10, "counter_portrait", CounterPortrait, false),
    f(11, "age_over_18", Bool, false),
    f(12, "age_over_60", Bool, false),
];

const RESIDENCE_CONFIRMATION: &[FieldSpec] = &[
    f(1, "reference_number", Text, true),
    f(2, "full_name", Text, true),
    f(3, "id_number", Text, true),
    f(4, "residence_kind", Text, true),
    f(5, "address", Text, true),
    f(6, "valid_from", Date, true),
    f(7, "valid_until", Date, false),
    f(8, "issuing_authority", Text, true),
    f(9, "issue_date", Date, true),
];

const CRIMINAL_RECORD_CERTIFICATE: &[FieldSpec] = &[
    f(1, "reference_number", Text, true),
    f(2, "full_name", Text, true),
    f(3, "id_number", Text, true),
    f(4, "date_of_birth", Date, true),
    f(5, "certificate_type", Text, true),
    f(6, "record", Text, true),
    f(7, "issuing_authority", Text, true),
    f(8, "issue_date", Date, true),
];

/// The kinds of document the wallet carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// The chip citizen identity card.
    CitizenIdCard,
    /// The driving licence.
    DrivingLicence,
    /// A vehicle registration certificate.
    VehicleRegistration,
    /// The health insurance card.
    HealthInsurance,
    /// A confirmation of a residence declaration (temporary residence, temporary absence,
    /// residence notification), issued when the application is approved.
    ResidenceConfirmation,
    /// A criminal-record certificate (phiếu lý lịch tư pháp), issued on approval.
    CriminalRecordCertificate,
}

impl DocType {
    /// Every document type.
    pub const ALL: [DocType; 6] = [
        DocType::CitizenIdCard,
        DocType::DrivingLicence,
        DocType::VehicleRegistration,
        DocType::HealthInsurance,
        DocType::ResidenceConfirmation,
        DocType::CriminalRecordCertificate,
    ];

    /// The integrated documents, copied from national registries after the level-2 check.
    pub const INTEGRATED: [DocType; 4] = [
        DocType::CitizenIdCard,
        DocType::DrivingLicence,
        DocType::VehicleRegistration,
        DocType::HealthInsurance,
    ];

    /// The number signed in the claim set.
    pub fn code(self) -> u64 {
        match self {
            DocType::CitizenIdCard => 1,
            DocType::DrivingLicence => 2,
            DocType::VehicleRegistration => 3,
            DocType::HealthInsurance => 4,
            DocType::ResidenceConfirmation => 5,
            DocType::CriminalRecordCertificate => 6,
        }
    }

    /// The type for a signed number.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The stable English identifier, e.g. `health_insurance`.
    pub fn name(self) -> &'static str {
        match self {
            DocType::CitizenIdCard => "citizen_id_card",
            DocType::DrivingLicence => "driving_licence",
            DocType::VehicleRegistration => "vehicle_registration",
            DocType::HealthInsurance => "health_insurance",
            DocType::ResidenceConfirmation => "residence_confirmation",
            DocType::CriminalRecordCertificate => "criminal_record_certificate",
        }
    }

    /// The type for its identifier.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The fields, in id order.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            DocType::CitizenIdCard => CITIZEN_ID_CARD,
            DocType::DrivingLicence => DRIVING_LICENCE,
            DocType::VehicleRegistration => VEHICLE_REGISTRATION,
            DocType::HealthInsurance => HEALTH_INSURANCE,
            DocType::ResidenceConfirmation => RESIDENCE_CONFIRMATION,
            DocType::CriminalRecordCertificate => CRIMINAL_RECORD_CERTIFICATE,
        }
    }

    /// The field with this id.
    pub fn field(self, id: FieldId) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|s| s.id == id)
    }

    /// The field with this name.
    pub fn field_by_name(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|s| s.name == name)
    }

    /// The account level needed to hold this document: a residence confirmation answers a
    /// level-1 application; everything else needs the in-person check.
    pub fn required_level(self) -> AccountLevel {
        match self {
            DocType::ResidenceConfirmation => AccountLevel::Level1,
            _ => AccountLevel::Level2,
        }
    }

    /// Whether an account at `level` may hold documents of this type.
    pub fn may_be_held_at(self, level: AccountLevel) -> bool {
        level >= self.required_level()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_one_holds_no_integrated_document() {
        for t in DocType::INTEGRATED {
            assert!(!t.may_be_held_at(AccountLevel::Level1), "{t:?}");
            assert!(t.may_be_held_at(AccountLevel::Level2), "{t:?}");
        }
        assert!(DocType::ResidenceConfirmation.may_be_held_at(AccountLevel::Level1));
        assert!(!DocType::CriminalRecordCertificate.may_be_held_at(AccountLevel::Level1));
    }
    use std::collections::HashSet;

    #[test]
    fn tables_are_consistent() {
        for t in DocType::ALL {
            assert_eq!(DocType::from_code(t.code()), Some(t));
            assert_eq!(DocType::from_name(t.name()), Some(t));
            let ids: HashSet<_> = t.fields().iter().map(|f| f.id).collect();
            let names: HashSet<_> = t.fields().iter().map(|f| f.name).collect();
            assert_eq!(ids.len(), t.fields().len(), "{t:?} has a duplicate id");
            assert_eq!(names.len(), t.fields().len(), "{t:?} has a duplicate name");
            assert!(t.fields().windows(2).all(|w| w[0].id < w[1].id));
        }
        assert_eq!(DocType::from_code(0), None);
        assert_eq!(
            DocType::HealthInsurance
                .field_by_name("valid_until")
                .map(|f| f.id),
            Some(8)
        );
    }
}
