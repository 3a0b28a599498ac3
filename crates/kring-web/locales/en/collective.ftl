# Collectives (zorgsociëteiten): staff pages, the guide's start page and the public card.
nav-collectives = Collectives
nav-my-collectives = My collectives
collective-list-title = Collectives
collective-list-intro = A collective is a standing group of residents of the district with its own name. They meet at fixed times. Guides and peer experts help.
collective-new = New collective
collective-edit = Change collective
collective-all = All
collective-filter = Show
collective-free-only = Only with free places
collective-none = No collectives match.
collective-count = { $count ->
    [one] 1 collective
   *[other] { $count } collectives
}
collective-name = Name
collective-name-hint = A name people like to belong to, such as The Leopard. At most 80 characters.
collective-motto = Motto
collective-motto-hint = One short line, at most 120 characters.
collective-colour = Colour
collective-purpose = Purpose
collective-themes = Themes
collective-languages = Languages
collective-identity = Name and identity
collective-place = Place and times
collective-district = District
collective-venue = Venue
collective-venue-hint = Choose a venue, fill in an online room, or both.
collective-no-venue = No venue (online only)
collective-online-url = Online room (web address)
collective-online-url-hint = For example the link to a video call. Starts with https://.
collective-online = online
collective-online-room = To the online room
collective-capacity = How many people can take part?
collective-walk-in = Walk-in times
collective-save = Save
collective-form-has-errors = Not everything is filled in correctly. See the fields below.
collective-status = Status
collective-where = Where
collective-members = Members
collective-free = Free places
collective-free-count = { $count ->
    [one] 1 place free
   *[other] { $count } places free
}
collective-guides = Guides
collective-peer-experts = Peer experts
collective-feed = Walk-in times in your calendar (iCalendar)
collective-change-status = Change status
collective-new-status = New status
collective-status-reason = Why? (optional)
collective-ended-note = This collective has ended. Nobody can join any more.
collective-figures = The journey in figures
collective-members-ever = Ever a member
collective-average-stay = Average stay
collective-median-stay = Median stay
collective-days = days
collective-peer-experts-count = Became a peer expert
collective-leave-reasons = Why people left
collective-leave-reason = Reason
collective-number = Number
collective-per-month = Joined and left per month
collective-month = Month
collective-joins = Joined
collective-leaves = Left
collective-no-members = No members yet.
collective-member-name = Name
collective-role = Role
collective-since = Member since
collective-until = Member until
collective-actions = Actions
collective-make-peer-expert = Make peer expert
collective-join-title = Let someone join
collective-join-question = Help question
collective-join-question-hint = Choose an open help question of this district. The question then gets the status 'in a collective'.
collective-choose = Choose…
collective-join = Let join
collective-journey = The journey
collective-journey-empty = Nobody has joined yet.
collective-event-joined = joined
collective-event-role = got another role
collective-event-left = left
collective-sessions = Sessions
collective-coming = Coming up
collective-coming-none = No sessions in the coming days.
collective-past = Past
collective-past-none = No sessions have taken place yet.
collective-session-cancelled = cancelled
collective-history = Status history
collective-leave-title = Leave
collective-leave-date = Last day
collective-leave-save = Save leaving
collective-attendance = Who is here?
collective-attendance-who = Tick who is here
collective-attendance-save = Save
collective-attendance-saved = Saved.
collective-attendance-later = This session has not taken place yet. You can fill in attendance on the day itself.
collective-attendance-summary = { $present } members and { $guests } guests
collective-guests = Guests (not members)
collective-guests-hint = People who just walked in.
collective-note = Short note
collective-today = Today
collective-today-none = None of your collectives meets today.
collective-check-attendance = Fill in attendance
collective-mine = Collectives I guide
collective-mine-none = You do not guide a collective yet.
public-collectives-title = Collectives in the district
public-collectives-intro = A collective is a standing group of neighbours. You meet at fixed times, with guides who help.
public-collectives-none = There is no collective in this district at the moment.
public-collective-themes = About
public-collective-when = When
public-collective-welcome = Feel free to drop by.
collective-goals = Goals and measurements
collective-goals-none = There are no goals yet.
collective-goal-for = Goal of
collective-goal-everyone = The whole collective
collective-goal-start = Start
collective-goal-target = Target
collective-goal-progress = { $percent }% of the goal reached
collective-chart-label = Measurements over time
collective-chart-legend = Blue line: the measurements. Green dashed line: the target. Grey dotted line: the start.
collective-measurements = Measurements
collective-measured-on = Date
collective-value = Value
collective-add-measurement = Add measurement
collective-new-goal = New goal
collective-goal-title = What do you want to achieve?
collective-goal-who = For whom?
collective-goal-indicator = What do you measure?
collective-goal-direction = Which way is better?

