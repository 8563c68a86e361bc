//! Download links that make browsers save the file under a chosen name.
//!
//! ```text
//! cargo run --example download_link
//! ```
//!
//! `response-content-disposition` is a signed query parameter: R2 answers the download with
//! that `Content-Disposition`, so `report-final.pdf` can be stored under an opaque key and
//! still arrive as `Q4 report (final).pdf`. Non-ASCII names get an RFC 8187 `filename*`.

use r2_presign::{Credentials, Endpoint, Expiry, Presign, Presigner};

/// A stored document, downloaded under its original name.
#[derive(Presign)]
#[presign(
    bucket = "documents",
    key = "docs/{id}",
    method = "GET",
    max_expiry = "1d"
)]
struct DocumentLink<'a> {
    id: u64,
    #[presign(download_filename)]
    original_name: &'a str,
}

fn main() -> Result<(), r2_presign::Error> {
    // Demo credentials: the links are well formed; R2 would refuse them.
    let presigner = Presigner::new(
        Credentials::new("demo-access-key", "demo-secret")?,
        Endpoint::r2("0123456789abcdef0123456789abcdef")?,
    );
    for (id, name) in [
        (1, "Q4 report (final).pdf"),
        (2, "résumé.pdf"),
        (3, "数据.csv"),
    ] {
        let link = DocumentLink {
            id,
            original_name: name,
        }
        .presign(&presigner, Expiry::hours(24))?;
        println!("{name}\n  {}\n", link.url());
        assert!(
            link.url()
                .contains("response-content-disposition=attachment")
        );
    }
    // The same with the builder, for a one-off inline view.
    let inline = presigner
        .get("documents", "docs/1")
        .response_content_disposition("inline")
        .response_content_type("application/pdf")
        .sign(Expiry::minutes(10))?;
    println!("inline view\n  {}", inline.url());
    Ok(())
}
