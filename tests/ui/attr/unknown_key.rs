use r2_presign::Presign;

#[derive(Presign)]
#[presign(bukcet = "abc", key = "k", method = "GET")]
struct Upload {}

fn main() {}
