# Signing in a TV with a code: the TV's code screen, and "Activate a TV" on a phone or computer.

tv-title = Sign in on this TV
tv-step-go = On your phone or computer, go to
tv-step-code = Enter this code:
tv-code-label = Code: { $code }
tv-step-allow-html = Choose <em>Allow</em>. This screen goes on by itself.
tv-code-lasts = { $minutes ->
    [one] The code works for 1 more minute. No password is typed on the TV.
   *[other] The code works for { $minutes } more minutes. No password is typed on the TV.
}
tv-with-password = Sign in with email and password instead
tv-scan = Or scan this with your phone's camera
tv-signed-out = This TV was signed out. To watch again, sign it in with the new code.
tv-code-denied = That code was denied. Here is a new one.
tv-code-expired = That code expired. Here is a new one.
tv-too-many-codes = Too many codes

activate-title = Activate a TV
activate-lead = Enter the code shown on the TV or other device you want to sign in to this account.
activate-code = Code
activate-code-hint = 8 letters. Capitals, spaces and the dash do not matter.

activate-confirm-title = Allow this device?
activate-confirm-heading = Sign in this device?
activate-device = Device
activate-kind = Kind
activate-asked = Asked
activate-through = Through
activate-from = From
activate-this-network = (this network)
activate-other-network = (another network)
activate-allow-lead = Allowing signs it in to
activate-allow-devices-lead = . It then appears under
activate-allow-devices-end = , where you can sign it out at any time. Only allow a device you are in front of: if you did not start this, choose Deny.
activate-other-network-warning = This code was asked for from another network. Allow only a TV you are in front of.
activate-your-password = Your password
activate-password-hint = Your account asks for the password before a device is allowed in.
activate-allow = Allow
activate-deny = Deny
activate-kind-tv = TV
activate-kind-mobile = Phone or tablet
activate-kind-browser = Web browser
activate-kind-other = Other device
activate-unknown-address = an unknown address
activate-through-tv-page = Marquee's TV page
activate-through-app = an app calling itself "{ $client }"
activate-no-such-code = No TV is showing that code right now. Check the code on the TV (codes last a few minutes; the TV shows a new one when its code expires).
activate-too-many = Too many codes that did not match. Try again in { $wait }.
code-too-long = That is too long for a code: it has 8 letters, like BCDF-GHJK.
code-missing = Enter the code shown on your TV.
code-wrong-letters = That is not a code from a TV: codes only have the letters B–Z without vowels or Y.
code-wrong-length = A code has 8 letters, like BCDF-GHJK. Check the code on your TV.
activate-choose = Choose Allow or Deny.
activated-allowed-title = Device allowed
activated-denied-title = Device denied
activated-too-late-title = Code no longer valid
activated-allowed-heading = You're all set
activated-allowed-end = is signing in. It goes on to “Who's watching?” by itself within a few seconds.
activated-denied-end = was not signed in. Its code can no longer be used.
activated-too-late-heading = That code can no longer be used
activated-too-late = It was already allowed or denied, or it expired. The TV shows a new code: enter that one.
activated-another = Activate another device
activate-through-jellyfin = a Jellyfin app (Quick Connect)
activate-watch-as = Who will watch on this device?
activate-watch-as-hint = The app signs in as the profile you choose, and can switch only by signing in again. A locked profile can be chosen here, as you are signed in to the account.
activate-choose-profile = Choose who will watch on this device.
activate-not-your-profile = That profile is not one of this account's. Choose one of the profiles shown.
activate-no-profiles = This account has no profiles yet. Open this page to create the first, then enter the code again:
activated-allowed-as = is signing in and will watch as { $profile }. It goes on by itself within a few seconds.
