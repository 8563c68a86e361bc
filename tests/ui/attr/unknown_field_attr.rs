use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "{id}", method = "GET")]
struct Upload {
    #[presign(skipp)]
    id: u64,
}

fn main() {}
