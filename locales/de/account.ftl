# Marquee einrichten, abmelden, von allen Geräten abmelden, das Konto löschen.

password-enter = Geben Sie Ihr Kontopasswort ein.
password-wrong = Das ist nicht Ihr Kontopasswort.
password-too-many = Zu viele fehlgeschlagene Versuche. Versuchen Sie es in { $wait } erneut.
password-needed-sign-out-all = Geben Sie zu Ihrer Sicherheit Ihr Passwort ein, um sich von allen Geräten abzumelden.
password-needed-sign-out-device = Geben Sie zu Ihrer Sicherheit Ihr Passwort ein, um ein anderes Gerät abzumelden.

setup-title = Marquee einrichten
setup-intro = Legen Sie das erste Konto an. Der Einrichtungscode wurde dort ausgegeben, wo Marquee gestartet wurde.
setup-code = Einrichtungscode
setup-your-name = Ihr Name
setup-password-hint = Mindestens 15 Zeichen. Ein paar Wörter, die nichts miteinander zu tun haben, eignen sich gut.
setup-create = Konto anlegen
setup-closed = Die Einrichtung ist geschlossen: Marquee hat bereits ein Konto, oder der Einrichtungscode ist abgelaufen.
setup-expired = Die Einrichtung ist geschlossen. Starten Sie Marquee neu, um einen neuen Einrichtungscode zu erhalten, oder melden Sie sich an.
setup-too-many = Zu viele falsche Einrichtungscodes: Die Einrichtung ist geschlossen. Starten Sie Marquee neu, um einen neuen Code zu erhalten.
setup-wrong-code = Dieser Einrichtungscode stimmt nicht. Er wurde beim Start von Marquee ausgegeben.
setup-has-account = Marquee hat bereits ein Konto: Melden Sie sich stattdessen an.

delete-title = Konto löschen
delete-heading = Ihr Konto löschen?
# Die E-Mail-Adresse des Kontos steht fett zwischen diesen beiden Nachrichten.
delete-explain-lead = Dadurch werden das Konto
delete-explain-rest = , seine Profile und sein Verlauf gelöscht und alle Geräte abgemeldet. Das lässt sich nicht rückgängig machen.
delete-understood = Mir ist klar, dass mein Konto endgültig gelöscht wird
delete-tick = Setzen Sie das Häkchen, um zu bestätigen, dass Sie das Konto löschen möchten.

sign-out-all-title = Von allen Geräten abmelden
sign-out-all-heading = Von allen Geräten abmelden?
sign-out-all-explain = Alle Geräte, die bei diesem Konto angemeldet sind, auch dieses, werden sofort abgemeldet.
sign-out-all-password = Geben Sie zu Ihrer Sicherheit Ihr Passwort ein
sign-out-button = Abmelden

signout-title = Abmelden
signout-heading = Auf diesem Gerät von Marquee abmelden?
signout-explain-html = Ihre anderen Geräte bleiben angemeldet. Um sich überall abzumelden, nutzen Sie <a href="/account#settings">Von allen Geräten abmelden</a> auf Ihrer Kontoseite.
signed-out-title = Sie sind abgemeldet
signed-out-explain = Dieses Gerät hat keinen Zugriff mehr auf Ihr Konto. Wenn Sie sich von allen Geräten abgemeldet haben, wurden alle anderen Browser, Handys und Fernseher im selben Moment abgemeldet.
sign-in-again = Wieder anmelden

