//! A 256 MiB upload from a file and download to a file, compared by SHA-256, with the
//! client's peak memory measured: it must stay flat (streamed, never read whole).
//!
//! The embedded server runs in a child process (this same test binary, re-run in server
//! mode), so the memory measured here is the client's alone.

#[path = "transfer/servers.rs"]
#[allow(dead_code)]
mod servers;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use r2_presign::client::Client;
use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
use sha2::{Digest, Sha256};

const SIZE: u64 = 256 << 20;
const BUCKET: &str = "large";

/// This process's peak resident set (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Writes `SIZE` bytes of varied data to `path` and returns their SHA-256.
fn make_file(path: &std::path::Path) -> Vec<u8> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut hash = Sha256::new();
    let pattern: Vec<u8> = (0..1u32 << 20)
        .map(|j| (j.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut block = pattern.clone();
    for i in 0..(SIZE >> 20) {
        // Every MiB differs: its index is stamped at the front.
        block[..8].copy_from_slice(&i.to_le_bytes());
        hash.update(&block);
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
    hash.finalize().to_vec()
}

fn sha256_file(path: &std::path::Path) -> Vec<u8> {
    let mut file = std::fs::File::open(path).unwrap();
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            return hash.finalize().to_vec();
        }
        hash.update(&buf[..n]);
    }
}

/// Server mode: started by the test below in a child process. Prints the endpoint and
/// serves until its stdin closes.
#[test]
#[ignore = "run by `transfer_256_mib_with_flat_memory` in a child process"]
fn server_child() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let server = s3_test_server::S3Server::builder()
            .bucket(BUCKET)
            .start()
            .await
            .unwrap();
        // Straight to the process's stdout, past the test harness's output capture.
        let mut out = std::io::stdout();
        writeln!(out, "ENDPOINT {}", server.endpoint()).unwrap();
        out.flush().unwrap();
        tokio::task::spawn_blocking(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
        })
        .await
        .unwrap();
    });
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_server() -> (ServerProcess, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "server_child",
            "--no-capture",
            "--test-threads=1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let endpoint = loop {
        let line = lines
            .next()
            .expect("server child printed its endpoint")
            .unwrap();
        // The harness prints `test server_child ... ` before the test's own output.
        if let Some((_, e)) = line.split_once("ENDPOINT ") {
            break e.trim().to_owned();
        }
    };
    (ServerProcess(child), endpoint)
}

async fn round_trip(
    presigner: &Presigner,
    bucket: &str,
    dir: &std::path::Path,
    want: &[u8],
    label: &str,
) {
    let src = dir.join("source.bin");
    let dest = dir.join(format!("downloaded-{label}.bin"));
    let client = Client::builder().build().unwrap();
    let before = peak_rss();
    let put = presigner
        .put(bucket, "large/object.bin")
        .content_length(SIZE)
        .sign(Expiry::minutes(30))
        .unwrap();
    let up = client
        .upload(&put, r2_presign::client::Body::file(&src))
        .await
        .unwrap();
    assert_eq!(up.size, SIZE);
    let get = presigner
        .get(bucket, "large/object.bin")
        .sign(Expiry::minutes(30))
        .unwrap();
    let down = client.download(&get).to_file(&dest).await.unwrap();
    assert_eq!(down.size, SIZE);
    let after = peak_rss();
    assert_eq!(sha256_file(&dest), want, "{label}: downloaded bytes differ");
    let growth = after.saturating_sub(before);
    eprintln!(
        "{label}: 256 MiB up and down; client peak RSS {:.1} MiB before, {:.1} MiB after (+{:.1} MiB)",
        before as f64 / 1048576.0,
        after as f64 / 1048576.0,
        growth as f64 / 1048576.0
    );
    // Streaming keeps the client's memory flat: a whole-file buffer would add 256 MiB.
    assert!(
        growth < 48 << 20,
        "{label}: peak RSS grew by {growth} bytes during a 256 MiB transfer"
    );
    std::fs::remove_file(&dest).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_256_mib_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let want = make_file(&dir.path().join("source.bin"));

    let (_server, endpoint) = spawn_server();
    let presigner = Presigner::new(
        Credentials::new(
            s3_test_server::DEFAULT_ACCESS_KEY,
            s3_test_server::DEFAULT_SECRET_KEY,
        )
        .unwrap(),
        Endpoint::custom(&endpoint, "auto").unwrap(),
    );
    round_trip(&presigner, BUCKET, dir.path(), &want, "s3s-fs").await;

    // Swift runs in its own processes already.
    if let Some(swift) = servers::swift(&format!("r2p-large-{}", std::process::id())).await {
        round_trip(
            &swift.presigner(),
            &swift.bucket,
            dir.path(),
            &want,
            "swift-s3api",
        )
        .await;
    }
}
