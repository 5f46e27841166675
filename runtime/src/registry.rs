//! [`Registry`]: a named set of operations, the list that a dashboard or a service serves
//! (DESIGN §10).
//!
//! # How it keeps its promises
//!
//! - **Names** are `operations/{run}-{n}`: `{run}` is 16 hex digits drawn at random once per
//!   process, `{n}` a counter shared by every registry of the process. A name from another
//!   run, or one never issued, is looked up as "not found"; it can never name another
//!   operation. A page token carries the run too, so one from an earlier run is refused.
//! - **No lock while user code runs.** The lock guards the map of entries only. Filters, which
//!   read the operations (`status()` is user code in a hand-written `AsyncInfo`), run on a copy
//!   taken under it; the last `Arc` of a dropped entry is dropped after unlocking.
//! - **Retention without a thread.** Each operation, when inserted, is given a small watch
//!   that it drops when it finishes (a completion handler that does nothing else); the watch
//!   queues the entry's number and the instant. Every call of the registry first takes that
//!   queue in, giving each newly finished entry its expiry (from `times().finished` with
//!   `timestamps`, else from when the watch fired), then drops the entries whose expiry passed:
//!   each entry is queued once and expires once, so a call costs amortised O(log n). A
//!   hand-written `AsyncInfo`, which cannot hold a watch, is looked at a few entries per call.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::{Duration, Instant, SystemTime};

use crate::children::Child;
use crate::sync::{lock, Mutex};
use crate::{AsyncInfo, AsyncStatus, CancelReason};

/// What every operation name starts with.
const PREFIX: &str = "operations/";

/// The default retention of a finished operation.
const DEFAULT_RETENTION: Duration = Duration::from_secs(3600);

/// How many unwatched entries (hand-written `AsyncInfo`s) a call looks at for a finish.
const UNWATCHED_PER_CALL: usize = 8;

/// A named set of operations: the list a dashboard or a service (such as `asyncinfo-lro`'s
/// `google.longrunning` server) shows and serves.
///
/// `Registry` is a handle: clones share one set, and it is `Send + Sync`. `O` is the kind of
/// operation it holds: by default `dyn AsyncInfo + Send + Sync`, so that operations of
/// different types live in one registry (`let ops: Registry = Registry::new();`, as
/// `Vec::new()` infers its element type).
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use asyncinfo::{async_operation, AsyncStatus, ListQuery, Registry};
///
/// #[async_operation(output = u64)]
/// struct Download;
///
/// let ops: Registry = Registry::new().with_retention(Duration::from_secs(60));
/// let op = Arc::new(Download { status: Default::default() });
/// let name = ops.insert(op.clone()); // `Arc::clone(&op)` would infer `Arc<dyn …>` and fail
/// assert!(name.starts_with("operations/"));
/// assert_eq!(ops.get(&name).unwrap().status(), AsyncStatus::Created);
///
/// op.start()?;
/// op.complete(7).unwrap();
/// let done = ops.list(ListQuery { done: Some(true), ..ListQuery::default() })?;
/// assert_eq!(done.operations.len(), 1);
/// assert!(ops.get("operations/not-issued").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A finished operation stays listed for at least its retention (one hour by default, see
/// [`with_retention`](Self::with_retention)), then is dropped at the registry's next call:
/// the registry has no thread of its own. Observing never changes what it observes: the
/// registry never cancels, closes or delays an operation.
pub struct Registry<O: ?Sized + AsyncInfo + Send + Sync = dyn AsyncInfo + Send + Sync> {
    shared: Arc<Shared<O>>,
}

/// What every handle of one registry shares.
struct Shared<O: ?Sized> {
    entries: Mutex<Entries<O>>,
    /// Entries whose watch fired (their operation finished, or was dropped), with when: filled
    /// by the watches, on the finishing threads, and taken in by the registry's calls. A lock
    /// of its own, which a watch takes with no other held.
    finished: Mutex<Vec<(u64, Instant)>>,
    /// The retention, in nanoseconds.
    retention: AtomicU64,
}

