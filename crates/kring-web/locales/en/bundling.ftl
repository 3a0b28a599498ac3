nav-bundling = Bundling
bundling-title = Bundle questions
bundling-intro = Kring looks for open questions that fit together: the same theme, a moment when everyone is free, a shared language and a venue within reach. The result is a proposal. You decide: accept it, or reject it with a reason.
bundling-districts = Districts
bundling-min-group = Smallest group (people)
bundling-max-group = Largest group (people)
bundling-run = Bundle
bundling-earlier = Earlier runs
bundling-no-runs = No bundling has been run in your districts yet.
bundling-when = When
bundling-who = By
bundling-placed = Placed
bundling-open-proposals = Open proposals
bundling-run-title = Proposals from a bundling run
bundling-back = Back to bundling
bundling-sizes = Group size
bundling-new-groups = New groups
bundling-offer-places = Places in running collectives and offers
bundling-unplaced = Not placed
bundling-none = None.
bundling-question = Question
bundling-first-name = First name
bundling-distance = Distance
bundling-why = Why (in Dutch)
bundling-reason = Reason
bundling-language = Language
bundling-members = Members
bundling-status = Decision
bundling-status-open = still open
bundling-status-accepted = accepted
bundling-status-rejected = rejected
bundling-accept-group = Accept: found a collective
bundling-became = Became collective
bundling-accept-offer = Accept: these questions go to this offer
bundling-reject-reason = Reason to reject
bundling-reject = Reject
problem-proposal-reason-required = Give a reason to reject this proposal.
bundling-reason-individual_only = Prefers individual help
bundling-reason-no_venue_in_reach = No venue within reach
bundling-reason-too_few_alike = Too few similar questions
bundling-reason-no_capacity = No room at the venues
bundling-reason-not_chosen = Fits, but not chosen
collective-from-proposal = You are founding a collective from a bundling proposal. When you save, the { $members } questions of the proposal join and the collective is ‘forming’. Choose a name together that people want to belong to.
bundling-into-collective = To this collective
bundling-accept-collective = Accept: these questions join this collective
bundling-change = Change the proposal
bundling-back-to-run = Back to the bundling run
bundling-change-intro = Remove questions, add questions by their code, or choose another venue or moment. Kring checks the group again: theme, moment, language, distance and group size.
bundling-change-refused = The group cannot be like this. Below is what to change.
bundling-change-members = Questions in this proposal
bundling-change-add = Add questions
bundling-change-add-hint = The codes of open questions, separated by commas, such as ACDE-FGH3.
bundling-change-venue = Venue
bundling-change-slot = Moment
bundling-change-save = Save the change
bundling-change-link = Change
problem-proposal-collective-required = This proposal is a new group; it becomes a collective. Send the collective's details (name, motto, colour, goal and the rest, as for a new collective).
problem-proposal-offer-taken = The offer has { $free } free place(s) left; this proposal asks for { $wanted }. Nothing was changed.
problem-bundling-districts-required = Choose at least one district.
problem-bundling-districts-other-district = District { $code } is not one of your districts.
problem-bundling-max-group-invalid = The largest group must be at least as large as the smallest.
problem-proposal-venue-id-not-allowed = Change the venue with a PUT on the proposal, not when accepting it.
problem-proposal-slot-not-allowed = Change the slot with a PUT on the proposal, not when accepting it.
bundling-already-decided = This proposal has already been decided.
bundling-error-add-invalid = Not a valid question code: { $codes }
problem-proposal-change-add-unknown = Question { $reference } does not exist.
problem-proposal-change-add-other-district = Question { $reference } is not in the districts of this bundling.
problem-proposal-change-add-closed = Question { $reference } is no longer open.
problem-proposal-change-add-not-allowed = Places in a running group can only lose questions, not gain them.
problem-proposal-change-slot-not-allowed = A running group keeps its own venue and time.
problem-proposal-change-slot-closed = The venue is not available at this time.
problem-proposal-change-members-required = Keep at least one question.
problem-proposal-change-members-out-of-range = A group has { $min } to { $max } members; this one has { $size }.
problem-proposal-change-members-not-part-of = { $reason ->
    [individual_only] Question { $reference } wants individual help only.
    [theme] Question { $reference } is not about this theme.
    [slot] Question { $reference } is not available at this time.
    [language] Question { $reference } does not speak the group's language.
    [too_far] Question { $reference } lives { $distance } m from the venue and travels at most { $reach } m.
   *[other] Question { $reference } does not fit in this group.
}
problem-proposal-change-venue-id-invalid = Choose a venue with an address.
problem-proposal-change-venue-id-out-of-range = The venue has room for { $capacity } people.
bundling-overview = Overview
bundling-theme = Theme
bundling-group-language = Group language
bundling-group-language-for-all = for everyone, whatever their home language
bundling-home-languages = Home languages
bundling-home-language = Home language
bundling-also-about = Also asks about
bundling-status-expired = expired
bundling-reason-missing = A rejection needs a reason: fill it in at the group.
bundling-expired-note = { $count ->
    [one] One proposal has expired
   *[other] { $count } proposals have expired
}: after { $days } days without a decision their questions are open again, so a new run can place them.
bundling-summary-new = { $count ->
    [one] { $count } question about { $theme } that suits
   *[other] { $count } questions about { $theme } that suit
} { $slot }, within reach of { $venue }; the group speaks { $language }.
bundling-summary-offer = { $count ->
    [one] { $count } question fits
   *[other] { $count } questions fit
} in { $target }: { $theme } on { $slot } at { $venue }, in { $language }.
bundling-heading-language = group language { $language }
bundling-bound = { $gap ->
    [0] the most that is possible (at most { $most })
   *[other] at most { $most } possible: this answer is within { $gap } % of the best
}
bundling-overview-line = { $members ->
    [one] 1 member
   *[other] { $members } members
}, { $status }
bundling-replan = Re-plan everything
bundling-replan-hint = Unticked, the open proposals of these districts stay unless there is a truly better place; new questions join where they fit. Ticked, Kring plans everything again. Either way the open proposals are replaced by the new run's.
bundling-status-superseded = replaced by a later run
bundling-since = Since the last run
bundling-since-replaced = { $count ->
    [one] This run replaces 1 open proposal
   *[other] This run replaces { $count } open proposals
}{ $replanned ->
    [yes] ; everything was planned again.
   *[other] .
}
bundling-since-kept = Kept: { $count }
bundling-since-changed = Changed: { $count }
bundling-since-new = New: { $count }
bundling-since-newly-placed = Newly placed questions: { $count }
bundling-change-kept = kept
bundling-change-changed = changed
bundling-change-new = new
bundling-advice = Where one more slot helps most
bundling-advice-intro = With this run Kring worked out which change would give the most unplaced questions a place after all. Every number was checked by bundling again.
bundling-advice-extra-slot = { $venue } also open on { $slot } would place { $places ->
    [one] 1 more question
   *[other] { $places } more questions
}.
bundling-advice-extra-group = A group on { $theme } on { $slot } at { $venue }, in { $language }, would place { $places ->
    [one] 1 more question
   *[other] { $places } more questions
}.
