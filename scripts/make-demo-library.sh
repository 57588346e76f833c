#!/usr/bin/env bash
# Makes the demo catalog that `marquee demo` scans: demo/library/, a Movies, a Shows and a
# Documentaries folder laid out the way Jellyfin and Kodi expect them. Each title gets a short real
# video (H.264 main profile + AAC-LC stereo in an MP4 with the index at the front, so a browser plays
# it directly): a moving coloured background, the title in large letters, a running timecode and a
# quiet tone. Beside it go a Kodi NFO (title, year, plot, genres, certification, cast, runtime), a 2:3
# poster, a 16:9 backdrop, episode thumbnails and, on a few titles, English (and once French)
# subtitles timed to the video. The titles, people, plots and ratings are invented. The output is
# committed to the repository, so the demo works on machines without ffmpeg; run this again only to
# change the catalog, then commit the result. It needs Debian's ffmpeg and fonts-dejavu-core, deletes
# and rewrites demo/library/, and keeps the whole folder under 6 MB.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."

out=demo/library
bold=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
regular=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

for tool in ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install ffmpeg" >&2; exit 1; }
done
for font in "$bold" "$regular"; do
  [ -f "$font" ] || { echo "$font is missing: apt-get install fonts-dejavu-core" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out/Movies" "$out/Shows" "$out/Documentaries"

# Quiet, and the same bytes on every run: no encoder tags, no creation times, fixed thread count.
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
exact=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)

# ---------------------------------------------------------------------------------------------
# Text

