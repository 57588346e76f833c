# "Who's watching?", the PIN pad and Manage Profiles.

who-title = Who's watching?
tag-kids = Kids
pin-title = Enter PIN
pin-heading = Enter the PIN for { $name }
pin-label = 4-digit PIN
profile-edit = Edit
profile-locked = Locked
add-profile = Add a profile
add-profile-kids = Kids profile (only titles for children)
add-profile-password-hint = (not needed for a kids profile)
add-profile-button = Add profile
profiles-full = This account has the most profiles it can have ({ $max }).
profile-added = Profile added.
profile-deleted = Profile deleted.
changes-saved = Changes saved.

edit-title = Edit { $name }
edit-heading = Edit profile
edit-details = Name and avatar
avatar = Avatar
avatar-crimson = Crimson
avatar-amber = Amber
avatar-emerald = Emerald
avatar-sky = Sky
avatar-violet = Violet
avatar-rose = Rose
avatar-teal = Teal
avatar-slate = Slate
kids-profile = Kids profile
secret-pin-or-password = This profile's PIN or the account password
secret-kids-password = Account password (only to turn off Kids)
kids-off-needs-password = Turning off Kids needs the account password.
maturity-heading = Maturity rating
maturity-explain = { $name } sees titles rated up to the level chosen here. Titles without a rating are shown only at All.
maturity-explain-kids = { $name } sees titles rated up to the level chosen here; a kids profile goes up to Older Kids. Titles without a rating are shown only at All.
maturity-show-for = Show titles for
maturity-save = Save maturity rating
maturity-little-kids = Little Kids (G, TV-Y, TV-G)
maturity-older-kids = Older Kids (PG, TV-Y7, TV-PG)
maturity-teens = Teens (PG-13, TV-14)
maturity-all = All maturity ratings (R, NC-17, TV-MA and unrated)
lock-heading = Profile lock
lock-locked = This profile is locked: a 4-digit PIN is needed to watch as { $name }.
lock-offer = Require a 4-digit PIN to watch as { $name }.
lock-new-pin = New PIN
lock-pin = PIN
lock-change = Change PIN
lock-button = Lock profile
lock-remove = Remove the PIN
delete-profile = Delete profile
delete-profile-explain = Deletes { $name } and its viewing history.
back-to-manage = Back to Manage Profiles

profile-name-missing = Give the profile a name.
profile-name-too-long = That name is too long: use at most 30 characters.
profile-name-control = A profile name cannot contain control characters.
profile-name-hidden = A profile name cannot contain invisible characters or characters that reorder text.
avatar-unknown = Choose one of the avatars shown.
pin-format = The PIN must be exactly 4 digits, like 2580.
pin-enter = Enter the profile's 4-digit PIN.
pin-wrong = { $count ->
    [one] That PIN is not right. 1 try left.
   *[other] That PIN is not right. { $count } tries left.
}
pin-too-many = Too many wrong PINs. Try again in { $wait }.
pin-busy = Marquee is busy and could not check the PIN. Please try again in a moment.
profile-needs-password = { $why } A profile that is not a kids profile needs the account password.
profiles-at-most = An account can have at most { $max } profiles. Delete one to add another.
kids-off-enter-password = Enter the account password to turn off Kids for this profile.
profile-locked-needs-secret = This profile is locked: enter its PIN or the account password to change it.
profile-last = This is the only profile of the account, so it cannot be deleted. Add another one first.
maturity-unknown = Choose one of the maturity levels shown.
maturity-kids-limit = A kids profile can be Little Kids or Older Kids. Turn off Kids first for more.
