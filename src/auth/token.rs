//! Session tokens: 256 random bits from the operating system, handed out once, stored only as a hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Every session token starts with this, so a leaked one is easy to recognise in logs or code.
const PREFIX: &str = "mq_";
/// Device codes (what a TV polls with until someone allows it in) start with this instead: one can
/// never be taken for the other.
const DEVICE_CODE_PREFIX: &str = "mqd_";
/// The secret in a "Forgot password?" link starts with this: it signs nothing in by itself.
const RESET_PREFIX: &str = "mqr_";
/// The secret of a "Not you?" link starts with this.
const NOT_ME_PREFIX: &str = "mqn_";
/// The secret of a link that confirms a new email starts with this.
const EMAIL_PREFIX: &str = "mqe_";
/// The secret of a sign-in's second step (held between the password and the code) starts with this.
const CHALLENGE_PREFIX: &str = "mqc_";
/// The id a browser holds for a passkey ceremony between its options and its answer.
const CEREMONY_PREFIX: &str = "mqk_";
const RANDOM_BYTES: usize = 32;
/// Base64 of 32 bytes without padding.
const ENCODED_LEN: usize = 43;

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

/// Mints a new session token from the OS random number generator.
pub fn issue() -> Result<IssuedToken, getrandom::Error> {
    issue_with(PREFIX)
}

/// Mints a new device code.
pub fn issue_device_code() -> Result<IssuedToken, getrandom::Error> {
    issue_with(DEVICE_CODE_PREFIX)
}

/// Mints the secret of a password reset link.
pub fn issue_reset_token() -> Result<IssuedToken, getrandom::Error> {
    issue_with(RESET_PREFIX)
}

/// The hash of a presented password reset secret, or `None` when it cannot be one.
pub fn hash_reset_token(presented: &str) -> Option<TokenHash> {
    hash_presented_with(RESET_PREFIX, presented)
}

/// Mints the secret of a "Not you?" link.
pub fn issue_not_me_token() -> Result<IssuedToken, getrandom::Error> {
    issue_with(NOT_ME_PREFIX)
}

/// The hash of a presented "Not you?" secret, or `None` when it cannot be one.
pub fn hash_not_me_token(presented: &str) -> Option<TokenHash> {
    hash_presented_with(NOT_ME_PREFIX, presented)
}

/// Mints the secret of a link that confirms a new email.
pub fn issue_email_token() -> Result<IssuedToken, getrandom::Error> {
    issue_with(EMAIL_PREFIX)
}

/// The hash of a presented email confirmation secret, or `None` when it cannot be one.
pub fn hash_email_token(presented: &str) -> Option<TokenHash> {
    hash_presented_with(EMAIL_PREFIX, presented)
}

/// Mints the secret of a sign-in's second step.
pub fn issue_challenge() -> Result<IssuedToken, getrandom::Error> {
    issue_with(CHALLENGE_PREFIX)
}

/// The hash of a presented second-step secret, or `None` when it cannot be one.
pub fn hash_challenge(presented: &str) -> Option<TokenHash> {
    hash_presented_with(CHALLENGE_PREFIX, presented)
}

/// Mints the id of a passkey ceremony.
pub fn issue_ceremony_id() -> Result<IssuedToken, getrandom::Error> {
    issue_with(CEREMONY_PREFIX)
}

/// The hash of a presented passkey ceremony id, or `None` when it cannot be one.
pub fn hash_ceremony_id(presented: &str) -> Option<TokenHash> {
    hash_presented_with(CEREMONY_PREFIX, presented)
}

fn issue_with(prefix: &str) -> Result<IssuedToken, getrandom::Error> {
    let mut random = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut random)?;
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random));
    let hash = hash(&token);
    Ok(IssuedToken { token, hash })
}

/// The hash of a presented session token, or `None` when it cannot be one of ours
/// (wrong length, prefix or alphabet), so garbage is never looked up.
pub fn hash_presented(presented: &str) -> Option<TokenHash> {
    hash_presented_with(PREFIX, presented)
}

/// The hash of a presented device code, or `None` when it cannot be one.
pub fn hash_device_code(presented: &str) -> Option<TokenHash> {
    hash_presented_with(DEVICE_CODE_PREFIX, presented)
}

fn hash_presented_with(prefix: &str, presented: &str) -> Option<TokenHash> {
    let well_formed = presented.len() == prefix.len() + ENCODED_LEN
        && presented.starts_with(prefix)
        && presented[prefix.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
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
        assert_eq!(first.token.len(), PREFIX.len() + ENCODED_LEN);
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

    #[test]
    fn device_codes_and_session_tokens_are_never_taken_for_each_other() {
        let code = issue_device_code().unwrap();
        assert_eq!(hash_device_code(&code.token), Some(code.hash));
        assert_eq!(hash_presented(&code.token), None);
        let session = issue().unwrap();
        assert_eq!(hash_device_code(&session.token), None);
        let reset = issue_reset_token().unwrap();
        assert_eq!(hash_reset_token(&reset.token), Some(reset.hash));
        assert_eq!(hash_presented(&reset.token), None);
        assert_eq!(hash_reset_token(&session.token), None);
        let not_me = issue_not_me_token().unwrap();
        assert_eq!(hash_not_me_token(&not_me.token), Some(not_me.hash));
        assert_eq!(hash_reset_token(&not_me.token), None);
        assert_eq!(hash_not_me_token(&reset.token), None);
        let email = issue_email_token().unwrap();
        assert_eq!(hash_email_token(&email.token), Some(email.hash));
        assert_eq!(hash_not_me_token(&email.token), None);
        let challenge = issue_challenge().unwrap();
        assert_eq!(hash_challenge(&challenge.token), Some(challenge.hash));
        assert_eq!(hash_presented(&challenge.token), None);
        assert_eq!(hash_challenge(&session.token), None);
    }
}
