use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "PUT", content_type = "png")]
struct Upload {}

fn main() {}
