//! An operation's whole life: created, started by a worker on its own thread, then completed,
//! canceled, failed or abandoned by a panic, its outcome read, and closed; with a completion
//! handler and a blocking wait.
//!
//! A few words come from the Windows Runtime (WinRT), whose model this crate follows; you need
//! no WinRT to read on:
//!
//! - `IAsyncInfo` is WinRT's interface of a running operation: its id, status, cancel and
//!   close. Here it is the trait [`AsyncInfo`], which every operation implements, so a list of
//!   different operations is a list of `&dyn AsyncInfo`.
//! - An "illegal method call" error means the call is not allowed in the operation's current
//!   status (`results()` before it completed, or after `close()`); an "illegal state change"
//!   means the transition asked for (`start()`, `complete()`, …) is not allowed from the
//!   current status (starting an operation that was canceled).
//!
//! Run with `cargo run --example quickstart`.

use std::io;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncInfo, Outcome};

/// A simulated download: the worker fetches `chunks` chunks, and fails at chunk `fail_at`.
#[async_operation(output = Vec<u8>, error = io::Error, progress = u8)]
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

    /// Starts the download on a thread of its own. The worker is the producer: whatever the
    /// body does (returns `Ok`, returns `Err`, stops at a cancel, or panics), the operation
    /// ends finished and everyone waiting on it hears of it.
    pub fn spawn(self: &Arc<Self>) -> thread::JoinHandle<()> {
        let worker = Arc::clone(self)
            .worker_owned()
            .expect("a new download starts");
        thread::spawn(move || {
            worker.run_blocking(|w| {
                let op = w.operation();
                // A bug: the size in KiB does not fit in a `u8` from 128 chunks on.
                let size_kib: u8 = op
                    .chunks
                    .checked_mul(2)
                    .expect("the size in KiB overflows a u8");
                let mut body = Vec::with_capacity(usize::from(size_kib) * 1024);
                for chunk in 0..op.chunks {
                    if w.is_cancel_requested() {
                        // Stop early: the runner acknowledges the cancel.
                        break;
                    }
                    if op.fail_at == Some(chunk) {
                        return Err(io::Error::new(
                            io::ErrorKind::ConnectionReset,
                            "connection reset",
                        ));
                    }
                    let percent = u16::from(chunk + 1) * 100 / u16::from(op.chunks);
                    let _ = w.report_progress(u8::try_from(percent).unwrap_or(100));
                    body.extend_from_slice(format!("<{chunk}>").as_bytes());
                    thread::sleep(Duration::from_millis(15));
                }
                Ok(body)
            });
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

/// Prints the operation's url, id and status.
fn show(op: &Download) {
    println!("  {} #{}: {}", op.url, op.id(), op.status());
}

fn main() {
    println!("1. A download that completes");
    let ok = Download::new("https://example.com/a.txt", 4, None);
    show(&ok);
    // Runs once, on the thread that finishes the operation.
    ok.on_completed(|op, status| println!("  (handler) #{} finished: {status}", op.id()))
        .unwrap();
    let worker = ok.spawn();
    watch(&ok);
    worker.join().unwrap();
    println!("  progress: {}%", ok.progress().unwrap_or(0));
    if let Some(Outcome::Completed(body)) = ok.outcome() {
        println!("  result: {:?}", String::from_utf8_lossy(body));
    }
    // `close()` says "I am done with the result" without dropping the operation, which other
    // handles (these `Arc`s, a handler, another thread) may still hold. From then on the
    // result and error are refused to everyone, while the id and status stay readable. It
    // hides the result; the memory is freed when the last handle is dropped, as for any `Arc`.
    ok.close().unwrap();
    println!("  closed; status still {}", ok.status());
    // An "illegal method call": `results()` is not allowed once the operation is closed.
    println!("  results() now: {}", ok.results().unwrap_err());

    println!("\n2. A download canceled while it runs");
    let canceled = Download::new("https://example.com/big.iso", 100, None);
    show(&canceled);
    let worker = canceled.spawn();
    thread::sleep(Duration::from_millis(40));
    println!("  cancel() -> {}", canceled.cancel());
    println!(
        "  status {}, finished: {} (the worker may not have stopped yet)",
        canceled.status(),
        canceled.is_finished()
    );
    // Blocks until the worker has stopped (the runner acknowledges the cancel for it).
    println!("  wait() -> {}", canceled.wait());
    worker.join().unwrap();
    println!("  cancel reason: {}", canceled.cancel_reason().unwrap());
    println!("  cancel() again -> {}", canceled.cancel());

    println!("\n3. A download that fails");
    let failed = Download::new("https://example.com/flaky", 5, Some(2));
    show(&failed);
    let worker = failed.spawn();
    watch(&failed);
    worker.join().unwrap();
    println!("  error_code: {}", failed.error_code().expect("failed"));

    println!("\n4. A worker that panics: nobody is left waiting");
    // The runner catches the panic and records it as the cancel reason; without a worker,
    // `wait()` here would block for ever. The hook prints the panic on one line.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        println!("  (panic on the worker's thread) {message}");
    }));
    let buggy = Download::new("https://example.com/huge", 200, None);
    show(&buggy);
    let worker = buggy.spawn();
    println!("  wait() -> {}", buggy.wait());
    worker.join().unwrap();
    println!("  cancel reason: {}", buggy.cancel_reason().unwrap());
    drop(std::panic::take_hook());

    println!("\n5. A canceled operation that never started");
    let never = Download::new("https://example.com/never", 1, None);
    show(&never);
    println!(
        "  cancel() -> {}, status {}, finished: {}",
        never.cancel(),
        never.status(),
        never.is_finished()
    );
    // An "illegal state change": a canceled operation cannot be started.
    println!("  worker(): {}", never.worker().unwrap_err());

    println!("\n6. All of them through `dyn AsyncInfo`, closed");
    let all: [&dyn AsyncInfo; 5] = [&*ok, &*canceled, &*failed, &*buggy, &*never];
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
