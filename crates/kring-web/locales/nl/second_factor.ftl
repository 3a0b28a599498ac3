# The second factor (TOTP): the login's second step, enrolment on /account, the admin's view.

login-code-title = Code invullen
login-code-intro = Uw wachtwoord klopt. Vul nu de code uit uw authenticator-app in.
login-code = Code
login-code-hint = De zes cijfers uit de app, of een van uw herstelcodes als u uw telefoon niet bij de hand hebt.
login-code-submit = Inloggen
login-code-back = Opnieuw beginnen
login-code-wrong = Deze code klopt niet. Vul de code in die de app nu laat zien.
login-code-reused = Deze code is al gebruikt. Wacht op de volgende code in de app.

totp-title = Tweede factor
totp-intro = U logt nu in met alleen een wachtwoord. Met een tweede factor vraagt Kring na het wachtwoord ook een code uit een authenticator-app op uw telefoon.
totp-start = Tweede factor instellen
totp-required = Uw gemeente vraagt een tweede factor voor uw rol. Stel die eerst in; daarna kunt u verder in Kring.
totp-scan = Scan deze QR-code met uw authenticator-app (bijvoorbeeld de app van Microsoft, Google of FreeOTP).
totp-qr-title = QR-code om Kring aan uw authenticator-app toe te voegen
totp-type-secret = Kunt u niet scannen? Typ dan deze sleutel in de app:
totp-code = Code uit de app
totp-code-hint = Zes cijfers.
totp-confirm = Bevestigen
totp-not-changed = De tweede factor is niet gewijzigd:
totp-enrolled = De tweede factor staat aan.
totp-recovery-intro = Bewaar deze herstelcodes op een veilige plek. Elke code werkt één keer, als u uw telefoon kwijt bent. U ziet ze alleen nu.
totp-on = De tweede factor staat aan.
totp-codes-left = { $count ->
    [one] U hebt nog 1 herstelcode.
   *[other] U hebt nog { $count } herstelcodes.
}
totp-off-title = Tweede factor uitzetten
totp-off-intro = Vul uw wachtwoord en een code uit de app in om de tweede factor uit te zetten. Uw herstelcodes vervallen dan ook.
totp-off-submit = Tweede factor uitzetten
totp-disabled = De tweede factor staat uit.

problem-totp-code-required = Vul de code uit de app in.
problem-totp-code-invalid = Deze code klopt niet. Vul de code in die de app nu laat zien.
problem-totp-current-password-required = Vul uw wachtwoord in.
problem-totp-current-password-invalid = Dit is niet uw wachtwoord.

account-totp = Tweede factor
account-totp-on = Aan
account-totp-off = Uit
account-totp-reset-intro = Is de telefoon met de app kwijt, en de herstelcodes ook? Zet de tweede factor dan terug; de eigenaar stelt hem opnieuw in.
account-totp-reset = Tweede factor terugzetten
account-history-totp-enrolled = tweede factor ingesteld
account-history-totp-disabled = tweede factor uitgezet
account-history-totp-reset = tweede factor teruggezet
account-history-provider = de identiteitsprovider van de organisatie

settings-second-factor-title = Tweede factor
settings-second-factor-intro = Verplicht een tweede factor (een code uit een authenticator-app) voor de rollen die persoonsgegevens zien (hieronder). Wie nog geen tweede factor heeft, moet die na het inloggen eerst instellen. API-sleutels zijn een eigen sleutel en vallen hier buiten.
settings-second-factor-required = Tweede factor verplicht voor rollen die persoonsgegevens zien

audit-record-kind-account-totp = Tweede factor van account
audit-record-kind-account-recovery-code = Herstelcode gebruikt
audit-record-kind-second-factor-setting = Instelling tweede factor
