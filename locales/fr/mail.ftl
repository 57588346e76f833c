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
mail-changed-kept-intro = Le mot de passe du compte Marquee { $email } vient d’être modifié depuis un appareil connecté.
mail-sign-in-subject = Nouvelle connexion à votre compte Marquee
mail-sign-in-intro = Votre compte Marquee { $email } vient de se connecter sur un appareil qu’il n’avait jamais vu.
mail-sign-in-device = Appareil : { $device } ({ $kind })
mail-sign-in-place = Où : { $place }
mail-sign-in-when = Quand : { $when } ({ $zone })
mail-sign-in-if-you = Si c’était vous, il n’y a rien à faire.
mail-kind-browser = navigateur web
mail-kind-mobile = téléphone ou tablette
mail-kind-tv = téléviseur
mail-kind-other = autre appareil
mail-not-you = Si ce n’était pas vous, utilisez le lien ci-dessous : il déconnecte votre compte de tous les appareils à la fois et vous mène directement au choix d’un nouveau mot de passe, sans avoir à vous connecter.
mail-not-you-action = Ce n’était pas vous ? Déconnecter tous les appareils et changer le mot de passe
mail-not-you-expiry = { $days ->
    [one] Le lien fonctionne une seule fois, pendant un jour.
   *[other] Le lien fonctionne une seule fois, pendant { $days } jours.
}
mail-email-confirm-subject = Confirmez votre nouvelle adresse e-mail Marquee
mail-email-confirm-intro = Quelqu’un (vous, espérons-le) a demandé à se connecter à Marquee avec { $email } à partir de maintenant. La modification prend effet dès que vous ouvrez ce lien.
mail-email-confirm-action = Utiliser cette adresse
mail-email-confirm-expiry = { $hours ->
    [one] Le lien fonctionne une seule fois, pendant une heure.
   *[other] Le lien fonctionne une seule fois, pendant { $hours } heures.
}
mail-email-confirm-ignore = Si vous n’avez rien demandé, ignorez ce message : rien ne change.
mail-email-changing-subject = L’adresse de connexion de votre compte Marquee va changer
mail-email-changing-intro = Quelqu’un de connecté au compte Marquee { $email } a demandé à se connecter désormais avec { $new_email }. Cela ne change qu’une fois ouvert le lien envoyé à cette adresse ; d’ici là, { $email } reste l’adresse du compte.
