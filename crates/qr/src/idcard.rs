//! The QR printed on the chip citizen-ID card (CCCD). It is plain, unsigned text: reading it
//! pre-fills forms and proves nothing about the person who shows it.
//!
//! Layout, fields separated by `|`:
//! - 7 fields: `ID|old ID|full name|date of birth|sex|address|issue date`
//! - 6 fields (cards without an old 9-digit number): `ID|full name|date of birth|sex|address|issue date`
//!
//! Dates are `ddmmyyyy`. The ID number has 12 digits; the old ID, when present, 9.

use serde::Serialize;
use time::{Date, Month};

/// Longest card text accepted; real ones are under 200 characters.
pub const MAX_LEN: usize = 1024;

/// Sex as printed on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// "Nam" / "Male".
    Male,
    /// "Nữ" / "Female".
    Female,
}

/// The fields of a printed card QR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdCardQr {
    /// The 12-digit personal identification number.
    pub id_number: String,
    /// The old 9-digit ID number, when the card carries one.
    pub old_id_number: Option<String>,
    /// Full name as printed.
    pub full_name: String,
    /// Date of birth, ISO 8601 (`YYYY-MM-DD`).
    #[serde(with = "iso_date")]
    pub date_of_birth: Date,
    /// Sex.
    pub sex: Sex,
    /// Place of residence as printed.
    pub address: String,
    /// Date the card was issued, ISO 8601.
    #[serde(with = "iso_date")]
    pub issue_date: Date,
}

/// Why the text is not a valid card QR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdCardError {
    /// Longer than [`MAX_LEN`].
    #[error("the text is too long to be a citizen ID card QR")]
    TooLong,
    /// Not 6 or 7 fields separated by `|`.
    #[error("this is not a citizen ID card QR (it has {0} parts, a card has 6 or 7)")]
    FieldCount(usize),
    /// The ID number is not 12 digits.
    #[error("the ID number must be 12 digits")]
    IdNumber,
    /// The old ID number is not 9 digits.
    #[error("the old ID number must be 9 digits")]
    OldIdNumber,
    /// The name is empty.
    #[error("the full name is missing")]
    Name,
    /// Not a real date in `ddmmyyyy` form.
    #[error("the {0} is not a real date (expected ddmmyyyy)")]
    Date(&'static str),
    /// The date of birth is after the issue date.
    #[error("the date of birth is after the issue date")]
    DateOrder,
    /// Not one of the words for sex a card uses.
    #[error("the sex must be Nam or Nữ")]
    Sex,
    /// The address is empty.
    #[error("the address is missing")]
    Address,
}

