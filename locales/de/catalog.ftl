# The homepage's rows, search and a title's page.

browse-title = Startseite
browse-play = ▶ Abspielen
browse-more-info = Mehr Infos
browse-welcome = Willkommen, { $name }
browse-kids-lead = Dieses Profil zeigt nur Titel für Kinder.
browse-lead = Machen Sie dort weiter, wo Sie aufgehört haben, oder entdecken Sie etwas Neues.
search-label = Titel, Personen und Genres suchen
search-placeholder = Titel, Personen, Genres
search = Suchen
library-heading = Ihre Mediathek
library-empty-kids = Für dieses Profil gibt es hier noch nichts. Titel, die zu seiner Altersfreigabe passen, erscheinen hier, sobald sie hinzugefügt werden.
# Followed by two commands, then library-empty-end.
library-empty-lead = Noch nichts zum Ansehen. Wer den Server betreibt, fügt Medienordner über die Kommandozeile hinzu, zum Beispiel
library-empty-then = und dann
library-empty-end = ; ihre Titel erscheinen dann hier.
row-continue = Weiterschauen
row-my-list = Meine Liste
row-recent = Neu hinzugefügt
row-movies = Filme
row-shows = Serien
row-documentaries = Dokumentationen
card-unavailable = Nicht verfügbar
card-next = Als Nächstes: { $episode }
watched-percent = { $percent } % gesehen

search-title = Suche: { $query }
search-results = { $count ->
    [0] Keine Ergebnisse
    [one] 1 Ergebnis
   *[other] { $count } Ergebnisse
}
search-nothing = Nichts passt zu „{ $query }“. Versuchen Sie einen Titel, eine Person darin oder ein Genre, etwa „Drama“.
search-results-heading = Ergebnisse
search-hint = Suchen Sie nach Titel, Besetzung oder Genre. Groß- und Kleinschreibung und Akzente spielen keine Rolle.

title-poster = Plakat von { $name }
title-unavailable = Dieser Titel ist nicht verfügbar: Seine Dateien sind gerade nicht in der Mediathek.
title-play = Abspielen
title-resume = Fortsetzen
title-in-my-list = ✓ In meiner Liste
title-add-my-list = + Meine Liste
title-cast = Besetzung:
title-as = als { $role }
title-seasons = { $count ->
    [one] 1 Staffel
   *[other] { $count } Staffeln
}
title-season = Staffel { $number }
title-specials = Specials
title-episode = Folge { $number }
episode-watched = Gesehen
episode-needs-ffmpeg = Braucht ffmpeg
episode-needs-ffmpeg-why = Die Datei muss für die meisten Browser umgewandelt werden, und dieser Server hat kein ffmpeg
ffmpeg-note = { $which ->
    [one-of-one] Die Datei dieses Titels muss
    [one] Eine der Dateien dieses Titels muss
    [all] Die Dateien dieses Titels müssen
   *[some] { $count } Dateien dieses Titels müssen
} umgewandelt werden, damit sie in den meisten Browsern laufen, und dieser Server hat kein ffmpeg dafür: Sie laufen nur auf Geräten, die sie so abspielen, wie sie sind. Wer Marquee betreibt, kann ffmpeg installieren.
my-list-choose = Wählen Sie, ob der Titel zu Meine Liste hinzugefügt oder daraus entfernt werden soll.
