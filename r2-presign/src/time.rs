//! The clock seam and the two date formats SigV4 and RFC 3339 need.
//!
//! Only UTC is involved, so a civil-date conversion (Howard Hinnant's `civil_from_days`) is
//! all that is needed; no calendar crate is pulled in for it.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::Error;

/// A signing instant broken down into the fields SigV4 needs, as ASCII digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AmzDate {
    /// `YYYYMMDDTHHMMSSZ`, the `X-Amz-Date` value; its first 8 bytes are the scope date.
    datetime: [u8; 16],
}

impl AmzDate {
    /// 1970-01-01T00:00:00Z.
    pub(crate) const EPOCH: Self = Self {
        datetime: *b"19700101T000000Z",
    };

    /// Breaks `time` down to whole UTC seconds.
    ///
    /// # Errors
    /// [`Error::TimeOutOfRange`] before 1970 or after year 9999, which SigV4's fixed-width
    /// date cannot express.
    #[cfg(test)]
    pub(crate) fn new(time: SystemTime) -> Result<Self, Error> {
        Self::from_unix(unix_secs(time)?)
    }

    /// The same, from whole seconds since 1970.
    pub(crate) fn from_unix(secs: u64) -> Result<Self, Error> {
        let civil = Civil::from_unix(secs).ok_or(Error::TimeOutOfRange)?;
        let mut datetime = *b"00000000T000000Z";
        put_digits(&mut datetime[0..4], civil.year);
        put_digits(&mut datetime[4..6], civil.month);
        put_digits(&mut datetime[6..8], civil.day);
        put_digits(&mut datetime[9..11], civil.hour);
        put_digits(&mut datetime[11..13], civil.minute);
        put_digits(&mut datetime[13..15], civil.second);
        Ok(Self { datetime })
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub(crate) fn datetime(&self) -> &str {
        // Only ASCII digits, `T` and `Z` are ever written.
        std::str::from_utf8(&self.datetime).unwrap_or_default()
    }

    /// `YYYYMMDD`, the date of the credential scope.
    pub(crate) fn date(&self) -> &str {
        &self.datetime()[..8]
    }
}

/// Whole seconds since 1970 (the precision of `X-Amz-Date`).
///
/// # Errors
/// [`Error::TimeOutOfRange`] before 1970.
#[inline]
pub(crate) fn unix_secs(time: SystemTime) -> Result<u64, Error> {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::TimeOutOfRange)
}

/// A UTC date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Civil {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

/// Seconds from 1970-01-01 to 10000-01-01, the first instant a 4-digit year cannot hold.
const MAX_UNIX: u64 = 253_402_300_800;

impl Civil {
    fn from_unix(secs: u64) -> Option<Self> {
        if secs >= MAX_UNIX {
            return None;
        }
        let days = secs / 86_400;
        let rem = secs % 86_400;
        // civil_from_days (http://howardhinnant.github.io/date_algorithms.html), for days >= 0.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        let small = |v: u64| u32::try_from(v).ok();
        Some(Self {
            year: small(year)?,
            month: small(month)?,
            day: small(day)?,
            hour: small(rem / 3600)?,
            minute: small(rem / 60 % 60)?,
            second: small(rem % 60)?,
        })
    }

    #[cfg(any(test, feature = "serde"))]
    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339 in UTC, optional fraction) to Unix seconds.
    fn parse_rfc3339(s: &str) -> Option<u64> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u64> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut rest = &s[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        if !matches!(rest, "Z" | "z" | "+00:00" | "-00:00") {
            return None;
        }
        if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        if year < 1970 || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        // days_from_civil, for years >= 1970.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y / 400;
        let yoe = y % 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(days * 86_400 + hour * 3600 + minute * 60 + second)
    }
}

#[cfg(any(test, feature = "serde"))]
fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn put_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(value % 10) as usize];
        value /= 10;
    }
}

const DIGITS: &[u8; 10] = b"0123456789";

/// Formats `time` as RFC 3339 in UTC with whole seconds: `2025-12-01T18:05:12Z`.
///
/// Instants outside 1970..=9999 are clamped to the nearest representable second; they cannot
/// come out of a successful signing.
pub(crate) fn to_rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(MAX_UNIX - 1);
    let c = Civil::from_unix(secs).unwrap_or(Civil {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    });
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

#[cfg(any(test, feature = "serde"))]
/// Parses an RFC 3339 timestamp in UTC (`Z` or `+00:00`), as [`to_rfc3339`] writes it.
pub(crate) fn from_rfc3339(s: &str) -> Option<SystemTime> {
    Civil::parse_rfc3339(s).map(|secs| UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn amz_date_of_known_instants() {
        // 2015-08-30T12:36:00Z, the AWS SigV4 test suite's instant.
        let d = AmzDate::new(at(1_440_938_160)).unwrap();
        assert_eq!(d.datetime(), "20150830T123600Z");
        assert_eq!(d.date(), "20150830");
        // A leap day just before midnight.
        let d = AmzDate::new(at(1_709_251_199)).unwrap();
        assert_eq!(d.datetime(), "20240229T235959Z");
        assert_eq!(AmzDate::new(at(0)).unwrap().datetime(), "19700101T000000Z");
        assert_eq!(
            AmzDate::new(at(MAX_UNIX - 1)).unwrap().datetime(),
            "99991231T235959Z"
        );
    }

    #[test]
    fn out_of_range_instants_are_errors() {
        assert!(matches!(
            AmzDate::new(UNIX_EPOCH - Duration::from_secs(1)),
            Err(Error::TimeOutOfRange)
        ));
        assert!(matches!(
            AmzDate::new(at(MAX_UNIX)),
            Err(Error::TimeOutOfRange)
        ));
    }

    #[test]
    fn rfc3339_round_trips_every_day_of_a_leap_cycle() {
        // Four years from 2024-01-01, one sample per day at a moving time of day.
        let start = 1_704_067_200;
        for day in 0..(4 * 366) {
            let secs = start + day * 86_400 + (day * 7_919) % 86_400;
            let text = to_rfc3339(at(secs));
            assert_eq!(from_rfc3339(&text), Some(at(secs)), "{text}");
        }
        assert_eq!(to_rfc3339(at(1_709_251_199)), "2024-02-29T23:59:59Z");
    }

    #[test]
    fn rfc3339_rejects_malformed_text() {
        for bad in [
            "",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+01:00",
            "1969-12-31T23:59:59Z",
            "+024-01-01T00:00:00Z",
        ] {
            assert_eq!(from_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(
            from_rfc3339("2024-01-01T00:00:00.250Z"),
            Some(at(1_704_067_200))
        );
    }
}
