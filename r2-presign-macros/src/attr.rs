//! The `#[presign(...)]` attributes, parsed into one slot per key.
//!
//! Errors are recorded in the [`Ctxt`], not returned, so a misspelled key, a duplicate and a
//! bad value in the same item are all reported by one build. Values are only parsed here;
//! what they mean together is checked in `valid.rs`.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{LitInt, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::symbol::*;

/// A value with the span of the key that set it and of the value itself.
#[derive(Clone)]
pub(crate) struct Sp<T> {
    pub(crate) value: T,
    /// The key (`bucket` in `bucket = "..."`): where "not allowed here" errors point.
    pub(crate) key: Span,
    /// The value: where "invalid value" errors point.
    pub(crate) span: Span,
}

/// One attribute key's slot: a second `set` is a duplicate.
struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: &'static str,
    value: Option<Sp<T>>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: &'static str) -> Self {
        Attr {
            cx,
            name,
            value: None,
        }
    }

    fn set(&mut self, value: Sp<T>) {
        if self.value.is_some() {
            self.cx.syn_error(syn::Error::new(
                value.key,
                format!("duplicate presign attribute `{}`", self.name),
            ));
        } else {
            self.value = Some(value);
        }
    }

    fn get(self) -> Option<Sp<T>> {
        self.value
    }
}

/// The four methods a presigned URL can grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
    Put,
    Delete,
}

impl Method {
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Head => "Head",
            Method::Put => "Put",
            Method::Delete => "Delete",
        }
    }
}

/// A fixed header the type always signs (`cache_control = "..."`, `write_once`, ...).
#[derive(Clone)]
pub(crate) struct FixedHeader {
    /// The builder method that sets it (`cache_control`, `if_none_match`, ...).
    pub(crate) setter: &'static str,
    /// The attribute key as written (`write_once` for `if-none-match: *`).
    pub(crate) attr: &'static str,
    pub(crate) value: Sp<String>,
}

/// A fixed `response-*` override.
#[derive(Clone)]
pub(crate) struct FixedResponse {
    pub(crate) setter: &'static str,
    pub(crate) attr: &'static str,
    pub(crate) value: Sp<String>,
}

/// The container attributes, each parsed but not yet cross-checked.
pub(crate) struct Container {
    pub(crate) bucket: Option<Sp<String>>,
    pub(crate) bucket_from: Option<Sp<String>>,
    pub(crate) key: Option<Sp<LitStr>>,
    pub(crate) method: Option<Sp<Method>>,
    pub(crate) content_type: Option<Sp<String>>,
    pub(crate) max_expiry: Option<Sp<u64>>,
    pub(crate) headers: Vec<FixedHeader>,
    pub(crate) responses: Vec<FixedResponse>,
    pub(crate) krate: Option<Sp<syn::Path>>,
    /// Keys that appeared, valid or not, and the keys that unknown ones were probably meant
    /// to be: a required key that is misspelled or has a bad value is not also "missing".
    pub(crate) mentioned: Vec<&'static str>,
}

