//! The rules between attributes: what is required, what each method allows, and which fields
//! the template and the other attributes use. Produces the [`Plan`] that `expand.rs` turns
//! into code.

use proc_macro2::Span;
use syn::{Ident, Type};

use crate::ast::Container;
use crate::attr::{FixedHeader, FixedResponse, Method, Sp};
use crate::ctxt::Ctxt;
use crate::symbol::*;
use crate::template::{self, Template};

/// Where the bucket comes from.
pub(crate) enum Bucket {
    Name(String),
    Logical(String),
}

/// What a field is used for, besides placeholders.
pub(crate) struct FieldUse<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) placeholder: Option<bool>,
    pub(crate) content_length: bool,
    pub(crate) meta: Option<String>,
    pub(crate) download_filename: bool,
}

/// Everything the expansion needs, all checked.
pub(crate) struct Plan<'a> {
    pub(crate) method: Method,
    pub(crate) bucket: Bucket,
    pub(crate) template: Template,
    pub(crate) max_expiry: u64,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<FixedHeader>,
    pub(crate) responses: Vec<FixedResponse>,
    pub(crate) fields: Vec<FieldUse<'a>>,
}

const MAX_SECS: u64 = 604_800;

pub(crate) fn check<'a>(cx: &Ctxt, cont: &Container<'a>) -> Option<Plan<'a>> {
    let a = &cont.attrs;
    let whole = cont.ident;
    let missing = |key: &str| !a.mentioned.contains(&key);

    // Required keys.
    let bucket = match (&a.bucket, &a.bucket_from) {
        (Some(b), None) => {
            check_bucket(cx, b);
            Some(Bucket::Name(b.value.clone()))
        }
        (None, Some(b)) => {
            if b.value.is_empty() {
                cx.syn_error(syn::Error::new(
                    b.span,
                    "`bucket_from` names a logical bucket; it cannot be empty",
                ));
            }
            Some(Bucket::Logical(b.value.clone()))
        }
        (Some(_), Some(from)) => {
            cx.syn_error(syn::Error::new(
                from.key,
                "`bucket` and `bucket_from` are mutually exclusive: fix the bucket at compile time or resolve it at run time, not both",
            ));
            None
        }
        (None, None) => {
            if missing(BUCKET) && missing(BUCKET_FROM) {
                cx.error_spanned_by(
                    whole,
                    "missing presign attribute `bucket` (a bucket name) or `bucket_from` (a logical name resolved by the Presigner)",
                );
            }
            None
        }
    };
    let template = match &a.key {
        Some(key) => template::parse(cx, &key.value),
        None => {
            if missing(KEY) {
                cx.error_spanned_by(
                    whole,
                    "missing presign attribute `key`, the key template, e.g. `key = \"avatars/{user_id}/{file_name}\"`",
                );
            }
            None
        }
    };
    let method = match &a.method {
        Some(m) => Some(m.value),
        None => {
            if missing(METHOD) {
                cx.error_spanned_by(
                    whole,
                    "missing presign attribute `method`: \"GET\", \"HEAD\", \"PUT\" or \"DELETE\"",
                );
            }
            None
        }
    };

    // What each method allows.
    if let Some(method) = method {
        let upload_only = |key: Span, name: &str| {
            if method != Method::Put {
                cx.syn_error(syn::Error::new(
                    key,
                    format!("`{name}` is a header signed on uploads; it only applies to method = \"PUT\""),
                ));
            }
        };
        if let Some(ct) = &a.content_type {
            upload_only(ct.key, CONTENT_TYPE);
        }
        for h in &a.headers {
            upload_only(h.value.key, h.attr);
        }
        for r in &a.responses {
            if !matches!(method, Method::Get | Method::Head) {
                cx.syn_error(syn::Error::new(
                    r.value.key,
                    format!("`{}` overrides a download's response; it only applies to method = \"GET\" or \"HEAD\"", r.attr),
                ));
            }
        }
        for f in &cont.fields {
            if let Some(span) = f.attrs.content_length {
                upload_only(span, CONTENT_LENGTH);
            }
            if let Some(m) = &f.attrs.meta {
                upload_only(m.key, META);
            }
            if let Some(span) = f.attrs.download_filename
                && !matches!(method, Method::Get | Method::Head)
            {
                cx.syn_error(syn::Error::new(
                    span,
                    "`download_filename` sets `response-content-disposition`; it only applies to method = \"GET\" or \"HEAD\"",
                ));
            }
        }
    }

    // Values.
    if let Some(ct) = &a.content_type
        && let Err(why) = media_type(&ct.value)
    {
        cx.syn_error(syn::Error::new(
            ct.span,
            format!("invalid `content_type` {:?}: {why}", ct.value),
        ));
    }
    for h in &a.headers {
        if h.attr == STORAGE_CLASS {
            let ok = !h.value.value.is_empty()
                && h.value
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                cx.syn_error(syn::Error::new(
                    h.value.span,
                    format!("invalid `storage_class` {:?}: expected a name like \"STANDARD\" or \"STANDARD_IA\"", h.value.value),
                ));
            }
        } else {
            header_value(cx, h.attr, &h.value);
        }
    }
    for r in &a.responses {
        header_value(cx, r.attr, &r.value);
    }
    let downloads = cont
        .fields
        .iter()
        .filter(|f| f.attrs.download_filename.is_some())
        .count();
    if downloads > 0
        && let Some(r) = a
            .responses
            .iter()
            .find(|r| r.attr == RESPONSE_CONTENT_DISPOSITION)
    {
        cx.syn_error(syn::Error::new(
            r.value.key,
            "`response_content_disposition` and a `download_filename` field both set the download's content disposition; keep one",
        ));
    }
    if downloads > 1 {
        for f in cont
            .fields
            .iter()
            .filter_map(|f| f.attrs.download_filename)
            .skip(1)
        {
            cx.syn_error(syn::Error::new(
                f,
                "only one field can be the `download_filename`",
            ));
        }
    }
    for (i, f) in cont.fields.iter().enumerate() {
        if let Some(m) = &f.attrs.meta {
            let ok = !m.value.is_empty()
                && m.value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                cx.syn_error(syn::Error::new(
                    m.span,
                    format!("invalid `meta` name {:?}: use letters, digits, `-` and `_` (it becomes `x-amz-meta-<name>`)", m.value),
                ));
            }
            let dup = cont.fields[..i].iter().any(|g| {
                g.attrs
                    .meta
                    .as_ref()
                    .is_some_and(|n| n.value.eq_ignore_ascii_case(&m.value))
            });
            if dup {
                cx.syn_error(syn::Error::new(
                    m.span,
                    format!(
                        "two fields sign `x-amz-meta-{}`",
                        m.value.to_ascii_lowercase()
                    ),
                ));
            }
        }
    }
    if cont
        .fields
        .iter()
        .filter(|f| f.attrs.content_length.is_some())
        .count()
        > 1
    {
        for span in cont
            .fields
            .iter()
            .filter_map(|f| f.attrs.content_length)
            .skip(1)
        {
            cx.syn_error(syn::Error::new(
                span,
                "only one field can be the `content_length`",
            ));
        }
    }

    // Placeholders name fields; every field is used or skipped.
    let mut uses: Vec<FieldUse<'a>> = cont
        .fields
        .iter()
        .map(|f| FieldUse {
            ident: f.ident,
            ty: f.ty,
            placeholder: None,
            content_length: f.attrs.content_length.is_some(),
            meta: f.attrs.meta.as_ref().map(|m| m.value.to_ascii_lowercase()),
            download_filename: f.attrs.download_filename.is_some(),
        })
        .collect();
    if let Some(t) = &template {
        let mut all_named = true;
        for (name, multi) in t.placeholders() {
            match uses.iter_mut().find(|u| *u.ident == name) {
                Some(u) => u.placeholder = Some(multi),
                None => {
                    all_named = false;
                    let idents: Vec<String> =
                        cont.fields.iter().map(|f| f.ident.to_string()).collect();
                    let names: Vec<&str> = idents.iter().map(String::as_str).collect();
                    let fields = if names.is_empty() {
                        "the struct has no fields".to_owned()
                    } else {
                        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                        format!("fields are {}", list.join(", "))
                    };
                    let hint = crate::attr::did_you_mean(name, &names)
                        .or_else(|| {
                            names
                                .iter()
                                .copied()
                                .find(|n| n.starts_with(name) || name.starts_with(n))
                        })
                        .map(|n| format!(" (did you mean `{{{n}}}`?)"))
                        .unwrap_or_default();
                    cx.error_spanned_by(
                        &t.lit,
                        format!("placeholder `{{{name}}}` does not name a field; {fields}{hint}"),
                    );
                }
            }
        }
        // A misnamed placeholder leaves its field unused: that is the same mistake.
        for (f, u) in cont.fields.iter().zip(&uses).filter(|_| all_named) {
            let used = u.placeholder.is_some()
                || u.content_length
                || u.meta.is_some()
                || u.download_filename;
            match (f.attrs.skip, used) {
                (Some(skip), true) => cx.syn_error(syn::Error::new(
                    skip,
                    format!("field `{}` is marked `skip` but is used by the key template or another attribute", f.ident),
                )),
                (None, false) => cx.error_spanned_by(
                    f.ident,
                    format!(
                        "field `{}` is not used by the key template or any attribute; use it as `{{{}}}` in `key`, or mark it `#[presign(skip)]`",
                        f.ident, f.ident
                    ),
                ),
                _ => {}
            }
        }
    }

    Some(Plan {
        method: method?,
        bucket: bucket?,
        template: template?,
        max_expiry: a.max_expiry.as_ref().map_or(MAX_SECS, |m| m.value),
        content_type: a.content_type.as_ref().map(|c| c.value.clone()),
        headers: a.headers.clone(),
        responses: a.responses.clone(),
        fields: uses,
    })
}

