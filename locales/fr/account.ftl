# Configurer Marquee, se déconnecter, se déconnecter de tous les appareils, supprimer le compte.

password-enter = Saisissez le mot de passe de votre compte.
password-wrong = Ce n’est pas le mot de passe de votre compte.
password-too-many = Trop de tentatives infructueuses. Réessayez dans { $wait }.
password-needed-sign-out-all = Par sécurité, saisissez votre mot de passe pour vous déconnecter de tous les appareils.
password-needed-sign-out-device = Par sécurité, saisissez votre mot de passe pour déconnecter un autre appareil.

setup-title = Configurer Marquee
setup-intro = Créez le premier compte. Le code de configuration a été affiché là où Marquee a été lancé.
setup-code = Code de configuration
setup-your-name = Votre nom
setup-password-hint = Au moins 15 caractères. Quelques mots sans rapport entre eux font très bien l’affaire.
setup-create = Créer le compte
setup-closed = La configuration est fermée : Marquee a déjà un compte, ou le code de configuration a expiré.
setup-expired = La configuration est fermée. Redémarrez Marquee pour obtenir un nouveau code, ou connectez-vous.
setup-too-many = Trop de codes erronés : la configuration est fermée. Redémarrez Marquee pour obtenir un nouveau code.
setup-wrong-code = Ce code de configuration n’est pas le bon. Il a été affiché au démarrage de Marquee.
setup-has-account = Marquee a déjà un compte : connectez-vous plutôt.

delete-title = Supprimer le compte
delete-heading = Supprimer votre compte ?
# L’e-mail du compte s’affiche en gras entre ces deux messages.
delete-explain-lead = Cette action supprime le compte
delete-explain-rest = , ses profils et son historique, et déconnecte tous les appareils. Elle est irréversible.
delete-understood = Je comprends que mon compte sera supprimé définitivement
delete-tick = Cochez la case pour confirmer que vous voulez supprimer le compte.

sign-out-all-title = Se déconnecter de tous les appareils
sign-out-all-heading = Se déconnecter de tous les appareils ?
sign-out-all-explain = Tous les appareils connectés à ce compte, y compris celui-ci, seront déconnectés immédiatement.
sign-out-all-password = Par sécurité, saisissez votre mot de passe
sign-out-button = Se déconnecter

signout-title = Déconnexion
signout-heading = Se déconnecter de Marquee sur cet appareil ?
signout-explain-html = Vos autres appareils restent connectés. Pour vous déconnecter partout, utilisez <a href="/account#settings">Se déconnecter de tous les appareils</a> sur la page de votre compte.
signed-out-title = Déconnexion effectuée
signed-out-explain = Cet appareil n’a plus accès à votre compte. Si vous avez choisi de vous déconnecter de tous les appareils, tous les autres navigateurs, téléphones et téléviseurs l’ont été au même instant.
sign-in-again = Se reconnecter

