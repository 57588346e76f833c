//! Where an HLS stream's segments begin and end, decided before ffmpeg runs, and the playlists that
//! list them: a player sees the whole video at once and can seek anywhere in it.
//!
//! A transcode cuts on a fixed grid (ffmpeg is told to put a keyframe at each cut). A remux copies
//! the picture, so it can only cut at the file's own keyframes: each segment runs from one keyframe
//! to the first keyframe at least [`TARGET_SECONDS`] later.

use std::fmt::Write as _;

/// How long a segment is meant to be.
pub const TARGET_SECONDS: f64 = 4.0;

/// One segment: its start and end, in seconds of the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
}

impl Segment {
    pub fn duration(&self) -> f64 {
        self.end - self.start
    }
}

/// All the segments of one stream, in order, covering the whole video.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    segments: Vec<Segment>,
}

impl Plan {
    /// Segments on a fixed grid, for a transcode.
    pub fn grid(duration: f64) -> Option<Self> {
        let duration = positive(duration)?;
        // A last piece under half a second joins the segment before: a sliver is a wasted request.
        let count = ((duration - 0.5) / TARGET_SECONDS).ceil().max(1.0) as usize;
        let segments = (0..count)
            .map(|index| Segment {
                start: index as f64 * TARGET_SECONDS,
                end: if index + 1 == count { duration } else { (index + 1) as f64 * TARGET_SECONDS },
            })
            .collect();
        Some(Self { segments })
    }

    /// Segments on the file's keyframes (milliseconds), for a remux. Without keyframes the grid is
    /// the best guess: ffmpeg then cuts at the first keyframe after each grid line.
    pub fn on_keyframes(duration: f64, keyframes_ms: Option<&[i64]>) -> Option<Self> {
        let duration = positive(duration)?;
        let Some(keyframes) = keyframes_ms.filter(|k| !k.is_empty()) else { return Self::grid(duration) };
        let mut cuts = vec![0.0];
        for &ms in keyframes {
            let at = ms as f64 / 1000.0;
            let last = *cuts.last().unwrap_or(&0.0);
            // The last segment may be short, but not a sliver.
            if at - last >= TARGET_SECONDS && duration - at >= 0.5 {
                cuts.push(at);
            }
        }
        let segments = cuts
            .iter()
            .enumerate()
            .map(|(index, &start)| Segment { start, end: cuts.get(index + 1).copied().unwrap_or(duration) })
            .collect();
        Some(Self { segments })
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<Segment> {
        self.segments.get(index).copied()
    }

    /// Where ffmpeg must cut when it starts at segment `from`: the ends of every segment from there
    /// on but the last.
    pub fn cuts_from(&self, from: usize) -> Vec<f64> {
        let count = self.segments.len();
        self.segments.iter().take(count.saturating_sub(1)).skip(from).map(|segment| segment.end).collect()
    }

    /// The segment that holds a moment of the video.
    pub fn index_at(&self, seconds: f64) -> usize {
        self.segments.iter().position(|segment| seconds < segment.end).unwrap_or(self.segments.len().saturating_sub(1))
    }

    /// The media playlist: every segment, with its exact length.
    pub fn media_playlist(&self) -> String {
        self.media_playlist_linked("", "")
    }

    /// The media playlist, each segment's address being `{before}{index}.ts{after}`.
    pub fn media_playlist_linked(&self, before: &str, after: &str) -> String {
        let longest = self.segments.iter().map(Segment::duration).fold(0.0, f64::max);
        let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        let _ = writeln!(out, "#EXT-X-TARGETDURATION:{}", longest.ceil().max(1.0) as u64);
        out.push_str("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (index, segment) in self.segments.iter().enumerate() {
            let _ = writeln!(out, "#EXTINF:{:.3},\n{before}{index}.ts{after}", segment.duration());
        }
        out.push_str("#EXT-X-ENDLIST\n");
        out
    }
}

/// The multivariant playlist: one variant, its size and rough bit rate.
pub fn master_playlist(bandwidth: u64, size: Option<(i64, i64)>) -> String {
    master_playlist_to(bandwidth, size, "video.m3u8")
}

/// The multivariant playlist, its one variant at `media` (the media playlist's address).
pub fn master_playlist_to(bandwidth: u64, size: Option<(i64, i64)>, media: &str) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    let _ = write!(out, "#EXT-X-STREAM-INF:BANDWIDTH={bandwidth}");
    if let Some((width, height)) = size {
        let _ = write!(out, ",RESOLUTION={width}x{height}");
    }
    let _ = writeln!(out, "\n{media}");
    out
}

