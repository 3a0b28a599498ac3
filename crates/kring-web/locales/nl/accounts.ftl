# Own password (/account).
password-title = Wachtwoord wijzigen
password-current = Huidig wachtwoord
password-new = Nieuw wachtwoord
password-again = Nieuw wachtwoord nog een keer
password-rule = Minstens { $min } tekens. Een zin van een paar woorden is lang genoeg en goed te onthouden.
password-submit = Wachtwoord wijzigen
password-changed = Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.
password-not-changed = Uw wachtwoord is niet gewijzigd. Wachtwoorden vullen we niet opnieuw voor u in; typ ze opnieuw.
problem-password-current-password-required = Vul uw huidige wachtwoord in.
problem-password-current-password-invalid = Dit is niet uw huidige wachtwoord.
problem-password-new-password-required = Vul een nieuw wachtwoord in.
problem-password-new-password-too-short = Het nieuwe wachtwoord is te kort: minstens { $min } tekens.
problem-password-new-password-too-long = Het nieuwe wachtwoord is te lang: hoogstens { $max } tekens.
problem-password-new-password-again-required = Vul het nieuwe wachtwoord nog een keer in.
problem-password-new-password-again-invalid = De twee nieuwe wachtwoorden zijn niet gelijk.

# Sessions (/account and an account's admin page).
sessions-title = Ingelogd
sessions-intro = Hier bent u nu ingelogd. Herkent u er een niet, beëindig die dan en wijzig uw wachtwoord.
sessions-none = Geen actieve sessies.
sessions-browser = Browser
sessions-created = Ingelogd op
sessions-last-seen = Laatst actief
sessions-this-one = deze sessie
sessions-end = Beëindigen
sessions-unknown-browser = Onbekende browser

# An account's admin page (/beheer/accounts/{id}).
accounts-deactivated = Uitgezet
accounts-locked-until = Tijdelijk op slot tot { $time }
account-own-note = Dit is uw eigen account. Rol, wijken en uitzetten van uw eigen account regelt een andere beheerder; uw wachtwoord wijzigt u op uw accountpagina.
account-not-own = Uw eigen account kunt u hier niet uitzetten of wijzigen; dat doet een andere beheerder.
account-access-title = Toegang
account-deactivate-intro = Een uitgezet account kan nergens meer inloggen: de sessies en API-tokens stoppen meteen.
account-deactivate = Account uitzetten
account-reactivate = Account weer aanzetten
account-reset-intro = Vergeten wachtwoord? Maak een herstellink. De link werkt één keer en 24 uur lang; u ziet hem alleen nu. Geef hem zelf door aan de eigenaar.
account-reset-make = Herstellink maken
account-reset-link-made = Herstellink voor { $email } (één keer te gebruiken, 24 uur geldig; wordt niet nog eens getoond):
account-role-title = Rol en wijken
account-role-save = Rol en wijken opslaan
account-end-all = Alle sessies en tokens beëindigen
account-history-title = Geschiedenis
account-history-none = Nog niets veranderd.
account-history-self = de eigenaar
account-history-role = rol { $role }, wijken: { $districts }
account-history-deactivated = uitgezet
account-history-reactivated = weer aangezet
account-history-reset-link-issued = herstellink gemaakt
account-history-password-reset = nieuw wachtwoord via herstellink
account-history-unlocked = slot opgeheven
account-history-sessions-ended = alle sessies en tokens beëindigd

# A reset link (/wachtwoord-herstellen/{token}).
reset-title = Nieuw wachtwoord instellen
reset-intro = Kies een nieuw wachtwoord voor uw account. Daarna logt u ermee in; op andere apparaten bent u dan uitgelogd.
reset-submit = Wachtwoord instellen
reset-done = Uw nieuwe wachtwoord is ingesteld. U kunt er nu mee inloggen.
reset-unknown = Deze herstellink bestaat niet (meer). Misschien is er een nieuwere gemaakt. Vraag de beheerder om een nieuwe link.
reset-used = Deze herstellink is al gebruikt; een link werkt maar één keer. Vraag de beheerder om een nieuwe link als u uw wachtwoord niet weet.
reset-expired = Deze herstellink is verlopen; een link werkt 24 uur. Vraag de beheerder om een nieuwe link.
account-reset-link-mailed = De herstellink is gemaild naar { $email } (één keer te gebruiken, 24 uur geldig). Kring toont hem niet.
account-reset-mail-failed = Mailen lukte niet (zie het log van de server); geef de link hieronder zelf door.
account-reset-mail-subject = Kring: stel een nieuw wachtwoord in
account-reset-mail-body = De beheerder van Kring heeft een link gemaakt waarmee u een nieuw wachtwoord instelt. De link werkt één keer en is 24 uur geldig. Verwachtte u deze mail niet, meld het dan bij de beheerder.
