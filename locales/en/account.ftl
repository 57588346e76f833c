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

# The account page: membership, personal information, preferences, email, password and devices.
acct-title = Account
acct-sections = Account sections
acct-membership = Membership
acct-personal-short = Personal info
acct-preferences = Preferences
acct-devices-short = Devices
acct-member-since = Member since
acct-personal = Personal information
acct-phone = Phone
acct-optional = (optional)
acct-language = Language
acct-autoplay-next = Autoplay the next episode
acct-autoplay-previews = Autoplay previews while browsing
acct-signs-in-with-lead = You sign in with
acct-signs-in-with-end = .
acct-change-email = Change email
acct-new-email = New email
acct-current-password = Current password
acct-password-lead = At least 15 characters. Changing it can also sign out every other device.
acct-change-password = Change password
acct-new-password = New password
acct-sign-out-others = Sign out of all other devices
acct-settings = Settings
acct-devices = Manage access and devices
acct-devices-lead = { $max ->
    [one] These devices are signed in to your account. Sign out any you don't recognise. Only 1 can be signed in at once; signing in on another signs out this one.
   *[other] These devices are signed in to your account. Sign out any you don't recognise. Up to { $max } can be signed in at once; signing in on one more signs out the one unused the longest.
}
acct-this-device = This device
acct-device-profile = Profile: { $name }
acct-your-password = Your password
acct-password-to-sign-out = Your password, to sign out { $name }
acct-told-apart = { $position } of { $count }
acct-tv-codes = Sign in a TV with a code
acct-tv-codes-lead-html = Open Marquee on the TV at <strong>/tv</strong>: it shows a short code. Enter the code here, on a device that is signed in, and the TV signs in without anyone typing a password on it.
acct-activate-tv = Activate a TV
acct-confirm-codes = Ask for my password before a device is allowed in with a code
acct-password-to-change = Your password, to change this
acct-sign-out-all-lead = Signs out every browser, phone and TV on this account, this one included, at once.
acct-delete-lead = Removes the account, its profiles and its history, and signs out every device.
acct-saved-personal = Personal information saved.
acct-saved-preferences = Preferences saved.
acct-saved-email = Email changed.
acct-saved-password = Password changed.
acct-saved-password-others = Password changed, and every other device was signed out.
acct-saved-device = That device was signed out.
acct-device-playing = Playing { $title } as { $profile } for { $duration }
acct-device-playing-no-profile = Playing { $title } for { $duration }
acct-stop-playback = Stop playback
acct-saved-playback-stopped = Playback stopped on that device. It stays signed in.
acct-saved = Saved.

# The sign-in page.
signin-signed-out = You were signed out on this device. Sign in again to keep watching.
signin-remember = Remember me
signin-remember-hint = On a shared or public computer, untick this: you will be signed out when the browser closes, or after a short time away.
signin-tv = On a TV? Sign in with a code instead
signin-how-sign-out = How signing out works
signin-enter-email = Enter the email address of your Marquee account.
signin-enter-password = Enter your password.
signin-no-match = Sorry, that email and password do not match an account. Check them and try again.

# What the account, setup and sign-in forms say when they refuse what was typed. The API and the
# command line say the English words too, so keep them as they are.
email-missing = Enter your email address.
email-too-long = That email address is too long.
email-malformed = Enter an email address like name@example.com.
setup-email-taken = An account with the email { $email } already exists.
acct-email-taken = Another account already uses that email.
name-missing = Enter your name.
name-too-long = Your name is too long: use at most { $max } characters.
name-control = Your name cannot contain control characters.
name-hidden = Your name cannot contain invisible characters or characters that reorder text.
phone-malformed = Enter a phone number of 6 to 15 digits, for example +44 20 7946 0958.
language-not-offered = Choose one of the languages in the list.
password-too-short = Use at least { $min } characters: a short sentence or a few unrelated words is easy to remember.
password-too-long = Use at most { $max } characters.
password-common = That is one of the most commonly used passwords, so it is among the first an attacker tries. Choose another.
# $hint says what makes the password easy to guess; "none" when nothing in particular does.
password-guessable = That password is too easy to guess{ $hint ->
        [straight-rows] {" "}(Straight rows of keys are easy to guess.)
        [keyboard-patterns] {" "}(Short keyboard patterns are easy to guess.)
        [repeats] {" "}(Repeats like "aaa" are easy to guess.)
        [repeated-groups] {" "}(Repeats like "abcabcabc" are only slightly harder to guess than "abc".)
        [top-10] {" "}(This is a top-10 common password.)
        [top-100] {" "}(This is a top-100 common password.)
        [common] {" "}(This is a very common password.)
        [similar-to-common] {" "}(This is similar to a commonly used password.)
        [sequences] {" "}(Sequences like abc or 6543 are easy to guess.)
        [recent-years] {" "}(Recent years are easy to guess.)
        [one-word] {" "}(A word by itself is easy to guess.)
        [dates] {" "}(Dates are often easy to guess.)
        [names] {" "}(Names and surnames by themselves are easy to guess.)
        [common-names] {" "}(Common names and surnames are easy to guess.)
       *[none] {""}
    }. Add more unrelated words or characters.

