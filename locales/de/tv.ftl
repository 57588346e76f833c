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

activate-confirm-title = Dieses Gerät zulassen?
activate-confirm-heading = Dieses Gerät anmelden?
activate-device = Gerät
activate-kind = Art
activate-asked = Angefragt
activate-through = Über
activate-from = Von
activate-this-network = (dieses Netzwerk)
activate-other-network = (ein anderes Netzwerk)
activate-allow-lead = Wenn Sie es zulassen, wird es angemeldet bei
activate-allow-devices-lead = . Danach erscheint es unter
activate-allow-devices-end = , wo Sie es jederzeit abmelden können. Lassen Sie nur ein Gerät zu, vor dem Sie gerade sitzen: Wenn Sie das nicht selbst angestoßen haben, wählen Sie Ablehnen.
activate-other-network-warning = Dieser Code wurde aus einem anderen Netzwerk angefragt. Lassen Sie nur einen Fernseher zu, vor dem Sie gerade sitzen.
activate-your-password = Ihr Passwort
activate-password-hint = Ihr Konto fragt nach dem Passwort, bevor ein Gerät zugelassen wird.
activate-allow = Zulassen
activate-deny = Ablehnen
activate-kind-tv = Fernseher
activate-kind-mobile = Telefon oder Tablet
activate-kind-browser = Webbrowser
activate-kind-other = Anderes Gerät
activate-unknown-address = einer unbekannten Adresse
activate-through-tv-page = die TV-Seite von Marquee
activate-through-app = eine App, die sich „{ $client }“ nennt
activate-no-such-code = Gerade zeigt kein Fernseher diesen Code. Prüfen Sie den Code auf dem Fernseher (Codes gelten einige Minuten; läuft einer ab, zeigt der Fernseher einen neuen).
activate-too-many = Zu viele Codes passten nicht. Versuchen Sie es in { $wait } noch einmal.
code-too-long = Das ist zu lang für einen Code: Er hat 8 Buchstaben, etwa BCDF-GHJK.
code-missing = Geben Sie den Code ein, den Ihr Fernseher zeigt.
code-wrong-letters = Das ist kein Code von einem Fernseher: Codes bestehen nur aus den Buchstaben B–Z ohne Vokale und ohne Y.
code-wrong-length = Ein Code hat 8 Buchstaben, etwa BCDF-GHJK. Prüfen Sie den Code auf Ihrem Fernseher.
activate-choose = Wählen Sie Zulassen oder Ablehnen.
activated-allowed-title = Gerät zugelassen
activated-denied-title = Gerät abgelehnt
activated-too-late-title = Code nicht mehr gültig
activated-allowed-heading = Alles erledigt
activated-allowed-end = wird angemeldet. Es geht in wenigen Sekunden von selbst zu „Wer schaut gerade?“ weiter.
activated-denied-end = wurde nicht angemeldet. Sein Code kann nicht mehr verwendet werden.
activated-too-late-heading = Dieser Code kann nicht mehr verwendet werden
activated-too-late = Er wurde schon zugelassen oder abgelehnt, oder er ist abgelaufen. Der Fernseher zeigt einen neuen Code: Geben Sie diesen ein.
activated-another = Weiteres Gerät aktivieren
activate-through-jellyfin = eine Jellyfin-App (Quick Connect)
activate-watch-as = Wer schaut auf diesem Gerät?
activate-watch-as-hint = Die App meldet sich mit dem gewählten Profil an und kann es nur durch erneutes Anmelden wechseln. Ein gesperrtes Profil kann hier gewählt werden, da Sie im Konto angemeldet sind.
activate-choose-profile = Wählen Sie, wer auf diesem Gerät schaut.
activate-not-your-profile = Dieses Profil gehört nicht zu diesem Konto. Wählen Sie eines der angezeigten Profile.
activate-no-profiles = Dieses Konto hat noch keine Profile. Öffnen Sie diese Seite, um das erste anzulegen, und geben Sie den Code dann erneut ein:
activated-allowed-as = meldet sich an und schaut als { $profile }. Es geht in wenigen Sekunden von selbst weiter.