/// The entries, by number (insertion order), and their expiries.
struct Entries<O: ?Sized> {
    by_number: BTreeMap<u64, Entry<O>>,
    /// Finished entries, by when they expire.
    expiries: BTreeSet<(Instant, u64)>,
    /// Entries whose operation cannot hold a watch (a hand-written `AsyncInfo`), looked at for
    /// a finish a few per call, round robin.
    unwatched: VecDeque<u64>,
}

struct Entry<O: ?Sized> {
    name: Arc<str>,
    operation: Arc<O>,
    /// Whether its operation holds a watch (it will say when it finishes).
    watched: bool,
    /// Whether its expiry is set (it finished and the registry took that in).
    expiring: bool,
}

/// The watch an operation holds and drops when it finishes: queues its entry's number.
struct Watch<O: ?Sized> {
    registry: Weak<Shared<O>>,
    number: u64,
}

impl<O: ?Sized + Send + Sync> Child for Watch<O> {
    fn cancel(&self, _reason: CancelReason) {}

    fn is_alive(&self) -> bool {
        self.registry.strong_count() > 0
    }
}

impl<O: ?Sized> Drop for Watch<O> {
    fn drop(&mut self) {
        if let Some(shared) = self.registry.upgrade() {
            lock(&shared.finished).push((self.number, Instant::now()));
        }
    }
}

/// A query of [`Registry::list`]: filters and a page. `None` means any, or all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Only finished (`Some(true)`) or unfinished (`Some(false)`) operations.
    pub done: Option<bool>,
    /// Only operations in this status.
    pub status: Option<AsyncStatus>,
    /// Only operations of this type (the struct's name as written, as in a `Snapshot`).
    pub type_name: Option<String>,
    /// At most this many operations (`None`, or 0, for all).
    pub page_size: Option<usize>,
    /// Where the previous page ended: its `next_page_token`.
    pub page_token: Option<String>,
}

/// A page of [`Registry::list`]: the operations, in insertion order, and where the next page
/// starts.
pub struct Page<O: ?Sized> {
    /// The operations, with their names.
    pub operations: Vec<(String, Arc<O>)>,
    /// The token of the next page, if the query matched more.
    pub next_page_token: Option<String>,
}

impl<O: ?Sized> fmt::Debug for Page<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field(
                "operations",
                &self
                    .operations
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("next_page_token", &self.next_page_token)
            .finish()
    }
}

/// Why a [`Registry::list`] was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// The page token was not one this registry's process issued.
    PageToken {
        /// The token given.
        token: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PageToken { token, reason } => {
                write!(f, "invalid page token `{token}`: {reason}")
            }
        }
    }
}

impl std::error::Error for RegistryError {}

/// This run's part of every name: random, drawn once per process.
fn run() -> &'static str {
    static RUN: OnceLock<String> = OnceLock::new();
    RUN.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        // `RandomState` is seeded from the system's randomness; the time and the process id
        // make two runs differ even where it is not.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        let since = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        hasher.write_u128(since.as_nanos());
        hasher.write_u32(std::process::id());
        format!("{:016x}", hasher.finish())
    })
}

/// The next operation number: shared by every registry of the process.
fn next_number() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The number of a name this run issued, if it is one.
fn number_of(name: &str) -> Option<u64> {
    let (run_part, number) = name.strip_prefix(PREFIX)?.split_once('-')?;
    if run_part != run() || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

/// The number after which a page token resumes.
fn resume_after(token: &str) -> Result<u64, RegistryError> {
    let refuse = |reason| RegistryError::PageToken {
        token: token.to_owned(),
        reason,
    };
    let (run_part, number) = token
        .split_once('.')
        .ok_or_else(|| refuse("it is not a token a page of this registry gave"))?;
    if run_part.len() != 16 || !run_part.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(refuse("it is not a token a page of this registry gave"));
    }
    if run_part != run() {
        return Err(refuse("it was given by another run of the process"));
    }
    number
        .parse()
        .map_err(|_| refuse("it is not a token a page of this registry gave"))
}

