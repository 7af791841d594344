//! Presentation sizes: bytes, QR characters and QR version (ECC M) for the clinic's five fields
//! of the health insurance card and for all fields of each document type.
//! Run: `cargo bench -p eid-wallet --bench sizes`.

use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::{present, DocType, PresentRequest};
use eid_qr::envelope::{self, Kind};

const AT: u64 = 1_795_336_200;

fn main() {
    let world = SampleWorld::new(1, AT);
    println!("| presentation | fields | CBOR bytes | QR characters | QR version (ECC M) |");
    println!("|---|---|---|---|---|");
    let row = |label: &str, t: DocType, fields: &[&str]| {
        let doc = world.issue(t);
        let req = PresentRequest {
            fields,
            presented_at: AT,
            nonce: None,
            audience: None,
        };
        let p = present(&doc, &req, &world.holder).expect("sample presents");
        let text = envelope::encode(Kind::Presentation, &p);
        let m = eid_qr::render::encode_matrix(&text).expect("fits a QR");
        println!(
            "| {label} | {} | {} | {} | {} |",
            fields.len(),
            p.len(),
            text.len(),
            m.version()
        );
    };
    row(
        "health_insurance (clinic)",
        DocType::HealthInsurance,
        &CLINIC_FIELDS,
    );
    for t in DocType::ALL {
        let (_, content) = world.issue(t).open().expect("sample opens");
        let names: Vec<&str> = content.fields().map(|(s, _)| s.name).collect();
        row(&format!("{} (all)", t.name()), t, &names);
    }
}
