//! A reproducible sample world — root, issuer and holder keys derived from a seed, and one
//! document of each type for an invented citizen — so that anyone can test a verifier against
//! `eid sample` output, and tests and benchmarks share one set of data.

use crate::document::{Document, FieldValue};
use crate::issue::{issue, IssuedDocument, Validity};
use crate::keys::{Signer, SoftwareKey};
use crate::schema::DocType;
use crate::status::{StatusList, StatusListToken};
use crate::trust::{IssuerEntry, TrustBundle, TrustList};
use crate::UnixTime;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

const DAY: u64 = 86_400;
const YEAR: u64 = 365 * DAY;

/// The sample issuer's name in the trust list.
pub const ISSUER_NAME: &str = "Cơ quan cấp giấy tờ mẫu (sample issuer)";

/// The fields a clinic counter asks for on a health insurance card.
pub const CLINIC_FIELDS: [&str; 5] = [
    "insurance_number",
    "full_name",
    "date_of_birth",
    "valid_from",
    "valid_until",
];

/// The fields of the sample printed card (an ID card): the counter portrait first, then the
/// fields a portal prints when the officer does not choose.
pub const PRINTED_CARD_FIELDS: [&str; 4] = [
    "counter_portrait",
    "full_name",
    "date_of_birth",
    "id_number",
];

/// The status-list index of the sample printed card (its own, beside the phone documents').
pub const PRINTED_CARD_STATUS_INDEX: u64 = 900;

/// Keys, trust list and status list of a sample world.
pub struct SampleWorld {
    /// The seed everything derives from.
    pub seed: u64,
    /// The time the world is set at.
    pub at: UnixTime,
    /// The root key that signs the trust and status lists.
    pub root: SoftwareKey,
    /// The issuer key that signs documents.
    pub issuer: SoftwareKey,
    /// The holder's device key.
    pub holder: SoftwareKey,
    /// The trust list (the issuer, valid one year before to ten years after `at`).
    pub trust_list: TrustList,
    /// The status list for the issuer, nothing revoked, signed at `at`.
    pub status: StatusListToken,
}

impl SampleWorld {
    /// The world for a seed, at a time.
    pub fn new(seed: u64, at: UnixTime) -> Self {
        let s = seed.to_be_bytes();
        let root = SoftwareKey::from_seed("eid-sample-root", &s);
        let issuer = SoftwareKey::from_seed("eid-sample-issuer", &s);
        let holder = SoftwareKey::from_seed("eid-sample-holder", &s);
        let trust_list = TrustList {
            issued_at: at,
            next_update: at + 7 * DAY,
            issuers: vec![IssuerEntry {
                kid: issuer.public_key().key_id(),
                name: ISSUER_NAME.to_string(),
                key: issuer.public_key().clone(),
                not_before: at.saturating_sub(YEAR),
                not_after: at + 10 * YEAR,
                doc_types: DocType::ALL.to_vec(),
            }],
        };
        let status = StatusListToken {
            issuer: issuer.public_key().key_id(),
            issued_at: at,
            expires_at: at + DAY,
            list: StatusList::new(1024),
        };
        SampleWorld {
            seed,
            at,
            root,
            issuer,
            holder,
            trust_list,
            status,
        }
    }

    /// A deterministic random source for salts, derived from the seed and a label.
    pub fn rng(&self, label: u64) -> ChaCha20Rng {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&self.seed.to_be_bytes());
        seed[8..16].copy_from_slice(&label.to_be_bytes());
        ChaCha20Rng::from_seed(seed)
    }

    /// The sample document of a type, issued one hour before `at`, valid five years, with the
    /// status-list index equal to the type's code.
    pub fn issue(&self, doc_type: DocType) -> IssuedDocument {
        let issued_at = self.at.saturating_sub(3600);
        let validity = Validity {
            issued_at,
            not_before: issued_at,
            expires_at: issued_at + 5 * YEAR,
        };
        let mut rng = self.rng(doc_type.code());
        match issue(
            &sample_document(doc_type),
            &self.issuer,
            self.holder.public_key(),
            validity,
            doc_type.code(),
            &mut rng,
        ) {
            Ok(doc) => doc,
            // The sample's validity is never empty and software keys always sign.
            Err(e) => unreachable!("sample issuing cannot fail: {e}"),
        }
    }

    /// The trust bundle a verifier of this world caches.
    pub fn bundle(&self) -> TrustBundle {
        let sign = |r: Result<Vec<u8>, _>| match r {
            Ok(b) => b,
            Err(e) => unreachable!("software keys always sign: {e:?}"),
        };
        TrustBundle {
            root: self.root.public_key().clone(),
            trust_list: sign(self.trust_list.sign(&self.root)),
            status_lists: vec![sign(self.status.sign(&self.root))],
        }
    }
}

