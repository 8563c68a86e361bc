//! Implementation detail of `r2-presign`: `#[derive(Presign)]`.
