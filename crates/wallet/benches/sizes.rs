//! Presentation sizes: bytes, QR characters and QR version (ECC M) for every scene preset
//! (`eid_wallet::presets`, the counter portrait included), the printed card, and every field a
//! QR may carry of each document type.
//! Run: `cargo bench -p eid-wallet --bench sizes`.

use eid_credential::printed::issue_printed;
use eid_credential::sample::{sample_document, SampleWorld};
use eid_credential::{present, DocType, PresentRequest, Validity};
use eid_qr::envelope::{self, Kind};
use eid_wallet::presets::PRESETS;

const AT: u64 = 1_795_336_200;

fn print_row(label: &str, fields: usize, bytes: usize, kind: Kind) {
    let text = envelope::encode(kind, &vec![0u8; bytes]);
    let m = eid_qr::render::encode_matrix(&text).expect("fits a QR");
    println!(
        "| {label} | {fields} | {bytes} | {} | {} |",
        text.len(),
        m.version()
    );
}

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
        print_row(label, fields.len(), p.len(), Kind::Presentation);
    };
    for preset in PRESETS {
        let label = format!("{} preset ({})", preset.name, preset.doc_type.name());
        row(&label, preset.doc_type, preset.fields);
    }
    let card = issue_printed(
        &sample_document(DocType::CitizenIdCard),
        &[
            "counter_portrait",
            "full_name",
            "date_of_birth",
            "id_number",
        ],
        &world.issuer,
        Validity {
            issued_at: AT,
            not_before: AT,
            expires_at: AT + 10 * 365 * 86_400,
        },
        1,
        &mut world.rng(7),
    )
    .expect("the sample card prints");
    print_row(
        "printed card (citizen_id_card, portrait + 3)",
        4,
        card.len(),
        Kind::PrintedCard,
    );
    for t in DocType::ALL {
        let (_, content) = world.issue(t).open().expect("sample opens");
        let names: Vec<&str> = content
            .fields()
            .filter(|(s, _)| s.presentable())
            .map(|(s, _)| s.name)
            .collect();
        row(
            &format!("{} (all but the display portrait)", t.name()),
            t,
            &names,
        );
    }
}
