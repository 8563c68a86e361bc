//! Where requests go: an R2 account, or any S3-compatible endpoint.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::Error;

/// How the bucket appears in the URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AddressingStyle {
    /// `https://<host>/<bucket>/<key>`. Works for every bucket name and every endpoint; the
    /// default.
    #[default]
    Path,
    /// `https://<bucket>.<host>/<key>`. The bucket must be a single DNS label.
    VirtualHosted,
}

/// An R2 jurisdiction: data stored under it is served from its own endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Jurisdiction {
    /// The European Union (`<account>.eu.r2.cloudflarestorage.com`).
    Eu,
    /// FedRAMP (`<account>.fedramp.r2.cloudflarestorage.com`).
    Fedramp,
}

impl Jurisdiction {
    fn label(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "eu",
            Jurisdiction::Fedramp => "fedramp",
        }
    }
}

/// Which bucket-naming rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Rules {
    /// R2: `a-z 0-9 -`.
    R2,
    /// S3 general purpose buckets: `a-z 0-9 . -`.
    S3,
}

/// The service endpoint and region that presigned URLs are made for.
///
/// # Examples
/// ```
/// use r2_presign::{AddressingStyle, Endpoint, Jurisdiction};
///
/// let r2 = Endpoint::r2("0123456789abcdef0123456789abcdef")?;
/// assert_eq!(r2.url(), "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com");
/// assert_eq!(r2.region(), "auto");
///
/// let eu = Endpoint::r2_in("0123456789abcdef0123456789abcdef", Jurisdiction::Eu)?;
/// assert_eq!(eu.url(), "https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com");
///
/// let minio = Endpoint::custom("http://127.0.0.1:9000", "us-east-1")?;
/// assert_eq!(minio.url(), "http://127.0.0.1:9000");
///
/// let aws = Endpoint::custom("https://s3.eu-west-1.amazonaws.com", "eu-west-1")?
///     .with_style(AddressingStyle::VirtualHosted);
/// assert_eq!(aws.style(), AddressingStyle::VirtualHosted);
/// # Ok::<(), r2_presign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    scheme: &'static str,
    authority: String,
    region: String,
    style: AddressingStyle,
    rules: Rules,
}

impl Endpoint {
    /// The S3 API endpoint of an R2 account, `https://<account_id>.r2.cloudflarestorage.com`,
    /// region `auto`, path style.
    ///
    /// # Errors
    /// [`Error::InvalidAccountId`] unless `account_id` is 32 hexadecimal digits.
    pub fn r2(account_id: &str) -> Result<Self, Error> {
        Self::r2_host(account_id, "")
    }

    /// The endpoint of an R2 account's buckets in a jurisdiction,
    /// `https://<account_id>.<jurisdiction>.r2.cloudflarestorage.com`.
    ///
    /// # Errors
    /// [`Error::InvalidAccountId`] unless `account_id` is 32 hexadecimal digits.
    pub fn r2_in(account_id: &str, jurisdiction: Jurisdiction) -> Result<Self, Error> {
        Self::r2_host(account_id, jurisdiction.label())
    }

