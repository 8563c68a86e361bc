//! Stage 3 of SigV4: the signing key and the signature.
//!
//! The signing key is four chained HMACs of the secret over the scope
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key>).
//! It changes only when the date does, so [`SigningCache`] keeps it, as an HMAC state already
//! keyed. It also keeps, for the current second, that state with the head of the string to
//! sign (`AWS4-HMAC-SHA256\n<datetime>\n<scope>\n`, at least one full SHA-256 block) already
//! absorbed, and the query's first four parameters (algorithm, credential, date, the name of
//! the expiry) as text, the way HTTP servers cache their `Date` header: a service signing many
//! URLs a second then pays only for the canonical request's hash and the HMAC's last blocks.

use std::ops::Range;
use std::sync::RwLock;

use zeroize::Zeroize;

use super::Scope;
use super::string_to_sign;
use crate::Error;
use crate::crypto::{self, Hex64, HmacKey, Sha256};
use crate::time::AmzDate;

/// Derives `kSigning` for `date` (`YYYYMMDD`) in `scope`, starting from the scope's
/// precomputed `"AWS4" + secret` key.
///
/// The intermediate keys (`kDate`, `kRegion`, `kService`) are scoped to one day and are not
/// wiped; the secret never leaves the scope's key, which is.
pub(crate) fn derive_signing_key(scope: &Scope, date: &str) -> [u8; 32] {
    let k_date = scope.secret_key.mac(date.as_bytes());
    let k_region = crypto::hmac_derived(&k_date, scope.region.as_bytes());
    let k_service = crypto::hmac_derived(&k_region, scope.service.as_bytes());
    crypto::hmac_derived(&k_service, b"aws4_request")
}

/// An HMAC key of `kSigning`, ready to sign strings for that scope.
pub(crate) fn signing_key(scope: &Scope, date: &str) -> HmacKey {
    let mut k_signing = derive_signing_key(scope, date);
    let key = HmacKey::new(&k_signing);
    k_signing.zeroize();
    key
}

/// What signing at one instant needs, borrowed from the cache.
#[derive(Clone, Copy)]
pub(crate) struct Signer<'c> {
    /// `YYYYMMDDTHHMMSSZ`.
    pub(crate) datetime: &'c str,
    /// The query up to the expiry's value: `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=
    /// <key>%2F<date>%2F<region>%2F<service>%2Faws4_request&X-Amz-Date=<datetime>&X-Amz-Expires=`.
    pub(crate) query_head: &'c str,
    key: &'c HmacKey,
    /// The inner hash of the HMAC with the head of the string to sign absorbed.
    head_absorbed: &'c Sha256,
}

impl Signer<'_> {
    /// `hex(HMAC(kSigning, string_to_sign))`, given the canonical request's hash.
    #[inline]
    pub(crate) fn sign(&self, canonical_request_hash: &Hex64) -> Hex64 {
        crypto::to_hex(
            &self
                .key
                .finish_with(self.head_absorbed, canonical_request_hash),
        )
    }
}

struct Entry {
    secs: u64,
    day_key: HmacKey,
    head_absorbed: Sha256,
    /// [`Signer::query_head`]; the `X-Amz-Date` value is at `datetime`.
    query_head: String,
    datetime: Range<usize>,
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.day_key.wipe();
        self.head_absorbed.wipe();
    }
}

impl Entry {
    /// The entry for `secs`, reusing `previous`'s day key when the date is the same.
    #[cold]
    fn new(secs: u64, previous: Option<(AmzDate, HmacKey)>, scope: &Scope) -> Result<Self, Error> {
        let date = AmzDate::from_unix(secs)?;
        let day_key = match previous {
            Some((prev, key)) if prev.date() == date.date() => key,
            _ => signing_key(scope, date.date()),
        };
        let mut head_absorbed = day_key.start();
        head_absorbed.update(&string_to_sign::head(date.datetime()));
        head_absorbed.update(scope.sts_tail.as_bytes());
        let mut query_head = String::with_capacity(
            scope.query_head.len() + 8 + scope.query_mid.len() + 16 + EXPIRES.len(),
        );
        query_head.push_str(&scope.query_head);
        query_head.push_str(date.date());
        query_head.push_str(&scope.query_mid);
        let start = query_head.len();
        query_head.push_str(date.datetime());
        let datetime = start..query_head.len();
        query_head.push_str(EXPIRES);
        Ok(Self {
            secs,
            day_key,
            head_absorbed,
            query_head,
            datetime,
        })
    }

    #[inline]
    fn datetime(&self) -> &str {
        self.query_head
            .get(self.datetime.clone())
            .unwrap_or_default()
    }

    fn date(&self) -> AmzDate {
        AmzDate::from_unix(self.secs).unwrap_or(AmzDate::EPOCH)
    }

