## The work queue on the home page (pages/home.rs).
queue-title = What is waiting for you
queue-everything = Everything in Kring
queue-sessions-today = Your sessions today
queue-no-sessions-today = You have no sessions today.
queue-cancelled = cancelled
queue-dashboard = To the value of collective care
queue-unassigned = { $count ->
    [one] new question without an owner in your districts
   *[other] new questions without an owner in your districts
}
queue-promises-due = { $count ->
    [one] question of yours: first contact due today or late
   *[other] questions of yours: first contact due today or late
}
queue-signals-over-norm = { $count ->
    [one] signal has waited longer than the norm
   *[other] signals have waited longer than the norm
}
queue-stale-proposals = { $count ->
    [one] bundling proposal has waited more than 3 days for a decision
   *[other] bundling proposals have waited more than 3 days for a decision
}
queue-sessions-this-week = { $count ->
    [one] session in the next 7 days
   *[other] sessions in the next 7 days
}
queue-open-help-requests = { $count ->
    [one] open request on your collectives' help boards
   *[other] open requests on your collectives' help boards
}
queue-offers-without-sessions = { $count ->
    [one] offer without a session next month
   *[other] offers without a session next month
}
queue-venues-without-offer = { $count ->
    [one] venue without an offer or collective
   *[other] venues without an offer or collective
}
queue-collectives-with-places = { $count ->
    [one] collective with free places
   *[other] collectives with free places
}
queue-locked-accounts = { $count ->
    [one] locked account
   *[other] locked accounts
}
queue-sent-signals-open = { $count ->
    [one] signal of yours not picked up yet
   *[other] signals of yours not picked up yet
}
queue-sent-signals-in-progress = { $count ->
    [one] signal of yours is being followed up
   *[other] signals of yours are being followed up
}
queue-sent-signals-closed = { $count ->
    [one] signal of yours is closed
   *[other] signals of yours are closed
}
