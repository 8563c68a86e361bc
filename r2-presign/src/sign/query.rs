//! The canonical query string: the `X-Amz-*` authentication parameters and the caller's extra
//! parameters, percent-encoded once and sorted by encoded name, then value.
//!
//! The URL carries exactly this text, followed by `&X-Amz-Signature=...`: servers do not care
//! about order (the JS SDK emits the same sorted order), and one rendering cannot disagree
//! with itself.

use super::canonical_request::write_signed_headers;
use super::encode::{Set, encode_into};
use super::{Input, QueryParam};

/// The authentication parameters, in canonical order.
#[derive(Clone, Copy)]
enum Auth {
    Algorithm,
    Credential,
    Date,
    Expires,
    SecurityToken,
    SignedHeaders,
}

impl Auth {
    const ALL: [Auth; 6] = [
        Auth::Algorithm,
        Auth::Credential,
        Auth::Date,
        Auth::Expires,
        Auth::SecurityToken,
        Auth::SignedHeaders,
    ];

    #[inline]
    fn name(self) -> &'static str {
        match self {
            Auth::Algorithm => "X-Amz-Algorithm",
            Auth::Credential => "X-Amz-Credential",
            Auth::Date => "X-Amz-Date",
            Auth::Expires => "X-Amz-Expires",
            Auth::SecurityToken => "X-Amz-Security-Token",
            Auth::SignedHeaders => "X-Amz-SignedHeaders",
        }
    }

    /// Writes `name=value`.
    fn write(self, out: &mut String, input: &Input<'_>) {
        let scope = input.scope;
        match self {
            Auth::Algorithm => out.push_str("X-Amz-Algorithm=AWS4-HMAC-SHA256"),
            Auth::Credential => {
                // `X-Amz-Credential=<key>%2F` + date + `%2F<region>%2F<service>%2Faws4_request`
                out.push_str(&scope.credential_head);
                out.push_str(input.datetime.get(..8).unwrap_or_default());
                out.push_str(&scope.credential_tail);
            }
            Auth::Date => {
                out.push_str("X-Amz-Date=");
                out.push_str(input.datetime);
            }
            Auth::Expires => {
                out.push_str("X-Amz-Expires=");
                out.push_str(Digits::new(input.expires).as_str());
            }
            Auth::SecurityToken => {
                if let Some(param) = &scope.token_param {
                    out.push_str(param);
                }
            }
            Auth::SignedHeaders => {
                out.push_str("X-Amz-SignedHeaders=");
                write_signed_headers(out, input.headers, "%3B");
            }
        }
    }

    #[inline]
    fn present(self, input: &Input<'_>) -> bool {
        !matches!(self, Auth::SecurityToken) || input.scope.token_param.is_some()
    }
}

/// Decimal digits of a `u32` without allocating.
struct Digits {
    buf: [u8; 10],
    start: usize,
}

impl Digits {
    #[inline]
    fn new(mut n: u32) -> Self {
        let mut buf = [0u8; 10];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b"0123456789"[(n % 10) as usize];
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { buf, start }
    }

    #[inline]
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

/// Appends every query parameter, auth and extra, in canonical order, joined by `&`.
#[inline]
pub(crate) fn write(out: &mut String, input: &Input<'_>) {
    let extras = (!input.query.is_empty()).then(|| Encoded::new(input.query));
    let sorted = extras.as_ref().map(Encoded::sorted).unwrap_or_default();
    let mut pending = sorted.into_iter().peekable();
    let mut auth: &[Auth] = &Auth::ALL;
    let mut first = true;
    if pending
        .peek()
        .is_none_or(|(name, _)| *name > Auth::Expires.name())
    {
        // The usual case: no extra parameter sorts among the first four, so they are written
        // from the text cached for this second.
        out.push_str(input.query_head);
        out.push_str(Digits::new(input.expires).as_str());
        auth = &Auth::ALL[4..];
        first = false;
    }
    let mut sep = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push('&');
        }
    };
    for &auth in auth {
        if !auth.present(input) {
            continue;
        }
        while let Some((name, value)) = pending.next_if(|(name, _)| *name < auth.name()) {
            sep(out);
            push_pair(out, name, value);
        }
        sep(out);
        auth.write(out, input);
    }
    for (name, value) in pending {
        sep(out);
        push_pair(out, name, value);
    }
}

#[inline]
fn push_pair(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push('=');
    out.push_str(value);
}

/// Extra parameters percent-encoded into one buffer, to be sorted by their encoded form
/// (raw order differs: `ሴ` sorts after `Z` raw but `%E1%88%B4` sorts before it).
struct Encoded {
    text: String,
    spans: Vec<(usize, usize, usize)>,
}

impl Encoded {
    fn new(params: &[QueryParam<'_>]) -> Self {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(params.len());
        for p in params {
            let start = text.len();
            encode_into(&mut text, &p.name, Set::Query);
            let mid = text.len();
            encode_into(&mut text, &p.value, Set::Query);
            spans.push((start, mid, text.len()));
        }
        Self { text, spans }
    }

    fn sorted(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self
            .spans
            .iter()
            .map(|&(s, m, e)| (&self.text[s..m], &self.text[m..e]))
            .collect();
        pairs.sort_unstable();
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(Digits::new(0).as_str(), "0");
        assert_eq!(Digits::new(604_800).as_str(), "604800");
        assert_eq!(Digits::new(u32::MAX).as_str(), "4294967295");
    }

    #[test]
    fn the_precomputed_head_is_the_first_four_parameters() {
        assert!(matches!(
            Auth::ALL[..4],
            [Auth::Algorithm, Auth::Credential, Auth::Date, Auth::Expires]
        ));
    }

    #[test]
    fn auth_names_are_in_canonical_order() {
        let names: Vec<_> = Auth::ALL.iter().map(|a| a.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
