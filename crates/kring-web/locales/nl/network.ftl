# The network: organisations, venues, the open offer, sessions and the CSV import.
nav-network = Netwerk
network-subnav = Netwerk
network-title = Het netwerk
network-intro = Alle organisaties in de wijken zijn gelijk. Samen laten ze zien wat er te doen is.
network-organisations = Organisaties
network-venues = Plekken
network-offers = Aanbod
network-district = Wijk
network-all-districts = Alle wijken
network-theme = Thema
network-all-themes = Alle thema's
network-day = Dag
network-all-days = Alle dagen
network-organisation-new = Nieuwe organisatie
network-venue-new = Nieuwe plek
network-offer-new = Nieuwe activiteit
network-offer-edit = Activiteit wijzigen
network-edit = Wijzigen
network-delete = Verwijderen
network-import = Importeren (CSV)
network-none = Er is hier nog niets.
network-kind = Soort
network-districts = Wijken
network-website = Website
network-phone = Telefoon
network-partners = Partner-accounts
network-external-id = Eigen kenmerk (external_id)
network-description = Beschrijving
network-where = Waar
network-when = Wanneer
network-accessibility = Toegankelijkheid
network-online = Online
network-step-free = Zonder drempels
network-accessible-toilet = Aangepast toilet
network-hearing-loop = Ringleiding
network-online-url = Link naar de online ruimte
network-owner = Van organisatie
network-capacity = Aantal plaatsen
network-opening-hours = Openingstijden
network-address = Adres
network-city = Plaats
network-hourly-rate = Huur per uur (euro)
network-offers-count = { $count } activiteiten
network-offer-title = Naam van de activiteit
network-themes = Thema's
network-hosts = Organisaties die dit doen
network-hosts-required = Kies minstens één organisatie.
network-target-group = Voor wie
network-venue = Plek
network-no-venue = Geen vaste plek
network-languages = Talen
network-schedule = Wanneer is het?
network-first-date = Datum (eerste keer)
network-start = Begintijd
network-end = Eindtijd
network-end-after-start = De eindtijd moet na de begintijd liggen.
network-repeat = Hoe vaak?
network-repeat-none = Eén keer
network-repeat-weekly = Elke week
network-repeat-fortnightly = Om de week
network-repeat-monthly = Elke maand op dezelfde weekdag (bijvoorbeeld de eerste maandag)
network-repeat-custom = Eigen regel (RRULE)
network-until = Tot en met (laatste datum)
network-rrule = Eigen herhaalregel (RRULE)
network-rrule-help = Alleen bij "Eigen regel". Bijvoorbeeld FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630. De regel moet eindigen.
network-exceptions = Dagen dat het niet doorgaat
network-exceptions-help = Eén datum per regel, zoals 2026-12-24. Een vakantie als 2026-12-21..2027-01-03.
network-cost = Kosten per keer (euro; leeg is gratis)
network-free = Gratis
network-places-taken = Plaatsen bezet
network-places-free = Plaatsen vrij
network-contact = Contact of aanmelden
network-walk-in = Aanmelden
network-walk-in-yes = U kunt gewoon binnenlopen
network-walk-in-no = Eerst aanmelden
network-upcoming = Komende bijeenkomsten
network-past = Geweest
network-session-status = Gaat het door?
network-session-scheduled = Gaat door
network-session-cancelled = Gaat niet door
network-session-moved = Verplaatst naar
network-session-date = Nieuwe datum
network-session-note = Bericht voor bezoekers
network-attendance = Aantal aanwezigen
network-attendance-recorded = { $count } aanwezig
network-too-long = Dit is te lang.
network-import-help = Importeer organisaties, daarna plekken, daarna aanbod. Rijen verwijzen naar elkaar met external_id. Is er één fout, dan wordt niets geïmporteerd.
network-import-kind = Wat staat er in het bestand?
network-import-kind-missing = Kies wat er in het bestand staat.
network-imported = Geïmporteerd: { $created } nieuw, { $updated } bijgewerkt.

## Geweigerde velden van organisaties, plekken en activiteiten (kring_core::network), en van
## de netwerkvragen aan de API.
problem-organisation-website-invalid = Een webadres begint met https://.
problem-venue-online-url-invalid = Een webadres begint met https://.
problem-organisation-external-id-invalid = Een external_id heeft hoogstens { $max } tekens: letters, cijfers en - _ . : /.
problem-venue-external-id-invalid = Een external_id heeft hoogstens { $max } tekens: letters, cijfers en - _ . : /.
problem-offer-external-id-invalid = Een external_id heeft hoogstens { $max } tekens: letters, cijfers en - _ . : /.
problem-organisation-kind-unknown = Kring kent de soort '{ $value }' niet; kies uit de lijst.
problem-venue-kind-unknown = Kring kent de soort '{ $value }' niet; kies uit de lijst.
problem-venue-postcode-required = Vul de postcode in (alleen een online ruimte heeft er geen).
problem-venue-capacity-invalid = Vul een heel getal in.
problem-venue-hourly-rate-invalid = Vul een bedrag in euro's in, zoals 2,50.
problem-offer-cost-invalid = Vul een bedrag in euro's in, zoals 2,50.
problem-offer-capacity-invalid = Vul een heel getal in.
problem-offer-places-taken-invalid = Vul een heel getal in.
problem-offer-places-taken-out-of-range = Meer bezette plaatsen dan de capaciteit ({ $max }).
problem-offer-themes-unknown = Kring kent het thema '{ $value }' niet.
problem-offer-languages-unknown = '{ $value }' is geen taalcode (ISO 639-1, twee letters zoals nl, ar of ti).
problem-offer-first-date-required = Vul de (eerste) datum in.
problem-offer-repeat-unknown = Kies hoe vaak het terugkomt.
problem-offer-rrule-required = Vul de herhaalregel (RRULE) in.
problem-offer-until-required = Vul in tot wanneer het terugkomt.
problem-offer-until-before-start = De laatste datum ligt voor de eerste ({ $start }).
problem-offer-until-invalid = { $reason ->
    [no_sessions] Deze herhaling levert geen enkele bijeenkomst op.
    [too_long] Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op { $limit } eindigen.
   *[other] Vul de laatste datum in als JJJJ-MM-DD.
}
problem-offer-rrule-invalid = { $reason ->
    [no_sessions] Deze herhaling levert geen enkele bijeenkomst op.
    [too_long] Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op { $limit } eindigen.
   *[other] Dit is geen geldige herhaalregel, zoals FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630.
}
problem-offer-exceptions-invalid = { $reason ->
    [no_sessions] Met deze uitzonderingen blijft er geen enkele bijeenkomst over.
   *[other] Schrijf uitzonderingsdagen als JJJJ-MM-DD, of een periode als 2026-12-21..2027-01-03.
}
problem-offer-exceptions-not-after-start = In '{ $value }' ligt het einde voor het begin.
problem-organisation-ids-required = Kies minstens één organisatie.
problem-organisation-ids-unknown = Organisatie { $value } bestaat niet.
problem-venue-id-unknown = Plek { $value } bestaat niet.
problem-theme-closed = Thema { $value } is niet meer in gebruik.
problem-day-invalid = Geef een weekdag, zoals do, TH of donderdag.
problem-theme-unknown = Kring kent het thema { $value } niet.
problem-organisation-unknown = Er is geen organisatie met external_id '{ $value }'.
problem-organisations-unknown = Er is geen organisatie met external_id '{ $value }'.
problem-venue-unknown = Er is geen plek met external_id '{ $value }'.
