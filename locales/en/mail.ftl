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
