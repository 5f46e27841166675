//! `Registry` (DESIGN §10): names, lookups, paged and filtered lists, retention without a
//! thread, no lock held while user code runs, and inserts, lists, finishes and removals racing
//! on real threads.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, Weak};
use std::thread;
use std::time::Duration;

use asyncinfo::{
    async_operation, AsyncError, AsyncId, AsyncInfo, AsyncStatus, ListQuery, Registry,
    RegistryError,
};

#[async_operation(output = u32)]
struct Download;

#[async_operation(output = u32, timestamps)]
struct Timed;

fn download() -> Arc<Download> {
    Arc::new(Download {
        status: Default::default(),
    })
}

fn completed() -> Arc<Download> {
    let op = download();
    op.start().unwrap();
    op.complete(1).unwrap();
    op
}

fn names(ops: &Registry) -> Vec<String> {
    ops.iter().map(|(name, _)| name).collect()
}

#[test]
fn names_are_unique_and_made_of_the_allowed_characters() {
    let (a, b): (Registry, Registry) = (Registry::new(), Registry::new());
    let mut seen = HashSet::new();
    for _ in 0..100 {
        for ops in [&a, &b] {
            let name = ops.insert(download());
            let unique = name.strip_prefix("operations/").expect("the prefix");
            assert!(!unique.is_empty());
            assert!(
                unique
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"._~-".contains(&c)),
                "{name}"
            );
            assert!(seen.insert(name), "unique across registries");
        }
    }
}

#[test]
fn get_remove_and_iter_in_insertion_order() {
    let ops: Registry = Registry::new();
    assert!(ops.is_empty());
    let (first, second) = (download(), completed());
    let first_name = ops.insert(first.clone());
    let second_name = ops.insert(second.clone());
    assert_eq!(names(&ops), [first_name.clone(), second_name.clone()]);
    assert_eq!(ops.get(&first_name).unwrap().id(), first.id());
    assert_eq!(ops.len(), 2);

    let removed = ops.remove(&first_name).unwrap();
    assert_eq!(removed.id(), first.id());
    assert!(ops.get(&first_name).is_none());
    assert!(ops.remove(&first_name).is_none());
    assert_eq!(names(&ops), [second_name]);
    assert_eq!(
        first.status(),
        AsyncStatus::Created,
        "a registry never changes an operation"
    );
}

#[test]
fn a_name_never_issued_or_from_an_earlier_run_is_not_found() {
    let ops: Registry = Registry::new();
    let name = ops.insert(download());
    let (run, number) = name["operations/".len()..].split_once('-').unwrap();
    let earlier_run = format!("operations/{}-{number}", "0".repeat(run.len()));
    for other in [
        "",
        "operations/",
        "operations/x",
        earlier_run.as_str(),
        &format!("operations/{run}-999999999"),
        &format!("operations/{run}-{number}0"),
        &format!("operations/{run}--{number}"),
        &format!("other/{run}-{number}"),
        &name[..name.len() - 1],
    ] {
        assert!(ops.get(other).is_none(), "{other}");
    }
    assert!(ops.get(&name).is_some());
}

#[test]
fn a_typed_registry_gives_its_type_back() {
    let ops: Registry<Download> = Registry::new();
    let op = completed();
    let name = ops.insert(op.clone());
    let back: Arc<Download> = ops.get(&name).unwrap();
    assert_eq!(back.results().unwrap(), &1);
}

