# The player page, its TV controls and end screen, and the "too many devices" page.

watch-title = Lecture : { $name }
player-cannot-play-here = Votre navigateur ne peut pas lire cette vidéo ici.
player-back = ← Retour
player-sound = Son
player-subtitles = Sous-titres
player-subtitles-off = Sans sous-titres
player-position = Position
player-play = ▶ Lecture
player-pause = ❚❚ Pause
player-time-left = encore { $time }
player-time-of = { $time } sur { $duration }
player-sound-named = Son : { $name }
player-subtitles-named = Sous-titres : { $name }
player-off = Désactivés
player-next-episode = Épisode suivant ▸
player-next-lead = Épisode suivant
player-next-in = { $count ->
    [one] dans 1 seconde
   *[other] dans { $count } secondes
}
player-next-name =  : { $name }
player-play-now = Lire maintenant
player-back-to-title = Retour au titre
player-watch-again = Revoir
player-no-script-direct = Sans JavaScript, la vidéo se lit, mais l’endroit où vous en êtes n’est pas enregistré.
player-no-script-convert = Cette vidéo doit être convertie pour le navigateur, ce qui demande JavaScript : activez-le pour la lire.
player-sound-number = Son { $number }
player-stereo = stéréo
player-channels = { $count } canaux
player-forced = forcés
player-sdh = SME
player-drawn = { $name } (incrustés dans l’image)
player-cannot-play-now = Cette vidéo ne peut pas être lue pour le moment.
player-browser-cannot = Ce navigateur ne peut pas lire cette vidéo : son fichier doit être converti et le navigateur ne sait pas lire le flux converti. Essayez Chromium, Safari ou un téléviseur.
player-stopped = La lecture s’est arrêtée. Revenez en arrière et réessayez.
player-stopped-from = La lecture a été arrêtée depuis { $device }.
player-stopped-elsewhere = La lecture a été arrêtée depuis un autre appareil.
video-unavailable-title = Indisponible
video-unavailable = Cette vidéo n’est pas dans la bibliothèque pour le moment : son fichier a été déplacé ou supprimé. Elle reviendra quand le fichier sera de retour et que la bibliothèque aura été analysée de nouveau.
too-many-title = Trop de personnes regardent
too-many-heading = Trop de personnes utilisent votre compte en ce moment
too-many-lead = { $limit ->
    [one] Votre compte peut lire sur 1 appareil à la fois, et il est déjà utilisé. Arrêtez la lecture sur celui-ci pour regarder ici.
   *[other] Votre compte peut lire sur { $limit } appareils à la fois, et ils sont tous utilisés. Arrêtez la lecture sur l’un d’eux pour regarder ici.
}
too-many-watching = { $profile } regarde { $title }
too-many-playing = Lecture de { $title }
too-many-stop = Arrêter la lecture là-bas
too-many-stop-label = Arrêter la lecture là-bas : { $device }, { $what }
too-many-try-again = Réessayer
too-many-back = Retour à l’accueil
