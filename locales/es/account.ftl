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
