//! iCalendar (RFC 5545) text for activities, so that people can subscribe to the offer in their
//! own calendar app. Text generation only: nothing is read or sent, and the moment written as
//! DTSTAMP comes in as an argument, so the same calendar always gives the same bytes.

use crate::civil::{Date, LocalTime};
use crate::schedule::{Schedule, utc_basic};
use std::collections::BTreeMap;

/// The one time zone Kring writes; every DTSTART refers to it.
pub const TZID: &str = "Europe/Amsterdam";

/// Europe/Amsterdam as the EU rule `civil` implements, in the form calendar apps expect. The
/// 1970 DTSTARTs are the customary anchors for a rule that repeats every year.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
];

/// Content lines are folded so that no physical line exceeds this many octets (RFC 5545 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// A calendar to publish: a name and the events in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Who made the file, e.g. `-//Gemeente Voorbeeld//Kring//NL`.
    pub prodid: String,
    /// The name calendar apps show for a subscription (X-WR-CALNAME).
    pub name: String,
    pub events: Vec<Event>,
}

impl Calendar {
    pub fn new(prodid: impl Into<String>, name: impl Into<String>) -> Calendar {
        Calendar {
            prodid: prodid.into(),
            name: name.into(),
            events: Vec::new(),
        }
    }

    /// The whole calendar as iCalendar text: CRLF line endings, folded lines.
    pub fn to_ics(&self) -> String {
        let mut out = Lines::default();
        out.push("BEGIN:VCALENDAR");
        out.push("VERSION:2.0");
        out.push(&format!("PRODID:{}", escape_text(&self.prodid)));
        out.push("CALSCALE:GREGORIAN");
        out.push("METHOD:PUBLISH");
        out.push(&format!("X-WR-CALNAME:{}", escape_text(&self.name)));
        out.push(&format!("X-WR-TIMEZONE:{TZID}"));
        for line in VTIMEZONE {
            out.push(line);
        }
        for event in &self.events {
            event.write(&mut out);
        }
        out.push("END:VCALENDAR");
        out.0
    }
}

/// Whether an event takes place, as calendar apps show it (STATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventStatus {
    #[default]
    Confirmed,
    Tentative,
    /// The whole activity is off; single sessions are cancelled with
    /// [`Event::cancel_occurrence`] instead.
    Cancelled,
}

impl EventStatus {
    fn as_ical(self) -> &'static str {
        match self {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// What happened to one session of a recurring event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceChange {
    /// Written as an EXDATE on the recurring event.
    Cancelled,
    /// Written as a separate VEVENT with the same UID and a RECURRENCE-ID naming the original.
    Moved {
        date: Date,
        start: LocalTime,
        end: LocalTime,
    },
}

/// Why a change to a single session was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OccurrenceChangeError {
    #[error("Op {} is er geen bijeenkomst om te verzetten of af te zeggen", .0.format_long_nl())]
    NotAnOccurrence(Date),
    #[error(
        "Een eenmalige activiteit heeft geen losse bijeenkomsten; wijzig de activiteit zelf of \
         zeg die af"
    )]
    OneOff,
    #[error("De eindtijd ligt niet na de begintijd")]
    EndNotAfterStart,
}

/// One activity in a calendar: a VEVENT with its schedule, plus one more VEVENT per moved
/// session. Built with [`Event::new`] and the `with_` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    uid: String,
    dtstamp_unix: i64,
    /// SEQUENCE and LAST-MODIFIED, when the caller keeps a revision.
    revision: Option<(i64, i64)>,
    summary: String,
    description: Option<String>,
    location: Option<String>,
    url: Option<String>,
    categories: Vec<String>,
    status: EventStatus,
    schedule: Schedule,
    /// Keyed by the original date; a BTreeMap keeps the output in date order.
    changes: BTreeMap<Date, OccurrenceChange>,
}

impl Event {
    /// `uid` must stay the same for the same activity across publications, so that calendar
    /// apps update it instead of adding a copy; `dtstamp_unix` is when this version was made.
    pub fn new(
        uid: impl Into<String>,
        dtstamp_unix: i64,
        summary: impl Into<String>,
        schedule: Schedule,
    ) -> Event {
        Event {
            uid: uid.into(),
            dtstamp_unix,
            revision: None,
            summary: summary.into(),
            description: None,
            location: None,
            url: None,
            categories: Vec::new(),
            status: EventStatus::default(),
            schedule,
            changes: BTreeMap::new(),
        }
    }