fn lit_str(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

fn sp<T>(meta: &ParseNestedMeta<'_>, value: T, span: Span) -> Sp<T> {
    Sp {
        value,
        key: meta.path.span(),
        span,
    }
}

/// Consumes whatever follows an unknown key, so the keys after it are still read.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Lit>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// Reports `unknown presign attribute `bukcet`; did you mean `bucket`?` and returns the
/// suggestion.
fn unknown(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    known: &[&'static str],
    place: &str,
) -> Option<&'static str> {
    let path = &meta.path;
    let name = path.get_ident().map_or_else(
        || quote::quote!(#path).to_string().replace(' ', ""),
        ToString::to_string,
    );
    let suggestion = did_you_mean(&name, known);
    let hint = suggestion
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    cx.error_spanned_by(
        &meta.path,
        format!("unknown presign {place}attribute `{name}`{hint}"),
    );
    suggestion
}

/// The closest known name within two edits, if any.
pub(crate) fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Container {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut bucket = Attr::none(cx, BUCKET);
        let mut bucket_from = Attr::none(cx, BUCKET_FROM);
        let mut key = Attr::none(cx, KEY);
        let mut method = Attr::none(cx, METHOD);
        let mut content_type = Attr::none(cx, CONTENT_TYPE);
        let mut max_expiry = Attr::none(cx, MAX_EXPIRY);
        let mut krate = Attr::none(cx, CRATE);
        let mut headers: Vec<FixedHeader> = Vec::new();
        let mut responses: Vec<FixedResponse> = Vec::new();
        let mut mentioned: Vec<&'static str> = Vec::new();

        for attr in attrs.iter().filter(|a| a.path().is_ident(PRESIGN)) {
            let parsed = attr.parse_nested_meta(|meta| {
                let name = meta.path.get_ident().map(ToString::to_string);
                if let Some(known) = name
                    .as_deref()
                    .and_then(|n| CONTAINER_KEYS.iter().find(|k| **k == n))
                {
                    mentioned.push(known);
                }
                match name.as_deref() {
                    // bucket = "user-uploads"
                    Some(BUCKET) => {
                        let lit = lit_str(&meta)?;
                        bucket.set(sp(&meta, lit.value(), lit.span()));
                    }
                    // bucket_from = "uploads"
                    Some(BUCKET_FROM) => {
                        let lit = lit_str(&meta)?;
                        bucket_from.set(sp(&meta, lit.value(), lit.span()));
                    }
                    // key = "avatars/{user_id}/{file_name}"
                    Some(KEY) => {
                        let lit = lit_str(&meta)?;
                        key.set(sp(&meta, lit.clone(), lit.span()));
                    }
                    // method = "PUT"
                    Some(METHOD) => {
                        let lit = lit_str(&meta)?;
                        if let Some(m) = parse_method(cx, &lit) {
                            method.set(sp(&meta, m, lit.span()));
                        }
                    }
                    // content_type = "image/png"
                    Some(CONTENT_TYPE) => {
                        let lit = lit_str(&meta)?;
                        content_type.set(sp(&meta, lit.value(), lit.span()));
                    }
                    // max_expiry = "15m" | max_expiry = 900
                    Some(MAX_EXPIRY) => {
                        let value = meta.value()?;
                        if value.peek(LitInt) {
                            let lit: LitInt = value.parse()?;
                            if let Some(secs) = expiry_secs(cx, &lit.to_string(), lit.span()) {
                                max_expiry.set(sp(&meta, secs, lit.span()));
                            }
                        } else {
                            let lit: LitStr = value.parse()?;
                            if let Some(secs) = expiry_secs(cx, &lit.value(), lit.span()) {
                                max_expiry.set(sp(&meta, secs, lit.span()));
                            }
                        }
                    }
                    // cache_control = "max-age=3600" (and the other fixed headers)
                    Some(
                        n @ (CACHE_CONTROL | CONTENT_DISPOSITION | CONTENT_ENCODING
                        | CONTENT_LANGUAGE | STORAGE_CLASS),
                    ) => {
                        let lit = lit_str(&meta)?;
                        let attr = symbol_of(n);
                        set_fixed_header(
                            cx,
                            &mut headers,
                            attr,
                            attr,
                            sp(&meta, lit.value(), lit.span()),
                        );
                    }
                    // write_once  (signs `if-none-match: *`)
                    Some(WRITE_ONCE) => {
                        let span = meta.path.span();
                        set_fixed_header(
                            cx,
                            &mut headers,
                            "if_none_match",
                            WRITE_ONCE,
                            sp(&meta, "*".to_owned(), span),
                        );
                    }
                    // response_content_disposition = "attachment" (and the other overrides)
                    Some(
                        n @ (RESPONSE_CONTENT_TYPE
                        | RESPONSE_CONTENT_DISPOSITION
                        | RESPONSE_CACHE_CONTROL),
                    ) => {
                        let lit = lit_str(&meta)?;
                        let attr = symbol_of(n);
                        let value = sp(&meta, lit.value(), lit.span());
                        if responses.iter().any(|r| r.attr == attr) {
                            cx.syn_error(syn::Error::new(
                                value.key,
                                format!("duplicate presign attribute `{attr}`"),
                            ));
                        } else {
                            responses.push(FixedResponse {
                                setter: attr,
                                attr,
                                value,
                            });
                        }
                    }
                    // crate = "::r2_presign"
                    Some(CRATE) => {
                        let lit = lit_str(&meta)?;
                        match lit.parse::<syn::Path>() {
                            Ok(path) => krate.set(sp(&meta, path, lit.span())),
                            Err(_) => cx.error_spanned_by(
                                &lit,
                                format!(
                                    "`crate` must be a path, like \"::r2_presign\"; found {:?}",
                                    lit.value()
                                ),
                            ),
                        }
                    }
                    _ => {
                        mentioned.extend(unknown(cx, &meta, CONTAINER_KEYS, ""));
                        skip_value(&meta)?;
                    }
                }
                Ok(())
            });
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }

        Container {
            bucket: bucket.get(),
            bucket_from: bucket_from.get(),
            key: key.get(),
            method: method.get(),
            content_type: content_type.get(),
            max_expiry: max_expiry.get(),
            headers,
            responses,
            krate: krate.get(),
            mentioned,
        }
    }
}

fn symbol_of(name: &str) -> &'static str {
    CONTAINER_KEYS
        .iter()
        .copied()
        .find(|k| *k == name)
        .unwrap_or("")
}

fn set_fixed_header(
    cx: &Ctxt,
    headers: &mut Vec<FixedHeader>,
    setter: &'static str,
    attr: &'static str,
    value: Sp<String>,
) {
    if headers.iter().any(|h| h.attr == attr) {
        cx.syn_error(syn::Error::new(
            value.key,
            format!("duplicate presign attribute `{attr}`"),
        ));
    } else {
        headers.push(FixedHeader {
            setter,
            attr,
            value,
        });
    }
}

