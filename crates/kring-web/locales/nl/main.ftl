# Kring, Nederlands (standaardtaal). Eenvoudige taal (B1).
skip-link = Naar de inhoud
nav-label = Hoofdmenu
nav-menu = Menu
nav-home = Start
nav-areas = Gebieden
nav-accounts = Accounts
nav-audit = Auditlog
nav-settings = Instellingen
nav-districts = Mijn wijken
nav-account = Mijn account
lang-switch = English
logout = Uitloggen
login-link = Inloggen
footer-privacy = Privacyverklaring
search-label = Zoeken
search-placeholder = Kenmerk, naam, telefoon of postcode
role-admin = Beheerder
role-professional = Professional
role-coordinator = Netwerkcoördinator
role-partner = Partner
role-guide = Begeleider
role-analyst = Beleidsmedewerker

error-title = Dat lukt niet
error-home = Terug naar de startpagina
error-forbidden = U heeft geen toegang tot deze pagina. Dit is vastgelegd.
error-not-found = Deze pagina bestaat niet.
error-too-many = Te veel pogingen. Wacht een paar minuten en probeer het opnieuw.
error-conflict = Dit kan niet, omdat het botst met gegevens die er al zijn.
error-internal = Er ging iets mis bij ons. We hebben het vastgelegd.
error-unavailable = De database is nu niet te gebruiken. Probeer het over een ogenblik opnieuw.

login-title = Inloggen
login-email = E-mailadres
login-password = Wachtwoord
login-submit = Inloggen
login-failed = Het e-mailadres of wachtwoord klopt niet.
login-locked-until = Dit account is tijdelijk op slot na te veel mislukte pogingen. Probeer het na { $time } opnieuw, of vraag de beheerder het te openen.
login-deactivated = Dit account is uitgezet. Vraag de beheerder om het weer aan te zetten.
login-too-many = Te veel mislukte pogingen vanaf dit adres. Wacht een paar minuten.
login-demo-title = Demo-accounts
login-demo-intro = Dit is een demo. Met deze accounts kunt u Kring bekijken vanuit elke rol.
col-role = Rol
col-name = Naam
col-code = Code
col-neighbourhood = Buurt
col-postcodes = Postcodes
col-postcode = Postcode
col-scope = Wijken of organisatie
col-status = Status
col-action = Actie

home-title = Kring
home-intro = Kring helpt de gemeente, wijkteams en organisaties in de wijk om hulpvragen samen op te pakken. Vragen die bij elkaar passen, worden een groep in de buurt.
home-welcome = Welkom, { $name }
home-staff-login = Inloggen voor medewerkers
home-role-admin = U beheert de gebieden, accounts en instellingen van de gemeente.
home-role-professional = U werkt in de wijken die aan u zijn toegewezen.
home-role-coordinator = U verbindt het netwerk van organisaties in de wijken.
home-role-partner = U werkt voor een organisatie in het netwerk.
home-role-guide = U begeleidt een of meer collectieven: hun bijeenkomsten, aanwezigheid en hulpbord.
home-role-analyst = U ziet cijfers van de gemeente, nooit gegevens van personen.

districts-title = Mijn wijken
districts-intro = Dit zijn de wijken waarin u werkt.
districts-none = Er zijn nog geen wijken aan u toegewezen.
district-code = Wijkcode
district-neighbourhoods = Buurten

areas-title = Gebieden
areas-list = Wijken, buurten en postcodes
areas-empty = Er zijn nog geen gebieden. Importeer een bestand hieronder.
areas-import-title = Gebieden importeren (CSV)
areas-import-help = Eén regel per postcode (4 cijfers) met de kolommen municipality_code, municipality_name, district_code, district_name, neighbourhood_code, neighbourhood_name, postcode, x, y. x en y in Rijksdriehoek-meters. Komma of puntkomma. Bevat het bestand fouten, dan wordt niets geïmporteerd.
areas-import-failed = Er is niets geïmporteerd. Verbeter deze regels en probeer het opnieuw:
areas-imported = Geïmporteerd: { $districts } wijken, { $neighbourhoods } buurten, { $postcodes } postcodes.
areas-file = CSV-bestand
areas-file-missing = Kies een bestand.
upload-too-large = Het bestand is groter dan { $mb } MB. Er is niets geïmporteerd. Splits het bestand in delen en importeer die na elkaar.
upload-unreadable = Het bestand kon niet worden gelezen. Er is niets geïmporteerd. Kies het bestand opnieuw en probeer het nog een keer.
areas-year = Jaar van de CBS-codes
areas-year-invalid = Vul een jaar in tussen 1990 en 2100.
areas-import-submit = Importeren
areas-postcode-title = Eén postcode toevoegen of verplaatsen
areas-x = x (meters)
areas-y = y (meters)
saved = Opgeslagen.
save = Opslaan
choose = Maak een keuze
filter = Filteren
form-has-errors = Niet alles is goed ingevuld. Kijk bij de velden hieronder.

