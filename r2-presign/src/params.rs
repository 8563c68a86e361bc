//! Rules for the extra headers and query parameters a caller asks to sign.

use std::borrow::Cow;

use http::{HeaderName, HeaderValue};

use crate::sign::QueryParam;
use crate::{Error, Method};

/// Headers the signer or the HTTP client writes; signing them as extras is a mistake.
const RESERVED_HEADERS: [&str; 6] = [
    "host",
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "x-amz-signature",
];

/// The authentication parameters the signer writes.
pub(crate) const AUTH_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-Security-Token",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `s` is an HTTP token (RFC 9110 5.6.2): a header name or a method.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// A signed header: the name lowercase, the value exactly as the client must send it.
pub(crate) type Header = (HeaderName, HeaderValue);

/// Validates a header name and returns it lowercase.
pub(crate) fn header_name(name: &str) -> Result<HeaderName, Error> {
    if !is_token(name) {
        return Err(Error::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    // A token is what `http` accepts; it lowercases the name (and allocates only for names
    // it does not know).
    let parsed = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidHeaderName {
        name: name.to_owned(),
    })?;
    if RESERVED_HEADERS.contains(&parsed.as_str()) {
        return Err(Error::ReservedHeader {
            name: parsed.as_str().to_owned(),
        });
    }
    Ok(parsed)
}

/// Converts a header value, refusing what could split the request: CR, LF and other control
/// characters (a tab is allowed, as HTTP allows it). This is exactly `http`'s rule for
/// `HeaderValue`.
#[inline]
pub(crate) fn header_value(name: &HeaderName, value: Cow<'_, str>) -> Result<HeaderValue, Error> {
    let converted = match value {
        Cow::Borrowed(v) => HeaderValue::from_str(v),
        Cow::Owned(v) => HeaderValue::try_from(v),
    };
    converted.map_err(|_| Error::InvalidHeaderValue {
        name: name.as_str().to_owned(),
    })
}

/// Checks a query parameter name: not empty, not an authentication parameter.
pub(crate) fn query_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || AUTH_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
        return Err(Error::ReservedQueryParameter {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Validates the headers and query of a high-level request and sorts the headers by name.
///
/// Here each header and parameter may appear once, and `response-*` only on GET or HEAD.
#[inline]
pub(crate) fn check_request(
    method: Method,
    headers: &mut [Header],
    query: &[QueryParam<'_>],
) -> Result<(), Error> {
    sort_headers(headers);
    if let Some(w) = headers.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::DuplicateHeader {
            name: w[0].0.as_str().to_owned(),
        });
    }
    for (i, q) in query.iter().enumerate() {
        if query[..i].iter().any(|p| p.name == q.name) {
            return Err(Error::DuplicateQueryParameter {
                name: q.name.clone().into_owned(),
            });
        }
        if q.name.starts_with("response-") && !method.allows_response_overrides() {
            return Err(Error::ResponseOverrideNotAllowed {
                name: q.name.clone().into_owned(),
                method,
            });
        }
    }
    Ok(())
}

/// Sorts headers by name, keeping the order of equal names (their values are joined in the
/// order given).
#[inline]
pub(crate) fn sort_headers(headers: &mut [Header]) {
    if headers.len() > 1 {
        headers.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_tokens_lowercased() {
        assert_eq!(header_name("Content-Type").unwrap(), "content-type");
        assert_eq!(header_name("X-Amz-Meta-A").unwrap(), "x-amz-meta-a");
        assert_eq!(
            header_name("a!#$%&'*+-.^_`|~z").unwrap(),
            "a!#$%&'*+-.^_`|~z"
        );
        for bad in ["", "a b", "a:b", "a\nb", "é", "a(b)", "a\"b"] {
            assert!(
                matches!(header_name(bad), Err(Error::InvalidHeaderName { .. })),
                "{bad:?}"
            );
        }
        for reserved in ["Host", "authorization", "X-Amz-Date"] {
            assert!(matches!(
                header_name(reserved),
                Err(Error::ReservedHeader { .. })
            ));
        }
    }

    #[test]
    fn header_values_refuse_line_breaks_and_controls() {
        let name = HeaderName::from_static("x-h");
        let ok = "ok value\twith tab, ünïcode";
        assert_eq!(
            header_value(&name, ok.into()).unwrap().as_bytes(),
            ok.as_bytes()
        );
        for bad in ["a\r\nb", "a\nb", "a\rb", "\0", "\x7f", "\x0b"] {
            assert_eq!(
                header_value(&name, bad.into()),
                Err(Error::InvalidHeaderValue { name: "x-h".into() })
            );
            assert!(header_value(&name, Cow::Owned(bad.to_owned())).is_err());
        }
    }

    #[test]
    fn auth_parameters_are_reserved_in_any_case() {
        for bad in ["", "X-Amz-Signature", "x-amz-credential", "X-AMZ-EXPIRES"] {
            assert!(query_name(bad).is_err(), "{bad}");
        }
        assert!(query_name("X-Amz-Content-Sha256").is_ok());
        assert!(query_name("x-id").is_ok());
    }
}
