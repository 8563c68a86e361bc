use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET")]
enum Upload {
    A,
}

fn main() {}
