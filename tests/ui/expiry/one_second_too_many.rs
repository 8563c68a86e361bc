use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET", max_expiry = "604801")]
struct Download {}

fn main() {}