    fn r2_host(account_id: &str, jurisdiction: &str) -> Result<Self, Error> {
        if account_id.len() != 32 || !account_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::InvalidAccountId {
                account_id: account_id.to_owned(),
            });
        }
        let mut authority = account_id.to_ascii_lowercase();
        if !jurisdiction.is_empty() {
            authority.push('.');
            authority.push_str(jurisdiction);
        }
        authority.push_str(".r2.cloudflarestorage.com");
        Ok(Self {
            scheme: "https",
            authority,
            region: "auto".to_owned(),
            style: AddressingStyle::Path,
            rules: Rules::R2,
        })
    }

    /// Any S3-compatible endpoint: `http(s)://host[:port]` (a trailing `/` is allowed) and the
    /// region it signs for (`auto` for R2, `us-east-1` for MinIO's default, ...).
    ///
    /// The host is lowercased and a default port (`:443` for https, `:80` for http) dropped,
    /// as HTTP clients do before sending, because the `host` header is signed. Bucket names
    /// follow S3's rules (`a-z 0-9 . -`). Path style unless [`with_style`](Self::with_style).
    ///
    /// # Errors
    /// [`Error::InvalidEndpoint`] for another scheme, a path, query, fragment or user info, a
    /// bad port, or a host that is not ASCII (use its punycode form); [`Error::InvalidRegion`].
    pub fn custom(url: &str, region: &str) -> Result<Self, Error> {
        let bad = |reason| Error::InvalidEndpoint {
            url: url.to_owned(),
            reason,
        };
        let (scheme, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            ("https", rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            ("http", rest)
        } else {
            return Err(bad("the scheme must be http:// or https://"));
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("it must not have a path, query or fragment"));
        }
        if authority.contains('@') {
            return Err(bad(
                "it must not hold user info; credentials are signed, not sent",
            ));
        }
        let (host, port) = split_port(authority)
            .ok_or_else(|| bad("the port must be a number from 0 to 65535"))?;
        let host = normalize_host(host).ok_or_else(|| {
            bad("the host must be an ASCII domain name or an IP address (use punycode)")
        })?;
        let mut authority = host;
        let default_port = if scheme == "https" { 443 } else { 80 };
        if let Some(port) = port.filter(|&p| p != default_port) {
            authority.push(':');
            authority.push_str(&port.to_string());
        }
        validate_region(region)?;
        Ok(Self {
            scheme,
            authority,
            region: region.to_owned(),
            style: AddressingStyle::Path,
            rules: Rules::S3,
        })
    }

    /// The same endpoint with another addressing style.
    #[must_use]
    pub fn with_style(mut self, style: AddressingStyle) -> Self {
        self.style = style;
        self
    }

    /// The same endpoint signing for another region (R2 accepts only `auto`, and `us-east-1`
    /// as an alias; other stores have their own).
    ///
    /// # Errors
    /// [`Error::InvalidRegion`] if it is empty or holds `/`, whitespace or control characters.
    pub fn with_region(mut self, region: &str) -> Result<Self, Error> {
        validate_region(region)?;
        self.region = region.to_owned();
        Ok(self)
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The addressing style.
    pub fn style(&self) -> AddressingStyle {
        self.style
    }

    /// `scheme://host[:port]`, without the bucket.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    #[inline]
    pub(crate) fn scheme(&self) -> &'static str {
        self.scheme
    }

    #[inline]
    pub(crate) fn authority(&self) -> &str {
        &self.authority
    }

    /// Checks `bucket` against this endpoint's naming rules and addressing style.
    ///
    /// # Errors
    /// [`Error::InvalidBucketName`], or [`Error::BucketNotDnsLabel`] for a dotted name in
    /// virtual-hosted style.
    #[inline]
    pub fn check_bucket(&self, bucket: &str) -> Result<(), Error> {
        let invalid = |reason| Error::InvalidBucketName {
            bucket: bucket.to_owned(),
            reason,
        };
        let b = bucket.as_bytes();
        if !(3..=63).contains(&b.len()) {
            return Err(invalid("it must be 3 to 63 characters long"));
        }
        let allowed = |c: u8| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == b'-'
                || (c == b'.' && self.rules == Rules::S3)
        };
        let mut dots = false;
        if !b.iter().all(|&c| {
            dots |= c == b'.';
            allowed(c)
        }) {
            return Err(invalid(match self.rules {
                Rules::R2 => "only lowercase letters, digits and `-` are allowed",
                Rules::S3 => "only lowercase letters, digits, `.` and `-` are allowed",
            }));
        }
        let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        if !b.first().is_some_and(alnum) || !b.last().is_some_and(alnum) {
            return Err(invalid("it must start and end with a letter or digit"));
        }
        if !dots {
            return Ok(());
        }
        if bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.") {
            return Err(invalid("dots must separate non-empty labels"));
        }
        if bucket.parse::<Ipv4Addr>().is_ok() {
            return Err(invalid("it must not be formatted as an IP address"));
        }
        if self.style == AddressingStyle::VirtualHosted {
            return Err(Error::BucketNotDnsLabel {
                bucket: bucket.to_owned(),
            });
        }
        Ok(())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url())
            .field("region", &self.region)
            .field("style", &self.style)
            .finish()
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Splits `host[:port]` / `[v6][:port]`; `None` if a port is present but not a `u16`.
fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let port_at = if authority.starts_with('[') {
        authority.find(']').map(|i| i + 1)
    } else {
        authority.rfind(':')
    };
    match port_at {
        Some(i) if authority[i..].starts_with(':') => {
            let port = &authority[i + 1..];
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((&authority[..i], Some(port.parse().ok()?)))
        }
        Some(i) if i < authority.len() => None,
        _ => Some((authority, None)),
    }
}