# Refused fields of a collective and its members, sessions and attendance
# (problem-collective-{field}-{code}, kring_core::problem); what no message names here is said
# by the code's own message (problem-{code}).
collective-status-from = { $from ->
    [proposed] proposed
    [forming] forming
    [active] active
    [paused] paused
   *[ended] ended
}
collective-status-to = { $to ->
    [proposed] proposed
    [forming] forming
    [active] active
    [paused] paused
   *[ended] ended
}
-collective-date-form = Write a date as yyyy-mm-dd, such as 2026-11-23.
-collective-time-form = Write a time as hh:mm, such as 09:30.
collective-rrule-invalid = { $reason ->
    [empty] The recurrence is empty; start with FREQ=WEEKLY or FREQ=MONTHLY.
    [malformed_part] The part '{ $value }' of the recurrence is not of the form NAME=VALUE.
    [unknown_key] Kring does not know the part '{ $value }' of a recurrence; use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY or WKST.
    [duplicate_key] The part { $value } appears more than once in the recurrence.
    [missing_frequency] The recurrence has no FREQ; choose FREQ=WEEKLY (weekly) or FREQ=MONTHLY (monthly).
    [unsupported_frequency] Kring does not support FREQ={ $value }; choose FREQ=WEEKLY (weekly) or FREQ=MONTHLY (monthly).
    [interval] INTERVAL must be a whole number from 1 to { $max_interval }, not '{ $value }'.
    [count] COUNT must be a whole number from 1 to { $max_count }, not '{ $value }'.
    [until] UNTIL must be a date (such as 20270630) or a time in UTC (such as 20270630T215959Z), not '{ $value }'.
    [count_and_until] Use COUNT or UNTIL, not both.
    [no_end] A recurrence needs an end date or a number of times.
    [by_day] BYDAY '{ $value }' is not a day; use MO, TU, WE, TH, FR, SA or SU, in a monthly recurrence with a number from 1 to 5 or -1 to -5, such as 1MO or -1FR.
    [ordinal_in_weekly] A weekly recurrence has no number in BYDAY; write only the day, not '{ $value }'.
    [missing_ordinal] A monthly recurrence needs a number in BYDAY, such as 1MO or -1FR, not '{ $value }'.
    [by_month_day] BYMONTHDAY must be a day from 1 to 31, or -1 to -31 counted from the end of the month, not '{ $value }'.
    [by_month_day_in_weekly] BYMONTHDAY does not belong in a weekly recurrence.
    [by_day_and_by_month_day] Use BYDAY or BYMONTHDAY, not both.
    [week_start] Kring starts weeks on Monday; WKST={ $value } is not supported.
    [no_occurrences] This recurrence gives not a single session.
    [too_long] A recurrence may run for at most three years; let it end on { $limit } at the latest.
    [date] { -collective-date-form }
   *[other] This recurrence is not one Kring supports.
}
problem-collective-name-required = Give the collective a name.
problem-collective-name-taken = There is already a collective called { $value }.
problem-collective-name-invalid = { $reason ->
    [one_line] The name must fit on one line.
   *[other] The name contains characters that are not allowed.
}
problem-collective-motto-invalid = { $reason ->
    [one_line] The motto must fit on one line.
   *[other] The motto contains characters that are not allowed.
}
problem-collective-colour-required = Choose a colour.
problem-collective-colour-unknown = Choose a colour from the list.
problem-collective-purpose-required = Describe what the collective is for.
problem-collective-themes-unknown = Choose only themes from the list (not '{ $value }').
problem-collective-languages-unknown = '{ $value }' is not a language code (ISO 639-1, two letters such as nl, ar or ti).
problem-collective-district-required = Choose a district.
problem-collective-district-invalid = A district code is WK and 6 characters (such as WK036300), not '{ $value }'.
problem-collective-district-unknown = District { $value } does not exist.
problem-collective-venue-id-required = Choose a venue or fill in an online room (or both).
problem-collective-venue-id-invalid = Choose a venue from the list.
problem-collective-venue-id-unknown = This venue does not exist.
problem-collective-online-url-invalid = { $reason ->
    [url] A web address starts with https://.
   *[other] This web address contains characters that are not allowed.
}
problem-collective-capacity-required = Fill in how many people can take part.
problem-collective-capacity-invalid = Fill in a whole number, not '{ $value }'.
problem-collective-capacity-below-current = The collective needs room for at least { $count } members; choose a capacity of at least { $count }.
problem-collective-capacity-taken = This collective is full ({ $count } places); make the capacity larger or choose another collective.
problem-collective-first-date-required = Fill in the (first) date.
problem-collective-first-date-invalid = { -collective-date-form }
problem-collective-start-required = Fill in the start time.
problem-collective-start-invalid = { -collective-time-form }
problem-collective-end-required = Fill in the end time.
problem-collective-end-invalid = { -collective-time-form }
problem-collective-repeat-unknown = Choose how often it comes back.
problem-collective-until-required = Fill in until when it comes back.
problem-collective-until-invalid = { collective-rrule-invalid }
problem-collective-rrule-required = Fill in the recurrence rule (RRULE).
problem-collective-rrule-invalid = { collective-rrule-invalid }
problem-collective-exceptions-invalid = { $reason ->
    [no_occurrences] With these exception dates not a single session remains.
    [too_long] A recurrence may run for at most three years; let it end on { $limit } at the latest.
   *[other] '{ $value }' is not a date or a period (such as 2026-12-21..2027-01-03).
}
problem-collective-exceptions-out-of-range = At most { $max } exception days.
problem-collective-guides-unknown = This account does not exist.
problem-collective-guides-wrong-role = { $value } cannot guide a collective in this district.
problem-collective-status-required = Choose a status.
problem-collective-status-unknown = Choose a status from the list.
problem-collective-status-not-allowed = { $reason ->
    [unchanged] The collective is already { collective-status-from }.
   *[other] A collective that is { collective-status-from } cannot become { collective-status-to }.
}
problem-collective-collective-closed = This collective has ended; nobody can join any more.
problem-collective-question-id-required = Choose a question (through the API: give question_id or resident_id).
problem-collective-question-id-invalid = Choose a question from the list.
problem-collective-question-id-unknown = This question does not exist.
problem-collective-question-id-other-district = This question belongs to another district.
problem-collective-question-id-not-allowed = This question cannot join a collective from its current status.
problem-collective-question-id-duplicate = This resident is already a member of this collective.
problem-collective-resident-id-other-district = This resident has no question in this collective's district.
problem-collective-resident-id-duplicate = This resident is already a member of this collective.
problem-collective-resident-id-not-allowed = Give question_id or resident_id, not both.
problem-collective-role-required = Choose a role.
problem-collective-role-unknown = Choose a role: participant, peer expert or volunteer.
problem-collective-start-date-invalid = { -collective-date-form }
problem-collective-date-required = Fill in the date.
problem-collective-date-invalid = { -collective-date-form }
problem-collective-date-taken = There is already a session on this day; move that one instead.
problem-collective-from-invalid = { -collective-date-form }
problem-collective-to-invalid = { -collective-date-form }
problem-collective-reason-required = Choose a reason.
problem-collective-reason-unknown = Choose a reason from the list.
problem-collective-member-id-closed = This member has already left.
problem-collective-guests-invalid = Fill in a whole number, 0 or more.
problem-collective-members-not-allowed = Question { $question } cannot join ({ $reason ->
    [other_district] it belongs to another district
    [not_allowed] its status does not allow it, or changed meanwhile
    [duplicate] its resident is already a member
    [taken] the collective is full
    [unknown] it does not exist
   *[other] it is refused
}); nothing was stored. Remove this question from the proposal (edit) and start the collective again.

