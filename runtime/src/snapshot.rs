//! [`Snapshot`] and [`Times`]: an operation seen at one moment, owned, for a log, a list or
//! a JSON endpoint (DESIGN §10).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use crate::{AsyncId, AsyncStatus, CancelReason};

/// An operation as it was at one moment: owned, `Clone` and `Debug`, so it outlives the
/// operation and can be logged, listed or (with the `serde` feature) serialised.
///
/// Made by `snapshot()` on every `#[async_operation]` struct (with `P` its progress type, or
/// `()`), by [`AsyncInfo::snapshot`](crate::AsyncInfo::snapshot) through `dyn` (progress
/// `None`), and by [`AsyncProgress::snapshot_with_progress`](crate::AsyncProgress::snapshot_with_progress).
/// The status, `finished`, `closed`, the cancel reason and the error come from one read of
/// the state, so they agree with one another; `progress` is [`progress()`]'s value, read
/// after, so it may be newer.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = u32, error = std::io::Error, progress = u8)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.start()?;
/// job.report_progress(40)?;
/// let snap = job.snapshot();
/// assert_eq!((snap.type_name.as_ref(), snap.status, snap.progress), ("Job", AsyncStatus::Started, Some(40)));
/// job.fail(std::io::Error::other("disk full")).unwrap();
/// assert_eq!(job.snapshot().error.as_deref(), Some("disk full"));
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// [`progress()`]: crate::AsyncProgress::progress
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Snapshot<P = ()> {
    /// The operation's id.
    pub id: AsyncId,
    /// The struct's name as written (`"Download"`), borrowed: taking a snapshot allocates no
    /// name. A hand-written [`AsyncInfo`](crate::AsyncInfo) gives its type's path.
    pub type_name: Cow<'static, str>,
    /// The status.
    pub status: AsyncStatus,
    /// Whether the status is terminal and no worker is still running.
    pub finished: bool,
    /// Whether `close()` was called.
    pub closed: bool,
    /// The latest progress reported (`None` before the first report, after close, and for an
    /// operation without progress).
    pub progress: Option<P>,
    /// Why the operation was canceled: `Some` exactly in the Canceled status.
    pub cancel_reason: Option<CancelReason>,
    /// The error, as text: `Some` exactly in the Error status before close. Its `Display`
    /// text, or, for an error type without `Display` (or one that is a generic parameter of
    /// the struct), its type name.
    pub error: Option<String>,
    /// When it was created, started and finished: `Some` with the `timestamps` option.
    pub times: Option<Times>,
}

impl<P> Snapshot<P> {
    /// The same snapshot with another progress value (of another type).
    #[must_use]
    pub fn with_progress<Q>(self, progress: Option<Q>) -> Snapshot<Q> {
        Snapshot {
            id: self.id,
            type_name: self.type_name,
            status: self.status,
            finished: self.finished,
            closed: self.closed,
            progress,
            cancel_reason: self.cancel_reason,
            error: self.error,
            times: self.times,
        }
    }
}

/// When an operation was created, started and finished, as the wall clock read then:
/// recorded by operations declared with `#[async_operation(timestamps)]`, read with `times()`
/// or in a [`Snapshot`].
///
/// ```
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = u32, timestamps)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// assert!(job.times().unwrap().started.is_none());
/// job.start()?;
/// job.complete(1).unwrap();
/// let times = job.times().unwrap();
/// assert!(times.created <= times.started.unwrap());
/// assert!(times.ran().is_some());
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// With the `serde` feature, each instant is an RFC 3339 string in UTC
/// (`"2026-12-06T14:03:06.120Z"`, as protobuf's JSON writes a `Timestamp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Times {
    /// When the operation was created.
    #[cfg_attr(feature = "serde", serde(with = "rfc3339"))]
    pub created: SystemTime,
    /// When it started: `None` until then, and for one canceled before it started.
    #[cfg_attr(feature = "serde", serde(with = "rfc3339::option"))]
    pub started: Option<SystemTime>,
    /// When it finished (`is_finished()` became true): `None` until then.
    #[cfg_attr(feature = "serde", serde(with = "rfc3339::option"))]
    pub finished: Option<SystemTime>,
}

impl Times {
    /// How long it waited to start: `None` until it started (or if it never did).
    #[must_use]
    pub fn queued(&self) -> Option<Duration> {
        // The wall clock may step back: such an interval reads as zero.
        let started = self.started?;
        Some(started.duration_since(self.created).unwrap_or_default())
    }

    /// How long it ran, from its start to its finish: `None` until it finished (or if it never
    /// started).
    #[must_use]
    pub fn ran(&self) -> Option<Duration> {
        let (started, finished) = (self.started?, self.finished?);
        Some(finished.duration_since(started).unwrap_or_default())
    }
}

