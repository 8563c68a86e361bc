//! How long a presigned URL stays valid.

use std::fmt;
use std::time::Duration;

use crate::Error;

/// How long a presigned URL stays valid: whole seconds from 1 second to 7 days.
///
/// The constructors never fail and never panic (they saturate); the range is checked when the
/// request is signed, where an out-of-range expiry is [`Error::InvalidExpiry`], never clamped.
/// [`Expiry::new`] checks it up front; [`Expiry::checked`] does too and is `const`, so a
/// constant expiry can be checked at compile time.
///
/// # Examples
/// ```
/// use std::time::Duration;
/// use r2_presign::Expiry;
///
/// assert_eq!(Expiry::minutes(15).as_secs(), 900);
/// assert_eq!(Expiry::from(Duration::from_secs(90)), Expiry::seconds(90));
/// assert!(Expiry::days(8).check().is_err());
/// const DAY: Expiry = Expiry::checked(86_400).expect("1 day is a valid expiry");
/// assert_eq!(DAY, Expiry::days(1));
/// assert_eq!(Expiry::checked(0), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expiry(Duration);

impl Expiry {
    /// The shortest expiry SigV4 allows: 1 second.
    pub const MIN: Expiry = Expiry(Duration::from_secs(1));
    /// The longest expiry SigV4 allows: 7 days (604800 seconds).
    pub const MAX: Expiry = Expiry(Duration::from_secs(604_800));

    /// An expiry of `secs` seconds, checked: `Err` unless `1 <= secs <= 604800`.
    ///
    /// # Errors
    /// [`Error::InvalidExpiry`] outside 1 second to 7 days.
    pub fn new(secs: u64) -> Result<Self, Error> {
        Expiry::checked(secs).ok_or(Error::InvalidExpiry {
            expiry: Duration::from_secs(secs),
        })
    }

    /// An expiry of `secs` seconds if `1 <= secs <= 604800`; usable in constants.
    pub const fn checked(secs: u64) -> Option<Self> {
        let e = Expiry(Duration::from_secs(secs));
        if e.is_valid() { Some(e) } else { None }
    }

    /// `secs` seconds (unchecked until signing).
    pub const fn seconds(secs: u64) -> Self {
        Expiry(Duration::from_secs(secs))
    }

    /// `n` minutes (unchecked until signing; saturates instead of overflowing).
    pub const fn minutes(n: u64) -> Self {
        Expiry::seconds(n.saturating_mul(60))
    }

    /// `n` hours (unchecked until signing; saturates instead of overflowing).
    pub const fn hours(n: u64) -> Self {
        Expiry::seconds(n.saturating_mul(3600))
    }

    /// `n` days (unchecked until signing; saturates instead of overflowing).
    pub const fn days(n: u64) -> Self {
        Expiry::seconds(n.saturating_mul(86_400))
    }

    /// The expiry as a [`Duration`].
    pub const fn as_duration(self) -> Duration {
        self.0
    }

    /// Whole seconds (sub-second parts, which signing refuses, are dropped).
    pub const fn as_secs(self) -> u64 {
        self.0.as_secs()
    }

    /// Whether this is whole seconds between 1 second and 7 days.
    pub const fn is_valid(self) -> bool {
        self.0.subsec_nanos() == 0 && self.0.as_secs() >= 1 && self.0.as_secs() <= 604_800
    }

    /// The value of `X-Amz-Expires`.
    ///
    /// # Errors
    /// [`Error::InvalidExpiry`] unless [`is_valid`](Self::is_valid).
    #[inline]
    pub fn check(self) -> Result<u32, Error> {
        match u32::try_from(self.0.as_secs()) {
            Ok(secs) if self.is_valid() => Ok(secs),
            _ => Err(Error::InvalidExpiry { expiry: self.0 }),
        }
    }
}

impl From<Duration> for Expiry {
    fn from(d: Duration) -> Self {
        Expiry(d)
    }
}

impl From<Expiry> for Duration {
    fn from(e: Expiry) -> Self {
        e.0
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.subsec_nanos() == 0 {
            write!(f, "{} s", self.0.as_secs())
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_one_second_to_seven_days_inclusive() {
        assert_eq!(Expiry::seconds(1).check(), Ok(1));
        assert_eq!(Expiry::seconds(604_800).check(), Ok(604_800));
        assert_eq!(Expiry::days(7), Expiry::MAX);
        for bad in [
            Expiry::seconds(0),
            Expiry::seconds(604_801),
            Expiry::days(8),
            Expiry::days(u64::MAX),
            Expiry::from(Duration::from_millis(1500)),
            Expiry::from(Duration::from_millis(999)),
        ] {
            assert_eq!(
                bad.check(),
                Err(Error::InvalidExpiry {
                    expiry: bad.as_duration()
                })
            );
            assert!(Expiry::new(bad.as_secs()).is_err() || bad.as_duration().subsec_nanos() > 0);
        }
        assert_eq!(Expiry::new(3600), Ok(Expiry::hours(1)));
    }
}
