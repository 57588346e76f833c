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

activate-confirm-title = ¿Permitir este dispositivo?
activate-confirm-heading = ¿Iniciar sesión en este dispositivo?
activate-device = Dispositivo
activate-kind = Tipo
activate-asked = Solicitado
activate-through = A través de
activate-from = Desde
activate-this-network = (esta red)
activate-other-network = (otra red)
activate-allow-lead = Si lo permites, iniciará sesión en
activate-allow-devices-lead = . Después aparecerá en
activate-allow-devices-end = , donde puedes cerrar su sesión cuando quieras. Permite solo un dispositivo que tengas delante: si no has sido tú, elige Rechazar.
activate-other-network-warning = Este código se pidió desde otra red. Permite solo una tele que tengas delante.
activate-your-password = Tu contraseña
activate-password-hint = Tu cuenta pide la contraseña antes de dejar entrar a un dispositivo.
activate-allow = Permitir
activate-deny = Rechazar
activate-kind-tv = Tele
activate-kind-mobile = Móvil o tableta
activate-kind-browser = Navegador web
activate-kind-other = Otro dispositivo
activate-unknown-address = una dirección desconocida
activate-through-tv-page = la página de TV de Marquee
activate-through-app = una aplicación que se hace llamar «{ $client }»
activate-no-such-code = Ninguna tele muestra ese código ahora mismo. Comprueba el código en la tele (los códigos duran unos minutos; cuando uno caduca, la tele muestra otro).
activate-too-many = Demasiados códigos que no coincidían. Inténtalo de nuevo dentro de { $wait }.
code-too-long = Es demasiado largo para ser un código: tiene 8 letras, como BCDF-GHJK.
code-missing = Escribe el código que muestra tu tele.
code-wrong-letters = Eso no es un código de una tele: los códigos solo tienen las letras de la B a la Z, sin vocales ni Y.
code-wrong-length = Un código tiene 8 letras, como BCDF-GHJK. Comprueba el código en tu tele.
activate-choose = Elige Permitir o Rechazar.
activated-allowed-title = Dispositivo permitido
activated-denied-title = Dispositivo rechazado
activated-too-late-title = El código ya no es válido
activated-allowed-heading = Todo listo
activated-allowed-end = está iniciando sesión. Pasará solo a «¿Quién está viendo?» en unos segundos.
activated-denied-end = no ha iniciado sesión. Su código ya no se puede usar.
activated-too-late-heading = Ese código ya no se puede usar
activated-too-late = Ya se permitió o rechazó, o caducó. La tele muestra un código nuevo: escribe ese.
activated-another = Activar otro dispositivo
activate-through-jellyfin = una aplicación de Jellyfin (Quick Connect)
activate-watch-as = ¿Quién verá en este dispositivo?
activate-watch-as-hint = La aplicación inicia sesión con el perfil que elijas y solo puede cambiarlo volviendo a iniciar sesión. Aquí puedes elegir un perfil bloqueado, ya que has iniciado sesión en la cuenta.
activate-choose-profile = Elige quién verá en este dispositivo.
activate-not-your-profile = Ese perfil no es de esta cuenta. Elige uno de los perfiles mostrados.
activate-no-profiles = Esta cuenta aún no tiene perfiles. Abre esta página para crear el primero y luego vuelve a introducir el código:
activated-allowed-as = está iniciando sesión y verá como { $profile }. Continúa solo en unos segundos.