# The account page: membership, personal information, preferences, email, password and devices.
acct-title = Compte
acct-sections = Rubriques du compte
acct-membership = Abonnement
acct-personal-short = Infos personnelles
acct-preferences = Préférences
acct-devices-short = Appareils
acct-member-since = Membre depuis
acct-personal = Informations personnelles
acct-phone = Téléphone
acct-optional = (facultatif)
acct-language = Langue
acct-autoplay-next = Lire automatiquement l’épisode suivant
acct-autoplay-previews = Lire automatiquement les aperçus pendant la navigation
acct-signs-in-with-lead = Vous vous connectez avec
acct-signs-in-with-end = .
acct-change-email = Changer d’adresse e-mail
acct-new-email = Nouvelle adresse e-mail
acct-current-password = Mot de passe actuel
acct-password-lead = Au moins 15 caractères. En le changeant, vous pouvez aussi déconnecter tous les autres appareils.
acct-change-password = Changer de mot de passe
acct-new-password = Nouveau mot de passe
acct-sign-out-others = Déconnecter tous les autres appareils
acct-settings = Paramètres
acct-devices = Gérer l’accès et les appareils
acct-devices-lead = { $max ->
    [one] Ces appareils sont connectés à votre compte. Déconnectez ceux que vous ne reconnaissez pas. Un seul appareil peut être connecté à la fois ; en connecter un autre déconnecte celui-ci.
   *[other] Ces appareils sont connectés à votre compte. Déconnectez ceux que vous ne reconnaissez pas. Jusqu’à { $max } appareils peuvent être connectés en même temps ; en connecter un de plus déconnecte celui qui n’a pas servi depuis le plus longtemps.
}
acct-this-device = Cet appareil
acct-device-profile = Profil : { $name }
acct-your-password = Votre mot de passe
acct-password-to-sign-out = Votre mot de passe, pour déconnecter { $name }
acct-told-apart = { $position } sur { $count }
acct-tv-codes = Connecter un téléviseur avec un code
acct-tv-codes-lead-html = Ouvrez Marquee sur le téléviseur à l’adresse <strong>/tv</strong> : il affiche un code court. Saisissez ce code ici, sur un appareil connecté, et le téléviseur se connecte sans que personne n’y tape de mot de passe.
acct-activate-tv = Activer un téléviseur
acct-confirm-codes = Demander mon mot de passe avant qu’un appareil soit autorisé avec un code
acct-password-to-change = Votre mot de passe, pour modifier ce réglage
acct-sign-out-all-lead = Déconnecte d’un coup tous les navigateurs, téléphones et téléviseurs de ce compte, celui-ci compris.
acct-delete-lead = Supprime le compte, ses profils et son historique, et déconnecte tous les appareils.
acct-saved-personal = Informations personnelles enregistrées.
acct-saved-preferences = Préférences enregistrées.
acct-saved-email = Adresse e-mail modifiée.
acct-saved-password = Mot de passe modifié.
acct-saved-password-others = Mot de passe modifié, et tous les autres appareils ont été déconnectés.
acct-saved-device = Cet appareil a été déconnecté.
acct-device-playing = Lit { $title } pour { $profile } depuis { $duration }
acct-device-playing-no-profile = Lit { $title } depuis { $duration }
acct-stop-playback = Arrêter la lecture
acct-saved-playback-stopped = La lecture est arrêtée sur cet appareil. Il reste connecté.
acct-saved = Enregistré.

# The sign-in page.
signin-signed-out = Vous avez été déconnecté sur cet appareil. Reconnectez-vous pour continuer à regarder.
signin-remember = Rester connecté
signin-remember-hint = Sur un ordinateur partagé ou public, décochez cette case : vous serez déconnecté à la fermeture du navigateur, ou après une courte absence.
signin-tv = Sur un téléviseur ? Connectez-vous plutôt avec un code
signin-how-sign-out = Comment fonctionne la déconnexion
signin-enter-email = Saisissez l’adresse e-mail de votre compte Marquee.
signin-enter-password = Saisissez votre mot de passe.
signin-no-match = Désolé, cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.