/// Lowercases a domain name and writes IP addresses in the form URL parsers send.
fn normalize_host(host: &str) -> Option<String> {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return Some(format!("[{}]", v6.parse::<Ipv6Addr>().ok()?));
    }
    if host.is_empty() || host.len() > 253 {
        return None;
    }
    let ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if !ok || host.starts_with('.') || host.contains("..") {
        return None;
    }
    // Something that looks numeric must be a plain dotted-quad; parsers rewrite other forms.
    let last_label = host
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or(host);
    if last_label.bytes().all(|b| b.is_ascii_digit()) {
        return host.parse::<Ipv4Addr>().ok().map(|ip| ip.to_string());
    }
    Some(host.to_ascii_lowercase())
}

fn validate_region(region: &str) -> Result<(), Error> {
    let bad = region.is_empty()
        || region
            .chars()
            .any(|c| c == '/' || c.is_whitespace() || c.is_control());
    if bad {
        return Err(Error::InvalidRegion {
            region: region.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn r2_account_ids_are_32_hex_digits() {
        assert!(Endpoint::r2(ACCOUNT).is_ok());
        let upper = Endpoint::r2(&ACCOUNT.to_uppercase()).unwrap();
        assert_eq!(
            upper.authority(),
            format!("{ACCOUNT}.r2.cloudflarestorage.com")
        );
        for bad in [
            "",
            "0123",
            &format!("{ACCOUNT}0"),
            &ACCOUNT.replace('a', "g"),
        ] {
            assert_eq!(
                Endpoint::r2(bad).unwrap_err(),
                Error::InvalidAccountId {
                    account_id: bad.to_owned()
                }
            );
        }
        let fed = Endpoint::r2_in(ACCOUNT, Jurisdiction::Fedramp).unwrap();
        assert_eq!(
            fed.url(),
            format!("https://{ACCOUNT}.fedramp.r2.cloudflarestorage.com")
        );
    }

    #[test]
    fn custom_endpoints_are_normalized_as_clients_send_them() {
        let cases = [
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
            ("http://LOCALHOST:80/", "http://localhost"),
            ("HTTPS://S3.Example.com:443", "https://s3.example.com"),
            ("https://s3.example.com:8443", "https://s3.example.com:8443"),
            ("http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080"),
            ("http://[::1]", "http://[::1]"),
        ];
        for (input, want) in cases {
            assert_eq!(
                Endpoint::custom(input, "us-east-1").unwrap().url(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn malformed_endpoints_are_refused_with_a_reason() {
        for bad in [
            "ftp://example.com",
            "example.com",
            "https://example.com/prefix",
            "https://example.com?x=1",
            "https://user:pw@example.com",
            "https://example.com:port",
            "https://example.com:99999",
            "https://exämple.com",
            "https://",
            "https://[::zz]",
            "http://127.0.0.01",
        ] {
            let err = Endpoint::custom(bad, "auto").unwrap_err();
            assert!(matches!(err, Error::InvalidEndpoint { .. }), "{bad}: {err}");
        }
        for bad in ["", "us east", "a/b", "x\n"] {
            assert!(matches!(
                Endpoint::custom("https://example.com", bad),
                Err(Error::InvalidRegion { .. })
            ));
        }
    }

    #[test]
    fn bucket_rules() {
        let r2 = Endpoint::r2(ACCOUNT).unwrap();
        for ok in ["abc", "my-bucket", "a1-2b", &"a".repeat(63)] {
            assert_eq!(r2.check_bucket(ok), Ok(()), "{ok}");
        }
        for bad in [
            "ab",
            &"a".repeat(64),
            "My-Bucket",
            "-abc",
            "abc-",
            "a_b",
            "my.bucket",
            "a b",
        ] {
            assert!(
                matches!(r2.check_bucket(bad), Err(Error::InvalidBucketName { .. })),
                "{bad}"
            );
        }
        let s3 = Endpoint::custom("https://s3.example.com", "us-east-1").unwrap();
        assert_eq!(s3.check_bucket("my.bucket"), Ok(()));
        for bad in ["a..b", "a.-b", ".ab", "192.168.1.1"] {
            assert!(s3.check_bucket(bad).is_err(), "{bad}");
        }
        let vhost = s3.with_style(AddressingStyle::VirtualHosted);
        assert_eq!(
            vhost.check_bucket("my.bucket"),
            Err(Error::BucketNotDnsLabel {
                bucket: "my.bucket".into()
            })
        );
        assert_eq!(vhost.check_bucket("my-bucket"), Ok(()));
    }
}
