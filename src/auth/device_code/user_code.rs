//! The short code a TV shows and a person types elsewhere: eight letters from an alphabet without
//! vowels (no words), without letters easily mistaken for others, shown as `XXXX-XXXX`.

use crate::i18n::key;

/// The letters a code is made of (RFC 8628 §6.1 suggests this alphabet).
pub const ALPHABET: &[u8; 20] = b"BCDFGHJKLMNPQRSTVWXZ";
pub const LENGTH: usize = 8;

/// A well-formed user code: eight letters of [`ALPHABET`], stored without its dash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCode(String);

impl UserCode {
    /// A new random code from the operating system's generator.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut code = String::with_capacity(LENGTH);
        while code.len() < LENGTH {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes)?;
            // 240 is the largest multiple of 20 in a byte: dropping bytes past it keeps every letter
            // equally likely.
            for byte in bytes.into_iter().filter(|b| usize::from(*b) < 240) {
                if code.len() < LENGTH {
                    code.push(char::from(ALPHABET[usize::from(byte) % ALPHABET.len()]));
                }
            }
        }
        Ok(Self(code))
    }

    /// What a person typed, with case, spaces and dashes ignored; or why it cannot be a code (the id
    /// of a message that says so).
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        if typed.len() > 64 {
            return Err(key("code-too-long"));
        }
        let letters: String =
            typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        if letters.is_empty() {
            return Err(key("code-missing"));
        }
        if !letters.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(key("code-wrong-letters"));
        }
        if letters.len() != LENGTH {
            return Err(key("code-wrong-length"));
        }
        Ok(Self(letters))
    }

    /// As stored: eight letters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown: `BCDF-GHJK`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_use_only_the_alphabet_and_differ() {
        let codes: Vec<UserCode> = (0..200).map(|_| UserCode::generate().unwrap()).collect();
        for code in &codes {
            assert_eq!(code.as_str().len(), LENGTH);
            assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)), "{code:?}");
            assert_eq!(UserCode::parse(&code.display()).unwrap(), *code);
        }
        let distinct: std::collections::HashSet<_> = codes.iter().map(UserCode::as_str).collect();
        assert!(distinct.len() > 195, "codes repeat far too often");
        // Every letter turns up: the generator is not stuck on part of the alphabet.
        let letters: std::collections::HashSet<u8> = codes.iter().flat_map(|c| c.as_str().bytes()).collect();
        assert_eq!(letters.len(), ALPHABET.len());
    }

    #[test]
    fn case_spaces_and_dashes_are_ignored() {
        let expected = UserCode("BCDFGHJK".into());
        for typed in ["BCDF-GHJK", "bcdf-ghjk", " bcdf ghjk ", "BCDFGHJK", "b-c-d-f-g-h-j-k", "bcDF\tGHjk"] {
            assert_eq!(UserCode::parse(typed), Ok(expected.clone()), "{typed:?}");
        }
        assert_eq!(expected.display(), "BCDF-GHJK");
    }

    #[test]
    fn anything_else_is_refused_with_words() {
        for typed in ["", " - ", "BCDF-GHJ", "BCDF-GHJKL", "ABCD-EFGH", "BCDF-GHJ1", "<script>", "ß", &"B".repeat(100)]
        {
            let refused = crate::i18n::Tr::english().t(UserCode::parse(typed).expect_err(typed));
            assert!(refused.ends_with('.') && refused.contains(' '), "{refused}");
        }
    }
}
