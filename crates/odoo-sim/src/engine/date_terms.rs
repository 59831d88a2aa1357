//! Date strings in domains as Odoo 19 reads them (`odoo.tools.date_utils.parse_date`): an ISO
//! date or datetime when the text starts with digits and a dash, else an expression relative
//! to the user's now — an optional `today` or `now`, then terms such as `+3d`, `-1m`, `=1d`
//! (units `d w m y H M S`). Anything else raises `ValueError` with Python's message.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde_json::Value;

use super::dates;
use super::domain::py_repr;
use crate::fault::{Fault, FaultKind};

/// A parsed domain date: a date (`today …`) or a UTC datetime (`now …`, ISO datetimes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DomainDate {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

fn invalid(message: String) -> Fault {
    Fault::new(FaultKind::ValueError, message)
}

/// Parses `value` for a user in time zone `tz` at the UTC instant `now`.
pub(crate) fn parse(value: &str, tz: &str, now: NaiveDateTime) -> Result<DomainDate, Fault> {
    let repr = py_repr(&Value::from(value));
    let digits = value.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && value[digits..].starts_with('-') {
        return parse_iso(value)
            .ok_or_else(|| invalid(format!("Invalid isoformat string: {repr}")));
    }
    let mut terms: Vec<&str> = value.split_whitespace().collect();
    if terms.is_empty() {
        return Err(invalid("Empty date value".to_owned()));
    }
    let local_now = now + Duration::minutes(dates::offset_minutes(tz, now));
    let mut at = if terms[0] == "today" {
        terms.remove(0);
        Local::Date(local_now.date())
    } else {
        if terms[0] == "now" {
            terms.remove(0);
        }
        Local::DateTime(local_now)
    };
    for term in terms {
        let bad = || {
            invalid(format!(
                "Invalid term {} in expression date: {repr}",
                py_repr(&Value::from(term))
            ))
        };
        let op = term.chars().next().unwrap_or(' ');
        if !matches!(op, '+' | '-' | '=') || term.chars().count() < 3 {
            return Err(bad());
        }
        let unit = term.chars().last().unwrap_or(' ');
        let digits = &term[1..term.len() - unit.len_utf8()];
        let number: i64 = digits.parse().map_err(|_| bad())?;
        let number = if op == '-' { -number } else { number };
        at = if op == '=' {
            at.set(unit, number).ok_or_else(bad)?
        } else {
            at.shift(unit, number).ok_or_else(bad)?
        };
    }
    Ok(match at {
        Local::Date(d) => DomainDate::Date(d),
        Local::DateTime(dt) => {
            // Back from the user's time zone to UTC, as Odoo returns a naive UTC datetime.
            let guess = dt - Duration::minutes(dates::offset_minutes(tz, dt));
            DomainDate::DateTime(dt - Duration::minutes(dates::offset_minutes(tz, guess)))
        }
    })
}

/// `parse_iso_date`: `date.fromisoformat` up to 10 characters, else `datetime.fromisoformat`.
fn parse_iso(value: &str) -> Option<DomainDate> {
    if value.len() <= 10 {
        return NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .filter(|_| value.len() == 10)
            .map(DomainDate::Date);
    }
    dates::parse_datetime(value)
        .filter(|_| !value.ends_with('Z') && !value[10..].contains(['+']))
        .map(DomainDate::DateTime)
}

/// A local date or datetime being computed.
#[derive(Debug, Clone, Copy)]
enum Local {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Local {
    fn datetime(self) -> NaiveDateTime {
        match self {
            Self::Date(d) => d.and_time(NaiveTime::MIN),
            Self::DateTime(dt) => dt,
        }
    }

