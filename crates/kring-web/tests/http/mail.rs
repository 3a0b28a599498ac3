//! Mail through an SMTP relay: a small SMTP server inside the test takes what Kring sends. With
//! mail configured, an admin's reset link goes to the account's address (with Kring's public
//! address, never the request's) and is not shown; when the relay refuses, the link is shown
//! as without mail, with a note.

use crate::{TestApp, nobody};
use kring_core::account::Role;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Starts an SMTP server that accepts every mail (or refuses every recipient) and keeps the
/// messages' text.
async fn smtp_server(refuse: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let mails: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = mails.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let answer: &[u8] =
                        if command.starts_with("EHLO") || command.starts_with("HELO") {
                            b"250 test\r\n"
                        } else if command.starts_with("RCPT") && refuse {
                            b"550 no such user\r\n"
                        } else if command.starts_with("DATA") {
                            write.write_all(b"354 go ahead\r\n").await.unwrap();
                            let mut text = String::new();
                            while let Ok(Some(data)) = lines.next_line().await {
                                if data == "." {
                                    break;
                                }
                                text.push_str(&data);
                                text.push('\n');
                            }
                            kept.lock().unwrap().push(text);
                            b"250 queued\r\n"
                        } else if command.starts_with("QUIT") {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            return;
                        } else {
                            b"250 ok\r\n"
                        };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (format!("smtp://{address}"), mails)
}

async fn start_with_mail(store: kring_store::Store, smtp_url: String) -> TestApp {
    let mailer = kring_web::mail::Mailer::new(kring_web::mail::MailSettings {
        smtp_url,
        from: "Kring <kring@voorbeeld.nl>".into(),
        public_url: "https://kring.voorbeeld.nl/".into(),
    })
    .unwrap();
    TestApp::start_config(
        store,
        kring_web::WebConfig {
            mail: Some(Arc::new(mailer)),
            ..Default::default()
        },
    )
    .await
}

async fn issue_reset_link(app: &TestApp, user_id: i64) -> String {
    let admin = app.login("beheer@voorbeeld.nl").await;
    let page = format!("/beheer/accounts/{user_id}");
    let csrf = app.csrf(&admin, &page).await;
    admin
        .post(app.url(&format!("{page}/herstellink")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reset_link_goes_by_mail_when_mail_is_configured() {
    for database in kring_store::testing::databases().await {
        let backend = database.backend();
        let (smtp_url, mails) = smtp_server(false).await;
        let app = start_with_mail(database.store.clone(), smtp_url).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody())
            .await;
        let user_id = app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let html = issue_reset_link(&app, user_id).await;
        assert!(
            html.contains("id=\"reset-mailed\""),
            "{backend}: the page says it was mailed"
        );
        assert!(
            !html.contains("/wachtwoord-herstellen/"),
            "{backend}: the link is not shown"
        );
        let sent = mails.lock().unwrap().clone();
        assert_eq!(sent.len(), 1, "{backend}");
        // Quoted-printable: undo the soft line breaks (the link holds no other `=`).
        let mail = &sent[0].replace("=\n", "");
        assert!(mail.contains("To: a@voorbeeld.nl"), "{backend}: {mail}");
        let start = mail
            .find("https://kring.voorbeeld.nl/wachtwoord-herstellen/")
            .expect("the link");
        let link = mail[start..].split_whitespace().next().unwrap();
        let path = link.trim_start_matches("https://kring.voorbeeld.nl");
        // The mailed link works.
        let response = app.browser().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{backend}");
        database.finish().await;
    }
}

#[tokio::test]
async fn when_the_relay_refuses_the_link_is_shown_with_a_note() {
    for database in kring_store::testing::databases().await {
        let backend = database.backend();
        let (smtp_url, mails) = smtp_server(true).await;
        let app = start_with_mail(database.store.clone(), smtp_url).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody())
            .await;
        let user_id = app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let html = issue_reset_link(&app, user_id).await;
        assert!(html.contains("id=\"mail-failed\""), "{backend}");
        assert!(
            html.contains("data-path=\"/wachtwoord-herstellen/"),
            "{backend}"
        );
        assert!(mails.lock().unwrap().is_empty(), "{backend}");
        database.finish().await;
    }
}

#[test]
fn a_malformed_mail_setting_stops_the_start_with_a_clear_line() {
    let settings = |url: &str, from: &str, public: &str| kring_web::mail::MailSettings {
        smtp_url: url.into(),
        from: from.into(),
        public_url: public.into(),
    };
    let error =
        kring_web::mail::Mailer::new(settings("smtp://relay:25", "geen adres", "https://k.nl"))
            .unwrap_err();
    assert!(error.contains("--mail-from"), "{error}");
    let error =
        kring_web::mail::Mailer::new(settings("smtp://relay:25", "k@k.nl", "k.nl")).unwrap_err();
    assert!(error.contains("--public-url"), "{error}");
    let error = kring_web::mail::Mailer::new(settings("ftp://relay", "k@k.nl", "https://k.nl"))
        .unwrap_err();
    assert!(error.contains("--smtp-url"), "{error}");
}
