# Fehlerseiten: ein Titel und verständliche Worte dazu, was passiert ist.

error-home = Zu Marquee
error-bad-request-title = Da stimmt etwas nicht
error-not-found-title = Nicht gefunden
error-page-not-found = Diese Seite wurde nicht gefunden. Vielleicht wurde sie gelöscht.
error-profile-not-found = Dieses Profil wurde nicht gefunden. Vielleicht wurde es gelöscht.
error-device-not-found = Dieses Gerät wurde nicht gefunden. Vielleicht ist es schon abgemeldet.
error-method-title = Nicht verfügbar
error-method = Diese Seite lässt sich so nicht verwenden. Gehen Sie zurück und nutzen Sie ihre Schaltflächen und Links.
error-kids-title = Frag einen Erwachsenen
error-kids = Kinderprofile können diese Seite nicht öffnen. Wechseln Sie im Profilmenü zu einem anderen Profil, um Profile oder das Konto zu verwalten.
error-too-many-title = Zu viele Versuche
error-too-many = Zu viele fehlgeschlagene Versuche. Versuchen Sie es in { $wait } erneut.
error-busy-title = Ausgelastet
error-busy = Marquee ist gerade ausgelastet. Versuchen Sie es in ein paar Sekunden erneut.
error-stale-title = Diese Seite ist abgelaufen
error-stale = Das gesendete Formular war nicht mehr aktuell (vielleicht haben Sie sich in einem anderen Tab an- oder abgemeldet). Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-internal-title = Etwas ist schiefgelaufen
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es noch einmal.
error-title-not-found = Dieser Titel wurde nicht gefunden. Vielleicht wurde er gelöscht.
error-video-not-found = Dieses Video wurde nicht gefunden. Vielleicht wurde es gelöscht.
error-picture-not-found = Dieses Bild wurde nicht gefunden. Vielleicht wurde es gelöscht.
error-playback-not-found = Auf diesem Gerät wurde keine Wiedergabe gefunden. Vielleicht ist sie schon beendet.
