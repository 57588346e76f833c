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
