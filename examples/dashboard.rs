//! A dashboard of heterogeneous operations, drawn as a table that updates in place: different
//! outputs, a batch that is the parent of two downloads, a checksum that fails, and a query
//! whose deadline passes. Halfway through, the user cancels the batch, and the cancel reaches
//! its children. Every operation is driven by a worker on its own thread.
//!
//! The dashboard keeps no list of its own: the operations are in a `Registry`, each row is a
//! `Snapshot` (type, status, progress, why it was canceled or failed, and, with `timestamps`,
//! how long it has run), and `wait_all` paces the redraws until every operation is finished.
//!
//! Run with `cargo run --example dashboard`; it ends by itself in about three seconds.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write as _};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use asyncinfo::{
    async_operation, cancel_after, wait_all, AsyncProgress, AsyncStatus, Registry, Snapshot,
};

/// Fetches `size` bytes in ten steps.
#[async_operation(output = u64, error = io::Error, progress = u32, timestamps)]
struct Download {
    size: u64,
    step: Duration,
}

/// Hashes a file; this one is corrupt and fails at 60 %.
#[async_operation(output = String, error = io::Error, progress = u32, timestamps)]
struct Checksum;

/// Indexes documents.
#[async_operation(output = usize, progress = u32, timestamps)]
struct Index;

/// A slow query that a deadline cuts short.
#[async_operation(output = String, progress = u32, timestamps)]
struct Query;

/// A batch: the parent of its downloads, done when they are.
#[async_operation(progress = u32, timestamps)]
struct Batch {
    parts: Vec<Arc<Download>>,
}

/// What the dashboard lists: any operation that reports its progress as a percentage.
type Listed = dyn AsyncProgress<Progress = u32> + Send + Sync;

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

/// One line of the table, from a snapshot alone.
fn line(snap: &Snapshot<u32>) -> String {
    let bar = match snap.progress {
        Some(pct) => {
            let filled = (pct / 10) as usize;
            format!(
                "[{}{}] {pct:>3}%",
                "#".repeat(filled),
                ".".repeat(10 - filled)
            )
        }
        None => format!("[{}]   -", ".".repeat(10)),
    };
    let status = if snap.status == AsyncStatus::Canceled && !snap.finished {
        "stopping".to_owned()
    } else {
        snap.status.to_string()
    };
    let detail = match (&snap.cancel_reason, &snap.error) {
        (Some(reason), _) => reason.to_string(),
        (None, Some(error)) => format!("error: {error}"),
        (None, None) => String::new(),
    };
    // With `timestamps`: how long it ran, or has been running.
    let ran = snap.times.and_then(|times| {
        let started = times.started?;
        let until = times.finished.unwrap_or_else(SystemTime::now);
        until.duration_since(started).ok()
    });
    let ran = ran.map_or_else(String::new, |ran| format!("{:.1} s", ran.as_secs_f32()));
    format!(
        "{:>4}  {:<9} {:<10} {:<17} {:>6}  {detail}",
        snap.id.get(),
        snap.type_name,
        status,
        bar,
        ran
    )
}

fn main() {
    let begun = Instant::now();
    let step = |ms| Duration::from_millis(ms);
    let ops: Registry<Listed> = Registry::new();

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
    ops.insert(batch.clone());
    for part in &parts {
        batch.link_child(part).expect("the batch is not closed");
        ops.insert(part.clone());
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
    ops.insert(download.clone());
    spawn_download(&download);

    let checksum = Arc::new(Checksum {
        status: Default::default(),
    });
    ops.insert(checksum.clone());
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
    ops.insert(index.clone());
    let worker = Arc::clone(&index).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|w| {
            let report = |pct| drop(w.report_progress(pct));
            work(4, step(150), || w.is_cancel_requested(), report);
            Ok(1_284)
        })
    });

    // The query would take five seconds; its deadline passes after 0.9.
    let query = Arc::new(Query {
        status: Default::default(),
    });
    ops.insert(query.clone());
    cancel_after(&query, step(900)).detach();
    let worker = Arc::clone(&query).worker_owned().expect("created");
    thread::spawn(move || {
        worker.run_blocking(|w| {
            let report = |pct| drop(w.report_progress(pct));
            work(50, step(100), || w.is_cancel_requested(), report);
            Ok("42 rows".to_owned())
        })
    });

    let in_place = io::stdout().is_terminal();
    let mut drawn = 0;
    let mut user_canceled = false;
    loop {
        if !user_canceled && begun.elapsed() >= step(1_200) {
            // The user gives up on the batch: the cancel reaches both parts.
            batch.cancel();
            user_canceled = true;
        }
        // Wait for them all, a tenth of a second at most: that paces the redraws.
        let all = ops.iter().map(|(_name, op)| op);
        let done = wait_all(all, Some(step(100))).is_some();
        if in_place || done {
            draw(&ops, begun, &mut drawn, in_place);
        }
        if done {
            break;
        }
    }
}

/// Draws the table, over the previous one when `in_place`.
fn draw(ops: &Registry<Listed>, begun: Instant, drawn: &mut usize, in_place: bool) {
    let mut frame = String::new();
    if in_place && *drawn > 0 {
        // Back to the top of the previous frame.
        let _ = write!(frame, "\x1b[{}A", *drawn);
    }
    let header = format!(
        "  id  {:<9} {:<10} {:<17} {:>6}  after {:.1} s",
        "operation",
        "status",
        "progress",
        "ran",
        begun.elapsed().as_secs_f32()
    );
    let lines: Vec<String> = ops
        .iter()
        .map(|(_name, op)| line(&op.snapshot_with_progress()))
        .collect();
    // In place, each line clears what is left of the longer line it overwrites.
    let clear = if in_place { "\x1b[K" } else { "" };
    for line in std::iter::once(header).chain(lines.iter().cloned()) {
        let _ = writeln!(frame, "{line}{clear}");
    }
    *drawn = lines.len() + 1;
    let mut out = io::stdout().lock();
    let _ = out.write_all(frame.as_bytes());
    let _ = out.flush();
}
