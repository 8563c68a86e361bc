//! Compile-fail tests of `#[derive(Presign)]`: one mistake per file (one file shows three
//! reported together), grouped by kind. `.stderr` files are generated with
//! `TRYBUILD=overwrite cargo test -p r2-presign-tests --test compiletest` and reviewed.
//!
//! rustc's wording changes between releases, so the expected output is pinned to the
//! toolchain this project builds with; on any other the test is ignored, loudly.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "compile-fail output is pinned to rustc 1.95; regenerate the .stderr files with TRYBUILD=overwrite"
)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/shape/*.rs");
    t.compile_fail("ui/attr/*.rs");
    t.compile_fail("ui/template/*.rs");
    t.compile_fail("ui/expiry/*.rs");
    t.compile_fail("ui/operation/*.rs");
    // A passing case makes trybuild run `cargo build` rather than `cargo check`, so errors
    // raised during monomorphization (`presign_in::<SECS>`) are reported.
    t.pass("ui/pass/*.rs");
}
