## The follow-up of a question (pages/follow_up.rs, question_follow_up.html).
follow-up-title = Follow-up
follow-up-owner = Owner
follow-up-filter-mine = My questions
follow-up-filter-due = Due today or late
follow-up-no-owner = Nobody yet
follow-up-received-on = Received on
follow-up-promise = First contact
follow-up-due-on = by { $date }
follow-up-due-today = today: call the resident today
follow-up-overdue = { $days } { $days ->
    [one] day
   *[other] days
} late (was due { $date })
follow-up-kept = made in time
follow-up-kept-late = made, but later than promised
follow-up-assign-to = Give this question to
follow-up-assign = Assign
follow-up-take = I'll take it
follow-up-contacts = Contact with the resident
follow-up-no-contacts = No contact recorded yet.
follow-up-new-contact = Record a contact
follow-up-form-has-errors = The contact was not recorded. Please correct:
follow-up-kind = How
follow-up-reached = Resident reached?
follow-up-reached-yes = Yes
follow-up-reached-no = No
follow-up-contacted-on = Date
follow-up-contacted-on-hint = Empty means today.
follow-up-note = Note
follow-up-save-contact = Record contact
problem-assignee-taken = { $value } has been given this question in the meantime. See whether you still want to change it.
problem-contacted-on-before-start = This lies before the day the question came in ({ $start }).
