//! The keyframe times of an MP4's video track, from its sample tables: `stss` names the sync samples
//! (numbered from 1), `stts` gives every sample's decode time, `ctts` shifts decode times to presentation
//! times, and the edit list's start is where presentation begins.
//!
//! Work is proportional to the number of table entries and keyframes, never to the samples a table claims,
//! so a table that claims billions of samples costs nothing.

use mp4parse::{TimeOffset, TimeOffsetVersion, Track};

/// A track without `stss` has only sync samples; past this many, its list is not worth keeping.
const MAX_KEYFRAMES: usize = 1_000_000;

/// The sample tables a keyframe list is computed from, as plain numbers.
struct Tables {
    timescale: i128,
    /// `stts`: (sample count, decode duration of each).
    durations: Vec<(u64, u64)>,
    /// `stss`: sync sample numbers, from 1; `None` when every sample is one.
    sync: Option<Vec<u64>>,
    /// `ctts`: (sample count, composition offset of each).
    offsets: Vec<(u64, i128)>,
    /// The edit list's start, in the track's timescale.
    start: i128,
}

/// Milliseconds from the start of each keyframe, ascending; `None` when the tables are missing or do not
/// agree with each other.
pub(super) fn keyframes(track: &Track) -> Option<Vec<i64>> {
    let tables = Tables {
        timescale: i128::from(track.timescale?.0),
        durations: track
            .stts
            .as_ref()?
            .samples
            .iter()
            .map(|s| (u64::from(s.sample_count), u64::from(s.sample_delta)))
            .collect(),
        sync: track.stss.as_ref().map(|stss| stss.samples.iter().map(|&n| u64::from(n)).collect()),
        offsets: track.ctts.as_ref().map_or_else(Vec::new, |ctts| ctts.samples.iter().map(offset_run).collect()),
        start: track.media_time.map_or(0, |t| i128::from(t.0)),
    };
    times(&tables)
}

fn offset_run(entry: &TimeOffset) -> (u64, i128) {
    let offset = match entry.time_offset {
        TimeOffsetVersion::Version0(v) => i128::from(v),
        TimeOffsetVersion::Version1(v) => i128::from(v),
    };
    (u64::from(entry.sample_count), offset)
}

fn times(tables: &Tables) -> Option<Vec<i64>> {
    if tables.timescale <= 0 {
        return None;
    }
    let all;
    let sync = match &tables.sync {
        Some(sync) => sync,
        None => {
            let total: u64 = tables.durations.iter().map(|(count, _)| count).sum();
            if total > MAX_KEYFRAMES as u64 {
                return None;
            }
            all = (1..=total).collect::<Vec<u64>>();
            &all
        }
    };
    let mut durations = Runs::new(&tables.durations);
    let mut offsets = Runs::new(&tables.offsets);
    let mut times = Vec::with_capacity(sync.len());
    for &sample in sync {
        let dts = durations.decode_time(sample)?;
        let offset = if tables.offsets.is_empty() { 0 } else { offsets.value(sample)? };
        let pts = (dts + offset - tables.start).max(0);
        times.push(i64::try_from((pts * 1000 + tables.timescale / 2) / tables.timescale).ok()?);
    }
    times.sort_unstable();
    times.dedup();
    Some(times)
}

/// Walks a run-length table forwards, answering for ever-later samples (numbered from 1).
struct Runs<'a, V> {
    runs: std::slice::Iter<'a, (u64, V)>,
    /// The current run: its first sample, its length and its value.
    first: u64,
    current: Option<(u64, V)>,
    /// Decode time of the current run's first sample (for `stts`).
    time: i128,
}

impl<'a, V: Copy + Into<i128>> Runs<'a, V> {
    fn new(runs: &'a [(u64, V)]) -> Self {
        let mut runs = runs.iter();
        let current = runs.next().copied();
        Runs { runs, first: 1, current, time: 0 }
    }

    /// Moves to the run holding `sample`; `None` past the table's end or for an earlier sample.
    fn seek(&mut self, sample: u64) -> Option<(u64, V)> {
        if sample < self.first {
            return None;
        }
        loop {
            let (count, value) = self.current?;
            if sample - self.first < count {
                return Some((count, value));
            }
            self.time += i128::from(count) * value.into();
            self.first += count;
            self.current = self.runs.next().copied();
        }
    }

    fn value(&mut self, sample: u64) -> Option<i128> {
        self.seek(sample).map(|(_, value)| value.into())
    }

    /// With durations as values: the sample's decode time.
    fn decode_time(&mut self, sample: u64) -> Option<i128> {
        let (_, duration) = self.seek(sample)?;
        Some(self.time + i128::from(sample - self.first) * duration.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(durations: &[(u64, u64)], sync: Option<&[u64]>, offsets: &[(u64, i128)], start: i128) -> Tables {
        Tables {
            timescale: 12_800,
            durations: durations.to_vec(),
            sync: sync.map(<[u64]>::to_vec),
            offsets: offsets.to_vec(),
            start,
        }
    }

    #[test]
    fn sync_samples_become_milliseconds() {
        // 25 frames a second at 12800 ticks a second: 512 ticks a frame; a keyframe every 2 s.
        let t = tables(&[(150, 512)], Some(&[1, 51, 101]), &[], 0);
        assert_eq!(times(&t), Some(vec![0, 2000, 4000]));
    }

    #[test]
    fn composition_offsets_and_the_edit_list_give_presentation_times() {
        // B-frames: every sample shifted by two frames, and the edit list starts two frames in.
        let t = tables(&[(100, 512)], Some(&[1, 51]), &[(1, 1024), (49, 512), (50, 1024)], 1024);
        assert_eq!(times(&t), Some(vec![0, 2000]));
    }

    #[test]
    fn durations_may_change_between_runs() {
        let t = tables(&[(10, 1280), (10, 2560)], Some(&[1, 11, 15]), &[], 0);
        assert_eq!(times(&t), Some(vec![0, 1000, 1800]));
    }

    #[test]
    fn without_stss_every_sample_is_a_keyframe() {
        assert_eq!(times(&tables(&[(3, 6400)], None, &[], 0)), Some(vec![0, 500, 1000]));
    }

    #[test]
    fn tables_that_disagree_give_nothing() {
        assert_eq!(times(&tables(&[(10, 512)], Some(&[1, 11]), &[], 0)), None, "a sync sample past the end");
        assert_eq!(times(&tables(&[(10, 512)], Some(&[0]), &[], 0)), None, "samples count from 1");
        assert_eq!(times(&tables(&[(10, 512)], Some(&[1, 5]), &[(2, 0)], 0)), None, "offsets end early");
        assert_eq!(times(&tables(&[(u64::from(u32::MAX), 1)], None, &[], 0)), None, "too many to list");
        let zero = Tables { timescale: 0, ..tables(&[(1, 1)], None, &[], 0) };
        assert_eq!(times(&zero), None);
    }

    #[test]
    fn a_table_claiming_billions_of_samples_costs_nothing() {
        let t = tables(&[(u64::from(u32::MAX), 1); 1000], Some(&[1, 4_000_000_000_000]), &[], 0);
        assert!(times(&t).is_some());
    }
}
