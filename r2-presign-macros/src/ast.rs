//! The typed model of the input: the struct, its fields and their attributes, borrowing the
//! `syn` tree so every error can point at the original tokens.

use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr;
use crate::ctxt::Ctxt;

pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: attr::Container,
    pub(crate) fields: Vec<Field<'a>>,
}

pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: attr::Field,
}

impl<'a> Container<'a> {
    /// The model, or `None` (with an error recorded) for anything but a struct with named
    /// fields.
    pub(crate) fn from_ast(
        cx: &Ctxt,
        input: &'a DeriveInput,
        attrs: attr::Container,
    ) -> Option<Self> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(&named.named),
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        &input.ident,
                        "Presign needs named fields for the key template's `{placeholders}`; \
                         this is a tuple struct",
                    );
                    None
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "Presign needs a struct with named fields; for a constant key, declare \
                         it with braces: `struct Name {}`",
                    );
                    None
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "Presign can only be derived for structs with named fields, not enums",
                );
                None
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "Presign can only be derived for structs with named fields, not unions",
                );
                None
            }
        };
        let fields = named?
            .iter()
            .filter_map(|f| {
                Some(Field {
                    ident: f.ident.as_ref()?,
                    ty: &f.ty,
                    attrs: attr::Field::from_attrs(cx, &f.attrs),
                })
            })
            .collect();
        Some(Container {
            ident: &input.ident,
            attrs,
            fields,
        })
    }
}
