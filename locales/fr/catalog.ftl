# The homepage's rows, search and a title's page.

browse-title = Accueil
browse-play = ▶ Lecture
browse-more-info = Plus d’infos
browse-welcome = Bienvenue, { $name }
browse-kids-lead = Ce profil ne montre que des titres pour les enfants.
browse-lead = Reprenez là où vous vous étiez arrêté, ou découvrez quelque chose de nouveau.
search-label = Rechercher des titres, des personnes et des genres
search-placeholder = Titres, personnes, genres
search = Rechercher
library-heading = Votre bibliothèque
library-empty-kids = Rien ici pour ce profil pour l’instant. Les titres adaptés à son niveau de maturité apparaîtront ici dès qu’ils seront ajoutés.
# Followed by two commands, then library-empty-end.
library-empty-lead = Rien à regarder pour l’instant. Le propriétaire du serveur ajoute des dossiers de médias en ligne de commande, par exemple
library-empty-then = puis
library-empty-end = ; leurs titres apparaissent alors ici.
row-continue = Reprendre la lecture
row-my-list = Ma liste
row-recent = Ajouts récents
row-movies = Films
row-shows = Séries
row-documentaries = Documentaires
card-unavailable = Indisponible
card-next = À suivre : { $episode }
watched-percent = Vu à { $percent } %

search-title = Recherche : { $query }
search-results = { $count ->
    [0] Aucun résultat
    [one] 1 résultat
   *[other] { $count } résultats
}
search-nothing = Rien ne correspond à « { $query } ». Essayez un titre, une personne qui y joue ou un genre, comme « drame ».
search-results-heading = Résultats
search-hint = Cherchez par titre, distribution ou genre. Majuscules et accents n’ont pas d’importance.

title-poster = Affiche de { $name }
title-unavailable = Ce titre est indisponible : ses fichiers ne sont pas dans la bibliothèque pour le moment.
title-play = Lecture
title-resume = Reprendre
title-in-my-list = ✓ Dans ma liste
title-add-my-list = + Ma liste
title-cast = Distribution :
title-as = dans le rôle de { $role }
title-seasons = { $count ->
    [one] 1 saison
   *[other] { $count } saisons
}
title-season = Saison { $number }
title-specials = Épisodes spéciaux
title-episode = Épisode { $number }
episode-watched = Vu
episode-needs-ffmpeg = ffmpeg requis
episode-needs-ffmpeg-why = Son fichier doit être converti pour la plupart des navigateurs, et ce serveur n’a pas ffmpeg
ffmpeg-note = { $which ->
    [one-of-one] Le fichier de ce titre doit
    [one] L’un des fichiers de ce titre doit
    [all] Les fichiers de ce titre doivent
   *[some] { $count } des fichiers de ce titre doivent
} être convertis pour être lus dans la plupart des navigateurs, et ce serveur n’a pas ffmpeg pour le faire : ils ne se lisent que sur les appareils qui les lisent tels quels. La personne qui gère Marquee peut installer ffmpeg.
my-list-choose = Choisissez d’ajouter le titre à Ma liste ou de l’en retirer.
