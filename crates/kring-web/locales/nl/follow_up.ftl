## The follow-up of a question (pages/follow_up.rs, question_follow_up.html).
follow-up-title = Opvolging
follow-up-owner = Eigenaar
follow-up-filter-mine = Mijn vragen
follow-up-filter-due = Vandaag of te laat
follow-up-no-owner = Nog niemand
follow-up-received-on = Binnengekomen op
follow-up-promise = Eerste contact
follow-up-due-on = uiterlijk { $date }
follow-up-due-today = vandaag: bel de inwoner vandaag
follow-up-overdue = { $days } { $days ->
    [one] dag
   *[other] dagen
} te laat (was uiterlijk { $date })
follow-up-kept = op tijd gehad
follow-up-kept-late = gehad, maar later dan beloofd
follow-up-assign-to = Geef deze vraag aan
follow-up-assign = Toewijzen
follow-up-take = Neem ik
follow-up-contacts = Contact met de inwoner
follow-up-no-contacts = Nog geen contact vastgelegd.
follow-up-new-contact = Contact vastleggen
follow-up-form-has-errors = Het contact is niet vastgelegd. Verbeter dit:
follow-up-kind = Hoe
follow-up-reached = Inwoner bereikt?
follow-up-reached-yes = Ja
follow-up-reached-no = Nee
follow-up-contacted-on = Datum
follow-up-contacted-on-hint = Leeg is vandaag.
follow-up-note = Notitie
follow-up-save-contact = Contact vastleggen
problem-assignee-taken = { $value } heeft deze vraag intussen al toegewezen gekregen. Kijk of u het nog wilt veranderen.
problem-contacted-on-before-start = Dit ligt voor de dag waarop de vraag binnenkwam ({ $start }).
