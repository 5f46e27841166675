//! An operation's whole life: created, started on a worker thread, then completed, canceled
//! or failed, its result or error read, and closed; with a completion handler and a blocking
//! wait.
//!
//! Run with `cargo run --example quickstart`.

use std::io;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncInfo, AsyncStatus};

/// A simulated download: the worker fetches `chunks` chunks, and fails at chunk `fail_at`.
#[async_operation(output = Vec<u8>, error = io::Error)]
pub struct Download {
    url: String,
    chunks: u8,
    fail_at: Option<u8>,
}

impl Download {
    /// A download that has not started yet.
    pub fn new(url: &str, chunks: u8, fail_at: Option<u8>) -> Arc<Self> {
        Arc::new(Download {
            url: url.to_owned(),
            chunks,
            fail_at,
            status: Default::default(),
        })
    }

    /// Starts the download on a worker thread. The worker is the producer: it completes the
    /// operation, fails it, or acknowledges a cancel.
    pub fn spawn(self: &Arc<Self>) -> thread::JoinHandle<()> {
        self.start().expect("a new download starts");
        let op = Arc::clone(self);
        thread::spawn(move || {
            let mut body = Vec::new();
            for chunk in 0..op.chunks {
                if op.status() == AsyncStatus::Canceled {
                    // Stop early, and say so: the operation is finished only now.
                    op.acknowledge_cancel()
                        .expect("acknowledged after a cancel");
                    return;
                }
                if op.fail_at == Some(chunk) {
                    let error = io::Error::new(io::ErrorKind::ConnectionReset, "connection reset");
                    // Refused only if a cancel won the race; the error comes back then.
                    if let Err(rejected) = op.fail(error) {
                        println!("  (worker) error refused: {rejected}");
                    }
                    return;
                }
                body.extend_from_slice(format!("<{chunk}>").as_bytes());
                thread::sleep(Duration::from_millis(15));
            }
            if let Err(rejected) = op.complete(body) {
                let body = rejected.into_inner();
                println!(
                    "  (worker) {} bytes refused: canceled meanwhile",
                    body.len()
                );
            }
        })
    }
}

/// Prints the operation's status each time it changes, until it is finished.
fn watch(op: &Download) {
    let mut last = None;
    loop {
        let status = op.status();
        if last != Some(status) {
            println!("  {} #{}: {status}", op.url, op.id());
            last = Some(status);
        }
        if op.is_finished() {
            return;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

fn main() {
    println!("1. A download that completes");
    let ok = Download::new("https://example.com/a.txt", 4, None);
    println!("  {} #{}: {}", ok.url, ok.id(), ok.status());
    // Runs once, on the thread that finishes the operation.
    ok.on_completed(|op, status| println!("  (handler) #{} finished: {status}", op.id()))
        .unwrap();
    let worker = ok.spawn();
    watch(&ok);
    worker.join().unwrap();
    let body = ok.results().expect("completed");
    println!("  result: {:?}", String::from_utf8_lossy(body));
    ok.close().unwrap();
    println!("  closed; results now: {}", ok.results().unwrap_err());

    println!("\n2. A download canceled while it runs");
    let canceled = Download::new("https://example.com/big.iso", 100, None);
    let worker = canceled.spawn();
    thread::sleep(Duration::from_millis(40));
    println!("  cancel() -> {}", canceled.cancel());
    println!(
        "  status {}, finished: {} (the worker has not stopped yet)",
        canceled.status(),
        canceled.is_finished()
    );
    // Blocks until the worker has stopped and acknowledged the cancel.
    println!("  wait() -> {}", canceled.wait());
    worker.join().unwrap();
    println!("  results: {}", canceled.results().unwrap_err());
    println!("  cancel() again -> {}", canceled.cancel());

    println!("\n3. A download that fails");
    let failed = Download::new("https://example.com/flaky", 5, Some(2));
    let worker = failed.spawn();
    watch(&failed);
    worker.join().unwrap();
    println!("  error_code: {}", failed.error_code().expect("failed"));

    println!("\n4. A canceled operation that never started");
    let never = Download::new("https://example.com/never", 1, None);
    println!(
        "  cancel() -> {}, status {}, finished: {}",
        never.cancel(),
        never.status(),
        never.is_finished()
    );
    println!("  start(): {}", never.start().unwrap_err());

    println!("\n5. All of them through `dyn AsyncInfo`");
    let all: [&dyn AsyncInfo; 4] = [&*ok, &*canceled, &*failed, &*never];
    for op in all {
        op.close().unwrap();
        println!(
            "  #{}: {} (closed: {})",
            op.id(),
            op.status(),
            op.is_closed()
        );
    }
}
