# The network: organisations, venues, the open offer, sessions and the CSV import.
nav-network = Network
network-subnav = Network
network-title = The network
network-intro = All organisations in the districts are equal. Together they show what there is to do.
network-organisations = Organisations
network-venues = Venues
network-offers = Activities
network-district = District
network-all-districts = All districts
network-theme = Theme
network-all-themes = All themes
network-day = Day
network-all-days = All days
network-organisation-new = New organisation
network-venue-new = New venue
network-offer-new = New activity
network-offer-edit = Change activity
network-edit = Change
network-delete = Delete
network-import = Import (CSV)
network-none = Nothing here yet.
network-kind = Kind
network-districts = Districts
network-website = Website
network-phone = Phone
network-partners = Partner accounts
network-external-id = Own key (external_id)
network-description = Description
network-where = Where
network-when = When
network-accessibility = Accessibility
network-online = Online
network-step-free = Step-free
network-accessible-toilet = Accessible toilet
network-hearing-loop = Hearing loop
network-online-url = Link to the online room
network-owner = Of organisation
network-capacity = Number of places
network-opening-hours = Opening hours
network-address = Address
network-city = Town
network-hourly-rate = Rent per hour (euro)
network-offers-count = { $count } activities
network-offer-title = Name of the activity
network-themes = Themes
network-hosts = Organisations running it
network-hosts-required = Choose at least one organisation.
network-target-group = For whom
network-venue = Venue
network-no-venue = No fixed venue
network-languages = Languages
network-schedule = When is it?
network-first-date = Date (first time)
network-start = Start time
network-end = End time
network-end-after-start = The end time must come after the start time.
network-repeat = How often?
network-repeat-none = Once
network-repeat-weekly = Every week
network-repeat-fortnightly = Every other week
network-repeat-monthly = Every month on the same weekday (for example the first Monday)
network-repeat-custom = Own rule (RRULE)
network-until = Until (last date)
network-rrule = Own repeat rule (RRULE)
network-rrule-help = Only with "Own rule". For example FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630. The rule must end.
network-exceptions = Days it does not take place
network-exceptions-help = One date per line, such as 2026-12-24. A holiday as 2026-12-21..2027-01-03.
network-cost = Cost per session (euro; empty is free)
network-free = Free
network-places-taken = Places taken
network-places-free = Places free
network-contact = Contact or sign up
network-walk-in = Signing up
network-walk-in-yes = Just walk in
network-walk-in-no = Sign up first
network-upcoming = Coming sessions
network-past = Past
network-session-status = Does it take place?
network-session-scheduled = Takes place
network-session-cancelled = Cancelled
network-session-moved = Moved to
network-session-date = New date
network-session-note = Message for visitors
network-attendance = Number present
network-attendance-recorded = { $count } present
network-too-long = This is too long.
network-import-help = Import organisations, then venues, then activities. Rows refer to each other by external_id. One fault and nothing is imported.
network-import-kind = What is in the file?
network-import-kind-missing = Choose what is in the file.
network-imported = Imported: { $created } new, { $updated } updated.

## Refused fields of organisations, venues and offers (kring_core::network), and of the API's
## network queries.
problem-organisation-website-invalid = A web address starts with https://.
problem-venue-online-url-invalid = A web address starts with https://.
problem-organisation-external-id-invalid = An external_id has at most { $max } characters: letters, digits and - _ . : /.
problem-venue-external-id-invalid = An external_id has at most { $max } characters: letters, digits and - _ . : /.
problem-offer-external-id-invalid = An external_id has at most { $max } characters: letters, digits and - _ . : /.
problem-organisation-kind-unknown = Kring does not know the kind '{ $value }'; choose from the list.
problem-venue-kind-unknown = Kring does not know the kind '{ $value }'; choose from the list.
problem-venue-postcode-required = Enter the postcode (only an online room has none).
problem-venue-capacity-invalid = Enter a whole number.
problem-venue-hourly-rate-invalid = Enter an amount in euros, such as 2,50.
problem-offer-cost-invalid = Enter an amount in euros, such as 2,50.
problem-offer-capacity-invalid = Enter a whole number.
problem-offer-places-taken-invalid = Enter a whole number.
problem-offer-places-taken-out-of-range = More places taken than the capacity ({ $max }).
problem-offer-themes-unknown = Kring does not know the theme '{ $value }'.
problem-offer-languages-unknown = '{ $value }' is not a language code (ISO 639-1, two letters such as nl, ar or ti).
problem-offer-first-date-required = Enter the (first) date.
problem-offer-repeat-unknown = Choose how often it repeats.
problem-offer-rrule-required = Enter the repeat rule (RRULE).
problem-offer-until-required = Enter until when it repeats.
problem-offer-until-before-start = The last date lies before the first ({ $start }).
problem-offer-until-invalid = { $reason ->
    [no_sessions] This repetition does not make a single session.
    [too_long] A repetition may run for at most three years; let it end on { $limit } at the latest.
   *[other] Enter the last date as YYYY-MM-DD.
}
problem-offer-rrule-invalid = { $reason ->
    [no_sessions] This repetition does not make a single session.
    [too_long] A repetition may run for at most three years; let it end on { $limit } at the latest.
   *[other] This is not a valid repeat rule, such as FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630.
}
problem-offer-exceptions-invalid = { $reason ->
    [no_sessions] With these exceptions not a single session is left.
   *[other] Write exception dates as YYYY-MM-DD, or a period as 2026-12-21..2027-01-03.
}
problem-offer-exceptions-not-after-start = In '{ $value }' the end lies before the start.
problem-organisation-ids-required = Choose at least one organisation.
problem-organisation-ids-unknown = Organisation { $value } does not exist.
problem-venue-id-unknown = Venue { $value } does not exist.
problem-theme-closed = Theme { $value } is no longer in use.
problem-day-invalid = Give a weekday, such as do, TH or donderdag.
problem-theme-unknown = Kring does not know the theme { $value }.
problem-organisation-unknown = There is no organisation with external_id '{ $value }'.
problem-organisations-unknown = There is no organisation with external_id '{ $value }'.
problem-venue-unknown = There is no venue with external_id '{ $value }'.
