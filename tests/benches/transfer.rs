//! Transfer throughput and peak memory of the `client` feature, side by side with curl, in
//! one run: a 1-gibibyte upload and download through the embedded s3s-fs server (loopback).
//!
//! Four cases in one criterion group, each iteration a whole 1-gibibyte transfer on presigned URLs
//! freshly signed by the same [`Presigner`]:
//!
//! - `r2-presign upload`: this binary re-run as a child in probe mode
//!   (`R2P_TRANSFER_PROBE=upload`, arguments `PATH REQUEST_JSON`), which builds a [`Client`]
//!   on a multi-thread tokio runtime (as `#[tokio::main]` does), uploads the file with
//!   [`Body::file`] and exits;
//! - `curl -T upload`: `curl -sS --fail -T PATH URL`, with the signed headers as `-H`;
//! - `r2-presign download`: the probe with [`Download::to_file`];
//! - `curl -o download`: `curl -sS --fail -o PATH URL`.
//!
//! Both sides are a child process timed from spawn to exit, so both pay a process start, and
//! each is reaped with `wait4(2)`, whose `ru_maxrss` is that child's own peak resident set:
//! the same measure for curl and for the client. The children are started by a launcher
//! (this binary again, see [`launch`]) so that the bench process's own memory does not leak
//! into their figures. The server runs in the bench process and is not measured.
//!
//! Between iterations (untimed) the previous output is deleted and each new one fsynced, so
//! no run inherits another's dirty pages or pays for freeing its predecessor's file. The
//! first run of each case compares the output's SHA-256 with the source's, and every run
//! checks the exit status and the output's length, so a broken transfer cannot look fast.
//!
//! Each iteration is one sample (flat sampling, 10 samples after one warm-up run), so
//! criterion warns that it is "unable to complete 10 samples" in the target time: expected.
//! After the group a summary prints, for each case, the median MiB/s and CPU time and the
//! largest peak RSS, then the ratios r2-presign / curl against the targets (at
//! least 0.9x curl's throughput, at most 64 mebibytes). A benchmark reports; it never fails on
//! speed. Note that s3s-fs is the bottleneck here (it serves GETs in 4096-byte reads), so the
//! CPU column says more about the client's own cost than the MiB/s column does.
//!
//! Run `cargo bench -p r2-presign-tests --bench transfer` (about five minutes on two cores;
//! a criterion filter such as `-- download` runs a subset). Files go to `$TMPDIR` (3 gibibytes
//! at most). `R2P_TRANSFER_MIB=256` changes the size; `R2P_TRANSFER_RUNTIME=spawned` or
//! `current_thread` changes how the probe runs the client (see [`RUNTIME_ENV`]). Outside
//! `cargo bench` (`cargo test --benches`, or `-- --test`) each case runs once on 16 mebibytes.
//!
//! [`Body::file`]: r2_presign::client::Body::file
//! [`Download::to_file`]: r2_presign::client::Download::to_file

use std::cell::RefCell;
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use r2_presign::client::{Body, Client};
use r2_presign::{Credentials, Endpoint, Expiry, PresignedRequest, Presigner};
use s3_test_server::S3Server;
use sha2::{Digest, Sha256};
use wait4::Wait4;

/// Set in the environment of a child of this binary: `launch`, `upload` or `download`.
const PROBE_ENV: &str = "R2P_TRANSFER_PROBE";
/// Set for a launcher whose target is a probe: the probe's mode.
const TARGET_ENV: &str = "R2P_TRANSFER_PROBE_TARGET";
/// How the probe runs the client: `multi_thread` (the default: `#[tokio::main]`'s runtime,
/// the transfer awaited on the main thread), `spawned` (the same runtime, the transfer in a
/// `tokio::spawn`ed task) or `current_thread`.
const RUNTIME_ENV: &str = "R2P_TRANSFER_RUNTIME";
const CURL: &str = "/usr/bin/curl";
const GROUP: &str = "transfer";
const BUCKET: &str = "bench";
/// The object the downloads read, uploaded once in the setup.
const SOURCE_KEY: &str = "source.bin";
const FULL_SIZE: u64 = 1 << 30;
/// The size outside `cargo bench`: enough to exercise every path, quickly.
const QUICK_SIZE: u64 = 16 << 20;
const BLOCK: usize = 1 << 20;
const MIB: f64 = 1_048_576.0;
const RATIO_TARGET: f64 = 0.9;
const RSS_TARGET: u64 = 64 << 20;

