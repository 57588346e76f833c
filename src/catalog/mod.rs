//! The catalog: what there is to watch. For now, each profile's homepage.

pub mod browse;
pub mod scan;
