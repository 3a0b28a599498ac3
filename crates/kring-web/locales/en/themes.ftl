nav-themes = Themes
themes-title = Themes
themes-intro = Questions, offers and collectives carry one or more themes. A code never changes; switch off a theme that is no longer used and it stays on old records.
themes-code = Code (lower-case letters and hyphens)
themes-label-nl = Name in Dutch
themes-label-en = Name in English
themes-position = Order
themes-active = In use for new questions and offers
themes-retired = no longer in use
themes-new = New theme
themes-add = Add theme
themes-group-language = Language of groups
themes-group-language-hint = Groups about this theme speak this language, whatever the participants' home languages (such as Dutch for learning Dutch). Choose "None" when participants must share a language of their own.
themes-group-language-none = None: participants share a language of their own

# The admin forms' problems (`problem-{form}-{field}-{code}`).
problem-account-email-required = Enter an e-mail address.
problem-account-email-taken = There is already an account with this e-mail address.
problem-account-display-name-required = Enter a name.
problem-account-role-required = Choose a role.
problem-account-role-unknown = Choose one of the roles in the list.
problem-account-districts-required = A professional needs at least one district (or all districts).
problem-account-organisation-id-required = A partner belongs to an organisation; choose one.
problem-account-organisation-id-wrong-role = Only partners belong to an organisation; choose no organisation.
problem-area-code-required = Enter a code (WK… for a district, BU… for a neighbourhood).
problem-area-code-invalid = A code is WK and 6 characters (a district, such as WK036300) or BU and 8 characters (a neighbourhood, such as BU03630001).
problem-area-code-unknown = { $parent ->
    [municipality] There is no municipality for this year with the number in this district code. Import an areas file first.
   *[district] District { $district } does not exist in this year. Add that district first.
}
problem-area-code-taken = There is already a district or neighbourhood with this code in this year.
problem-area-name-required = Enter a name.
problem-area-neighbourhood-id-required = Choose a neighbourhood.
problem-area-x-required = Enter x and y (Rijksdriehoek metres).
problem-area-x-out-of-range = This point does not lie in the Netherlands (Rijksdriehoek metres).
problem-settings-municipality-name-required = Enter the name of the municipality.
problem-settings-theme-class-invalid = Use only letters, digits, - and _.
-url-invalid = Use an address starting with https:// or with /.
problem-settings-theme-stylesheet-url-invalid = { -url-invalid }
problem-settings-logo-url-invalid = { -url-invalid }
problem-settings-privacy-url-invalid = { -url-invalid }
problem-settings-resident-phone-invalid = Use only digits, spaces, dashes and brackets, with + in front if needed; at most 30 characters.
problem-settings-map-tile-url-invalid = Use an address starting with https:// that contains {"{"}z{"}"}, {"{"}x{"}"} and {"{"}y{"}"}, or leave the field empty.
problem-settings-map-attribution-too-long = Use at most { $max } characters.
problem-theme-code-required = Enter a code.
problem-theme-code-invalid = A code has 2 to 40 lower-case letters, digits and hyphens (such as psychisch-welzijn).
problem-theme-code-taken = There is already a theme with this code.
problem-theme-label-nl-required = Enter a name.
problem-theme-label-en-required = Enter a name.
problem-theme-group-language-unknown = Choose a language from the list.
