# Pages d’erreur : un titre, et ce qui s’est passé en mots compréhensibles.

error-home = Aller sur Marquee
error-bad-request-title = Quelque chose ne va pas
error-not-found-title = Introuvable
error-page-not-found = Cette page est introuvable. Elle a peut-être été supprimée.
error-profile-not-found = Ce profil est introuvable. Il a peut-être été supprimé.
error-device-not-found = Cet appareil est introuvable. Il a peut-être déjà été déconnecté.
error-method-title = Indisponible
error-method = Cette page ne s’utilise pas ainsi. Revenez en arrière et servez-vous de ses boutons et de ses liens.
error-kids-title = Demande à un adulte
error-kids = Les profils Enfants ne peuvent pas ouvrir cette page. Pour gérer les profils ou le compte, passez à un autre profil depuis le menu du profil.
error-too-many-title = Trop de tentatives
error-too-many = Trop de tentatives infructueuses. Réessayez dans { $wait }.
error-busy-title = Occupé
error-busy = Marquee est très sollicité en ce moment. Réessayez dans quelques secondes.
error-stale-title = Cette page a expiré
error-stale = Le formulaire envoyé n’était plus à jour (vous vous êtes peut-être connecté ou déconnecté dans un autre onglet). Revenez en arrière, rechargez la page et réessayez.
error-internal-title = Un problème est survenu
error-internal = Un problème est survenu de notre côté. Veuillez réessayer.
error-title-not-found = Ce titre est introuvable. Il a peut-être été supprimé.
error-video-not-found = Cette vidéo est introuvable. Elle a peut-être été supprimée.
error-picture-not-found = Cette image est introuvable. Elle a peut-être été supprimée.
error-playback-not-found = Aucune lecture n’a été trouvée sur cet appareil. Elle s’est peut-être déjà arrêtée.
