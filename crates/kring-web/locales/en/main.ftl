# Kring, English.
skip-link = Skip to content
nav-label = Main menu
nav-menu = Menu
nav-home = Home
nav-areas = Areas
nav-accounts = Accounts
nav-audit = Audit log
nav-settings = Settings
nav-districts = My districts
nav-account = My account
lang-switch = Nederlands
logout = Log out
login-link = Log in
footer-privacy = Privacy statement
search-label = Search
search-placeholder = Reference, name, phone or postcode
role-admin = Administrator
role-professional = Professional
role-coordinator = Network coordinator
role-partner = Partner
role-guide = Guide
role-analyst = Policy officer

error-title = That did not work
error-home = Back to the home page
error-forbidden = You do not have access to this page. This has been logged.
error-not-found = This page does not exist.
error-too-many = Too many attempts. Wait a few minutes and try again.
error-conflict = This is not possible because it clashes with existing data.
error-internal = Something went wrong on our side. It has been logged.
error-unavailable = The database cannot be used right now. Try again in a moment.

login-title = Log in
login-email = Email address
login-password = Password
login-submit = Log in
login-failed = The email address or password is not correct.
login-locked-until = This account is locked for a while after too many failed attempts. Try again after { $time }, or ask the administrator to unlock it.
login-deactivated = This account has been deactivated. Ask the administrator to reactivate it.
login-too-many = Too many failed attempts from this address. Wait a few minutes.
login-demo-title = Demo accounts
login-demo-intro = This is a demo. With these accounts you can look at Kring from every role.
col-role = Role
col-name = Name
col-code = Code
col-neighbourhood = Neighbourhood
col-postcodes = Postcodes
col-postcode = Postcode
col-scope = Districts or organisation
col-status = Status
col-action = Action

home-title = Kring
home-intro = Kring helps the municipality, neighbourhood teams and local organisations answer help questions together. Questions that fit together become a group in the neighbourhood.
home-welcome = Welcome, { $name }
home-staff-login = Staff log in
home-role-admin = You manage the municipality's areas, accounts and settings.
home-role-professional = You work in the districts assigned to you.
home-role-coordinator = You connect the network of organisations in the districts.
home-role-partner = You work for an organisation in the network.
home-role-guide = You guide one or more collectives: their sessions, attendance and help board.
home-role-analyst = You see the municipality's figures, never data about people.

districts-title = My districts
districts-intro = These are the districts you work in.
districts-none = No districts have been assigned to you yet.
district-code = District code
district-neighbourhoods = Neighbourhoods

areas-title = Areas
areas-list = Districts, neighbourhoods and postcodes
areas-empty = There are no areas yet. Import a file below.
areas-import-title = Import areas (CSV)
areas-import-help = One line per postcode (4 digits) with the columns municipality_code, municipality_name, district_code, district_name, neighbourhood_code, neighbourhood_name, postcode, x, y. x and y in Rijksdriehoek metres. Comma or semicolon. If the file has errors, nothing is imported.
areas-import-failed = Nothing was imported. Fix these lines and try again:
areas-imported = Imported: { $districts } districts, { $neighbourhoods } neighbourhoods, { $postcodes } postcodes.
areas-file = CSV file
areas-file-missing = Choose a file.
upload-too-large = The file is larger than { $mb } MB. Nothing was imported. Split the file into parts and import them one after the other.
upload-unreadable = The file could not be read. Nothing was imported. Choose the file again and try once more.
areas-year = Year of the CBS codes
areas-year-invalid = Enter a year between 1990 and 2100.
areas-import-submit = Import
areas-postcode-title = Add or move one postcode
areas-x = x (metres)
areas-y = y (metres)
saved = Saved.
save = Save
choose = Make a choice
filter = Filter
form-has-errors = Not everything is filled in correctly. See the fields below.

accounts-title = Accounts
accounts-new = New account
accounts-create = Create account
accounts-created = Account { $email } has been created. Pass on this password safely; it is shown only once:
accounts-districts = Districts (for professionals)
accounts-all-districts = All districts
accounts-organisation = Organisation (for partners)
accounts-no-organisation = No organisation
accounts-locked = Locked
accounts-unlock = Unlock
accounts-active = Active

audit-title = Audit log
audit-intro = Who viewed or changed which personal data, when and through which route.
audit-account = Account
audit-everyone = Everyone
audit-record-type = Kind of record
audit-record-id = Number or code
audit-from = From
audit-until = Up to and including
audit-count = { $count } lines (newest first)
audit-when = When
audit-action = Action
audit-record = Record
audit-route = Route
audit-outcome = Outcome

