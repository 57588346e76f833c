# Configurar Marquee, cerrar sesión, cerrarla en todos los dispositivos, eliminar la cuenta.

password-enter = Introduce la contraseña de tu cuenta.
password-wrong = Esa no es la contraseña de tu cuenta.
password-too-many = Demasiados intentos fallidos. Vuelve a intentarlo dentro de { $wait }.
password-needed-sign-out-all = Por tu seguridad, introduce tu contraseña para cerrar sesión en todos los dispositivos.
password-needed-sign-out-device = Por tu seguridad, introduce tu contraseña para cerrar la sesión de otro dispositivo.

setup-title = Configurar Marquee
setup-intro = Crea la primera cuenta. El código de configuración se mostró donde se inició Marquee.
setup-code = Código de configuración
setup-your-name = Tu nombre
setup-password-hint = Al menos 15 caracteres. Unas cuantas palabras sin relación entre sí funcionan bien.
setup-create = Crear cuenta
setup-closed = La configuración está cerrada: Marquee ya tiene una cuenta o el código de configuración ha caducado.
setup-expired = La configuración está cerrada. Reinicia Marquee para obtener un código nuevo, o inicia sesión.
setup-too-many = Demasiados códigos incorrectos: la configuración se ha cerrado. Reinicia Marquee para obtener un código nuevo.
setup-wrong-code = Ese código de configuración no es correcto. Se mostró al iniciar Marquee.
setup-has-account = Marquee ya tiene una cuenta: inicia sesión.

delete-title = Eliminar cuenta
delete-heading = ¿Eliminar tu cuenta?
# El correo de la cuenta aparece en negrita entre estos dos mensajes.
delete-explain-lead = Se eliminarán la cuenta
delete-explain-rest = , sus perfiles y su historial, y se cerrará la sesión en todos los dispositivos. No se puede deshacer.
delete-understood = Entiendo que mi cuenta se eliminará para siempre
delete-tick = Marca la casilla para confirmar que quieres eliminar la cuenta.

sign-out-all-title = Cerrar sesión en todos los dispositivos
sign-out-all-heading = ¿Cerrar sesión en todos los dispositivos?
sign-out-all-explain = Se cerrará al instante la sesión en todos los dispositivos conectados a esta cuenta, incluido este.
sign-out-all-password = Por tu seguridad, introduce tu contraseña
sign-out-button = Cerrar sesión

signout-title = Cerrar sesión
signout-heading = ¿Cerrar sesión en Marquee en este dispositivo?
signout-explain-html = Tus otros dispositivos seguirán con la sesión iniciada. Para cerrarla en todas partes, usa <a href="/account#settings">Cerrar sesión en todos los dispositivos</a> en la página de tu cuenta.
signed-out-title = Has cerrado sesión
signed-out-explain = Este dispositivo ya no tiene acceso a tu cuenta. Si cerraste sesión en todos los dispositivos, todos los demás navegadores, móviles y teles la cerraron en ese mismo momento.
sign-in-again = Volver a iniciar sesión

