//! Mail, when configured (`kring serve --smtp-url … --mail-from … --public-url …`): for now the
//! one-time reset link an admin issues goes to the account's own address instead of being shown
//! on the admin's screen. `smtp://host:25` speaks plain SMTP to a relay (a local postfix that
//! delivers onward), `smtp://host:587?tls=required` uses STARTTLS and `smtps://host:465` TLS;
//! a user name and password go in the URL (`smtp://user:pass@host`). TLS trusts the Mozilla
//! roots (`webpki-roots`).

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// What `kring serve` was told about mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp_url: String,
    pub from: String,
    /// Kring's address as browsers reach it, for the links in a mail.
    pub public_url: String,
}

/// Sends Kring's mails.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    /// The sender and address only: the SMTP URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for these settings; a malformed URL or sender is an error in Dutch, for
    /// `kring serve`'s start.
    pub fn new(settings: MailSettings) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| format!("--smtp-url is geen bruikbaar SMTP-adres: {e}"))?
            .build();
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("--mail-from {:?} is geen e-mailadres: {e}", settings.from))?;
        let public_url = settings.public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(format!(
                "--public-url {public_url:?} moet met https:// (of http://) beginnen"
            ));
        }
        Ok(Mailer {
            transport,
            from,
            public_url,
        })
    }

    /// The absolute link to a path of Kring.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Sends one plain-text mail; an error names what went wrong, for the log.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        let to = to.parse::<Mailbox>().map_err(|e| e.to_string())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Mails every organisation whose "Klopt dit nog?" question is due and was not mailed this
/// round (Dutch, then English), and notes it; a failed mail is logged and tried again the next
/// day. Returns how many were sent.
pub async fn ask_upkeep(mailer: &Mailer, store: &kring_store::Store) -> Result<usize, String> {
    use crate::i18n::Lang;
    let asks = store
        .organisations_to_ask()
        .await
        .map_err(|e| e.to_string())?;
    let mut sent = 0;
    for ask in asks {
        let args = [("organisation", ask.name.clone())];
        let body = format!(
            "{}\n\n{}\n\n---\n\n{}\n\n{}\n",
            Lang::Nl.t_with("upkeep-mail-body", &args),
            mailer.link("/#klopt-dit-nog"),
            Lang::En.t_with("upkeep-mail-body", &args),
            mailer.link("/#klopt-dit-nog"),
        );
        match mailer
            .send(&ask.email, &Lang::Nl.t("upkeep-mail-subject"), body)
            .await
        {
            Ok(()) => {
                store
                    .mark_upkeep_asked(ask.organisation_id)
                    .await
                    .map_err(|e| e.to_string())?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(organisation = ask.organisation_id, %error, "upkeep mail failed")
            }
        }
    }
    Ok(sent)
}
