struct Http {
    status: u16,
    /// The state of this asynchronous operation, added by `#[async_operation]`.
    state: crate::framework::ops::__private::Field<Http>,
}
const _: () = {
    use crate::framework::ops::__private as __ai;
    use __ai::params::{reason, handler, timeout, value, error, progress, child};
    impl Http {
        /// The operation's id: unique in the process, never 0, stable for its life.
        #[inline]
        fn id(&self) -> __ai::AsyncId {
            __ai::id(self)
        }
        /// The current status: one atomic load, never blocks.
        #[inline]
        fn status(&self) -> __ai::AsyncStatus {
            __ai::status(self)
        }
        /// Requests cancellation; `true` if this call canceled the operation.
        fn cancel(&self) -> __ai::bool {
            __ai::cancel(self)
        }
        /// Closes the finished operation, hiding its result or error; idempotent.
        fn close(&self) -> __ai::Result<(), __ai::AsyncError> {
            __ai::close(self)
        }
        /// Whether `close()` was called.
        fn is_closed(&self) -> __ai::bool {
            __ai::is_closed(self)
        }
        /// Whether the status is terminal and no worker is still running.
        #[inline]
        fn is_finished(&self) -> __ai::bool {
            __ai::is_finished(self)
        }
        /// The result: `Ok` only in the Completed status, before `close()`.
        #[doc(alias = "GetResults")]
        #[inline]
        fn results(&self) -> __ai::Result<&(), __ai::AsyncError> {
            __ai::results(self)
        }
        /// The error: `Some` only in the Error status, before `close()`.
        #[doc(alias = "ErrorCode")]
        fn error_code(&self) -> __ai::Option<&__ai::BoxError> {
            __ai::error_code(self)
        }
        /// Requests cancellation for `reason`; the first cancel wins and its reason is kept.
        fn cancel_with(&self, reason: __ai::CancelReason) -> __ai::bool {
            __ai::cancel_with(self, reason)
        }
        /// Why the operation was canceled: `Some` exactly when the status is Canceled.
        fn cancel_reason(&self) -> __ai::Option<__ai::CancelReason> {
            __ai::cancel_reason(self)
        }
        /// How the finished operation ended; `None` until it is finished and after `close()`.
        #[inline]
        fn outcome(&self) -> __ai::Option<__ai::Outcome<&(), &__ai::BoxError>> {
            __ai::outcome(self)
        }
        /// Consumes the operation and moves its outcome out, as `outcome()` borrows it.
        fn into_outcome(self) -> __ai::Option<__ai::Outcome<(), __ai::BoxError>> {
            __ai::into_outcome(&mut { self }.state)
        }
        /// The operation at this moment: status, progress, reason, error and times, owned.
        fn snapshot(&self) -> __ai::Snapshot<()> {
            __ai::snapshot_without_progress(self)
        }
        /// When it was created, started and finished; `None` without `timestamps`.
        fn times(&self) -> __ai::Option<__ai::Times> {
            __ai::times(self)
        }
        /// Runs `handler` once the operation is finished (at once if it is), on the finishing thread.
        #[doc(alias = "Completed")]
        fn on_completed(
            &self,
            handler: impl __ai::FnOnce(&Self, __ai::AsyncStatus) + __ai::Send + 'static,
        ) -> __ai::Result<(), __ai::AsyncError> {
            __ai::on_completed(self, handler)
        }
        /// A future of the final status, ready once the operation is finished.
        fn finished(&self) -> __ai::Finished<'_> {
            __ai::finished(self)
        }
        /// As `finished()`, owning an `Arc` of the operation: a `'static` future.
        fn finished_owned(self: __ai::Arc<Self>) -> __ai::FinishedOwned<Self> {
            __ai::finished_owned(self)
        }
        /// Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.
        fn link_child<C>(
            &self,
            child: &__ai::Arc<C>,
        ) -> __ai::Result<__ai::Link, __ai::AsyncError>
        where
            C: ?__ai::Sized + __ai::AsyncInfo + __ai::Send + __ai::Sync + 'static,
        {
            __ai::link_child(self, child)
        }
        /// Blocks this thread until the operation is finished; returns its status.
        fn wait(&self) -> __ai::AsyncStatus {
            __ai::wait(self)
        }
        /// As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.
        fn wait_timeout(
            &self,
            timeout: __ai::Duration,
        ) -> __ai::Option<__ai::AsyncStatus> {
            __ai::wait_timeout(self, timeout)
        }
        #[doc(hidden)]
        fn on_progress<__Progress>(
            &self,
            _: impl __ai::Fn(&Self, &__Progress) + __ai::Send + __ai::Sync + 'static,
        ) -> __ai::Result<(), __ai::AsyncError>
        where
            for<'__asyncinfo> Self: __ai::ProgressOption<'__asyncinfo>,
        {
            match __ai::ProgressOption::never(self) {}
        }
        #[doc(hidden)]
        pub(crate) fn report_progress<__Progress>(
            &self,
            _: __Progress,
        ) -> __ai::Result<(), __ai::AsyncError>
        where
            for<'__asyncinfo> Self: __ai::ProgressOption<'__asyncinfo>,
        {
            match __ai::ProgressOption::never(self) {}
        }
        /// Starts the operation and returns the `Worker` that must finish it.
        #[inline]
        pub(crate) fn worker(
            &self,
        ) -> __ai::Result<__ai::Worker<&Self>, __ai::AsyncError> {
            __ai::worker(self)
        }
        /// As `worker()`, owning an `Arc` of the operation: a `'static` worker.
        pub(crate) fn worker_owned(
            self: __ai::Arc<Self>,
        ) -> __ai::Result<__ai::Worker<__ai::Arc<Self>>, __ai::AsyncError> {
            __ai::worker(self)
        }
        /// A future that resolves once cancellation is requested; race it against the work.
        pub(crate) fn canceled(
            &self,
        ) -> __ai::Canceled<'_, (), __ai::BoxError, (), Self> {
            __ai::canceled(self)
        }
        /// Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.
        #[inline]
        pub(crate) fn start(&self) -> __ai::Result<(), __ai::AsyncError> {
            __ai::start(self)
        }
        /// Completes the operation and notifies its handlers and awaiters on this thread.
        #[doc(alias = "TryTransitionToCompleted")]
        #[inline]
        pub(crate) fn complete(&self) -> __ai::Result<(), __ai::AsyncError> {
            __ai::complete_action(self)
        }
        /// Fails the operation with an error and notifies on this thread.
        #[doc(alias = "TryTransitionToError")]
        #[inline]
        pub(crate) fn fail(
            &self,
            error: __ai::BoxError,
        ) -> __ai::Result<(), __ai::Rejected<__ai::BoxError>> {
            __ai::fail(self, error)
        }
        /// Records that the worker stopped after a cancel, which finishes the operation.
        pub(crate) fn acknowledge_cancel(&self) -> __ai::Result<(), __ai::AsyncError> {
            __ai::acknowledge_cancel(self)
        }
    }
};
impl crate::framework::ops::__private::Operation for Http {
    type Output = ();
    type Error = crate::framework::ops::__private::BoxError;
    type Progress = ();
    type __Timing = crate::framework::ops::__private::Untimed;
    const __TYPE_NAME: &'static str = "Http";
    fn __error_text(
        __asyncinfo_error: &Self::Error,
    ) -> crate::framework::ops::__private::String {
        use crate::framework::ops::__private::text::{ViaDisplay as _, ViaTypeName as _};
        (&crate::framework::ops::__private::text::ErrorText(__asyncinfo_error))
            .__error_text()
    }
    #[inline]
    fn __state(&self) -> &crate::framework::ops::__private::StateOf<Self> {
        &self.state
    }
}
