use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "scores/{score}", method = "GET")]
struct Download {
    score: f64,
}

fn main() {}
