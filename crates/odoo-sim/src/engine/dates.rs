//! Dates and time zones: parsing domain date strings and converting a user's local midnight
//! to UTC. A table of zones with their current rules (tzdata 2024-2025: EU, US, Australian,
//! New Zealand, Chilean and Egyptian daylight saving; other listed zones fixed) stands in for
//! the tz database. Unknown or empty zones are UTC, as in Odoo (`Environment.tz` falls back
//! to `pytz.utc` when the name does not resolve).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

/// A daylight-saving rule (one hour ahead while it applies), as in the tz database.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Dst {
    None,
    /// EU: last Sunday of March to last Sunday of October, 01:00 UTC.
    Eu,
    /// US and Canada: second Sunday of March 02:00 local to first Sunday of November 02:00
    /// local (daylight time).
    Us,
    /// Australia (AN, AV, AS, AT rules since 2008): first Sunday of October 02:00 standard
    /// time to first Sunday of April 02:00 standard time (southern summer).
    Au,
    /// New Zealand (NZ rule since 2007/2008): last Sunday of September 02:00 standard time to
    /// first Sunday of April 02:00 standard time.
    Nz,
    /// Chile (rule since 2023): first Sunday on or after 2 September 04:00 UTC to first
    /// Sunday on or after 2 April 03:00 UTC.
    Chile,
    /// Egypt (reinstated 2023): last Friday of April 00:00 local to the end of the last
    /// Thursday of October (24:00 daylight time).
    Egypt,
}

