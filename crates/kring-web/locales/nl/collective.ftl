# Collectives (zorgsociëteiten): staff pages, the guide's start page and the public card.
nav-collectives = Collectieven
nav-my-collectives = Mijn collectieven
collective-list-title = Collectieven
collective-list-intro = Een collectief is een vaste groep bewoners uit de wijk met een eigen naam. Ze komen op vaste tijden samen. Begeleiders en ervaringsdeskundigen helpen.
collective-new = Nieuw collectief
collective-edit = Collectief wijzigen
collective-all = Alle
collective-filter = Toon
collective-free-only = Alleen met vrije plekken
collective-none = Er zijn geen collectieven die hierbij passen.
collective-count = { $count ->
    [one] 1 collectief
   *[other] { $count } collectieven
}
collective-name = Naam
collective-name-hint = Een naam waar mensen graag bij horen, zoals De Luipaard. Hoogstens 80 tekens.
collective-motto = Motto
collective-motto-hint = Eén korte zin, hoogstens 120 tekens.
collective-colour = Kleur
collective-purpose = Doel
collective-themes = Thema's
collective-languages = Talen
collective-identity = Naam en wie jullie zijn
collective-place = Plek en tijden
collective-district = Wijk
collective-venue = Plek
collective-venue-hint = Kies een plek, vul een online ruimte in, of allebei.
collective-no-venue = Geen plek (alleen online)
collective-online-url = Online ruimte (webadres)
collective-online-url-hint = Bijvoorbeeld de link naar een videogesprek. Begint met https://.
collective-online = online
collective-online-room = Naar de online ruimte
collective-capacity = Hoeveel mensen kunnen er mee doen?
collective-walk-in = Inlooptijden
collective-save = Opslaan
collective-form-has-errors = Niet alles is goed ingevuld. Kijk naar de velden hieronder.
collective-status = Status
collective-where = Waar
collective-members = Leden
collective-free = Vrije plekken
collective-free-count = { $count ->
    [one] nog 1 plek vrij
   *[other] nog { $count } plekken vrij
}
collective-guides = Begeleiders
collective-peer-experts = Ervaringsdeskundigen
collective-feed = Inlooptijden in uw agenda (iCalendar)
collective-change-status = Status veranderen
collective-new-status = Nieuwe status
collective-status-reason = Waarom? (niet verplicht)
collective-ended-note = Dit collectief is gestopt. Er kan niemand meer bij.
collective-figures = De reis in cijfers
collective-members-ever = Ooit lid geweest
collective-average-stay = Gemiddeld lid
collective-median-stay = Mediaan lid
collective-days = dagen
collective-peer-experts-count = Ervaringsdeskundig geworden
collective-leave-reasons = Waarom mensen weggingen
collective-leave-reason = Reden
collective-number = Aantal
collective-per-month = Erbij en weg per maand
collective-month = Maand
collective-joins = Erbij
collective-leaves = Weg
collective-no-members = Nog geen leden.
collective-member-name = Naam
collective-role = Rol
collective-since = Lid sinds
collective-until = Lid tot
collective-actions = Doen
collective-make-peer-expert = Maak ervaringsdeskundige
collective-join-title = Iemand laten meedoen
collective-join-question = Hulpvraag
collective-join-question-hint = Kies een open hulpvraag uit deze wijk. De vraag krijgt dan de status 'in een collectief'.
collective-choose = Kies…
collective-join = Laat meedoen
collective-journey = De reis
collective-journey-empty = Nog niemand is erbij gekomen.
collective-event-joined = kwam erbij
collective-event-role = kreeg een andere rol
collective-event-left = ging weg
collective-sessions = Bijeenkomsten
collective-coming = Binnenkort
collective-coming-none = Er staan de komende dagen geen bijeenkomsten.
collective-past = Geweest
collective-past-none = Er zijn nog geen bijeenkomsten geweest.
collective-session-cancelled = gaat niet door
collective-history = Geschiedenis van de status
collective-leave-title = Vertrek
collective-leave-date = Laatste dag
collective-leave-save = Vertrek opslaan
collective-attendance = Wie is er?
collective-attendance-who = Vink aan wie er is
collective-attendance-save = Opslaan
collective-attendance-saved = Opgeslagen.
collective-attendance-later = Deze bijeenkomst is nog niet geweest. U kunt de aanwezigheid invullen op de dag zelf.
collective-attendance-summary = { $present } leden en { $guests } gasten
collective-guests = Gasten (geen lid)
collective-guests-hint = Mensen die zomaar binnenliepen.
collective-note = Korte notitie
collective-today = Vandaag
collective-today-none = Vandaag is er geen bijeenkomst van uw collectieven.
collective-check-attendance = Aanwezigheid invullen
collective-mine = Collectieven die ik begeleid
collective-mine-none = U begeleidt nog geen collectief.
public-collectives-title = Collectieven in de wijk
public-collectives-intro = Een collectief is een vaste groep buren. Je komt op vaste tijden samen, met begeleiders die je helpen.
public-collectives-none = Er is in deze wijk nu geen collectief.
public-collective-themes = Waarover
public-collective-when = Wanneer
public-collective-welcome = Kom gerust eens langs.
collective-goals = Doelen en metingen
collective-goals-none = Er zijn nog geen doelen.
collective-goal-for = Doel van
collective-goal-everyone = Het hele collectief
collective-goal-start = Start
collective-goal-target = Doel
collective-goal-progress = { $percent }% van het doel bereikt
collective-chart-label = Verloop van de metingen
collective-chart-legend = Blauwe lijn: de metingen. Groene streepjeslijn: het doel. Grijze stippellijn: de start.
collective-measurements = Metingen
collective-measured-on = Datum
collective-value = Waarde
collective-add-measurement = Meting toevoegen
collective-new-goal = Nieuw doel
collective-goal-title = Wat willen jullie bereiken?
collective-goal-who = Voor wie?
collective-goal-indicator = Wat meet u?
collective-goal-direction = Welke kant is beter?

