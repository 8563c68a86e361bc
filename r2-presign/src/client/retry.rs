//! Bounded exponential backoff with full jitter, for transient failures.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use http::StatusCode;

/// How transient failures (connection errors, 5xx, 429) are retried.
///
/// Only requests whose body can be sent again are retried: bytes and files, and bodiless
/// downloads, heads and deletes. A one-shot stream is never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt. Default: 3.
    pub max_retries: u32,
    /// The delay before the first retry; it doubles each time. Default: 100 ms.
    pub base_delay: Duration,
    /// The longest delay between attempts (also caps a server's `Retry-After`). Default: 5 s.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `retry` (0-based): a random point in
    /// `[0, min(max_delay, base_delay * 2^retry)]` ("full jitter"), or the server's
    /// `Retry-After` when it gave one, capped at `max_delay`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_delay);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random() % (nanos + 1))
    }
}

/// Statuses worth another try: throttling and server errors.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A random `u64` from the standard library's randomly seeded hasher.
fn random() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::from(d.subsec_nanos())),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_bounded_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let ceiling = (p.base_delay * 2u32.pow(retry.min(20))).min(p.max_delay);
            for _ in 0..20 {
                assert!(p.delay(retry, None) <= ceiling);
            }
        }
        let samples: std::collections::HashSet<_> = (0..50).map(|_| p.delay(5, None)).collect();
        assert!(samples.len() > 10, "jitter varies the delay");
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(p.delay(0, Some(Duration::from_secs(60))), p.max_delay);
        assert!(retryable_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!retryable_status(StatusCode::FORBIDDEN));
    }
}
