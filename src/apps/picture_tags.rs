//! Picture tags: apps load pictures as plain addresses, often without their token, so each item's
//! tags are signed with a key only the server holds. A picture asked for with the tag the app was
//! given for that item is served without a token; any other needs one. A tag opens nothing but the
//! art of the one item it was handed out for, to a device that was shown that item.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// Hex characters of the signature a tag carries (96 bits), before the letter saying which picture.
const SIGNED: usize = 24;

#[derive(Clone)]
pub struct PictureTags {
    key: Vec<u8>,
}

impl PictureTags {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self, id: Uuid) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(id.as_bytes());
        mac
    }

    fn signature(&self, id: Uuid) -> String {
        let signed = self.mac(id).finalize().into_bytes();
        signed.iter().take(SIGNED / 2).map(|byte| format!("{byte:02x}")).collect()
    }

    /// The tag of item `id`'s picture `what` (a letter: which picture), as apps are told it.
    pub fn tag(&self, id: Uuid, what: &str) -> String {
        format!("{}{what}", self.signature(id))
    }

    /// Whether `tag` is one handed out for item `id`'s pictures (compared in constant time, by the
    /// MAC itself).
    pub fn allows(&self, id: Uuid, tag: &str) -> bool {
        let Some(presented) = tag.get(..SIGNED).and_then(lower_hex_bytes) else { return false };
        self.mac(id).verify_truncated_left(&presented).is_ok()
    }
}

/// The bytes that lower-case hex `text` spells (as tags are written), or `None`.
fn lower_hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    text.as_bytes().chunks(2).map(|pair| Some(digit(*pair.first()?)? << 4 | digit(*pair.get(1)?)?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_opens_the_pictures_of_its_own_item_only() {
        let tags = PictureTags::new(vec![7; 32]);
        let (film, other) = (Uuid::now_v7(), Uuid::now_v7());
        let tag = tags.tag(film, "p");
        assert!(tags.allows(film, &tag));
        assert!(tags.allows(film, &tags.tag(film, "b")), "any picture of the item");
        assert!(!tags.allows(other, &tag), "not another item's");
        assert!(!PictureTags::new(vec![8; 32]).allows(film, &tag), "not under another server's key");
        let upper = tag[..SIGNED].to_ascii_uppercase();
        for bad in ["", "p", "0123", "é", &tag[..SIGNED - 1], &upper, &"z".repeat(SIGNED)] {
            assert!(!tags.allows(film, bad), "{bad:?}");
        }
    }
}