fn main() -> ExitCode {
    match std::env::var_os(PROBE_ENV) {
        Some(mode) if mode == "launch" => return launch(),
        Some(mode) => return probe(&mode),
        None => {}
    }
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    // Criterion's own rule: without `--bench` (or with `--test`, `--list`) nothing is timed.
    let quick = !flag("--bench") || flag("--test") || flag("--list");
    // `R2P_TRANSFER_MIB` overrides the size (whole MiB), for quicker experiments.
    let size = match std::env::var("R2P_TRANSFER_MIB") {
        Ok(mib) => {
            mib.parse::<u64>()
                .expect("R2P_TRANSFER_MIB: a number of MiB")
                << 20
        }
        Err(_) if quick => QUICK_SIZE,
        Err(_) => FULL_SIZE,
    };
    let bench = Bench::new(size);

    let mut criterion = Criterion::default().configure_from_args();
    bench.run_group(&mut criterion);
    criterion.final_summary();
    if !flag("--list") {
        bench.summary();
    }
    ExitCode::SUCCESS
}

/// Launcher mode: runs the command in its arguments, times it from spawn to exit, reaps it
/// with `wait4(2)` and prints `ELAPSED_NS MAX_RSS_BYTES CPU_NS FLOOR_BYTES`.
///
/// Why a launcher: at `execve`, Linux folds the exec-ing process's high-water RSS into the
/// new program's `ru_maxrss` (`setmax_mm_hiwater_rss` in `exec_mmap`), and with
/// `posix_spawn` that is the spawner's whole memory. Spawned from the bench process (server,
/// criterion and all), every child would report at least the bench's own peak. Spawned from
/// this small, fresh process, the floor is the launcher's peak (`FLOOR`, reported too), a
/// few mebibytes under anything measured here.
fn launch() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(program) = args.next() else {
        eprintln!("launcher: expected a command");
        return ExitCode::FAILURE;
    };
    let mut cmd = Command::new(program);
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::null());
    match std::env::var_os(TARGET_ENV) {
        Some(mode) => cmd.env(PROBE_ENV, mode).env_remove(TARGET_ENV),
        None => cmd.env_remove(PROBE_ENV),
    };
    let floor = own_peak_rss();
    let started = Instant::now();
    let reaped = match cmd.spawn().and_then(Wait4::wait4) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("launcher: {e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    if !reaped.status.success() {
        eprintln!("launcher: the transfer exited with {}", reaped.status);
        return ExitCode::FAILURE;
    }
    let cpu = reaped.rusage.utime + reaped.rusage.stime;
    println!(
        "{} {} {} {floor}",
        elapsed.as_nanos(),
        reaped.rusage.maxrss,
        cpu.as_nanos()
    );
    ExitCode::SUCCESS
}

/// This process's peak resident set (`VmHWM`), in bytes.
fn own_peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

