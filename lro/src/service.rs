//! The five methods of `google.longrunning.Operations` over [`Operations`], apart from any
//! transport: names checked, the registry called, the operation mapped. `rest.rs` and
//! `grpc.rs` decode requests into these calls and encode what they return.

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{CancelReason, ListQuery};

use crate::mapping::{view, View};
use crate::served::{Operations, Served};
use crate::status::{Code, Status};

/// What every operation name starts with.
const PREFIX: &str = "operations/";

/// A `WaitOperation` without a timeout waits this long.
pub(crate) const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// A longer `WaitOperation` timeout is cut to this.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(300);

/// The operation named `name`: `INVALID_ARGUMENT` for a name that is not one, `NOT_FOUND`
/// for one that names nothing here (never issued, from an earlier run, or gone).
fn operation(ops: &Operations, name: &str) -> Result<Arc<dyn Served>, Status> {
    check_name(name)?;
    ops.get(name).ok_or_else(|| {
        Status::new(
            Code::NotFound,
            format!("no operation `{name}` (never issued, from an earlier run, or deleted)"),
        )
    })
}

/// `INVALID_ARGUMENT`, saying why, for a name that cannot be an operation's: not
/// `operations/` followed by `[A-Za-z0-9._~-]`.
pub(crate) fn check_name(name: &str) -> Result<(), Status> {
    let unique = name.strip_prefix(PREFIX).ok_or_else(|| {
        Status::new(
            Code::InvalidArgument,
            format!("`{name}` is not an operation name: it must start with `{PREFIX}`"),
        )
    })?;
    if unique.is_empty() {
        return Err(Status::new(
            Code::InvalidArgument,
            format!("`{name}` is not an operation name: nothing follows `{PREFIX}`"),
        ));
    }
    if let Some(bad) = unique
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._~-".contains(*c)))
    {
        return Err(Status::new(
            Code::InvalidArgument,
            format!(
                "`{name}` is not an operation name: `{bad}` is none of the characters \
                 `A-Z a-z 0-9 . _ ~ -`"
            ),
        ));
    }
    Ok(())
}

/// `GetOperation`.
pub(crate) fn get(ops: &Operations, name: &str) -> Result<View, Status> {
    let operation = operation(ops, name)?;
    Ok(view(name, &*operation))
}

/// A `ListOperations` filter: empty (none), `done=true` or `done=false`.
fn filter(filter: &str) -> Result<Option<bool>, Status> {
    let filter = filter.trim();
    if filter.is_empty() {
        return Ok(None);
    }
    match filter.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
        Some(("done", "true")) => Ok(Some(true)),
        Some(("done", "false")) => Ok(Some(false)),
        _ => Err(Status::new(
            Code::InvalidArgument,
            format!("unsupported filter `{filter}`: expected `done=true` or `done=false`"),
        )),
    }
}

/// `ListOperations`: a page of the operations the filter selects, and the next page's token
/// (empty on the last page). A page size of 0 means all; a negative one is refused.
pub(crate) fn list(
    ops: &Operations,
    page_size: i64,
    page_token: &str,
    filter_text: &str,
) -> Result<(Vec<View>, String), Status> {
    let page_size = usize::try_from(page_size).map_err(|_| {
        Status::new(
            Code::InvalidArgument,
            format!("page size {page_size} is negative"),
        )
    })?;
    let query = ListQuery {
        done: filter(filter_text)?,
        page_size: (page_size > 0).then_some(page_size),
        page_token: (!page_token.is_empty()).then(|| page_token.to_owned()),
        ..ListQuery::default()
    };
    let page = ops
        .list(query)
        .map_err(|error| Status::new(Code::InvalidArgument, error.to_string()))?;
    let views = page
        .operations
        .iter()
        .map(|(name, operation)| view(name, &**operation))
        .collect();
    Ok((views, page.next_page_token.unwrap_or_default()))
}

