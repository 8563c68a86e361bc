//! Implementation detail of `r2-presign`: `#[derive(Presign)]`.
//!
//! Use it through `r2_presign::Presign` (the `derive` feature, on by default); its attributes
//! are documented in `r2-presign`'s crate docs. The code it generates refers to
//! `r2_presign::__private`, which is why `r2-presign` depends on this crate with an exact
//! version requirement.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod symbol;
mod template;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `r2_presign::Presign`. See `r2-presign`'s crate docs for the attributes.
#[proc_macro_derive(Presign, attributes(presign))]
pub fn derive_presign(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
