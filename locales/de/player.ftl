# The player page, its TV controls and end screen, and the "too many devices" page.

watch-title = Wiedergabe: { $name }
player-cannot-play-here = Ihr Browser kann dieses Video hier nicht abspielen.
player-back = ← Zurück
player-sound = Ton
player-subtitles = Untertitel
player-subtitles-off = Untertitel aus
player-position = Position
player-play = ▶ Abspielen
player-pause = ❚❚ Pause
player-time-left = noch { $time }
player-time-of = { $time } von { $duration }
player-sound-named = Ton: { $name }
player-subtitles-named = Untertitel: { $name }
player-off = Aus
player-next-episode = Nächste Folge ▸
player-next-lead = Nächste Folge
player-next-in = { $count ->
    [one] in 1 Sekunde
   *[other] in { $count } Sekunden
}
player-next-name = : { $name }
player-play-now = Jetzt abspielen
player-back-to-title = Zurück zum Titel
player-watch-again = Noch einmal ansehen
player-no-script-direct = Ohne JavaScript läuft das Video, aber Ihre Stelle wird nicht gespeichert.
player-no-script-convert = Dieses Video muss für den Browser umgewandelt werden, und dafür braucht es JavaScript: Schalten Sie es ein, um das Video abzuspielen.
player-sound-number = Ton { $number }
player-stereo = Stereo
player-channels = { $count } Kanäle
player-forced = erzwungen
player-sdh = für Hörgeschädigte
player-drawn = { $name } (ins Bild eingebrannt)
player-cannot-play-now = Dieses Video kann gerade nicht abgespielt werden.
player-browser-cannot = Dieser Browser kann dieses Video nicht abspielen: Die Datei muss umgewandelt werden, und den umgewandelten Stream kann der Browser nicht abspielen. Versuchen Sie es mit Chromium, Safari oder einem Fernseher.
player-stopped = Die Wiedergabe wurde beendet. Gehen Sie zurück und versuchen Sie es noch einmal.
player-stopped-from = Die Wiedergabe wurde von { $device } aus beendet.
player-stopped-elsewhere = Die Wiedergabe wurde von einem anderen Gerät aus beendet.
video-unavailable-title = Nicht verfügbar
video-unavailable = Dieses Video ist gerade nicht in der Mediathek: Seine Datei wurde verschoben oder gelöscht. Es ist wieder da, sobald die Datei zurück ist und die Mediathek erneut durchsucht wurde.
too-many-title = Zu viele schauen gerade
too-many-heading = Gerade nutzen zu viele Personen Ihr Konto
too-many-lead = { $limit ->
    [one] Ihr Konto kann auf 1 Gerät gleichzeitig abspielen, und das ist belegt. Beenden Sie dort die Wiedergabe, um hier zu schauen.
   *[other] Ihr Konto kann auf { $limit } Geräten gleichzeitig abspielen, und alle sind belegt. Beenden Sie auf einem davon die Wiedergabe, um hier zu schauen.
}
too-many-watching = { $profile } schaut { $title }
too-many-playing = Spielt { $title }
too-many-stop = Wiedergabe dort beenden
too-many-stop-label = Wiedergabe dort beenden: { $device }, { $what }
too-many-try-again = Noch einmal versuchen
too-many-back = Zurück zur Startseite
