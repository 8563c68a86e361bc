use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "DELETE", write_once)]
struct Delete {}

fn main() {}