/// Instants as RFC 3339 strings in UTC, for `Times` with the `serde` feature: written with 0,
/// 3, 6 or 9 fractional digits (as protobuf's JSON writes a `Timestamp`), read with any number
/// of them up to 9 and any offset (`Z`, `+01:00`).
#[cfg(feature = "serde")]
mod rfc3339 {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(time: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}", Rfc3339(*time)))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SystemTime, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse(&text).ok_or_else(|| {
            D::Error::custom(format_args!(
                "`{text}` is not an RFC 3339 instant such as `2026-12-06T14:03:06Z`"
            ))
        })
    }

    /// `Option<SystemTime>`, as `null` when `None`.
    pub(super) mod option {
        use std::time::SystemTime;

        use serde::{Deserialize, Deserializer, Serializer};

        pub(in super::super) fn serialize<S: Serializer>(
            time: &Option<SystemTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match time {
                Some(time) => super::serialize(time, s),
                None => s.serialize_none(),
            }
        }

        pub(in super::super) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<SystemTime>, D::Error> {
            #[derive(Deserialize)]
            struct Instant(#[serde(with = "super")] SystemTime);
            Ok(Option::<Instant>::deserialize(d)?.map(|Instant(time)| time))
        }
    }

    /// Writes an instant (before the epoch: the epoch).
    struct Rfc3339(SystemTime);

    impl std::fmt::Display for Rfc3339 {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let since = self.0.duration_since(UNIX_EPOCH).unwrap_or_default();
            let secs = since.as_secs();
            let (days, rest) = (secs / 86_400, secs % 86_400);
            let (year, month, day) = civil_from_days(days);
            let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
            write!(
                f,
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
            )?;
            match since.subsec_nanos() {
                0 => {}
                nanos if nanos % 1_000_000 == 0 => write!(f, ".{:03}", nanos / 1_000_000)?,
                nanos if nanos % 1_000 == 0 => write!(f, ".{:06}", nanos / 1_000)?,
                nanos => write!(f, ".{nanos:09}")?,
            }
            f.write_str("Z")
        }
    }

    /// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn civil_from_days(days: u64) -> (u64, u64, u64) {
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        (year, month, day)
    }

    /// The day counted from 1970-01-01 of a date from 1970 on (`days_from_civil`).
    fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
        let year = if month <= 2 { year - 1 } else { year };
        let era = year / 400;
        let yoe = year % 400;
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, from 1970 on.
    fn parse(text: &str) -> Option<SystemTime> {
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<u64> {
            let digits = text.get(range)?;
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        };
        let at = |i: usize, c: u8| bytes.get(i) == Some(&c);
        if !(at(4, b'-') && at(7, b'-') && matches!(bytes.get(10), Some(b'T' | b't' | b' '))) {
            return None;
        }
        if !(at(13, b':') && at(16, b':')) {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let valid = year >= 1970
            && (1..=12).contains(&month)
            && (1..=month_days[usize::try_from(month - 1).ok()?]).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        if !valid {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if at(i, b'.') {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 || digits > 9 {
                return None;
            }
            let fraction = u32::try_from(number(i + 1..i + 1 + digits)?).ok()?;
            nanos = fraction * 10u32.pow(u32::try_from(9 - digits).ok()?);
            i += 1 + digits;
        }
        let offset: i64 = match text.get(i..)? {
            "Z" | "z" => 0,
            zone if zone.len() == 6
                && matches!(zone.as_bytes()[0], b'+' | b'-')
                && at(i + 3, b':') =>
            {
                let minutes =
                    i64::try_from(number(i + 1..i + 3)? * 60 + number(i + 4..i + 6)?).ok()?;
                if zone.starts_with('-') {
                    -minutes * 60
                } else {
                    minutes * 60
                }
            }
            _ => return None,
        };
        let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        let utc = u64::try_from(i64::try_from(local).ok()?.checked_sub(offset)?).ok()?;
        UNIX_EPOCH.checked_add(Duration::new(utc, nanos))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn written_and_read_back() {
            for (secs, nanos, text) in [
                (0, 0, "1970-01-01T00:00:00Z"),
                (951_782_400, 120_000_000, "2000-02-29T00:00:00.120Z"),
                (1_796_565_786, 123_456_000, "2026-12-06T14:03:06.123456Z"),
                (4_102_444_799, 999_999_999, "2099-12-31T23:59:59.999999999Z"),
            ] {
                let time = UNIX_EPOCH + Duration::new(secs, nanos);
                assert_eq!(Rfc3339(time).to_string(), text);
                assert_eq!(parse(text), Some(time));
            }
            let time = UNIX_EPOCH + Duration::new(1_796_565_786, 500_000_000);
            assert_eq!(parse("2026-12-06T15:03:06.5+01:00"), Some(time));
            assert_eq!(parse("2026-12-06t14:03:06.5z"), Some(time));
        }

        #[test]
        fn malformed_instants_are_refused() {
            for text in [
                "",
                "2026-12-06",
                "2026-13-06T14:03:06Z",
                "2026-02-30T14:03:06Z",
                "2026-12-06T24:00:00Z",
                "2026-12-06T14:03:06",
                "2026-12-06T14:03:06.Z",
                "2026-12-06T14:03:06.1234567890Z",
                "1969-12-31T23:59:59Z",
                "2026-12-06T14:03:06+0100",
                "+026-12-06T14:03:06Z",
            ] {
                assert_eq!(parse(text), None, "{text}");
            }
        }
    }
}
