//! Times and lengths as a person says them, in their language: "3 minutes ago", "1 h 52 min".

use time::OffsetDateTime;

use super::{Tr, key};

/// "Active now", "12 minutes ago", "3 hours ago", "Yesterday", "4 days ago", "12 Mar 2026".
pub fn relative(tr: Tr, at: OffsetDateTime, now: OffsetDateTime) -> String {
    let ago = now - at;
    match ago.whole_minutes() {
        i64::MIN..=1 => tr.t("time-active-now"),
        minutes @ 2..=59 => tr.t_with("time-minutes-ago", "count", minutes),
        60..=1439 => tr.t_with("time-hours-ago", "count", ago.whole_hours()),
        1440..=2879 => tr.t("time-yesterday"),
        2880..=10079 => tr.t_with("time-days-ago", "count", ago.whole_days()),
        _ => date(tr, at),
    }
}

/// When something was asked for: "Just now", "1 minute ago", "4 minutes ago", then as [`relative`].
pub fn ago(tr: Tr, at: OffsetDateTime, now: OffsetDateTime) -> String {
    match (now - at).whole_minutes() {
        i64::MIN..=0 => tr.t("time-just-now"),
        minutes @ 1..=59 => tr.t_with("time-minutes-ago", "count", minutes),
        _ => relative(tr, at, now),
    }
}

/// The whole phrase for a request's age: "Asked just now", "Asked 4 minutes ago", "Asked on 12 Mar 2026".
pub fn asked(tr: Tr, at: OffsetDateTime, now: OffsetDateTime) -> String {
    let ago = now - at;
    match ago.whole_minutes() {
        i64::MIN..=0 => tr.t("asked-just-now"),
        minutes @ 1..=59 => tr.t_with("asked-minutes-ago", "count", minutes),
        60..=1439 => tr.t_with("asked-hours-ago", "count", ago.whole_hours()),
        1440..=10079 => tr.t_with("asked-days-ago", "count", ago.whole_days()),
        _ => tr.t_with("asked-on", "date", date(tr, at)),
    }
}

/// "23 Nov 2026", "23 nov. 2026", "23. Nov. 2026", "23 nov 2026".
pub fn date(tr: Tr, at: OffsetDateTime) -> String {
    let month = tr.t(MONTHS[usize::from(u8::from(at.month())) - 1]);
    tr.t_args(
        "date-short",
        &[("day", at.day().to_string().into()), ("month", month.into()), ("year", at.year().to_string().into())],
    )
}

const MONTHS: [&str; 12] = [
    key("month-1"),
    key("month-2"),
    key("month-3"),
    key("month-4"),
    key("month-5"),
    key("month-6"),
    key("month-7"),
    key("month-8"),
    key("month-9"),
    key("month-10"),
    key("month-11"),
    key("month-12"),
];

/// A running time: "1 h 42 min", "2 h", "24 min", "8 sec".
pub fn duration(tr: Tr, seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
    match (hours, minutes) {
        (0, 0) => tr.t_with("duration-seconds", "seconds", seconds),
        (0, minutes) => tr.t_with("duration-minutes", "minutes", minutes),
        (hours, 0) => tr.t_with("duration-hours", "hours", hours),
        (hours, minutes) => {
            tr.t_args("duration-hours-minutes", &[("hours", hours.into()), ("minutes", minutes.into())])
        }
    }
}

/// How long to wait before trying again: "1 second", "45 seconds", "10 minutes" (rounded up).
pub fn wait(tr: Tr, seconds: u64) -> String {
    if seconds >= 90 {
        tr.t_with("wait-minutes", "count", seconds.div_ceil(60))
    } else {
        tr.t_with("wait-seconds", "count", seconds.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    #[test]
    fn relative_times_read_naturally_in_english() {
        let en = Tr::english();
        assert_eq!(relative(en, NOW, NOW), "Active now");
        assert_eq!(relative(en, NOW - Duration::minutes(12), NOW), "12 minutes ago");
        assert_eq!(relative(en, NOW - Duration::minutes(90), NOW), "1 hour ago");
        assert_eq!(relative(en, NOW - Duration::hours(3), NOW), "3 hours ago");
        assert_eq!(relative(en, NOW - Duration::hours(30), NOW), "Yesterday");
        assert_eq!(relative(en, NOW - Duration::days(4), NOW), "4 days ago");
        assert_eq!(relative(en, datetime!(2026-03-12 08:00 UTC), NOW), "12 Mar 2026");
        assert_eq!(ago(en, NOW, NOW), "Just now");
        assert_eq!(ago(en, NOW - Duration::minutes(1), NOW), "1 minute ago");
    }

    #[test]
    fn times_follow_the_language() {
        let [fr, de, es] = [Language::French, Language::German, Language::Spanish].map(Tr::new);
        assert_eq!(relative(fr, NOW - Duration::minutes(3), NOW), "il y a 3 minutes");
        assert_eq!(relative(de, NOW - Duration::minutes(3), NOW), "vor 3 Minuten");
        assert_eq!(relative(es, NOW - Duration::minutes(3), NOW), "hace 3 minutos");
        assert_eq!(relative(de, NOW - Duration::minutes(70), NOW), "vor 1 Stunde");
        assert_eq!(relative(es, NOW - Duration::hours(30), NOW), "Ayer");
        assert_eq!(date(fr, datetime!(2026-02-01 08:00 UTC)), "1 févr. 2026");
        assert_eq!(date(de, datetime!(2026-03-12 08:00 UTC)), "12. März 2026");
        assert_eq!(date(es, datetime!(2026-11-23 08:00 UTC)), "23 nov 2026");
    }

    #[test]
    fn asking_times_are_whole_phrases() {
        assert_eq!(asked(Tr::english(), NOW, NOW), "Asked just now");
        assert_eq!(asked(Tr::english(), NOW - Duration::minutes(1), NOW), "Asked 1 minute ago");
        assert_eq!(asked(Tr::new(Language::French), NOW, NOW), "Demandé à l’instant");
        assert_eq!(asked(Tr::new(Language::German), NOW - Duration::minutes(4), NOW), "Vor 4 Minuten angefragt");
        assert_eq!(
            asked(Tr::new(Language::Spanish), datetime!(2026-03-12 08:00 UTC), NOW),
            "Solicitado el 12 mar 2026"
        );
    }

    #[test]
    fn durations_follow_the_language() {
        assert_eq!(duration(Tr::english(), 6720.0), "1 h 52 min");
        assert_eq!(duration(Tr::english(), 1440.0), "24 min");
        assert_eq!(duration(Tr::english(), 7200.0), "2 h");
        assert_eq!(duration(Tr::english(), 8.0), "8 sec");
        assert_eq!(duration(Tr::new(Language::French), 6720.0), "1 h 52 min");
        assert_eq!(duration(Tr::new(Language::German), 6720.0), "1 Std. 52 Min.");
        assert_eq!(duration(Tr::new(Language::Spanish), 8.0), "8 s");
        assert_eq!(wait(Tr::english(), 1), "1 second");
        assert_eq!(wait(Tr::english(), 45), "45 seconds");
        assert_eq!(wait(Tr::english(), 601), "11 minutes");
        assert_eq!(wait(Tr::new(Language::German), 600), "10 Minuten");
        assert_eq!(wait(Tr::new(Language::French), 1), "1 seconde");
    }
}
