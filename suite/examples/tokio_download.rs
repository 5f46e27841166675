//! Several simulated downloads on a tokio runtime, each driven by a worker's runner spawned as a
//! task (`run_with`, or `run` for a body that needs nothing of the producer side): each reports
//! progress (printed by a progress handler), one is canceled by the user (the runner drops its
//! body at once), one task is aborted (the runner abandons its operation, so nobody waits for
//! ever), and all are awaited with `finished_owned()`.
//!
//! Run with `cargo run -p asyncinfo-suite --example tokio_download`.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncStatus, Outcome};

/// A simulated download of `chunks` chunks, one every `pace`.
#[async_operation(output = Vec<u8>, error = io::Error, progress = u8, on_cancel = Self::on_cancel)]
struct Download {
    name: &'static str,
    chunks: u8,
    pace: Duration,
}

impl Download {
    fn new(name: &'static str, chunks: u8, pace_ms: u64) -> Arc<Self> {
        let op = Arc::new(Download {
            name,
            chunks,
            pace: Duration::from_millis(pace_ms),
            status: Default::default(),
        });
        op.on_progress(|op, percent| println!("  {:<10} {percent:>3}%", op.name))
            .expect("not closed");
        op
    }

    /// Runs on the thread that called `cancel()`, when it won.
    fn on_cancel(&self) {
        println!("  {:<10} cancel requested", self.name);
    }

    /// The task that does the work: a worker's runner, spawned on tokio. The body needs the
    /// producer side while it runs (progress), so it uses `run_with`; the runner stops it at a
    /// cancel, and finishes the operation with whatever the body returns.
    fn spawn(self: &Arc<Self>) -> tokio::task::JoinHandle<AsyncStatus> {
        let worker = Arc::clone(self)
            .worker_owned()
            .expect("a new download starts");
        tokio::spawn(worker.run_with(|cx| async move {
            let op = cx.operation();
            let mut body = Vec::new();
            for chunk in 1..=op.chunks {
                tokio::time::sleep(op.pace).await;
                body.extend_from_slice(&[chunk; 64]);
                let percent =
                    u8::try_from(u16::from(chunk) * 100 / u16::from(op.chunks)).unwrap_or(100);
                // Refused only if a cancel won meanwhile; the runner then stops the body.
                let _ = cx.report_progress(percent);
            }
            Ok::<_, io::Error>(body)
        }))
    }
}

#[tokio::main]
async fn main() {
    let downloads = [
        Download::new("small.txt", 2, 10),
        Download::new("video.mp4", 5, 15),
        Download::new("huge.iso", 10, 20),
    ];
    let mut tasks: Vec<_> = downloads.iter().map(Download::spawn).collect();

    // A body that needs nothing of the producer side runs with plain `run`.
    let lost = Download::new("lost.bin", 10, 20);
    let pace = lost.pace;
    let worker = Arc::clone(&lost)
        .worker_owned()
        .expect("a new download starts");
    tasks.push(tokio::spawn(worker.run(async move {
        tokio::time::sleep(pace * 10).await;
        Ok::<_, io::Error>(vec![0; 640])
    })));
    let downloads = [&downloads[0], &downloads[1], &downloads[2], &lost];

    // The user gives up on the biggest one; the task of another is aborted.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let huge = &downloads[2];
    println!("  user cancels {}: {}", huge.name, huge.cancel());
    tasks[3].abort();

    // Await all of them at once: `finished_owned()` futures are `'static`, so they could as
    // well be spawned.
    let statuses =
        futures::future::join_all(downloads.iter().map(|op| Arc::clone(op).finished_owned())).await;
    println!();
    for (op, status) in downloads.iter().zip(statuses) {
        match op.outcome() {
            Some(Outcome::Completed(body)) => {
                println!("{:<10} {status}: {} bytes", op.name, body.len());
            }
            Some(Outcome::Canceled(reason)) => println!(
                "{:<10} {status} at {}%: {reason}",
                op.name,
                op.progress().unwrap_or_default()
            ),
            Some(Outcome::Error(error)) => println!("{:<10} {status}: {error}", op.name),
            None => unreachable!("finished, not closed"),
        }
        op.close().unwrap();
    }
}
