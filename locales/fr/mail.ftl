# Messages que Marquee envoie par e-mail.

mail-footer = Envoyé par Marquee. Vous recevez ce message à cause d’une action sur votre compte ; il n’y a rien à quoi se désabonner.
mail-test-subject = Marquee peut envoyer des e-mails
mail-test-body = Ceci est un message de test de Marquee. Si vous pouvez le lire, l’envoi d’e-mails fonctionne.
mail-reset-subject = Réinitialisez votre mot de passe Marquee
mail-reset-intro = Quelqu’un (vous, espérons-le) a demandé à réinitialiser le mot de passe du compte Marquee { $email }.
mail-reset-action = Choisir un nouveau mot de passe
mail-reset-expiry = { $minutes ->
    [one] Le lien fonctionne une seule fois, pendant une minute.
   *[other] Le lien fonctionne une seule fois, pendant { $minutes } minutes.
}
mail-reset-ignore = Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.
mail-changed-subject = Votre mot de passe Marquee a été modifié
mail-changed-intro = Le mot de passe du compte Marquee { $email } vient d’être modifié, et tous les appareils ont été déconnectés.
mail-changed-not-you = Ce n’était pas vous ? Choisissez tout de suite un nouveau mot de passe avec « Mot de passe oublié ? » sur la page de connexion, et prévenez la personne qui gère Marquee.
mail-changed-action = Aller à la page de connexion
