//! Time, behind a trait so that tests can fix it.

use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        jiff::Timestamp::now().as_second()
    }
}

/// A clock that says what it is told, for tests.
pub struct FixedClock(pub AtomicI64);

impl FixedClock {
    pub fn new(t: i64) -> FixedClock {
        FixedClock(AtomicI64::new(t))
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// RFC 3339 UTC time ("2026-11-28T14:30:00Z") from Unix seconds. Seconds
/// beyond the calendar's range (the years -9999 to 9999) are held at its
/// nearer end.
pub fn rfc3339(secs: i64) -> String {
    let secs = secs.clamp(
        jiff::Timestamp::MIN.as_second(),
        jiff::Timestamp::MAX.as_second(),
    );
    jiff::Timestamp::from_second(secs)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_876_200), "2026-11-28T14:30:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        // jiff's range ends two hours before the year 10000.
        assert_eq!(rfc3339(i64::MAX), "9999-12-30T22:00:00Z");
    }

    #[test]
    fn the_system_clock_is_after_the_epoch() {
        assert!(SystemClock.now() > 1_700_000_000);
    }
}