settings-title = Settings
settings-municipality-name = Name of the municipality
settings-theme-class = Theme class (NL Design System)
settings-theme-stylesheet = Own stylesheet with design tokens (address)
settings-logo = Logo (address)
settings-privacy = Privacy statement (address)
settings-resident-phone = Phone number for residents (about their question)

account-title = My account
tokens-title = API tokens
tokens-intro = With a token a program can use the API on your behalf. Treat it like a password.
tokens-name = Name of the token
tokens-name-required = Give the token a name.
tokens-create = Create token
tokens-created = Your new token. Copy it now; it is shown only once:
tokens-created-at = Created
tokens-revoke = Revoke

areas-add-title = Add a district or neighbourhood
areas-add-help = A district code (WK…) goes into the municipality with the same number, a neighbourhood code (BU…) into the district whose code it contains. Both for the chosen year.
areas-add-submit = Add
error-too-large = What you sent is too large. Make it smaller and try again.

## Refused fields (kring_core::problem): problem-{code}; problem-{field}-{code} for a field of its own;
## problem-{form}-{field}-{code} for a field that means something else in another form.
problem-required = Fill this in.
problem-too-short = Too short: at least { $min } characters.
problem-too-long = Too long: at most { $max } characters.
problem-invalid = This is not valid; check what it says.
problem-unknown = Kring does not know this; choose from the list.
problem-out-of-range = Choose a number from { $min } to { $max }.
problem-in-the-future = This date lies in the future.
problem-not-in-municipality = Postcode { $postcode } is not in a district of this municipality; check the postcode.
problem-other-district = This belongs to a district you do not work in.
problem-contact-required = Enter a phone number or an e-mail address.
problem-duplicate = { $value } is also on line { $line }.
problem-invalid-body = This is not a valid JSON object: { $detail }
problem-invalid-type = Wrong value: { $detail }
problem-postcode-required = Enter a postcode.
problem-postcode-invalid = A postcode is 4 digits, optionally with 2 letters (such as 9901 AB).
problem-house-number-invalid = A house number starts with a digit.
problem-phone-invalid = This is not a valid phone number.
problem-email-invalid = This is not a valid e-mail address.
problem-urgency-invalid = Choose low, normal or high.
problem-consent-given-on-invalid = Enter the date of the consent as YYYY-MM-DD.
problem-consent-given-on-in-the-future = The date of the consent lies in the future.
problem-consent-scope-invalid = Choose internal or public.
problem-consent-person-required = Enter who gave consent.
problem-story-title-required = Give the story a title.
problem-signal-name-required = Enter the name, or describe the person if you do not know the name.
problem-signal-description-required = Describe in a few words what you noticed.
problem-categories-required = Choose at least one category.
problem-categories-unknown = Choose only categories from the list (not '{ $value }').
problem-resident-informed-invalid = Say whether the resident knows about this signal: yes, no or unknown.
problem-themes-required = Choose at least one theme.
import-cell-error = line { $line }, column { $column }: { $message }
import-line-error = line { $line }: { $message }
problem-not-after-start = The end does not lie after the start.
problem-unknown-field = Kring does not know this field.
problem-not-yet-happened = This has not taken place yet.
problem-cancelled = This session did not go ahead.
problem-taken = This is already taken.
problem-not-part-of = This does not belong here.
problem-closed = This is closed: this can no longer be done.
problem-below-current = There are already { $count }; choose at least that many.
problem-before-start = This lies before the start date ({ $start }).
problem-not-allowed = This step is not possible now.
problem-negative = This cannot be below zero.
problem-wrong-role = This account's role cannot do this.