    #[inline]
    fn signer(&self) -> Signer<'_> {
        Signer {
            datetime: self.datetime(),
            query_head: &self.query_head,
            key: &self.day_key,
            head_absorbed: &self.head_absorbed,
        }
    }
}

const EXPIRES: &str = "&X-Amz-Expires=";

/// The signing key of the most recent date and the string-to-sign head of the most recent
/// second, for one (secret, region, service).
///
/// Shared between threads behind a `RwLock`. Signers of the cached second sign under the read
/// lock, borrowing the keyed state; the first signer of a new second (or day) builds the new
/// entry and stores it. A poisoned lock is treated as an empty cache, never a panic.
#[derive(Default)]
pub(crate) struct SigningCache {
    slot: RwLock<Option<Entry>>,
}

impl SigningCache {
    /// Calls `f` with the signing state for `secs` (Unix seconds).
    ///
    /// # Errors
    /// [`Error::TimeOutOfRange`] past the year 9999.
    #[inline]
    pub(crate) fn with<R>(
        &self,
        secs: u64,
        scope: &Scope,
        f: impl FnOnce(Signer<'_>) -> R,
    ) -> Result<R, Error> {
        let previous = match self.slot.read() {
            Ok(slot) => match slot.as_ref() {
                Some(e) if e.secs == secs => return Ok(f(e.signer())),
                Some(e) => Some((e.date(), e.day_key.clone())),
                None => None,
            },
            Err(_) => None,
        };
        let entry = Entry::new(secs, previous, scope)?;
        let out = f(entry.signer());
        self.store(entry);
        Ok(out)
    }

    #[cold]
    fn store(&self, entry: Entry) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = Some(entry);
        }
    }

    /// Whether a key for `date` (`YYYYMMDD`) is cached (for tests).
    #[cfg(test)]
    pub(crate) fn holds_date(&self, date: &str) -> bool {
        self.slot
            .read()
            .is_ok_and(|s| s.as_ref().is_some_and(|e| e.date().date() == date))
    }

    /// Forgets everything, so the next signature derives the key again.
    pub(crate) fn clear(&self) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = None;
        }
    }
}

impl std::fmt::Debug for SigningCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself: it is as good as the secret for a day.
        let date = self
            .slot
            .read()
            .ok()
            .and_then(|s| s.as_ref().map(|e| e.datetime().to_owned()));
        f.debug_struct("SigningCache")
            .field("at", &date)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;
    use crate::crypto::hex_str;

    // The AWS docs' example secret and its published signing key for 20150830/us-east-1/iam
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn derives_the_signing_key_published_by_aws() {
        let key = derive_signing_key(&scope("us-east-1", "iam"), "20150830");
        assert_eq!(
            hex::encode(key),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }

    fn scope(region: &str, service: &str) -> Scope {
        Scope::new(
            &Credentials::new("AKIDEXAMPLE", SECRET).unwrap(),
            region,
            service,
        )
    }

    #[test]
    fn signs_the_suite_string_to_sign() {
        // aws-sigv4-suite get-vanilla, query variant, signed at 2015-08-30T12:36:00Z.
        let hash: Hex64 = *b"bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a313c8ceee43e33117cc43eadc5";
        let cache = SigningCache::default();
        let s = scope("us-east-1", "service");
        let (datetime, sig) = cache
            .with(1_440_938_160, &s, |signer| {
                (signer.datetime.to_owned(), signer.sign(&hash))
            })
            .unwrap();
        assert_eq!(datetime, "20150830T123600Z");
        assert_eq!(
            hex_str(&sig),
            "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"
        );
    }

    #[test]
    fn cache_reuses_the_day_key_and_the_second() {
        let cache = SigningCache::default();
        let s = scope("auto", "s3");
        let hash: Hex64 = [b'a'; 64];
        let t1 = 1_764_612_312; // 2025-12-01T18:05:12Z
        let signed = |c: &SigningCache, t| c.with(t, &s, |g| g.sign(&hash));
        assert!(!cache.holds_date("20251201"));
        let a = signed(&cache, t1).unwrap();
        assert!(cache.holds_date("20251201"));
        // Same second, next second, next day: each equals a signature made from scratch.
        for t in [t1, t1, t1 + 1, t1 + 86_400, t1] {
            let fresh = signed(&SigningCache::default(), t).unwrap();
            assert_eq!(signed(&cache, t).unwrap(), fresh, "at {t}");
        }
        assert_ne!(a, signed(&cache, t1 + 1).unwrap());
        cache.clear();
        assert!(!cache.holds_date("20251201"));
        assert!(!format!("{cache:?}").contains(SECRET));
        assert!(matches!(
            signed(&cache, 253_402_300_800),
            Err(Error::TimeOutOfRange)
        ));
    }
}
