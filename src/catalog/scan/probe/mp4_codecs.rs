//! The names ffmpeg gives the codecs `mp4parse` recognises, so an MP4 read here is described in the
//! same words as a file ffprobe read.

use mp4parse::CodecType;

/// ffmpeg's name for `codec`, or `None` for one this reader does not name.
pub fn codec_name(codec: CodecType) -> Option<&'static str> {
    Some(match codec {
        CodecType::H264 => "h264",
        CodecType::AV1 => "av1",
        CodecType::VP9 => "vp9",
        CodecType::VP8 => "vp8",
        CodecType::MP4V => "mpeg4",
        CodecType::H263 => "h263",
        CodecType::AAC => "aac",
        CodecType::MP3 => "mp3",
        CodecType::Opus => "opus",
        CodecType::FLAC => "flac",
        CodecType::ALAC => "alac",
        CodecType::LPCM => "pcm",
        _ => return None,
    })
}
