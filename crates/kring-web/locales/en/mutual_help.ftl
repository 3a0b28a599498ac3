help-board = Help board
help-intro = Members help each other with small things. Kring suggests whom to ask first so the load is fair: who helped longest ago first, never someone taking a break, and nobody more than { $limit } times a month.
help-running = Open requests for help
help-running-none = There are no requests for help now.
help-for = For
help-minutes = about { $minutes } minutes
help-offers-count = help offered by { $count }
help-choose-helper = Choose a helper
help-open-request = View
help-new = New request for help
help-no-members = This collective has no members yet.
help-requester = Who asks for help?
help-choose = Choose…
help-kind = What kind of help?
help-what = What is needed?
help-when = On which day?
help-part = Roughly when?
help-part-any = Any time
help-part-ochtend = Morning
help-part-middag = Afternoon
help-part-avond = Evening
help-duration = How long does it take, in minutes?
help-post = Post the request
help-balance = Giving and receiving
help-balance-intro = Who helps and who is helped. People who often receive help often want to give something back: ask them too.
help-member = Member
help-given = Given
help-received = Received
help-this-month = Tasks this month
help-full = full
help-on-break = Taking a break
help-take-break = Take a break
help-end-break = End the break
help-limit = How many tasks a month?
help-limit-label = At most this many tasks per member per month (1 to 31)
help-limit-save = Save
help-closed = Finished
help-status = Status
help-ask-first = Whom to ask first?
help-ask-first-intro = In this order: who helped longest ago, then who did least this month.
help-nobody = Nobody can right now. Ask again later, or see who is taking a break.
help-offered = offers to help
help-assign = Give this task
help-not-asked = Not asked
help-reason-is_requester = asks for help themselves
help-reason-on_break = is taking a break
help-reason-monthly_limit = has enough tasks this month
help-reason-not_available = is not free then
help-reason-restricted = processing restricted or objected
help-offer-label = Who offers to help?
help-offer = Note the offer
help-mark-done = It is done
help-call-off = Called off

# Refused fields of the help board (form "help"); the other codes use the general sentences in main.ftl.
problem-help-requester-required = Choose who asks for help.
problem-help-requester-not-part-of = This is not a member of this collective.
problem-help-kind-required = Choose what kind of help.
problem-help-needed-on-invalid = Enter a date, such as 2026-03-14.
problem-help-needed-on-out-of-range = Choose a day from { $min } to { $max }.
problem-help-part-of-day-unknown = Choose morning, afternoon or evening.
problem-help-duration-minutes-out-of-range = Enter the number of minutes: { $min } to { $max }.
problem-help-monthly-limit-out-of-range = Enter a number from { $min } to { $max }.
problem-help-member-id-required = Choose a member.
problem-help-member-id-not-part-of = This is not a member of this collective.
problem-help-member-id-not-allowed = { $reason ->
        [is_requester] This member is the one asking for help.
        [on_break] This member said they are taking a break.
        [monthly_limit] This member already has { $limit } tasks this month.
        [not_available] This member is not free at that time.
        [restricted] This member restricted processing or objected; do not ask them.
       *[other] This member cannot be given this task now.
    }
problem-help-status-not-allowed = { $from ->
        [open] This request has no helper yet.
        [assigned] This request already has a helper.
        [done] This request is already finished.
        [cancelled] This request is already finished.
       *[other] This request has changed meanwhile. Look at it again.
    }
problem-help-status-closed = This request no longer looks for a helper.
problem-help-collective-closed = This collective has ended: no more requests for help can be added.

# Refused fields of a collective's goals and measurements (form "goal").
problem-goal-member-id-not-part-of = This is not a member of this collective.
problem-goal-target-not-after-start = { $direction ->
        [down] The target must be lower than the start ({ $start }).
       *[up] The target must be higher than the start ({ $start }).
    }
problem-goal-value-invalid = { $indicator ->
        [yes_no] Enter yes or no.
        [count] A count is a whole number, 0 or more.
       *[other] Enter a number.
    }
problem-goal-goal-id-not-part-of = This goal does not belong to this collective.