# The account page: membership, personal information, preferences, email, password and devices.
acct-title = Konto
acct-sections = Kontobereiche
acct-membership = Mitgliedschaft
acct-personal-short = Persönliches
acct-preferences = Einstellungen
acct-devices-short = Geräte
acct-member-since = Mitglied seit
acct-personal = Persönliche Informationen
acct-phone = Telefon
acct-optional = (optional)
acct-language = Sprache
acct-autoplay-next = Nächste Folge automatisch abspielen
acct-autoplay-previews = Vorschauen beim Stöbern automatisch abspielen
acct-signs-in-with-lead = Sie melden sich an mit
acct-signs-in-with-end = .
acct-change-email = E-Mail-Adresse ändern
acct-new-email = Neue E-Mail-Adresse
acct-current-password = Aktuelles Passwort
acct-password-lead = Mindestens 15 Zeichen. Beim Ändern können Sie auch alle anderen Geräte abmelden.
acct-change-password = Passwort ändern
acct-new-password = Neues Passwort
acct-sign-out-others = Alle anderen Geräte abmelden
acct-settings = Kontoverwaltung
acct-devices = Zugriff und Geräte verwalten
acct-devices-lead = { $max ->
    [one] Diese Geräte sind bei Ihrem Konto angemeldet. Melden Sie alle ab, die Sie nicht kennen. Es kann nur 1 Gerät gleichzeitig angemeldet sein; wer sich auf einem anderen anmeldet, meldet dieses ab.
   *[other] Diese Geräte sind bei Ihrem Konto angemeldet. Melden Sie alle ab, die Sie nicht kennen. Bis zu { $max } Geräte können gleichzeitig angemeldet sein; meldet sich ein weiteres an, wird das am längsten unbenutzte abgemeldet.
}
acct-this-device = Dieses Gerät
acct-device-profile = Profil: { $name }
acct-your-password = Ihr Passwort
acct-password-to-sign-out = Ihr Passwort, um { $name } abzumelden
acct-told-apart = { $position } von { $count }
acct-tv-codes = Einen Fernseher mit einem Code anmelden
acct-tv-codes-lead-html = Öffnen Sie Marquee auf dem Fernseher unter <strong>/tv</strong>: Er zeigt einen kurzen Code. Geben Sie den Code hier auf einem angemeldeten Gerät ein, und der Fernseher meldet sich an, ohne dass jemand darauf ein Passwort tippt.
acct-activate-tv = Fernseher aktivieren
acct-confirm-codes = Nach meinem Passwort fragen, bevor ein Gerät mit einem Code zugelassen wird
acct-password-to-change = Ihr Passwort, um das zu ändern
acct-sign-out-all-lead = Meldet alle Browser, Telefone und Fernseher dieses Kontos auf einmal ab, dieses Gerät eingeschlossen.
acct-delete-lead = Entfernt das Konto, seine Profile und seinen Verlauf und meldet alle Geräte ab.
acct-saved-personal = Persönliche Informationen gespeichert.
acct-saved-preferences = Einstellungen gespeichert.
acct-saved-email = E-Mail-Adresse geändert.
acct-saved-password = Passwort geändert.
acct-saved-password-others = Passwort geändert, und alle anderen Geräte wurden abgemeldet.
acct-saved-device = Das Gerät wurde abgemeldet.
acct-device-playing = Spielt { $title } für { $profile } seit { $duration }
acct-device-playing-no-profile = Spielt { $title } seit { $duration }
acct-stop-playback = Wiedergabe beenden
acct-saved-playback-stopped = Die Wiedergabe auf diesem Gerät wurde beendet. Es bleibt angemeldet.
acct-saved = Gespeichert.

# The sign-in page.
signin-signed-out = Sie wurden auf diesem Gerät abgemeldet. Melden Sie sich wieder an, um weiterzuschauen.
signin-remember = Angemeldet bleiben
signin-remember-hint = Auf einem gemeinsam genutzten oder öffentlichen Computer entfernen Sie das Häkchen: Dann werden Sie abgemeldet, wenn der Browser geschlossen wird oder Sie kurz nicht da sind.
signin-tv = Auf einem Fernseher? Melden Sie sich stattdessen mit einem Code an
signin-how-sign-out = So funktioniert das Abmelden
signin-enter-email = Geben Sie die E-Mail-Adresse Ihres Marquee-Kontos ein.
signin-enter-password = Geben Sie Ihr Passwort ein.
signin-no-match = Diese E-Mail-Adresse und dieses Passwort passen leider zu keinem Konto. Prüfen Sie beides und versuchen Sie es noch einmal.

