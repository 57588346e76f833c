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

activate-confirm-title = Autoriser cet appareil ?
activate-confirm-heading = Connecter cet appareil ?
activate-device = Appareil
activate-kind = Type
activate-asked = Demandé
activate-through = Par
activate-from = Depuis
activate-this-network = (ce réseau)
activate-other-network = (un autre réseau)
activate-allow-lead = L’autoriser le connecte à
activate-allow-devices-lead = . Il apparaît ensuite dans
activate-allow-devices-end = , où vous pouvez le déconnecter à tout moment. N’autorisez qu’un appareil devant lequel vous vous trouvez : si ce n’est pas vous qui avez lancé cette demande, choisissez Refuser.
activate-other-network-warning = Ce code a été demandé depuis un autre réseau. N’autorisez qu’un téléviseur devant lequel vous vous trouvez.
activate-your-password = Votre mot de passe
activate-password-hint = Votre compte demande le mot de passe avant d’autoriser un appareil.
activate-allow = Autoriser
activate-deny = Refuser
activate-kind-tv = Téléviseur
activate-kind-mobile = Téléphone ou tablette
activate-kind-browser = Navigateur web
activate-kind-other = Autre appareil
activate-unknown-address = une adresse inconnue
activate-through-tv-page = la page TV de Marquee
activate-through-app = une application qui se présente comme « { $client } »
activate-no-such-code = Aucun téléviseur n’affiche ce code en ce moment. Vérifiez le code sur le téléviseur (les codes durent quelques minutes ; le téléviseur en affiche un nouveau quand le sien expire).
activate-too-many = Trop de codes ne correspondaient pas. Réessayez dans { $wait }.
code-too-long = C’est trop long pour un code : il a 8 lettres, comme BCDF-GHJK.
code-missing = Saisissez le code affiché sur votre téléviseur.
code-wrong-letters = Ce n’est pas un code de téléviseur : les codes n’ont que les lettres de B à Z, sans voyelles ni Y.
code-wrong-length = Un code a 8 lettres, comme BCDF-GHJK. Vérifiez le code sur votre téléviseur.
activate-choose = Choisissez Autoriser ou Refuser.
activated-allowed-title = Appareil autorisé
activated-denied-title = Appareil refusé
activated-too-late-title = Code plus valable
activated-allowed-heading = C’est prêt
activated-allowed-end = se connecte. Il passe tout seul à « Qui regarde ? » d’ici quelques secondes.
activated-denied-end = n’a pas été connecté. Son code ne peut plus servir.
activated-too-late-heading = Ce code ne peut plus servir
activated-too-late = Il a déjà été autorisé ou refusé, ou il a expiré. Le téléviseur affiche un nouveau code : saisissez celui-là.
activated-another = Activer un autre appareil
activate-through-jellyfin = une application Jellyfin (Quick Connect)
activate-watch-as = Qui regardera sur cet appareil ?
activate-watch-as-hint = L’application se connecte avec le profil que vous choisissez et ne peut en changer qu’en se reconnectant. Un profil verrouillé peut être choisi ici, puisque vous êtes connecté au compte.
activate-choose-profile = Choisissez qui regardera sur cet appareil.
activate-not-your-profile = Ce profil n’appartient pas à ce compte. Choisissez l’un des profils affichés.
activate-no-profiles = Ce compte n’a encore aucun profil. Ouvrez cette page pour créer le premier, puis saisissez de nouveau le code :
activated-allowed-as = se connecte et regardera en tant que { $profile }. Il continue tout seul d’ici quelques secondes.