# Refused fields of a goal and its measurements (problem-goal-{field}-{code}).
collective-goal-value-invalid = { $reason ->
    [yes_no] Fill in yes or no.
    [whole] A count is a whole number, 0 or more.
    [not_better] { $direction ->
        [down] The target must lie lower than the start.
       *[other] The target must lie higher than the start.
    }
   *[other] This is not a number.
}
problem-goal-title-required = Give the goal a title.
problem-goal-member-id-invalid = Choose a member from the list.
problem-goal-indicator-required = Choose what the goal counts.
problem-goal-indicator-unknown = Choose what the goal counts: a count, a score or yes or no.
problem-goal-direction-required = Choose which way is better.
problem-goal-direction-unknown = Choose which way is better: higher or lower.
problem-goal-start-value-required = Fill in a number.
problem-goal-start-value-invalid = { collective-goal-value-invalid }
problem-goal-start-value-negative = A count is a whole number, 0 or more.
problem-goal-start-value-out-of-range = This number is too large.
problem-goal-target-required = Fill in a number.
problem-goal-target-invalid = { collective-goal-value-invalid }
problem-goal-target-negative = A count is a whole number, 0 or more.
problem-goal-target-out-of-range = This number is too large.
problem-goal-value-required = Fill in a number.
problemcollective-goal-value-invalid = { collective-goal-value-invalid }
problem-goal-value-negative = A count is a whole number, 0 or more.
problem-goal-value-out-of-range = This number is too large.
problem-goal-date-required = Fill in the date of the measurement.
problem-goal-date-invalid = { -collective-date-form }
problem-collective-join-start-required = Fill in the date the member starts.
problem-collective-join-start-invalid = { -collective-date-form }
collective-proposal-not-open = This proposal is not an open proposal for a new group.

collective-guides-manage = Add or remove guides
collective-guide-remove = Remove { $name } as a guide
collective-guide-none-to-add = There is nobody left whom you can add as a guide.
collective-guide-add-label = Add a guide
collective-guide-add-hint = A professional of this district, a staff member of a partner organisation, or a volunteer or peer expert with a guide account.
collective-guide-add = Add as a guide
collective-contacts-intro = The members' first names and phone numbers, to arrange help. Every view is written to the audit log.
problem-collective-account-id-duplicate = This person already guides this collective.
problem-collective-account-id-not-allowed = A collective keeps at least one guide.
collective-member-gives = Can give
collective-members-give = What the members can give together:
collective-members-give-none = nothing asked or named yet.