# Was die Formulare für Konto, Einrichtung und Anmeldung sagen, wenn sie eine Eingabe ablehnen.
email-missing = Geben Sie Ihre E-Mail-Adresse ein.
email-too-long = Diese E-Mail-Adresse ist zu lang.
email-malformed = Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.
setup-email-taken = Es gibt bereits ein Konto mit der E-Mail-Adresse { $email }.
acct-email-taken = Ein anderes Konto verwendet diese E-Mail-Adresse bereits.
name-missing = Geben Sie Ihren Namen ein.
name-too-long = Ihr Name ist zu lang: Verwenden Sie höchstens { $max } Zeichen.
name-control = Ihr Name darf keine Steuerzeichen enthalten.
name-hidden = Ihr Name darf keine unsichtbaren Zeichen und keine Zeichen enthalten, die die Textrichtung ändern.
phone-malformed = Geben Sie eine Telefonnummer mit 6 bis 15 Ziffern ein, zum Beispiel +49 30 1234567.
language-not-offered = Wählen Sie eine der Sprachen aus der Liste.
password-too-short = Verwenden Sie mindestens { $min } Zeichen: Ein kurzer Satz oder ein paar Wörter, die nichts miteinander zu tun haben, lassen sich leicht merken.
password-too-long = Verwenden Sie höchstens { $max } Zeichen.
password-common = Das ist eines der am häufigsten verwendeten Passwörter und damit eines der ersten, die ein Angreifer ausprobiert. Wählen Sie ein anderes.
password-guessable = Dieses Passwort ist zu leicht zu erraten{ $hint ->
        [straight-rows] {" "}(Tastenreihen sind leicht zu erraten)
        [keyboard-patterns] {" "}(kurze Tastaturmuster sind leicht zu erraten)
        [repeats] {" "}(Wiederholungen wie „aaa“ sind leicht zu erraten)
        [repeated-groups] {" "}(Wiederholungen wie „abcabcabc“ sind kaum schwerer zu erraten als „abc“)
        [top-10] {" "}(es gehört zu den 10 häufigsten Passwörtern)
        [top-100] {" "}(es gehört zu den 100 häufigsten Passwörtern)
        [common] {" "}(es ist ein sehr häufiges Passwort)
        [similar-to-common] {" "}(es ähnelt einem häufig verwendeten Passwort)
        [sequences] {" "}(Folgen wie abc oder 6543 sind leicht zu erraten)
        [recent-years] {" "}(die letzten Jahreszahlen sind leicht zu erraten)
        [one-word] {" "}(ein einzelnes Wort ist leicht zu erraten)
        [dates] {" "}(Datumsangaben sind oft leicht zu erraten)
        [names] {" "}(Vor- und Nachnamen allein sind leicht zu erraten)
        [common-names] {" "}(häufige Vor- und Nachnamen sind leicht zu erraten)
       *[none] {""}
    }. Fügen Sie weitere Wörter, die nichts miteinander zu tun haben, oder weitere Zeichen hinzu.

## Passwort vergessen

signin-forgot = Passwort vergessen?
forgot-title = Passwort vergessen?
forgot-intro = Geben Sie die E-Mail-Adresse Ihres Marquee-Kontos ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort wählen.
forgot-send = Link senden
forgot-sent = Wenn ein Konto { $email } verwendet, ist ein Link für ein neues Passwort dorthin unterwegs. Er funktioniert einmal, { $minutes } Minuten lang. Kommt er nicht an, sehen Sie im Spam-Ordner nach.
forgot-no-mail = Dieser Marquee-Server verschickt keine E-Mails und kann Ihnen daher keinen Link senden. Bitten Sie die Person, die Marquee betreibt, Ihnen ein neues Passwort zu setzen, mit diesem Befehl:
forgot-back = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-for = Für das Konto { $email }. Alle damit angemeldeten Geräte werden abgemeldet, und dieses hier wird angemeldet.
reset-new-password = Neues Passwort
reset-save = Neues Passwort speichern
reset-opening = Die Seite für ein neues Passwort wird geöffnet …
reset-continue = Weiter
reset-dead-title = Dieser Link funktioniert nicht mehr
reset-dead = Der Link ist abgelaufen, wurde schon benutzt, oder das Passwort wurde seit dem Versand geändert. Fordern Sie einen neuen an.
reset-ask-again = Neuen Link anfordern

