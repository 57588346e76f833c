# The homepage's rows, search and a title's page.

browse-title = Inicio
browse-play = ▶ Reproducir
browse-more-info = Más información
browse-welcome = Hola, { $name }
browse-kids-lead = En este perfil solo se muestran títulos para niños.
browse-lead = Sigue donde lo dejaste o descubre algo nuevo.
search-label = Buscar títulos, personas y géneros
search-placeholder = Títulos, personas, géneros
search = Buscar
library-heading = Tu biblioteca
library-empty-kids = Todavía no hay nada para este perfil. Los títulos adecuados para su nivel de edad aparecerán aquí en cuanto se añadan.
# Followed by two commands, then library-empty-end.
library-empty-lead = Todavía no hay nada que ver. Quien administra el servidor añade carpetas de medios desde la línea de comandos, por ejemplo
library-empty-then = y luego
library-empty-end = ; sus títulos aparecen aquí.
row-continue = Seguir viendo
row-my-list = Mi lista
row-recent = Añadidos recientemente
row-movies = Películas
row-shows = Series
row-documentaries = Documentales
card-unavailable = No disponible
card-next = Siguiente: { $episode }
watched-percent = Visto al { $percent } %

search-title = Búsqueda: { $query }
search-results = { $count ->
    [0] Ningún resultado
    [one] 1 resultado
   *[other] { $count } resultados
}
search-nothing = Nada coincide con «{ $query }». Prueba con un título, una persona que salga o un género, como «drama».
search-results-heading = Resultados
search-hint = Busca por título, reparto o género. Las mayúsculas y los acentos dan igual.

title-poster = Póster de { $name }
title-unavailable = Este título no está disponible: sus archivos no están en la biblioteca ahora mismo.
title-play = Reproducir
title-resume = Reanudar
title-in-my-list = ✓ En mi lista
title-add-my-list = + Mi lista
title-cast = Reparto:
title-as = como { $role }
title-seasons = { $count ->
    [one] 1 temporada
   *[other] { $count } temporadas
}
title-season = Temporada { $number }
title-specials = Especiales
title-episode = Episodio { $number }
episode-watched = Visto
episode-needs-ffmpeg = Necesita ffmpeg
episode-needs-ffmpeg-why = Su archivo tiene que convertirse para la mayoría de los navegadores, y este servidor no tiene ffmpeg
ffmpeg-note = { $which ->
    [one-of-one] El archivo de este título tiene
    [one] Uno de los archivos de este título tiene
    [all] Los archivos de este título tienen
   *[some] { $count } de los archivos de este título tienen
} que convertirse para reproducirse en la mayoría de los navegadores, y este servidor no tiene ffmpeg para hacerlo: solo se reproducen en dispositivos que los reproducen tal cual. Quien administra Marquee puede instalar ffmpeg.
my-list-choose = Elige si quieres añadir el título a Mi lista o quitarlo.
