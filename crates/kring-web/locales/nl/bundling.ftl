nav-bundling = Bundelen
bundling-title = Vragen bundelen
bundling-intro = Kring zoekt open vragen die bij elkaar passen: hetzelfde thema, een moment waarop iedereen kan, een gedeelde taal en een plek binnen bereik. Het resultaat is een voorstel. U beslist: aannemen of afwijzen met een reden.
bundling-districts = Wijken
bundling-min-group = Kleinste groep (aantal mensen)
bundling-max-group = Grootste groep (aantal mensen)
bundling-run = Bundelen
bundling-earlier = Eerdere rondes
bundling-no-runs = Er is nog niet gebundeld in uw wijken.
bundling-when = Wanneer
bundling-who = Door
bundling-placed = Geplaatst
bundling-open-proposals = Open voorstellen
bundling-run-title = Voorstellen uit een bundelronde
bundling-back = Terug naar bundelen
bundling-sizes = Groepsgrootte
bundling-new-groups = Nieuwe groepen
bundling-offer-places = Plaatsen in lopende collectieven en aanbod
bundling-unplaced = Niet geplaatst
bundling-none = Geen.
bundling-question = Vraag
bundling-first-name = Voornaam
bundling-distance = Afstand
bundling-why = Waarom
bundling-reason = Reden
bundling-language = Taal
bundling-members = Deelnemers
bundling-status = Besluit
bundling-status-open = nog open
bundling-status-accepted = aangenomen
bundling-status-rejected = afgewezen
bundling-accept-group = Aannemen: start een collectief
bundling-became = Werd collectief
bundling-accept-offer = Aannemen: deze vragen gaan naar dit aanbod
bundling-reject-reason = Reden om af te wijzen
bundling-reject = Afwijzen
problem-proposal-reason-required = Geef een reden om dit voorstel af te wijzen.
bundling-reason-individual_only = Wil liever alleen geholpen worden
bundling-reason-no_venue_in_reach = Geen plek binnen bereik
bundling-reason-too_few_alike = Te weinig vergelijkbare vragen
bundling-reason-no_capacity = Geen ruimte op de plekken
bundling-reason-not_chosen = Past, maar niet gekozen
collective-from-proposal = U start een collectief uit een bundelvoorstel. Na het opslaan komen de { $members } vragen uit het voorstel erbij en staat het collectief op ‘in vorming’. Kies samen een naam waar mensen bij willen horen.
bundling-into-collective = Naar dit collectief
bundling-accept-collective = Aannemen: deze vragen worden lid van dit collectief
bundling-change = Voorstel wijzigen
bundling-back-to-run = Terug naar de bundeling
bundling-change-intro = Haal vragen weg, voeg vragen toe met hun code, of kies een andere plek of een ander moment. Kring controleert de groep opnieuw: thema, moment, taal, afstand en groepsgrootte.
bundling-change-refused = Zo kan de groep niet. Hieronder staat wat u moet aanpassen.
bundling-change-members = Vragen in dit voorstel
bundling-change-add = Vragen toevoegen
bundling-change-add-hint = De codes van open vragen, gescheiden door komma's, zoals ACDE-FGH3.
bundling-change-venue = Plek
bundling-change-slot = Moment
bundling-change-save = Wijziging opslaan
bundling-change-link = Wijzigen
problem-proposal-collective-required = Dit voorstel is een nieuwe groep; die wordt een collectief. Geef de gegevens van het collectief mee (naam, motto, kleur, doel en de rest, zoals bij een nieuw collectief).
problem-proposal-offer-taken = Het aanbod heeft nog { $free } vrije plek(ken), dit voorstel vraagt er { $wanted }. Er is niets veranderd.
problem-bundling-districts-required = Kies minstens één wijk.
problem-bundling-districts-other-district = Wijk { $code } is niet een van uw wijken.
problem-bundling-max-group-invalid = De grootste groep moet minstens zo groot zijn als de kleinste.
problem-proposal-venue-id-not-allowed = Wijzig de plek met een PUT op het voorstel, niet bij het aannemen.
problem-proposal-slot-not-allowed = Wijzig het moment met een PUT op het voorstel, niet bij het aannemen.
bundling-already-decided = Over dit voorstel is al besloten.
bundling-error-add-invalid = Geen geldige vraagcode: { $codes }
problem-proposal-change-add-unknown = Vraag { $reference } bestaat niet.
problem-proposal-change-add-other-district = Vraag { $reference } hoort niet bij de wijken van deze bundeling.
problem-proposal-change-add-closed = Vraag { $reference } staat niet meer open.
problem-proposal-change-add-not-allowed = Bij plaatsen in een lopende groep kunnen alleen vragen weg, niet erbij.
problem-proposal-change-slot-not-allowed = Een lopende groep houdt zijn eigen plek en moment.
problem-proposal-change-slot-closed = Op dit moment is de plek niet beschikbaar.
problem-proposal-change-members-required = Houd minstens één vraag over.
problem-proposal-change-members-out-of-range = Een groep heeft { $min } tot { $max } leden; deze heeft er { $size }.
problem-proposal-change-members-not-part-of = { $reason ->
    [individual_only] Vraag { $reference } wil alleen individuele hulp.
    [theme] Vraag { $reference } gaat niet over dit thema.
    [slot] Vraag { $reference } kan niet op dit moment.
    [language] Vraag { $reference } spreekt de taal van de groep niet.
    [too_far] Vraag { $reference } woont { $distance } m van de plek en reist hoogstens { $reach } m.
   *[other] Vraag { $reference } past niet in deze groep.
}
problem-proposal-change-venue-id-invalid = Kies een plek met een adres.
problem-proposal-change-venue-id-out-of-range = De plek heeft ruimte voor { $capacity } mensen.
bundling-overview = Overzicht
bundling-theme = Thema
bundling-group-language = Voertaal
bundling-group-language-for-all = voor iedereen, welke taal ze thuis ook spreken
bundling-home-languages = Thuistalen
bundling-home-language = Thuistaal
bundling-also-about = Vraagt ook over
bundling-status-expired = verlopen
bundling-reason-missing = Een afwijzing heeft een reden nodig: vul die in bij de groep.
bundling-expired-note = { $count ->
    [one] Eén voorstel is verlopen
   *[other] { $count } voorstellen zijn verlopen
}: na { $days } dagen zonder besluit staan de vragen weer open, zodat een nieuwe ronde ze kan plaatsen.
bundling-summary-new = { $count ->
    [one] { $count } vraag over { $theme } die op { $slot } kan
   *[other] { $count } vragen over { $theme } die op { $slot } kunnen
}, binnen bereik van { $venue }; de groep spreekt { $language }.
bundling-summary-offer = { $count ->
    [one] { $count } vraag past
   *[other] { $count } vragen passen
} in { $target }: { $theme } op { $slot } bij { $venue }, in het { $language }.
bundling-heading-language = voertaal { $language }
bundling-bound = { $gap ->
    [0] het meeste dat mogelijk is (hoogstens { $most })
   *[other] hoogstens { $most } mogelijk: dit antwoord zit binnen { $gap } % van het beste
}
bundling-overview-line = { $members ->
    [one] 1 deelnemer
   *[other] { $members } deelnemers
}, { $status }
bundling-replan = Alles opnieuw plannen
bundling-replan-hint = Zonder vinkje blijven de open voorstellen van deze wijken staan, tenzij er een echt betere plek is; nieuwe vragen sluiten aan waar ze passen. Met vinkje plant Kring alles opnieuw. De open voorstellen worden in beide gevallen vervangen door die van de nieuwe ronde.
bundling-status-superseded = vervangen door een nieuwere ronde
bundling-since = Sinds de vorige ronde
bundling-since-replaced = { $count ->
    [one] Deze ronde vervangt 1 open voorstel
   *[other] Deze ronde vervangt { $count } open voorstellen
}{ $replanned ->
    [yes] ; alles is opnieuw gepland.
   *[other] .
}
bundling-since-kept = Gelijk gebleven: { $count }
bundling-since-changed = Gewijzigd: { $count }
bundling-since-new = Nieuw: { $count }
bundling-since-newly-placed = Nieuw geplaatste vragen: { $count }
bundling-change-kept = gelijk gebleven
bundling-change-changed = gewijzigd
bundling-change-new = nieuw
bundling-advice = Waar één extra plek het meest helpt
bundling-advice-intro = Kring heeft bij deze ronde nagerekend welke verandering de meeste niet-geplaatste vragen toch een plek geeft. Elk getal is gecontroleerd door opnieuw te bundelen.
bundling-advice-extra-slot = { $venue } ook open op { $slot }: plaatst { $places ->
    [one] 1 vraag
   *[other] { $places } vragen
} meer.
bundling-advice-extra-group = Een groep over { $theme } op { $slot } bij { $venue }, in het { $language }: plaatst { $places ->
    [one] 1 vraag
   *[other] { $places } vragen
} meer.