fn positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_covers_the_video_with_a_short_last_segment() {
        let plan = Plan::grid(10.5).unwrap();
        let ends: Vec<f64> = plan.segments().iter().map(|s| s.end).collect();
        assert_eq!(ends, vec![4.0, 8.0, 10.5]);
        assert_eq!(plan.cuts_from(0), vec![4.0, 8.0]);
        assert_eq!(plan.cuts_from(2), Vec::<f64>::new());
        assert_eq!(plan.index_at(0.0), 0);
        assert_eq!(plan.index_at(7.99), 1);
        assert_eq!(plan.index_at(8.0), 2);
        assert_eq!(plan.index_at(99.0), 2);
        assert_eq!(Plan::grid(8.0).unwrap().len(), 2, "no empty segment at the very end");
        let sliver = Plan::grid(20.028).unwrap();
        assert_eq!(sliver.len(), 5, "no sliver at the end either");
        assert_eq!(sliver.get(4), Some(Segment { start: 16.0, end: 20.028 }));
        assert_eq!(Plan::grid(0.3).unwrap().segments(), &[Segment { start: 0.0, end: 0.3 }]);
        assert!(Plan::grid(0.0).is_none());
        assert!(Plan::grid(f64::NAN).is_none());
    }

    #[test]
    fn keyframes_group_into_segments_of_at_least_the_target() {
        let keyframes = [0, 2000, 4006, 6000, 7000, 12_500, 14_000, 19_800];
        let plan = Plan::on_keyframes(20.0, Some(&keyframes)).unwrap();
        let starts: Vec<f64> = plan.segments().iter().map(|s| s.start).collect();
        // 19.8 would leave a 0.2 s sliver, so it joins the segment before.
        assert_eq!(starts, vec![0.0, 4.006, 12.5]);
        assert_eq!(plan.get(2).unwrap().end, 20.0);
        assert_eq!(plan.cuts_from(1), vec![12.5]);
    }

    #[test]
    fn without_keyframes_a_remux_falls_back_to_the_grid() {
        assert_eq!(Plan::on_keyframes(9.0, None), Plan::grid(9.0));
        assert_eq!(Plan::on_keyframes(9.0, Some(&[])), Plan::grid(9.0));
    }

    #[test]
    fn the_media_playlist_lists_every_segment_and_ends() {
        let text = Plan::grid(10.5).unwrap().media_playlist();
        assert!(text.starts_with("#EXTM3U\n"));
        assert!(text.contains("#EXT-X-TARGETDURATION:4\n"));
        assert!(text.contains("#EXTINF:4.000,\n0.ts\n#EXTINF:4.000,\n1.ts\n#EXTINF:2.500,\n2.ts\n"));
        assert!(text.ends_with("#EXT-X-ENDLIST\n"));
        let master = master_playlist(2_000_000, Some((1920, 1080)));
        assert!(master.contains("BANDWIDTH=2000000,RESOLUTION=1920x1080\nvideo.m3u8\n"));
        let linked = Plan::grid(5.0).unwrap().media_playlist_linked("hls/x/", "?grant=g");
        assert!(linked.contains("\nhls/x/0.ts?grant=g\n#EXTINF:1.000,\nhls/x/1.ts?grant=g\n"), "{linked}");
        assert!(master_playlist_to(1, None, "main.m3u8?a=b").ends_with("BANDWIDTH=1\nmain.m3u8?a=b\n"));
    }
}
