//! A synthetic population registry for the evening-peak benchmark: `COUNT` invented citizens as
//! JSON Lines, one citizen per line in the shape of `assets/registry.json` (see
//! `eid_portal_server::registry`), the same for the same seed, generated rather than committed.
//!
//! Every citizen has a citizen ID card, nine in ten a health insurance card and three in ten a
//! driving licence; addresses name a province, then a commune or ward (the 2025 two-level
//! government). ID numbers are built like real ones (province code, century and sex digit, year
//! of birth, serial) and are distinct, so are phone numbers. The names are common Vietnamese
//! ones, combined at random: any likeness to a real person is chance.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::io::Write;
use time::{Date, Duration, Month};

/// The most citizens one registry may hold: the serial part of an ID number has six digits and
/// each province in [`PROVINCES`] gives a million.
pub const MAX_COUNT: u64 = PROVINCES.len() as u64 * 1_000_000;

/// Provinces after the 2025 merger: the ID-number code of a former province it took in, its
/// name, and a ward of it.
const PROVINCES: [(&str, &str, &str); 10] = [
    ("001", "Thành phố Hà Nội", "Phường Ba Đình"),
    ("079", "Thành phố Hồ Chí Minh", "Phường Sài Gòn"),
    ("031", "Thành phố Hải Phòng", "Phường Hồng Bàng"),
    ("048", "Thành phố Đà Nẵng", "Phường Hải Châu"),
    ("092", "Thành phố Cần Thơ", "Phường Ninh Kiều"),
    ("046", "Thành phố Huế", "Phường Thuận Hóa"),
    ("038", "Tỉnh Thanh Hóa", "Phường Hạc Thành"),
    ("040", "Tỉnh Nghệ An", "Phường Trường Vinh"),
    ("066", "Tỉnh Đắk Lắk", "Phường Buôn Ma Thuột"),
    ("004", "Tỉnh Cao Bằng", "Phường Thục Phán"),
];

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE_F: [&str; 6] = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bảo"];
const MIDDLE_M: [&str; 6] = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Xuân"];
const GIVEN_F: [&str; 12] = [
    "An", "Chi", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Trang", "Yến",
];
const GIVEN_M: [&str; 12] = [
    "Bình", "Dũng", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn", "Tuấn",
];

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[(rng.next_u32() as usize) % from.len()]
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `d` moved by whole years (29 February becomes 28 February).
fn plus_years(d: Date, years: i32) -> Date {
    let year = d.year() + years;
    Date::from_calendar_date(year, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(year, d.month(), 28))
        .unwrap_or(d)
}

