//! Unix seconds to and from RFC 3339 text, the only time format shown to people and scripts,
//! and the calendar day of a time.

use eid_credential::UnixTime;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Formats Unix seconds as RFC 3339 in UTC, e.g. `2026-11-22T08:30:00Z`.
pub fn to_rfc3339(t: UnixTime) -> String {
    i64::try_from(t)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_else(|| t.to_string())
}

/// The calendar day (UTC) of a Unix time.
pub fn date_of(t: UnixTime) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(t as i64)
        .map(|d| d.date())
        .unwrap_or(time::Date::MIN)
}

/// Parses RFC 3339 text (any offset) into Unix seconds; times before 1970 are refused.
pub fn from_rfc3339(text: &str) -> Option<UnixTime> {
    let d = OffsetDateTime::parse(text.trim(), &Rfc3339).ok()?;
    u64::try_from(d.unix_timestamp()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_offsets() {
        assert_eq!(to_rfc3339(1_790_000_000), "2026-09-21T14:13:20Z");
        assert_eq!(from_rfc3339("2026-09-21T14:13:20Z"), Some(1_790_000_000));
        assert_eq!(
            from_rfc3339("2026-09-21T21:13:20+07:00"),
            Some(1_790_000_000)
        );
        assert_eq!(from_rfc3339("1969-12-31T23:59:59Z"), None);
        assert_eq!(from_rfc3339("yesterday"), None);
    }
}
