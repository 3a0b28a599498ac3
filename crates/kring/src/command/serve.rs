//! `kring serve`: open the database, optionally load the demo municipality, and serve the web
//! application and the JSON API until Ctrl-C or SIGTERM.

use crate::database::DatabaseArgs;
use anyhow::Context;
use clap::Args;
use clap::builder::BoolishValueParser;
use kring_store::demo::{DemoAccount, DemoOutcome};
use kring_web::WebConfig;
use kring_web::oidc::{Oidc, OidcSettings};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Port 0 picks a free port; the address actually used is
    /// printed as "Kring draait op http://ADDRESS".
    #[arg(
        long,
        env = "KRING_BIND",
        value_name = "ADDRESS",
        default_value = "127.0.0.1:8080"
    )]
    pub bind: String,

    /// Demo mode: load the demo municipality "Gemeente Voorbeeld" with one account per role
    /// into an empty database and show those accounts on the login page. Never use this for
    /// real data.
    #[arg(long, env = "KRING_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// Mark cookies Secure: set this when Kring is reached over HTTPS, directly or behind a
    /// reverse proxy.
    #[arg(long, env = "KRING_SECURE_COOKIES", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,

    /// The address of a reverse proxy in front of Kring (repeat it, or separate addresses with
    /// commas in the variable). For requests from these addresses the client is read from
    /// `X-Forwarded-For`, so the per-address limits of the login and Stel je vraag count each
    /// resident apart instead of everyone behind the proxy together.
    #[arg(
        long = "trusted-proxy",
        env = "KRING_TRUSTED_PROXIES",
        value_name = "IP",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// `GET /ready` reports "not ready" when the file system holding the SQLite file has less
    /// free space than this many megabytes (0: never). Not used for PostgreSQL.
    #[arg(
        long,
        env = "KRING_MIN_FREE_DISK_MB",
        value_name = "MB",
        default_value_t = 100
    )]
    pub min_free_disk_mb: u64,

    #[command(flatten)]
    pub oidc: OidcArgs,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Single sign-on through the organisation's OpenID Connect provider (Entra ID, Keycloak,
/// ADFS). Off unless `--oidc-issuer` is given; then the client id and Kring's public address
/// are needed too, and the provider must answer at start.
#[derive(Args)]
pub struct OidcArgs {
    /// The provider's issuer URL, e.g. https://login.microsoftonline.com/TENANT/v2.0 or
    /// https://sso.gemeente.nl/realms/gemeente. Its /.well-known/openid-configuration is read
    /// at start.
    #[arg(long, env = "KRING_OIDC_ISSUER", value_name = "URL", requires_all = ["oidc_client_id", "oidc_public_url"])]
    pub oidc_issuer: Option<String>,

    /// The client id Kring is registered with at the provider.
    #[arg(long, env = "KRING_OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,

    /// The client secret (confidential client); better given as KRING_OIDC_CLIENT_SECRET than
    /// on the command line. Never printed.
    #[arg(
        long,
        env = "KRING_OIDC_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,

    /// Kring's address as browsers reach it, e.g. https://kring.gemeente.nl. Register
    /// URL/inloggen/oidc/terug as the redirect URI at the provider, and URL/inloggen as the
    /// address to return to after logout.
    #[arg(long, env = "KRING_OIDC_PUBLIC_URL", value_name = "URL")]
    pub oidc_public_url: Option<String>,

    /// The ID token claim that carries the Kring role (admin, professional, coordinator,
    /// partner, analyst or guide; the first value that is one counts), e.g. `roles` in Entra
    /// ID. Given: a user without a Kring account gets one with that role, and every login sets
    /// the role. Not given: Kring's own assignment counts.
    #[arg(
        long,
        env = "KRING_OIDC_ROLE_CLAIM",
        value_name = "CLAIM",
        requires = "oidc_issuer"
    )]
    pub oidc_role_claim: Option<String>,

    /// The ID token claim that carries the districts, as CBS codes (WK036301) or * for every
    /// district. Without it the districts stay as they are in Kring.
    #[arg(
        long,
        env = "KRING_OIDC_DISTRICTS_CLAIM",
        value_name = "CLAIM",
        requires = "oidc_role_claim"
    )]
    pub oidc_districts_claim: Option<String>,
}

/// Mail through an SMTP relay. Off unless `--smtp-url` is given; then the sender and Kring's
/// public address are needed too. An admin's reset link then goes to the account's address.
#[derive(Args)]
pub struct MailArgs {
    /// The SMTP relay: smtp://HOST:25 (plain, a relay on the local network), smtp://HOST:587?tls=required
    /// (STARTTLS) or smtps://HOST:465; a user and password as smtp://USER:PASSWORD@HOST. Better
    /// given as KRING_SMTP_URL than on the command line. Never printed.
    #[arg(long, env = "KRING_SMTP_URL", value_name = "URL", hide_env_values = true, requires_all = ["mail_from", "public_url"])]
    pub smtp_url: Option<String>,

