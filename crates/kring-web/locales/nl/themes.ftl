nav-themes = Thema's
themes-title = Thema's
themes-intro = Vragen, aanbod en collectieven krijgen een of meer thema's. Een code verandert nooit; een thema dat niet meer gebruikt wordt zet u uit, dan blijft het op oude gegevens staan.
themes-code = Code (kleine letters en streepjes)
themes-label-nl = Naam in het Nederlands
themes-label-en = Naam in het Engels
themes-position = Volgorde
themes-active = In gebruik voor nieuwe vragen en aanbod
themes-retired = niet meer in gebruik
themes-new = Nieuw thema
themes-add = Thema toevoegen
themes-group-language = Voertaal van groepen
themes-group-language-hint = Groepen over dit thema spreken deze taal, welke talen de deelnemers thuis ook spreken (zoals Nederlands bij taal leren). Kies "Geen" als deelnemers een eigen taal moeten delen.
themes-group-language-none = Geen: deelnemers delen een eigen taal

# De problemen van de beheerformulieren (`problem-{form}-{field}-{code}`).
problem-account-email-required = Vul een e-mailadres in.
problem-account-email-taken = Er is al een account met dit e-mailadres.
problem-account-display-name-required = Vul een naam in.
problem-account-role-required = Kies een rol.
problem-account-role-unknown = Kies een van de rollen uit de lijst.
problem-account-districts-required = Een professional heeft minstens één wijk nodig (of alle wijken).
problem-account-organisation-id-required = Een partner hoort bij een organisatie; kies er een.
problem-account-organisation-id-wrong-role = Alleen partners horen bij een organisatie; kies geen organisatie.
problem-area-code-required = Vul een code in (WK… voor een wijk, BU… voor een buurt).
problem-area-code-invalid = Een code is WK en 6 tekens (een wijk, zoals WK036300) of BU en 8 tekens (een buurt, zoals BU03630001).
problem-area-code-unknown = { $parent ->
    [municipality] Er is voor dit jaar geen gemeente met het nummer in deze wijkcode. Importeer eerst een gebiedenbestand.
   *[district] Wijk { $district } bestaat niet in dit jaar. Voeg eerst die wijk toe.
}
problem-area-code-taken = Er is al een wijk of buurt met deze code in dit jaar.
problem-area-name-required = Vul een naam in.
problem-area-neighbourhood-id-required = Kies een buurt.
problem-area-x-required = Vul x en y in (Rijksdriehoek-meters).
problem-area-x-out-of-range = Dit punt ligt niet in Nederland (Rijksdriehoek-meters).
problem-settings-municipality-name-required = Vul de naam van de gemeente in.
problem-settings-theme-class-invalid = Gebruik alleen letters, cijfers, - en _.
-url-invalid = Gebruik een adres dat begint met https:// of met /.
problem-settings-theme-stylesheet-url-invalid = { -url-invalid }
problem-settings-logo-url-invalid = { -url-invalid }
problem-settings-privacy-url-invalid = { -url-invalid }
problem-settings-resident-phone-invalid = Gebruik alleen cijfers, spaties, streepjes en haakjes, eventueel met + vooraan; hoogstens 30 tekens.
problem-settings-map-tile-url-invalid = Gebruik een adres dat begint met https:// en {"{"}z{"}"}, {"{"}x{"}"} en {"{"}y{"}"} bevat, of laat het veld leeg.
problem-settings-map-attribution-too-long = Gebruik hoogstens { $max } tekens.
problem-theme-code-required = Vul een code in.
problem-theme-code-invalid = Een code heeft 2 tot 40 kleine letters, cijfers en streepjes (zoals psychisch-welzijn).
problem-theme-code-taken = Er is al een thema met deze code.
problem-theme-label-nl-required = Vul een naam in.
problem-theme-label-en-required = Vul een naam in.
problem-theme-group-language-unknown = Kies een taal uit de lijst.