/// The sample citizen's synthetic display portrait (assets/portraits).
pub const SAMPLE_PORTRAIT: &[u8] =
    include_bytes!("../../../assets/portraits/001099012345.display.webp");
/// The sample citizen's synthetic counter portrait, the one that travels in QR codes.
pub const SAMPLE_COUNTER_PORTRAIT: &[u8] =
    include_bytes!("../../../assets/portraits/001099012345.counter.webp");

/// The invented citizen's document of a type; the citizen ID card and the health insurance
/// card carry the sample portraits. The derived claims (`age_over_NN`) are added at issuance.
pub fn sample_document(doc_type: DocType) -> Document {
    let fields: &[(&str, &str)] = match doc_type {
        DocType::CitizenIdCard => &[
            ("id_number", "001099012345"),
            ("full_name", "Nguyễn Thị Mẫu"),
            ("date_of_birth", "1985-03-14"),
            ("sex", "F"),
            ("nationality", "Việt Nam"),
            ("place_of_origin", "Xã Mẫu, Huyện Mẫu, Tỉnh Mẫu"),
            (
                "place_of_residence",
                "Số 1 Phố Mẫu, Phường Mẫu, Quận Mẫu, Hà Nội",
            ),
            ("issue_date", "2021-06-15"),
            ("expiry_date", "2045-03-14"),
        ],
        DocType::DrivingLicence => &[
            ("licence_number", "010123456789"),
            ("full_name", "Nguyễn Thị Mẫu"),
            ("date_of_birth", "1985-03-14"),
            ("categories", "A1:2010-05-01:;B2:2015-08-20:2035-08-20"),
            ("issue_date", "2015-08-20"),
            ("expiry_date", "2035-08-20"),
            ("issuing_authority", "Sở Giao thông Vận tải Hà Nội"),
        ],
        DocType::VehicleRegistration => &[
            ("plate_number", "29A-123.45"),
            ("owner_name", "Nguyễn Thị Mẫu"),
            (
                "owner_address",
                "Số 1 Phố Mẫu, Phường Mẫu, Quận Mẫu, Hà Nội",
            ),
            ("make", "VinFast"),
            ("model", "VF 5"),
            ("chassis_number", "RLLV0A1B2C3D45678"),
            ("engine_number", "EM123456"),
            ("registration_date", "2024-01-10"),
        ],
        DocType::HealthInsurance => &[
            ("insurance_number", "DN4010123456789"),
            ("full_name", "Nguyễn Thị Mẫu"),
            ("date_of_birth", "1985-03-14"),
            ("sex", "F"),
            ("benefit_level", "4"),
            ("registered_clinic", "Bệnh viện Đa khoa Mẫu (01-001)"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2026-12-31"),
        ],
        DocType::ResidenceConfirmation => &[
            ("reference_number", "TT-2026-000001"),
            ("full_name", "Nguyễn Thị Mẫu"),
            ("id_number", "001099012345"),
            ("residence_kind", "temporary_residence"),
            ("address", "Số 9 Đường Mẫu, Phường Mẫu, Quận Mẫu, Đà Nẵng"),
            ("valid_from", "2026-11-01"),
            ("valid_until", "2027-10-31"),
            ("issuing_authority", "Công an Phường Mẫu"),
            ("issue_date", "2026-11-02"),
        ],
        DocType::CriminalRecordCertificate => &[
            ("reference_number", "LLTP-2026-000001"),
            ("full_name", "Nguyễn Thị Mẫu"),
            ("id_number", "001099012345"),
            ("date_of_birth", "1985-03-14"),
            ("certificate_type", "1"),
            ("record", "Không có án tích"),
            ("issuing_authority", "Sở Tư pháp Hà Nội"),
            ("issue_date", "2026-11-02"),
        ],
    };
    let mut values = Vec::with_capacity(fields.len() + 2);
    for (name, text) in fields {
        match doc_type
            .field_by_name(name)
            .map(|spec| FieldValue::parse_text(spec, text))
        {
            Some(Ok(value)) => values.push((*name, value)),
            other => unreachable!("the sample documents are valid: {name} {other:?}"),
        }
    }
    for (name, bytes) in [
        ("portrait", SAMPLE_PORTRAIT),
        ("counter_portrait", SAMPLE_COUNTER_PORTRAIT),
    ] {
        if doc_type.field_by_name(name).is_some() {
            values.push((name, FieldValue::Image(bytes.to_vec())));
        }
    }
    match Document::new(doc_type, values) {
        Ok(doc) => doc,
        Err(e) => unreachable!("the sample documents are valid: {e}"),
    }
}
