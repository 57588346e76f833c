# The player page, its TV controls and end screen, and the "too many devices" page.

watch-title = Reproduciendo: { $name }
player-cannot-play-here = Tu navegador no puede reproducir este vídeo aquí.
player-back = ← Atrás
player-sound = Audio
player-subtitles = Subtítulos
player-subtitles-off = Sin subtítulos
player-position = Posición
player-play = ▶ Reproducir
player-pause = ❚❚ Pausa
player-time-left = quedan { $time }
player-time-of = { $time } de { $duration }
player-sound-named = Audio: { $name }
player-subtitles-named = Subtítulos: { $name }
player-off = No
player-next-episode = Siguiente episodio ▸
player-next-lead = Siguiente episodio
player-next-in = { $count ->
    [one] en 1 segundo
   *[other] en { $count } segundos
}
player-next-name = : { $name }
player-play-now = Reproducir ahora
player-back-to-title = Volver al título
player-watch-again = Volver a ver
player-no-script-direct = Sin JavaScript el vídeo se reproduce, pero no se guarda por dónde vas.
player-no-script-convert = Este vídeo tiene que convertirse para el navegador, y para eso hace falta JavaScript: actívalo para verlo.
player-sound-number = Audio { $number }
player-stereo = estéreo
player-channels = { $count } canales
player-forced = forzados
player-sdh = para sordos
player-drawn = { $name } (incrustados en la imagen)
player-cannot-play-now = Este vídeo no se puede reproducir ahora mismo.
player-browser-cannot = Este navegador no puede reproducir este vídeo: hay que convertir su archivo y el navegador no puede reproducir la versión convertida. Prueba con Chromium, Safari o una tele.
player-stopped = La reproducción se ha detenido. Vuelve atrás e inténtalo de nuevo.
player-stopped-from = La reproducción se detuvo desde { $device }.
player-stopped-elsewhere = La reproducción se detuvo desde otro dispositivo.
video-unavailable-title = No disponible
video-unavailable = Este vídeo no está en la biblioteca ahora mismo: su archivo se ha movido o borrado. Volverá cuando el archivo vuelva y se escanee de nuevo la biblioteca.
too-many-title = Hay demasiadas personas viendo
too-many-heading = Hay demasiadas personas usando tu cuenta ahora mismo
too-many-lead = { $limit ->
    [one] Tu cuenta puede reproducir en 1 dispositivo a la vez, y está en uso. Detenlo para ver aquí.
   *[other] Tu cuenta puede reproducir en { $limit } dispositivos a la vez, y están todos en uso. Detén uno de ellos para ver aquí.
}
too-many-watching = { $profile } está viendo { $title }
too-many-playing = Reproduciendo { $title }
too-many-stop = Detener la reproducción allí
too-many-stop-label = Detener la reproducción allí: { $device }, { $what }
too-many-try-again = Reintentar
too-many-back = Volver al inicio