    /// The event's revision (`SEQUENCE`, raised with every change of the schedule or of a
    /// session) and when it last changed (`LAST-MODIFIED`): calendar apps that import a feed
    /// use them to see that an event they know has changed. Both go on every VEVENT of the UID.
    pub fn with_revision(mut self, sequence: i64, last_modified_unix: i64) -> Event {
        self.revision = Some((sequence.max(0), last_modified_unix));
        self
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Event {
        self.description = Some(description.into());
        self
    }

    pub fn with_location(mut self, location: impl Into<String>) -> Event {
        self.location = Some(location.into());
        self
    }

    pub fn with_url(mut self, url: impl Into<String>) -> Event {
        self.url = Some(url.into());
        self
    }

    pub fn with_categories<S: Into<String>>(
        mut self,
        categories: impl IntoIterator<Item = S>,
    ) -> Event {
        self.categories = categories.into_iter().map(Into::into).collect();
        self
    }

    pub fn with_status(mut self, status: EventStatus) -> Event {
        self.status = status;
        self
    }

    pub fn uid(&self) -> &str {
        &self.uid
    }

    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    pub fn changes(&self) -> &BTreeMap<Date, OccurrenceChange> {
        &self.changes
    }

    /// Cancels the session on `original`, replacing an earlier move of it.
    pub fn cancel_occurrence(&mut self, original: Date) -> Result<(), OccurrenceChangeError> {
        self.check_occurrence(original)?;
        self.changes.insert(original, OccurrenceChange::Cancelled);
        Ok(())
    }

    /// Moves the session on `original` to another date or time, replacing an earlier change of
    /// it. Moving it back to its own slot removes the change.
    pub fn move_occurrence(
        &mut self,
        original: Date,
        date: Date,
        start: LocalTime,
        end: LocalTime,
    ) -> Result<(), OccurrenceChangeError> {
        self.check_occurrence(original)?;
        if end <= start {
            return Err(OccurrenceChangeError::EndNotAfterStart);
        }
        if (date, start, end) == (original, self.schedule.start(), self.schedule.end()) {
            self.changes.remove(&original);
        } else {
            self.changes
                .insert(original, OccurrenceChange::Moved { date, start, end });
        }
        Ok(())
    }

    fn check_occurrence(&self, original: Date) -> Result<(), OccurrenceChangeError> {
        if self.schedule.recurrence().is_none() {
            // RECURRENCE-ID on a one-off confuses calendar apps; change the event itself.
            return Err(OccurrenceChangeError::OneOff);
        }
        let is_session = self
            .schedule
            .occurrences()
            .iter()
            .any(|occurrence| occurrence.date() == original);
        if is_session {
            Ok(())
        } else {
            Err(OccurrenceChangeError::NotAnOccurrence(original))
        }
    }

    fn write(&self, out: &mut Lines) {
        let schedule = &self.schedule;
        let rule_dates = schedule.rule_dates();
        // DTSTART is the first date the rule picks, not the date the schedule starts from:
        // RFC 5545 leaves a DTSTART that the rule does not pick undefined, and apps differ.
        let first = rule_dates.first().copied().unwrap_or(schedule.first());
        out.push("BEGIN:VEVENT");
        self.write_identity(out);
        out.push(&format!(
            "DTSTART;TZID={TZID}:{}",
            local_basic(first, schedule.start())
        ));
        out.push(&format!(
            "DTEND;TZID={TZID}:{}",
            local_basic(first, schedule.end())
        ));
        if let Some(rule) = schedule.recurrence() {
            out.push(&format!("RRULE:{}", rule.to_ical_rrule()));
            // Only dates the rule picks: holiday weeks hold days without a session, and an
            // EXDATE for those would be noise.
            let excluded: Vec<String> = rule_dates
                .iter()
                .filter(|date| {
                    schedule.exceptions().contains(date)
                        || self.changes.get(date) == Some(&OccurrenceChange::Cancelled)
                })
                .map(|&date| local_basic(date, schedule.start()))
                .collect();
            if !excluded.is_empty() {
                out.push(&format!("EXDATE;TZID={TZID}:{}", excluded.join(",")));
            }
        }
        self.write_details(out);
        out.push("END:VEVENT");

        for (&original, change) in &self.changes {
            let OccurrenceChange::Moved { date, start, end } = *change else {
                continue;
            };
            out.push("BEGIN:VEVENT");
            self.write_identity(out);
            out.push(&format!(
                "RECURRENCE-ID;TZID={TZID}:{}",
                local_basic(original, schedule.start())
            ));
            out.push(&format!("DTSTART;TZID={TZID}:{}", local_basic(date, start)));
            out.push(&format!("DTEND;TZID={TZID}:{}", local_basic(date, end)));
            self.write_details(out);
            out.push("END:VEVENT");
        }
    }

    fn write_identity(&self, out: &mut Lines) {
        out.push(&format!("UID:{}", escape_text(&self.uid)));
        out.push(&format!("DTSTAMP:{}", utc_basic(self.dtstamp_unix)));
        if let Some((sequence, last_modified)) = self.revision {
            out.push(&format!("SEQUENCE:{sequence}"));
            out.push(&format!("LAST-MODIFIED:{}", utc_basic(last_modified)));
        }
    }

    fn write_details(&self, out: &mut Lines) {
        out.push(&format!("SUMMARY:{}", escape_text(&self.summary)));
        if let Some(description) = &self.description {
            out.push(&format!("DESCRIPTION:{}", escape_text(description)));
        }
        if let Some(location) = &self.location {
            out.push(&format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(url) = &self.url {
            // A URI is not TEXT and is not escaped, but a line break in it must not end the line.
            let url: String = url.chars().filter(|c| !c.is_control()).collect();
            out.push(&format!("URL:{url}"));
        }
        if !self.categories.is_empty() {
            let categories: Vec<String> = self.categories.iter().map(|c| escape_text(c)).collect();
            out.push(&format!("CATEGORIES:{}", categories.join(",")));
        }
        out.push(&format!("STATUS:{}", self.status.as_ical()));
    }
}

/// `20261105T120000`: a local DATE-TIME, to be read with `TZID=Europe/Amsterdam`.
fn local_basic(date: Date, time: LocalTime) -> String {
    format!("{}T{}", date.to_basic_string(), time.to_basic_string())
}

/// Output under construction; every pushed content line is folded and ends in CRLF.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn push(&mut self, line: &str) {
        self.0.push_str(&fold_line(line));
        self.0.push_str("\r\n");
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma get a backslash, a
/// line break of any kind becomes `\n`, a tab a space, and other control characters are
/// dropped, since none of them may appear in a content line.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, not two.
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (without its CRLF) so that no physical line is longer than
/// [`MAX_LINE_OCTETS`] octets, never inside a UTF-8 character. Continuation lines start with a
/// space, which counts towards their length and is removed again by unfolding.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 32 * 3);
    let mut rest = line;
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Recurrence;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn time(text: &str) -> LocalTime {
        LocalTime::parse(text).unwrap()
    }

    /// What a calendar app does before parsing: remove every CRLF followed by a space.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    fn stoelgym_schedule() -> Schedule {
        Schedule::new(
            date("2026-11-05"),
            time("12:00"),
            time("13:00"),
            Some(Recurrence::parse("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231").unwrap()),
            [date("2026-12-24"), date("2026-12-25")].into(),
        )
        .unwrap()
    }

    /// 1 November 2026, 09:00 UTC.
    const STAMP: i64 = 20_758 * 86_400 + 9 * 3600;

    fn sample_calendar() -> Calendar {
        let mut stoelgym = Event::new(
            "aanbod-17@kring.example",
            STAMP,
            "Stoelgym",
            stoelgym_schedule(),
        )
        .with_description(
            "Bewegen op een stoel, voor iedereen.\nNeem water mee; koffie staat klaar.",
        )
        .with_location("Buurthuis De Kring, Dorpsstraat 1")
        .with_url("https://kring.example/aanbod/17")
        .with_categories(["Bewegen", "Ouderen"]);
        stoelgym.cancel_occurrence(date("2026-12-31")).unwrap();
        stoelgym
            .move_occurrence(
                date("2026-11-19"),
                date("2026-11-20"),
                time("14:00"),
                time("15:00"),
            )
            .unwrap();
        let kerstmarkt = Event::new(
            "aanbod-18@kring.example",
            STAMP,
            "Kerstmarkt",
            Schedule::new(
                date("2026-12-12"),
                time("10:00"),
                time("16:00"),
                None,
                Default::default(),
            )
            .unwrap(),
        );
        let mut calendar = Calendar::new("-//Gemeente Voorbeeld//Kring//NL", "Aanbod Noord");
        calendar.events = vec![stoelgym, kerstmarkt];
        calendar
    }

    #[test]
    fn a_small_calendar_is_written_exactly() {
        let expected = "\
BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Gemeente Voorbeeld//Kring//NL\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:Aanbod Noord\r
X-WR-TIMEZONE:Europe/Amsterdam\r
BEGIN:VTIMEZONE\r
TZID:Europe/Amsterdam\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:aanbod-17@kring.example\r
DTSTAMP:20261101T090000Z\r
DTSTART;TZID=Europe/Amsterdam:20261105T120000\r
DTEND;TZID=Europe/Amsterdam:20261105T130000\r
RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T225959Z\r
EXDATE;TZID=Europe/Amsterdam:20261224T120000,20261231T120000\r
SUMMARY:Stoelgym\r
DESCRIPTION:Bewegen op een stoel\\, voor iedereen.\\nNeem water mee\\; koffie \r
 staat klaar.\r
LOCATION:Buurthuis De Kring\\, Dorpsstraat 1\r
URL:https://kring.example/aanbod/17\r
CATEGORIES:Bewegen,Ouderen\r
STATUS:CONFIRMED\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:aanbod-17@kring.example\r
DTSTAMP:20261101T090000Z\r
RECURRENCE-ID;TZID=Europe/Amsterdam:20261119T120000\r
DTSTART;TZID=Europe/Amsterdam:20261120T140000\r
DTEND;TZID=Europe/Amsterdam:20261120T150000\r
SUMMARY:Stoelgym\r
DESCRIPTION:Bewegen op een stoel\\, voor iedereen.\\nNeem water mee\\; koffie \r
 staat klaar.\r
LOCATION:Buurthuis De Kring\\, Dorpsstraat 1\r
URL:https://kring.example/aanbod/17\r
CATEGORIES:Bewegen,Ouderen\r
STATUS:CONFIRMED\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:aanbod-18@kring.example\r
DTSTAMP:20261101T090000Z\r
DTSTART;TZID=Europe/Amsterdam:20261212T100000\r
DTEND;TZID=Europe/Amsterdam:20261212T160000\r
SUMMARY:Kerstmarkt\r
STATUS:CONFIRMED\r
END:VEVENT\r
END:VCALENDAR\r
";
        assert_eq!(sample_calendar().to_ics(), expected);
    }

    #[test]
    fn every_line_ends_in_crlf_and_fits_in_75_octets() {
        let ics = sample_calendar().to_ics();
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let body = ics.strip_suffix("\r\n").unwrap();
        for line in body.split("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            assert!(line.len() <= MAX_LINE_OCTETS, "{line:?}");
        }
    }

    #[test]
    fn cancelled_sessions_become_exdates_and_moved_ones_a_recurrence_id() {
        let ics = unfold(&sample_calendar().to_ics());
        assert!(
            ics.contains("\r\nEXDATE;TZID=Europe/Amsterdam:20261224T120000,20261231T120000\r\n")
        );
        assert!(ics.contains("\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20261119T120000\r\n"));
        // The exception on Friday 25 December is no session and needs no EXDATE.
        assert!(!ics.contains("20261225"));
        assert_eq!(ics.matches("UID:aanbod-17@kring.example\r\n").count(), 2);
    }

    #[test]
    fn a_revision_puts_sequence_and_last_modified_on_every_vevent_of_the_uid() {
        let mut event = Event::new(
            "aanbod-17@kring.example",
            STAMP,
            "Stoelgym",
            stoelgym_schedule(),
        )
        .with_revision(3, STAMP + 60);
        event
            .move_occurrence(
                date("2026-11-19"),
                date("2026-11-20"),
                time("14:00"),
                time("15:00"),
            )
            .unwrap();
        let mut calendar = Calendar::new("-//Kring//NL", "Test");
        calendar.events.push(event);
        let ics = calendar.to_ics();
        assert_eq!(ics.matches("\r\nSEQUENCE:3\r\n").count(), 2, "{ics}");
        assert_eq!(ics.matches("\r\nLAST-MODIFIED:").count(), 2, "{ics}");
        // Without a revision, neither is written (the sample calendar above has none).
        assert!(!sample_calendar().to_ics().contains("SEQUENCE"));
    }

    #[test]
    fn dtstart_is_the_first_session_the_rule_picks() {
        // From a Monday, every Thursday: the first session, and so DTSTART, is that Thursday.
        let schedule = Schedule::new(
            date("2026-11-02"),
            time("12:00"),
            time("13:00"),
            Some(Recurrence::parse("FREQ=WEEKLY;BYDAY=TH;COUNT=3").unwrap()),
            Default::default(),
        )
        .unwrap();
        let mut calendar = Calendar::new("p", "n");
        calendar.events.push(Event::new("u", STAMP, "s", schedule));
        let ics = calendar.to_ics();
        assert!(ics.contains("\r\nDTSTART;TZID=Europe/Amsterdam:20261105T120000\r\n"));
        assert!(ics.contains("\r\nRRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=3\r\n"));
        assert!(!ics.contains("EXDATE"));
    }

    #[test]
    fn only_real_sessions_of_a_recurring_event_can_be_changed() {
        let mut event = Event::new("u", STAMP, "s", stoelgym_schedule());
        assert_eq!(
            event.cancel_occurrence(date("2026-11-06")),
            Err(OccurrenceChangeError::NotAnOccurrence(date("2026-11-06")))
        );
        assert_eq!(
            event.cancel_occurrence(date("2026-12-24")),
            Err(OccurrenceChangeError::NotAnOccurrence(date("2026-12-24")))
        );
        assert_eq!(
            event
                .cancel_occurrence(date("2026-11-06"))
                .unwrap_err()
                .to_string(),
            "Op 6 november 2026 is er geen bijeenkomst om te verzetten of af te zeggen"
        );
        assert_eq!(
            event.move_occurrence(
                date("2026-11-12"),
                date("2026-11-12"),
                time("14:00"),
                time("13:00")
            ),
            Err(OccurrenceChangeError::EndNotAfterStart)
        );
        let one_off = Schedule::new(
            date("2026-12-12"),
            time("10:00"),
            time("16:00"),
            None,
            Default::default(),
        )
        .unwrap();
        assert_eq!(
            Event::new("u", STAMP, "s", one_off).cancel_occurrence(date("2026-12-12")),
            Err(OccurrenceChangeError::OneOff)
        );
    }

    #[test]
    fn the_latest_change_to_a_session_wins_and_moving_back_undoes_it() {
        let mut event = Event::new("u", STAMP, "s", stoelgym_schedule());
        let original = date("2026-11-12");
        event
            .move_occurrence(original, date("2026-11-13"), time("12:00"), time("13:00"))
            .unwrap();
        event.cancel_occurrence(original).unwrap();
        assert_eq!(
            event.changes().get(&original),
            Some(&OccurrenceChange::Cancelled)
        );
        event
            .move_occurrence(original, original, time("12:00"), time("13:00"))
            .unwrap();
        assert!(event.changes().is_empty());
    }

    #[test]
    fn text_is_escaped_and_control_characters_cannot_break_a_line() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg\u{7}h\ti"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ngh i"
        );
        assert_eq!(escape_text("café – één"), "café – één");
        let schedule = stoelgym_schedule();
        let mut calendar = Calendar::new("p", "n");
        calendar.events.push(
            Event::new("u", STAMP, "Stoelgym\r\nEND:VEVENT", schedule)
                .with_url("https://kring.example/\r\nX-EVIL:1"),
        );
        let ics = calendar.to_ics();
        assert!(ics.contains("\r\nSUMMARY:Stoelgym\\nEND:VEVENT\r\n"));
        assert!(ics.contains("\r\nURL:https://kring.example/X-EVIL:1\r\n"));
        assert_eq!(ics.matches("END:VEVENT").count(), 2);
    }

    #[test]
    fn folding_keeps_multibyte_characters_whole() {
        let text = format!(
            "DESCRIPTION:{}",
            "Één koffie € 1,50 – ruimte voor iedereen 🙂 ".repeat(12)
        );
        let folded = fold_line(&text);
        for line in folded.split("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS, "{line:?}");
        }
        // Every continuation line starts with exactly the one folding space.
        assert!(
            folded
                .split("\r\n")
                .skip(1)
                .all(|line| line.starts_with(' '))
        );
        assert!(folded.split("\r\n").count() > 5);
        assert_eq!(unfold(&folded), text);
        // Each prefix of a multi-byte run: the cut moves back to a character boundary.
        for padding in 0..4 {
            let text = format!("{}{}", "x".repeat(72 + padding), "€".repeat(40));
            let folded = fold_line(&text);
            assert!(
                folded
                    .split("\r\n")
                    .all(|line| line.len() <= MAX_LINE_OCTETS)
            );
            assert_eq!(unfold(&folded), text);
        }
    }

    #[test]
    fn a_line_of_75_octets_is_not_folded_and_one_of_76_is() {
        let exact = "x".repeat(75);
        assert_eq!(fold_line(&exact), exact);
        let longer = "x".repeat(76);
        assert_eq!(fold_line(&longer), format!("{}\r\n x", "x".repeat(75)));
        let long = "x".repeat(75 + 74 + 1);
        assert_eq!(
            fold_line(&long),
            format!("{}\r\n {}\r\n x", "x".repeat(75), "x".repeat(74))
        );
    }
}
