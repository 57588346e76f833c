# Der Rahmen jeder Seite, gemeinsame Wörter, Zeiten und Daten.

brand-home = Marquee-Startseite
skip-to-content = Zum Inhalt springen
menu-label = Profil
menu-watching-as = Profilmenü: Sie schauen als { $name }
locked-mark = (gesperrt)
manage-profiles = Profile verwalten
account = Konto
help = Hilfe
sign-out-of-marquee = Von Marquee abmelden
profiles = Profile
sign-out = Abmelden
sign-in = Anmelden
footer-tagline = Marquee: Ihr eigener Streamingdienst.

save = Speichern
cancel = Abbrechen
continue = Weiter
back = Zurück
done = Fertig
name = Name
email = E-Mail
password = Passwort
account-password = Kontopasswort

landing-title = Ihr eigener Streamingdienst
landing-heading = Ihre Filme, Serien und Dokus. Ihr Server.
landing-lead = Schauen Sie im Browser, auf dem Handy und auf dem Fernseher – mit einem eigenen Profil für alle im Haushalt.
landing-promise = Und wenn Sie sich auf einem Gerät abmelden, ist es abgemeldet. Sofort.

time-active-now = Gerade aktiv
time-just-now = Gerade eben
time-minutes-ago = { $count ->
    [one] vor 1 Minute
   *[other] vor { $count } Minuten
}
time-hours-ago = { $count ->
    [one] vor 1 Stunde
   *[other] vor { $count } Stunden
}
time-yesterday = Gestern
time-days-ago = { $count ->
    [one] vor 1 Tag
   *[other] vor { $count } Tagen
}
asked-just-now = Gerade eben angefragt
asked-minutes-ago = { $count ->
    [one] Vor 1 Minute angefragt
   *[other] Vor { $count } Minuten angefragt
}
asked-hours-ago = { $count ->
    [one] Vor 1 Stunde angefragt
   *[other] Vor { $count } Stunden angefragt
}
asked-days-ago = { $count ->
    [one] Gestern angefragt
   *[other] Vor { $count } Tagen angefragt
}
asked-on = Am { $date } angefragt
date-short = { $day }. { $month } { $year }
month-1 = Jan.
month-2 = Feb.
month-3 = März
month-4 = Apr.
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = Aug.
month-9 = Sept.
month-10 = Okt.
month-11 = Nov.
month-12 = Dez.
duration-hours-minutes = { $hours } Std. { $minutes } Min.
duration-hours = { $hours } Std.
duration-minutes = { $minutes } Min.
duration-seconds = { $seconds } Sek.
wait-seconds = { $count ->
    [one] 1 Sekunde
   *[other] { $count } Sekunden
}
wait-minutes = { $count ->
    [one] 1 Minute
   *[other] { $count } Minuten
}

place-unknown = Unbekannter Ort
place-address = IP-Adresse { $ip }
place-this-computer = Dieser Computer ({ $ip })
place-this-phone = Dieses Telefon ({ $ip })
place-this-tablet = Dieses Tablet ({ $ip })
place-this-tv = Dieser Fernseher ({ $ip })
device-iphone = iPhone
device-android-phone = Android-Smartphone
device-phone = Smartphone
device-ipad = iPad
device-android-tablet = Android-Tablet
device-tablet = Tablet
device-tv = Fernseher
device-computer = Computer
place-same-network = Im selben Netzwerk wie dieses Gerät ({ $ip })
place-server = Derselbe Computer wie der Server ({ $ip })
place-home-network = Heimnetzwerk ({ $ip })
