//! Several simulated downloads on a tokio runtime: each reports progress (printed by a progress
//! handler), one is canceled by the user and acknowledged by its task, and all are awaited
//! with `finished()`.
//!
//! Run with `cargo run --example tokio_download`.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncStatus};

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

    /// The task that does the work: the producer side of the operation.
    async fn run(self: Arc<Self>) {
        self.start().expect("a new download starts");
        let mut body = Vec::new();
        for chunk in 1..=self.chunks {
            tokio::select! {
                () = self.canceled() => {
                    println!("  {:<10} task stops after {} bytes", self.name, body.len());
                    self.acknowledge_cancel().expect("acknowledged after a cancel");
                    return;
                }
                () = tokio::time::sleep(self.pace) => {}
            }
            body.extend_from_slice(&[chunk; 64]);
            let percent = u8::try_from(u16::from(chunk) * 100 / u16::from(self.chunks)).unwrap();
            // Refused only if a cancel won meanwhile; the next select sees it.
            let _ = self.report_progress(percent);
        }
        if let Err(rejected) = self.complete(body) {
            println!("  {:<10} result refused: {}", self.name, rejected.error());
        }
    }
}

#[tokio::main]
async fn main() {
    let downloads = [
        Download::new("small.txt", 2, 10),
        Download::new("video.mp4", 5, 15),
        Download::new("huge.iso", 10, 20),
    ];
    for op in &downloads {
        tokio::spawn(Arc::clone(op).run());
    }

    // The user gives up on the biggest one.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let huge = &downloads[2];
    println!("  user cancels {}: {}", huge.name, huge.cancel());

    // Await all of them at once.
    let statuses = futures::future::join_all(downloads.iter().map(|op| op.finished())).await;
    println!();
    for (op, status) in downloads.iter().zip(statuses) {
        match status {
            AsyncStatus::Completed => {
                println!(
                    "{:<10} {status}: {} bytes",
                    op.name,
                    op.results().unwrap().len()
                );
            }
            _ => println!(
                "{:<10} {status} at {}%",
                op.name,
                op.progress().unwrap_or_default()
            ),
        }
        op.close().unwrap();
    }
}
