//! The key template: literal text and `{field}` / `{field*}` placeholders.
//!
//! `{{` and `}}` stand for literal braces, as in `format!`. Errors point at the template
//! literal and quote the offending part.

use syn::LitStr;

use crate::ctxt::Ctxt;

/// Longest S3/R2 object key, in bytes.
const MAX_KEY_LEN: usize = 1024;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text copied into every key.
    Literal(String),
    /// A field's value: one path segment, or several with `{name*}`.
    Placeholder { name: String, multi: bool },
}

/// A parsed template.
#[derive(Clone)]
pub(crate) struct Template {
    pub(crate) pieces: Vec<Piece>,
    pub(crate) lit: LitStr,
}

impl Template {
    /// The placeholders, in order.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = (&str, bool)> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Placeholder { name, multi } => Some((name.as_str(), *multi)),
            Piece::Literal(_) => None,
        })
    }

    /// The text before the first placeholder: every key starts with it.
    #[cfg(test)]
    pub(crate) fn prefix(&self) -> &str {
        match self.pieces.first() {
            Some(Piece::Literal(text)) => text,
            _ => "",
        }
    }
}

/// Parses `lit`, recording every problem in `cx`.
pub(crate) fn parse(cx: &Ctxt, lit: &LitStr) -> Option<Template> {
    let text = lit.value();
    if text.is_empty() {
        cx.error_spanned_by(lit, "the `key` template is empty; keys are 1 to 1024 bytes");
        return None;
    }
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut ok = true;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                literal.push('}');
            }
            '}' => {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "unbalanced `}}` at byte {at} of the key template; write `}}}}` for a \
                         literal brace"
                    ),
                );
                ok = false;
            }
            '{' => {
                let rest = &text[at + 1..];
                let Some(close) = rest
                    .find(['}', '{'])
                    .filter(|&i| rest.as_bytes()[i] == b'}')
                else {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "unclosed `{{` at byte {at} of the key template; write `{{{{` for a \
                             literal brace"
                        ),
                    );
                    ok = false;
                    break;
                };
                let inner = &rest[..close];
                for _ in 0..inner.chars().count() + 1 {
                    chars.next();
                }
                let (name, multi) = match inner.strip_suffix('*') {
                    Some(name) => (name, true),
                    None => (inner, false),
                };
                if name.is_empty() {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "empty placeholder `{{{inner}}}` in the key template; name a field, \
                             like `{{user_id}}`"
                        ),
                    );
                    ok = false;
                    continue;
                }
                if syn::parse_str::<syn::Ident>(name).is_err() {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "placeholder `{{{inner}}}` is not a field name; placeholders are \
                             `{{field}}` or `{{field*}}`"
                        ),
                    );
                    ok = false;
                    continue;
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Placeholder {
                    name: name.to_owned(),
                    multi,
                });
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }

    let literal_len: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Literal(t) => t.len(),
            Piece::Placeholder { .. } => 0,
        })
        .sum();
    if literal_len > MAX_KEY_LEN {
        cx.error_spanned_by(
            lit,
            format!(
                "the literal part of the key template is {literal_len} bytes; keys are at most \
                 1024 bytes"
            ),
        );
        ok = false;
    }
    if let Some(seg) = literal_dot_segment(&pieces) {
        cx.error_spanned_by(
            lit,
            format!(
                "the key template has a `{seg}` path segment, which URL parsers remove before \
                 sending, so no URL made from it could be used"
            ),
        );
        ok = false;
    }
    ok.then(|| Template {
        pieces,
        lit: lit.clone(),
    })
}

/// A `/`-separated segment made only of literal text that is `.` or `..`.
fn literal_dot_segment(pieces: &[Piece]) -> Option<&'static str> {
    // Walk segments; a placeholder makes the segment it is in non-literal.
    let mut segment = String::new();
    let mut has_placeholder = false;
    let check = |segment: &str, has_placeholder: bool| match segment {
        "." if !has_placeholder => Some("."),
        ".." if !has_placeholder => Some(".."),
        _ => None,
    };
    for piece in pieces {
        match piece {
            Piece::Placeholder { .. } => has_placeholder = true,
            Piece::Literal(text) => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        if let Some(seg) = check(&segment, has_placeholder) {
                            return Some(seg);
                        }
                        segment.clear();
                        has_placeholder = false;
                    }
                    segment.push_str(part);
                }
            }
        }
    }
    check(&segment, has_placeholder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Template {
        let cx = Ctxt::new();
        let lit = LitStr::new(s, proc_macro2::Span::call_site());
        let t = parse(&cx, &lit).expect("parses");
        cx.check().expect("no errors");
        t
    }

    fn parse_err(s: &str) -> String {
        let cx = Ctxt::new();
        let lit = LitStr::new(s, proc_macro2::Span::call_site());
        assert!(parse(&cx, &lit).is_none(), "{s} should not parse");
        cx.check().unwrap_err().to_string()
    }

    fn ph(name: &str, multi: bool) -> Piece {
        Piece::Placeholder {
            name: name.into(),
            multi,
        }
    }

    #[test]
    fn literals_and_placeholders() {
        let t = parse_ok("users/{user_id}/{file}");
        assert_eq!(
            t.pieces,
            [
                Piece::Literal("users/".into()),
                ph("user_id", false),
                Piece::Literal("/".into()),
                ph("file", false),
            ]
        );
        assert_eq!(t.prefix(), "users/");
        let t = parse_ok("{{raw}}/{path*}.bin");
        assert_eq!(
            t.pieces,
            [
                Piece::Literal("{raw}/".into()),
                ph("path", true),
                Piece::Literal(".bin".into())
            ]
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(parse_err("").contains("empty"));
        assert!(parse_err("a/{b").contains("unclosed `{`"));
        assert!(parse_err("a/b}").contains("unbalanced `}`"));
        assert!(parse_err("a/{}").contains("empty placeholder"));
        assert!(parse_err("a/{*}").contains("empty placeholder"));
        assert!(parse_err("a/{a b}").contains("not a field name"));
        assert!(parse_err("a/{a{b}").contains("unclosed"));
        assert!(parse_err(&"x".repeat(1025)).contains("1025 bytes"));
        assert!(parse_err("a/../{x}").contains("`..` path segment"));
        assert!(parse_err("./{x}").contains("`.` path segment"));
        assert!(parse_err("{x}/.").contains("`.` path segment"));
    }

    #[test]
    fn dot_segments_only_when_wholly_literal() {
        parse_ok("{x}./..{y}/.{z}");
        parse_ok("a/.../b");
        parse_ok("a/.hidden/{f}");
    }
}
