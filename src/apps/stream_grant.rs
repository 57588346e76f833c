//! Stream grants: players fetch playlists, segments and subtitles as plain addresses, most without
//! the app's token, and Marquee never writes a session token into an address. So the addresses it
//! hands out carry a grant instead: the session, the profile and the one file it opens, and when it
//! stops opening it, signed with a key only the server holds. A grant is not a session and never
//! becomes one; each request with it still needs that session to be alive (see `stream_caller`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// How long a grant opens its file; each new `PlaybackInfo` hands out a fresh one.
pub const LIFETIME_SECS: i64 = 6 * 60 * 60;
/// What the signature covers before the grant's fields, so that no other signed value of this
/// server's key (a picture tag, say) can ever pass for a grant.
const PURPOSE: &[u8] = b"marquee stream grant v1\0";
/// The fields: session, profile, media (16 bytes each) and the expiry (8).
const FIELDS: usize = 16 * 3 + 8;
/// Bytes of the signature a grant carries (128 bits).
const SIGNED: usize = 16;

/// What a grant names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamGrant {
    pub session_id: Uuid,
    pub profile_id: Uuid,
    /// The one file whose playlists, segments and subtitles it opens.
    pub media_id: Uuid,
    /// Unix seconds after which it opens nothing.
    pub expires_at: i64,
}

/// Why a grant opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantRefusal {
    /// Not one this server signed, or changed since.
    NotSigned,
    Expired,
}

impl GrantRefusal {
    /// In words a person (or whoever reads the player's log) can act on.
    pub fn words(self) -> &'static str {
        match self {
            Self::NotSigned => "This stream's address is not one this server gave out. Start the video again.",
            Self::Expired => "This stream's address has expired. Start the video again.",
        }
    }
}

#[derive(Clone)]
pub struct StreamGrants {
    key: Vec<u8>,
}

impl StreamGrants {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self, fields: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(PURPOSE);
        mac.update(fields);
        mac
    }

    fn signature(&self, fields: &[u8]) -> [u8; SIGNED] {
        let signed = self.mac(fields).finalize().into_bytes();
        let mut cut = [0u8; SIGNED];
        cut.copy_from_slice(&signed[..SIGNED]);
        cut
    }

    /// The grant as it goes into an address (URL-safe base64).
    pub fn sign(&self, grant: &StreamGrant) -> String {
        let mut bytes = Vec::with_capacity(FIELDS + SIGNED);
        bytes.extend_from_slice(grant.session_id.as_bytes());
        bytes.extend_from_slice(grant.profile_id.as_bytes());
        bytes.extend_from_slice(grant.media_id.as_bytes());
        bytes.extend_from_slice(&grant.expires_at.to_be_bytes());
        let signature = self.signature(&bytes);
        bytes.extend_from_slice(&signature);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// What `text` grants at `now` (unix seconds), if this server signed it and it has not expired.
    pub fn read(&self, text: &str, now: i64) -> Result<StreamGrant, GrantRefusal> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| GrantRefusal::NotSigned)?;
        if bytes.len() != FIELDS + SIGNED {
            return Err(GrantRefusal::NotSigned);
        }
        let (fields, presented) = bytes.split_at(FIELDS);
        // Compared in constant time by the MAC itself.
        self.mac(fields).verify_truncated_left(presented).map_err(|_| GrantRefusal::NotSigned)?;
        let id = |at: usize| Uuid::from_slice(&fields[at..at + 16]).map_err(|_| GrantRefusal::NotSigned);
        let mut expiry = [0u8; 8];
        expiry.copy_from_slice(&fields[48..FIELDS]);
        let grant = StreamGrant {
            session_id: id(0)?,
            profile_id: id(16)?,
            media_id: id(32)?,
            expires_at: i64::from_be_bytes(expiry),
        };
        if now >= grant.expires_at {
            return Err(GrantRefusal::Expired);
        }
        Ok(grant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(expires_at: i64) -> StreamGrant {
        StreamGrant { session_id: Uuid::now_v7(), profile_id: Uuid::now_v7(), media_id: Uuid::now_v7(), expires_at }
    }

    #[test]
    fn a_grant_reads_back_until_it_expires() {
        let grants = StreamGrants::new(vec![7; 32]);
        let given = grant(1_000);
        let text = grants.sign(&given);
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{text}");
        assert_eq!(grants.read(&text, 999), Ok(given));
        assert_eq!(grants.read(&text, 1_000), Err(GrantRefusal::Expired));
    }

    #[test]
    fn a_changed_forged_or_foreign_grant_opens_nothing() {
        let grants = StreamGrants::new(vec![7; 32]);
        let text = grants.sign(&grant(1_000));
        assert_eq!(StreamGrants::new(vec![8; 32]).read(&text, 0), Err(GrantRefusal::NotSigned), "another key");
        let mut bytes = URL_SAFE_NO_PAD.decode(&text).unwrap();
        for at in [0, 20, 40, 50, FIELDS + 3] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert_eq!(grants.read(&URL_SAFE_NO_PAD.encode(changed), 0), Err(GrantRefusal::NotSigned), "byte {at}");
        }
        bytes.truncate(FIELDS + SIGNED - 1);
        assert_eq!(grants.read(&URL_SAFE_NO_PAD.encode(bytes), 0), Err(GrantRefusal::NotSigned), "cut short");
        for bad in ["", "abc", "%%%", &"A".repeat(96)] {
            assert_eq!(grants.read(bad, 0), Err(GrantRefusal::NotSigned), "{bad}");
        }
    }
}