accounts-title = Accounts
accounts-new = Nieuw account
accounts-create = Account maken
accounts-created = Account { $email } is gemaakt. Geef dit wachtwoord veilig door; het wordt maar één keer getoond:
accounts-districts = Wijken (voor professionals)
accounts-all-districts = Alle wijken
accounts-organisation = Organisatie (voor partners)
accounts-no-organisation = Geen organisatie
accounts-locked = Op slot
accounts-unlock = Openen
accounts-active = Actief

audit-title = Auditlog
audit-intro = Wie welke persoonsgegevens heeft bekeken of gewijzigd, wanneer en via welke weg.
audit-account = Account
audit-everyone = Iedereen
audit-record-type = Soort gegeven
audit-record-id = Nummer of code
audit-from = Vanaf
audit-until = Tot en met
audit-count = { $count } regels (nieuwste eerst)
audit-when = Wanneer
audit-action = Handeling
audit-record = Gegeven
audit-route = Weg
audit-outcome = Uitkomst

settings-title = Instellingen
settings-municipality-name = Naam van de gemeente
settings-theme-class = Themaklasse (NL Design System)
settings-theme-stylesheet = Eigen stylesheet met design tokens (adres)
settings-logo = Logo (adres)
settings-privacy = Privacyverklaring (adres)
settings-resident-phone = Telefoonnummer voor bewoners (bij hun vraag)

account-title = Mijn account
tokens-title = API-tokens
tokens-intro = Met een token kan een programma de API gebruiken namens u. Behandel het als een wachtwoord.
tokens-name = Naam van het token
tokens-name-required = Geef het token een naam.
tokens-create = Token maken
tokens-created = Uw nieuwe token. Kopieer het nu; het wordt maar één keer getoond:
tokens-created-at = Gemaakt
tokens-revoke = Intrekken

areas-add-title = Wijk of buurt toevoegen
areas-add-help = Een wijkcode (WK…) komt in de gemeente met hetzelfde nummer, een buurtcode (BU…) in de wijk waarvan de code erin staat. Beide voor het gekozen jaar.
areas-add-submit = Toevoegen
error-too-large = Wat u stuurde is te groot. Maak het kleiner en probeer het opnieuw.

