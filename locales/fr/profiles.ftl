# « Qui regarde ? », le code PIN et Gérer les profils.

who-title = Qui regarde ?
tag-kids = Enfants
pin-title = Saisir le code PIN
pin-heading = Saisissez le code PIN de { $name }
pin-label = Code PIN à 4 chiffres
profile-edit = Modifier
profile-locked = Verrouillé
add-profile = Ajouter un profil
add-profile-kids = Profil Enfants (uniquement des titres pour les enfants)
add-profile-password-hint = (inutile pour un profil Enfants)
add-profile-button = Ajouter le profil
profiles-full = Ce compte a déjà le nombre maximal de profils ({ $max }).
profile-added = Profil ajouté.
profile-deleted = Profil supprimé.
changes-saved = Modifications enregistrées.

edit-title = Modifier { $name }
edit-heading = Modifier le profil
edit-details = Nom et avatar
avatar = Avatar
avatar-crimson = Cramoisi
avatar-amber = Ambre
avatar-emerald = Émeraude
avatar-sky = Ciel
avatar-violet = Violet
avatar-rose = Rose
avatar-teal = Sarcelle
avatar-slate = Ardoise
kids-profile = Profil Enfants
secret-pin-or-password = Code PIN de ce profil ou mot de passe du compte
secret-kids-password = Mot de passe du compte (uniquement pour désactiver Enfants)
kids-off-needs-password = Désactiver Enfants demande le mot de passe du compte.
maturity-heading = Classification
maturity-explain = { $name } voit les titres classés jusqu’au niveau choisi ici. Les titres sans classification n’apparaissent qu’avec « Toutes les classifications ».
maturity-explain-kids = { $name } voit les titres classés jusqu’au niveau choisi ici ; un profil Enfants va jusqu’à Grands enfants. Les titres sans classification n’apparaissent qu’avec « Toutes les classifications ».
maturity-show-for = Afficher les titres pour
maturity-save = Enregistrer la classification
maturity-little-kids = Petits enfants (G, TV-Y, TV-G)
maturity-older-kids = Grands enfants (PG, TV-Y7, TV-PG)
maturity-teens = Adolescents (PG-13, TV-14)
maturity-all = Toutes les classifications (R, NC-17, TV-MA et non classés)
lock-heading = Verrouillage du profil
lock-locked = Ce profil est verrouillé : il faut un code PIN à 4 chiffres pour regarder en tant que { $name }.
lock-offer = Exiger un code PIN à 4 chiffres pour regarder en tant que { $name }.
lock-new-pin = Nouveau code PIN
lock-pin = Code PIN
lock-change = Changer le code PIN
lock-button = Verrouiller le profil
lock-remove = Retirer le code PIN
delete-profile = Supprimer le profil
delete-profile-explain = Supprime { $name } et son historique de visionnage.
back-to-manage = Retour à Gérer les profils

profile-name-missing = Donnez un nom au profil.
profile-name-too-long = Ce nom est trop long : 30 caractères au maximum.
profile-name-control = Un nom de profil ne peut pas contenir de caractères de contrôle.
profile-name-hidden = Un nom de profil ne peut contenir ni caractères invisibles ni caractères qui changent l’ordre du texte.
avatar-unknown = Choisissez l’un des avatars proposés.
pin-format = Le code PIN doit comporter exactement 4 chiffres, par exemple 2580.
pin-enter = Saisissez le code PIN à 4 chiffres du profil.
pin-wrong = { $count ->
    [one] Ce code PIN n’est pas le bon. Encore 1 essai.
   *[other] Ce code PIN n’est pas le bon. Encore { $count } essais.
}
pin-too-many = Trop de codes PIN erronés. Réessayez dans { $wait }.
pin-busy = Marquee est très sollicité et n’a pas pu vérifier le code PIN. Réessayez dans un instant.
profile-needs-password = { $why } Un profil qui n’est pas un profil Enfants demande le mot de passe du compte.
profiles-at-most = Un compte peut avoir au maximum { $max } profils. Supprimez-en un pour en ajouter un autre.
kids-off-enter-password = Saisissez le mot de passe du compte pour désactiver Enfants sur ce profil.
profile-locked-needs-secret = Ce profil est verrouillé : saisissez son code PIN ou le mot de passe du compte pour le modifier.
profile-last = C’est le seul profil du compte : il ne peut donc pas être supprimé. Ajoutez-en d’abord un autre.
maturity-unknown = Choisissez l’un des niveaux proposés.
maturity-kids-limit = Un profil Enfants peut être Petits enfants ou Grands enfants. Pour aller au-delà, désactivez d’abord Enfants.