## Forgot password

signin-forgot = Forgot password?
forgot-title = Forgot your password?
forgot-intro = Enter the email address of your Marquee account. We will send a link to choose a new password.
forgot-send = Send the link
forgot-sent = If an account uses { $email }, a link to choose a new password is on its way there. It works once, for { $minutes } minutes. If it does not arrive, look in your spam folder.
forgot-no-mail = This Marquee server does not send email, so it cannot send you a link. Ask whoever runs Marquee to set a new password for you, with this command:
forgot-back = Back to sign-in
reset-title = Choose a new password
reset-for = For the account { $email }. Every device signed in to it will be signed out, and this one signed in.
reset-new-password = New password
reset-save = Save the new password
reset-opening = Opening the page to choose a new password…
reset-continue = Continue
reset-dead-title = This link no longer works
reset-dead = The link has expired, was used already, or the password was changed since it was sent. Ask for a new one.
reset-ask-again = Ask for a new link

## How long a device signed in for a while stays, and the account's time zone
lifetime-label = Stay signed in
lifetime-until-morning = Until tomorrow morning (4:00)
lifetime-week = For a week
lifetime-until-signed-out = Until I sign it out
lifetime-hint = On a TV or computer that is not yours, choose a time: it then signs out by itself, and you do not have to remember to.
lifetime-unknown = Choose how long to stay signed in from the list.
acct-device-signs-out-at = Signs out by itself at { $time } on { $date }
acct-time-zone = Time zone
acct-time-zone-hint = Used for times on this page and for “until tomorrow morning”. Start typing a city, for example Europe/Paris.
time-zone-unknown = That is not a time zone Marquee knows: choose one from the list, for example Europe/Paris.
# The account activity page: what happened to the account, newest first.
acct-activity-link = See account activity
activity-title = Account activity
activity-lead = What happened to your account lately, newest first: sign-ins, wrong passwords, sign-outs, changes and what was watched.
activity-filters = Show
activity-filter-all = Everything
activity-filter-sign-ins = Sign-ins
activity-filter-watching = Watching
activity-unknown-filter = That filter is not one this page knows, so everything is shown.
activity-old-cursor = That page link is out of date, so the newest activity is shown.
activity-empty = Nothing to show yet.
activity-older = Older activity
activity-back = Back to your devices
activity-device = { $name } · { $what }
activity-sign-out-device = Sign out of this device
activity-password-to-sign-out = Your password, to sign that device out
activity-signed-in = Signed in
activity-wrong-password = { $count ->
    [one] A wrong password was tried
   *[other] A wrong password was tried { $count } times
}
activity-signed-out = Signed out
activity-signed-out-by = Signed out by { $device }
activity-signed-out-everywhere = Signed out of all devices
activity-signed-out-by-itself = Signed out by itself, at the time chosen when it signed in
activity-password-changed = Password changed
activity-password-reset = Password reset with an emailed link
activity-email-changed = Email address changed
activity-tv-code-allowed = TV code allowed
activity-tv-code-denied = TV code denied
activity-pin-changed = Profile lock changed for { $profile }
activity-maturity-changed = Maturity rating changed for { $profile }
activity-started-watching = Started watching { $title } as { $profile }
activity-started-watching-no-profile = Started watching { $title }
activity-playback-stopped = Playback stopped
activity-playback-stopped-by = Playback stopped by { $device }
link-opening = Opening the link…
not-me-title = Not you?
not-me-for = For the account { $email }.
not-me-explain = Confirming signs this account out of every device at once, phones and TVs included, and takes you straight on to choose a new password.
not-me-confirm = Sign out of all devices and change the password
not-me-dead = The link has expired, was used already, or is not one Marquee sent. If someone else may be using your account, ask for a password reset link.
email-confirm-title = Confirm your new email
email-confirm-explain = Sign in to Marquee with { $email } from now on?
email-confirm-button = Use this address
email-confirm-done-title = Email changed
email-confirm-done = From now on you sign in with { $email }.
email-confirm-to-account = Go to your account
email-confirm-dead = The link has expired, was used already, or the password was changed or every device signed out since it was sent. Ask for the change again on your account page.
email-confirm-taken = Another account started using that address meanwhile, so it cannot be this account's.
acct-email-link-sent = We sent a link to the new address. Your email changes once it is opened (within 24 hours); until then, keep signing in with the current one.
acct-alerts = Sign-in alerts
acct-alerts-lead = Get an email when your account signs in on a phone, computer or TV it has not seen before, with a link to sign out everywhere if it was not you.
acct-alerts-on = Email me about sign-ins on new devices
acct-alerts-unavailable = Sign-in alerts are not available: this Marquee server has no mail server set up, so it cannot send email. Whoever runs Marquee can set one up with the smtp_url setting.
