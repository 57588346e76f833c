//! Percentiles of latencies, printed in milliseconds.

use std::time::Duration;

/// p50, p99 and max (nearest rank) of the samples.
pub fn summary(samples: &[Duration]) -> Option<(Duration, Duration, Duration)> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
    (!sorted.is_empty()).then(|| (at(0.5), at(0.99), at(1.0)))
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// `what: p50 …, p99 …, max … (n)` or `what: none`.
pub fn line(what: &str, samples: &[Duration]) -> String {
    match summary(samples) {
        Some((p50, p99, max)) => format!(
            "{what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} samples)",
            ms(p50),
            ms(p99),
            ms(max),
            samples.len()
        ),
        None => format!("{what}: none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let (p50, p99, max) = summary(&samples).unwrap();
        assert_eq!((p50, p99, max), (Duration::from_millis(50), Duration::from_millis(99), Duration::from_millis(100)));
        assert!(summary(&[]).is_none());
    }
}
