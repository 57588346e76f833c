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
mail-changed-kept-intro = Das Passwort des Marquee-Kontos { $email } wurde soeben auf einem angemeldeten Gerät geändert.
mail-sign-in-subject = Neue Anmeldung bei Ihrem Marquee-Konto
mail-sign-in-intro = Ihr Marquee-Konto { $email } wurde soeben auf einem Gerät angemeldet, das es noch nicht kannte.
mail-sign-in-device = Gerät: { $device } ({ $kind })
mail-sign-in-place = Wo: { $place }
mail-sign-in-when = Wann: { $when } ({ $zone })
mail-sign-in-if-you = Wenn Sie das waren, müssen Sie nichts tun.
mail-kind-browser = Webbrowser
mail-kind-mobile = Handy oder Tablet
mail-kind-tv = Fernseher
mail-kind-other = anderes Gerät
mail-not-you = Wenn Sie es nicht waren, verwenden Sie den Link unten: Er meldet Ihr Konto auf allen Geräten auf einmal ab und führt Sie gleich zur Wahl eines neuen Passworts, ohne dass Sie sich anmelden müssen.
mail-not-you-action = Nicht Sie? Alle Geräte abmelden und das Passwort ändern
mail-not-you-expiry = { $days ->
    [one] Der Link funktioniert einmal, einen Tag lang.
   *[other] Der Link funktioniert einmal, { $days } Tage lang.
}
mail-email-confirm-subject = Bestätigen Sie Ihre neue E-Mail-Adresse für Marquee
mail-email-confirm-intro = Jemand (hoffentlich Sie) möchte sich ab jetzt mit { $email } bei Marquee anmelden. Die Änderung gilt, sobald Sie diesen Link öffnen.
mail-email-confirm-action = Diese Adresse verwenden
mail-email-confirm-expiry = { $hours ->
    [one] Der Link funktioniert einmal, eine Stunde lang.
   *[other] Der Link funktioniert einmal, { $hours } Stunden lang.
}
mail-email-confirm-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Es ändert sich nichts.
mail-email-changing-subject = Die Anmeldeadresse Ihres Marquee-Kontos ändert sich bald
mail-email-changing-intro = Jemand, der beim Marquee-Konto { $email } angemeldet ist, möchte sich ab jetzt mit { $new_email } anmelden. Das ändert sich erst, wenn ein an diese Adresse geschickter Link geöffnet wird; bis dahin bleibt { $email }.