/// R2's bucket rules: 3 to 63 characters of `a-z 0-9 -`, not starting or ending with `-`.
fn check_bucket(cx: &Ctxt, b: &Sp<String>) {
    let name = &b.value;
    let why = if !(3..=63).contains(&name.len()) {
        Some("it must be 3 to 63 characters long")
    } else if !name
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        Some("only lowercase letters, digits and `-` are allowed")
    } else if name.starts_with('-') || name.ends_with('-') {
        Some("it must start and end with a letter or digit")
    } else {
        None
    };
    if let Some(why) = why {
        cx.syn_error(syn::Error::new(
            b.span,
            format!("invalid bucket name {name:?}: {why}"),
        ));
    }
}

/// `type/subtype` with optional `; name=value` parameters.
fn media_type(value: &str) -> Result<(), &'static str> {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let Some((ty, sub)) = essence.split_once('/') else {
        return Err("expected `type/subtype`, like \"image/png\"");
    };
    if !token(ty) || !token(sub) {
        return Err("the type and subtype must be tokens, like \"image/png\"");
    }
    for param in parts {
        let Some((name, val)) = param.trim().split_once('=') else {
            return Err("parameters are `; name=value`");
        };
        let quoted = val.len() >= 2 && val.starts_with('"') && val.ends_with('"');
        if !token(name) || !(token(val) || quoted) {
            return Err("parameters are `; name=value` with token names and values");
        }
    }
    if value.chars().any(char::is_control) {
        return Err("control characters are not allowed");
    }
    Ok(())
}

/// Header values: not empty, no control characters (a tab aside).
fn header_value(cx: &Ctxt, attr: &str, v: &Sp<String>) {
    if v.value.trim().is_empty() || v.value.chars().any(|c| c.is_control() && c != '\t') {
        cx.syn_error(syn::Error::new(
            v.span,
            format!("invalid `{attr}` {:?}: a header value must be non-empty text without line breaks or control characters", v.value),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        for ok in [
            "image/png",
            "text/plain; charset=utf-8",
            "application/vnd.api+json",
            "a/b; q=\"x y\"",
        ] {
            assert_eq!(media_type(ok), Ok(()), "{ok}");
        }
        for bad in [
            "png",
            "image/",
            "/png",
            "image png/x",
            "text/plain; charset",
            "a/b\n",
            "image/p ng",
        ] {
            assert!(media_type(bad).is_err(), "{bad}");
        }
    }
}
