//! The words the player's scripts show (its TV controls, end screen, countdown and messages), put on
//! the page in the reader's language as a JSON block the scripts read; `{name}` marks where a script
//! puts a value in.

use serde::Serialize;

use crate::i18n::Tr;

/// Seconds the end screen counts down before the next episode plays (as `player-end.js` does).
const COUNTDOWN: usize = 10;

#[derive(Serialize)]
struct Words {
    play: String,
    pause: String,
    left: String,
    of: String,
    sound_named: String,
    subtitles_named: String,
    off: String,
    /// "in 1 second" … "in 10 seconds", each in its language's plural form; index 0 is unused.
    countdown: Vec<String>,
    subtitles: String,
    subtitles_off: String,
    sound_number: String,
    stereo: String,
    channels: String,
    forced: String,
    drawn: String,
    cannot_play_now: String,
    browser_cannot: String,
    stopped: String,
    stopped_from: String,
    stopped_elsewhere: String,
}

/// The JSON for `<script type="application/json" id="player-words">`, safe to put there unescaped:
/// no `<` can close the element early.
pub fn json(tr: Tr) -> String {
    let hole = |id: &str, name: &str| tr.t_with(id, name, format!("{{{name}}}"));
    let words = Words {
        play: tr.t("player-play"),
        pause: tr.t("player-pause"),
        left: hole("player-time-left", "time"),
        of: tr.t_args("player-time-of", &[("time", "{time}".into()), ("duration", "{duration}".into())]),
        sound_named: hole("player-sound-named", "name"),
        subtitles_named: hole("player-subtitles-named", "name"),
        off: tr.t("player-off"),
        countdown: (0..=COUNTDOWN).map(|count| tr.t_with("player-next-in", "count", count)).collect(),
        subtitles: tr.t("player-subtitles"),
        subtitles_off: tr.t("player-subtitles-off"),
        sound_number: hole("player-sound-number", "number"),
        stereo: tr.t("player-stereo"),
        channels: tr.t_with("player-channels", "count", "{count}"),
        forced: tr.t("player-forced"),
        drawn: hole("player-drawn", "name"),
        cannot_play_now: tr.t("player-cannot-play-now"),
        browser_cannot: tr.t("player-browser-cannot"),
        stopped: tr.t("player-stopped"),
        stopped_from: hole("player-stopped-from", "device"),
        stopped_elsewhere: tr.t("player-stopped-elsewhere"),
    };
    serde_json::to_string(&words).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn the_countdown_counts_in_the_language_and_nothing_closes_the_block() {
        let words: serde_json::Value = serde_json::from_str(&json(Tr::new(Language::French))).unwrap();
        assert_eq!(words["countdown"][1], "dans 1 seconde");
        assert_eq!(words["countdown"][10], "dans 10 secondes");
        assert_eq!(words["left"], "encore {time}");
        assert!(!json(Tr::english()).contains('<'));
    }
}
