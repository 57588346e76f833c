# El marco de cada página, palabras comunes, horas y fechas.

brand-home = Inicio de Marquee
skip-to-content = Saltar al contenido
menu-label = Perfil
menu-watching-as = Menú del perfil: estás viendo como { $name }
locked-mark = (bloqueado)
manage-profiles = Administrar perfiles
account = Cuenta
help = Ayuda
sign-out-of-marquee = Cerrar sesión en Marquee
profiles = Perfiles
sign-out = Cerrar sesión
sign-in = Iniciar sesión
footer-tagline = Marquee: tu propio servicio de streaming.

save = Guardar
cancel = Cancelar
continue = Continuar
back = Volver
done = Listo
name = Nombre
email = Correo electrónico
password = Contraseña
account-password = Contraseña de la cuenta

landing-title = Tu propio servicio de streaming
landing-heading = Tus películas, series y documentales. Tu servidor.
landing-lead = Míralos en el navegador, en el móvil y en la tele, con un perfil para cada persona de casa.
landing-promise = Y cuando cierras sesión en un dispositivo, queda cerrada. Al instante.

time-active-now = Activo ahora
time-just-now = Ahora mismo
time-minutes-ago = { $count ->
    [one] hace 1 minuto
   *[other] hace { $count } minutos
}
time-hours-ago = { $count ->
    [one] hace 1 hora
   *[other] hace { $count } horas
}
time-yesterday = Ayer
time-days-ago = { $count ->
    [one] hace 1 día
   *[other] hace { $count } días
}
asked-just-now = Solicitado ahora mismo
asked-minutes-ago = { $count ->
    [one] Solicitado hace 1 minuto
   *[other] Solicitado hace { $count } minutos
}
asked-hours-ago = { $count ->
    [one] Solicitado hace 1 hora
   *[other] Solicitado hace { $count } horas
}
asked-days-ago = { $count ->
    [one] Solicitado ayer
   *[other] Solicitado hace { $count } días
}
asked-on = Solicitado el { $date }
date-short = { $day } { $month } { $year }
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic
duration-hours-minutes = { $hours } h { $minutes } min
duration-hours = { $hours } h
duration-minutes = { $minutes } min
duration-seconds = { $seconds } s
wait-seconds = { $count ->
    [one] 1 segundo
   *[other] { $count } segundos
}
wait-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minutos
}

place-unknown = Ubicación desconocida
place-address = Dirección IP { $ip }
place-this-computer = Este ordenador ({ $ip })
place-this-phone = Este teléfono ({ $ip })
place-this-tablet = Esta tableta ({ $ip })
place-this-tv = Este televisor ({ $ip })
device-iphone = iPhone
device-android-phone = Teléfono Android
device-phone = Teléfono
device-ipad = iPad
device-android-tablet = Tableta Android
device-tablet = Tableta
device-tv = Televisor
device-computer = Ordenador
place-same-network = Misma red que este dispositivo ({ $ip })
place-server = Mismo ordenador que el servidor ({ $ip })
place-home-network = Red doméstica ({ $ip })