## Wie lange ein Gerät angemeldet bleibt, das nur für eine Weile zugelassen wird, und die Zeitzone des Kontos
lifetime-label = Angemeldet bleiben
lifetime-until-morning = Bis morgen früh (4:00 Uhr)
lifetime-week = Eine Woche lang
lifetime-until-signed-out = Bis ich es abmelde
lifetime-hint = Auf einem Fernseher oder Computer, der nicht Ihnen gehört, wählen Sie eine Dauer: Dann meldet er sich von selbst ab, und Sie müssen nicht daran denken.
lifetime-unknown = Wählen Sie aus der Liste, wie lange Sie angemeldet bleiben möchten.
acct-device-signs-out-at = Meldet sich am { $date } um { $time } Uhr von selbst ab
acct-time-zone = Zeitzone
acct-time-zone-hint = Gilt für die Uhrzeiten auf dieser Seite und für „bis morgen früh“. Tippen Sie den Anfang einer Stadt, zum Beispiel Europe/Berlin.
time-zone-unknown = Diese Zeitzone kennt Marquee nicht: Wählen Sie eine aus der Liste, zum Beispiel Europe/Berlin.
# The account activity page: what happened to the account, newest first.
acct-activity-link = Kontoaktivität ansehen
activity-title = Kontoaktivität
activity-lead = Was zuletzt mit Ihrem Konto geschah, das Neueste zuerst: Anmeldungen, falsche Passwörter, Abmeldungen, Änderungen und was angesehen wurde.
activity-filters = Anzeigen
activity-filter-all = Alles
activity-filter-sign-ins = Anmeldungen
activity-filter-watching = Angesehen
activity-unknown-filter = Diesen Filter kennt die Seite nicht, deshalb wird alles angezeigt.
activity-old-cursor = Dieser Seitenlink ist veraltet, deshalb wird die neueste Aktivität angezeigt.
activity-empty = Noch nichts anzuzeigen.
activity-older = Ältere Aktivität
activity-back = Zurück zu Ihren Geräten
activity-device = { $name } · { $what }
activity-sign-out-device = Dieses Gerät abmelden
activity-password-to-sign-out = Ihr Passwort, um dieses Gerät abzumelden
activity-signed-in = Angemeldet
activity-wrong-password = { $count ->
    [one] Ein falsches Passwort wurde versucht
   *[other] Ein falsches Passwort wurde { $count }-mal versucht
}
activity-signed-out = Abgemeldet
activity-signed-out-by = Abgemeldet von { $device }
activity-signed-out-everywhere = Von allen Geräten abgemeldet
activity-signed-out-by-itself = Von selbst abgemeldet, zu der bei der Anmeldung gewählten Zeit
activity-password-changed = Passwort geändert
activity-password-reset = Passwort mit einem E-Mail-Link zurückgesetzt
activity-email-changed = E-Mail-Adresse geändert
activity-tv-code-allowed = TV-Code erlaubt
activity-tv-code-denied = TV-Code abgelehnt
activity-pin-changed = Profilsperre für { $profile } geändert
activity-maturity-changed = Altersfreigabe für { $profile } geändert
activity-started-watching = { $title } als { $profile } angefangen
activity-started-watching-no-profile = { $title } angefangen
activity-playback-stopped = Wiedergabe gestoppt
activity-playback-stopped-by = Wiedergabe gestoppt von { $device }
link-opening = Der Link wird geöffnet …
not-me-title = Nicht Sie?
not-me-for = Für das Konto { $email }.
not-me-explain = Wenn Sie bestätigen, wird dieses Konto auf allen Geräten auf einmal abgemeldet, auch auf Handys und Fernsehern, und Sie wählen gleich danach ein neues Passwort.
not-me-confirm = Alle Geräte abmelden und das Passwort ändern
not-me-dead = Der Link ist abgelaufen, wurde schon benutzt oder stammt nicht von Marquee. Wenn vielleicht jemand anderes Ihr Konto benutzt, fordern Sie einen Link zum Zurücksetzen des Passworts an.
email-confirm-title = Neue E-Mail-Adresse bestätigen
email-confirm-explain = Ab jetzt mit { $email } bei Marquee anmelden?
email-confirm-button = Diese Adresse verwenden
email-confirm-done-title = E-Mail-Adresse geändert
email-confirm-done = Ab jetzt melden Sie sich mit { $email } an.
email-confirm-to-account = Zu Ihrem Konto
email-confirm-dead = Der Link ist abgelaufen, wurde schon benutzt, oder seit dem Versand wurde das Passwort geändert oder wurden alle Geräte abgemeldet. Fordern Sie die Änderung auf Ihrer Kontoseite erneut an.
email-confirm-taken = Ein anderes Konto verwendet diese Adresse inzwischen, daher kann sie nicht die dieses Kontos werden.
acct-email-link-sent = Wir haben einen Link an die neue Adresse geschickt. Ihre E-Mail-Adresse ändert sich, sobald er geöffnet wird (innerhalb von 24 Stunden); bis dahin melden Sie sich weiter mit der jetzigen an.
acct-alerts = Anmeldewarnungen
acct-alerts-lead = Erhalten Sie eine E-Mail, wenn sich Ihr Konto auf einem Handy, Computer oder Fernseher anmeldet, den es noch nicht kennt, mit einem Link, um überall abzumelden, falls Sie es nicht waren.
acct-alerts-on = Mir bei Anmeldungen auf neuen Geräten eine E-Mail schicken
acct-alerts-unavailable = Anmeldewarnungen sind nicht verfügbar: Für diesen Marquee-Server ist kein Mailserver eingerichtet, daher kann er keine E-Mails senden. Wer Marquee betreibt, kann einen mit der Einstellung smtp_url einrichten.
