pub(crate) struct Batch<'a, T: Clone, const N: usize>
where
    T: Send + 'a,
{
    items: &'a [T],
    /// The state of this asynchronous operation, added by `#[async_operation]`.
    status: ::asyncinfo::__private::OperationState<
        &'a [T; N],
        ::asyncinfo::__private::BoxError,
        (),
        Batch<'a, T, N>,
    >,
}
const _: () = {
    fn reason() {}
    fn handler() {}
    fn timeout() {}
    fn value() {}
    fn error() {}
    fn progress() {}
    fn child() {}
    impl<'a, T: Clone, const N: usize> Batch<'a, T, N>
    where
        T: Send + 'a,
    {
        /// The operation's id: unique in the process, never 0, stable for its life.
        #[doc(alias = "Id")]
        #[inline]
        pub(crate) fn id(&self) -> ::asyncinfo::__private::AsyncId {
            ::asyncinfo::__private::id(self)
        }
        /// The current status: one atomic load, never blocks.
        #[doc(alias = "Status")]
        #[inline]
        pub(crate) fn status(&self) -> ::asyncinfo::__private::AsyncStatus {
            ::asyncinfo::__private::status(self)
        }
        /// Requests cancellation; `true` if this call canceled the operation.
        #[doc(alias = "Cancel")]
        pub(crate) fn cancel(&self) -> ::core::primitive::bool {
            ::asyncinfo::__private::cancel(self)
        }
        /// Closes the finished operation, hiding its result or error; idempotent.
        #[doc(alias = "Close")]
        pub(crate) fn close(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::asyncinfo::__private::close(self)
        }
        /// Whether `close()` was called.
        #[inline]
        pub(crate) fn is_closed(&self) -> ::core::primitive::bool {
            ::asyncinfo::__private::is_closed(self)
        }
        /// Whether the status is terminal and no worker is still running.
        #[inline]
        pub(crate) fn is_finished(&self) -> ::core::primitive::bool {
            ::asyncinfo::__private::is_finished(self)
        }
        /// The result: `Ok` only in the Completed status, before `close()`.
        #[doc(alias = "GetResults")]
        #[inline]
        pub(crate) fn results(
            &self,
        ) -> ::core::result::Result<&&'a [T; N], ::asyncinfo::__private::AsyncError> {
            ::asyncinfo::__private::results(self)
        }
        /// The error: `Some` only in the Error status, before `close()`.
        #[doc(alias = "ErrorCode")]
        #[inline]
        pub(crate) fn error_code(
            &self,
        ) -> ::core::option::Option<&::asyncinfo::__private::BoxError> {
            ::asyncinfo::__private::error_code(self)
        }
        /// Requests cancellation for `reason`; the first cancel wins and its reason is kept.
        pub(crate) fn cancel_with(
            &self,
            reason: ::asyncinfo::__private::CancelReason,
        ) -> ::core::primitive::bool {
            ::asyncinfo::__private::cancel_with(self, reason)
        }
        /// Why the operation was canceled: `Some` exactly when the status is Canceled.
        #[inline]
        pub(crate) fn cancel_reason(
            &self,
        ) -> ::core::option::Option<::asyncinfo::__private::CancelReason> {
            ::asyncinfo::__private::cancel_reason(self)
        }
        /// How the finished operation ended; `None` until it is finished and after `close()`.
        #[inline]
        pub(crate) fn outcome(
            &self,
        ) -> ::core::option::Option<
            ::asyncinfo::__private::Outcome<
                &&'a [T; N],
                &::asyncinfo::__private::BoxError,
            >,
        > {
            ::asyncinfo::__private::outcome(self)
        }
        /// Consumes the operation and moves its outcome out, as `outcome()` borrows it.
        #[inline]
        pub(crate) fn into_outcome(
            self,
        ) -> ::core::option::Option<
            ::asyncinfo::__private::Outcome<&'a [T; N], ::asyncinfo::__private::BoxError>,
        > {
            ::asyncinfo::__private::into_outcome(&mut { self }.status)
        }
        /// Runs `handler` once the operation is finished (at once if it is), on the finishing thread.
        #[doc(alias = "Completed")]
        pub(crate) fn on_completed(
            &self,
            handler: impl ::core::ops::FnOnce(
                &Self,
                ::asyncinfo::__private::AsyncStatus,
            ) + ::core::marker::Send + 'static,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::asyncinfo::__private::on_completed(self, handler)
        }
        /// A future of the final status, ready once the operation is finished.
        #[doc(alias = "Completed")]
        #[inline]
        pub(crate) fn finished(&self) -> ::asyncinfo::__private::Finished<'_> {
            ::asyncinfo::__private::finished(self)
        }
        /// As `finished()`, owning an `Arc` of the operation: a `'static` future.
        pub(crate) fn finished_owned(
            self: ::asyncinfo::__private::Arc<Self>,
        ) -> ::asyncinfo::__private::FinishedOwned<Self> {
            ::asyncinfo::__private::finished_owned(self)
        }
        /// Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.
        pub(crate) fn link_child<C>(
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
            ::asyncinfo::__private::link_child(self, child)
        }
        /// Blocks this thread until the operation is finished; returns its status.
        pub(crate) fn wait(&self) -> ::asyncinfo::__private::AsyncStatus {
            ::asyncinfo::__private::wait(self)
        }
        /// As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.
        pub(crate) fn wait_timeout(
            &self,
            timeout: ::core::time::Duration,
        ) -> ::core::option::Option<::asyncinfo::__private::AsyncStatus> {
            ::asyncinfo::__private::wait_timeout(self, timeout)
        }
        /// Needs `progress = …` in `#[async_operation(...)]`.
        #[doc(hidden)]
        pub(crate) fn on_progress(
            &self,
            handler: impl ::core::ops::Fn(
                &Self,
                &(),
            ) + ::core::marker::Send + ::core::marker::Sync + 'static,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError>
        where
            for<'__asyncinfo> Self: ::asyncinfo::__private::ProgressOption<'__asyncinfo>,
        {
            let _ = handler;
            match ::asyncinfo::__private::ProgressOption::never(self) {}
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
            let _ = progress;
            match ::asyncinfo::__private::ProgressOption::never(self) {}
        }
        /// Starts the operation and returns the `Worker` that must finish it.
        #[inline]
        pub(crate) fn worker(
            &self,
        ) -> ::core::result::Result<
            ::asyncinfo::__private::Worker<&Self>,
            ::asyncinfo::__private::AsyncError,
        > {
            ::asyncinfo::__private::worker(self)
        }
        /// As `worker()`, owning an `Arc` of the operation: a `'static` worker.
        pub(crate) fn worker_owned(
            self: ::asyncinfo::__private::Arc<Self>,
        ) -> ::core::result::Result<
            ::asyncinfo::__private::Worker<::asyncinfo::__private::Arc<Self>>,
            ::asyncinfo::__private::AsyncError,
        > {
            ::asyncinfo::__private::worker(self)
        }
        /// A future that resolves once cancellation is requested; race it against the work.
        #[inline]
        pub(crate) fn canceled(
            &self,
        ) -> ::asyncinfo::__private::Canceled<
            '_,
            &'a [T; N],
            ::asyncinfo::__private::BoxError,
            (),
            Self,
        > {
            ::asyncinfo::__private::canceled(self)
        }
        /// Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.
        #[doc(alias = "Start")]
        #[inline]
        pub(crate) fn start(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::asyncinfo::__private::start(self)
        }
        /// Completes the operation with its result and notifies on this thread.
        #[doc(alias = "TryTransitionToCompleted")]
        #[inline]
        pub(crate) fn complete(
            &self,
            value: &'a [T; N],
        ) -> ::core::result::Result<(), ::asyncinfo::__private::Rejected<&'a [T; N]>> {
            ::asyncinfo::__private::complete(self, value)
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
            ::asyncinfo::__private::fail(self, error)
        }
        /// Records that the worker stopped after a cancel, which finishes the operation.
        pub(crate) fn acknowledge_cancel(
            &self,
        ) -> ::core::result::Result<(), ::asyncinfo::__private::AsyncError> {
            ::asyncinfo::__private::acknowledge_cancel(self)
        }
    }
};
impl<'a, T: Clone, const N: usize> ::asyncinfo::__private::Operation for Batch<'a, T, N>
where
    T: Send + 'a,
{
    type Output = &'a [T; N];
    type Error = ::asyncinfo::__private::BoxError;
    type Progress = ();
    #[inline]
    fn __state(&self) -> &::asyncinfo::__private::StateOf<Self> {
        &self.status
    }
}
