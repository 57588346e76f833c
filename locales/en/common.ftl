# The frame of every page, words shared by many pages, times and dates.

brand-home = Marquee home
skip-to-content = Skip to content
menu-label = Profile
menu-watching-as = Profile menu: watching as { $name }
locked-mark = (locked)
manage-profiles = Manage Profiles
account = Account
help = Help
sign-out-of-marquee = Sign out of Marquee
profiles = Profiles
sign-out = Sign out
sign-in = Sign In
footer-tagline = Marquee: your own streaming service.

save = Save
cancel = Cancel
continue = Continue
back = Back
done = Done
name = Name
email = Email
password = Password
account-password = Account password

landing-title = Your own streaming service
landing-heading = Your movies, shows and documentaries. Your server.
landing-lead = Watch in the browser, on phones and on TVs, with a profile for everyone at home.
landing-promise = And when you sign out of a device, it is signed out. At once.

time-active-now = Active now
time-just-now = Just now
time-minutes-ago = { $count ->
    [one] 1 minute ago
   *[other] { $count } minutes ago
}
time-hours-ago = { $count ->
    [one] 1 hour ago
   *[other] { $count } hours ago
}
time-yesterday = Yesterday
time-days-ago = { $count ->
    [one] 1 day ago
   *[other] { $count } days ago
}
asked-just-now = Asked just now
asked-minutes-ago = { $count ->
    [one] Asked 1 minute ago
   *[other] Asked { $count } minutes ago
}
asked-hours-ago = { $count ->
    [one] Asked 1 hour ago
   *[other] Asked { $count } hours ago
}
asked-days-ago = { $count ->
    [one] Asked yesterday
   *[other] Asked { $count } days ago
}
asked-on = Asked on { $date }
date-short = { $day } { $month } { $year }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
duration-hours-minutes = { $hours } h { $minutes } min
duration-hours = { $hours } h
duration-minutes = { $minutes } min
duration-seconds = { $seconds } sec
wait-seconds = { $count ->
    [one] 1 second
   *[other] { $count } seconds
}
wait-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}

place-unknown = Unknown location
place-address = IP address { $ip }
place-this-computer = This computer ({ $ip })
place-this-phone = This phone ({ $ip })
place-this-tablet = This tablet ({ $ip })
place-this-tv = This TV ({ $ip })
device-iphone = iPhone
device-android-phone = Android phone
device-phone = Phone
device-ipad = iPad
device-android-tablet = Android tablet
device-tablet = Tablet
device-tv = TV
device-computer = Computer
place-same-network = Same network as this device ({ $ip })
place-server = Same computer as the server ({ $ip })
place-home-network = Home network ({ $ip })
