use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "PUT", cache_control = "no-store\r\nx-evil: 1")]
struct Upload {}

fn main() {}
