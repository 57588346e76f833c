# Setting Marquee up, signing out, signing out of all devices, deleting the account.

password-enter = Enter your account password.
password-wrong = That is not your account password.
password-too-many = Too many failed attempts. Try again in { $wait }.
password-needed-sign-out-all = For your security, enter your password to sign out of all devices.
password-needed-sign-out-device = For your security, enter your password to sign out another device.

setup-title = Set up Marquee
setup-intro = Create the first account. The setup code was printed where Marquee was started.
setup-code = Setup code
setup-your-name = Your name
setup-password-hint = At least 15 characters. A few unrelated words work well.
setup-create = Create account
setup-closed = Setup is closed: Marquee already has an account, or the setup code has expired.
setup-expired = Setup is closed. Restart Marquee to get a new setup code, or sign in.
setup-too-many = Too many wrong setup codes: setup is closed. Restart Marquee to get a new code.
setup-wrong-code = That setup code is not right. It was printed when Marquee started.
setup-has-account = Marquee already has an account: sign in instead.

delete-title = Delete account
delete-heading = Delete your account?
# The account's email goes in bold between these two.
delete-explain-lead = This deletes
delete-explain-rest = , its profiles and its history, and signs out every device. It cannot be undone.
delete-understood = I understand that my account will be deleted for good
delete-tick = Tick the box to confirm that you want to delete the account.

sign-out-all-title = Sign out of all devices
sign-out-all-heading = Sign out of all devices?
sign-out-all-explain = Every device signed in to this account, including this one, will be signed out straight away.
sign-out-all-password = For your security, enter your password
sign-out-button = Sign Out

signout-title = Sign out
signout-heading = Sign out of Marquee on this device?
signout-explain-html = Your other devices stay signed in. To sign out everywhere, use <a href="/account#settings">Sign out of all devices</a> on your account page.
signed-out-title = You've signed out
signed-out-explain = This device no longer has access to your account. If you signed out of all devices, every other browser, phone and TV was signed out at the same moment.
sign-in-again = Sign In Again