# Ce que disent les formulaires du compte, de la configuration et de la connexion quand ils refusent ce qui a été saisi.
email-missing = Saisissez votre adresse e-mail.
email-too-long = Cette adresse e-mail est trop longue.
email-malformed = Saisissez une adresse e-mail de la forme nom@exemple.fr.
setup-email-taken = Un compte existe déjà avec l’adresse e-mail { $email }.
acct-email-taken = Un autre compte utilise déjà cette adresse e-mail.
name-missing = Saisissez votre nom.
name-too-long = Votre nom est trop long : { $max } caractères au plus.
name-control = Votre nom ne peut pas contenir de caractères de contrôle.
name-hidden = Votre nom ne peut pas contenir de caractères invisibles ni de caractères qui changent l’ordre du texte.
phone-malformed = Saisissez un numéro de téléphone de 6 à 15 chiffres, par exemple +33 1 23 45 67 89.
language-not-offered = Choisissez l’une des langues de la liste.
password-too-short = Utilisez au moins { $min } caractères : une courte phrase ou quelques mots sans rapport entre eux se retiennent facilement.
password-too-long = Utilisez au plus { $max } caractères.
password-common = C’est l’un des mots de passe les plus utilisés, donc l’un des premiers qu’un attaquant essaie. Choisissez-en un autre.
password-guessable = Ce mot de passe est trop facile à deviner{ $hint ->
        [straight-rows] {" "}(les rangées de touches se devinent facilement)
        [keyboard-patterns] {" "}(les petits motifs sur le clavier se devinent facilement)
        [repeats] {" "}(les répétitions comme « aaa » se devinent facilement)
        [repeated-groups] {" "}(les répétitions comme « abcabcabc » ne sont guère plus difficiles à deviner que « abc »)
        [top-10] {" "}(c’est l’un des 10 mots de passe les plus courants)
        [top-100] {" "}(c’est l’un des 100 mots de passe les plus courants)
        [common] {" "}(c’est un mot de passe très courant)
        [similar-to-common] {" "}(il ressemble à un mot de passe très utilisé)
        [sequences] {" "}(les suites comme abc ou 6543 se devinent facilement)
        [recent-years] {" "}(les années récentes se devinent facilement)
        [one-word] {" "}(un mot seul se devine facilement)
        [dates] {" "}(les dates se devinent souvent facilement)
        [names] {" "}(les prénoms et les noms seuls se devinent facilement)
        [common-names] {" "}(les prénoms et les noms courants se devinent facilement)
       *[none] {""}
    }. Ajoutez d’autres mots sans rapport entre eux ou d’autres caractères.

## Mot de passe oublié

signin-forgot = Mot de passe oublié ?
forgot-title = Vous avez oublié votre mot de passe ?
forgot-intro = Saisissez l’adresse e-mail de votre compte Marquee. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-send = Envoyer le lien
forgot-sent = Si un compte utilise { $email }, un lien pour choisir un nouveau mot de passe y a été envoyé. Il fonctionne une seule fois, pendant { $minutes } minutes. S’il n’arrive pas, regardez dans vos courriers indésirables.
forgot-no-mail = Ce serveur Marquee n’envoie pas d’e-mails : il ne peut donc pas vous envoyer de lien. Demandez à la personne qui gère Marquee de vous définir un nouveau mot de passe, avec cette commande :
forgot-back = Retour à la connexion
reset-title = Choisissez un nouveau mot de passe
reset-for = Pour le compte { $email }. Tous les appareils connectés à ce compte seront déconnectés, et celui-ci connecté.
reset-new-password = Nouveau mot de passe
reset-save = Enregistrer le nouveau mot de passe
reset-opening = Ouverture de la page pour choisir un nouveau mot de passe…
reset-continue = Continuer
reset-dead-title = Ce lien ne fonctionne plus
reset-dead = Le lien a expiré, a déjà servi, ou le mot de passe a changé depuis son envoi. Demandez-en un nouveau.
reset-ask-again = Demander un nouveau lien

