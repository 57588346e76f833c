//! The catalog's storage: media folders, titles and files (written by scans), and what each profile
//! watched, saved and is playing now.
//!
//! Three traits, one per area, each written once for both databases: [`SqlCatalog`] is generic over
//! the sqlx backend, and every statement here is plain SQL that SQLite and PostgreSQL both read.

mod backend;
mod library;
mod reads;
mod records;
mod tracks;
mod viewing;

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

pub use backend::SqlCatalog;
pub use reads::SEARCH_WORDS;
pub use records::{
    Keyframes, KeyframesWanted, KnownMedia, KnownTitle, LeaseOutcome, LeaseRequest, LibraryRecord, MediaFactsWrite,
    MediaRecord, MediaWrite, ProgressRecord, ResumePoint, StreamLease, SubtitleRecord, SubtitleWrite, TitleDetail,
    TitleOutcome, TitleQuery, TitleSummary, TitleWrite, TrackRecord, TrackWrite,
};

use super::StoreResult;
use super::activity::Actor;

/// The media folders and what scanning them found.
#[async_trait]
pub trait LibraryStore: Send + Sync + 'static {
    /// Fails with `Conflict` when the folder is already a library.
    async fn add_library(&self, path: &str, kind: &str, now: OffsetDateTime) -> StoreResult<LibraryRecord>;
    async fn libraries(&self) -> StoreResult<Vec<LibraryRecord>>;
    /// Removes the library with its titles, files and their watch history. False when there was none.
    async fn remove_library(&self, path: &str) -> StoreResult<bool>;
    async fn known_titles(&self, library_id: Uuid) -> StoreResult<Vec<KnownTitle>>;
    async fn known_media(&self, library_id: Uuid) -> StoreResult<Vec<KnownMedia>>;
    /// Writes a title with all its files in one transaction; its files not in `title.files` become missing.
    async fn write_title(&self, library_id: Uuid, title: &TitleWrite, now: OffsetDateTime)
    -> StoreResult<TitleOutcome>;
    /// Marks files missing (their titles become unavailable when nothing of them is left).
    async fn mark_missing(&self, media_ids: &[Uuid], now: OffsetDateTime) -> StoreResult<()>;
    /// Records the scan's time and deletes titles left without any file (all of them moved elsewhere).
    async fn finish_scan(&self, library_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Present video files whose keyframe times were not read from their present version, in id order
    /// after `after` (`Uuid::nil()` to start), at most `limit`.
    async fn media_without_keyframes(&self, after: Uuid, limit: i64) -> StoreResult<Vec<KeyframesWanted>>;
    /// How many files [`LibraryStore::media_without_keyframes`] lists in all.
    async fn count_media_without_keyframes(&self) -> StoreResult<i64>;
    /// Stores a file's keyframe times (`None`: it was read and has none to give) if the file still has this
    /// size and modification time; false when it changed or went away meanwhile.
    async fn save_keyframes(
        &self,
        media_id: Uuid,
        size: i64,
        modified_ns: i64,
        times: Option<&[i64]>,
    ) -> StoreResult<bool>;
}

/// Reading the catalog, always within a profile's maturity level (a title above it does not exist).
#[async_trait]
pub trait CatalogStore: Send + Sync + 'static {
    /// Titles in name order, optionally of one kind or genre, after a cursor.
    async fn list_titles(&self, query: &TitleQuery) -> StoreResult<Vec<TitleSummary>>;
    async fn recently_added(&self, max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>>;
    /// Genres with how many titles have each, most used first.
    async fn genres(&self, max_maturity: i64) -> StoreResult<Vec<(String, i64)>>;
    /// Titles whose name, cast or genres contain every word (already folded to lower-case ASCII).
    async fn search(&self, words: &[String], max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>>;
    async fn title(&self, id: Uuid, max_maturity: i64) -> StoreResult<Option<TitleDetail>>;
    /// A title's files: its versions, or a show's episodes in season and episode order.
    async fn title_media(&self, title_id: Uuid) -> StoreResult<Vec<MediaRecord>>;
    async fn media(&self, id: Uuid, max_maturity: i64) -> StoreResult<Option<MediaRecord>>;
    async fn subtitles(&self, media_id: Uuid) -> StoreResult<Vec<SubtitleRecord>>;
    /// The sound and subtitle tracks inside a file, audio first, each kind in its file's order.
    async fn media_tracks(&self, media_id: Uuid) -> StoreResult<Vec<TrackRecord>>;
    /// The file's keyframe times, once they are known.
    async fn keyframes(&self, media_id: Uuid) -> StoreResult<Option<Keyframes>>;
    async fn title_count(&self) -> StoreResult<i64>;
}

/// What profiles watched and saved, and which devices are playing.
#[async_trait]
pub trait ViewingStore: Send + Sync + 'static {
    /// Records the position in a file; false when there is no such file.
    async fn save_progress(
        &self,
        profile_id: Uuid,
        media_id: Uuid,
        position_seconds: f64,
        watched: bool,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn title_progress(&self, profile_id: Uuid, title_id: Uuid) -> StoreResult<Vec<ProgressRecord>>;
    /// Every file the profile has a position in or finished, of every title, in one read (lists of
    /// titles show each one's progress, finished films included).
    async fn profile_progress(&self, profile_id: Uuid) -> StoreResult<Vec<ProgressRecord>>;
    /// Started, unfinished files and finished episodes of shows, most recent first (a title may appear
    /// once per file).
    async fn continue_watching(&self, profile_id: Uuid, max_maturity: i64, limit: i64)
    -> StoreResult<Vec<ResumePoint>>;
    async fn my_list(&self, profile_id: Uuid, max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>>;
    async fn in_my_list(&self, profile_id: Uuid, title_id: Uuid) -> StoreResult<bool>;
    /// Adds or removes; false when there is no such title.
    async fn set_in_my_list(
        &self,
        profile_id: Uuid,
        title_id: Uuid,
        on: bool,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Counts the account's playing devices and adds or renews this one's lease, in one transaction
    /// (with an entry in the account's activity when the device starts a file it was not playing).
    async fn start_stream(&self, request: &LeaseRequest) -> StoreResult<LeaseOutcome>;
    /// Ends a device's lease; false when it had none.
    async fn end_stream(&self, account_id: Uuid, session_id: Uuid) -> StoreResult<bool>;
    async fn active_streams(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<StreamLease>>;
    /// Sets the highest maturity rank a profile of the account may watch, recorded in the account's
    /// activity as done by `by`; false when there is no such profile.
    async fn set_profile_maturity(
        &self,
        by: &Actor,
        account_id: Uuid,
        profile_id: Uuid,
        rank: i64,
    ) -> StoreResult<bool>;
}

/// All of the catalog's storage, as the services hold it.
pub trait Catalog: LibraryStore + CatalogStore + ViewingStore {}

impl<T: LibraryStore + CatalogStore + ViewingStore> Catalog for T {}
