//! Jellyfin's ids: every item is a UUID, written without dashes and read with or without them.
//! Titles and files keep Marquee's own ids; the libraries' folders and a show's seasons, which
//! Marquee does not store as rows, get ids made from what they are.

use uuid::Uuid;

use crate::domain::media::LibraryKind;

/// An id as Jellyfin writes it: 32 hex digits, no dashes.
pub fn text(id: Uuid) -> String {
    id.simple().to_string()
}

/// An id as apps send it (with or without dashes, any case); `None` for anything else.
pub fn parse(raw: &str) -> Option<Uuid> {
    let raw = raw.trim();
    (raw.len() == 32 || raw.len() == 36).then(|| Uuid::parse_str(raw).ok()).flatten()
}

/// The folder an app shows for each kind of library ("Movies", "Shows", "Documentaries").
pub fn view_id(kind: LibraryKind) -> Uuid {
    let base: u128 = 0x6d61_7271_7565_8000_8000_0000_0000_0000;
    let number = match kind {
        LibraryKind::Movies => 1,
        LibraryKind::Shows => 2,
        LibraryKind::Documentaries => 3,
    };
    Uuid::from_u128(base | number)
}

/// Which library folder an id names, if it names one.
pub fn view_kind(id: Uuid) -> Option<LibraryKind> {
    LibraryKind::ALL.into_iter().find(|kind| view_id(*kind) == id)
}

/// The season numbered `number` of the show `show_id`: the show's id with its version digit made 8
/// (so it can never be a title's or a file's, whose ids are version 7) and its last two bytes holding
/// the number. [`season_of`] reads it back as the show's id with those two bytes unknown.
pub fn season_id(show_id: Uuid, number: i64) -> Uuid {
    let mut bytes = *show_id.as_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    let number = u16::try_from(number.clamp(0, i64::from(u16::MAX))).unwrap_or(0);
    bytes[14..].copy_from_slice(&number.to_be_bytes());
    Uuid::from_bytes(bytes)
}

/// A season id taken apart: what its show's id must start with, and the season's number.
pub struct SeasonKey {
    show_prefix: [u8; 14],
    pub number: i64,
}

impl SeasonKey {
    /// Whether `show_id` is the show this season belongs to.
    pub fn belongs_to(&self, show_id: Uuid) -> bool {
        season_id(show_id, self.number) == season_id_from_prefix(&self.show_prefix, self.number)
    }
}

fn season_id_from_prefix(prefix: &[u8; 14], number: i64) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes[..14].copy_from_slice(prefix);
    let number = u16::try_from(number).unwrap_or(0);
    bytes[14..].copy_from_slice(&number.to_be_bytes());
    Uuid::from_bytes(bytes)
}

/// The season an id names, if it is shaped as one (see [`season_id`]).
pub fn season_of(id: Uuid) -> Option<SeasonKey> {
    let bytes = id.as_bytes();
    if bytes[6] >> 4 != 8 || view_kind(id).is_some() {
        return None;
    }
    let mut show_prefix = [0u8; 14];
    show_prefix.copy_from_slice(&bytes[..14]);
    Some(SeasonKey { show_prefix, number: i64::from(u16::from_be_bytes([bytes[14], bytes[15]])) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_with_or_without_dashes_and_are_written_without() {
        let id = Uuid::now_v7();
        assert_eq!(parse(&id.to_string()), Some(id));
        assert_eq!(parse(&text(id)), Some(id));
        assert_eq!(parse(&text(id).to_uppercase()), Some(id));
        assert_eq!(text(id).len(), 32);
        for bad in ["", "42", "not-an-id", "{00000000-0000-0000-0000-000000000000}", &format!("{}0", text(id))] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn seasons_and_folders_never_look_like_titles_and_find_their_show() {
        let show = Uuid::now_v7();
        let other = Uuid::now_v7();
        let season = season_id(show, 2);
        assert_ne!(season, show);
        assert!(season_of(show).is_none(), "a title's id is not a season's");
        let key = season_of(season).expect("a season id");
        assert_eq!(key.number, 2);
        assert!(key.belongs_to(show));
        assert!(!key.belongs_to(other));
        for kind in LibraryKind::ALL {
            assert_eq!(view_kind(view_id(kind)), Some(kind));
            assert!(season_of(view_id(kind)).is_none());
        }
        assert_eq!(view_kind(show), None);
    }
}
