//! Folding names for search and sorting: case and accents never matter ("Amélie" is found by "amelie").

/// Lower-case ASCII, accents removed, runs of anything else than letters and digits made one space.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut folded = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// The words of a search query, folded; at most `limit` of them.
pub fn query_words(query: &str, limit: usize) -> Vec<String> {
    fold(query).split(' ').filter(|w| !w.is_empty()).take(limit).map(str::to_string).collect()
}

/// How a title sorts: folded, without a leading article ("The Matrix" sorts under M).
pub fn sort_name(name: &str) -> String {
    let folded = fold(name);
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = folded.strip_prefix(article)
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    folded
}

/// The text a title is searched by: its name first (so a name that starts with the query ranks first),
/// then its original name, genres and cast.
pub fn search_text<'a>(name: &str, others: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = fold(name);
    for other in others {
        let folded = fold(other);
        if !folded.is_empty() {
            text.push_str(" | ");
            text.push_str(&folded);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_accents_and_punctuation() {
        assert_eq!(fold("  Amélie's  GARDEN! "), "amelie s garden");
        assert_eq!(fold("Café de la Gare"), "cafe de la gare");
        assert_eq!(query_words("CAFÉ  gare", 4), vec!["cafe", "gare"]);
    }

    #[test]
    fn sort_names_skip_articles() {
        assert_eq!(sort_name("The Lighthouse"), "lighthouse");
        assert_eq!(sort_name("A"), "a");
        assert_eq!(sort_name("Anatomy"), "anatomy");
    }

    #[test]
    fn search_text_starts_with_the_name() {
        let text = search_text("Harbour Lights", ["Drama", "Ana Pérez"]);
        assert_eq!(text, "harbour lights | drama | ana perez");
    }
}