/// Probe mode: one transfer with the client, then exit. Arguments: the local path and the
/// presigned request as JSON.
fn probe(mode: &std::ffi::OsStr) -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), Some(request)) = (args.next(), args.next().and_then(|a| a.into_string().ok()))
    else {
        eprintln!("probe: expected PATH REQUEST_JSON");
        return ExitCode::FAILURE;
    };
    let path = PathBuf::from(path);
    let request: PresignedRequest = match serde_json::from_str(&request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("probe: bad request JSON: {e}");
            return ExitCode::FAILURE;
        }
    };
    let upload = match mode.to_str() {
        Some("upload") => true,
        Some("download") => false,
        _ => {
            eprintln!("probe: unknown mode {mode:?}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = std::env::var(RUNTIME_ENV).unwrap_or_default();
    let rt = match runtime.as_str() {
        "current_thread" => tokio::runtime::Builder::new_current_thread(),
        "" | "multi_thread" | "spawned" => tokio::runtime::Builder::new_multi_thread(),
        other => {
            eprintln!(
                "probe: {RUNTIME_ENV}={other:?}: use multi_thread, spawned or current_thread"
            );
            return ExitCode::FAILURE;
        }
    }
    .enable_all()
    .build()
    .expect("tokio runtime");
    let client = Client::builder().build().expect("client");
    let transfer = async move {
        if upload {
            client
                .upload(&request, Body::file(&path))
                .await
                .map(|u| u.size)
        } else {
            client
                .download(&request)
                .to_file(&path)
                .await
                .map(|d| d.size)
        }
    };
    let result = if runtime == "spawned" {
        rt.block_on(rt.spawn(transfer))
            .expect("the transfer task panicked")
    } else {
        rt.block_on(transfer)
    };
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("probe {mode:?}: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    ClientUpload,
    CurlUpload,
    ClientDownload,
    CurlDownload,
}

impl Case {
    const ALL: [Case; 4] = [
        Case::ClientUpload,
        Case::CurlUpload,
        Case::ClientDownload,
        Case::CurlDownload,
    ];

    fn name(self) -> &'static str {
        match self {
            Case::ClientUpload => "r2-presign upload",
            Case::CurlUpload => "curl -T upload",
            Case::ClientDownload => "r2-presign download",
            Case::CurlDownload => "curl -o download",
        }
    }

    fn is_upload(self) -> bool {
        matches!(self, Case::ClientUpload | Case::CurlUpload)
    }

    fn is_curl(self) -> bool {
        matches!(self, Case::CurlUpload | Case::CurlDownload)
    }

    /// The object key (uploads: one per side; downloads: the shared source).
    fn key(self) -> &'static str {
        match self {
            Case::ClientUpload => "up-r2-presign.bin",
            Case::CurlUpload => "up-curl.bin",
            Case::ClientDownload | Case::CurlDownload => SOURCE_KEY,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One timed transfer.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// From spawn to exit.
    elapsed: Duration,
    /// The child's peak resident set, in bytes.
    max_rss: u64,
    /// The child's user + system CPU time.
    cpu: Duration,
    /// The launcher's peak resident set when it spawned the child: `max_rss` cannot be less.
    floor: u64,
}

impl Run {
    /// Reads a launcher's report.
    fn parse(report: &str) -> Option<Run> {
        let mut fields = report.split_whitespace().map(str::parse::<u64>);
        let mut next = || fields.next()?.ok();
        Some(Run {
            elapsed: Duration::from_nanos(next()?),
            max_rss: next()?,
            cpu: Duration::from_nanos(next()?),
            floor: next()?,
        })
    }
}

struct Bench {
    size: u64,
    // Field order is drop order: the server stops before its directory goes.
    server: S3Server,
    rt: tokio::runtime::Runtime,
    presigner: Presigner,
    client: Client,
    exe: PathBuf,
    source: PathBuf,
    digest: Vec<u8>,
    curl: bool,
    dir: tempfile::TempDir,
    runs: [RefCell<Vec<Run>>; 4],
}

impl Bench {
    fn new(size: u64) -> Bench {
        let dir = tempfile::Builder::new()
            .prefix("r2p-transfer-bench-")
            .tempdir()
            .expect("temporary directory");
        let source = dir.path().join("source.bin");
        let started = Instant::now();
        let digest = make_file(&source, size);
        eprintln!(
            "transfer bench: wrote {} MiB of source data in {:.1?} under {}",
            size >> 20,
            started.elapsed(),
            dir.path().display()
        );

        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let server = rt
            .block_on(
                S3Server::builder()
                    .bucket(BUCKET)
                    .root(dir.path().join("server"))
                    .start(),
            )
            .expect("embedded S3 server");
        let presigner = Presigner::new(
            Credentials::new(
                s3_test_server::DEFAULT_ACCESS_KEY,
                s3_test_server::DEFAULT_SECRET_KEY,
            )
            .expect("credentials"),
            Endpoint::custom(server.endpoint(), "auto").expect("endpoint"),
        );
        let client = Client::builder().build().expect("client");

        let curl = Path::new(CURL).exists();
        if !curl {
            eprintln!("transfer bench: {CURL} not found: the curl cases are skipped");
        }
        let bench = Bench {
            size,
            server,
            rt,
            presigner,
            client,
            exe: std::env::current_exe().expect("the bench binary's path"),
            source,
            digest,
            curl,
            dir,
            runs: Default::default(),
        };

        // The object the downloads read: uploaded in-process, then checked on the server.
        let put = bench.sign_put(SOURCE_KEY);
        bench
            .rt
            .block_on(bench.client.upload(&put, Body::file(&bench.source)).send())
            .expect("seeding the download object");
        let stored = bench.object_path(SOURCE_KEY);
        bench.verify(&stored, "the seeded object");
        sync_file(&stored);
        bench
    }

    fn run_group(&self, c: &mut Criterion) {
        let mut group = c.benchmark_group(GROUP);
        group
            .throughput(Throughput::Bytes(self.size))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            // One warm-up transfer (it also verifies the bytes), then one transfer a sample.
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_secs(1));
        for case in Case::ALL {
            if case.is_curl() && !self.curl {
                continue;
            }
            group.bench_function(case.name(), |b| {
                b.iter_custom(|iters| (0..iters).map(|_| self.transfer(case).elapsed).sum());
            });
        }
        group.finish();
    }

    fn sign_put(&self, key: &str) -> PresignedRequest {
        self.presigner
            .put(BUCKET, key)
            .content_length(self.size)
            .sign(Expiry::minutes(30))
            .expect("presigning a PUT")
    }

    fn sign_get(&self, key: &str) -> PresignedRequest {
        self.presigner
            .get(BUCKET, key)
            .sign(Expiry::minutes(30))
            .expect("presigning a GET")
    }

    /// Where s3s-fs keeps the object `key` of the bench's bucket.
    fn object_path(&self, key: &str) -> PathBuf {
        self.server.root().join(BUCKET).join(key)
    }

    /// One transfer of `case` in a child process, checked and recorded.
    fn transfer(&self, case: Case) -> Run {
        // Untimed: a fresh destination and freshly signed URL.
        let (request, local, output) = if case.is_upload() {
            let delete = self
                .presigner
                .delete(BUCKET, case.key())
                .sign(Expiry::minutes(5))
                .expect("presigning a DELETE");
            // A missing object is fine: the point is that none is left to replace.
            let _ = self.rt.block_on(self.client.delete(&delete));
            let output = self.object_path(case.key());
            (self.sign_put(case.key()), self.source.clone(), output)
        } else {
            let dest = self.dir.path().join(format!("down-{}.bin", case.index()));
            match std::fs::remove_file(&dest) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("removing {}: {e}", dest.display()),
            }
            (self.sign_get(case.key()), dest.clone(), dest)
        };

        // The transfer runs under a launcher (this binary, fresh, small), which times it
        // and reaps it with wait4: see `launch`.
        let mut cmd = Command::new(&self.exe);
        cmd.env(PROBE_ENV, "launch");
        if case.is_curl() {
            cmd.arg(CURL).args(["-sS", "--fail"]);
            for (name, value) in request.headers() {
                let mut header = OsString::from(name.as_str());
                header.push(": ");
                header.push(value.to_str().expect("signed headers are ASCII"));
                cmd.arg("-H").arg(header);
            }
            cmd.arg(if case.is_upload() { "-T" } else { "-o" })
                .arg(&local)
                .arg(request.url());
        } else {
            cmd.env(
                TARGET_ENV,
                if case.is_upload() {
                    "upload"
                } else {
                    "download"
                },
            )
            .arg(&self.exe)
            .arg(&local)
            .arg(serde_json::to_string(&request).expect("request as JSON"));
        }

        let launched = cmd
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("{}: starting the launcher: {e}", case.name()));
        let report = String::from_utf8_lossy(&launched.stdout);
        assert!(
            launched.status.success(),
            "{}: the transfer failed ({}; launcher said {report:?})",
            case.name(),
            launched.status
        );
        let run = Run::parse(&report)
            .unwrap_or_else(|| panic!("{}: bad launcher report {report:?}", case.name()));
        let len = std::fs::metadata(&output)
            .unwrap_or_else(|e| panic!("{}: {}: {e}", case.name(), output.display()))
            .len();
        assert_eq!(len, self.size, "{}: wrong length", case.name());
        let mut runs = self.runs[case.index()].borrow_mut();
        if runs.is_empty() {
            self.verify(&output, case.name());
        }
        runs.push(run);
        sync_file(&output);
        run
    }

    fn verify(&self, path: &Path, what: &str) {
        assert_eq!(
            sha256_file(path),
            self.digest,
            "{what}: the bytes differ from the source"
        );
    }

    fn summary(&self) {
        let stats: Vec<Option<Stats>> = Case::ALL
            .iter()
            .map(|c| Stats::of(&self.runs[c.index()].borrow()))
            .collect();
        let size_mib = self.size >> 20;
        println!();
        println!(
            "transfer summary: {size_mib} MiB through the embedded s3s-fs server on loopback, \
             one child process per transfer, r2-presign on a {} tokio runtime \
             (medians; the warm-up run is left out when there are more)",
            std::env::var(RUNTIME_ENV)
                .ok()
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| "multi_thread".to_owned())
        );
        println!(
            "  {:<22} {:>5} {:>10} {:>10} {:>15} {:>13}",
            "case", "runs", "MiB/s", "time s", "peak RSS MiB", "CPU s (u+s)"
        );
        for (case, s) in Case::ALL.iter().zip(&stats) {
            match s {
                Some(s) => println!(
                    "  {:<22} {:>5} {:>10.0} {:>10.2} {:>15.1} {:>13.2}",
                    case.name(),
                    s.runs,
                    self.size as f64 / MIB / s.secs,
                    s.secs,
                    s.max_rss as f64 / MIB,
                    s.cpu_secs,
                ),
                None => println!("  {:<22} {:>5}", case.name(), "not run"),
            }
        }
        if stats.iter().flatten().any(|s| s.runs < 3) {
            println!("  (a smoke run: too few transfers for the figures to mean much)");
        }
        let floor = stats.iter().flatten().map(|s| s.floor).max().unwrap_or(0);
        println!(
            "  (peak RSS: each child's own ru_maxrss from wait4, the largest over its runs; \
             it cannot read below the launcher's {:.1} MiB)",
            floor as f64 / MIB
        );
        let ratio = |ours: Case, curl: Case, label: &str| {
            let (Some(o), Some(c)) = (&stats[ours.index()], &stats[curl.index()]) else {
                println!("  {label}: r2-presign / curl = n/a (a side did not run)");
                return;
            };
            // Throughput ratio = inverse time ratio.
            let r = c.secs / o.secs;
            println!(
                "  {label}: r2-presign / curl = {r:.2}x (target >= {RATIO_TARGET:.1}x: {})",
                if r >= RATIO_TARGET { "met" } else { "NOT met" }
            );
        };
        ratio(Case::ClientUpload, Case::CurlUpload, "upload  ");
        ratio(Case::ClientDownload, Case::CurlDownload, "download");
        for (ours, curl, label) in [
            (Case::ClientUpload, Case::CurlUpload, "upload  "),
            (Case::ClientDownload, Case::CurlDownload, "download"),
        ] {
            let mib = |c: Case| {
                stats[c.index()].as_ref().map_or_else(
                    || "n/a".to_owned(),
                    |s| format!("{:.1} MiB", s.max_rss as f64 / MIB),
                )
            };
            let verdict = match &stats[ours.index()] {
                Some(s) if s.max_rss <= RSS_TARGET => "met",
                Some(_) => "NOT met",
                None => "n/a",
            };
            println!(
                "  {label}: peak RSS r2-presign {} vs curl {} (target <= {} MiB: {verdict})",
                mib(ours),
                mib(curl),
                RSS_TARGET >> 20
            );
        }
    }
}

