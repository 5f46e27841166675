//! A dashboard of heterogeneous operations, drawn as a table that updates in place: different
//! outputs, some with progress, a batch that is the parent of two downloads, and a query whose
//! deadline passes. Halfway through, the user cancels the batch, and the cancel reaches its
//! children. Every operation is driven by a worker on its own thread; the dashboard sees them
//! only as `dyn AsyncInfo` (and `dyn AsyncProgress` where they report progress).
//!
//! Run with `cargo run --example dashboard`; it ends by itself in about three seconds.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write as _};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use asyncinfo::{async_operation, cancel_after, AsyncInfo, AsyncProgress, AsyncStatus};

/// Fetches `size` bytes in ten steps.
#[async_operation(output = u64, error = io::Error, progress = u32)]
struct Download {
    size: u64,
    step: Duration,
}

/// Hashes a file; this one is corrupt and fails at 60 %.
#[async_operation(output = String, error = io::Error, progress = u32)]
struct Checksum;

/// Indexes documents; reports no progress.
#[async_operation(output = usize)]
struct Index;

/// A slow query that a deadline cuts short.
#[async_operation(output = String, progress = u32)]
struct Query;

/// A batch: the parent of its downloads, done when they are.
#[async_operation(progress = u32)]
struct Batch {
    parts: Vec<Arc<Download>>,
}

/// Sleeps for `step` `steps` times, reporting progress after each, unless a cancel comes.
/// Returns whether it went through.
fn work(steps: u32, step: Duration, canceled: impl Fn() -> bool, report: impl Fn(u32)) -> bool {
    for done in 1..=steps {
        if canceled() {
            return false;
        }
        thread::sleep(step);
        report(done * 100 / steps);
    }
    !canceled()
}

fn spawn_download(download: &Arc<Download>) {
    let worker = Arc::clone(download).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|w| {
            let op = w.operation();
            let report = |pct| drop(w.report_progress(pct));
            if work(10, op.step, || w.is_cancel_requested(), report) {
                Ok(op.size)
            } else {
                Err(io::Error::other("stopped"))
            }
        })
    });
}

/// One line of the table: the operation as the dashboard sees it, and how to show its result.
struct Row {
    name: &'static str,
    op: Arc<dyn AsyncInfo + Send + Sync>,
    progress: Option<Arc<dyn AsyncProgress<Progress = u32> + Send + Sync>>,
    result: Box<dyn Fn() -> Option<String>>,
}

impl Row {
    fn line(&self) -> String {
        let status = self.op.status();
        let bar = match self.progress.as_ref().and_then(|p| p.progress()) {
            Some(pct) => {
                let filled = (pct / 10) as usize;
                format!(
                    "[{}{}] {pct:>3}%",
                    "#".repeat(filled),
                    ".".repeat(10 - filled)
                )
            }
            None if self.progress.is_some() => format!("[{}]   0%", ".".repeat(10)),
            None => String::new(),
        };
        let detail = match status {
            AsyncStatus::Canceled => self
                .op
                .cancel_reason()
                .map(|reason| reason.to_string())
                .unwrap_or_default(),
            _ => (self.result)().unwrap_or_default(),
        };
        let status = if self.op.is_finished() || status != AsyncStatus::Canceled {
            format!("{status}")
        } else {
            "stopping".to_owned()
        };
        format!(
            "{:>4}  {:<14} {:<10} {:<17} {detail}",
            self.op.id().get(),
            self.name,
            status,
            bar
        )
    }
}

