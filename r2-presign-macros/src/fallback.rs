//! What a failed derive emits: the errors, and a stub impl so that uses of the type elsewhere
//! do not add "trait `Presign` is not implemented" errors to the real ones (thiserror's
//! `fallback.rs`, clap's `dummies.rs`). One mistake, one diagnostic.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::expand::wrap;

pub(crate) fn expand(
    input: &DeriveInput,
    krate: Option<syn::Path>,
    err: &syn::Error,
) -> TokenStream {
    let errors = err.to_compile_error();
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let stub = wrap(
        krate,
        &quote! {
            #[automatically_derived]
            impl #impl_generics _r2::__private::Presign for #ident #ty_generics #where_clause {
                const METHOD: _r2::__private::Method = _r2::__private::Method::Get;
                const MAX_EXPIRY: _r2::__private::Expiry = _r2::__private::Expiry::MAX;
                const KEY_TEMPLATE: &'static str = "";
                const BUCKET: _r2::__private::BucketRef = _r2::__private::BucketRef::Name("");

                fn write_key(
                    &self,
                    _: &mut ::std::string::String,
                ) -> ::core::result::Result<(), _r2::__private::Error> {
                    ::core::unreachable!()
                }

                fn __configure<'__presign>(
                    &'__presign self,
                    _: _r2::__private::PresignBuilder<'__presign>,
                ) -> _r2::__private::PresignBuilder<'__presign> {
                    ::core::unreachable!()
                }
            }
        },
    );
    quote! {
        #errors
        #stub
    }
}
