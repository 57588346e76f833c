# Nachrichten, die Marquee per E-Mail verschickt.

mail-footer = Gesendet von Marquee. Sie erhalten diese Nachricht wegen einer Aktion mit Ihrem Konto; es gibt nichts abzubestellen.
mail-test-subject = Marquee kann E-Mails senden
mail-test-body = Dies ist eine Testnachricht von Marquee. Wenn Sie sie lesen können, funktioniert der E-Mail-Versand.
mail-reset-subject = Setzen Sie Ihr Marquee-Passwort zurück
mail-reset-intro = Jemand (hoffentlich Sie) hat darum gebeten, das Passwort des Marquee-Kontos { $email } zurückzusetzen.
mail-reset-action = Neues Passwort wählen
mail-reset-expiry = { $minutes ->
    [one] Der Link funktioniert einmal, eine Minute lang.
   *[other] Der Link funktioniert einmal, { $minutes } Minuten lang.
}
mail-reset-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.
mail-changed-subject = Ihr Marquee-Passwort wurde geändert
mail-changed-intro = Das Passwort des Marquee-Kontos { $email } wurde gerade geändert, und alle Geräte wurden abgemeldet.
mail-changed-not-you = Das waren nicht Sie? Wählen Sie sofort ein neues Passwort über „Passwort vergessen?“ auf der Anmeldeseite, und sagen Sie der Person Bescheid, die Marquee betreibt.
mail-changed-action = Zur Anmeldeseite
