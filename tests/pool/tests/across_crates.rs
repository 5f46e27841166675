//! The producer side across crates: an operation defined elsewhere with `producer = pub`, and
//! operations defined here driven by a generic pool defined elsewhere.

use std::sync::Arc;

use asyncinfo::{async_operation, AsyncStatus, CancelKind, Outcome};
use asyncinfo_pool::{Fetch, Pool};

#[test]
fn a_producer_pub_operation_is_driven_from_another_crate() {
    let fetch = Fetch::new("https://example.com");
    let worker = fetch.worker().unwrap();
    worker.report_progress(50).unwrap();
    worker.complete(200).unwrap();
    assert_eq!(fetch.results(), Ok(&200));

    // The low-level methods are public too.
    let fetch = Fetch::new("https://example.com/b");
    fetch.start().unwrap();
    fetch.report_progress(10).unwrap();
    assert!(fetch.cancel());
    fetch.acknowledge_cancel().unwrap();
    assert!(fetch.is_finished());

    let fetch = Fetch::new("https://example.com/c");
    fetch.start().unwrap();
    fetch.fail(std::io::Error::other("reset")).unwrap();
    assert_eq!(fetch.status(), AsyncStatus::Error);
}

#[async_operation(output = String)]
struct Local {
    n: u32,
}

#[test]
fn a_generic_pool_in_another_crate_drives_any_operation() {
    let pool = Pool::new(2);
    let fetches: Vec<_> = (0..4)
        .map(|i| Arc::new(Fetch::new(&format!("https://example.com/{i}"))))
        .collect();
    for (i, fetch) in fetches.iter().enumerate() {
        pool.spawn(Arc::clone(fetch).worker_owned().unwrap(), move |op| {
            match i {
                0 => Ok(op.url.len() as u64),
                1 => Err(std::io::Error::other("unreachable host")),
                2 => panic!("pool job {i} panicked"),
                // Dropped without finishing by its own code? The pool's runner finishes it.
                _ => Ok(3),
            }
        });
    }
    let locals: Vec<_> = (0..3)
        .map(|n| {
            Arc::new(Local {
                n,
                status: Default::default(),
            })
        })
        .collect();
    for local in &locals {
        pool.spawn(Arc::clone(local).worker_owned().unwrap(), |op| {
            Ok(format!("local {}", op.n))
        });
    }
    let statuses = pool.join();
    assert_eq!(statuses.len(), 7);

    assert!(matches!(fetches[0].outcome(), Some(Outcome::Completed(21))));
    assert_eq!(fetches[1].status(), AsyncStatus::Error);
    assert_eq!(
        fetches[2]
            .cancel_reason()
            .and_then(|r| r.panic_message().map(str::to_owned)),
        Some("pool job 2 panicked".to_owned())
    );
    assert_eq!(
        fetches[2].cancel_reason().map(|r| r.kind()),
        Some(CancelKind::Panicked)
    );
    for (n, local) in locals.iter().enumerate() {
        assert_eq!(local.wait(), AsyncStatus::Completed);
        assert_eq!(local.results().unwrap(), &format!("local {n}"));
    }
}

#[test]
fn a_generic_pool_reports_progress_of_any_operation() {
    let pool = Pool::new(1);
    let fetch = Arc::new(Fetch::new("https://example.com/steps"));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    fetch
        .on_progress(move |_, step| record.lock().unwrap().push(*step))
        .unwrap();
    pool.spawn_reporting(
        Arc::clone(&fetch).worker_owned().unwrap(),
        vec![10, 60, 100],
        |op| Ok(op.url.len() as u64),
    );
    drop(pool.join());
    assert_eq!(fetch.status(), AsyncStatus::Completed);
    assert_eq!(*seen.lock().unwrap(), [10, 60, 100]);
    assert_eq!(fetch.progress(), Some(100));
}

#[test]
fn a_pool_dropped_with_work_queued_abandons_it() {
    // A pool with no threads never runs its jobs: dropping them finishes the operations.
    let pool = Pool::new(0);
    let fetch = Arc::new(Fetch::new("https://example.com/never"));
    pool.spawn(Arc::clone(&fetch).worker_owned().unwrap(), |_| Ok(1));
    drop(pool.join());
    // The queue, and the worker in it, are gone with the pool.
    assert_eq!(fetch.wait(), AsyncStatus::Canceled);
    assert_eq!(
        fetch.cancel_reason().map(|r| r.kind()),
        Some(CancelKind::Abandoned)
    );
}
