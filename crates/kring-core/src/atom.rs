//! Atom 1.0 (RFC 4287) as text, for the district's news feed: a feed with its id, title,
//! link and updated instant, and entries with stable ids. Pure: the caller gives the instants
//! (unix seconds), so the same data always gives the same bytes.

use crate::civil::Date;

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable for the life of the entry (`tag:` or `urn:` URI).
    pub id: String,
    pub title: String,
    pub updated: i64,
    pub published: i64,
    /// Absolute link to where the entry is shown.
    pub link: String,
    pub author: String,
    pub category: String,
    pub summary: String,
}

/// A feed and its entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: String,
    pub title: String,
    /// The page the feed belongs to.
    pub link: String,
    /// The feed's own address.
    pub self_link: String,
    pub lang: String,
    /// Used when there are no entries; else the newest entry's `updated`.
    pub updated_when_empty: i64,
    pub entries: Vec<Entry>,
}

/// Escapes text for XML content and attribute values; control characters XML 1.0 forbids
/// are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An instant as RFC 3339 in UTC, as Atom's date constructs want (`2026-12-05T15:42:01Z`).
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    let date = Date::from_days_since_epoch(days)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "1970-01-01".to_owned());
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

impl Feed {
    pub fn updated(&self) -> i64 {
        self.entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(self.updated_when_empty)
    }

    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&self.lang)
        ));
        out.push_str(&format!("  <id>{}</id>\n", escape(&self.id)));
        out.push_str(&format!("  <title>{}</title>\n", escape(&self.title)));
        out.push_str(&format!(
            "  <updated>{}</updated>\n",
            rfc3339(self.updated())
        ));
        out.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&self.link)
        ));
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&self.self_link)
        ));
        out.push_str("  <generator>Kring</generator>\n");
        for entry in &self.entries {
            out.push_str("  <entry>\n");
            out.push_str(&format!("    <id>{}</id>\n", escape(&entry.id)));
            out.push_str(&format!("    <title>{}</title>\n", escape(&entry.title)));
            out.push_str(&format!(
                "    <updated>{}</updated>\n",
                rfc3339(entry.updated)
            ));
            out.push_str(&format!(
                "    <published>{}</published>\n",
                rfc3339(entry.published)
            ));
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(&entry.author)
            ));
            out.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape(&entry.category)
            ));
            out.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&entry.link)
            ));
            out.push_str(&format!(
                "    <summary type=\"text\">{}</summary>\n",
                escape(&entry.summary)
            ));
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_written_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_485_321), "2026-12-05T15:42:01Z");
    }

    #[test]
    fn text_is_escaped_and_the_feed_takes_its_newest_entry() {
        let entry = Entry {
            id: "tag:kring.invalid,2026:announcement-7".into(),
            title: "Pas op <nep> & \"echt\"".into(),
            updated: 200,
            published: 100,
            link: "https://x.example/wijk/WK1?a=1&b=2".into(),
            author: "Buurthuis".into(),
            category: "warning".into(),
            summary: "Tekst\u{7}".into(),
        };
        let feed = Feed {
            id: "tag:kring.invalid,2026:WK1".into(),
            title: "Wijk".into(),
            link: "https://x.example/wijk/WK1".into(),
            self_link: "https://x.example/wijk/WK1/nieuws.xml".into(),
            lang: "nl".into(),
            updated_when_empty: 50,
            entries: vec![entry],
        };
        let xml = feed.to_xml();
        assert!(xml.contains("<title>Pas op &lt;nep&gt; &amp; &quot;echt&quot;</title>"));
        assert!(xml.contains("href=\"https://x.example/wijk/WK1?a=1&amp;b=2\""));
        assert!(xml.contains("<summary type=\"text\">Tekst</summary>"));
        assert!(xml.contains("  <updated>1970-01-01T00:03:20Z</updated>"));
        let empty = Feed {
            entries: Vec::new(),
            ..feed
        };
        assert!(
            empty
                .to_xml()
                .contains("<updated>1970-01-01T00:00:50Z</updated>")
        );
    }
}
