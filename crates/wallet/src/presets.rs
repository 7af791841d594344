//! Scene presets: the fields a counter usually needs, so the citizen does not pick them one by
//! one. One table for the app (exported to `ui/src/bindings/presets.json`), the benchmarks that
//! report each preset's QR size, and the tests.

use eid_credential::DocType;
use serde::Serialize;

/// One scene and the fields it discloses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preset {
    /// The stable identifier, e.g. `clinic` (the UI translates it).
    pub name: &'static str,
    /// The fields, in the order they matter to the counter: the counter portrait first.
    pub fields: &'static [&'static str],
    /// The document a citizen usually shows for it (benchmarks and size reports use it; the
    /// app offers the preset on every document that carries all its fields).
    pub doc_type: DocType,
}

/// Every preset.
pub const PRESETS: [Preset; 5] = [
    Preset {
        name: "clinic",
        fields: &[
            "counter_portrait",
            "full_name",
            "date_of_birth",
            "insurance_number",
            "valid_until",
        ],
        doc_type: DocType::HealthInsurance,
    },
    Preset {
        name: "hotel",
        fields: &[
            "counter_portrait",
            "full_name",
            "id_number",
            "date_of_birth",
            "place_of_residence",
        ],
        doc_type: DocType::CitizenIdCard,
    },
    Preset {
        name: "traffic",
        fields: &["full_name", "licence_number", "categories", "expiry_date"],
        doc_type: DocType::DrivingLicence,
    },
    Preset {
        name: "age",
        fields: &["counter_portrait", "age_over_18"],
        doc_type: DocType::CitizenIdCard,
    },
    Preset {
        name: "senior",
        fields: &["counter_portrait", "age_over_60"],
        doc_type: DocType::CitizenIdCard,
    },
];

/// The preset with this name.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_names_real_presentable_fields_of_its_document() {
        for p in PRESETS {
            for name in p.fields {
                let spec = p.doc_type.field_by_name(name);
                assert!(spec.is_some_and(|s| s.presentable()), "{}: {name}", p.name);
            }
        }
    }

    #[test]
    fn the_age_presets_never_hold_the_birth_date() {
        for name in ["age", "senior"] {
            let p = preset(name).unwrap();
            assert!(!p.fields.contains(&"date_of_birth"));
            assert_eq!(p.fields[0], "counter_portrait");
        }
    }
}
