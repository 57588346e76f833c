//! A gauge of things open right now (event streams, video responses), raised while a guard lives.

/// Adds one to the gauge `name` until dropped.
pub struct OpenGuard(&'static str);

impl OpenGuard {
    pub fn new(name: &'static str) -> Self {
        metrics::gauge!(name).increment(1.0);
        Self(name)
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        metrics::gauge!(self.0).decrement(1.0);
    }
}