#[test]
fn lists_filter_and_page() {
    let ops: Registry = Registry::new();
    let mut expected_done = Vec::new();
    let mut expected_all = Vec::new();
    for n in 0..7 {
        let op = if n % 2 == 0 { completed() } else { download() };
        let name = ops.insert(op);
        if n % 2 == 0 {
            expected_done.push(name.clone());
        }
        expected_all.push(name);
    }
    let timed = Arc::new(Timed {
        status: Default::default(),
    });
    expected_all.push(ops.insert(timed));

    let all = ops.list(ListQuery::default()).unwrap();
    assert_eq!(
        all.operations
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>(),
        expected_all
    );
    assert_eq!(all.next_page_token, None);

    let query = |done, page_size, page_token| ListQuery {
        done,
        page_size,
        page_token,
        ..ListQuery::default()
    };
    let done = ops.list(query(Some(true), None, None)).unwrap();
    let done: Vec<String> = done.operations.into_iter().map(|(n, _)| n).collect();
    assert_eq!(done, expected_done);
    let running = ops.list(query(Some(false), None, None)).unwrap();
    assert_eq!(running.operations.len(), 4);

    // Pages of two, followed by their tokens, give every operation once, in order.
    let mut paged = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = ops.list(query(None, Some(2), token)).unwrap();
        assert!(page.operations.len() <= 2);
        paged.extend(page.operations.into_iter().map(|(n, _)| n));
        pages += 1;
        match page.next_page_token {
            Some(next) => token = Some(next),
            None => break,
        }
        assert!(pages < 10, "a bounded loop");
    }
    assert_eq!(paged, expected_all);
    assert_eq!(pages, 4);

    // Filtered pages as well, and a page size of 0 or an empty token mean unset.
    let first = ops
        .list(query(Some(true), Some(3), Some(String::new())))
        .unwrap();
    assert_eq!(first.operations.len(), 3);
    let rest = ops
        .list(query(Some(true), Some(0), first.next_page_token))
        .unwrap();
    assert_eq!(rest.operations.len(), 1);
    assert_eq!(rest.next_page_token, None);

    let by_status = ops
        .list(ListQuery {
            status: Some(AsyncStatus::Created),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(by_status.operations.len(), 4);
    let by_type = ops
        .list(ListQuery {
            type_name: Some("Timed".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(by_type.operations.len(), 1);
}

#[test]
fn a_malformed_page_token_is_an_error_that_says_so() {
    let ops: Registry = Registry::new();
    ops.insert(download());
    ops.insert(download());
    let page = ops
        .list(ListQuery {
            page_size: Some(1),
            ..ListQuery::default()
        })
        .unwrap();
    let good = page.next_page_token.unwrap();
    let (run, _) = good.split_once('.').unwrap();
    for bad in [
        "x",
        "1",
        "abc.def",
        &format!("{run}.x"),
        run,
        "0000000000000000.1",
    ] {
        let error = ops
            .list(ListQuery {
                page_token: Some(bad.to_owned()),
                ..ListQuery::default()
            })
            .unwrap_err();
        let RegistryError::PageToken { token, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(token, bad);
        assert!(error.to_string().contains("invalid page token"), "{error}");
    }
    let earlier = ops
        .list(ListQuery {
            page_token: Some("0000000000000000.1".into()),
            ..ListQuery::default()
        })
        .unwrap_err();
    assert!(earlier.to_string().contains("another run"), "{earlier}");
}

#[test]
fn retention_zero_drops_a_finished_operation_at_the_next_call() {
    let ops: Registry = Registry::new().with_retention(Duration::ZERO);
    let op = download();
    let name = ops.insert(op.clone());
    let weak: Weak<Download> = Arc::downgrade(&op);
    assert!(ops.get(&name).is_some(), "not finished: kept");
    op.start().unwrap();
    op.complete(3).unwrap();
    drop(op);
    assert!(weak.upgrade().is_some(), "the registry still holds it");
    assert!(
        ops.get(&name).is_none(),
        "dropped at the first call that sees it finished"
    );
    assert!(weak.upgrade().is_none(), "and freed");

    // Already finished when inserted: the next call drops it.
    let name = ops.insert(completed());
    assert!(ops.get(&name).is_none());
}

#[test]
fn a_finished_operation_stays_for_its_retention() {
    let ops: Registry = Registry::new().with_retention(Duration::from_millis(80));
    let op = download();
    let name = ops.insert(op.clone());
    op.start().unwrap();
    op.complete(3).unwrap();
    assert!(ops.get(&name).is_some());
    thread::sleep(Duration::from_millis(20));
    assert!(ops.get(&name).is_some(), "within its retention");
    thread::sleep(Duration::from_millis(80));
    assert!(
        ops.get(&name).is_none(),
        "dropped at the first call after it expired"
    );

    // Unfinished operations stay, however long.
    let running = download();
    let name = ops.insert(running);
    thread::sleep(Duration::from_millis(100));
    assert!(ops.get(&name).is_some());
}

#[test]
fn with_timestamps_the_retention_runs_from_the_finish() {
    let ops: Registry = Registry::new().with_retention(Duration::from_millis(50));
    let op = Arc::new(Timed {
        status: Default::default(),
    });
    assert!(op.cancel());
    thread::sleep(Duration::from_millis(70));
    // Finished 70 ms ago: already past its retention when inserted.
    let name = ops.insert(op);
    assert!(ops.get(&name).is_none());
}

/// A hand-written operation whose `status()` and `Drop` call back into the registry that
/// holds it: no lock is held while they run, so nothing deadlocks.
struct Reentrant {
    id: AsyncId,
    registry: Mutex<Option<Registry>>,
    finished: std::sync::atomic::AtomicBool,
    drops: Arc<AtomicUsize>,
}

impl AsyncInfo for Reentrant {
    fn id(&self) -> AsyncId {
        self.id
    }
    fn status(&self) -> AsyncStatus {
        if let Some(registry) = self.registry.lock().unwrap().clone() {
            let _ = registry.len();
        }
        if self.is_finished() {
            AsyncStatus::Completed
        } else {
            AsyncStatus::Started
        }
    }
    fn cancel(&self) -> bool {
        false
    }
    fn close(&self) -> Result<(), AsyncError> {
        Ok(())
    }
    fn is_closed(&self) -> bool {
        false
    }
    fn is_finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }
}

impl Drop for Reentrant {
    fn drop(&mut self) {
        if let Some(registry) = self.registry.get_mut().unwrap().take() {
            let _ = registry.list(ListQuery::default());
        }
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn no_lock_is_held_while_user_code_runs() {
    let ops: Registry = Registry::new().with_retention(Duration::ZERO);
    let drops = Arc::new(AtomicUsize::new(0));
    let op = Arc::new(Reentrant {
        id: download().id(),
        registry: Mutex::new(Some(ops.clone())),
        finished: false.into(),
        drops: Arc::clone(&drops),
    });
    let name = ops.insert(op.clone());
    // The filter calls `status()`, which calls the registry.
    let page = ops
        .list(ListQuery {
            status: Some(AsyncStatus::Started),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(page.operations.len(), 1);
    drop(page);
    // A hand-written operation holds no watch: the registry looks at it for a finish, and its
    // last `Drop`, which calls the registry, runs outside the lock.
    op.finished.store(true, Ordering::SeqCst);
    drop(op);
    for _ in 0..10 {
        if ops.get(&name).is_none() {
            break;
        }
    }
    assert!(ops.get(&name).is_none());
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn inserts_lists_finishes_and_removals_racing() {
    const THREADS: usize = 4;
    const EACH: usize = 300;
    let ops: Registry = Registry::new().with_retention(Duration::from_secs(3600));
    let barrier = Arc::new(Barrier::new(THREADS + 1));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (ops, barrier) = (ops.clone(), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                let mut kept = Vec::new();
                for n in 0..EACH {
                    let op = download();
                    let name = ops.insert(op.clone());
                    if n % 3 == 0 {
                        assert!(ops.remove(&name).is_some(), "{t}: removed once");
                    } else {
                        op.start().unwrap();
                        op.complete(1).unwrap();
                        kept.push(name);
                    }
                }
                kept
            })
        })
        .collect();
    let lister = {
        let (ops, barrier) = (ops.clone(), Arc::clone(&barrier));
        thread::spawn(move || {
            barrier.wait();
            for _ in 0..200 {
                let mut seen = HashSet::new();
                let mut token = None;
                for _page in 0..1_000 {
                    let page = ops
                        .list(ListQuery {
                            page_size: Some(7),
                            page_token: token,
                            ..ListQuery::default()
                        })
                        .unwrap();
                    for (name, _) in page.operations {
                        assert!(seen.insert(name), "listed twice in one walk");
                    }
                    token = page.next_page_token;
                    if token.is_none() {
                        break;
                    }
                }
            }
        })
    };
    let mut kept = Vec::new();
    for worker in workers {
        kept.extend(worker.join().unwrap());
    }
    lister.join().unwrap();
    let listed: HashSet<String> = ops.iter().map(|(name, _)| name).collect();
    assert_eq!(
        listed.len(),
        kept.len(),
        "nothing lost, nothing listed twice"
    );
    assert!(kept.iter().all(|name| listed.contains(name)));
}
