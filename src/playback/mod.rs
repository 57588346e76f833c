//! Playing what the catalog holds: today the stream itself (ranges, cut off at sign-out); progress,
//! My List and stream limits come beside it.

pub mod stream;
