# Signing in a TV with a code: the TV's code screen, and "Activate a TV" on a phone or computer.

tv-title = Se connecter sur ce téléviseur
tv-step-go = Sur votre téléphone ou votre ordinateur, allez à l’adresse
tv-step-code = Saisissez ce code :
tv-code-label = Code : { $code }
tv-step-allow-html = Choisissez <em>Autoriser</em>. Cet écran continue tout seul.
tv-code-lasts = { $minutes ->
    [one] Le code reste valable encore 1 minute. Aucun mot de passe n’est saisi sur le téléviseur.
   *[other] Le code reste valable encore { $minutes } minutes. Aucun mot de passe n’est saisi sur le téléviseur.
}
tv-with-password = Se connecter plutôt avec l’adresse e-mail et le mot de passe
tv-scan = Ou scannez ceci avec l’appareil photo de votre téléphone
tv-signed-out = Ce téléviseur a été déconnecté. Pour regarder de nouveau, connectez-le avec le nouveau code.
tv-code-denied = Ce code a été refusé. En voici un nouveau.
tv-code-expired = Ce code a expiré. En voici un nouveau.
tv-too-many-codes = Trop de codes

activate-title = Activer un téléviseur
activate-lead = Saisissez le code affiché sur le téléviseur ou l’autre appareil que vous voulez connecter à ce compte.
activate-code = Code
activate-code-hint = 8 lettres. Les majuscules, les espaces et le tiret n’ont pas d’importance.
