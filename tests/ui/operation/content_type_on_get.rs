use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET", content_type = "image/png")]
struct Download {}

fn main() {}
