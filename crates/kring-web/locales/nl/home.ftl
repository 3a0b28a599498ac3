## The work queue on the home page (pages/home.rs).
queue-title = Wat wacht op u
queue-everything = Alles in Kring
queue-sessions-today = Uw bijeenkomsten vandaag
queue-no-sessions-today = Vandaag heeft u geen bijeenkomsten.
queue-cancelled = gaat niet door
queue-dashboard = Naar de meerwaarde van collectieve zorg
queue-unassigned = { $count ->
    [one] nieuwe vraag zonder eigenaar in uw wijken
   *[other] nieuwe vragen zonder eigenaar in uw wijken
}
queue-promises-due = { $count ->
    [one] vraag van u: eerste contact vandaag of te laat
   *[other] vragen van u: eerste contact vandaag of te laat
}
queue-signals-over-norm = { $count ->
    [one] signaal wacht langer dan de norm
   *[other] signalen wachten langer dan de norm
}
queue-stale-proposals = { $count ->
    [one] bundelvoorstel wacht al meer dan 3 dagen op een besluit
   *[other] bundelvoorstellen wachten al meer dan 3 dagen op een besluit
}
queue-sessions-this-week = { $count ->
    [one] bijeenkomst de komende 7 dagen
   *[other] bijeenkomsten de komende 7 dagen
}
queue-open-help-requests = { $count ->
    [one] open vraag op het hulpbord van uw collectieven
   *[other] open vragen op het hulpbord van uw collectieven
}
queue-offers-without-sessions = { $count ->
    [one] aanbod zonder bijeenkomst volgende maand
   *[other] aanbiedingen zonder bijeenkomst volgende maand
}
queue-venues-without-offer = { $count ->
    [one] plek zonder aanbod of collectief
   *[other] plekken zonder aanbod of collectief
}
queue-collectives-with-places = { $count ->
    [one] collectief met vrije plaatsen
   *[other] collectieven met vrije plaatsen
}
queue-locked-accounts = { $count ->
    [one] geblokkeerd account
   *[other] geblokkeerde accounts
}
queue-sent-signals-open = { $count ->
    [one] signaal van u nog niet opgepakt
   *[other] signalen van u nog niet opgepakt
}
queue-sent-signals-in-progress = { $count ->
    [one] signaal van u wordt opgevolgd
   *[other] signalen van u worden opgevolgd
}
queue-sent-signals-closed = { $count ->
    [one] signaal van u is afgerond
   *[other] signalen van u zijn afgerond
}