# A fault of an uploaded CSV file itself, or of an areas file's cell (the `csv` form).
problem-csv-file-required = The file is empty; the first line must hold the column names.
problem-csv-file-invalid = The file is not text (it contains null bytes); save it as CSV UTF-8.
problem-csv-encoding-invalid = The file is UTF-16; save it as CSV UTF-8 (with commas or semicolons).
problem-csv-header-invalid = The column names cannot be read: { $detail }
problem-csv-header-unknown-field = Unknown column '{ $column }'; allowed are { $known }.
problem-csv-header-duplicate = Column '{ $column }' appears twice in the header.
problem-csv-header-required = { $count ->
    [one] This column is missing
   *[other] These columns are missing
}: { $columns }.
problem-csv-cells-invalid = { $count ->
    [one] 1 column
   *[other] { $count } columns
}, but the header has { $expected }.
problem-csv-row-invalid = This line cannot be read: { $detail }
problem-csv-quote-invalid = A quote (") is opened here but never closed.
problem-csv-rows-required = The file has no lines below the column names.
problem-csv-municipality-code-invalid = A municipality code is GM and 4 digits (such as GM0363), not '{ $value }'.
problem-csv-district-code-invalid = A district code is WK and 6 characters (such as WK036300), not '{ $value }'.
problem-csv-neighbourhood-code-invalid = A neighbourhood code is BU and 8 characters (such as BU03630001), not '{ $value }'.
problem-csv-neighbourhood-code-not-part-of = Neighbourhood code { $value } is not in district { $district }.
problem-csv-district-code-not-part-of = District code { $value } does not belong to municipality { $municipality }.
problem-csv-postcode-invalid = A postcode is 4 digits (such as 9901), not '{ $value }'.
problem-csv-postcode-too-long = Only the 4 digits of the postcode (PC4), not { $value }.
problem-csv-x-invalid = '{ $value }' is not a number.
problem-csv-y-invalid = '{ $value }' is not a number.
problem-csv-x-out-of-range = Coordinate x={ $value } is not in the Netherlands (Rijksdriehoek, metres).
problem-csv-y-out-of-range = Coordinate y={ $value } is not in the Netherlands (Rijksdriehoek, metres).
problem-csv-municipality-name-taken = { $code } is called '{ $first }' earlier in the file, here '{ $value }'.
problem-csv-district-name-taken = { $code } is called '{ $first }' earlier in the file, here '{ $value }'.
problem-csv-neighbourhood-name-taken = { $code } is called '{ $first }' earlier in the file, here '{ $value }'.
problem-question-external-id-taken = There is already a question with external_id { $value }.

# A change refused by a conflict (`StoreError::Conflict`, `conflict-{name}`: a unique or
# foreign key, or a change by someone else).
conflict-account-email-key = There is already an account with this e-mail address.
conflict-organisation-name-key = There is already an organisation with this name.
conflict-district-code-year-key = There is already a district with this code in this year.
conflict-neighbourhood-code-year-key = There is already a neighbourhood with this code in this year.
conflict-municipality-code-year-key = There is already a municipality with this code in this year.
conflict-postcode-postcode-key = This postcode is already linked to a neighbourhood.
conflict-theme-code-key = There is already a theme with this code.
conflict-question-external-id-key = There is already a question with this external reference (external_id).
conflict-question-form-token-key = This form has already been sent.
conflict-question-theme-theme-fkey = This theme does not exist.
conflict-account-organisation-fkey = This organisation does not exist.
conflict-account-district-district-fkey = This district does not exist.
conflict-neighbourhood-district-fkey = This district does not exist or still has neighbourhoods.
conflict-postcode-neighbourhood-fkey = This neighbourhood does not exist or still has postcodes.
conflict-district-municipality-fkey = This municipality does not exist or still has districts.
conflict-organisation-external-id-key = There is already an organisation with this external_id.
conflict-venue-external-id-key = There is already a venue with this external_id.
conflict-venue-name-key = There is already a venue with this name.
conflict-offer-external-id-key = There is already an activity with this external_id.
conflict-organisation-district-district-fkey = This district does not exist.
conflict-venue-organisation-fkey = This organisation does not exist.
conflict-offer-venue-fkey = This venue does not exist or is still used by activities.
conflict-offer-organisation-organisation-fkey = This organisation does not exist or still organises activities.
conflict-offer-theme-theme-fkey = Unknown theme.
conflict-collective-name-key = There is already a collective with this name.
conflict-collective-member-open-key = This resident is already a member of this collective.
conflict-collective-theme-theme-fkey = Unknown theme.
conflict-collective-session-date-key = There is already a session on this day.
conflict-foreign-key = This is linked to other data.
conflict-organisation-in-use = This organisation still has accounts or activities.
conflict-venue-in-use = This venue still has activities.
conflict-question-status-changed = Someone else changed the status meanwhile; reload the question.
conflict-signal-status-changed = Someone else changed the status meanwhile; reload the signal.
conflict-collective-status-changed = Someone else changed the status meanwhile; reload the page.
conflict-proposal-decided = This proposal has already been decided; reload the page.
conflict-proposal-expired = This proposal has expired: it was not decided in time, so its questions are open again. Run bundling again.
conflict-proposal-not-a-new-group = This proposal is not a new group; accept it without starting a collective.
conflict-bundled-question-changed = An added question has changed meanwhile; try again.
conflict-bundling-questions-changed = One of these questions has changed meanwhile or was already proposed; start the bundling again.
conflict-help-request-status-changed = The status of the help request has changed meanwhile; try again.
conflict-last-active-admin = This is the last active administrator. Make another account an administrator first; otherwise nobody can manage accounts any more.
conflict-resident-erased = This resident's personal data was erased; it cannot be filled in again.
conflict-other = This clashes with other data.
