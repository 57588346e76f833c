//! The catalog: what there is to watch. Media folders and their scans, each profile's homepage rows,
//! title pages and search.
//!
//! An area: it imports `web/`, `auth/` and what lies below them, and nothing from the other areas
//! (playback reads the catalog, not the other way round).

pub mod api;
pub mod art;
pub mod browse;
mod cards;
pub mod keyframes;
pub mod library;
pub mod next_up;
pub mod scan;
pub mod search;
pub mod text;
pub mod title;
