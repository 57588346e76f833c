//! Session tokens: 256 random bits from the operating system, handed out once, stored only as a hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Every token starts with this, so a leaked one is easy to recognise in logs or code.
const PREFIX: &str = "mq_";
const RANDOM_BYTES: usize = 32;
/// Length of prefix plus base64 of 32 bytes without padding.
const TOKEN_LEN: usize = PREFIX.len() + 43;

/// A freshly minted token (sent to the client once) and the hash that is stored.
pub struct IssuedToken {
    pub token: String,
    pub hash: TokenHash,
}

/// SHA-256 of a token. A fast hash is right here: the token has 256 bits of entropy,
/// so there is nothing to gain from a slow one, and it runs on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Mints a new token from the OS random number generator.
pub fn issue() -> Result<IssuedToken, getrandom::Error> {
    let mut random = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut random)?;
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
    let hash = hash(&token);
    Ok(IssuedToken { token, hash })
}

/// The hash of a presented token, or `None` when it cannot be one of ours
/// (wrong length, prefix or alphabet), so garbage is never looked up.
pub fn hash_presented(presented: &str) -> Option<TokenHash> {
    let well_formed = presented.len() == TOKEN_LEN
        && presented.starts_with(PREFIX)
        && presented[PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    well_formed.then(|| hash(presented))
}

fn hash(token: &str) -> TokenHash {
    TokenHash(Sha256::digest(token.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_are_unique_well_formed_and_match_their_hash() {
        let first = issue().unwrap();
        let second = issue().unwrap();
        assert_ne!(first.token, second.token);
        assert_eq!(first.token.len(), TOKEN_LEN);
        assert_eq!(hash_presented(&first.token), Some(first.hash));
        assert_ne!(first.hash, second.hash);
    }

    #[test]
    fn malformed_tokens_are_not_hashed() {
        let good = issue().unwrap().token;
        assert_eq!(hash_presented(""), None);
        assert_eq!(hash_presented(&good[1..]), None);
        assert_eq!(hash_presented(&format!("{good}x")), None);
        assert_eq!(hash_presented(&good.replace("mq_", "xx_")), None);
        let with_space = format!("{} ", &good[..good.len() - 1]);
        assert_eq!(hash_presented(&with_space), None);
    }
}