/// `CancelOperation`: a cancel with `CancelReason::Requested`; idempotent, and a success on a
/// finished operation too.
pub(crate) fn cancel(ops: &Operations, name: &str) -> Result<(), Status> {
    operation(ops, name)?.cancel_with(CancelReason::Requested);
    Ok(())
}

/// `DeleteOperation`: a finished operation is closed and removed; an unfinished one is
/// refused (`FAILED_PRECONDITION`).
pub(crate) fn delete(ops: &Operations, name: &str) -> Result<(), Status> {
    let operation = operation(ops, name)?;
    if !operation.is_finished() {
        return Err(Status::new(
            Code::FailedPrecondition,
            format!("operation `{name}` is not done: cancel it, or wait for it, first"),
        ));
    }
    // Finished, so terminal: close cannot fail.
    let _ = operation.close();
    ops.remove(name);
    Ok(())
}

/// How long a `WaitOperation` waits: the default without a timeout, at most
/// [`LONGEST_WAIT`], and a negative one refused. `timeout` is `(negative, duration)`.
pub(crate) fn wait_timeout(timeout: Option<(bool, Duration)>) -> Result<Duration, Status> {
    match timeout {
        None => Ok(DEFAULT_WAIT),
        Some((true, _)) => Err(Status::new(
            Code::InvalidArgument,
            "the wait's timeout is negative",
        )),
        Some((false, duration)) => Ok(duration.min(LONGEST_WAIT)),
    }
}

/// The clock of a wait: an operation of this crate's own that a deadline cancels. A wait so
/// needs no timer of the executor's (a runtime built without `enable_time()` serves waits
/// too, where a tokio timer would panic) and shares `asyncinfo`'s one deadline thread.
#[cfg(any(feature = "rest", feature = "grpc"))]
#[asyncinfo::async_operation]
struct Clock;

/// `WaitOperation`: the operation once it is done, or as it is when `timeout` passes. Awaits
/// its `finished()` and the clock's (no polling loop); a client that goes away drops this
/// future, and with it both registrations and the deadline (disarmed, its entry released).
#[cfg(any(feature = "rest", feature = "grpc"))]
pub(crate) async fn wait(ops: &Operations, name: &str, timeout: Duration) -> Result<View, Status> {
    use core::future::{poll_fn, Future};
    use core::pin::pin;
    use core::task::Poll;

    let operation = operation(ops, name)?;
    let clock = Arc::new(Clock {
        status: Default::default(),
    });
    let _deadline = asyncinfo::cancel_after(&clock, timeout);
    let (mut finished, mut passed) = (pin!(operation.finished()), pin!(clock.finished()));
    poll_fn(|cx| {
        // Both polled each time, so that each has registered before this returns Pending.
        let done = finished.as_mut().poll(cx).is_ready();
        if passed.as_mut().poll(cx).is_ready() || done {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    // Done or timed out, the answer is the operation as it is now.
    Ok(view(name, &*operation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        assert_eq!(filter(""), Ok(None));
        assert_eq!(filter(" done = true "), Ok(Some(true)));
        assert_eq!(filter("done=false"), Ok(Some(false)));
        for bad in ["done", "done=yes", "status=RUNNING", "done=true AND x=1"] {
            let error = filter(bad).unwrap_err();
            assert_eq!(error.code, Code::InvalidArgument, "{bad}");
            assert!(error.message.contains(bad.trim()), "{error}");
        }
    }

    #[test]
    fn wait_timeouts() {
        assert_eq!(wait_timeout(None), Ok(DEFAULT_WAIT));
        let short = Duration::from_millis(200);
        assert_eq!(wait_timeout(Some((false, short))), Ok(short));
        assert_eq!(
            wait_timeout(Some((false, Duration::from_secs(3600)))),
            Ok(LONGEST_WAIT)
        );
        assert_eq!(
            wait_timeout(Some((true, short))).unwrap_err().code,
            Code::InvalidArgument
        );
    }
}
