# Messages Marquee sends by email.

mail-footer = Sent by Marquee. You get this message because of something done with your account; there is nothing to unsubscribe from.
mail-test-subject = Marquee can send mail
mail-test-body = This is a test message from Marquee. If you can read it, mail works.
mail-reset-subject = Reset your Marquee password
mail-reset-intro = Someone (hopefully you) asked to reset the password of the Marquee account { $email }.
mail-reset-action = Choose a new password
mail-reset-expiry = { $minutes ->
    [one] The link works once, for one minute.
   *[other] The link works once, for { $minutes } minutes.
}
mail-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.
mail-changed-subject = Your Marquee password was changed
mail-changed-intro = The password of the Marquee account { $email } was just changed, and every device was signed out.
mail-changed-not-you = Not you? Choose a new password at once with "Forgot password?" on the sign-in page, and tell whoever runs Marquee.
mail-changed-action = Go to the sign-in page
mail-changed-kept-intro = The password of the Marquee account { $email } was just changed from a signed-in device.
mail-sign-in-subject = New sign-in to your Marquee account
mail-sign-in-intro = Your Marquee account { $email } was just signed in on a device it had not seen before.
mail-sign-in-device = Device: { $device } ({ $kind })
mail-sign-in-place = Where: { $place }
mail-sign-in-when = When: { $when } ({ $zone })
mail-sign-in-if-you = If this was you, there is nothing to do.
mail-kind-browser = web browser
mail-kind-mobile = phone or tablet
mail-kind-tv = TV
mail-kind-other = other device
mail-not-you = If it was not you, use the link below: it signs your account out of every device at once and takes you straight on to choose a new password, with no sign-in needed.
mail-not-you-action = Not you? Sign out of all devices and change your password
mail-not-you-expiry = { $days ->
    [one] The link works once, for one day.
   *[other] The link works once, for { $days } days.
}
mail-email-confirm-subject = Confirm your new Marquee email
mail-email-confirm-intro = Someone (hopefully you) asked to sign in to Marquee with { $email } from now on. The change takes effect once you open this link.
mail-email-confirm-action = Use this address
mail-email-confirm-expiry = { $hours ->
    [one] The link works once, for one hour.
   *[other] The link works once, for { $hours } hours.
}
mail-email-confirm-ignore = If you did not ask for this, ignore this message: nothing changes.
mail-email-changing-subject = Your Marquee sign-in email is about to change
mail-email-changing-intro = Someone signed in to the Marquee account { $email } asked to sign in with { $new_email } from now on. It changes only once a link sent to that address is opened; until then, { $email } stays.
