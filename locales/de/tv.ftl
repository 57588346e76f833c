# Signing in a TV with a code: the TV's code screen, and "Activate a TV" on a phone or computer.

tv-title = Auf diesem Fernseher anmelden
tv-step-go = Öffnen Sie auf Ihrem Telefon oder Computer
tv-step-code = Geben Sie diesen Code ein:
tv-code-label = Code: { $code }
tv-step-allow-html = Wählen Sie <em>Zulassen</em>. Dieser Bildschirm geht von selbst weiter.
tv-code-lasts = { $minutes ->
    [one] Der Code gilt noch 1 Minute. Auf dem Fernseher wird kein Passwort eingegeben.
   *[other] Der Code gilt noch { $minutes } Minuten. Auf dem Fernseher wird kein Passwort eingegeben.
}
tv-with-password = Stattdessen mit E-Mail-Adresse und Passwort anmelden
tv-scan = Oder scannen Sie dies mit der Kamera Ihres Telefons
tv-signed-out = Dieser Fernseher wurde abgemeldet. Um wieder zu schauen, melden Sie ihn mit dem neuen Code an.
tv-code-denied = Dieser Code wurde abgelehnt. Hier ist ein neuer.
tv-code-expired = Dieser Code ist abgelaufen. Hier ist ein neuer.
tv-too-many-codes = Zu viele Codes

activate-title = Fernseher aktivieren
activate-lead = Geben Sie den Code ein, den der Fernseher oder das andere Gerät zeigt, das Sie bei diesem Konto anmelden möchten.
activate-code = Code
activate-code-hint = 8 Buchstaben. Groß- und Kleinschreibung, Leerzeichen und Bindestrich spielen keine Rolle.
