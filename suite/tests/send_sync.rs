//! An operation is `Send`/`Sync` exactly when its fields and payload types are; the struct
//! that holds the state plays no part (`tests/ui/fail/not_send.rs`, in the `asyncinfo-ui` package, shows the negative case).

use std::cell::Cell;
use std::sync::Arc;
use std::thread;

use asyncinfo::{async_operation, AsyncStatus, OperationState};

fn send_sync<T: Send + Sync>() {}
fn send<T: Send>() {}

#[async_operation(output = Vec<u8>, error = std::io::Error, progress = u64)]
struct Download;

#[async_operation]
struct DefaultError;

/// `Cell` output: `Send` but not `Sync`.
#[async_operation(output = Cell<u8>)]
struct CellOutput;

#[test]
fn send_sync_when_payloads_are() {
    send_sync::<Download>();
    send_sync::<DefaultError>();
    send_sync::<OperationState<String, std::io::Error, u64>>();
    send::<CellOutput>();
    // Only `Send`: the state holds a `Cell`, so sharing it would share the `Cell`.
    send::<OperationState<Cell<u8>, ()>>();
}

#[test]
fn shared_across_threads() {
    let op = Arc::new(Download {
        status: Default::default(),
    });
    op.start().unwrap();
    let worker = {
        let op = Arc::clone(&op);
        thread::spawn(move || op.complete(vec![7; 3]).unwrap())
    };
    worker.join().unwrap();
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert_eq!(op.results().unwrap(), &[7, 7, 7]);
}

/// The futures are `Send + Sync` as tokio's `Notified` is, so code that requires
/// `Send + Sync` futures (tokio-util's tests assert it of theirs) can hold them.
#[test]
fn futures_are_send_and_sync() {
    use asyncinfo::{AsyncInfo, Canceled, Finished, FinishedOwned};
    send_sync::<Finished<'static>>();
    send_sync::<FinishedOwned<Download>>();
    send_sync::<Canceled<'static, Vec<u8>, std::io::Error, u64, Download>>();
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let op = Download {
        status: Default::default(),
    };
    assert_send_sync(&op.finished());
    assert_send_sync(&op.canceled());
    let dynamic: &(dyn AsyncInfo + Send + Sync) = &op;
    assert_send_sync(&dynamic.finished());
    assert_send_sync(
        &Arc::new(Download {
            status: Default::default(),
        })
        .finished_owned(),
    );
}

#[test]
fn registries_and_sets_are_send_and_sync() {
    use asyncinfo::{AsyncInfo, Registry, Snapshot, WhenAll, WhenAny};
    send_sync::<Registry>();
    send_sync::<Registry<Download>>();
    send_sync::<Snapshot<u64>>();
    send_sync::<WhenAll<Arc<dyn AsyncInfo + Send + Sync>>>();
    send::<WhenAny<&Download>>();
}
