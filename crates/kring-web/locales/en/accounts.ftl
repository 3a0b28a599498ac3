# Own password (/account).
password-title = Change password
password-current = Current password
password-new = New password
password-again = New password again
password-rule = At least { $min } characters. A sentence of a few words is long enough and easy to remember.
password-submit = Change password
password-changed = Your password has been changed. You have been signed out on other devices.
password-not-changed = Your password has not been changed. We never fill in passwords again for you; please type them again.
problem-password-current-password-required = Enter your current password.
problem-password-current-password-invalid = This is not your current password.
problem-password-new-password-required = Enter a new password.
problem-password-new-password-too-short = The new password is too short: at least { $min } characters.
problem-password-new-password-too-long = The new password is too long: at most { $max } characters.
problem-password-new-password-again-required = Enter the new password again.
problem-password-new-password-again-invalid = The two new passwords are not the same.

# Sessions (/account and an account's admin page).
sessions-title = Signed in
sessions-intro = This is where you are signed in now. If you do not recognise one, end it and change your password.
sessions-none = No active sessions.
sessions-browser = Browser
sessions-created = Signed in at
sessions-last-seen = Last active
sessions-this-one = this session
sessions-end = End
sessions-unknown-browser = Unknown browser

# An account's admin page (/beheer/accounts/{id}).
accounts-deactivated = Deactivated
accounts-locked-until = Locked until { $time }
account-own-note = This is your own account. Another administrator changes your own role, districts and deactivation; you change your password on your account page.
account-not-own = You cannot deactivate or change your own account here; another administrator does that.
account-access-title = Access
account-deactivate-intro = A deactivated account signs in nowhere: its sessions and API tokens stop at once.
account-deactivate = Deactivate account
account-reactivate = Reactivate account
account-reset-intro = Forgotten password? Make a reset link. It works once and for 24 hours; you see it only now. Pass it on to the owner yourself.
account-reset-make = Make a reset link
account-reset-link-made = Reset link for { $email } (works once, valid for 24 hours; not shown again):
account-role-title = Role and districts
account-role-save = Save role and districts
account-end-all = End all sessions and tokens
account-history-title = History
account-history-none = Nothing changed yet.
account-history-self = the owner
account-history-role = role { $role }, districts: { $districts }
account-history-deactivated = deactivated
account-history-reactivated = reactivated
account-history-reset-link-issued = reset link made
account-history-password-reset = new password through a reset link
account-history-unlocked = lock lifted
account-history-sessions-ended = all sessions and tokens ended

# A reset link (/wachtwoord-herstellen/{token}).
reset-title = Set a new password
reset-intro = Choose a new password for your account. Then sign in with it; you will be signed out on other devices.
reset-submit = Set password
reset-done = Your new password has been set. You can sign in with it now.
reset-unknown = This reset link does not exist (any more). Perhaps a newer one was made. Ask the administrator for a new link.
reset-used = This reset link has been used already; a link works only once. Ask the administrator for a new link if you do not know your password.
reset-expired = This reset link has expired; a link works for 24 hours. Ask the administrator for a new link.
account-reset-link-mailed = The reset link was mailed to { $email } (usable once, valid for 24 hours). Kring does not show it.
account-reset-mail-failed = Mailing did not work (see the server's log); pass on the link below yourself.
account-reset-mail-subject = Kring: set a new password
account-reset-mail-body = Kring's administrator made a link with which you set a new password. It works once and is valid for 24 hours. If you did not expect this mail, tell the administrator.