# Geweigerde velden van een collectief en zijn leden, bijeenkomsten en aanwezigheid
# (problem-collective-{veld}-{code}, kring_core::problem); wat hier geen eigen zin heeft, zegt
# de zin van de code zelf (problem-{code}).
collective-status-from = { $from ->
    [proposed] voorgesteld
    [forming] in oprichting
    [active] actief
    [paused] gepauzeerd
   *[ended] gestopt
}
collective-status-to = { $to ->
    [proposed] voorgesteld
    [forming] in oprichting
    [active] actief
    [paused] gepauzeerd
   *[ended] gestopt
}
-collective-date-form = Een datum schrijft u als jjjj-mm-dd, zoals 2026-11-23.
-collective-time-form = Een tijd schrijft u als uu:mm, zoals 09:30.
collective-rrule-invalid = { $reason ->
    [empty] De herhaling is leeg; begin met FREQ=WEEKLY of FREQ=MONTHLY.
    [malformed_part] Het deel '{ $value }' van de herhaling heeft niet de vorm NAAM=WAARDE.
    [unknown_key] Kring kent het deel '{ $value }' van een herhaling niet; gebruik FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY of WKST.
    [duplicate_key] Het deel { $value } staat meer dan één keer in de herhaling.
    [missing_frequency] De herhaling mist FREQ; kies FREQ=WEEKLY (wekelijks) of FREQ=MONTHLY (maandelijks).
    [unsupported_frequency] Kring ondersteunt FREQ={ $value } niet; kies FREQ=WEEKLY (wekelijks) of FREQ=MONTHLY (maandelijks).
    [interval] INTERVAL moet een heel getal van 1 tot en met { $max_interval } zijn, niet '{ $value }'.
    [count] COUNT moet een heel getal van 1 tot en met { $max_count } zijn, niet '{ $value }'.
    [until] UNTIL moet een datum zijn (zoals 20270630) of een tijdstip in UTC (zoals 20270630T215959Z), niet '{ $value }'.
    [count_and_until] Gebruik COUNT of UNTIL, niet allebei.
    [no_end] Een herhaling heeft een einddatum of een aantal keer nodig.
    [by_day] BYDAY '{ $value }' is geen dag; gebruik MO, TU, WE, TH, FR, SA of SU, bij een maandelijkse herhaling met een volgnummer van 1 tot en met 5 of -1 tot en met -5, zoals 1MO of -1FR.
    [ordinal_in_weekly] Een wekelijkse herhaling heeft geen volgnummer in BYDAY; schrijf alleen de dag, niet '{ $value }'.
    [missing_ordinal] Een maandelijkse herhaling heeft in BYDAY een volgnummer nodig, zoals 1MO of -1FR, niet '{ $value }'.
    [by_month_day] BYMONTHDAY moet een dag van 1 tot en met 31 zijn, of -1 tot en met -31 geteld vanaf het eind van de maand, niet '{ $value }'.
    [by_month_day_in_weekly] BYMONTHDAY hoort niet bij een wekelijkse herhaling.
    [by_day_and_by_month_day] Gebruik BYDAY of BYMONTHDAY, niet allebei.
    [week_start] Kring laat weken op maandag beginnen; WKST={ $value } wordt niet ondersteund.
    [no_occurrences] Deze herhaling levert geen enkele bijeenkomst op.
    [too_long] Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op { $limit } eindigen.
    [date] { -collective-date-form }
   *[other] Deze herhaling kent Kring niet.
}
problem-collective-name-required = Geef het collectief een naam.
problem-collective-name-taken = Er is al een collectief dat { $value } heet.
problem-collective-name-invalid = { $reason ->
    [one_line] De naam moet op één regel passen.
   *[other] De naam bevat tekens die niet zijn toegestaan.
}
problem-collective-motto-invalid = { $reason ->
    [one_line] Het motto moet op één regel passen.
   *[other] Het motto bevat tekens die niet zijn toegestaan.
}
problem-collective-colour-required = Kies een kleur.
problem-collective-colour-unknown = Kies een kleur uit de lijst.
problem-collective-purpose-required = Beschrijf waar het collectief voor is.
problem-collective-themes-unknown = Kies alleen thema's uit de lijst (niet '{ $value }').
problem-collective-languages-unknown = '{ $value }' is geen taalcode (ISO 639-1, twee letters zoals nl, ar of ti).
problem-collective-district-required = Kies een wijk.
problem-collective-district-invalid = Een wijkcode is WK en 6 tekens (zoals WK036300), niet '{ $value }'.
problem-collective-district-unknown = Wijk { $value } bestaat niet.
problem-collective-venue-id-required = Kies een plek of vul een online ruimte in (of allebei).
problem-collective-venue-id-invalid = Kies een plek uit de lijst.
problem-collective-venue-id-unknown = Deze plek bestaat niet.
problem-collective-online-url-invalid = { $reason ->
    [url] Een webadres begint met https://.
   *[other] Dit webadres bevat tekens die niet zijn toegestaan.
}
problem-collective-capacity-required = Vul in hoeveel mensen er mee kunnen doen.
problem-collective-capacity-invalid = Vul een heel getal in, niet '{ $value }'.
problem-collective-capacity-below-current = Het collectief heeft plaats nodig voor minstens { $count } leden; maak de capaciteit minstens { $count }.
problem-collective-capacity-taken = Dit collectief is vol ({ $count } plaatsen); maak de capaciteit groter of kies een ander collectief.
problem-collective-first-date-required = Vul de (eerste) datum in.
problem-collective-first-date-invalid = { -collective-date-form }
problem-collective-start-required = Vul de begintijd in.
problem-collective-start-invalid = { -collective-time-form }
problem-collective-end-required = Vul de eindtijd in.
problem-collective-end-invalid = { -collective-time-form }
problem-collective-repeat-unknown = Kies hoe vaak het terugkomt.
problem-collective-until-required = Vul in tot wanneer het terugkomt.
problem-collective-until-invalid = { collective-rrule-invalid }
problem-collective-rrule-required = Vul de herhaalregel (RRULE) in.
problem-collective-rrule-invalid = { collective-rrule-invalid }
problem-collective-exceptions-invalid = { $reason ->
    [no_occurrences] Met deze uitzonderingsdagen blijft er geen enkele bijeenkomst over.
    [too_long] Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op { $limit } eindigen.
   *[other] '{ $value }' is geen datum of periode (zoals 2026-12-21..2027-01-03).
}
problem-collective-exceptions-out-of-range = Hoogstens { $max } uitzonderingsdagen.
problem-collective-guides-unknown = Dit account bestaat niet.
problem-collective-guides-wrong-role = { $value } kan geen collectief in deze wijk begeleiden.
problem-collective-status-required = Kies een status.
problem-collective-status-unknown = Kies een status uit de lijst.
problem-collective-status-not-allowed = { $reason ->
    [unchanged] Het collectief is al { collective-status-from }.
   *[other] Een collectief dat { collective-status-from } is kan niet naar { collective-status-to }.
}
problem-collective-collective-closed = Dit collectief is gestopt; er kan niemand meer bij.
problem-collective-question-id-required = Kies een hulpvraag (via de API: geef question_id of resident_id).
problem-collective-question-id-invalid = Kies een hulpvraag uit de lijst.
problem-collective-question-id-unknown = Deze hulpvraag bestaat niet.
problem-collective-question-id-other-district = Deze hulpvraag hoort bij een andere wijk.
problem-collective-question-id-not-allowed = Deze hulpvraag kan vanuit haar huidige status niet in een collectief.
problem-collective-question-id-duplicate = Deze bewoner is al lid van dit collectief.
problem-collective-resident-id-other-district = Deze bewoner heeft geen hulpvraag in de wijk van dit collectief.
problem-collective-resident-id-duplicate = Deze bewoner is al lid van dit collectief.
problem-collective-resident-id-not-allowed = Geef question_id of resident_id, niet allebei.
problem-collective-role-required = Kies een rol.
problem-collective-role-unknown = Kies een rol: deelnemer, ervaringsdeskundige of vrijwilliger.
problem-collective-start-date-invalid = { -collective-date-form }
problem-collective-date-required = Vul de datum in.
problem-collective-date-invalid = { -collective-date-form }
problem-collective-date-taken = Op deze dag is al een bijeenkomst; verplaats die liever.
problem-collective-from-invalid = { -collective-date-form }
problem-collective-to-invalid = { -collective-date-form }
problem-collective-reason-required = Kies een reden.
problem-collective-reason-unknown = Kies een reden uit de lijst.
problem-collective-member-id-closed = Dit lid is al vertrokken.
problem-collective-guests-invalid = Vul een heel getal in, 0 of meer.
problem-collective-members-not-allowed = Vraag { $question } kan niet meedoen ({ $reason ->
    [other_district] ze hoort bij een andere wijk
    [not_allowed] haar status staat het niet toe, of is intussen veranderd
    [duplicate] de bewoner is al lid
    [taken] het collectief is vol
    [unknown] ze bestaat niet
   *[other] ze wordt geweigerd
}); er is niets opgeslagen. Haal deze vraag uit het voorstel (wijzigen) en start het collectief opnieuw.

