//! Serves a few demo operations as `google.longrunning` operations on 127.0.0.1, over REST, and
//! prints the `curl` lines to poll, wait on, cancel and delete them: one that completes, one
//! that fails, and a long one with progress that a `curl …:cancel` stops.
//!
//! `cargo run -p asyncinfo-lro --example serve` (stop it with Ctrl-C)

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::async_operation;
use asyncinfo_lro::{rest, Operations};

/// A report: rows counted, in a few steps.
#[async_operation(output = Vec<String>, error = std::io::Error, progress = u32, timestamps)]
struct Report {
    rows: u32,
    step: Duration,
}

fn spawn(report: &Arc<Report>, fails: bool) {
    let worker = Arc::clone(report)
        .worker_owned()
        .expect("a new operation starts");
    std::thread::spawn(move || {
        worker.run_blocking(|w| {
            let rows = w.operation().rows;
            for done in 1..=rows {
                if w.is_cancel_requested() {
                    return Err(std::io::Error::other("stopped"));
                }
                std::thread::sleep(w.operation().step);
                let _ = w.report_progress(done * 100 / rows);
            }
            if fails {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "the archive is read-only",
                ));
            }
            Ok((1..=rows).map(|row| format!("row {row}")).collect())
        })
    });
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let ops = Operations::new();
    let report = |rows, ms| {
        Arc::new(Report {
            rows,
            step: Duration::from_millis(ms),
            status: Default::default(),
        })
    };
    let quick = report(3, 10);
    let failing = report(2, 10);
    let long = report(600, 100);
    spawn(&quick, false);
    spawn(&failing, true);
    spawn(&long, false);
    let names = [
        ("completes", ops.insert(quick)),
        ("fails", ops.insert(failing)),
        (
            "runs for a minute, unless canceled",
            ops.insert(long.clone()),
        ),
    ];

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("Serving google.longrunning operations on {base}\n");
    for (what, name) in &names {
        println!("# {name}: {what}");
        println!("curl {base}/v1/{name}");
    }
    let long_name = &names[2].1;
    println!("\n# the long one: wait a second for it, cancel it, then delete it");
    println!("curl -X POST {base}/v1/{long_name}:wait -d '{{\"timeout\": \"1s\"}}'");
    println!("curl -X POST {base}/v1/{long_name}:cancel");
    println!("curl -X DELETE {base}/v1/{long_name}");
    println!("\n# all of them, or only those done");
    println!("curl '{base}/v1/operations'");
    println!("curl '{base}/v1/operations?filter=done=true'");
    println!(
        "\n(the long operation is {} now; Ctrl-C stops the server)",
        long.status()
    );
    axum::serve(listener, rest::router(ops)).await
}