# The account page: membership, personal information, preferences, email, password and devices.
acct-title = Cuenta
acct-sections = Secciones de la cuenta
acct-membership = Suscripción
acct-personal-short = Datos personales
acct-preferences = Preferencias
acct-devices-short = Dispositivos
acct-member-since = Miembro desde
acct-personal = Información personal
acct-phone = Teléfono
acct-optional = (opcional)
acct-language = Idioma
acct-autoplay-next = Reproducir automáticamente el siguiente episodio
acct-autoplay-previews = Reproducir avances automáticamente al navegar
acct-signs-in-with-lead = Inicias sesión con
acct-signs-in-with-end = .
acct-change-email = Cambiar el correo electrónico
acct-new-email = Nuevo correo electrónico
acct-current-password = Contraseña actual
acct-password-lead = Al menos 15 caracteres. Al cambiarla también puedes cerrar la sesión en todos los demás dispositivos.
acct-change-password = Cambiar la contraseña
acct-new-password = Nueva contraseña
acct-sign-out-others = Cerrar sesión en todos los demás dispositivos
acct-settings = Ajustes
acct-devices = Gestionar el acceso y los dispositivos
acct-devices-lead = { $max ->
    [one] Estos dispositivos tienen la sesión iniciada en tu cuenta. Cierra la sesión en los que no reconozcas. Solo puede haber 1 con la sesión iniciada; iniciarla en otro la cierra en este.
   *[other] Estos dispositivos tienen la sesión iniciada en tu cuenta. Cierra la sesión en los que no reconozcas. Puede haber hasta { $max } a la vez; iniciar sesión en uno más la cierra en el que lleva más tiempo sin usarse.
}
acct-this-device = Este dispositivo
acct-device-profile = Perfil: { $name }
acct-your-password = Tu contraseña
acct-password-to-sign-out = Tu contraseña, para cerrar la sesión en { $name }
acct-told-apart = { $position } de { $count }
acct-tv-codes = Iniciar sesión en una tele con un código
acct-tv-codes-lead-html = Abre Marquee en la tele en <strong>/tv</strong>: muestra un código corto. Escribe el código aquí, en un dispositivo con la sesión iniciada, y la tele inicia sesión sin que nadie tenga que escribir una contraseña en ella.
acct-activate-tv = Activar una tele
acct-confirm-codes = Pedir mi contraseña antes de dejar entrar a un dispositivo con un código
acct-password-to-change = Tu contraseña, para cambiar esto
acct-sign-out-all-lead = Cierra la sesión a la vez en todos los navegadores, teléfonos y teles de esta cuenta, incluido este.
acct-delete-lead = Elimina la cuenta, sus perfiles y su historial, y cierra la sesión en todos los dispositivos.
acct-saved-personal = Información personal guardada.
acct-saved-preferences = Preferencias guardadas.
acct-saved-email = Correo electrónico cambiado.
acct-saved-password = Contraseña cambiada.
acct-saved-password-others = Contraseña cambiada, y se ha cerrado la sesión en todos los demás dispositivos.
acct-saved-device = Se ha cerrado la sesión en ese dispositivo.
acct-device-playing = Reproduce { $title } para { $profile } desde hace { $duration }
acct-device-playing-no-profile = Reproduce { $title } desde hace { $duration }
acct-stop-playback = Detener la reproducción
acct-saved-playback-stopped = Se detuvo la reproducción en ese dispositivo. Sigue con la sesión iniciada.
acct-saved = Guardado.

# The sign-in page.
signin-signed-out = Se ha cerrado la sesión en este dispositivo. Vuelve a iniciarla para seguir viendo.
signin-remember = Recordarme
signin-remember-hint = En un ordenador compartido o público, desmárcalo: se cerrará la sesión al cerrar el navegador o tras un rato sin usarlo.
signin-tv = ¿En una tele? Inicia sesión con un código
signin-how-sign-out = Cómo funciona cerrar sesión
signin-enter-email = Escribe el correo electrónico de tu cuenta de Marquee.
signin-enter-password = Escribe tu contraseña.
signin-no-match = Lo sentimos, ese correo y esa contraseña no coinciden con ninguna cuenta. Revísalos e inténtalo de nuevo.

