struct Http {
    status: u16,
    /// The state of this asynchronous operation, added by `#[async_operation]`.
    state: crate::framework::ops::__private::OperationState<
        (),
        crate::framework::ops::__private::BoxError,
        (),
        Http,
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
    impl Http {
        /// The operation's id: unique in the process, never 0, stable for its life.
        #[doc(alias = "Id")]
        #[inline]
        fn id(&self) -> crate::framework::ops::__private::AsyncId {
            crate::framework::ops::__private::id(self)
        }
        /// The current status: one atomic load, never blocks.
        #[doc(alias = "Status")]
        #[inline]
        fn status(&self) -> crate::framework::ops::__private::AsyncStatus {
            crate::framework::ops::__private::status(self)
        }
        /// Requests cancellation; `true` if this call canceled the operation.
        #[doc(alias = "Cancel")]
        fn cancel(&self) -> ::core::primitive::bool {
            crate::framework::ops::__private::cancel(self)
        }
        /// Closes the finished operation, hiding its result or error; idempotent.
        #[doc(alias = "Close")]
        fn close(
            &self,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::close(self)
        }
        /// Whether `close()` was called.
        #[inline]
        fn is_closed(&self) -> ::core::primitive::bool {
            crate::framework::ops::__private::is_closed(self)
        }
        /// Whether the status is terminal and no worker is still running.
        #[inline]
        fn is_finished(&self) -> ::core::primitive::bool {
            crate::framework::ops::__private::is_finished(self)
        }
        /// The result: `Ok` only in the Completed status, before `close()`.
        #[doc(alias = "GetResults")]
        #[inline]
        fn results(
            &self,
        ) -> ::core::result::Result<&(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::results(self)
        }
        /// The error: `Some` only in the Error status, before `close()`.
        #[doc(alias = "ErrorCode")]
        #[inline]
        fn error_code(
            &self,
        ) -> ::core::option::Option<&crate::framework::ops::__private::BoxError> {
            crate::framework::ops::__private::error_code(self)
        }
        /// Requests cancellation for `reason`; the first cancel wins and its reason is kept.
        fn cancel_with(
            &self,
            reason: crate::framework::ops::__private::CancelReason,
        ) -> ::core::primitive::bool {
            crate::framework::ops::__private::cancel_with(self, reason)
        }
        /// Why the operation was canceled: `Some` exactly when the status is Canceled.
        #[inline]
        fn cancel_reason(
            &self,
        ) -> ::core::option::Option<crate::framework::ops::__private::CancelReason> {
            crate::framework::ops::__private::cancel_reason(self)
        }
        /// How the finished operation ended; `None` until it is finished and after `close()`.
        #[inline]
        fn outcome(
            &self,
        ) -> ::core::option::Option<
            crate::framework::ops::__private::Outcome<
                &(),
                &crate::framework::ops::__private::BoxError,
            >,
        > {
            crate::framework::ops::__private::outcome(self)
        }
        /// Consumes the operation and moves its outcome out, as `outcome()` borrows it.
        #[inline]
        fn into_outcome(
            self,
        ) -> ::core::option::Option<
            crate::framework::ops::__private::Outcome<
                (),
                crate::framework::ops::__private::BoxError,
            >,
        > {
            crate::framework::ops::__private::into_outcome(&mut { self }.state)
        }
        /// Runs `handler` once the operation is finished (at once if it is), on the finishing thread.
        #[doc(alias = "Completed")]
        fn on_completed(
            &self,
            handler: impl ::core::ops::FnOnce(
                &Self,
                crate::framework::ops::__private::AsyncStatus,
            ) + ::core::marker::Send + 'static,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::on_completed(self, handler)
        }
        /// A future of the final status, ready once the operation is finished.
        #[doc(alias = "Completed")]
        #[inline]
        fn finished(&self) -> crate::framework::ops::__private::Finished<'_> {
            crate::framework::ops::__private::finished(self)
        }
        /// As `finished()`, owning an `Arc` of the operation: a `'static` future.
        fn finished_owned(
            self: crate::framework::ops::__private::Arc<Self>,
        ) -> crate::framework::ops::__private::FinishedOwned<Self> {
            crate::framework::ops::__private::finished_owned(self)
        }
        /// Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.
        fn link_child<C>(
            &self,
            child: &crate::framework::ops::__private::Arc<C>,
        ) -> ::core::result::Result<
            crate::framework::ops::__private::Link,
            crate::framework::ops::__private::AsyncError,
        >
        where
            C: ?::core::marker::Sized + crate::framework::ops::__private::AsyncInfo
                + ::core::marker::Send + ::core::marker::Sync + 'static,
        {
            crate::framework::ops::__private::link_child(self, child)
        }
        /// Blocks this thread until the operation is finished; returns its status.
        fn wait(&self) -> crate::framework::ops::__private::AsyncStatus {
            crate::framework::ops::__private::wait(self)
        }
        /// As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.
        fn wait_timeout(
            &self,
            timeout: ::core::time::Duration,
        ) -> ::core::option::Option<crate::framework::ops::__private::AsyncStatus> {
            crate::framework::ops::__private::wait_timeout(self, timeout)
        }
        /// Needs `progress = …` in `#[async_operation(...)]`.
        #[doc(hidden)]
        fn on_progress(
            &self,
            handler: impl ::core::ops::Fn(
                &Self,
                &(),
            ) + ::core::marker::Send + ::core::marker::Sync + 'static,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError>
        where
            for<'__asyncinfo> Self: crate::framework::ops::__private::ProgressOption<
                '__asyncinfo,
            >,
        {
            let _ = handler;
            match crate::framework::ops::__private::ProgressOption::never(self) {}
        }
        /// Needs `progress = …` in `#[async_operation(...)]`.
        #[doc(hidden)]
        pub(crate) fn report_progress<__Progress>(
            &self,
            progress: __Progress,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError>
        where
            for<'__asyncinfo> Self: crate::framework::ops::__private::ProgressOption<
                '__asyncinfo,
            >,
        {
            let _ = progress;
            match crate::framework::ops::__private::ProgressOption::never(self) {}
        }
        /// Starts the operation and returns the `Worker` that must finish it.
        #[inline]
        pub(crate) fn worker(
            &self,
        ) -> ::core::result::Result<
            crate::framework::ops::__private::Worker<&Self>,
            crate::framework::ops::__private::AsyncError,
        > {
            crate::framework::ops::__private::worker(self)
        }
        /// As `worker()`, owning an `Arc` of the operation: a `'static` worker.
        pub(crate) fn worker_owned(
            self: crate::framework::ops::__private::Arc<Self>,
        ) -> ::core::result::Result<
            crate::framework::ops::__private::Worker<
                crate::framework::ops::__private::Arc<Self>,
            >,
            crate::framework::ops::__private::AsyncError,
        > {
            crate::framework::ops::__private::worker(self)
        }
        /// A future that resolves once cancellation is requested; race it against the work.
        #[inline]
        pub(crate) fn canceled(
            &self,
        ) -> crate::framework::ops::__private::Canceled<
            '_,
            (),
            crate::framework::ops::__private::BoxError,
            (),
            Self,
        > {
            crate::framework::ops::__private::canceled(self)
        }
        /// Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.
        #[doc(alias = "Start")]
        #[inline]
        pub(crate) fn start(
            &self,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::start(self)
        }
        /// Completes the operation and notifies its handlers and awaiters on this thread.
        #[doc(alias = "TryTransitionToCompleted")]
        #[inline]
        pub(crate) fn complete(
            &self,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::complete_action(self)
        }
        /// Fails the operation with an error and notifies on this thread.
        #[doc(alias = "TryTransitionToError")]
        #[inline]
        pub(crate) fn fail(
            &self,
            error: crate::framework::ops::__private::BoxError,
        ) -> ::core::result::Result<
            (),
            crate::framework::ops::__private::Rejected<
                crate::framework::ops::__private::BoxError,
            >,
        > {
            crate::framework::ops::__private::fail(self, error)
        }
        /// Records that the worker stopped after a cancel, which finishes the operation.
        pub(crate) fn acknowledge_cancel(
            &self,
        ) -> ::core::result::Result<(), crate::framework::ops::__private::AsyncError> {
            crate::framework::ops::__private::acknowledge_cancel(self)
        }
    }
};
impl crate::framework::ops::__private::Operation for Http {
    type Output = ();
    type Error = crate::framework::ops::__private::BoxError;
    type Progress = ();
    #[inline]
    fn __state(&self) -> &crate::framework::ops::__private::StateOf<Self> {
        &self.state
    }
}
