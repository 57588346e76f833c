# Signing in a TV with a code: the TV's code screen, and "Activate a TV" on a phone or computer.

tv-title = Inicia sesión en esta tele
tv-step-go = En tu móvil u ordenador, ve a
tv-step-code = Escribe este código:
tv-code-label = Código: { $code }
tv-step-allow-html = Elige <em>Permitir</em>. Esta pantalla sigue sola.
tv-code-lasts = { $minutes ->
    [one] El código vale 1 minuto más. En la tele no se escribe ninguna contraseña.
   *[other] El código vale { $minutes } minutos más. En la tele no se escribe ninguna contraseña.
}
tv-with-password = Iniciar sesión con correo y contraseña
tv-scan = O escanéalo con la cámara del móvil
tv-signed-out = Se ha cerrado la sesión en esta tele. Para volver a ver, iníciala con el nuevo código.
tv-code-denied = Se ha rechazado ese código. Aquí tienes uno nuevo.
tv-code-expired = Ese código ha caducado. Aquí tienes uno nuevo.
tv-too-many-codes = Demasiados códigos

activate-title = Activar una tele
activate-lead = Escribe el código que muestra la tele u otro dispositivo en el que quieras iniciar sesión con esta cuenta.
activate-code = Código
activate-code-hint = 8 letras. Las mayúsculas, los espacios y el guion dan igual.