    /// `+N<unit>` / `-N<unit>`: `relativedelta(<unit>s=N)`.
    fn shift(self, unit: char, n: i64) -> Option<Self> {
        let months = |n: i64| -> Option<Self> {
            let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
            let add = |d: NaiveDate| {
                if n >= 0 {
                    d.checked_add_months(m)
                } else {
                    d.checked_sub_months(m)
                }
            };
            Some(match self {
                Self::Date(d) => Self::Date(add(d)?),
                Self::DateTime(dt) => Self::DateTime(add(dt.date())?.and_time(dt.time())),
            })
        };
        let span = match unit {
            'd' => Duration::try_days(n)?,
            'w' => Duration::try_weeks(n)?,
            'm' => return months(n),
            'y' => return months(n.checked_mul(12)?),
            'H' => Duration::try_hours(n)?,
            'M' => Duration::try_minutes(n)?,
            'S' => Duration::try_seconds(n)?,
            _ => return None,
        };
        Some(match (self, unit) {
            (Self::Date(d), 'd' | 'w') => Self::Date(d.checked_add_signed(span)?),
            _ => Self::DateTime(self.datetime().checked_add_signed(span)?),
        })
    }

    /// `=N<unit>`: the unit set to N, lower units reset (a datetime to midnight first).
    fn set(self, unit: char, n: i64) -> Option<Self> {
        let n32 = u32::try_from(n).ok()?;
        let truncated = |dt: NaiveDateTime| -> Option<NaiveDateTime> {
            let d = dt.date();
            Some(match unit {
                'y' => d.with_month(1)?.with_day(1)?.and_time(NaiveTime::MIN),
                'm' => d.with_day(1)?.and_time(NaiveTime::MIN),
                'd' => d.and_time(NaiveTime::MIN),
                'H' => dt.with_minute(0)?.with_second(0)?,
                'M' => dt.with_second(0)?,
                'S' => dt,
                _ => return None,
            })
        };
        let apply = |dt: NaiveDateTime| -> Option<NaiveDateTime> {
            match unit {
                'y' => dt.with_year(i32::try_from(n).ok()?),
                'm' => dt.with_month(n32),
                'd' => dt.with_day(n32),
                'H' => dt.with_hour(n32),
                'M' => dt.with_minute(n32),
                'S' => dt.with_second(n32),
                _ => None,
            }
        };
        Some(match self {
            Self::Date(d) if matches!(unit, 'y' | 'm' | 'd') => {
                Self::Date(apply(d.and_time(NaiveTime::MIN))?.date())
            }
            _ => Self::DateTime(apply(truncated(self.datetime())?)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        dates::parse_datetime(s).unwrap()
    }

    #[test]
    fn iso_and_relative_dates_parse_like_odoo() {
        let now = at("2026-03-15 10:30:00");
        let d = |y, m, day| DomainDate::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        assert_eq!(parse("2026-01-02", "UTC", now).unwrap(), d(2026, 1, 2));
        assert_eq!(parse("today", "UTC", now).unwrap(), d(2026, 3, 15));
        assert_eq!(parse("today -1d", "UTC", now).unwrap(), d(2026, 3, 14));
        assert_eq!(parse("today =1d -1m", "UTC", now).unwrap(), d(2026, 2, 1));
        assert_eq!(
            parse("now =1d", "UTC", now).unwrap(),
            DomainDate::DateTime(at("2026-03-01 00:00:00"))
        );
        // Local midnight in Brussels (UTC+1 in March) is 23:00 UTC the day before.
        assert_eq!(
            parse("=1d", "Europe/Brussels", now).unwrap(),
            DomainDate::DateTime(at("2026-02-28 23:00:00"))
        );
    }

    #[test]
    fn bad_dates_raise_odoos_value_errors() {
        let now = at("2026-03-15 10:30:00");
        let e = parse("not-a-date", "UTC", now).unwrap_err();
        assert_eq!(e.kind, FaultKind::ValueError);
        assert_eq!(
            e.message,
            "Invalid term 'not-a-date' in expression date: 'not-a-date'"
        );
        let e = parse("2026-13-45", "UTC", now).unwrap_err();
        assert_eq!(e.message, "Invalid isoformat string: '2026-13-45'");
        assert_eq!(
            parse("  ", "UTC", now).unwrap_err().message,
            "Empty date value"
        );
        assert!(parse("today +xd", "UTC", now).is_err());
    }
}
