# Páginas de error: un título y, en palabras claras, lo que ha pasado.

error-home = Ir a Marquee
error-bad-request-title = Algo no está bien
error-not-found-title = No encontrado
error-page-not-found = No se ha encontrado esa página. Puede que se haya eliminado.
error-profile-not-found = No se ha encontrado ese perfil. Puede que se haya eliminado.
error-device-not-found = No se ha encontrado ese dispositivo. Puede que su sesión ya se haya cerrado.
error-method-title = No disponible
error-method = Esta página no se puede usar así. Vuelve atrás y usa sus botones y enlaces.
error-kids-title = Pídeselo a un adulto
error-kids = Los perfiles infantiles no pueden abrir esta página. Para administrar los perfiles o la cuenta, cambia a otro perfil desde el menú del perfil.
error-too-many-title = Demasiados intentos
error-too-many = Demasiados intentos fallidos. Vuelve a intentarlo dentro de { $wait }.
error-busy-title = Ocupado
error-busy = Marquee está muy ocupado ahora mismo. Vuelve a intentarlo en unos segundos.
error-stale-title = Esta página ha caducado
error-stale = El formulario que enviaste estaba desactualizado (puede que hayas iniciado o cerrado sesión en otra pestaña). Vuelve atrás, recarga la página e inténtalo de nuevo.
error-internal-title = Algo ha salido mal
error-internal = Algo ha salido mal por nuestra parte. Inténtalo de nuevo.
error-title-not-found = No se ha encontrado ese título. Puede que se haya eliminado.
error-video-not-found = No se ha encontrado ese vídeo. Puede que se haya eliminado.
error-picture-not-found = No se ha encontrado esa imagen. Puede que se haya eliminado.
error-playback-not-found = No se ha encontrado ninguna reproducción en ese dispositivo. Puede que ya se haya detenido.