    /// The sender of Kring's mails, e.g. "Kring <kring@gemeente.nl>".
    #[arg(long, env = "KRING_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// Kring's address as browsers reach it, e.g. https://kring.gemeente.nl: the links in
    /// mails start with it (never with the address a request came in on).
    #[arg(long, env = "KRING_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

impl std::fmt::Debug for MailArgs {
    /// Everything but the SMTP URL, which may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "…"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

impl MailArgs {
    fn mailer(&self) -> anyhow::Result<Option<std::sync::Arc<kring_web::mail::Mailer>>> {
        let Some(smtp_url) = self.smtp_url.clone() else {
            return Ok(None);
        };
        let mailer = kring_web::mail::Mailer::new(kring_web::mail::MailSettings {
            smtp_url,
            from: self.mail_from.clone().unwrap_or_default(),
            public_url: self.public_url.clone().unwrap_or_default(),
        })
        .map_err(|message| anyhow::anyhow!("mail: {message}"))?;
        eprintln!("Mail via SMTP: {mailer:?}");
        Ok(Some(std::sync::Arc::new(mailer)))
    }
}

impl std::fmt::Debug for OidcArgs {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcArgs")
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field(
                "oidc_client_secret",
                &self.oidc_client_secret.as_ref().map(|_| "…"),
            )
            .field("oidc_public_url", &self.oidc_public_url)
            .field("oidc_role_claim", &self.oidc_role_claim)
            .field("oidc_districts_claim", &self.oidc_districts_claim)
            .finish()
    }
}

impl OidcArgs {
    /// The provider, discovered; `None` when single sign-on is not configured.
    async fn discover(&self) -> anyhow::Result<Option<std::sync::Arc<Oidc>>> {
        let Some(issuer) = self.oidc_issuer.clone() else {
            return Ok(None);
        };
        let settings = OidcSettings {
            issuer,
            client_id: self.oidc_client_id.clone().unwrap_or_default(),
            client_secret: self.oidc_client_secret.clone(),
            public_url: self.oidc_public_url.clone().unwrap_or_default(),
            claims: kring_web::oidc_claims::ClaimNames {
                role: self.oidc_role_claim.clone(),
                districts: self.oidc_districts_claim.clone(),
            },
        };
        let oidc = Oidc::discover(settings)
            .await
            .map_err(|message| anyhow::anyhow!("single sign-on: {message}"))?;
        eprintln!("Inloggen via OpenID Connect: {oidc:?}");
        Ok(Some(std::sync::Arc::new(oidc)))
    }
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("kan niet luisteren op {}", args.bind))?;
    let address = listener
        .local_addr()
        .context("kan het adres van de server niet bepalen")?;
    // Before anything else: a provider that cannot be reached is a start-up error.
    let oidc = args.oidc.discover().await?;
    let mail = args.mail.mailer()?;
    let store = args.database.open_writable().await?;
    let mut demo = false;
    let store = if args.demo {
        // All or nothing: a failure half-way leaves the database as it was.
        let (store, outcome) = store
            .load_demo_whole()
            .await
            .context("demo laden mislukt; de database is ongewijzigd")?;
        match outcome {
            DemoOutcome::Loaded(accounts) | DemoOutcome::AlreadyLoaded(accounts) => {
                eprint!("{}", demo_table(&accounts));
                demo = true;
            }
            DemoOutcome::Refused => eprintln!(
                "waarschuwing: de database bevat al andere gegevens; de demo is niet geladen \
                 en Kring start zonder demo-modus"
            ),
        }
        store
    } else {
        store
    };

    super::retention::spawn_daily(store.clone(), mail.clone());
    let config = WebConfig {
        demo,
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trusted_proxies,
        min_free_disk_bytes: args.min_free_disk_mb.saturating_mul(1_000_000),
        oidc,
        mail,
    };
    eprintln!("Kring draait op http://{address}");
    kring_web::serve(store, config, listener)
        .await
        .context("de server is gestopt met een fout")
}

/// The demo logins as a small table, for the person who just started the demo.
fn demo_table(accounts: &[DemoAccount]) -> String {
    let header = ("rol", "e-mail", "wachtwoord");
    let role_width = accounts
        .iter()
        .map(|a| a.role.as_str().len())
        .chain([header.0.len()])
        .max()
        .unwrap_or_default();
    let email_width = accounts
        .iter()
        .map(|a| a.email.len())
        .chain([header.1.len()])
        .max()
        .unwrap_or_default();
    let mut table = String::from("Demo-accounts (alleen in demo-modus):\n");
    let rows = std::iter::once(header).chain(
        accounts
            .iter()
            .map(|a| (a.role.as_str(), a.email.as_str(), a.password.as_str())),
    );
    for (role, email, password) in rows {
        table.push_str(&format!(
            "  {role:<role_width$}  {email:<email_width$}  {password}\n"
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_core::account::Role;

    #[test]
    fn the_demo_table_lines_up_its_columns() {
        let table = demo_table(&[
            DemoAccount {
                role: Role::Admin,
                email: "beheer@voorbeeld.nl".into(),
                password: "geheim-een".into(),
            },
            DemoAccount {
                role: Role::Professional,
                email: "w@voorbeeld.nl".into(),
                password: "geheim-twee".into(),
            },
        ]);
        assert_eq!(
            table,
            "Demo-accounts (alleen in demo-modus):\n\
             \x20 rol           e-mail               wachtwoord\n\
             \x20 admin         beheer@voorbeeld.nl  geheim-een\n\
             \x20 professional  w@voorbeeld.nl       geheim-twee\n"
        );
    }
}
