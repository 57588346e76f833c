# Mensajes que Marquee envía por correo electrónico.

mail-footer = Enviado por Marquee. Recibes este mensaje por algo que se hizo con tu cuenta; no hay nada de lo que darse de baja.
mail-test-subject = Marquee puede enviar correo
mail-test-body = Este es un mensaje de prueba de Marquee. Si puedes leerlo, el correo funciona.
mail-reset-subject = Restablece tu contraseña de Marquee
mail-reset-intro = Alguien (esperamos que tú) pidió restablecer la contraseña de la cuenta de Marquee { $email }.
mail-reset-action = Elegir una contraseña nueva
mail-reset-expiry = { $minutes ->
    [one] El enlace funciona una vez, durante un minuto.
   *[other] El enlace funciona una vez, durante { $minutes } minutos.
}
mail-reset-ignore = Si no lo pediste, ignora este mensaje: tu contraseña sigue igual.
mail-changed-subject = Tu contraseña de Marquee ha cambiado
mail-changed-intro = La contraseña de la cuenta de Marquee { $email } acaba de cambiar, y se cerró la sesión en todos los dispositivos.
mail-changed-not-you = ¿No fuiste tú? Elige ya una contraseña nueva con «¿Olvidaste tu contraseña?» en la página de inicio de sesión, y avisa a quien gestiona Marquee.
mail-changed-action = Ir a la página de inicio de sesión