/// Standard offset in minutes and daylight-saving rule of a zone; `None` for zones not in
/// the table.
fn known_zone(tz: &str) -> Option<(i64, Dst)> {
    let z = match tz {
        "UTC" | "Etc/UTC" | "Etc/UCT" | "UCT" | "GMT" | "Etc/GMT" | "Etc/Greenwich"
        | "Greenwich" | "Universal" | "Zulu" | "Etc/Universal" | "Etc/Zulu" | "Africa/Abidjan"
        | "Africa/Accra" | "Africa/Dakar" | "Atlantic/Reykjavik" | "Iceland" => (0, Dst::None),
        "Europe/London" | "Europe/Dublin" | "Europe/Lisbon" | "WET" | "GB" | "Eire"
        | "Portugal" | "Atlantic/Canary" | "Atlantic/Madeira" | "Atlantic/Faroe"
        | "Europe/Guernsey" | "Europe/Jersey" | "Europe/Isle_of_Man" => (0, Dst::Eu),
        "Atlantic/Azores" => (-60, Dst::Eu),
        "Europe/Athens" | "Europe/Helsinki" | "Europe/Kiev" | "Europe/Kyiv"
        | "Europe/Bucharest" | "Europe/Sofia" | "Europe/Riga" | "Europe/Tallinn"
        | "Europe/Vilnius" | "Europe/Chisinau" | "Europe/Mariehamn" | "Europe/Uzhgorod"
        | "Europe/Zaporozhye" | "EET" | "Asia/Nicosia" | "Asia/Famagusta" | "Europe/Nicosia" => {
            (120, Dst::Eu)
        }
        "Europe/Kaliningrad" | "Africa/Tripoli" | "Libya" => (120, Dst::None),
        "Europe/Moscow" | "Europe/Istanbul" | "Europe/Minsk" | "Europe/Simferopol"
        | "Europe/Kirov" | "Europe/Volgograd" | "Turkey" | "W-SU" | "Asia/Istanbul" => {
            (180, Dst::None)
        }
        "Europe/Samara" | "Europe/Astrakhan" | "Europe/Saratov" | "Europe/Ulyanovsk" => {
            (240, Dst::None)
        }
        t if t.starts_with("Europe/") || t == "CET" || t == "MET" || t == "Poland" => (60, Dst::Eu),
        "America/New_York"
        | "America/Detroit"
        | "America/Toronto"
        | "US/Eastern"
        | "EST5EDT"
        | "America/Montreal"
        | "America/Nassau"
        | "America/Indiana/Indianapolis"
        | "America/Indianapolis"
        | "America/Kentucky/Louisville"
        | "America/Louisville"
        | "Canada/Eastern" => (-300, Dst::Us),
        "America/Chicago" | "US/Central" | "CST6CDT" | "America/Winnipeg" | "Canada/Central"
        | "America/Matamoros" => (-360, Dst::Us),
        "America/Denver"
        | "US/Mountain"
        | "MST7MDT"
        | "America/Edmonton"
        | "America/Boise"
        | "Canada/Mountain"
        | "America/Ciudad_Juarez" => (-420, Dst::Us),
        "America/Los_Angeles"
        | "US/Pacific"
        | "PST8PDT"
        | "America/Vancouver"
        | "America/Tijuana"
        | "Canada/Pacific" => (-480, Dst::Us),
        "America/Anchorage" | "US/Alaska" => (-540, Dst::Us),
        "America/Halifax" | "Canada/Atlantic" | "Atlantic/Bermuda" => (-240, Dst::Us),
        "America/St_Johns" | "Canada/Newfoundland" => (-210, Dst::Us),
        "America/Phoenix" | "US/Arizona" | "MST" | "America/Hermosillo" => (-420, Dst::None),
        "America/Regina"
        | "Canada/Saskatchewan"
        | "America/Guatemala"
        | "America/Costa_Rica"
        | "America/El_Salvador"
        | "America/Tegucigalpa"
        | "America/Managua"
        | "America/Mexico_City"
        | "America/Monterrey"
        | "America/Merida"
        | "America/Chihuahua"
        | "Mexico/General" => (-360, Dst::None),
        "Pacific/Honolulu" | "US/Hawaii" | "HST" => (-600, Dst::None),
        "America/Bogota" | "America/Lima" | "America/Panama" | "America/Cancun"
        | "America/Guayaquil" | "America/Jamaica" | "EST" => (-300, Dst::None),
        "America/Caracas"
        | "America/La_Paz"
        | "America/Puerto_Rico"
        | "America/Santo_Domingo"
        | "America/Manaus" => (-240, Dst::None),
        // Paraguay moved to permanent -03 in October 2024; Brazil dropped DST in 2019.
        "America/Sao_Paulo"
        | "America/Argentina/Buenos_Aires"
        | "America/Buenos_Aires"
        | "America/Montevideo"
        | "America/Asuncion"
        | "America/Bahia"
        | "America/Fortaleza"
        | "America/Recife"
        | "Brazil/East" => (-180, Dst::None),
        "America/Santiago" | "Chile/Continental" => (-240, Dst::Chile),
        "Asia/Kolkata" | "Asia/Calcutta" | "Asia/Colombo" => (330, Dst::None),
        "Asia/Kathmandu" | "Asia/Katmandu" => (345, Dst::None),
        "Asia/Dhaka" | "Asia/Almaty" | "Asia/Bishkek" => (360, Dst::None),
        "Asia/Karachi" | "Asia/Tashkent" | "Asia/Yekaterinburg" => (300, Dst::None),
        "Asia/Dubai" | "Asia/Muscat" | "Asia/Baku" | "Asia/Tbilisi" | "Asia/Yerevan"
        | "Indian/Mauritius" => (240, Dst::None),
        // Iran dropped DST in 2022.
        "Asia/Tehran" | "Iran" => (210, Dst::None),
        "Asia/Riyadh"
        | "Asia/Qatar"
        | "Asia/Kuwait"
        | "Asia/Bahrain"
        | "Asia/Baghdad"
        | "Asia/Aden"
        | "Africa/Nairobi"
        | "Africa/Addis_Ababa"
        | "Africa/Dar_es_Salaam"
        | "Africa/Kampala" => (180, Dst::None),
        "Asia/Bangkok" | "Asia/Jakarta" | "Asia/Ho_Chi_Minh" | "Asia/Saigon"
        | "Asia/Phnom_Penh" | "Asia/Vientiane" | "Asia/Novosibirsk" => (420, Dst::None),
        "Asia/Shanghai" | "Asia/Singapore" | "Asia/Hong_Kong" | "Asia/Taipei" | "Asia/Manila"
        | "Asia/Kuala_Lumpur" | "Asia/Makassar" | "Asia/Macau" | "Australia/Perth" | "PRC"
        | "Singapore" | "Hongkong" | "ROC" => (480, Dst::None),
        "Asia/Tokyo" | "Asia/Seoul" | "Japan" | "ROK" | "Asia/Jayapura" => (540, Dst::None),
        "Australia/Sydney"
        | "Australia/Melbourne"
        | "Australia/Canberra"
        | "Australia/ACT"
        | "Australia/NSW"
        | "Australia/Victoria"
        | "Australia/Hobart"
        | "Australia/Tasmania" => (600, Dst::Au),
        "Australia/Brisbane"
        | "Australia/Queensland"
        | "Australia/Lindeman"
        | "Pacific/Port_Moresby"
        | "Pacific/Guam" => (600, Dst::None),
        "Australia/Adelaide" | "Australia/South" | "Australia/Broken_Hill" => (570, Dst::Au),
        "Australia/Darwin" | "Australia/North" => (570, Dst::None),
        "Pacific/Auckland" | "NZ" | "Antarctica/McMurdo" => (720, Dst::Nz),
        // Fiji has not observed DST since 2022.
        "Pacific/Fiji" => (720, Dst::None),
        "Africa/Cairo" | "Egypt" => (120, Dst::Egypt),
        "Africa/Johannesburg"
        | "Africa/Maputo"
        | "Africa/Harare"
        | "Africa/Lusaka"
        | "Africa/Kigali"
        | "Africa/Windhoek" => (120, Dst::None),
        // Morocco is +01 outside Ramadan (the Ramadan switch to +00 is not modelled).
        "Africa/Lagos" | "Africa/Casablanca" | "Africa/Algiers" | "Africa/Tunis"
        | "Africa/Kinshasa" | "Africa/Douala" => (60, Dst::None),
        other => return etc_gmt(other).map(|m| (m, Dst::None)),
    };
    Some(z)
}

