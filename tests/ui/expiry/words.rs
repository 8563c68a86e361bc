use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET", max_expiry = "1 hour")]
struct Download {}

fn main() {}
