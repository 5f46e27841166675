//! Every cell of the normative state table (DESIGN §6), through the facade, the way a user
//! drives an operation.

use asyncinfo::{
    async_operation, AsyncErrorKind, AsyncStatus, E_ILLEGAL_METHOD_CALL, E_ILLEGAL_STATE_CHANGE,
};

#[derive(Debug, PartialEq)]
struct Boom(u32);

impl std::fmt::Display for Boom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "boom {}", self.0)
    }
}

impl std::error::Error for Boom {}

#[async_operation(output = String, error = Boom)]
struct Op;

/// The table's columns, each made the way a user gets there.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Col {
    Created,
    Started,
    /// Canceled while Started; the worker has not stopped.
    CanceledRunning,
    Completed,
    Error,
    /// Canceled before it started (finished at once).
    CanceledBeforeStart,
    /// Canceled while Started, then acknowledged by the worker.
    CanceledAcknowledged,
    ClosedCompleted,
    ClosedError,
    ClosedCanceled,
    /// Closed while canceled with the worker still running.
    ClosedCanceledRunning,
}

use Col::*;

const ALL: [Col; 11] = [
    Created,
    Started,
    CanceledRunning,
    Completed,
    Error,
    CanceledBeforeStart,
    CanceledAcknowledged,
    ClosedCompleted,
    ClosedError,
    ClosedCanceled,
    ClosedCanceledRunning,
];

impl Col {
    fn make(self) -> Op {
        let op = Op {
            status: Default::default(),
        };
        match self {
            Created => {}
            Started => op.start().unwrap(),
            CanceledRunning => {
                op.start().unwrap();
                assert!(op.cancel());
            }
            Completed | ClosedCompleted => {
                op.start().unwrap();
                op.complete("done".into()).unwrap();
            }
            Error | ClosedError => {
                op.start().unwrap();
                op.fail(Boom(7)).unwrap();
            }
            CanceledBeforeStart | ClosedCanceled => assert!(op.cancel()),
            CanceledAcknowledged => {
                op.start().unwrap();
                assert!(op.cancel());
                op.acknowledge_cancel().unwrap();
            }
            ClosedCanceledRunning => {
                op.start().unwrap();
                assert!(op.cancel());
            }
        }
        if self.closed() {
            op.close().unwrap();
        }
        assert_eq!(op.status(), self.status(), "{self:?}");
        assert_eq!(op.is_closed(), self.closed(), "{self:?}");
        assert_eq!(op.is_finished(), self.finished(), "{self:?}");
        op
    }

    fn status(self) -> AsyncStatus {
        match self {
            Created => AsyncStatus::Created,
            Started => AsyncStatus::Started,
            Completed | ClosedCompleted => AsyncStatus::Completed,
            Error | ClosedError => AsyncStatus::Error,
            CanceledRunning
            | CanceledBeforeStart
            | CanceledAcknowledged
            | ClosedCanceled
            | ClosedCanceledRunning => AsyncStatus::Canceled,
        }
    }

    fn closed(self) -> bool {
        matches!(
            self,
            ClosedCompleted | ClosedError | ClosedCanceled | ClosedCanceledRunning
        )
    }

    fn running(self) -> bool {
        matches!(self, CanceledRunning | ClosedCanceledRunning)
    }

    fn finished(self) -> bool {
        self.status().is_terminal() && !self.running()
    }
}

/// Asserts an error's kind, method, status and HRESULT.
fn assert_err(
    err: &asyncinfo::AsyncError,
    kind: AsyncErrorKind,
    method: &str,
    status: AsyncStatus,
) {
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.method(), method, "{err}");
    assert_eq!(err.status(), status, "{err}");
    let hresult = if kind == AsyncErrorKind::IllegalStateChange {
        E_ILLEGAL_STATE_CHANGE
    } else {
        E_ILLEGAL_METHOD_CALL
    };
    assert_eq!(err.hresult(), hresult, "{err}");
}

/// The error a producer call gets in `col` when it is refused.
fn refusal_kind(col: Col) -> AsyncErrorKind {
    if col.closed() {
        AsyncErrorKind::Closed
    } else {
        AsyncErrorKind::IllegalStateChange
    }
}

#[test]
fn start_row() {
    for col in ALL {
        let op = col.make();
        let result = op.start();
        if col == Created {
            result.unwrap();
            assert_eq!(op.status(), AsyncStatus::Started);
            assert!(!op.is_finished());
        } else {
            assert_err(
                &result.unwrap_err(),
                refusal_kind(col),
                "start",
                col.status(),
            );
            assert_eq!(op.status(), col.status(), "{col:?}");
            assert_eq!(op.is_finished(), col.finished(), "{col:?}");
        }
    }
}

#[test]
fn complete_row() {
    for col in ALL {
        let op = col.make();
        let result = op.complete(format!("value in {col:?}"));
        if col == Started {
            result.unwrap();
            assert_eq!(op.status(), AsyncStatus::Completed);
            assert!(op.is_finished());
            assert_eq!(op.results().unwrap(), "value in Started");
            continue;
        }
        let rejected = result.unwrap_err();
        assert_err(
            rejected.error(),
            refusal_kind(col),
            "complete",
            col.status(),
        );
        assert_eq!(
            rejected.into_inner(),
            format!("value in {col:?}"),
            "the value comes back"
        );
        assert_eq!(
            op.status(),
            col.status(),
            "{col:?}: a refused complete changes no status"
        );
        assert_eq!(op.is_closed(), col.closed());
        // A worker that was still running after a cancel has now stopped.
        assert_eq!(op.is_finished(), col.status().is_terminal(), "{col:?}");
    }
}