# Geweigerde velden van een doel en zijn metingen (problem-goal-{veld}-{code}).
collective-goal-value-invalid = { $reason ->
    [yes_no] Vul ja of nee in.
    [whole] Een aantal is een heel getal, 0 of meer.
    [not_better] { $direction ->
        [down] Het doel moet lager liggen dan de start.
       *[other] Het doel moet hoger liggen dan de start.
    }
   *[other] Dit is geen getal.
}
problem-goal-title-required = Geef het doel een titel.
problem-goal-member-id-invalid = Kies een lid uit de lijst.
problem-goal-indicator-required = Kies wat het doel telt.
problem-goal-indicator-unknown = Kies wat het doel telt: een aantal, een score of ja of nee.
problem-goal-direction-required = Kies welke kant beter is.
problem-goal-direction-unknown = Kies welke kant beter is: hoger of lager.
problem-goal-start-value-required = Vul een getal in.
problem-goal-start-value-invalid = { collective-goal-value-invalid }
problem-goal-start-value-negative = Een aantal is een heel getal, 0 of meer.
problem-goal-start-value-out-of-range = Dit getal is te groot.
problem-goal-target-required = Vul een getal in.
problem-goal-target-invalid = { collective-goal-value-invalid }
problem-goal-target-negative = Een aantal is een heel getal, 0 of meer.
problem-goal-target-out-of-range = Dit getal is te groot.
problem-goal-value-required = Vul een getal in.
problemcollective-goal-value-invalid = { collective-goal-value-invalid }
problem-goal-value-negative = Een aantal is een heel getal, 0 of meer.
problem-goal-value-out-of-range = Dit getal is te groot.
problem-goal-date-required = Vul de datum van de meting in.
problem-goal-date-invalid = { -collective-date-form }
problem-collective-join-start-required = Vul de datum in waarop het lid begint.
problem-collective-join-start-invalid = { -collective-date-form }
collective-proposal-not-open = Dit voorstel is geen open voorstel voor een nieuwe groep.

collective-guides-manage = Begeleiders toevoegen of weghalen
collective-guide-remove = { $name } weghalen als begeleider
collective-guide-none-to-add = Er is niemand meer die u als begeleider kunt toevoegen.
collective-guide-add-label = Begeleider toevoegen
collective-guide-add-hint = Een professional van deze wijk, een medewerker van een partnerorganisatie of een vrijwilliger of ervaringsdeskundige met een begeleidersaccount.
collective-guide-add = Toevoegen als begeleider
collective-contacts-intro = Voornaam en telefoonnummer van de leden, om hulp af te spreken. Wie dit bekijkt, staat in het logboek.
problem-collective-account-id-duplicate = Deze persoon begeleidt dit collectief al.
problem-collective-account-id-not-allowed = Een collectief houdt minstens één begeleider.
collective-member-gives = Kan geven
collective-members-give = Wat de leden samen kunnen geven:
collective-members-give-none = nog niets gevraagd of genoemd.