/// `Etc/GMT+5` is five hours *behind* UTC (POSIX sign convention), `Etc/GMT-3` three ahead.
fn etc_gmt(tz: &str) -> Option<i64> {
    let rest = tz.strip_prefix("Etc/GMT")?;
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (-1, &rest[1..]),
        b'-' => (1, &rest[1..]),
        _ => return None,
    };
    let hours: i64 = digits.parse().ok()?;
    (hours <= 14).then_some(sign * hours * 60)
}

/// Standard offset and rule of a zone; unknown zones are UTC.
fn zone(tz: &str) -> (i64, Dst) {
    known_zone(tz).unwrap_or((0, Dst::None))
}

/// The `n`-th Sunday of the month (1-based).
fn nth_sunday(year: i32, month: u32, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, u8::try_from(n).ok()?)
}

/// The last `weekday` of the month.
fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = first_next - Duration::days(1);
    let back = (7 + i64::from(last.weekday().num_days_from_monday())
        - i64::from(weekday.num_days_from_monday()))
        % 7;
    Some(last - Duration::days(back))
}

/// The first Sunday on or after `day` of the month.
fn sunday_on_or_after(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let d = NaiveDate::from_ymd_opt(year, month, day)?;
    let ahead = (7 - i64::from(d.weekday().num_days_from_sunday())) % 7;
    Some(d + Duration::days(ahead))
}

/// `date` at `hour`:00 in a zone `offset` minutes ahead of UTC, as a UTC instant.
fn at(date: Option<NaiveDate>, hour: u32, offset: i64) -> Option<NaiveDateTime> {
    Some(date?.and_hms_opt(hour, 0, 0)? - Duration::minutes(offset))
}

/// The UTC instants at which daylight saving starts and ends in `year` (for southern
/// rules the end comes first in the year).
fn transitions(dst: Dst, std: i64, year: i32) -> Option<(NaiveDateTime, NaiveDateTime)> {
    Some(match dst {
        Dst::None => return None,
        Dst::Eu => (
            at(last_weekday(year, 3, Weekday::Sun), 1, 0)?,
            at(last_weekday(year, 10, Weekday::Sun), 1, 0)?,
        ),
        Dst::Us => (
            at(nth_sunday(year, 3, 2), 2, std)?,
            at(nth_sunday(year, 11, 1), 2, std + 60)?,
        ),
        Dst::Au => (
            at(nth_sunday(year, 10, 1), 2, std)?,
            at(nth_sunday(year, 4, 1), 2, std)?,
        ),
        Dst::Nz => (
            at(last_weekday(year, 9, Weekday::Sun), 2, std)?,
            at(nth_sunday(year, 4, 1), 2, std)?,
        ),
        Dst::Chile => (
            at(sunday_on_or_after(year, 9, 2), 4, 0)?,
            at(sunday_on_or_after(year, 4, 2), 3, 0)?,
        ),
        Dst::Egypt => (
            at(last_weekday(year, 4, Weekday::Fri), 0, std)?,
            // 24:00 on the last Thursday, daylight time.
            at(last_weekday(year, 10, Weekday::Thu), 0, std + 60)? + Duration::days(1),
        ),
    })
}

