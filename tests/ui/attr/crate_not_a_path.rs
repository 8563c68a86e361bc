use r2_presign::Presign;

#[derive(Presign)]
#[presign(crate = "not a path", bucket = "abc", key = "k", method = "GET")]
struct Upload {}

fn main() {}
