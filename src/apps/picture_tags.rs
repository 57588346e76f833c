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

    fn signature(&self, id: Uuid) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(id.as_bytes());
        let signed = mac.finalize().into_bytes();
        signed.iter().take(SIGNED / 2).map(|byte| format!("{byte:02x}")).collect()
    }

    /// The tag of item `id`'s picture `what` (a letter: which picture), as apps are told it.
    pub fn tag(&self, id: Uuid, what: &str) -> String {
        format!("{}{what}", self.signature(id))
    }

    /// Whether `tag` is one handed out for item `id`'s pictures (compared in constant time).
    pub fn allows(&self, id: Uuid, tag: &str) -> bool {
        let Some(presented) = tag.get(..SIGNED) else { return false };
        let expected = self.signature(id);
        presented.len() == expected.len()
            && presented.bytes().zip(expected.bytes()).fold(0u8, |differ, (a, b)| differ | (a ^ b)) == 0
    }
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
        for bad in ["", "p", "0123", "é", &tag[..SIGNED - 1]] {
            assert!(!tags.allows(film, bad), "{bad:?}");
        }
    }
}