fn parse_method(cx: &Ctxt, lit: &LitStr) -> Option<Method> {
    match lit.value().as_str() {
        "GET" => Some(Method::Get),
        "HEAD" => Some(Method::Head),
        "PUT" => Some(Method::Put),
        "DELETE" => Some(Method::Delete),
        "POST" => {
            cx.error_spanned_by(
                lit,
                "R2 has no presigned POST (browser form uploads); use method = \"PUT\" for uploads",
            );
            None
        }
        other => {
            let upper = other.to_ascii_uppercase();
            let hint = if ["GET", "HEAD", "PUT", "DELETE"].contains(&upper.as_str()) {
                format!("; methods are upper case: \"{upper}\"")
            } else {
                String::new()
            };
            cx.error_spanned_by(
                lit,
                format!("unknown method {other:?}: expected \"GET\", \"HEAD\", \"PUT\" or \"DELETE\"{hint}"),
            );
            None
        }
    }
}

/// `"90s"`, `"15m"`, `"1h"`, `"7d"` or whole seconds, between 1 second and 7 days.
fn expiry_secs(cx: &Ctxt, text: &str, span: Span) -> Option<u64> {
    const MAX: u64 = 604_800;
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let multiplier = match unit {
        "" | "s" => Some(1),
        "m" => Some(60),
        "h" => Some(3600),
        "d" => Some(86_400),
        _ => None,
    };
    let parsed = match (number.parse::<u64>(), multiplier) {
        (Ok(n), Some(m)) => Some(n.checked_mul(m)),
        _ => None,
    };
    match parsed {
        None => {
            cx.syn_error(syn::Error::new(
                span,
                format!(
                    "invalid `max_expiry` {text:?}: expected a whole number with a unit s, m, h \
                     or d (\"90s\", \"15m\", \"1h\", \"7d\") or whole seconds (\"900\")"
                ),
            ));
            None
        }
        Some(Some(secs)) if (1..=MAX).contains(&secs) => Some(secs),
        Some(_) => {
            cx.syn_error(syn::Error::new(
                span,
                format!(
                    "`max_expiry` must be between 1 second and 7 days (604800 s); {text:?} is \
                     out of range"
                ),
            ));
            None
        }
    }
}

/// A field's attributes.
#[derive(Default)]
pub(crate) struct Field {
    pub(crate) skip: Option<Span>,
    pub(crate) content_length: Option<Span>,
    pub(crate) meta: Option<Sp<String>>,
    pub(crate) download_filename: Option<Span>,
}

impl Field {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut skip = Attr::none(cx, SKIP);
        let mut content_length = Attr::none(cx, CONTENT_LENGTH);
        let mut meta_name = Attr::none(cx, META);
        let mut download = Attr::none(cx, DOWNLOAD_FILENAME);
        for attr in attrs.iter().filter(|a| a.path().is_ident(PRESIGN)) {
            let parsed = attr.parse_nested_meta(|meta| {
                let span = meta.path.span();
                match meta.path.get_ident().map(ToString::to_string).as_deref() {
                    // skip
                    Some(SKIP) => skip.set(sp(&meta, (), span)),
                    // content_length
                    Some(CONTENT_LENGTH) => content_length.set(sp(&meta, (), span)),
                    // meta = "camera"   (signs x-amz-meta-camera)
                    Some(META) => {
                        let lit = lit_str(&meta)?;
                        meta_name.set(sp(&meta, lit.value(), lit.span()));
                    }
                    // download_filename
                    Some(DOWNLOAD_FILENAME) => download.set(sp(&meta, (), span)),
                    _ => {
                        unknown(cx, &meta, FIELD_KEYS, "field ");
                        skip_value(&meta)?;
                    }
                }
                Ok(())
            });
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }
        Field {
            skip: skip.get().map(|s| s.key),
            content_length: content_length.get().map(|s| s.key),
            meta: meta_name.get(),
            download_filename: download.get().map(|s| s.key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("bukcet", CONTAINER_KEYS), Some("bucket"));
        assert_eq!(did_you_mean("methd", CONTAINER_KEYS), Some("method"));
        assert_eq!(did_you_mean("zzzzzz", CONTAINER_KEYS), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn expiries() {
        let cx = Ctxt::new();
        let s = Span::call_site();
        assert_eq!(expiry_secs(&cx, "90s", s), Some(90));
        assert_eq!(expiry_secs(&cx, "15m", s), Some(900));
        assert_eq!(expiry_secs(&cx, "1h", s), Some(3600));
        assert_eq!(expiry_secs(&cx, "7d", s), Some(604_800));
        assert_eq!(expiry_secs(&cx, "604800", s), Some(604_800));
        assert!(cx.check().is_ok());
        for bad in [
            "8d",
            "0s",
            "604801",
            "1 hour",
            "",
            "h",
            "99999999999999999999d",
            "-1",
        ] {
            let cx = Ctxt::new();
            assert_eq!(expiry_secs(&cx, bad, s), None, "{bad}");
            assert!(cx.check().is_err(), "{bad}");
        }
    }
}