# wrap WIDTH TEXT: TEXT broken between words into lines of at most WIDTH characters.
wrap() {
  local width=$1 line="" word
  local -a words
  read -ra words <<<"$2"
  for word in "${words[@]}"; do
    if [ -z "$line" ]; then
      line=$word
    elif [ $((${#line} + 1 + ${#word})) -le "$width" ]; then
      line="$line $word"
    else
      printf '%s\n' "$line"
      line=$word
    fi
  done
  printf '%s\n' "$line"
}

# text_filters FRAME_WIDTH WRAP MAX_SIZE CENTRE_Y TEXT: sets `filters` to drawtext filters for TEXT
# in large bold letters, each line centred, the block centred on CENTRE_Y, and `text_top` and
# `text_bottom` to where the block starts and ends. The text goes through files, so apostrophes,
# colons and accents need no escaping in the filter graph.
text_filters() {
  local frame_width=$1 width=$2 max_size=$3 centre_y=$4 text=$5
  local -a lines
  mapfile -t lines < <(wrap "$width" "$text")
  local longest=1 line
  for line in "${lines[@]}"; do [ ${#line} -gt "$longest" ] && longest=${#line}; done
  # DejaVu Sans Bold averages about 0.62 em a character; leave a margin of 7 % on each side.
  local size=$((frame_width * 86 / 100 * 100 / (longest * 64)))
  [ "$size" -gt "$max_size" ] && size=$max_size
  local step=$((size * 5 / 4)) i file
  text_top=$((centre_y - ${#lines[@]} * step / 2))
  text_bottom=$((text_top + ${#lines[@]} * step))
  filters=""
  for i in "${!lines[@]}"; do
    file=$(mktemp "$work/text.XXXXXX")
    printf '%s' "${lines[$i]}" >"$file"
    filters+=",drawtext=fontfile=$bold:textfile=$file:expansion=none:fontsize=$size"
    filters+=":fontcolor=white:borderw=3:bordercolor=black@0.55:shadowx=2:shadowy=2:shadowcolor=black@0.4"
    filters+=":x=(w-text_w)/2:y=$((text_top + i * step))"
  done
}

# small_text SIZE Y TEXT: one line of smaller regular text, centred.
small_text() {
  local file
  file=$(mktemp "$work/text.XXXXXX")
  printf '%s' "$3" >"$file"
  printf ',drawtext=fontfile=%s:textfile=%s:expansion=none:fontsize=%s:fontcolor=white@0.92' \
    "$regular" "$file" "$1"
  printf ':box=1:boxcolor=black@0.35:boxborderw=8:x=(w-text_w)/2:y=%s' "$2"
}

xml() {
  local s=$1
  s=${s//&/&amp;}
  s=${s//</&lt;}
  s=${s//>/&gt;}
  printf '%s' "$s"
}

# ---------------------------------------------------------------------------------------------
# Pictures: each title has a "look", a moving lavfi source described by the array `look`.
#   gradients C0 C1 C2 TYPE SEED   soft drifting colour gradients (type linear|radial|circular|spiral)
#   life FG BG MOLD SEED           Conway's game of life in large cells
#   cells RULE SEED R G B          an elementary cellular automaton, tinted
#   fractal HUE                    a slow Mandelbrot zoom, hue-shifted
#   bars SPEED                     colour bars whose hue turns SPEED degrees a second
#   carpet SEED R G B              a wandering Sierpinski carpet in large cells, tinted

# look_source WIDTH HEIGHT FPS: the lavfi graph of the current look at that size.
look_source() {
  local w=$1 h=$2 r=$3
  case ${look[0]} in
    gradients)
      printf 'gradients=s=%sx%s:r=%s:c0=%s:c1=%s:c2=%s:nb_colors=3:type=%s:seed=%s:speed=0.02' \
        "$w" "$h" "$r" "${look[1]}" "${look[2]}" "${look[3]}" "${look[4]}" "${look[5]}" ;;
    life)
      printf 'life=s=%sx%s:r=5:life_color=%s:death_color=%s:mold_color=%s:mold=24:seed=%s' \
        $((w / 10)) $((h / 10)) "${look[1]}" "${look[2]}" "${look[3]}" "${look[4]}"
      printf ',scale=%s:%s:flags=neighbor,fps=%s' "$w" "$h" "$r" ;;
    cells)
      printf 'cellauto=s=%sx%s:r=6:rule=%s:seed=%s:start_full=1,scale=%s:%s:flags=neighbor,fps=%s' \
        $((w / 10)) $((h / 10)) "${look[1]}" "${look[2]}" "$w" "$h" "$r"
      printf ',format=rgb24,colorchannelmixer=rr=%s:gg=%s:bb=%s' "${look[3]}" "${look[4]}" "${look[5]}" ;;
    fractal)
      printf 'mandelbrot=s=%sx%s:r=8:end_pts=3000:start_scale=2:end_scale=0.6' $((w / 2)) $((h / 2))
      printf ',scale=%s:%s,fps=%s,hue=h=%s' "$w" "$h" "$r" "${look[1]}" ;;
    bars)
      printf 'smptebars=s=%sx%s:r=%s,hue=h=%s*t' "$w" "$h" "$r" "${look[1]}" ;;
    carpet)
      printf 'sierpinski=s=%sx%s:r=%s:type=carpet:seed=%s,scale=%s:%s:flags=neighbor,format=rgb24' \
        $((w / 4)) $((h / 4)) "$r" "${look[1]}" "$w" "$h"
      printf ',colorchannelmixer=rr=%s:gg=%s:bb=%s' "${look[2]}" "${look[3]}" "${look[4]}" ;;
    *) echo "unknown look ${look[0]}" >&2; exit 1 ;;
  esac
}

# video FILE SECONDS FPS TONE HEADLINE SUBLINE: the title's video, tone in Hz.
video() {
  local file=$1 seconds=$2 fps=$3 tone=$4 headline=$5 subline=$6
  local picture
  text_filters 640 20 54 160 "$headline"
  picture="[0:v]format=yuv420p$filters$(small_text 22 $((text_bottom + 20)) "$subline")"
  picture+=",drawtext=fontfile=$regular:text='%{pts\\:hms}':fontsize=18:fontcolor=white"
  picture+=":box=1:boxcolor=black@0.5:boxborderw=6:x=w-text_w-14:y=h-text_h-14[v]"
  local sound="[1:a]volume=0.4,tremolo=f=1.5:d=0.3,aformat=channel_layouts=stereo"
  sound+=",afade=t=in:d=0.6,afade=t=out:st=$((seconds - 1)):d=1[a]"
  ff -f lavfi -i "$(look_source 640 360 "$fps")" \
    -f lavfi -i "sine=frequency=$tone:sample_rate=44100:duration=$seconds" \
    -filter_complex "$picture;$sound" -map '[v]' -map '[a]' -t "$seconds" \
    -c:v libx264 -profile:v main -preset veryslow -crf 34 -pix_fmt yuv420p -g $((fps * 4)) -threads 2 \
    -c:a aac -b:a 48k -ac 2 -ar 44100 "${exact[@]}" -metadata title="$headline" \
    -movflags +faststart "$file"
}

# poster FILE TITLE YEAR: 300x450, the title large on the look (softened, so the text reads and the
# JPEG stays small), the year beneath it, both on a darker band.
poster() {
  text_filters 300 12 46 200 "$2"
  local band_top=$((text_top - 24)) year_y=$((text_bottom + 14))
  ff -ss 3 -f lavfi -i "$(look_source 300 450 25)" -frames:v 1 \
    -vf "gblur=sigma=3,drawbox=x=0:y=$band_top:w=iw:h=$((year_y + 50 - band_top)):color=black@0.45:t=fill$filters$(small_text 24 "$year_y" "$3")" \
    -q:v 5 "${exact[@]}" "$1"
}

# backdrop FILE: 640x360, the look alone, softened and a little darker so a title page's text
# reads over it.
backdrop() {
  ff -ss 5 -f lavfi -i "$(look_source 640 360 25)" -frames:v 1 -vf "gblur=sigma=4,eq=brightness=-0.06,vignette" \
    -q:v 5 "${exact[@]}" "$1"
}

# ---------------------------------------------------------------------------------------------
# NFO files (Kodi): the current title is described by these variables.
#   title year mpaa (empty: no rating) runtime plot genres=() cast=("Name|Role" ...) director premiered

nfo_common() {
  printf '  <title>%s</title>\n' "$(xml "$title")"
  printf '  <year>%s</year>\n' "$year"
  printf '  <premiered>%s</premiered>\n' "$premiered"
  printf '  <plot>%s</plot>\n' "$(xml "$plot")"
  printf '  <runtime>%s</runtime>\n' "$runtime"
  [ -n "$mpaa" ] && printf '  <mpaa>%s</mpaa>\n' "$(xml "$mpaa")"
  local genre person order=0
  for genre in "${genres[@]}"; do printf '  <genre>%s</genre>\n' "$(xml "$genre")"; done
  [ -n "$director" ] && printf '  <director>%s</director>\n' "$(xml "$director")"
  for person in "${cast[@]}"; do
    printf '  <actor>\n    <name>%s</name>\n    <role>%s</role>\n    <order>%s</order>\n  </actor>\n' \
      "$(xml "${person%%|*}")" "$(xml "${person#*|}")" "$order"
    order=$((order + 1))
  done
}

# film KIND SECONDS FPS TONE: a movie or a documentary, in KIND's folder.
film() {
  local kind=$1 seconds=$2 fps=$3 tone=$4
  dir="$out/$kind/$title ($year)"
  name="$title ($year)"
  mkdir -p "$dir"
  echo "$kind/$name"
  {
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<movie>\n'
    nfo_common
    printf '</movie>\n'
  } >"$dir/movie.nfo"
  video "$dir/$name.mp4" "$seconds" "$fps" "$tone" "$title" "$year"
  poster "$dir/poster.jpg" "$title" "$year"
  backdrop "$dir/backdrop.jpg"
}

# show: a show's folder, NFO and art; episodes follow with `episode`.
show() {
  show_title=$title
  show_mpaa=$mpaa
  dir="$out/Shows/$title ($year)"
  mkdir -p "$dir"
  echo "Shows/$title ($year)"
  {
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<tvshow>\n'
    nfo_common
    printf '</tvshow>\n'
  } >"$dir/tvshow.nfo"
  poster "$dir/poster.jpg" "$title" "$year"
  backdrop "$dir/backdrop.jpg"
  show_dir=$dir
}

# episode SEASON EPISODE SECONDS FPS TONE TITLE AIRED RUNTIME PLOT: one episode of the last show.
episode() {
  local season=$1 number=$2 seconds=$3 fps=$4 tone=$5 ep_title=$6 aired=$7 ep_runtime=$8 ep_plot=$9
  local code
  code=$(printf 'S%02dE%02d' "$season" "$number")
  dir="$show_dir/$(printf 'Season %02d' "$season")"
  name="$show_title $code"
  mkdir -p "$dir"
  echo "  $code $ep_title"
  {
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<episodedetails>\n'
    printf '  <title>%s</title>\n' "$(xml "$ep_title")"
    printf '  <showtitle>%s</showtitle>\n' "$(xml "$show_title")"
    printf '  <season>%s</season>\n  <episode>%s</episode>\n' "$season" "$number"
    printf '  <aired>%s</aired>\n' "$aired"
    printf '  <plot>%s</plot>\n' "$(xml "$ep_plot")"
    printf '  <runtime>%s</runtime>\n' "$ep_runtime"
    [ -n "$show_mpaa" ] && printf '  <mpaa>%s</mpaa>\n' "$(xml "$show_mpaa")"
    printf '</episodedetails>\n'
  } >"$dir/$name.nfo"
  video "$dir/$name.mp4" "$seconds" "$fps" "$tone" "$show_title" "$code · $ep_title"
  ff -ss 2 -i "$dir/$name.mp4" -frames:v 1 -vf scale=320:180 -q:v 5 "${exact[@]}" "$dir/$name-thumb.jpg"
}

# subtitles LANGUAGE: an SRT from standard input beside the last video made (dir and name).
subtitles() {
  cat >"$dir/$name.$1.srt"
}

# as_mkv_with_ac3: the current title as most libraries hold films: Matroska, 5.1 AC-3 sound, and its
# English subtitles inside the file instead of beside it. Browsers play none of that as it is, so
# Marquee remuxes it.
as_mkv_with_ac3() {
  ff -i "$dir/$name.mp4" -i "$dir/$name.en.srt" -map 0:v -map 0:a -map 1:s -c:v copy \
    -c:a ac3 -b:a 96k -ac 6 -c:s srt -metadata:s:a:0 language=eng -metadata:s:s:0 language=eng \
    "${exact[@]}" "$dir/$name.mkv"
  rm "$dir/$name.mp4" "$dir/$name.en.srt"
}

# as_hevc: the current title's picture made HEVC (as phones record and many rips are), which
# Chromium does not play, so Marquee transcodes it.
as_hevc() {
  ff -i "$dir/$name.mp4" -map 0 -c:v libx265 -x265-params log-level=error:pools=2:keyint=100 -preset medium \
    -crf 30 -tag:v hvc1 -pix_fmt yuv420p -c:a copy -movflags +faststart "${exact[@]}" "$dir/$name.hevc.mp4"
  mv "$dir/$name.hevc.mp4" "$dir/$name.mp4"
}

describe() {
  title=$1 year=$2 mpaa=$3 runtime=$4 premiered=$5 director=$6 plot=$7
}

# ---------------------------------------------------------------------------------------------
# Movies

describe "The Lighthouse Keeper's Daughter" 2019 PG-13 112 2019-10-04 "Maren Oakhurst" \
  "When her father vanishes during the worst storm in forty years, Elsie Tremayne takes over the lamp on Gull Rock and finds his logbook full of ships that never reached port. As the fog rolls in each night, she begins to suspect the light has been guiding someone home."
genres=(Drama Mystery)
cast=("Nora Castlemere|Elsie Tremayne" "Halvard Penrose|Silas Tremayne" "Jory Wenlock|Constable Hale")
look=(gradients 0x10294f 0xe0913a 0x1f6f78 radial 7)
film Movies 10 25 330
subtitles en <<'EOF'
1
00:00:01,000 --> 00:00:03,500
The lamp has not missed a night
in forty years.

2
00:00:04,000 --> 00:00:06,500
Then where is he, Constable?

3
00:00:07,000 --> 00:00:09,500
Look. The light is moving.
EOF
subtitles fr <<'EOF'
1
00:00:01,000 --> 00:00:03,500
La lampe n'a pas manqué une seule nuit
en quarante ans.

2
00:00:04,000 --> 00:00:06,500
Alors où est-il, brigadier ?

3
00:00:07,000 --> 00:00:09,500
Regardez. La lumière bouge.
EOF

describe "Paper Kites Over Marlow" 2021 G 88 2021-04-16 "Odile Fenwright" \
  "In the river town of Marlow, a shy paper-folder named Wren makes a kite for every letter she is too nervous to send. When a spring gale carries them all across the valley, the whole town joins the chase to bring her words back."
genres=(Animation Family Drama)
cast=("Tilly Ashgrove|Wren (voice)" "Bram Ellery|Grandpa Moss (voice)" "Odessa Fairweather|Mayor Pell (voice)")
look=(gradients 0x8ec9f0 0xf6b8d0 0xfbe7a1 linear 3)
film Movies 8 24 523

describe "The Last Orbit of Vesta Nine" 2023 PG-13 131 2023-11-10 "Corvin Idlewood" \
  "The last crew of a mining station circling a dying moon has eleven hours to decide who boards the only shuttle home. Commander Ilse Varga must choose between the orders she was given and the people she swore to protect."
genres=("Science Fiction" Adventure)
cast=("Solveig Marrack|Commander Ilse Varga" "Desmond Achterberg|Tobiah Crane" "Kit Mirelle|Juno Ashe" "Anton Greaves-Lowe|Dr. Emeric Sato")
look=(fractal 200)
film Movies 20 24 196
subtitles en <<'EOF'
1
00:00:01,000 --> 00:00:03,500
<i>Station log, day four hundred and twelve.</i>

2
00:00:04,500 --> 00:00:07,500
The shuttle seats four.
There are seven of us.

3
00:00:09,000 --> 00:00:12,000
Commander, the orbit is decaying faster
than the models said.

4
00:00:13,500 --> 00:00:16,500
Then we stop arguing and start choosing.

5
00:00:17,500 --> 00:00:19,500
<i>Vesta Nine, signing off.</i>
EOF
as_mkv_with_ac3

describe "Café des Étoiles" 2016 PG 97 2016-06-22 "Josèphe Ardanaz" \
  "Inès inherits her aunt's failing café in a Lyon backstreet, along with its regulars, a temperamental espresso machine and a parrot that speaks only in verse. To keep the doors open she stages a night of music under the stars that nobody in the quarter will forget."
genres=(Comedy Drama)
cast=("Léa Dambreville|Inès Garnier" "Aurélien Vautrin|Monsieur Fabre" "Colette Ribaudeau|Tante Josette")
look=(gradients 0x5a2e1a 0xe8c39e 0xb0413e spiral 5)
film Movies 8 25 392
subtitles en <<'EOF'
1
00:00:00,800 --> 00:00:03,000
Welcome to the Café des Étoiles.

2
00:00:03,500 --> 00:00:06,500
The espresso machine bites,
and the parrot only speaks in rhyme.
EOF

describe "The Quiet Hours" 2020 R 118 2020-02-28 "Piet Hallorann" \
  "A night-shift radio host begins taking calls that describe crimes an hour before they happen. With the police unconvinced and the station's owner chasing ratings, she has until dawn to find the caller."
genres=(Mystery Drama)
cast=("Cressida Vantongeren|Rae Calloway" "Lucan Harrowgate|Detective Amos Kerr" "Baptiste Lindqvist|The Caller (voice)")
look=(life 0xd04848 0x16161d 0x3a1c24 17)
film Movies 9 24 220

describe "The Clockmaker's Mouse" 2022 G 81 2022-12-02 "Hester Quinlivan" \
  "Tock, a mouse who lives inside the town hall clock, notices that the great gears have begun to slow. With a thimble for a helmet and a cricket for a guide, he sets out through the clockwork to wind the heart of the town before midnight strikes."
genres=(Animation Family Adventure)
cast=("Pippa Wrenfield|Tock (voice)" "Gideon Thrale|Old Barnaby (voice)" "Maisie Ockenden|Cricket (voice)")
look=(bars 30)
film Movies 8 25 587

describe "Rocket Soup" 2018 PG 94 2018-07-13 "Rasmus Culverhouse" \
  "Twins Otto and Greta are certain the old pressure cooker in Gran's kitchen can reach the moon, and they have one summer & one very patient dog to prove it. Each launch goes wrong more spectacularly than the last, until the whole street wants a seat on board."
genres=(Comedy Family "Science Fiction")
cast=("Finnian Crowhurst|Otto" "Isla Pennyworth|Greta" "Agatha Brimble|Gran" "Wilf Tansley|Mr. Odell next door")
look=(carpet 8 1.0 0.55 0.2)
film Movies 7 25 440

# ---------------------------------------------------------------------------------------------
# Documentaries

describe "Kingdom of the Tide Pools" 2020 G 52 2020-05-08 "Imogen Strathallan" \
  "Twice a day the sea pulls back from a rocky shore and leaves behind a thousand tiny worlds. Filmed over a single year, this documentary follows the crabs, anemones and blennies that must survive heat, gulls and one another until the water returns."
genres=(Nature Science Family)
cast=("Rosalind Everleigh|Narrator" "Callum Sheringham|Himself, marine biologist")
look=(gradients 0x0b6e7a 0x4fd1c5 0xe9d8a6 circular 9)
film Documentaries 20 25 294
as_hevc

describe "Beneath the Ice Shelf" 2022 PG 74 2022-01-21 "Ragnhild Oversand" \
  "A team of divers and glaciologists spends a polar winter drilling through two hundred metres of ice to reach the dark ocean beneath. What their cameras find there changes what we thought we knew about life in the cold."
genres=(Nature Science Adventure)
cast=("Liv Hammerstad|Herself, glaciologist" "Kasimir Dyer|Himself, dive leader" "Noel Trevanion|Narrator")
look=(cells 150 21 0.55 0.8 1.0)
film Documentaries 9 25 174

describe "The Bridge Builders of Aldmoor" 2017 "" 61 2017-09-15 "Ambrose Kettleby" \
  "For three centuries the stonemasons of Aldmoor have kept seven bridges standing over a river that floods every spring. Through family letters, old ledgers & the town's last working mason, this film traces how a small town learned to build for people it would never meet."
genres=(History Science)
cast=("Walter Fennimore|Himself, master mason" "Harriet Ashdown-Lisle|Narrator")
look=(fractal 80)
film Documentaries 8 24 247

describe "The Last Papermakers" 2015 TV-PG 48 2015-03-11 "Mirela Dorovan" \
  "In a mountain valley where paper has been made by hand from mulberry bark for six hundred years, only four workshops remain. This documentary spends a season with the families deciding whether their craft will outlive them."
genres=(History)
cast=("Anselm Quarry|Narrator" "Teodora Vlasak|Herself, papermaker" "Ilie Brancovan|Himself, papermaker")
look=(gradients 0x6b4f2a 0xd9c29a 0x8a6b3d linear 13)
film Documentaries 8 24 349

# ---------------------------------------------------------------------------------------------
# Shows

describe "Harbour Lights" 2021 TV-14 45 2021-03-07 "" \
  "In the fishing town of Port Carrow, the harbour lights go dark on the night a trawler fails to come home. Harbourmaster Tessa Quayle starts asking the questions half the town would rather leave at the bottom of the sea."
genres=(Drama Mystery)
cast=("Morwen Castellack|Tessa Quayle" "Ewan Polglase|Danny Rowe" "Beatrix Hollis-Carne|Maud Penhallow")
look=(gradients 0x0a1833 0xf2a541 0x1d4e6b radial 31)
show
episode 1 1 20 25 262 "The Dark Harbour" 2021-03-07 48 \
  "On a stormy night the harbour lights fail and the trawler Morning Star does not come back. Tessa finds the lamp-house door bolted from the inside."
subtitles en <<'EOF'
1
00:00:01,000 --> 00:00:03,500
<i>Port Carrow harbour,
this is the Morning Star.</i>

2
00:00:04,000 --> 00:00:06,500
<i>We can't see the lights.
Say again, we can't see the lights.</i>

3
00:00:08,000 --> 00:00:11,000
Who was on the lamp tonight?

4
00:00:12,000 --> 00:00:15,000
Nobody, Tessa.
The door was bolted from the inside.

5
00:00:16,500 --> 00:00:19,000
Then somebody is still in there.
EOF
look=(gradients 0x0d2238 0xd9822b 0x2f6d80 linear 32)
episode 1 2 8 25 277 "Low Water" 2021-03-14 45 \
  "A spring tide uncovers something tangled in the harbour wall. Danny insists the Morning Star's skipper owed money to the wrong people."
look=(gradients 0x141c3a 0xe8b04a 0x3b5f8a spiral 33)
episode 1 3 8 25 294 "The Salt Ledger" 2021-03-21 46 \
  "Tessa finds a second set of books at the fish market. That night Maud finally tells her what happened on the quay twenty years ago."
look=(gradients 0x37474f 0xb0bec5 0x4e7d6a radial 41)
episode 2 1 8 25 311 "Fog Signal" 2022-04-03 47 \
  "A year on, a stranger arrives in Port Carrow asking for the harbourmaster by name. At midnight the old fog signal sounds, though no one has wound it in decades."
look=(gradients 0x263238 0x90a4ae 0xc98b3c circular 42)
episode 2 2 10 25 330 "Lights Out" 2022-04-10 52 \
  "With a storm closing the harbour, Tessa sets a trap for whoever has been putting out the lights. The season ends with the Morning Star's bell ringing under the water."

describe "Pip and the Puddle Jumpers" 2022 TV-Y 11 2022-09-05 "" \
  "Pip the duckling and her friends jump into a different puddle every morning and land somewhere new, from a bakery in the clouds to a snail racing track. Every adventure ends back home in time for tea."
genres=(Animation Family Comedy)
cast=("Hollie Marchbank|Pip (voice)" "Rufus Tennant-Avery|Bramble the Frog (voice)" "Dotty Fairclough|Mrs. Snail (voice)")
look=(gradients 0xffd166 0x06d6a0 0x118ab2 spiral 1)
show
episode 1 1 7 25 659 "The Cloud Bakery" 2022-09-05 11 \
  "Pip lands in a bakery in the clouds where the bread rolls keep floating away. She and Bramble invent a way to keep breakfast on the table."
look=(gradients 0xff8fab 0xffe066 0x7bdff2 radial 2)
episode 1 2 7 25 698 "The Great Snail Race" 2022-09-12 11 \
  "Mrs. Snail has trained all year for the great race, but she has lost her lucky shell. The Puddle Jumpers search the whole garden before the starting whistle."

# ---------------------------------------------------------------------------------------------
# Check what was made: every video H.264 + AAC (but the HEVC one, and the Matroska one with AC-3 and
# subtitles inside), every picture readable.

failed=0
while IFS= read -r -d '' file; do
  streams=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$file" | tr '\n' ' ')
  case "$file:$streams" in
    *"Kingdom of the Tide Pools"*":hevc aac ") ;;
    *.mkv:"h264 ac3 subrip ") ;;
    *:"h264 aac ") ;;
    *)
      echo "$file: streams are '$streams', not what this script makes" >&2
      failed=1
      ;;
  esac
done < <(find "$out" \( -name '*.mp4' -o -name '*.mkv' \) -print0)
while IFS= read -r -d '' file; do
  ffprobe -v error -show_entries stream=width -of csv=p=0 "$file" >/dev/null || { echo "$file: unreadable" >&2; failed=1; }
done < <(find "$out" -name '*.jpg' -print0)
[ "$failed" -eq 0 ] || exit 1

size=$(du -sk "$out" | cut -f1)
echo "demo/library: $(find "$out" \( -name '*.mp4' -o -name '*.mkv' \) | wc -l) videos, ${size} KiB"
if [ "$size" -gt 6144 ]; then
  echo "demo/library is over 6 MB; lower the quality or shorten the videos" >&2
  exit 1
fi
