# „Wer schaut gerade?“, die PIN-Eingabe und „Profile verwalten“.

who-title = Wer schaut gerade?
tag-kids = Kinder
pin-title = PIN eingeben
pin-heading = PIN für { $name } eingeben
pin-label = 4-stellige PIN
profile-edit = Bearbeiten
profile-locked = Gesperrt
add-profile = Profil hinzufügen
add-profile-kids = Kinderprofil (nur Titel für Kinder)
add-profile-password-hint = (für ein Kinderprofil nicht nötig)
add-profile-button = Profil hinzufügen
profiles-full = Dieses Konto hat bereits die höchstmögliche Zahl an Profilen ({ $max }).
profile-added = Profil hinzugefügt.
profile-deleted = Profil gelöscht.
changes-saved = Änderungen gespeichert.

edit-title = { $name } bearbeiten
edit-heading = Profil bearbeiten
edit-details = Name und Avatar
avatar = Avatar
avatar-crimson = Karminrot
avatar-amber = Bernstein
avatar-emerald = Smaragd
avatar-sky = Himmelblau
avatar-violet = Violett
avatar-rose = Rosa
avatar-teal = Petrol
avatar-slate = Schiefer
kids-profile = Kinderprofil
secret-pin-or-password = PIN dieses Profils oder Kontopasswort
secret-kids-password = Kontopasswort (nur zum Ausschalten von „Kinder“)
kids-off-needs-password = Zum Ausschalten von „Kinder“ ist das Kontopasswort nötig.
maturity-heading = Altersfreigabe
maturity-explain = { $name } sieht Titel bis zu der hier gewählten Altersstufe. Titel ohne Freigabe erscheinen nur bei „Alle Altersfreigaben“.
maturity-explain-kids = { $name } sieht Titel bis zu der hier gewählten Altersstufe; ein Kinderprofil reicht bis „Ältere Kinder“. Titel ohne Freigabe erscheinen nur bei „Alle Altersfreigaben“.
maturity-show-for = Titel zeigen für
maturity-save = Altersfreigabe speichern
maturity-little-kids = Kleine Kinder (G, TV-Y, TV-G)
maturity-older-kids = Ältere Kinder (PG, TV-Y7, TV-PG)
maturity-teens = Jugendliche (PG-13, TV-14)
maturity-all = Alle Altersfreigaben (R, NC-17, TV-MA und ohne Freigabe)
lock-heading = Profilsperre
lock-locked = Dieses Profil ist gesperrt: Wer als { $name } schauen will, braucht eine 4-stellige PIN.
lock-offer = Eine 4-stellige PIN verlangen, um als { $name } zu schauen.
lock-new-pin = Neue PIN
lock-pin = PIN
lock-change = PIN ändern
lock-button = Profil sperren
lock-remove = PIN entfernen
delete-profile = Profil löschen
delete-profile-explain = Löscht { $name } samt Wiedergabeverlauf.
back-to-manage = Zurück zu „Profile verwalten“

profile-name-missing = Geben Sie dem Profil einen Namen.
profile-name-too-long = Dieser Name ist zu lang: Verwenden Sie höchstens 30 Zeichen.
profile-name-control = Ein Profilname darf keine Steuerzeichen enthalten.
profile-name-hidden = Ein Profilname darf weder unsichtbare Zeichen noch Zeichen enthalten, die die Textrichtung umkehren.
avatar-unknown = Wählen Sie einen der angezeigten Avatare.
pin-format = Die PIN muss aus genau 4 Ziffern bestehen, zum Beispiel 2580.
pin-enter = Geben Sie die 4-stellige PIN des Profils ein.
pin-wrong = { $count ->
    [one] Diese PIN ist falsch. Noch 1 Versuch.
   *[other] Diese PIN ist falsch. Noch { $count } Versuche.
}
pin-too-many = Zu viele falsche PINs. Versuchen Sie es in { $wait } erneut.
pin-busy = Marquee ist ausgelastet und konnte die PIN nicht prüfen. Bitte versuchen Sie es gleich noch einmal.
profile-needs-password = { $why } Für ein Profil, das kein Kinderprofil ist, ist das Kontopasswort nötig.
profiles-at-most = Ein Konto kann höchstens { $max } Profile haben. Löschen Sie eines, um ein neues hinzuzufügen.
kids-off-enter-password = Geben Sie das Kontopasswort ein, um „Kinder“ für dieses Profil auszuschalten.
profile-locked-needs-secret = Dieses Profil ist gesperrt: Geben Sie seine PIN oder das Kontopasswort ein, um es zu ändern.
profile-last = Das ist das einzige Profil des Kontos, deshalb kann es nicht gelöscht werden. Fügen Sie zuerst ein weiteres hinzu.
maturity-unknown = Wählen Sie eine der angezeigten Altersstufen.
maturity-kids-limit = Ein Kinderprofil kann „Kleine Kinder“ oder „Ältere Kinder“ sein. Für mehr schalten Sie zuerst „Kinder“ aus.