# Lo que dicen los formularios de la cuenta, la configuración y el inicio de sesión cuando rechazan lo escrito.
email-missing = Escribe tu dirección de correo electrónico.
email-too-long = Esa dirección de correo electrónico es demasiado larga.
email-malformed = Escribe una dirección de correo electrónico como nombre@ejemplo.es.
setup-email-taken = Ya existe una cuenta con el correo electrónico { $email }.
acct-email-taken = Otra cuenta ya usa ese correo electrónico.
name-missing = Escribe tu nombre.
name-too-long = Tu nombre es demasiado largo: usa { $max } caracteres como máximo.
name-control = Tu nombre no puede contener caracteres de control.
name-hidden = Tu nombre no puede contener caracteres invisibles ni caracteres que cambien el orden del texto.
phone-malformed = Escribe un número de teléfono de 6 a 15 cifras, por ejemplo +34 912 345 678.
language-not-offered = Elige uno de los idiomas de la lista.
password-too-short = Usa al menos { $min } caracteres: una frase corta o unas cuantas palabras sin relación entre sí se recuerdan fácilmente.
password-too-long = Usa { $max } caracteres como máximo.
password-common = Es una de las contraseñas más usadas, así que es de las primeras que prueba un atacante. Elige otra.
password-guessable = Esa contraseña es demasiado fácil de adivinar{ $hint ->
        [straight-rows] {" "}(las filas de teclas seguidas son fáciles de adivinar)
        [keyboard-patterns] {" "}(los patrones cortos del teclado son fáciles de adivinar)
        [repeats] {" "}(las repeticiones como «aaa» son fáciles de adivinar)
        [repeated-groups] {" "}(las repeticiones como «abcabcabc» apenas son más difíciles de adivinar que «abc»)
        [top-10] {" "}(es una de las 10 contraseñas más comunes)
        [top-100] {" "}(es una de las 100 contraseñas más comunes)
        [common] {" "}(es una contraseña muy común)
        [similar-to-common] {" "}(se parece a una contraseña muy usada)
        [sequences] {" "}(las secuencias como abc o 6543 son fáciles de adivinar)
        [recent-years] {" "}(los años recientes son fáciles de adivinar)
        [one-word] {" "}(una palabra sola es fácil de adivinar)
        [dates] {" "}(las fechas suelen ser fáciles de adivinar)
        [names] {" "}(los nombres y apellidos solos son fáciles de adivinar)
        [common-names] {" "}(los nombres y apellidos comunes son fáciles de adivinar)
       *[none] {""}
    }. Añade más palabras sin relación entre sí o más caracteres.

## Contraseña olvidada

signin-forgot = ¿Olvidaste tu contraseña?
forgot-title = ¿Olvidaste tu contraseña?
forgot-intro = Escribe el correo electrónico de tu cuenta de Marquee. Te enviaremos un enlace para elegir una contraseña nueva.
forgot-send = Enviar el enlace
forgot-sent = Si alguna cuenta usa { $email }, le hemos enviado un enlace para elegir una contraseña nueva. Funciona una vez, durante { $minutes } minutos. Si no llega, mira en la carpeta de spam.
forgot-no-mail = Este servidor de Marquee no envía correo, así que no puede enviarte un enlace. Pide a quien gestiona Marquee que te ponga una contraseña nueva, con este comando:
forgot-back = Volver a iniciar sesión
reset-title = Elige una contraseña nueva
reset-for = Para la cuenta { $email }. Se cerrará la sesión en todos los dispositivos de la cuenta, y se iniciará en este.
reset-new-password = Contraseña nueva
reset-save = Guardar la contraseña nueva
reset-opening = Abriendo la página para elegir una contraseña nueva…
reset-continue = Continuar
reset-dead-title = Este enlace ya no funciona
reset-dead = El enlace ha caducado, ya se usó, o la contraseña cambió después de enviarlo. Pide uno nuevo.
reset-ask-again = Pedir un enlace nuevo

