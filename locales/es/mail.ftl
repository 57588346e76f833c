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
mail-changed-kept-intro = La contraseña de la cuenta de Marquee { $email } se acaba de cambiar desde un dispositivo con la sesión iniciada.
mail-sign-in-subject = Nuevo inicio de sesión en tu cuenta de Marquee
mail-sign-in-intro = Tu cuenta de Marquee { $email } acaba de iniciar sesión en un dispositivo que no había visto antes.
mail-sign-in-device = Dispositivo: { $device } ({ $kind })
mail-sign-in-place = Dónde: { $place }
mail-sign-in-when = Cuándo: { $when } ({ $zone })
mail-sign-in-if-you = Si fuiste tú, no tienes que hacer nada.
mail-kind-browser = navegador web
mail-kind-mobile = teléfono o tableta
mail-kind-tv = televisor
mail-kind-other = otro dispositivo
mail-not-you = Si no fuiste tú, usa el enlace de abajo: cierra la sesión de tu cuenta en todos los dispositivos a la vez y te lleva directamente a elegir una contraseña nueva, sin necesidad de iniciar sesión.
mail-not-you-action = ¿No fuiste tú? Cerrar sesión en todos los dispositivos y cambiar la contraseña
mail-not-you-expiry = { $days ->
    [one] El enlace funciona una sola vez, durante un día.
   *[other] El enlace funciona una sola vez, durante { $days } días.
}
mail-email-confirm-subject = Confirma tu nuevo correo de Marquee
mail-email-confirm-intro = Alguien (esperemos que tú) pidió iniciar sesión en Marquee con { $email } a partir de ahora. El cambio se aplica en cuanto abras este enlace.
mail-email-confirm-action = Usar esta dirección
mail-email-confirm-expiry = { $hours ->
    [one] El enlace funciona una sola vez, durante una hora.
   *[other] El enlace funciona una sola vez, durante { $hours } horas.
}
mail-email-confirm-ignore = Si no lo pediste, ignora este mensaje: no cambia nada.
mail-email-changing-subject = El correo de inicio de sesión de tu cuenta de Marquee va a cambiar
mail-email-changing-intro = Alguien con la sesión iniciada en la cuenta de Marquee { $email } pidió iniciar sesión con { $new_email } a partir de ahora. Solo cambia cuando se abra un enlace enviado a esa dirección; hasta entonces, { $email } se mantiene.
