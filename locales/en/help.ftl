# The help page. Messages ending in -html may hold <strong> and links to Marquee's own pages.

help-sign-out-device = Sign out of this device
help-sign-out-device-html = Open the profile menu at the top right (point at your profile picture, or tap or Tab to it) and choose <strong>Sign out of Marquee</strong>, then confirm. This browser is signed out straight away and forgets what it kept for Marquee. Your other devices stay signed in.
help-sign-out-other = Sign out of another device
help-sign-out-other-html = Go to <a href="/account#devices">Account → Manage access and devices</a>. Every device that is signed in is listed with its name, the profile last used on it, where it connected from and when it was last active. Choose <strong>Sign out</strong> next to the one you want to remove. Its very next request is refused, and if it has Marquee open, it goes back to the sign-in screen on its own.
help-sign-out-all = Sign out of all devices
help-sign-out-all-html = At the bottom of the <a href="/account#settings">Account</a> page, choose <strong>Sign out of all devices</strong> and confirm. Every device, this one included, is signed out at once: not in an hour, not in eight. If you last entered your password more than ten minutes ago, Marquee asks for it again first, so that someone using your unlocked computer cannot lock you out.
help-lost-device-html = Do this if you lost a phone, signed in on a friend's TV, or think someone knows your password. After that, <a href="/account#password">change your password</a> too.
help-tv = Sign in on a TV
help-tv-html = Open Marquee in the TV's browser at <strong>/tv</strong>. It shows a code of eight letters and a QR code. On your phone or computer, where you are signed in, scan the QR code or open <a href="/activate">Activate a TV</a> and enter the code, check that it names your TV, and choose <strong>Allow</strong>. The TV goes on by itself within a few seconds; nobody types a password with the remote. The arrows move around, OK chooses and Back goes back. To sign the TV out, choose <strong>Sign out of Marquee</strong> in its profile menu, or sign it out from your phone: the TV goes back to its code screen at once, even in the middle of a film.
help-profiles = Profiles and PINs
help-profiles-html = Each person at home can have a profile (up to five per account). A profile can be locked with a 4-digit PIN from <a href="/profiles/manage">Manage Profiles</a>; setting or removing a PIN needs the account password. The profile you choose is remembered on this device only.
help-public-computer = On a shared or public computer
help-public-computer-html = Leave <strong>Remember me</strong> unticked when you sign in. Marquee then signs you out when the browser closes, or after two hours without use.

help-for-a-while = On a TV that is not yours
help-for-a-while-html = In a hotel or at a friend's, choose how long the TV stays signed in when you allow its code: <strong>Until tomorrow morning</strong> (4:00 in your account's time zone, set under <a href="/account#personal">Personal information</a>) or <strong>For a week</strong>. When that time comes the TV signs out by itself, as if you had signed it out: it goes back to its code screen, even in the middle of a film. Until then your device list says when it will go.
