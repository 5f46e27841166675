::core::compile_error! {
    "unknown option `outptu` (did you mean `output`?); expected one of: `output`, `error`, `progress`, `field`, `crate`, `on_cancel`, `producer`, `new`, `timestamps`"
}
::core::compile_error! {
    "field `status` is taken by #[async_operation], which adds a field of that name; rename this field or choose another name with `#[async_operation(field = ...)]`"
}
pub struct Job {
    status: u8,
}
const _: () = {
    use ::asyncinfo::__private as __ai;
    use __ai::params::{reason, handler, timeout, value, error, progress, child};
    impl Job {
        /// The operation's id: unique in the process, never 0, stable for its life.
        #[inline]
        pub fn id(&self) -> __ai::AsyncId {
            ::core::unreachable!()
        }
        /// The current status: one atomic load, never blocks.
        #[inline]
        pub fn status(&self) -> __ai::AsyncStatus {
            ::core::unreachable!()
        }
        /// Requests cancellation; `true` if this call canceled the operation.
        pub fn cancel(&self) -> __ai::bool {
            ::core::unreachable!()
        }
        /// Closes the finished operation, hiding its result or error; idempotent.
        pub fn close(&self) -> __ai::Result<(), __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// Whether `close()` was called.
        pub fn is_closed(&self) -> __ai::bool {
            ::core::unreachable!()
        }
        /// Whether the status is terminal and no worker is still running.
        #[inline]
        pub fn is_finished(&self) -> __ai::bool {
            ::core::unreachable!()
        }
        /// The result: `Ok` only in the Completed status, before `close()`.
        #[doc(alias = "GetResults")]
        #[inline]
        pub fn results(&self) -> __ai::Result<&u8, __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// The error: `Some` only in the Error status, before `close()`.
        #[doc(alias = "ErrorCode")]
        pub fn error_code(&self) -> __ai::Option<&__ai::BoxError> {
            ::core::unreachable!()
        }
        /// Requests cancellation for `reason`; the first cancel wins and its reason is kept.
        pub fn cancel_with(&self, reason: __ai::CancelReason) -> __ai::bool {
            ::core::unreachable!()
        }
        /// Why the operation was canceled: `Some` exactly when the status is Canceled.
        pub fn cancel_reason(&self) -> __ai::Option<__ai::CancelReason> {
            ::core::unreachable!()
        }
        /// How the finished operation ended; `None` until it is finished and after `close()`.
        #[inline]
        pub fn outcome(&self) -> __ai::Option<__ai::Outcome<&u8, &__ai::BoxError>> {
            ::core::unreachable!()
        }
        /// Consumes the operation and moves its outcome out, as `outcome()` borrows it.
        pub fn into_outcome(self) -> __ai::Option<__ai::Outcome<u8, __ai::BoxError>> {
            ::core::unreachable!()
        }
        /// The operation at this moment: status, progress, reason, error and times, owned.
        pub fn snapshot(&self) -> __ai::Snapshot<()> {
            ::core::unreachable!()
        }
        /// When it was created, started and finished; `None` without `timestamps`.
        pub fn times(&self) -> __ai::Option<__ai::Times> {
            ::core::unreachable!()
        }
        /// Runs `handler` once the operation is finished (at once if it is), on the finishing thread.
        #[doc(alias = "Completed")]
        pub fn on_completed(
            &self,
            handler: impl __ai::FnOnce(&Self, __ai::AsyncStatus) + __ai::Send + 'static,
        ) -> __ai::Result<(), __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// A future of the final status, ready once the operation is finished.
        pub fn finished(&self) -> __ai::Finished<'_> {
            ::core::unreachable!()
        }
        /// As `finished()`, owning an `Arc` of the operation: a `'static` future.
        pub fn finished_owned(self: __ai::Arc<Self>) -> __ai::FinishedOwned<Self> {
            ::core::unreachable!()
        }
        /// Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.
        pub fn link_child<C>(
            &self,
            child: &__ai::Arc<C>,
        ) -> __ai::Result<__ai::Link, __ai::AsyncError>
        where
            C: ?__ai::Sized + __ai::AsyncInfo + __ai::Send + __ai::Sync + 'static,
        {
            ::core::unreachable!()
        }
        /// Blocks this thread until the operation is finished; returns its status.
        pub fn wait(&self) -> __ai::AsyncStatus {
            ::core::unreachable!()
        }
        /// As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.
        pub fn wait_timeout(
            &self,
            timeout: __ai::Duration,
        ) -> __ai::Option<__ai::AsyncStatus> {
            ::core::unreachable!()
        }
        #[doc(hidden)]
        pub fn on_progress<__Progress>(
            &self,
            _: impl __ai::Fn(&Self, &__Progress) + __ai::Send + __ai::Sync + 'static,
        ) -> __ai::Result<(), __ai::AsyncError>
        where
            for<'__asyncinfo> Self: __ai::ProgressOption<'__asyncinfo>,
        {
            ::core::unreachable!()
        }
        #[doc(hidden)]
        pub(crate) fn report_progress<__Progress>(
            &self,
            _: __Progress,
        ) -> __ai::Result<(), __ai::AsyncError>
        where
            for<'__asyncinfo> Self: __ai::ProgressOption<'__asyncinfo>,
        {
            ::core::unreachable!()
        }
        /// Starts the operation and returns the `Worker` that must finish it.
        #[inline]
        pub(crate) fn worker(
            &self,
        ) -> __ai::Result<__ai::Worker<&Self>, __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// As `worker()`, owning an `Arc` of the operation: a `'static` worker.
        pub(crate) fn worker_owned(
            self: __ai::Arc<Self>,
        ) -> __ai::Result<__ai::Worker<__ai::Arc<Self>>, __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// A future that resolves once cancellation is requested; race it against the work.
        pub(crate) fn canceled(
            &self,
        ) -> __ai::Canceled<'_, u8, __ai::BoxError, (), Self> {
            ::core::unreachable!()
        }
        /// Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.
        #[inline]
        pub(crate) fn start(&self) -> __ai::Result<(), __ai::AsyncError> {
            ::core::unreachable!()
        }
        /// Completes the operation with its result and notifies on this thread.
        #[doc(alias = "TryTransitionToCompleted")]
        #[inline]
        pub(crate) fn complete(
            &self,
            value: u8,
        ) -> __ai::Result<(), __ai::Rejected<u8>> {
            ::core::unreachable!()
        }
        /// Fails the operation with an error and notifies on this thread.
        #[doc(alias = "TryTransitionToError")]
        #[inline]
        pub(crate) fn fail(
            &self,
            error: __ai::BoxError,
        ) -> __ai::Result<(), __ai::Rejected<__ai::BoxError>> {
            ::core::unreachable!()
        }
        /// Records that the worker stopped after a cancel, which finishes the operation.
        pub(crate) fn acknowledge_cancel(&self) -> __ai::Result<(), __ai::AsyncError> {
            ::core::unreachable!()
        }
    }
};
impl ::asyncinfo::__private::Operation for Job {
    type Output = u8;
    type Error = ::asyncinfo::__private::BoxError;
    type Progress = ();
    type __Timing = ::asyncinfo::__private::Untimed;
    const __TYPE_NAME: &'static str = "Job";
    fn __error_text(__asyncinfo_error: &Self::Error) -> ::asyncinfo::__private::String {
        use ::asyncinfo::__private::text::{ViaDisplay as _, ViaTypeName as _};
        (&::asyncinfo::__private::text::ErrorText(__asyncinfo_error)).__error_text()
    }
    #[inline]
    fn __state(&self) -> &::asyncinfo::__private::StateOf<Self> {
        ::core::unreachable!()
    }
}
