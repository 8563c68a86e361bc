//! Signing for any S3-compatible store: MinIO, Garage, Ceph, OpenStack Swift's s3api, AWS S3.
//!
//! ```text
//! cargo run --example s3_compatible
//! ```
//!
//! A custom endpoint takes the scheme, host and port the client will connect to (they are
//! signed in `host`), and the region the server checks. Path style (`/bucket/key`) works
//! everywhere; virtual-hosted style needs the bucket to be a DNS label and DNS for it.

use r2_presign::{AddressingStyle, Credentials, Endpoint, Expiry, Presigner};

fn main() -> Result<(), r2_presign::Error> {
    let creds = || Credentials::new("demo-access-key", "demo-secret");
    let targets = [
        (
            "MinIO (default region)",
            Endpoint::custom("http://127.0.0.1:9000", "us-east-1")?,
        ),
        (
            "Garage",
            Endpoint::custom("http://localhost:3900", "garage")?,
        ),
        (
            "Swift s3api (as in this project's CI)",
            Endpoint::custom("http://127.0.0.1:8080", "auto")?,
        ),
        (
            "AWS S3, virtual-hosted",
            Endpoint::custom("https://s3.eu-west-1.amazonaws.com", "eu-west-1")?
                .with_style(AddressingStyle::VirtualHosted),
        ),
    ];
    for (name, endpoint) in targets {
        let presigner = Presigner::new(creds()?, endpoint);
        let get = presigner
            .get("my-bucket", "reports/2025 q4.pdf")
            .sign(Expiry::hours(1))?;
        println!("{name}\n  {}\n", get.url());
    }
    // Dotted bucket names (legal on AWS) work in path style, and are refused in
    // virtual-hosted style, where they would break TLS certificate matching.
    let aws = Endpoint::custom("https://s3.amazonaws.com", "us-east-1")?;
    let path = Presigner::new(creds()?, aws.clone());
    assert!(
        path.get("my.dotted.bucket", "k")
            .sign(Expiry::hours(1))
            .is_ok()
    );
    let vhost = Presigner::new(creds()?, aws.with_style(AddressingStyle::VirtualHosted));
    let err = vhost
        .get("my.dotted.bucket", "k")
        .sign(Expiry::hours(1))
        .unwrap_err();
    println!("virtual-hosted with a dotted bucket: {err}");
    Ok(())
}