/// The zone's offset from UTC, in minutes, at the UTC instant `utc`.
pub(crate) fn offset_minutes(tz: &str, utc: NaiveDateTime) -> i64 {
    let (std, dst) = zone(tz);
    let in_dst = transitions(dst, std, utc.year()).is_some_and(|(start, end)| {
        if start < end {
            utc >= start && utc < end
        } else {
            // Southern hemisphere: daylight time spans the new year.
            utc < end || utc >= start
        }
    });
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

    /// `(zone, last UTC second before a change, offset before, offset from the change on)`.
    fn assert_changes(tz: &str, changes: &[(&str, i64, i64)]) {
        for (instant, before, after) in changes {
            let at = parse_datetime(instant).unwrap();
            let just_before = at - Duration::seconds(1);
            assert_eq!(
                offset_minutes(tz, just_before),
                *before,
                "{tz} before {instant}"
            );
            assert_eq!(offset_minutes(tz, at), *after, "{tz} at {instant}");
        }
    }

    #[test]
    fn australian_daylight_saving_is_in_the_southern_summer() {
        // Sydney 2026: AEDT ends Sun 5 April 03:00 local, AEST→AEDT Sun 4 October 02:00.
        let sydney = [
            ("2026-04-04 16:00:00", 660, 600),
            ("2026-10-03 16:00:00", 600, 660),
        ];
        assert_changes("Australia/Sydney", &sydney);
        assert_changes("Australia/Melbourne", &sydney);
        assert_changes("Australia/Hobart", &sydney);
        // Adelaide: same days, +09:30 / +10:30.
        assert_changes(
            "Australia/Adelaide",
            &[
                ("2026-04-04 16:30:00", 630, 570),
                ("2026-10-03 16:30:00", 570, 630),
            ],
        );
        // Queensland and the Northern Territory keep standard time all year.
        assert_changes("Australia/Brisbane", &[("2026-10-03 16:00:00", 600, 600)]);
        assert_changes("Australia/Darwin", &[("2026-10-03 16:30:00", 570, 570)]);
        let jan = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let jul = NaiveDate::from_ymd_opt(2026, 7, 15).unwrap();
        assert_eq!(
            fmt_datetime(local_midnight_utc("Australia/Sydney", jan)),
            "2026-01-14 13:00:00"
        );
        assert_eq!(
            fmt_datetime(local_midnight_utc("Australia/Sydney", jul)),
            "2026-07-14 14:00:00"
        );
    }

    #[test]
    fn new_zealand_daylight_saving_runs_september_to_april() {
        // 2026: NZDT ends Sun 5 April 03:00 local; starts Sun 27 September 02:00 local.
        assert_changes(
            "Pacific/Auckland",
            &[
                ("2026-04-04 14:00:00", 780, 720),
                ("2026-09-26 14:00:00", 720, 780),
            ],
        );
        let jan = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(
            fmt_datetime(local_midnight_utc("Pacific/Auckland", jan)),
            "2026-01-14 11:00:00"
        );
    }

    #[test]
    fn chile_and_egypt_follow_their_current_rules() {
        // Chile 2026: -03 until Sun 5 April 03:00 UTC, again from Sun 6 September 04:00 UTC.
        assert_changes(
            "America/Santiago",
            &[
                ("2026-04-05 03:00:00", -180, -240),
                ("2026-09-06 04:00:00", -240, -180),
            ],
        );
        // Egypt 2026: EEST from Fri 24 April 00:00 local to the end of Thu 29 October.
        assert_changes(
            "Africa/Cairo",
            &[
                ("2026-04-23 22:00:00", 120, 180),
                ("2026-10-29 21:00:00", 180, 120),
            ],
        );
    }

    #[test]
    fn northern_rules_change_on_their_own_sundays() {
        assert_changes(
            "America/New_York",
            &[
                ("2026-03-08 07:00:00", -300, -240),
                ("2026-11-01 06:00:00", -240, -300),
            ],
        );
        assert_changes(
            "America/Los_Angeles",
            &[
                ("2026-03-08 10:00:00", -480, -420),
                ("2026-11-01 09:00:00", -420, -480),
            ],
        );
        assert_changes(
            "Europe/Brussels",
            &[
                ("2026-03-29 01:00:00", 60, 120),
                ("2026-10-25 01:00:00", 120, 60),
            ],
        );
        assert_changes(
            "Europe/London",
            &[
                ("2026-03-29 01:00:00", 0, 60),
                ("2026-10-25 01:00:00", 60, 0),
            ],
        );
        // Mexico City dropped daylight saving in 2022; Moscow and Istanbul have none.
        assert_changes(
            "America/Mexico_City",
            &[("2026-04-05 08:00:00", -360, -360)],
        );
        assert_changes("Europe/Moscow", &[("2026-03-29 01:00:00", 180, 180)]);
        assert_changes("Europe/Istanbul", &[("2026-03-29 01:00:00", 180, 180)]);
    }

    #[test]
    fn unknown_zones_are_utc_and_etc_zones_use_posix_signs() {
        let jul = parse_datetime("2026-07-15 12:00:00").unwrap();
        assert_eq!(offset_minutes("Mars/Olympus_Mons", jul), 0);
        assert_eq!(offset_minutes("", jul), 0);
        assert_eq!(offset_minutes("Etc/GMT+5", jul), -300);
        assert_eq!(offset_minutes("Etc/GMT-3", jul), 180);
        assert_eq!(offset_minutes("Asia/Kathmandu", jul), 345);
        assert_eq!(offset_minutes("Asia/Tehran", jul), 210);
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