impl IdCardError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            IdCardError::TooLong => "too_long",
            IdCardError::FieldCount(_) => "not_an_id_card_qr",
            IdCardError::IdNumber => "bad_id_number",
            IdCardError::OldIdNumber => "bad_old_id_number",
            IdCardError::Name => "missing_name",
            IdCardError::Date(_) => "bad_date",
            IdCardError::DateOrder => "bad_date_order",
            IdCardError::Sex => "bad_sex",
            IdCardError::Address => "missing_address",
        }
    }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn date(s: &str, what: &'static str) -> Result<Date, IdCardError> {
    if !digits(s, 8) {
        return Err(IdCardError::Date(what));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u16>().map_err(|_| IdCardError::Date(what));
    let (day, month, year) = (num(0..2)?, num(2..4)?, num(4..8)?);
    let month = Month::try_from(month as u8).map_err(|_| IdCardError::Date(what))?;
    if year < 1900 {
        return Err(IdCardError::Date(what));
    }
    Date::from_calendar_date(i32::from(year), month, day as u8).map_err(|_| IdCardError::Date(what))
}

fn sex(s: &str) -> Result<Sex, IdCardError> {
    match s.trim().to_lowercase().as_str() {
        "nam" | "male" | "m" => Ok(Sex::Male),
        "nữ" | "nu" | "female" | "f" => Ok(Sex::Female),
        _ => Err(IdCardError::Sex),
    }
}

/// Parses and validates the text of a card's QR.
pub fn parse(text: &str) -> Result<IdCardQr, IdCardError> {
    if text.len() > MAX_LEN {
        return Err(IdCardError::TooLong);
    }
    let parts: Vec<&str> = text.trim().split('|').map(str::trim).collect();
    let (id, old, rest) = match parts.len() {
        7 => (parts[0], Some(parts[1]), &parts[2..]),
        6 => (parts[0], None, &parts[1..]),
        n => return Err(IdCardError::FieldCount(n)),
    };
    if !digits(id, 12) {
        return Err(IdCardError::IdNumber);
    }
    let old_id_number = match old {
        None | Some("") => None,
        Some(o) if digits(o, 9) => Some(o.to_owned()),
        Some(_) => return Err(IdCardError::OldIdNumber),
    };
    let full_name = rest[0];
    if full_name.is_empty() {
        return Err(IdCardError::Name);
    }
    let date_of_birth = date(rest[1], "date of birth")?;
    let sex = sex(rest[2])?;
    let address = rest[3];
    if address.is_empty() {
        return Err(IdCardError::Address);
    }
    let issue_date = date(rest[4], "issue date")?;
    if date_of_birth > issue_date {
        return Err(IdCardError::DateOrder);
    }
    Ok(IdCardQr {
        id_number: id.to_owned(),
        old_id_number,
        full_name: full_name.to_owned(),
        date_of_birth,
        sex,
        address: address.to_owned(),
        issue_date,
    })
}

mod iso_date {
    use serde::Serializer;
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const SEVEN: &str = "001099012345|012345678|Nguyễn Văn An|15031990|Nam|Số 12, Phố Huế, Hai Bà Trưng, Hà Nội|20042021";

    #[test]
    fn seven_fields() {
        let c = parse(SEVEN).unwrap();
        assert_eq!(c.id_number, "001099012345");
        assert_eq!(c.old_id_number.as_deref(), Some("012345678"));
        assert_eq!(c.full_name, "Nguyễn Văn An");
        assert_eq!(c.date_of_birth, date!(1990 - 03 - 15));
        assert_eq!(c.sex, Sex::Male);
        assert_eq!(c.issue_date, date!(2021 - 04 - 20));
    }

    #[test]
    fn six_fields_and_empty_old_id() {
        let c = parse("079301000001|Trần Thị Bình|29022000|Nữ|Quận 1, TP. Hồ Chí Minh|01072024")
            .unwrap();
        assert_eq!(c.old_id_number, None);
        assert_eq!(c.sex, Sex::Female);
        assert_eq!(c.date_of_birth, date!(2000 - 02 - 29));
        let c = parse("079301000001||Trần Thị Bình|29022000|Nữ|Quận 1|01072024").unwrap();
        assert_eq!(c.old_id_number, None);
    }

    #[test]
    fn serialises_with_iso_dates() {
        let json = serde_json::to_string(&parse(SEVEN).unwrap()).unwrap();
        assert!(json.contains(r#""date_of_birth":"1990-03-15""#), "{json}");
        assert!(json.contains(r#""sex":"male""#), "{json}");
    }

    #[test]
    fn each_rule_has_its_error() {
        let cases = [
            ("x", IdCardError::FieldCount(1)),
            (
                "00109901234|012345678|A|15031990|Nam|X|20042021",
                IdCardError::IdNumber,
            ),
            (
                "001099012345|01234567|A|15031990|Nam|X|20042021",
                IdCardError::OldIdNumber,
            ),
            (
                "001099012345|012345678||15031990|Nam|X|20042021",
                IdCardError::Name,
            ),
            (
                "001099012345|012345678|A|31021990|Nam|X|20042021",
                IdCardError::Date("date of birth"),
            ),
            (
                "001099012345|012345678|A|15131990|Nam|X|20042021",
                IdCardError::Date("date of birth"),
            ),
            (
                "001099012345|012345678|A|15031990|Nam|X|2004202",
                IdCardError::Date("issue date"),
            ),
            (
                "001099012345|012345678|A|15031990|Ông|X|20042021",
                IdCardError::Sex,
            ),
            (
                "001099012345|012345678|A|15031990|Nam||20042021",
                IdCardError::Address,
            ),
            (
                "001099012345|012345678|A|15032022|Nam|X|20042021",
                IdCardError::DateOrder,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Err(want), "{text}");
        }
        assert_eq!(parse(&"1".repeat(2000)), Err(IdCardError::TooLong));
    }
}
