help-board = Hulpbord
help-intro = Leden helpen elkaar met kleine dingen. Kring stelt voor wie u eerst vraagt, zodat het eerlijk verdeeld is: wie het langst niet geholpen heeft eerst, nooit iemand die pauze neemt en niemand meer dan { $limit } keer per maand.
help-running = Lopende hulpvragen
help-running-none = Er zijn nu geen hulpvragen.
help-for = Voor
help-minutes = ongeveer { $minutes } minuten
help-offers-count = hulp aangeboden door { $count }
help-choose-helper = Kies een helper
help-open-request = Bekijk
help-new = Nieuwe hulpvraag
help-no-members = Dit collectief heeft nog geen leden.
help-requester = Wie vraagt om hulp?
help-choose = Kies…
help-kind = Wat voor hulp?
help-what = Wat is er nodig?
help-when = Op welke dag?
help-part = Hoe laat ongeveer?
help-part-any = Maakt niet uit
help-part-ochtend = Ochtend
help-part-middag = Middag
help-part-avond = Avond
help-duration = Hoe lang duurt het, in minuten?
help-post = Hulpvraag plaatsen
help-balance = Geven en ontvangen
help-balance-intro = Wie helpt en wie geholpen wordt. Wie vaak hulp krijgt, wil vaak ook iets terugdoen: vraag hen ook.
help-member = Lid
help-given = Gegeven
help-received = Ontvangen
help-this-month = Taken deze maand
help-full = vol
help-on-break = Neemt pauze
help-take-break = Pauze nemen
help-end-break = Pauze stoppen
help-limit = Hoeveel taken per maand?
help-limit-label = Hoogstens zoveel taken per lid per maand (1 tot 31)
help-limit-save = Opslaan
help-closed = Afgerond
help-status = Stand
help-ask-first = Wie vraagt u eerst?
help-ask-first-intro = In deze volgorde: wie het langst niet geholpen heeft, dan wie deze maand het minst deed.
help-nobody = Er is nu niemand die kan. Vraag het later nog eens, of kijk wie pauze neemt.
help-offered = biedt hulp aan
help-assign = Geef deze taak
help-not-asked = Niet gevraagd
help-reason-is_requester = vraagt zelf om hulp
help-reason-on_break = neemt pauze
help-reason-monthly_limit = heeft deze maand al genoeg taken
help-reason-not_available = kan niet op dat moment
help-reason-restricted = verwerking beperkt of bezwaar gemaakt
help-offer-label = Wie biedt hulp aan?
help-offer = Aanbod noteren
help-mark-done = Het is gedaan
help-call-off = Gaat niet door

# Refused fields of the help board (form "help"); the other codes use the general sentences in main.ftl.
problem-help-requester-required = Kies wie om hulp vraagt.
problem-help-requester-not-part-of = Dit is geen lid van dit collectief.
problem-help-kind-required = Kies wat voor hulp.
problem-help-needed-on-invalid = Vul een datum in, zoals 2026-03-14.
problem-help-needed-on-out-of-range = Kies een dag van { $min } tot en met { $max }.
problem-help-part-of-day-unknown = Kies ochtend, middag of avond.
problem-help-duration-minutes-out-of-range = Vul het aantal minuten in: { $min } tot en met { $max }.
problem-help-monthly-limit-out-of-range = Vul een aantal van { $min } tot en met { $max } in.
problem-help-member-id-required = Kies een lid.
problem-help-member-id-not-part-of = Dit is geen lid van dit collectief.
problem-help-member-id-not-allowed = { $reason ->
        [is_requester] Dit lid vraagt zelf om hulp.
        [on_break] Dit lid heeft aangegeven even pauze te nemen.
        [monthly_limit] Dit lid heeft deze maand al { $limit } taken.
        [not_available] Dit lid kan niet op dat moment.
        [restricted] Dit lid heeft de verwerking laten beperken of bezwaar gemaakt; vraag dit lid niet.
       *[other] Dit lid kan deze taak nu niet krijgen.
    }
problem-help-status-not-allowed = { $from ->
        [open] Er is nog geen helper voor deze vraag.
        [assigned] Deze vraag heeft al een helper.
        [done] Deze vraag is al afgerond.
        [cancelled] Deze vraag is al afgerond.
       *[other] Deze vraag is intussen veranderd. Bekijk de vraag opnieuw.
    }
problem-help-status-closed = Deze vraag zoekt geen helper meer.
problem-help-collective-closed = Dit collectief is beëindigd: er kan geen hulpvraag meer bij.

# Refused fields of a collective's goals and measurements (form "goal").
problem-goal-member-id-not-part-of = Dit is geen lid van dit collectief.
problem-goal-target-not-after-start = { $direction ->
        [down] Het doel moet lager liggen dan de start ({ $start }).
       *[up] Het doel moet hoger liggen dan de start ({ $start }).
    }
problem-goal-value-invalid = { $indicator ->
        [yes_no] Vul ja of nee in.
        [count] Een aantal is een heel getal, 0 of meer.
       *[other] Vul een getal in.
    }
problem-goal-goal-id-not-part-of = Dit doel hoort niet bij dit collectief.