## Combien de temps reste connecté un appareil autorisé pour un moment, et le fuseau horaire du compte
lifetime-label = Rester connecté
lifetime-until-morning = Jusqu’à demain matin (4 h 00)
lifetime-week = Pendant une semaine
lifetime-until-signed-out = Jusqu’à ce que je le déconnecte
lifetime-hint = Sur une télévision ou un ordinateur qui n’est pas à vous, choisissez une durée : il se déconnectera tout seul, sans que vous ayez à y penser.
lifetime-unknown = Choisissez dans la liste combien de temps rester connecté.
acct-device-signs-out-at = Se déconnecte tout seul à { $time } le { $date }
acct-time-zone = Fuseau horaire
acct-time-zone-hint = Sert aux heures de cette page et à « jusqu’à demain matin ». Commencez à taper une ville, par exemple Europe/Paris.
time-zone-unknown = Marquee ne connaît pas ce fuseau horaire : choisissez-en un dans la liste, par exemple Europe/Paris.
# The account activity page: what happened to the account, newest first.
acct-activity-link = Voir l’activité du compte
activity-title = Activité du compte
activity-lead = Ce qui est arrivé à votre compte ces derniers temps, du plus récent au plus ancien : connexions, mots de passe erronés, déconnexions, modifications et ce qui a été regardé.
activity-filters = Afficher
activity-filter-all = Tout
activity-filter-sign-ins = Connexions
activity-filter-watching = Visionnage
activity-unknown-filter = Cette page ne connaît pas ce filtre : tout est affiché.
activity-old-cursor = Ce lien de page n’est plus à jour : l’activité la plus récente est affichée.
activity-empty = Rien à afficher pour l’instant.
activity-older = Activité plus ancienne
activity-back = Retour à vos appareils
activity-device = { $name } · { $what }
activity-sign-out-device = Déconnecter cet appareil
activity-password-to-sign-out = Votre mot de passe, pour déconnecter cet appareil
activity-signed-in = Connexion
activity-wrong-password = { $count ->
    [one] Un mot de passe erroné a été essayé
   *[other] Un mot de passe erroné a été essayé { $count } fois
}
activity-signed-out = Déconnexion
activity-signed-out-by = Déconnecté par { $device }
activity-signed-out-everywhere = Déconnexion de tous les appareils
activity-signed-out-by-itself = Déconnecté automatiquement, à l’heure choisie lors de la connexion
activity-password-changed = Mot de passe modifié
activity-password-reset = Mot de passe réinitialisé avec un lien reçu par e-mail
activity-email-changed = Adresse e-mail modifiée
activity-tv-code-allowed = Code TV autorisé
activity-tv-code-denied = Code TV refusé
activity-pin-changed = Verrouillage du profil { $profile } modifié
activity-maturity-changed = Classification d’âge modifiée pour { $profile }
activity-started-watching = A commencé à regarder { $title } en tant que { $profile }
activity-started-watching-no-profile = A commencé à regarder { $title }
activity-playback-stopped = Lecture arrêtée
activity-playback-stopped-by = Lecture arrêtée par { $device }
link-opening = Ouverture du lien…
not-me-title = Ce n’était pas vous ?
not-me-for = Pour le compte { $email }.
not-me-explain = En confirmant, ce compte est déconnecté de tous les appareils à la fois, téléphones et téléviseurs compris, et vous passez directement au choix d’un nouveau mot de passe.
not-me-confirm = Déconnecter tous les appareils et changer le mot de passe
not-me-dead = Le lien a expiré, a déjà servi, ou n’a pas été envoyé par Marquee. Si quelqu’un d’autre utilise peut-être votre compte, demandez un lien de réinitialisation du mot de passe.
email-confirm-title = Confirmez votre nouvelle adresse e-mail
email-confirm-explain = Vous connecter à Marquee avec { $email } à partir de maintenant ?
email-confirm-button = Utiliser cette adresse
email-confirm-done-title = Adresse e-mail modifiée
email-confirm-done = Vous vous connectez désormais avec { $email }.
email-confirm-to-account = Aller à votre compte
email-confirm-dead = Le lien a expiré, a déjà servi, ou le mot de passe a changé ou tous les appareils ont été déconnectés depuis son envoi. Redemandez la modification sur la page de votre compte.
email-confirm-taken = Un autre compte s’est mis à utiliser cette adresse entre-temps : elle ne peut pas être celle de ce compte.
acct-email-link-sent = Nous avons envoyé un lien à la nouvelle adresse. Votre adresse e-mail change dès qu’il est ouvert (sous 24 heures) ; d’ici là, continuez à vous connecter avec l’adresse actuelle.
acct-alerts = Alertes de connexion
acct-alerts-lead = Recevez un e-mail quand votre compte se connecte sur un téléphone, un ordinateur ou un téléviseur qu’il n’a jamais vu, avec un lien pour tout déconnecter si ce n’était pas vous.
acct-alerts-on = M’envoyer un e-mail pour les connexions sur de nouveaux appareils
acct-alerts-unavailable = Les alertes de connexion ne sont pas disponibles : ce serveur Marquee n’a pas de serveur de messagerie configuré, il ne peut donc pas envoyer d’e-mails. La personne qui gère Marquee peut en configurer un avec le réglage smtp_url.
