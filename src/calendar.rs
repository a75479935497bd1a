//! Dates and times from seconds since the Unix epoch, as people read them: the
//! day a release is named after, when a deployment was made. A few lines of
//! arithmetic (the proleptic Gregorian calendar) rather than a time zone
//! database: every time storyboard shows carries its own offset from UTC, as
//! git records it.

/// A moment: seconds since the epoch, and the offset from UTC it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub seconds: i64,
    pub offset_minutes: i32,
}

impl Moment {
    /// `YYYY-MM-DD` in the moment's own offset.
    pub fn date(&self) -> String {
        let (y, m, d, _, _) = self.civil();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `YYYY-MM-DD HH:MM` in the moment's own offset.
    pub fn date_time(&self) -> String {
        let (y, m, d, hh, mm) = self.civil();
        format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
    }

    /// `YYYY-MM-DD HH:MM` and the offset (`UTC`, `+01:00`).
    pub fn date_time_zone(&self) -> String {
        let o = self.offset_minutes;
        let zone = if o == 0 {
            "UTC".to_string()
        } else {
            let sign = if o < 0 { '-' } else { '+' };
            let a = o.unsigned_abs();
            format!("{sign}{:02}:{:02}", a / 60, a % 60)
        };
        format!("{} {zone}", self.date_time())
    }

    fn civil(&self) -> (i64, u32, u32, u32, u32) {
        let local = self
            .seconds
            .saturating_add(i64::from(self.offset_minutes) * 60);
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, (secs / 3600) as u32, ((secs % 3600) / 60) as u32)
    }
}

/// The Gregorian date of a day number (days since 1970-01-01), after Howard
/// Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let at = |seconds, offset_minutes| Moment {
            seconds,
            offset_minutes,
        };
        assert_eq!(at(0, 0).date_time(), "1970-01-01 00:00");
        assert_eq!(at(951_782_400, 0).date(), "2000-02-29");
        assert_eq!(at(1_796_083_200, 0).date(), "2026-12-01");
        // Late evening in New York is already tomorrow in UTC.
        assert_eq!(at(1_796_083_200, -300).date_time(), "2026-11-30 19:00");
        assert_eq!(at(-1, 0).date_time(), "1969-12-31 23:59");
        assert_eq!(at(0, 0).date_time_zone(), "1970-01-01 00:00 UTC");
        assert_eq!(at(0, 90).date_time_zone(), "1970-01-01 01:30 +01:30");
        assert_eq!(at(0, -300).date_time_zone(), "1969-12-31 19:00 -05:00");
    }

    proptest::proptest! {
        #[test]
        fn any_moment_formats_without_panic(seconds in proptest::num::i64::ANY, offset in -1440i32..1440) {
            let m = Moment { seconds, offset_minutes: offset };
            proptest::prop_assert_eq!(m.date().len() >= 10, true);
            let _ = m.date_time();
            let _ = m.date_time_zone();
        }
    }
}