#[test]
fn fail_row() {
    for col in ALL {
        let op = col.make();
        let result = op.fail(Boom(99));
        if col == Started {
            result.unwrap();
            assert_eq!(op.status(), AsyncStatus::Error);
            assert!(op.is_finished());
            assert_eq!(op.error_code(), Some(&Boom(99)));
            continue;
        }
        let rejected = result.unwrap_err();
        assert_err(rejected.error(), refusal_kind(col), "fail", col.status());
        assert_eq!(rejected.into_inner(), Boom(99), "the error comes back");
        assert_eq!(op.status(), col.status(), "{col:?}");
        assert_eq!(op.is_finished(), col.status().is_terminal(), "{col:?}");
        if col == Error {
            assert_eq!(op.error_code(), Some(&Boom(7)), "the first error stays");
        }
    }
}

#[test]
fn acknowledge_cancel_row() {
    for col in ALL {
        let op = col.make();
        let result = op.acknowledge_cancel();
        match col {
            Created | Started => {
                assert_err(
                    &result.unwrap_err(),
                    AsyncErrorKind::IllegalStateChange,
                    "acknowledge_cancel",
                    col.status(),
                );
                assert!(!op.is_finished());
            }
            _ => {
                result.unwrap();
                assert!(
                    op.is_finished(),
                    "{col:?}: acknowledged or already finished"
                );
            }
        }
        assert_eq!(op.status(), col.status(), "{col:?}");
        assert_eq!(op.is_closed(), col.closed());
    }
}

#[test]
fn cancel_row() {
    for col in ALL {
        let op = col.make();
        let did_it = op.cancel();
        match col {
            Created => {
                assert!(did_it);
                assert_eq!(op.status(), AsyncStatus::Canceled);
                assert!(op.is_finished(), "canceled before start: finished at once");
            }
            Started => {
                assert!(did_it);
                assert_eq!(op.status(), AsyncStatus::Canceled);
                assert!(!op.is_finished(), "the worker is still running");
                op.acknowledge_cancel().unwrap();
                assert!(op.is_finished());
            }
            _ => {
                assert!(!did_it, "{col:?}");
                assert_eq!(op.status(), col.status(), "{col:?}");
                assert_eq!(op.is_finished(), col.finished(), "{col:?}");
            }
        }
    }
}

#[test]
fn close_row() {
    for col in ALL {
        let op = col.make();
        let result = op.close();
        match col {
            Created | Started => {
                assert_err(
                    &result.unwrap_err(),
                    AsyncErrorKind::IllegalStateChange,
                    "close",
                    col.status(),
                );
                assert!(!op.is_closed());
            }
            _ => {
                result.unwrap();
                assert!(op.is_closed());
                op.close().unwrap();
            }
        }
        assert_eq!(op.status(), col.status(), "{col:?}");
        assert_eq!(
            op.is_finished(),
            col.finished(),
            "{col:?}: close does not finish"
        );
    }
}

#[test]
fn results_row() {
    for col in ALL {
        let op = col.make();
        match (col, op.results()) {
            (Completed, Ok(value)) => assert_eq!(value, "done"),
            (_, Ok(value)) => panic!("{col:?} gave results {value:?}"),
            (_, Err(err)) if col.closed() => {
                assert_err(&err, AsyncErrorKind::Closed, "results", col.status());
            }
            (_, Err(err)) => {
                assert_err(
                    &err,
                    AsyncErrorKind::IllegalMethodCall,
                    "results",
                    col.status(),
                );
            }
        }
    }
}

#[test]
fn error_code_only_in_error_before_close() {
    for col in ALL {
        let op = col.make();
        let expected = (col == Error).then_some(&Boom(7));
        assert_eq!(op.error_code(), expected, "{col:?}");
    }
}

#[test]
fn closing_keeps_refusing_and_the_payload_lives_until_drop() {
    let op = Col::Completed.make();
    let value: &String = op.results().unwrap();
    op.close().unwrap();
    // A reference taken before close stays valid: the result is dropped with the operation.
    assert_eq!(value, "done");
    assert!(op.results().unwrap_err().is_closed());
    assert!(op.error_code().is_none());
    assert!(!op.cancel());
}

#[test]
fn closed_while_worker_running_then_worker_stops() {
    // Closed while canceled with the worker running: the worker's acknowledge finishes it.
    let op = ClosedCanceledRunning.make();
    assert!(!op.is_finished());
    op.acknowledge_cancel().unwrap();
    assert!(op.is_finished());
    assert!(op.is_closed());
    assert_eq!(op.status(), AsyncStatus::Canceled);
}

#[test]
fn action_complete_takes_no_value() {
    #[async_operation]
    struct Action;

    let op = Action {
        status: Default::default(),
    };
    let err = op.complete().unwrap_err();
    assert_err(
        &err,
        AsyncErrorKind::IllegalStateChange,
        "complete",
        AsyncStatus::Created,
    );
    op.start().unwrap();
    op.complete().unwrap();
    assert_eq!(op.results(), Ok(&()));
    let err = op.complete().unwrap_err();
    assert_err(
        &err,
        AsyncErrorKind::IllegalStateChange,
        "complete",
        AsyncStatus::Completed,
    );
}
