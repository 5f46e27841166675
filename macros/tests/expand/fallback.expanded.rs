::core::compile_error! {
    "unknown option `outptu` (did you mean `output`?); expected one of: `output`, `error`, `progress`, `field`, `crate`, `on_cancel`, `producer`, `new`"
}
::core::compile_error! {
    "field `status` is taken by #[async_operation], which adds a field of that name; rename this field or choose another name with `#[async_operation(field = ...)]`"
}
pub struct Job {
    status: u8,
}
const _: () = {
    fn reason() {}
    fn handler() {}
    fn timeout() {}
    fn value() {}
    fn error() {}
    fn progress() {}
    fn child() {}
    impl Job {
        /// The operation's id: unique in the process, never 0, stable for its life.
        #[doc(alias = "Id")]
        #[inline]
        pub fn id(&self) -> ::asyncinfo::__private::AsyncId {
            ::core::unreachable!()
        }
        /// The current status: one atomic load, never blocks.
        #[doc(alias = "Status")]
        #[inline]
        pub fn status(&self) -> ::asyncinfo::__private::AsyncStatus {
            ::core::unreachable!()
        }
        /// Requests cancellation; `true` if this call canceled the operation.
        #[doc(alias = "Cancel")]
        pub fn cancel(&self) -> ::core::primitive::bool {
            ::core::unreachable!()
        }
        /// Closes the finished operation, hiding its result or error; idempotent.
        #[doc(alias = "Close")]
        pub fn close(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::core::unreachable!()
        }
        /// Whether `close()` was called.
        #[inline]
        pub fn is_closed(&self) -> ::core::primitive::bool {
            ::core::unreachable!()
        }
        /// Whether the status is terminal and no worker is still running.
        #[inline]
        pub fn is_finished(&self) -> ::core::primitive::bool {
            ::core::unreachable!()
        }
        /// The result: `Ok` only in the Completed status, before `close()`.
        #[doc(alias = "GetResults")]
        #[inline]
        pub fn results(
            &self,
        ) -> ::core::result::Result<&u8, ::asyncinfo::__private::AsyncError> {
            ::core::unreachable!()
        }
        /// The error: `Some` only in the Error status, before `close()`.
        #[doc(alias = "ErrorCode")]
        #[inline]
        pub fn error_code(
            &self,
        ) -> ::core::option::Option<&::asyncinfo::__private::BoxError> {
            ::core::unreachable!()
        }
        /// Requests cancellation for `reason`; the first cancel wins and its reason is kept.
        pub fn cancel_with(
            &self,
            reason: ::asyncinfo::__private::CancelReason,
        ) -> ::core::primitive::bool {
            ::core::unreachable!()
        }
        /// Why the operation was canceled: `Some` exactly when the status is Canceled.
        #[inline]
        pub fn cancel_reason(
            &self,
        ) -> ::core::option::Option<::asyncinfo::__private::CancelReason> {
            ::core::unreachable!()
        }
        /// How the finished operation ended; `None` until it is finished and after `close()`.
        #[inline]
        pub fn outcome(
            &self,
        ) -> ::core::option::Option<
            ::asyncinfo::__private::Outcome<&u8, &::asyncinfo::__private::BoxError>,
        > {
            ::core::unreachable!()
        }
        /// Consumes the operation and moves its outcome out, as `outcome()` borrows it.
        #[inline]
        pub fn into_outcome(
            self,
        ) -> ::core::option::Option<
            ::asyncinfo::__private::Outcome<u8, ::asyncinfo::__private::BoxError>,
        > {
            ::core::unreachable!()
        }
        /// Runs `handler` once the operation is finished (at once if it is), on the finishing thread.
        #[doc(alias = "Completed")]
        pub fn on_completed(
            &self,
            handler: impl ::core::ops::FnOnce(
                &Self,
                ::asyncinfo::__private::AsyncStatus,
            ) + ::core::marker::Send + 'static,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::core::unreachable!()
        }
        /// A future of the final status, ready once the operation is finished.
        #[doc(alias = "Completed")]
        #[inline]
        pub fn finished(&self) -> ::asyncinfo::__private::Finished<'_> {
            ::core::unreachable!()
        }
        /// As `finished()`, owning an `Arc` of the operation: a `'static` future.
        pub fn finished_owned(
            self: ::asyncinfo::__private::Arc<Self>,
        ) -> ::asyncinfo::__private::FinishedOwned<Self> {
            ::core::unreachable!()
        }
        /// Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.
        pub fn link_child<C>(
            &self,
            child: &::asyncinfo::__private::Arc<C>,
        ) -> ::core::result::Result<
            ::asyncinfo::__private::Link,
            ::asyncinfo::__private::AsyncError,
        >
        where
            C: ?::core::marker::Sized + ::asyncinfo::__private::AsyncInfo
                + ::core::marker::Send + ::core::marker::Sync + 'static,
        {
            ::core::unreachable!()
        }
        /// Blocks this thread until the operation is finished; returns its status.
        pub fn wait(&self) -> ::asyncinfo::__private::AsyncStatus {
            ::core::unreachable!()
        }
        /// As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.
        pub fn wait_timeout(
            &self,
            timeout: ::core::time::Duration,
        ) -> ::core::option::Option<::asyncinfo::__private::AsyncStatus> {
            ::core::unreachable!()
        }
        /// Needs `progress = …` in `#[async_operation(...)]`.
        #[doc(hidden)]
        pub fn on_progress(
            &self,
            handler: impl ::core::ops::Fn(
                &Self,
                &(),
            ) + ::core::marker::Send + ::core::marker::Sync + 'static,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError>
        where
            for<'__asyncinfo> Self: ::asyncinfo::__private::ProgressOption<'__asyncinfo>,
        {
            ::core::unreachable!()
        }
        /// Needs `progress = …` in `#[async_operation(...)]`.
        #[doc(hidden)]
        pub(crate) fn report_progress<__Progress>(
            &self,
            progress: __Progress,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError>
        where
            for<'__asyncinfo> Self: ::asyncinfo::__private::ProgressOption<'__asyncinfo>,
        {
            ::core::unreachable!()
        }
        /// Starts the operation and returns the `Worker` that must finish it.
        #[inline]
        pub(crate) fn worker(
            &self,
        ) -> ::core::result::Result<
            ::asyncinfo::__private::Worker<&Self>,
            ::asyncinfo::__private::AsyncError,
        > {
            ::core::unreachable!()
        }
        /// As `worker()`, owning an `Arc` of the operation: a `'static` worker.
        pub(crate) fn worker_owned(
            self: ::asyncinfo::__private::Arc<Self>,
        ) -> ::core::result::Result<
            ::asyncinfo::__private::Worker<::asyncinfo::__private::Arc<Self>>,
            ::asyncinfo::__private::AsyncError,
        > {
            ::core::unreachable!()
        }
        /// A future that resolves once cancellation is requested; race it against the work.
        #[inline]
        pub(crate) fn canceled(
            &self,
        ) -> ::asyncinfo::__private::Canceled<
            '_,
            u8,
            ::asyncinfo::__private::BoxError,
            (),
            Self,
        > {
            ::core::unreachable!()
        }
        /// Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.
        #[doc(alias = "Start")]
        #[inline]
        pub(crate) fn start(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::core::unreachable!()
        }
        /// Completes the operation with its result and notifies on this thread.
        #[doc(alias = "TryTransitionToCompleted")]
        #[inline]
        pub(crate) fn complete(
            &self,
            value: u8,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::Rejected<u8>> {
            ::core::unreachable!()
        }
        /// Fails the operation with an error and notifies on this thread.
        #[doc(alias = "TryTransitionToError")]
        #[inline]
        pub(crate) fn fail(
            &self,
            error: ::asyncinfo::__private::BoxError,
        ) -> ::core::result::Result<
            (),
            ::asyncinfo::__private::Rejected<::asyncinfo::__private::BoxError>,
        > {
            ::core::unreachable!()
        }
        /// Records that the worker stopped after a cancel, which finishes the operation.
        pub(crate) fn acknowledge_cancel(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::core::unreachable!()
        }
    }
};
impl ::asyncinfo::__private::Operation for Job {
    type Output = u8;
    type Error = ::asyncinfo::__private::BoxError;
    type Progress = ();
    #[inline]
    fn __state(&self) -> &::asyncinfo::__private::StateOf<Self> {
        ::core::unreachable!()
    }
}
