#!/usr/bin/env bash
# Makes the small videos in tests/fixtures/media/ that the remux and transcode tests play: what real
# libraries hold and browsers cannot play as it is. Six seconds each, a test pattern and a tone:
#   h264-ac3.mkv       H.264 with AC-3 sound in Matroska (remux, sound to AAC)
#   hevc-aac.mp4       HEVC with AAC sound in MP4 (transcode the picture)
#   two-audio-srt.mkv  H.264 with two AAC tracks (English; French commentary) and English SRT subtitles
#   mov-text.mp4       two seconds of H.264 with two AAC tracks (English; French, not default) and forced
#                      German MP4 text subtitles (the tracks an MP4's headers list)
# The output is committed; run this again only to change the files. Needs Debian's ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: apt-get install ffmpeg" >&2; exit 1; }

out=tests/fixtures/media
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
exact=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -threads 1)
picture=(-f lavfi -i testsrc2=size=320x180:rate=25:duration=6)
tone() { echo -f lavfi -i "sine=frequency=$1:duration=6"; }
h264=(-c:v libx264 -profile:v main -pix_fmt yuv420p -g 50 -b:v 60k)

# shellcheck disable=SC2046
ff "${picture[@]}" $(tone 440) "${h264[@]}" -c:a ac3 -b:a 64k "${exact[@]}" "$out/h264-ac3.mkv"
# shellcheck disable=SC2046
ff "${picture[@]}" $(tone 440) -c:v libx265 -x265-params log-level=error:keyint=50:pools=1 -tag:v hvc1 \
  -pix_fmt yuv420p -b:v 60k -c:a aac -b:a 48k -movflags +faststart "${exact[@]}" "$out/hevc-aac.mp4"
printf '1\n00:00:01,000 --> 00:00:03,000\nHello from the subtitles\n\n2\n00:00:04,000 --> 00:00:05,500\nThe second line\n' \
  >"$work/english.srt"
# shellcheck disable=SC2046
ff "${picture[@]}" $(tone 440) $(tone 660) -i "$work/english.srt" -map 0:v -map 1:a -map 2:a -map 3:s \
  "${h264[@]}" -c:a aac -b:a 48k -c:s srt \
  -metadata:s:a:0 language=eng -metadata:s:a:1 language=fra -metadata:s:a:1 title=Commentary \
  -metadata:s:s:0 language=eng "${exact[@]}" "$out/two-audio-srt.mkv"
printf '1\n00:00:00,000 --> 00:00:01,500\nHallo\n' >"$work/german.srt"
# shellcheck disable=SC2046
ff -f lavfi -i testsrc2=size=160x90:rate=25:duration=2 $(tone 440) $(tone 660) -i "$work/german.srt" \
  -map 0:v -map 1:a -map 2:a -map 3:s -c:v libx264 -pix_fmt yuv420p -g 25 -b:v 30k -c:a aac -ac 1 -b:a 16k \
  -c:s mov_text -metadata:s:a:0 language=eng -metadata:s:a:1 language=fre -metadata:s:s:0 language=ger \
  -disposition:a:1 0 -disposition:s:0 forced -movflags +faststart -t 2 "${exact[@]}" "$out/mov-text.mp4"
ls -l "$out"
