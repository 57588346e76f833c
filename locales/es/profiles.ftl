# «¿Quién está viendo?», el PIN y Administrar perfiles.

who-title = ¿Quién está viendo?
tag-kids = Infantil
pin-title = Introducir PIN
pin-heading = Introduce el PIN de { $name }
pin-label = PIN de 4 dígitos
profile-edit = Editar
profile-locked = Bloqueado
add-profile = Añadir un perfil
add-profile-kids = Perfil infantil (solo títulos para niños)
add-profile-password-hint = (no hace falta para un perfil infantil)
add-profile-button = Añadir perfil
profiles-full = Esta cuenta ya tiene el máximo de perfiles posible ({ $max }).
profile-added = Perfil añadido.
profile-deleted = Perfil eliminado.
changes-saved = Cambios guardados.

edit-title = Editar { $name }
edit-heading = Editar perfil
edit-details = Nombre y avatar
avatar = Avatar
avatar-crimson = Carmesí
avatar-amber = Ámbar
avatar-emerald = Esmeralda
avatar-sky = Cielo
avatar-violet = Violeta
avatar-rose = Rosa
avatar-teal = Verde azulado
avatar-slate = Pizarra
kids-profile = Perfil infantil
secret-pin-or-password = PIN de este perfil o contraseña de la cuenta
secret-kids-password = Contraseña de la cuenta (solo para desactivar Infantil)
kids-off-needs-password = Para desactivar Infantil hace falta la contraseña de la cuenta.
maturity-heading = Clasificación por edades
maturity-explain = { $name } ve los títulos clasificados hasta el nivel que elijas aquí. Los títulos sin clasificación solo aparecen con «Todas las clasificaciones».
maturity-explain-kids = { $name } ve los títulos clasificados hasta el nivel que elijas aquí; un perfil infantil llega como máximo a Niños mayores. Los títulos sin clasificación solo aparecen con «Todas las clasificaciones».
maturity-show-for = Mostrar títulos para
maturity-save = Guardar clasificación
maturity-little-kids = Niños pequeños (G, TV-Y, TV-G)
maturity-older-kids = Niños mayores (PG, TV-Y7, TV-PG)
maturity-teens = Adolescentes (PG-13, TV-14)
maturity-all = Todas las clasificaciones (R, NC-17, TV-MA y sin clasificar)
lock-heading = Bloqueo del perfil
lock-locked = Este perfil está bloqueado: hace falta un PIN de 4 dígitos para ver como { $name }.
lock-offer = Pedir un PIN de 4 dígitos para ver como { $name }.
lock-new-pin = PIN nuevo
lock-pin = PIN
lock-change = Cambiar PIN
lock-button = Bloquear perfil
lock-remove = Quitar el PIN
delete-profile = Eliminar perfil
delete-profile-explain = Elimina a { $name } y su historial de reproducción.
back-to-manage = Volver a Administrar perfiles

profile-name-missing = Ponle un nombre al perfil.
profile-name-too-long = Ese nombre es demasiado largo: usa 30 caracteres como máximo.
profile-name-control = El nombre de un perfil no puede contener caracteres de control.
profile-name-hidden = El nombre de un perfil no puede contener caracteres invisibles ni caracteres que cambien el orden del texto.
avatar-unknown = Elige uno de los avatares que se muestran.
pin-format = El PIN debe tener exactamente 4 dígitos, por ejemplo 2580.
pin-enter = Introduce el PIN de 4 dígitos del perfil.
pin-wrong = { $count ->
    [one] Ese PIN no es correcto. Te queda 1 intento.
   *[other] Ese PIN no es correcto. Te quedan { $count } intentos.
}
pin-too-many = Demasiados PIN incorrectos. Vuelve a intentarlo dentro de { $wait }.
pin-busy = Marquee está muy ocupado y no ha podido comprobar el PIN. Vuelve a intentarlo en un momento.
profile-needs-password = { $why } Un perfil que no es infantil necesita la contraseña de la cuenta.
profiles-at-most = Una cuenta puede tener como máximo { $max } perfiles. Elimina uno para añadir otro.
kids-off-enter-password = Introduce la contraseña de la cuenta para desactivar Infantil en este perfil.
profile-locked-needs-secret = Este perfil está bloqueado: introduce su PIN o la contraseña de la cuenta para cambiarlo.
profile-last = Es el único perfil de la cuenta, así que no se puede eliminar. Añade otro primero.
maturity-unknown = Elige uno de los niveles que se muestran.
maturity-kids-limit = Un perfil infantil puede ser Niños pequeños o Niños mayores. Para más, desactiva primero Infantil.