## Refused fields (kring_core::problem): problem-{code}; problem-{field}-{code} for a field of its own;
## problem-{form}-{field}-{code} for a field that means something else in another form.
problem-required = Vul dit in.
problem-too-short = Te kort: minstens { $min } tekens.
problem-too-long = Te lang: hoogstens { $max } tekens.
problem-invalid = Dit klopt niet; controleer wat er staat.
problem-unknown = Dit kent Kring niet; kies uit de lijst.
problem-out-of-range = Kies een getal van { $min } tot en met { $max }.
problem-in-the-future = Deze datum ligt in de toekomst.
problem-not-in-municipality = Postcode { $postcode } ligt niet in een wijk van deze gemeente; controleer de postcode.
problem-other-district = Dit hoort bij een wijk waarin u niet werkt.
problem-contact-required = Vul een telefoonnummer of een e-mailadres in.
problem-duplicate = { $value } staat ook op regel { $line }.
problem-invalid-body = Dit is geen geldig JSON-object: { $detail }
problem-invalid-type = Verkeerde waarde: { $detail }
problem-postcode-required = Vul een postcode in.
problem-postcode-invalid = Een postcode is 4 cijfers, eventueel met 2 letters (zoals 9901 AB).
problem-house-number-invalid = Een huisnummer begint met een cijfer.
problem-phone-invalid = Dit is geen geldig telefoonnummer.
problem-email-invalid = Dit is geen geldig e-mailadres.
problem-urgency-invalid = Kies laag, normaal of hoog.
problem-consent-given-on-invalid = Vul de datum van de toestemming in als JJJJ-MM-DD.
problem-consent-given-on-in-the-future = De datum van de toestemming ligt in de toekomst.
problem-consent-scope-invalid = Kies intern of openbaar.
problem-consent-person-required = Vul in wie toestemming gaf.
problem-story-title-required = Geef het verhaal een titel.
problem-signal-name-required = Vul de naam in, of beschrijf de persoon als u de naam niet weet.
problem-signal-description-required = Beschrijf in een paar woorden wat u is opgevallen.
problem-categories-required = Kies minstens één categorie.
problem-categories-unknown = Kies alleen categorieën uit de lijst (niet '{ $value }').
problem-resident-informed-invalid = Geef aan of de inwoner weet van dit signaal: ja, nee of onbekend.
problem-themes-required = Kies minstens één thema.
import-cell-error = regel { $line }, kolom { $column }: { $message }
import-line-error = regel { $line }: { $message }
problem-not-after-start = Het einde ligt niet na het begin.
problem-unknown-field = Dit veld kent Kring niet.
problem-not-yet-happened = Dit heeft nog niet plaatsgevonden.
problem-cancelled = Deze bijeenkomst ging niet door.
problem-taken = Dit is al bezet.
problem-not-part-of = Dit hoort hier niet bij.
problem-closed = Dit is afgesloten: dit kan niet meer.
problem-below-current = Er zijn er nu al { $count }; kies minstens zoveel.
problem-before-start = Dit ligt voor de startdatum ({ $start }).
problem-not-allowed = Deze stap kan nu niet.
problem-negative = Dit kan niet onder nul.
problem-wrong-role = Dit account kan dit niet doen met zijn rol.

