//! The language of the request being answered, for what is drawn without a signed-in person at hand:
//! pages before sign-in and error pages. Set from `Accept-Language` when the request comes in, and
//! to the account's language once its session is known; English outside a request.

use std::cell::Cell;
use std::future::Future;

use super::Language;

tokio::task_local! {
    static CURRENT: Cell<Language>;
}

/// Runs `answer` with `language` as the request's language.
pub async fn scope<F: Future>(language: Language, answer: F) -> F::Output {
    CURRENT.scope(Cell::new(language), answer).await
}

/// The language of the request being answered (English outside one).
pub fn current() -> Language {
    CURRENT.try_with(Cell::get).unwrap_or_default()
}

/// From now on this request is answered in `language` (a signed-in account's); no-op outside a request.
pub fn set_current(language: Language) {
    let _ = CURRENT.try_with(|current| current.set(language));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_keeps_its_language_and_others_are_english() {
        assert_eq!(current(), Language::English);
        let inside = scope(Language::French, async {
            let first = current();
            set_current(Language::German);
            (first, current())
        })
        .await;
        assert_eq!(inside, (Language::French, Language::German));
        set_current(Language::Spanish);
        assert_eq!(current(), Language::English);
    }
}
