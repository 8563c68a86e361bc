use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET")]
union Upload {
    a: u32,
}

fn main() {}
