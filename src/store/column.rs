//! [`Column`]: what storage written once for both databases asks of a Rust type.

use sqlx::{Database, Decode, Encode, Type};

/// A Rust type that a backend can both bind and read back.
pub trait Column<DB: Database>: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB> + Send + Sync {}

impl<DB: Database, T> Column<DB> for T where T: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB> + Send + Sync {}
