# Error pages: a title, and what happened in words a person understands.

error-home = Go to Marquee
error-bad-request-title = Something is not right
error-not-found-title = Not found
error-page-not-found = That page was not found. It may have been deleted.
error-profile-not-found = That profile was not found. It may have been deleted.
error-device-not-found = That device was not found. It may have been deleted.
error-method-title = Not available
error-method = This page cannot be used that way. Go back and use its buttons and links.
error-kids-title = Ask a grown-up
error-kids = Kids profiles cannot open this page. Switch to another profile from the profile menu to manage profiles or the account.
error-too-many-title = Too many attempts
error-too-many = Too many failed attempts. Try again in { $wait }.
error-busy-title = Busy
error-busy = Marquee is busy right now. Try again in a few seconds.
error-stale-title = This page has expired
error-stale = The form you sent was out of date (you may have signed in or out in another tab). Go back, reload the page and try again.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side. Please try again.
error-title-not-found = That title was not found. It may have been deleted.
error-video-not-found = That video was not found. It may have been deleted.
error-picture-not-found = That picture was not found. It may have been deleted.
error-playback-not-found = That device's playback was not found. It may have stopped already.
