# The second factor (TOTP): the login's second step, enrolment on /account, the admin's view.

login-code-title = Enter your code
login-code-intro = Your password is right. Now enter the code from your authenticator app.
login-code = Code
login-code-hint = The six digits from the app, or one of your recovery codes if you do not have your phone at hand.
login-code-submit = Log in
login-code-back = Start again
login-code-wrong = This code is not right. Enter the code the app shows now.
login-code-reused = This code has been used already. Wait for the next code in the app.

totp-title = Second factor
totp-intro = You now log in with a password only. With a second factor Kring also asks, after the password, for a code from an authenticator app on your phone.
totp-start = Set up a second factor
totp-required = Your municipality requires a second factor for your role. Set it up first; then you can go on in Kring.
totp-scan = Scan this QR code with your authenticator app (for instance Microsoft's, Google's or FreeOTP).
totp-qr-title = QR code to add Kring to your authenticator app
totp-type-secret = Cannot scan? Type this key into the app:
totp-code = Code from the app
totp-code-hint = Six digits.
totp-confirm = Confirm
totp-not-changed = The second factor was not changed:
totp-enrolled = The second factor is on.
totp-recovery-intro = Keep these recovery codes in a safe place. Each code works once, if you lose your phone. You see them only now.
totp-on = The second factor is on.
totp-codes-left = { $count ->
    [one] You have 1 recovery code left.
   *[other] You have { $count } recovery codes left.
}
totp-off-title = Switch the second factor off
totp-off-intro = Enter your password and a code from the app to switch the second factor off. Your recovery codes lapse as well.
totp-off-submit = Switch the second factor off
totp-disabled = The second factor is off.

problem-totp-code-required = Enter the code from the app.
problem-totp-code-invalid = This code is not right. Enter the code the app shows now.
problem-totp-current-password-required = Enter your password.
problem-totp-current-password-invalid = This is not your password.

account-totp = Second factor
account-totp-on = On
account-totp-off = Off
account-totp-reset-intro = Are the phone with the app and the recovery codes both lost? Then reset the second factor; the owner sets it up again.
account-totp-reset = Reset second factor
account-history-totp-enrolled = second factor set up
account-history-totp-disabled = second factor switched off
account-history-totp-reset = second factor reset
account-history-provider = the organisation's identity provider

settings-second-factor-title = Second factor
settings-second-factor-intro = Require a second factor (a code from an authenticator app) of the roles that see personal data (below). Whoever has no second factor yet must set it up first after logging in. API tokens are a credential of their own and are not affected.
settings-second-factor-required = Second factor required for roles that see personal data

audit-record-kind-account-totp = Second factor of an account
audit-record-kind-account-recovery-code = Recovery code used
audit-record-kind-second-factor-setting = Second factor setting
