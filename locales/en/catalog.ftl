# The homepage's rows, search and a title's page.

browse-title = Home
browse-play = ▶ Play
browse-more-info = More info
browse-welcome = Welcome, { $name }
browse-kids-lead = Only titles for children are shown on this profile.
browse-lead = Pick up where you left off, or find something new.
search-label = Search titles, people and genres
search-placeholder = Titles, people, genres
search = Search
library-heading = Your library
library-empty-kids = Nothing here for this profile yet. Titles rated for its maturity level appear here once they are added.
# Followed by two commands, then library-empty-end.
library-empty-lead = Nothing to watch yet. The server's owner adds media folders from the command line, for example
library-empty-then = then
library-empty-end = ; their titles appear here.
row-continue = Continue Watching
row-my-list = My List
row-recent = Recently Added
row-movies = Movies
row-shows = TV Shows
row-documentaries = Documentaries
card-unavailable = Unavailable
card-next = Next: { $episode }
watched-percent = Watched { $percent }%

search-title = Search: { $query }
search-results = { $count ->
    [0] No results
    [one] 1 result
   *[other] { $count } results
}
search-nothing = Nothing matches “{ $query }”. Try a title, a person in it or a genre, like “drama”.
search-results-heading = Results
search-hint = Search by title, cast or genre. Case and accents don't matter.

title-poster = Poster of { $name }
title-unavailable = This title is unavailable: its files are not in the library right now.
title-play = Play
title-resume = Resume
title-in-my-list = ✓ In My List
title-add-my-list = + My List
title-cast = Cast:
title-as = as { $role }
title-seasons = { $count ->
    [one] 1 season
   *[other] { $count } seasons
}
title-season = Season { $number }
title-specials = Specials
title-episode = Episode { $number }
episode-watched = Watched
episode-needs-ffmpeg = Needs ffmpeg
episode-needs-ffmpeg-why = Its file must be converted for most browsers, and this server has no ffmpeg
ffmpeg-note = { $which ->
    [one-of-one] This title's file must
    [one] One of this title's files must
    [all] This title's files must
   *[some] { $count } of this title's files must
} be converted to play in most browsers, and this server has no ffmpeg to do it: they play only on devices that play them as they are. Whoever runs Marquee can install ffmpeg.
my-list-choose = Choose to add the title to My List or to remove it.
