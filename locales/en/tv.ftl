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
