//! Recovery codes: ten one-time codes to sign in with when the authenticator app is lost. Each is
//! 50 random bits as two groups of five lowercase letters and digits (no look-alikes), easy to type,
//! and kept only as its SHA-256.

use sha2::{Digest, Sha256};

/// Codes made at a time.
pub const COUNT: usize = 10;
/// Letters and digits that cannot be taken for one another (no l, o, 0, 1).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
const LETTERS: usize = 10;

/// Ten new codes, as shown to their owner once.
pub fn issue() -> Result<Vec<String>, getrandom::Error> {
    let mut random = [0u8; COUNT * LETTERS];
    getrandom::fill(&mut random)?;
    Ok(random
        .chunks(LETTERS)
        .map(|code| {
            let letters: String = code.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect())
}

/// The hash of a typed code (any letter case, spaces and dashes ignored), or `None` when it cannot be one.
pub fn hash(typed: &str) -> Option<Vec<u8>> {
    let letters: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    let well_formed = letters.len() == LETTERS && letters.bytes().all(|b| ALPHABET.contains(&b));
    well_formed.then(|| Sha256::digest(letters.as_bytes()).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ten_different_and_read_back_however_typed() {
        let codes = issue().unwrap();
        assert_eq!(codes.len(), COUNT);
        let mut hashes: Vec<_> = codes.iter().map(|code| hash(code).unwrap()).collect();
        hashes.dedup();
        assert_eq!(hashes.len(), COUNT);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        assert_eq!(hash(&code.to_uppercase().replace('-', " ")), hash(code));
        assert_eq!(hash("abcde"), None);
        assert_eq!(hash("123456"), None);
        assert_eq!(hash("abcde-fghi0"), None);
    }
}