/// The medians of a case's runs (its peak RSS: the largest).
struct Stats {
    runs: usize,
    secs: f64,
    cpu_secs: f64,
    max_rss: u64,
    floor: u64,
}

impl Stats {
    fn of(runs: &[Run]) -> Option<Stats> {
        // The first run is criterion's warm-up: leave it out when there are others.
        let measured = if runs.len() > 1 { &runs[1..] } else { runs };
        if measured.is_empty() {
            return None;
        }
        Some(Stats {
            runs: measured.len(),
            secs: median(measured.iter().map(|r| r.elapsed.as_secs_f64())),
            cpu_secs: median(measured.iter().map(|r| r.cpu.as_secs_f64())),
            max_rss: runs.iter().map(|r| r.max_rss).max().unwrap_or(0),
            floor: runs.iter().map(|r| r.floor).max().unwrap_or(0),
        })
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Writes `size` bytes of deterministic, incompressible-looking data to `path` in 1-mebibyte
/// blocks, flushed to disk, and returns their SHA-256.
fn make_file(path: &Path, size: u64) -> Vec<u8> {
    let file = File::create(path).expect("creating the source file");
    let mut out = BufWriter::with_capacity(BLOCK, file);
    let mut hash = Sha256::new();
    let mut block = vec![0u8; BLOCK];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..size / BLOCK as u64 {
        for word in block.chunks_exact_mut(8) {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            word.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
        }
        hash.update(&block);
        out.write_all(&block).expect("writing the source file");
    }
    let file = out.into_inner().expect("flushing the source file");
    file.sync_all().expect("syncing the source file");
    hash.finalize().to_vec()
}

fn sha256_file(path: &Path) -> Vec<u8> {
    let mut file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut buf).expect("reading for SHA-256");
        if n == 0 {
            return hash.finalize().to_vec();
        }
        hash.update(&buf[..n]);
    }
}

/// Flushes a file written by a transfer, so the next run starts with no dirty pages.
fn sync_file(path: &Path) {
    File::open(path)
        .and_then(|f| f.sync_all())
        .unwrap_or_else(|e| panic!("syncing {}: {e}", path.display()));
}
