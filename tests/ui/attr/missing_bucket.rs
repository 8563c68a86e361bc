use r2_presign::Presign;

#[derive(Presign)]
#[presign(key = "k", method = "GET")]
struct Upload {}

fn main() {}
