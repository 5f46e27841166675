//! A generic worker pool, and an operation whose producer side is public.
//!
//! [`Pool`] drives a [`Worker<Arc<S>>`] for any annotated `S` it is handed, naming only the
//! public [`Operation`] trait: no `__private` item, no knowledge of `S`. [`Fetch`] is defined
//! with `producer = pub`, so that other crates (this crate's tests) can start and finish it.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use asyncinfo::{async_operation, AsyncStatus, Operation, Worker};

/// An operation that other crates may drive: its producer methods are `pub`.
#[async_operation(output = u64, error = std::io::Error, progress = u8, producer = pub)]
pub struct Fetch {
    /// What to fetch.
    pub url: String,
}

impl Fetch {
    /// A fetch that has not started.
    #[must_use]
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            status: Default::default(),
        }
    }
}

/// A job: run on a pool thread, it finishes its operation and reports the final status.
type Job = Box<dyn FnOnce() -> AsyncStatus + Send>;

/// A fixed set of threads that run the work of operations handed to it as workers.
pub struct Pool {
    jobs: Option<mpsc::Sender<Job>>,
    threads: Vec<thread::JoinHandle<Vec<AsyncStatus>>>,
}

impl Pool {
    /// A pool of `threads` threads.
    #[must_use]
    pub fn new(threads: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = (0..threads)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    let mut finished = Vec::new();
                    loop {
                        let job = queue.lock().unwrap().recv();
                        match job {
                            Ok(job) => finished.push(job()),
                            Err(mpsc::RecvError) => return finished,
                        }
                    }
                })
            })
            .collect();
        Self {
            jobs: Some(jobs),
            threads,
        }
    }

    /// Runs `work` for the operation behind `worker` on a pool thread. Whatever `work` does
    /// (returns, fails, panics), the operation ends finished.
    pub fn spawn<S, W>(&self, worker: Worker<Arc<S>>, work: W)
    where
        S: Operation + Send + Sync + 'static,
        W: FnOnce(&S) -> Result<S::Output, S::Error> + Send + 'static,
    {
        self.send(Box::new(move || {
            worker.run_blocking(|w| work(w.operation()))
        }));
    }

    /// As [`spawn`](Self::spawn), reporting each of `progress` through the worker before
    /// running `work`: progress reported from generic code, which knows the progress type only
    /// as `S::Progress`.
    pub fn spawn_reporting<S, W>(&self, worker: Worker<Arc<S>>, progress: Vec<S::Progress>, work: W)
    where
        S: Operation + Send + Sync + 'static,
        S::Progress: Clone + Send,
        W: FnOnce(&S) -> Result<S::Output, S::Error> + Send + 'static,
    {
        self.send(Box::new(move || {
            worker.run_blocking(|w| {
                for step in progress {
                    // Refused only once a cancel won, and then the runner stops the work.
                    let _ = w.report_progress(step);
                }
                work(w.operation())
            })
        }));
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The threads outlive the sender; a send fails only if they all panicked, and then
            // the job (and its worker) is dropped here: the operation is abandoned, not lost.
            let _ = jobs.send(job);
        }
    }

    /// Waits for every job to end; returns the final statuses, in no particular order.
    #[must_use]
    pub fn join(mut self) -> Vec<AsyncStatus> {
        drop(self.jobs.take());
        self.threads
            .drain(..)
            .flat_map(|thread| thread.join().unwrap_or_default())
            .collect()
    }
}
