# Le cadre de chaque page, les mots communs, les heures et les dates.

brand-home = Accueil Marquee
skip-to-content = Aller au contenu
menu-label = Profil
menu-watching-as = Menu du profil : vous regardez en tant que { $name }
locked-mark = (verrouillé)
manage-profiles = Gérer les profils
account = Compte
help = Aide
sign-out-of-marquee = Se déconnecter de Marquee
profiles = Profils
sign-out = Se déconnecter
sign-in = Se connecter
footer-tagline = Marquee : votre propre service de streaming.

save = Enregistrer
cancel = Annuler
continue = Continuer
back = Retour
done = Terminé
name = Nom
email = E-mail
password = Mot de passe
account-password = Mot de passe du compte

landing-title = Votre propre service de streaming
landing-heading = Vos films, séries et documentaires. Votre serveur.
landing-lead = Regardez-les dans le navigateur, sur téléphone et sur téléviseur, avec un profil pour chaque personne de la maison.
landing-promise = Et quand vous vous déconnectez d’un appareil, il est bel et bien déconnecté. Immédiatement.

time-active-now = Actif en ce moment
time-just-now = À l’instant
time-minutes-ago = { $count ->
    [one] il y a 1 minute
   *[other] il y a { $count } minutes
}
time-hours-ago = { $count ->
    [one] il y a 1 heure
   *[other] il y a { $count } heures
}
time-yesterday = Hier
time-days-ago = { $count ->
    [one] il y a 1 jour
   *[other] il y a { $count } jours
}
asked-just-now = Demandé à l’instant
asked-minutes-ago = { $count ->
    [one] Demandé il y a 1 minute
   *[other] Demandé il y a { $count } minutes
}
asked-hours-ago = { $count ->
    [one] Demandé il y a 1 heure
   *[other] Demandé il y a { $count } heures
}
asked-days-ago = { $count ->
    [one] Demandé hier
   *[other] Demandé il y a { $count } jours
}
asked-on = Demandé le { $date }
date-short = { $day } { $month } { $year }
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
duration-hours-minutes = { $hours } h { $minutes } min
duration-hours = { $hours } h
duration-minutes = { $minutes } min
duration-seconds = { $seconds } s
wait-seconds = { $count ->
    [one] 1 seconde
   *[other] { $count } secondes
}
wait-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}

place-unknown = Lieu inconnu
place-address = Adresse IP { $ip }
place-this-computer = Cet ordinateur ({ $ip })
place-this-phone = Ce téléphone ({ $ip })
place-this-tablet = Cette tablette ({ $ip })
place-this-tv = Ce téléviseur ({ $ip })
device-iphone = iPhone
device-android-phone = Téléphone Android
device-phone = Téléphone
device-ipad = iPad
device-android-tablet = Tablette Android
device-tablet = Tablette
device-tv = Téléviseur
device-computer = Ordinateur
place-same-network = Même réseau que cet appareil ({ $ip })
place-server = Même ordinateur que le serveur ({ $ip })
place-home-network = Réseau domestique ({ $ip })
