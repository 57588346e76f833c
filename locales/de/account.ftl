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