fn main() {
    let begun = Instant::now();
    let step = |ms| Duration::from_millis(ms);

    // The batch and its two parts: canceling the batch cancels them.
    let parts: Vec<Arc<Download>> = [(3_000_000, 250), (1_000_000, 280)]
        .into_iter()
        .map(|(size, ms)| {
            Arc::new(Download {
                size,
                step: step(ms),
                status: Default::default(),
            })
        })
        .collect();
    let batch = Arc::new(Batch {
        parts: parts.clone(),
        status: Default::default(),
    });
    for part in &parts {
        batch.link_child(part).expect("the batch is not closed");
        spawn_download(part);
    }
    let batch_worker = Arc::clone(&batch).worker_owned().expect("created");
    thread::spawn(move || {
        batch_worker.run_blocking(|w| {
            let parts = &w.operation().parts;
            while !parts.iter().all(|part| part.is_finished()) && !w.is_cancel_requested() {
                let sum: u32 = parts.iter().map(|p| p.progress().unwrap_or(0)).sum();
                drop(w.report_progress(sum / parts.len() as u32));
                thread::sleep(step(50));
            }
            Ok(())
        })
    });

    let download = Arc::new(Download {
        size: 750_000,
        step: step(120),
        status: Default::default(),
    });
    spawn_download(&download);

    let checksum = Arc::new(Checksum {
        status: Default::default(),
    });
    let worker = Arc::clone(&checksum).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|w| {
            // Six tenths of the file read, then the bad sector.
            let report = |pct| drop(w.report_progress(pct * 6 / 10));
            work(6, step(150), || w.is_cancel_requested(), report);
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "sector 7 unreadable",
            ))
        })
    });

    let index = Arc::new(Index {
        status: Default::default(),
    });
    let worker = Arc::clone(&index).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|_| {
            thread::sleep(step(600));
            Ok(1_284)
        })
    });

    // The query would take five seconds; its deadline passes after 0.9.
    let query = Arc::new(Query {
        status: Default::default(),
    });
    cancel_after(&query, step(900)).detach();
    let worker = Arc::clone(&query).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|w| {
            let report = |pct| drop(w.report_progress(pct));
            work(50, step(100), || w.is_cancel_requested(), report);
            Ok("42 rows".to_owned())
        })
    });

    let rows = vec![
        Row {
            name: "batch",
            op: batch.clone(),
            progress: Some(batch.clone()),
            result: Box::new(|| Some("both parts done".into())),
        },
        Row {
            name: "  part 1",
            op: parts[0].clone(),
            progress: Some(parts[0].clone()),
            result: bytes(&parts[0]),
        },
        Row {
            name: "  part 2",
            op: parts[1].clone(),
            progress: Some(parts[1].clone()),
            result: bytes(&parts[1]),
        },
        Row {
            name: "download",
            op: download.clone(),
            progress: Some(download.clone()),
            result: bytes(&download),
        },
        Row {
            name: "checksum",
            op: checksum.clone(),
            progress: Some(checksum.clone()),
            result: {
                let checksum = Arc::clone(&checksum);
                Box::new(move || checksum.error_code().map(|err| format!("error: {err}")))
            },
        },
        Row {
            name: "index",
            op: index.clone(),
            progress: None,
            result: {
                let index = Arc::clone(&index);
                Box::new(move || index.results().ok().map(|n| format!("{n} documents")))
            },
        },
        Row {
            name: "query",
            op: query.clone(),
            progress: Some(query.clone()),
            result: {
                let query = Arc::clone(&query);
                Box::new(move || query.results().ok().cloned())
            },
        },
    ];

    let in_place = io::stdout().is_terminal();
    let mut drawn = 0;
    let mut user_canceled = false;
    loop {
        if !user_canceled && begun.elapsed() >= step(1_200) {
            // The user gives up on the batch: the cancel reaches both parts.
            batch.cancel();
            user_canceled = true;
        }
        let done = rows.iter().all(|row| row.op.is_finished());
        if in_place || done {
            draw(&rows, begun, &mut drawn, in_place);
        }
        if done {
            break;
        }
        thread::sleep(step(100));
    }
}

/// Shows a download's result in bytes.
fn bytes(download: &Arc<Download>) -> Box<dyn Fn() -> Option<String>> {
    let download = Arc::clone(download);
    Box::new(move || download.results().ok().map(|n| format!("{n} bytes")))
}

/// Draws the table, over the previous one when `in_place`.
fn draw(rows: &[Row], begun: Instant, drawn: &mut usize, in_place: bool) {
    let mut frame = String::new();
    if in_place && *drawn > 0 {
        // Back to the top of the previous frame.
        let _ = write!(frame, "\x1b[{}A", *drawn);
    }
    let header = format!(
        "  id  {:<14} {:<10} {:<17} after {:.1} s",
        "operation",
        "status",
        "progress",
        begun.elapsed().as_secs_f32()
    );
    // In place, each line clears what is left of the longer line it overwrites.
    let clear = if in_place { "\x1b[K" } else { "" };
    for line in std::iter::once(header).chain(rows.iter().map(Row::line)) {
        let _ = writeln!(frame, "{line}{clear}");
    }
    *drawn = rows.len() + 1;
    let mut out = io::stdout().lock();
    let _ = out.write_all(frame.as_bytes());
    let _ = out.flush();
}