## Cuánto tiempo sigue conectado un dispositivo autorizado por un rato, y la zona horaria de la cuenta
lifetime-label = Mantener la sesión
lifetime-until-morning = Hasta mañana por la mañana (4:00)
lifetime-week = Durante una semana
lifetime-until-signed-out = Hasta que yo la cierre
lifetime-hint = En un televisor u ordenador que no es tuyo, elige un plazo: la sesión se cerrará sola y no tendrás que acordarte.
lifetime-unknown = Elige de la lista cuánto tiempo mantener la sesión.
acct-device-signs-out-at = Cierra la sesión solo a las { $time } del { $date }
acct-time-zone = Zona horaria
acct-time-zone-hint = Se usa para las horas de esta página y para «hasta mañana por la mañana». Empieza a escribir una ciudad, por ejemplo Europe/Madrid.
time-zone-unknown = Marquee no conoce esa zona horaria: elige una de la lista, por ejemplo Europe/Madrid.
# The account activity page: what happened to the account, newest first.
acct-activity-link = Ver la actividad de la cuenta
activity-title = Actividad de la cuenta
activity-lead = Lo que ha pasado últimamente con tu cuenta, de lo más reciente a lo más antiguo: inicios de sesión, contraseñas incorrectas, cierres de sesión, cambios y lo que se ha visto.
activity-filters = Mostrar
activity-filter-all = Todo
activity-filter-sign-ins = Inicios de sesión
activity-filter-watching = Visto
activity-unknown-filter = Esta página no conoce ese filtro, así que se muestra todo.
activity-old-cursor = Ese enlace de página ya no está al día, así que se muestra la actividad más reciente.
activity-empty = Todavía no hay nada que mostrar.
activity-older = Actividad anterior
activity-back = Volver a tus dispositivos
activity-device = { $name } · { $what }
activity-sign-out-device = Cerrar sesión en este dispositivo
activity-password-to-sign-out = Tu contraseña, para cerrar la sesión de ese dispositivo
activity-signed-in = Inicio de sesión
activity-wrong-password = { $count ->
    [one] Se probó una contraseña incorrecta
   *[other] Se probó una contraseña incorrecta { $count } veces
}
activity-signed-out = Sesión cerrada
activity-signed-out-by = Sesión cerrada desde { $device }
activity-signed-out-everywhere = Sesión cerrada en todos los dispositivos
activity-signed-out-by-itself = Sesión cerrada sola, a la hora elegida al iniciarla
activity-password-changed = Contraseña cambiada
activity-password-reset = Contraseña restablecida con un enlace enviado por correo
activity-email-changed = Dirección de correo cambiada
activity-tv-code-allowed = Código de TV permitido
activity-tv-code-denied = Código de TV rechazado
activity-pin-changed = Bloqueo del perfil { $profile } cambiado
activity-maturity-changed = Clasificación por edades cambiada para { $profile }
activity-started-watching = Empezó a ver { $title } como { $profile }
activity-started-watching-no-profile = Empezó a ver { $title }
activity-playback-stopped = Reproducción detenida
activity-playback-stopped-by = Reproducción detenida desde { $device }
link-opening = Abriendo el enlace…
not-me-title = ¿No fuiste tú?
not-me-for = Para la cuenta { $email }.
not-me-explain = Al confirmar, esta cuenta se cierra en todos los dispositivos a la vez, teléfonos y televisores incluidos, y pasas directamente a elegir una contraseña nueva.
not-me-confirm = Cerrar sesión en todos los dispositivos y cambiar la contraseña
not-me-dead = El enlace ha caducado, ya se usó o no lo envió Marquee. Si puede que otra persona esté usando tu cuenta, pide un enlace para restablecer la contraseña.
email-confirm-title = Confirma tu nuevo correo electrónico
email-confirm-explain = ¿Iniciar sesión en Marquee con { $email } a partir de ahora?
email-confirm-button = Usar esta dirección
email-confirm-done-title = Correo electrónico cambiado
email-confirm-done = A partir de ahora inicias sesión con { $email }.
email-confirm-to-account = Ir a tu cuenta
email-confirm-dead = El enlace ha caducado, ya se usó, o desde que se envió se cambió la contraseña o se cerró la sesión en todos los dispositivos. Vuelve a pedir el cambio en la página de tu cuenta.
email-confirm-taken = Otra cuenta empezó a usar esa dirección mientras tanto, así que no puede ser la de esta cuenta.
acct-email-link-sent = Hemos enviado un enlace a la nueva dirección. Tu correo cambia en cuanto se abra (en 24 horas como máximo); hasta entonces, sigue iniciando sesión con el actual.
acct-alerts = Avisos de inicio de sesión
acct-alerts-lead = Recibe un correo cuando tu cuenta inicie sesión en un teléfono, ordenador o televisor que no había visto antes, con un enlace para cerrar sesión en todas partes si no fuiste tú.
acct-alerts-on = Enviarme un correo por los inicios de sesión en dispositivos nuevos
acct-alerts-unavailable = Los avisos de inicio de sesión no están disponibles: este servidor de Marquee no tiene configurado un servidor de correo, así que no puede enviar correos. Quien administra Marquee puede configurar uno con el ajuste smtp_url.
