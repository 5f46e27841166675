//! `?` on the operation's results in functions that return `io::Result`: an `AsyncError` (and
//! a `Rejected<T>`) becomes an `io::Error` of kind `Other` that holds the `AsyncError`.

use std::error::Error as _;
use std::io;

use asyncinfo::{async_operation, AsyncError, AsyncErrorKind, AsyncStatus};

#[async_operation(output = Vec<u8>, error = io::Error)]
struct Read {
    path: String,
}

fn read(path: &str) -> Read {
    Read {
        path: path.to_owned(),
        status: Default::default(),
    }
}

/// What a user writes: the producer and consumer calls under `?`, in an `io::Result` function.
fn produce(op: &Read) -> io::Result<()> {
    op.start()?;
    op.complete(op.path.as_bytes().to_vec())?;
    Ok(())
}

fn consume(op: &Read) -> io::Result<usize> {
    Ok(op.results()?.len())
}

#[test]
fn question_mark_works_in_io_result_functions() -> io::Result<()> {
    let op = read("a.txt");
    produce(&op)?;
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert_eq!(consume(&op)?, 5);
    op.close()?;
    Ok(())
}

#[test]
fn a_refused_start_is_an_io_error_holding_the_async_error() {
    let op = read("a.txt");
    produce(&op).unwrap();
    let error = produce(&op).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::Other);
    assert_eq!(
        error.to_string(),
        "illegal state change: `start()` while the operation is Completed"
    );
    // The inner error, not the source: `io::Error::source` is the inner error's own source.
    assert!(error.get_ref().is_some_and(|e| e.is::<AsyncError>()));
    assert!(error.source().is_none());
    let inner = error.get_ref().and_then(|e| e.downcast_ref::<AsyncError>());
    assert_eq!(inner.map(AsyncError::method), Some("start"));
    let inner: AsyncError = error
        .downcast()
        .expect("downcast gives the AsyncError back");
    assert_eq!(inner.kind(), AsyncErrorKind::IllegalStateChange);
    assert_eq!(inner.status(), AsyncStatus::Completed);
    assert_eq!(inner.hresult(), asyncinfo::E_ILLEGAL_STATE_CHANGE);
}

#[test]
fn every_kind_of_refusal_converts() {
    let op = read("b.txt");
    let early = consume(&op).unwrap_err();
    assert_eq!(early.kind(), io::ErrorKind::Other);
    let early: AsyncError = early.downcast().unwrap();
    assert_eq!(early.kind(), AsyncErrorKind::IllegalMethodCall);

    produce(&op).unwrap();
    op.close().unwrap();
    let closed: AsyncError = consume(&op).unwrap_err().downcast().unwrap();
    assert!(closed.is_closed());
}

#[test]
fn a_refused_complete_is_an_io_error_without_the_value() {
    // Not started: `complete` refuses and hands the value back in a `Rejected`; `?` drops the
    // value and keeps the reason.
    fn complete_early(op: &Read) -> io::Result<()> {
        op.complete(vec![1, 2, 3])?;
        Ok(())
    }
    let op = read("c.txt");
    let error = complete_early(&op).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::Other);
    let inner: AsyncError = error.downcast().unwrap();
    assert_eq!(inner.method(), "complete");
    assert_eq!(inner.status(), AsyncStatus::Created);
}

#[test]
fn an_io_error_converts_back_into_a_box_error() {
    // The default error type of an operation takes the io::Error as it is.
    #[async_operation]
    struct Job;
    let job = Job {
        status: Default::default(),
    };
    let error: io::Error = job.results().unwrap_err().into();
    job.start().unwrap();
    job.fail(error.into()).unwrap();
    let stored = job.error_code().unwrap();
    assert!(stored.downcast_ref::<io::Error>().is_some());
}
