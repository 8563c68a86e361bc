//! Code generation: one `impl Presign`, inside an anonymous `const _` with a local alias for
//! the runtime crate (serde's `dummy.rs` habit), absolute paths only.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics};

use crate::ast::Container;
use crate::ctxt::Ctxt;
use crate::template::Piece;
use crate::valid::{self, Bucket, Plan};
use crate::{attr, fallback};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let attrs = attr::Container::from_attrs(&cx, &input.attrs);
    let krate_override = attrs.krate.as_ref().map(|k| k.value.clone());
    let cont = Container::from_ast(&cx, input, attrs);
    let plan = cont.as_ref().and_then(|cont| valid::check(&cx, cont));
    match (cx.check(), plan) {
        (Ok(()), Some(plan)) => wrap(krate_override, &impl_presign(input, &plan)),
        (Err(err), _) => fallback::expand(input, krate_override, &err),
        // Every `None` comes with an error recorded.
        (Ok(()), None) => fallback::expand(
            input,
            krate_override,
            &syn::Error::new(Span::call_site(), "Presign could not be derived"),
        ),
    }
}

/// Puts `body` (items referring to `_r2`) in `const _: () = { use <runtime> as _r2; ... };`.
pub(crate) fn wrap(krate: Option<syn::Path>, body: &TokenStream) -> TokenStream {
    let use_krate = match krate {
        Some(path) => quote!(use #path as _r2;),
        None => quote!(
            use ::r2_presign as _r2;
        ),
    };
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, unused_imports, clippy::all)]
        const _: () = {
            #use_krate
            #body
        };
    }
}

/// Adds `T: Trait` for each field type that mentions a generic type parameter, so generic
/// structs work without the user writing the bound.
fn bounds(generics: &Generics, plan: &Plan<'_>) -> Generics {
    let params: Vec<&syn::Ident> = generics.type_params().map(|p| &p.ident).collect();
    let mut generics = generics.clone();
    if params.is_empty() {
        return generics;
    }
    let mentions = |ty: &syn::Type| {
        let tokens = quote!(#ty).to_string();
        params.iter().any(|p| {
            tokens
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| **p == word)
        })
    };
    let where_clause = generics.make_where_clause();
    for f in &plan.fields {
        if !mentions(f.ty) {
            continue;
        }
        let ty = f.ty;
        if f.placeholder.is_some() {
            where_clause
                .predicates
                .push(syn::parse_quote!(#ty: _r2::__private::KeySegment));
        }
        if f.content_length {
            where_clause
                .predicates
                .push(syn::parse_quote!(#ty: _r2::__private::ContentLength));
        }
        if f.meta.is_some() || f.download_filename {
            where_clause
                .predicates
                .push(syn::parse_quote!(#ty: ::core::fmt::Display));
        }
    }
    generics
}

fn impl_presign(input: &DeriveInput, plan: &Plan<'_>) -> TokenStream {
    let ident = &input.ident;
    let generics = bounds(&input.generics, plan);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let method = format_ident!("{}", plan.method.variant());
    let max_expiry = plan.max_expiry;
    let template = &plan.template.lit;
    let bucket = match &plan.bucket {
        Bucket::Name(name) => quote!(_r2::__private::BucketRef::Name(#name)),
        Bucket::Logical(name) => quote!(_r2::__private::BucketRef::Logical(#name)),
    };

    // The key: literal pushes and checked placeholder writes, in template order. Literal
    // pushes carry the template literal's span, so errors in them point into `key = "..."`.
    let tspan = template.span();
    let key_steps = plan.template.pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote_spanned!(tspan=> __key.push_str(#text);),
        Piece::Placeholder { name, multi } => {
            let field = plan
                .fields
                .iter()
                .find(|f| f.ident == name)
                .map(|f| (f.ident, f.ty));
            let Some((field, ty)) = field else {
                return quote!();
            };
            let write = if *multi {
                quote!(segments)
            } else {
                quote!(segment)
            };
            // Spanned on the field's type: a type that is not a `KeySegment` is reported there.
            quote_spanned! {ty.span()=>
                _r2::__private::#write(__key, #name, &self.#field)?;
            }
        }
    });

    // Signed headers and query parameters.
    let mut configure = Vec::new();
    if let Some(ct) = &plan.content_type {
        configure.push(quote!(.content_type(#ct)));
    }
    for h in &plan.headers {
        let setter = format_ident!("{}", h.setter);
        let value = &h.value.value;
        configure.push(quote!(.#setter(#value)));
    }
    for r in &plan.responses {
        let setter = format_ident!("{}", r.setter);
        let value = &r.value.value;
        configure.push(quote!(.#setter(#value)));
    }
    for f in &plan.fields {
        let field = f.ident;
        let span = f.ty.span();
        if f.content_length {
            configure.push(quote_spanned! {span=>
                .content_length(_r2::__private::ContentLength::content_length(&self.#field))
            });
        }
        if let Some(meta) = &f.meta {
            configure.push(quote_spanned! {span=>
                .metadata(#meta, _r2::__private::text(&self.#field))
            });
        }
        if f.download_filename {
            configure.push(quote_spanned! {span=>
                .response_content_disposition(_r2::__private::attachment(&_r2::__private::text(&self.#field)))
            });
        }
    }

    quote! {
        #[automatically_derived]
        impl #impl_generics _r2::__private::Presign for #ident #ty_generics #where_clause {
            const METHOD: _r2::__private::Method = _r2::__private::Method::#method;
            const MAX_EXPIRY: _r2::__private::Expiry = _r2::__private::Expiry::seconds(#max_expiry);
            const KEY_TEMPLATE: &'static str = #template;
            const BUCKET: _r2::__private::BucketRef = #bucket;

            fn write_key(
                &self,
                __key: &mut ::std::string::String,
            ) -> ::core::result::Result<(), _r2::__private::Error> {
                #(#key_steps)*
                ::core::result::Result::Ok(())
            }

            fn __configure<'__presign>(
                &'__presign self,
                __builder: _r2::__private::PresignBuilder<'__presign>,
            ) -> _r2::__private::PresignBuilder<'__presign> {
                __builder #(#configure)*
            }
        }
    }
}