impl<O: ?Sized + AsyncInfo + Send + Sync + 'static> Registry<O> {
    /// An empty registry, keeping finished operations for an hour.
    #[must_use]
    pub fn new() -> Self {
        Self {
            shared: Arc::new(Shared {
                entries: Mutex::new(Entries {
                    by_number: BTreeMap::new(),
                    expiries: BTreeSet::new(),
                    unwatched: VecDeque::new(),
                }),
                finished: Mutex::new(Vec::new()),
                retention: AtomicU64::new(nanos(DEFAULT_RETENTION)),
            }),
        }
    }

    /// How long a finished operation stays listed, at least: from when it finished (its
    /// `times().finished` with `timestamps`, else when the registry first saw it finished) to
    /// the registry's first call after that; then it is dropped. Zero drops it at the first
    /// call that sees it finished. Applies to every handle of this registry.
    #[must_use]
    pub fn with_retention(self, retention: Duration) -> Self {
        self.shared
            .retention
            .store(nanos(retention), Ordering::Relaxed);
        self
    }

    /// Adds `operation` and returns its name, `operations/…`: unique in the process and across
    /// its runs, of the characters `[A-Za-z0-9._~-]`.
    pub fn insert(&self, operation: Arc<O>) -> String {
        let number = next_number();
        let name: Arc<str> = format!("{PREFIX}{}-{number}", run()).into();
        let watch = Box::new(Watch {
            registry: Arc::downgrade(&self.shared),
            number,
        });
        self.tidy();
        lock(&self.shared.entries).by_number.insert(
            number,
            Entry {
                name: Arc::clone(&name),
                operation: Arc::clone(&operation),
                watched: true,
                expiring: false,
            },
        );
        // Outside the lock: on a finished operation the watch is dropped at once, and takes
        // the queue's lock.
        let held = crate::__private::Held(crate::__private::Until::Finished, watch);
        if let Err(refused) = operation.__hold_until_finished(held) {
            // A hand-written `AsyncInfo`: looked at instead. The watch given back says nothing
            // once dropped (its entry is no longer watched).
            let mut entries = lock(&self.shared.entries);
            if let Some(entry) = entries.by_number.get_mut(&number) {
                entry.watched = false;
                entries.unwatched.push_back(number);
            }
            drop(entries);
            drop(refused);
        }
        name.as_ref().to_owned()
    }

    /// The operation of this name, if it is listed (`None` for a name never issued, one from
    /// another run, or one removed or expired).
    pub fn get(&self, name: &str) -> Option<Arc<O>> {
        self.tidy();
        let number = number_of(name)?;
        let entries = lock(&self.shared.entries);
        entries
            .by_number
            .get(&number)
            .map(|entry| Arc::clone(&entry.operation))
    }

    /// Removes the operation of this name and returns it.
    pub fn remove(&self, name: &str) -> Option<Arc<O>> {
        self.tidy();
        let number = number_of(name)?;
        let removed = lock(&self.shared.entries).by_number.remove(&number)?;
        Some(removed.operation)
    }

    /// Every operation listed, with its name, in insertion order: a copy, taken under the lock
    /// and used without it.
    pub fn iter(&self) -> std::vec::IntoIter<(String, Arc<O>)> {
        self.tidy();
        let entries = lock(&self.shared.entries);
        let copy: Vec<(String, Arc<O>)> = entries
            .by_number
            .values()
            .map(|entry| (entry.name.as_ref().to_owned(), Arc::clone(&entry.operation)))
            .collect();
        drop(entries);
        copy.into_iter()
    }

    /// How many operations are listed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tidy();
        lock(&self.shared.entries).by_number.len()
    }

    /// Whether no operation is listed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The operations `query` selects, in insertion order, a page at a time.
    ///
    /// # Errors
    ///
    /// [`RegistryError::PageToken`] for a page token that no page of this process gave.
    pub fn list(&self, query: ListQuery) -> Result<Page<O>, RegistryError> {
        self.tidy();
        let after = match query.page_token.as_deref() {
            None | Some("") => 0,
            Some(token) => resume_after(token)?,
        };
        // The filters read the operations: outside the lock.
        let selects = |operation: &O| {
            query
                .done
                .is_none_or(|done| operation.is_finished() == done)
                && query
                    .status
                    .is_none_or(|status| operation.status() == status)
                && query
                    .type_name
                    .as_deref()
                    .is_none_or(|name| operation.snapshot().type_name == name)
        };
        let limit = query
            .page_size
            .filter(|size| *size > 0)
            .unwrap_or(usize::MAX);
        let mut operations = Vec::new();
        let mut cursor = after;
        loop {
            // A chunk of entries at a time, copied under the lock: a page costs what it reads,
            // not the whole registry.
            let chunk: Vec<(u64, Arc<str>, Arc<O>)> = {
                let entries = lock(&self.shared.entries);
                entries
                    .by_number
                    .range(cursor.saturating_add(1)..)
                    .take(limit.saturating_add(1).clamp(16, 256))
                    .map(|(n, entry)| (*n, Arc::clone(&entry.name), Arc::clone(&entry.operation)))
                    .collect()
            };
            let Some(&(last_read, _, _)) = chunk.last() else {
                return Ok(Page {
                    operations,
                    next_page_token: None,
                });
            };
            for (number, name, operation) in chunk {
                if !selects(&operation) {
                    continue;
                }
                if operations.len() == limit {
                    // One more matched: the next page starts after the last one given.
                    return Ok(Page {
                        operations,
                        next_page_token: Some(format!("{}.{cursor}", run())),
                    });
                }
                cursor = number;
                operations.push((name.as_ref().to_owned(), operation));
            }
            cursor = cursor.max(last_read);
        }
    }

    /// Takes in the finishes the watches queued, and drops the entries whose retention
    /// passed: the start of every call. The operations' last `Arc`s (and so any user `Drop`)
    /// are dropped after unlocking.
    fn tidy(&self) {
        let now = Instant::now();
        let retention = Duration::from_nanos(self.shared.retention.load(Ordering::Relaxed));
        let finished = std::mem::take(&mut *lock(&self.shared.finished));
        let mut unwatched = Vec::new();
        // With `timestamps`, the retention runs from the operation's own finish: its times are
        // read outside the lock (a hand-written `times()` is user code).
        let mut newly: Vec<(u64, Instant, Option<Arc<O>>)> = Vec::with_capacity(finished.len());
        {
            let mut entries = lock(&self.shared.entries);
            for (number, seen) in finished {
                if let Some(entry) = entries.by_number.get(&number).filter(|e| e.watched) {
                    newly.push((number, seen, Some(Arc::clone(&entry.operation))));
                }
            }
            for _ in 0..UNWATCHED_PER_CALL.min(entries.unwatched.len()) {
                if let Some(number) = entries.unwatched.pop_front() {
                    if let Some(entry) = entries.by_number.get(&number) {
                        unwatched.push((number, Arc::clone(&entry.operation)));
                    }
                }
            }
        }
        for (number, operation) in unwatched {
            if operation.is_finished() {
                newly.push((number, now, Some(operation)));
            } else {
                lock(&self.shared.entries).unwatched.push_back(number);
            }
        }
        let mut expiries = Vec::with_capacity(newly.len());
        for (number, seen, operation) in &mut newly {
            let finished_at = operation
                .as_ref()
                .and_then(|operation| operation.times()?.finished)
                .and_then(|finished| SystemTime::now().duration_since(finished).ok())
                .map_or(*seen, |ago| {
                    now.checked_sub(ago).unwrap_or(*seen).min(*seen)
                });
            expiries.push((finished_at + retention, *number));
        }
        let mut dropped = Vec::new();
        {
            let mut entries = lock(&self.shared.entries);
            for (expiry, number) in expiries {
                if let Some(entry) = entries.by_number.get_mut(&number) {
                    if !entry.expiring {
                        entry.expiring = true;
                        entries.expiries.insert((expiry, number));
                    }
                }
            }
            while let Some(&(expiry, number)) = entries.expiries.first() {
                if expiry > now {
                    break;
                }
                entries.expiries.pop_first();
                if let Some(entry) = entries.by_number.remove(&number) {
                    dropped.push(entry);
                }
            }
        }
        drop(newly);
        drop(dropped);
    }
}

/// A duration in nanoseconds, saturating.
fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl<O: ?Sized + AsyncInfo + Send + Sync + 'static> Default for Registry<O> {
    fn default() -> Self {
        Self::new()
    }
}

impl<O: ?Sized + AsyncInfo + Send + Sync> Clone for Registry<O> {
    /// Another handle to the same set.
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<O: ?Sized + AsyncInfo + Send + Sync> fmt::Debug for Registry<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed = lock(&self.shared.entries).by_number.len();
        f.debug_struct("Registry").field("listed", &listed).finish()
    }
}
