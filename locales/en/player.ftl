# The player page, its TV controls and end screen, and the "too many devices" page.

watch-title = Playing: { $name }
player-cannot-play-here = Your browser cannot play this video here.
player-back = ← Back
player-sound = Sound
player-subtitles = Subtitles
player-subtitles-off = Subtitles off
player-position = Position
player-play = ▶ Play
player-pause = ❚❚ Pause
player-time-left = { $time } left
player-time-of = { $time } of { $duration }
player-sound-named = Sound: { $name }
player-subtitles-named = Subtitles: { $name }
player-off = Off
player-next-episode = Next episode ▸
player-next-lead = Next episode
player-next-in = { $count ->
    [one] in 1 second
   *[other] in { $count } seconds
}
player-next-name = : { $name }
player-play-now = Play now
player-back-to-title = Back to title
player-watch-again = Watch again
player-no-script-direct = Without JavaScript the video plays, but your place is not saved.
player-no-script-convert = This video needs converting for the browser, which takes JavaScript: turn it on to play it.
player-sound-number = Sound { $number }
player-stereo = stereo
player-channels = { $count } ch
player-forced = forced
player-sdh = SDH
player-drawn = { $name } (drawn on the picture)
player-cannot-play-now = This video cannot play right now.
player-browser-cannot = This browser cannot play this video: its file needs converting and the browser cannot play the converted stream. Try Chromium, Safari or a TV.
player-stopped = Playback stopped. Go back and try again.
player-stopped-from = Playback was stopped from { $device }.
player-stopped-elsewhere = Playback was stopped from another device.
video-unavailable-title = Unavailable
video-unavailable = This video is not in the library right now: its file has been moved or removed. It comes back when the file is back and the library is scanned again.
too-many-title = Too many people are watching
too-many-heading = Too many people are using your account right now
too-many-lead = { $limit ->
    [one] Your account can play on 1 device at once, and it is in use. Stop it to watch here.
   *[other] Your account can play on { $limit } devices at once, and they are all in use. Stop one of them to watch here.
}
too-many-watching = { $profile } is watching { $title }
too-many-playing = Playing { $title }
too-many-stop = Stop playback there
too-many-stop-label = Stop playback there: { $device }, { $what }
too-many-try-again = Try again
too-many-back = Back to browsing
