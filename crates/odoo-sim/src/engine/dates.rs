//! Dates and time zones: parsing domain date strings and converting a user's local midnight
//! to UTC. A fixed table of zones (EU and US daylight-saving rules; other zones without DST)
//! stands in for the tz database; unknown zones are treated as UTC.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

/// Standard offset in minutes and DST rule of a zone.
#[derive(Clone, Copy)]
enum Dst {
    None,
    Eu,
    Us,
}

fn zone(tz: &str) -> (i64, Dst) {
    match tz {
        "Europe/London" | "Europe/Dublin" | "Europe/Lisbon" | "WET" | "GB" | "Eire"
        | "Portugal" | "Atlantic/Canary" | "Atlantic/Madeira" | "Atlantic/Faroe" => (0, Dst::Eu),
        "Europe/Athens" | "Europe/Helsinki" | "Europe/Kiev" | "Europe/Kyiv"
        | "Europe/Bucharest" | "Europe/Sofia" | "Europe/Riga" | "Europe/Tallinn"
        | "Europe/Vilnius" | "Europe/Chisinau" | "EET" | "Asia/Nicosia" => (120, Dst::Eu),
        "Europe/Moscow" | "Europe/Istanbul" | "Europe/Minsk" | "Turkey" | "W-SU" => {
            (180, Dst::None)
        }
        t if t.starts_with("Europe/") || t == "CET" || t == "MET" || t == "Poland" => (60, Dst::Eu),
        "America/New_York" | "America/Detroit" | "America/Toronto" | "US/Eastern" | "EST5EDT"
        | "America/Montreal" => (-300, Dst::Us),
        "America/Chicago" | "US/Central" | "CST6CDT" | "America/Winnipeg" => (-360, Dst::Us),
        "America/Denver" | "US/Mountain" | "MST7MDT" | "America/Edmonton" => (-420, Dst::Us),
        "America/Los_Angeles" | "US/Pacific" | "PST8PDT" | "America/Vancouver" => (-480, Dst::Us),
        "America/Anchorage" | "US/Alaska" => (-540, Dst::Us),
        "America/Phoenix" | "US/Arizona" | "MST" => (-420, Dst::None),
        "Pacific/Honolulu" | "US/Hawaii" | "HST" => (-600, Dst::None),
        "America/Sao_Paulo" | "America/Argentina/Buenos_Aires" => (-180, Dst::None),
        "America/Mexico_City" => (-360, Dst::None),
        "Asia/Kolkata" | "Asia/Calcutta" => (330, Dst::None),
        "Asia/Dubai" => (240, Dst::None),
        "Asia/Shanghai" | "Asia/Singapore" | "Asia/Hong_Kong" | "Asia/Taipei"
        | "Australia/Perth" | "PRC" => (480, Dst::None),
        "Asia/Tokyo" | "Asia/Seoul" | "Japan" => (540, Dst::None),
        "Australia/Sydney" | "Australia/Melbourne" | "Australia/Brisbane" => (600, Dst::None),
        "Pacific/Auckland" | "NZ" => (720, Dst::None),
        "Africa/Cairo" | "Africa/Johannesburg" => (120, Dst::None),
        "Africa/Lagos" | "Africa/Casablanca" => (60, Dst::None),
        _ => (0, Dst::None),
    }
}

fn nth_weekday(year: i32, month: u32, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n as u8)
}

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = first_next - Duration::days(1);
    let back = i64::from(last.weekday().num_days_from_sunday());
    Some(last - Duration::days(back))
}

/// The zone's offset from UTC, in minutes, at the UTC instant `utc`.
pub(crate) fn offset_minutes(tz: &str, utc: NaiveDateTime) -> i64 {
    let (std, dst) = zone(tz);
    let year = utc.year();
    let in_dst = match dst {
        Dst::None => false,
        Dst::Eu => match (last_sunday(year, 3), last_sunday(year, 10)) {
            (Some(start), Some(end)) => {
                let start = start.and_hms_opt(1, 0, 0).unwrap_or_default();
                let end = end.and_hms_opt(1, 0, 0).unwrap_or_default();
                utc >= start && utc < end
            }
            _ => false,
        },
        Dst::Us => match (nth_weekday(year, 3, 2), nth_weekday(year, 11, 1)) {
            (Some(start), Some(end)) => {
                // 02:00 local standard time → UTC; ends at 02:00 local daylight time.
                let start = start.and_hms_opt(2, 0, 0).unwrap_or_default() - Duration::minutes(std);
                let end =
                    end.and_hms_opt(2, 0, 0).unwrap_or_default() - Duration::minutes(std + 60);
                utc >= start && utc < end
            }
            _ => false,
        },
    };
    if in_dst { std + 60 } else { std }
}

/// The UTC instant of local midnight of `date` in `tz`.
pub(crate) fn local_midnight_utc(tz: &str, date: NaiveDate) -> NaiveDateTime {
    let local = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let (std, _) = zone(tz);
    let guess = local - Duration::minutes(std);
    local - Duration::minutes(offset_minutes(tz, guess))
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
}

/// Parses `YYYY-MM-DD HH:MM:SS` (also with `T` and fractional seconds, which are dropped).
pub(crate) fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.replace('T', " ");
    let base = s.get(..19)?;
    NaiveDateTime::parse_from_str(base, "%Y-%m-%d %H:%M:%S").ok()
}

/// Formats a datetime as Odoo stores it.
pub(crate) fn fmt_datetime(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The current UTC time, to the second, as Odoo stores it.
pub(crate) fn now_string() -> String {
    fmt_datetime(chrono::Utc::now().naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule12_brussels_midnight_in_utc_follows_dst() {
        let winter = local_midnight_utc(
            "Europe/Brussels",
            NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        );
        assert_eq!(fmt_datetime(winter), "2026-01-14 23:00:00");
        let summer = local_midnight_utc(
            "Europe/Brussels",
            NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
        );
        assert_eq!(fmt_datetime(summer), "2026-07-14 22:00:00");
        let ny = local_midnight_utc(
            "America/New_York",
            NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
        );
        assert_eq!(fmt_datetime(ny), "2026-07-15 04:00:00");
        assert_eq!(
            fmt_datetime(local_midnight_utc(
                "UTC",
                NaiveDate::from_ymd_opt(2026, 7, 15).unwrap()
            )),
            "2026-07-15 00:00:00"
        );
    }

    #[test]
    fn parses_odoo_date_strings() {
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-02-03 10:00:00").is_none());
        assert_eq!(
            fmt_datetime(parse_datetime("2026-02-03T10:00:00.5").unwrap()),
            "2026-02-03 10:00:00"
        );
    }
}