# A fault of an uploaded CSV file itself, or of an areas file's cell (the `csv` form).
problem-csv-file-required = Het bestand is leeg; de eerste regel moet de kolomnamen bevatten.
problem-csv-file-invalid = Het bestand is geen tekst (het bevat nul-bytes); sla het op als CSV UTF-8.
problem-csv-encoding-invalid = Het bestand is UTF-16; sla het op als CSV UTF-8 (met komma's of puntkomma's).
problem-csv-header-invalid = De kolomnamen zijn onleesbaar: { $detail }
problem-csv-header-unknown-field = Onbekende kolom '{ $column }'; toegestaan zijn { $known }.
problem-csv-header-duplicate = Kolom '{ $column }' staat twee keer in de kopregel.
problem-csv-header-required = { $count ->
    [one] Deze kolom ontbreekt
   *[other] Deze kolommen ontbreken
}: { $columns }.
problem-csv-cells-invalid = { $count ->
    [one] 1 kolom
   *[other] { $count } kolommen
}, maar de kopregel heeft er { $expected }.
problem-csv-row-invalid = Deze regel is onleesbaar: { $detail }
problem-csv-quote-invalid = Een aanhalingsteken (") wordt hier geopend maar nergens gesloten.
problem-csv-rows-required = Het bestand bevat geen regels onder de kolomnamen.
problem-csv-municipality-code-invalid = Een gemeentecode is GM en 4 cijfers (zoals GM0363), niet '{ $value }'.
problem-csv-district-code-invalid = Een wijkcode is WK en 6 tekens (zoals WK036300), niet '{ $value }'.
problem-csv-neighbourhood-code-invalid = Een buurtcode is BU en 8 tekens (zoals BU03630001), niet '{ $value }'.
problem-csv-neighbourhood-code-not-part-of = Buurtcode { $value } ligt niet in wijk { $district }.
problem-csv-district-code-not-part-of = Wijkcode { $value } hoort niet bij gemeente { $municipality }.
problem-csv-postcode-invalid = Een postcode is 4 cijfers (zoals 9901), niet '{ $value }'.
problem-csv-postcode-too-long = Alleen de 4 cijfers van de postcode (PC4), niet { $value }.
problem-csv-x-invalid = '{ $value }' is geen getal.
problem-csv-y-invalid = '{ $value }' is geen getal.
problem-csv-x-out-of-range = Coördinaat x={ $value } ligt niet in Nederland (Rijksdriehoek, meters).
problem-csv-y-out-of-range = Coördinaat y={ $value } ligt niet in Nederland (Rijksdriehoek, meters).
problem-csv-municipality-name-taken = { $code } heet eerder in het bestand '{ $first }', hier '{ $value }'.
problem-csv-district-name-taken = { $code } heet eerder in het bestand '{ $first }', hier '{ $value }'.
problem-csv-neighbourhood-name-taken = { $code } heet eerder in het bestand '{ $first }', hier '{ $value }'.
problem-question-external-id-taken = Er is al een vraag met external_id { $value }.

# A change refused by a conflict (`StoreError::Conflict`, `conflict-{name}`: a unique or
# foreign key, or a change by someone else).
conflict-account-email-key = Er is al een account met dit e-mailadres.
conflict-organisation-name-key = Er is al een organisatie met deze naam.
conflict-district-code-year-key = Er is al een wijk met deze code in dit jaar.
conflict-neighbourhood-code-year-key = Er is al een buurt met deze code in dit jaar.
conflict-municipality-code-year-key = Er is al een gemeente met deze code in dit jaar.
conflict-postcode-postcode-key = Deze postcode is al gekoppeld aan een buurt.
conflict-theme-code-key = Er is al een thema met deze code.
conflict-question-external-id-key = Er is al een vraag met dit externe kenmerk (external_id).
conflict-question-form-token-key = Dit formulier is al verstuurd.
conflict-question-theme-theme-fkey = Dit thema bestaat niet.
conflict-account-organisation-fkey = Deze organisatie bestaat niet.
conflict-account-district-district-fkey = Deze wijk bestaat niet.
conflict-neighbourhood-district-fkey = Deze wijk bestaat niet of heeft nog buurten.
conflict-postcode-neighbourhood-fkey = Deze buurt bestaat niet of heeft nog postcodes.
conflict-district-municipality-fkey = Deze gemeente bestaat niet of heeft nog wijken.
conflict-organisation-external-id-key = Er is al een organisatie met deze external_id.
conflict-venue-external-id-key = Er is al een plek met deze external_id.
conflict-venue-name-key = Er is al een plek met deze naam.
conflict-offer-external-id-key = Er is al een activiteit met deze external_id.
conflict-organisation-district-district-fkey = Deze wijk bestaat niet.
conflict-venue-organisation-fkey = Deze organisatie bestaat niet.
conflict-offer-venue-fkey = Deze plek bestaat niet of wordt nog gebruikt door activiteiten.
conflict-offer-organisation-organisation-fkey = Deze organisatie bestaat niet of organiseert nog activiteiten.
conflict-offer-theme-theme-fkey = Onbekend thema.
conflict-collective-name-key = Er is al een collectief met deze naam.
conflict-collective-member-open-key = Deze bewoner is al lid van dit collectief.
conflict-collective-theme-theme-fkey = Onbekend thema.
conflict-collective-session-date-key = Op deze dag is al een bijeenkomst.
conflict-foreign-key = Dit hangt samen met andere gegevens.
conflict-organisation-in-use = Deze organisatie heeft nog accounts of activiteiten.
conflict-venue-in-use = Op deze plek zijn nog activiteiten.
conflict-question-status-changed = De status is intussen door iemand anders veranderd; laad de vraag opnieuw.
conflict-signal-status-changed = De status is intussen door iemand anders veranderd; laad het signaal opnieuw.
conflict-collective-status-changed = De status is intussen door iemand anders veranderd; laad de pagina opnieuw.
conflict-proposal-decided = Over dit voorstel is al besloten; laad de pagina opnieuw.
conflict-proposal-expired = Dit voorstel is verlopen: er is niet op tijd over besloten, dus staan de vragen weer open. Bundel opnieuw.
conflict-proposal-not-a-new-group = Dit voorstel is geen nieuwe groep; neem het aan zonder een collectief te starten.
conflict-bundled-question-changed = Een toegevoegde vraag is intussen veranderd; probeer het opnieuw.
conflict-bundling-questions-changed = Een van deze vragen is intussen veranderd of al voorgesteld; start de bundeling opnieuw.
conflict-help-request-status-changed = De status van de hulpvraag is intussen veranderd; probeer het opnieuw.
conflict-last-active-admin = Dit is de laatste actieve beheerder. Maak eerst een ander account beheerder; anders kan niemand accounts meer beheren.
conflict-resident-erased = De persoonsgegevens van deze inwoner zijn gewist; ze kunnen niet opnieuw worden ingevuld.
conflict-other = Dit botst met andere gegevens.