/// Citizen number `i` of the registry drawn with `seed`, as registry JSON.
pub fn citizen(seed: u64, i: u64) -> serde_json::Value {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (code, province, ward) = PROVINCES[(i / 1_000_000) as usize % PROVINCES.len()];
    let serial = i % 1_000_000;
    let female = rng.next_u32() % 2 == 1;
    let epoch = Date::from_calendar_date(1940, Month::January, 1).unwrap_or(Date::MIN);
    let born = epoch + Duration::days(i64::from(rng.next_u32() % (66 * 365)));
    let century = if born.year() >= 2000 { 2 } else { 0 };
    let id_number = format!(
        "{code}{}{:02}{serial:06}",
        century + u8::from(female),
        born.year() % 100
    );
    let full_name = if female {
        let middle = pick(&mut rng, &MIDDLE_F);
        format!(
            "{} {middle} {}",
            pick(&mut rng, &FAMILY),
            pick(&mut rng, &GIVEN_F)
        )
    } else {
        let middle = pick(&mut rng, &MIDDLE_M);
        format!(
            "{} {middle} {}",
            pick(&mut rng, &FAMILY),
            pick(&mut rng, &GIVEN_M)
        )
    };
    let sex = if female { "F" } else { "M" };
    let dob = ymd(born);
    let address = format!(
        "Số {} Đường {}, {ward}, {province}",
        1 + rng.next_u32() % 300,
        i % 97 + 1
    );
    let card_issued = Date::from_calendar_date(2021 + (rng.next_u32() % 5) as i32, Month::June, 15)
        .unwrap_or(epoch);
    let mut card = json!({
        "id_number": id_number, "full_name": full_name, "date_of_birth": dob, "sex": sex,
        "nationality": "Việt Nam", "place_of_origin": format!("{ward}, {province}"),
        "place_of_residence": address, "issue_date": ymd(card_issued),
    });
    // A card runs to the holder's 25th, 40th or 60th birthday, the first more than two years
    // after it was issued; one issued later than two years before the 60th does not expire.
    if let Some(until) = [25, 40, 60]
        .into_iter()
        .map(|age| plus_years(born, age))
        .find(|d| *d > plus_years(card_issued, 2))
    {
        card["expiry_date"] = json!(ymd(until));
    }
    let mut documents = vec![json!({"doc_type": "citizen_id_card", "fields": card})];
    if rng.next_u32() % 10 < 9 {
        let level = 1 + rng.next_u32() % 5;
        documents.push(json!({
            "doc_type": "health_insurance",
            "fields": {
                "insurance_number": format!("GD{level}{}{serial:010}", &code[1..]),
                "full_name": full_name, "date_of_birth": dob, "sex": sex,
                "benefit_level": level.to_string(),
                "registered_clinic": format!("Trạm Y tế {ward} ({code}-{:03})", i % 997),
                "valid_from": "2026-01-01", "valid_until": "2027-12-31",
            }
        }));
    }
    let adult = plus_years(born, 18);
    if rng.next_u32() % 10 < 3 && adult.year() < 2026 {
        let issued = ymd(adult + Duration::days(i64::from(rng.next_u32() % 300)));
        documents.push(json!({
            "doc_type": "driving_licence",
            "fields": {
                "licence_number": format!("{code}{}{serial:06}", 100 + rng.next_u32() % 900),
                "full_name": full_name, "date_of_birth": dob,
                "categories": format!("A1:{issued}:"), "issue_date": issued,
                "issuing_authority": format!("Sở Xây dựng {province}"),
            }
        }));
    }
    json!({
        "id_number": id_number, "full_name": full_name, "date_of_birth": dob,
        "phone": format!("09{:08}", i % 100_000_000), "documents": documents,
    })
}

/// Writes a registry of `count` citizens drawn with `seed` to `out`, one per line.
pub fn write(seed: u64, count: u64, out: &mut impl Write) -> Result<(), String> {
    if count == 0 || count > MAX_COUNT {
        return Err(format!("a registry holds 1 to {MAX_COUNT} citizens"));
    }
    let io = |e: std::io::Error| format!("cannot write the registry: {e}");
    for i in 0..count {
        serde_json::to_writer(&mut *out, &citizen(seed, i)).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use eid_portal_server::registry::Registry;

    fn registry(count: u64) -> String {
        let mut out = Vec::new();
        write(7, count, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_portal_accepts_what_is_generated() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, registry(2_000).as_bytes()).unwrap();
        let r = Registry::load(f.path()).unwrap();
        assert_eq!(r.len(), 2_000);
        let (mut health, mut licence) = (0, 0);
        for i in 0..2_000 {
            let c = citizen(7, i);
            let found = r.find(c["id_number"].as_str().unwrap()).unwrap();
            assert_eq!(found.full_name, c["full_name"].as_str().unwrap());
            let has = |t: &str| found.documents.iter().any(|d| d.doc_type().name() == t);
            health += usize::from(has("health_insurance"));
            licence += usize::from(has("driving_licence"));
        }
        assert!((1_700..=1_900).contains(&health), "{health}");
        assert!((400..=800).contains(&licence), "{licence}");
    }

    #[test]
    fn the_same_seed_gives_the_same_registry_and_numbers_do_not_repeat() {
        assert_eq!(registry(50), registry(50));
        assert_ne!(citizen(7, 3), citizen(8, 3));
        let mut ids: Vec<String> = (0..3_000)
            .map(|i| {
                citizen(7, i * 700)["id_number"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 3_000);
    }

    #[test]
    fn counts_outside_the_id_number_space_are_refused() {
        assert!(write(1, 0, &mut Vec::new()).is_err());
        assert!(write(1, MAX_COUNT + 1, &mut Vec::new()).is_err());
    }
}
