//! The admin forms (accounts, areas, settings, themes) refuse in the reader's language: each
//! submitted empty or wrong says every problem in Dutch on a Dutch page and in English on an
//! English one, next to its field and in a summary that follows the form; and a conflict of
//! the store is said in the language the client asks for.

use crate::{assert_summary_in_form_order, error_summary, nobody, seed_areas};
use kring_core::account::Role;
use reqwest::StatusCode;

/// The messages shown next to the fields, in page order.
fn field_messages(html: &str) -> Vec<String> {
    html.split("class=\"utrecht-form-field-error-message\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</p>").unwrap()].to_owned()
        })
        .collect()
}

/// The messages of the error summary, in its order.
fn summary_messages(html: &str) -> Vec<String> {
    let start = html.find("id=\"error-summary\"").expect("an error summary");
    let summary = &html[start..start + html[start..].find("</ul>").unwrap()];
    summary
        .split("<a class=\"utrecht-link\" href=\"#")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// One refused form: where it is posted, what is sent, the ids its summary links to and the
/// messages in Dutch and English.
struct Refusal {
    path: String,
    form: Vec<(&'static str, &'static str)>,
    ids: Vec<String>,
    dutch: Vec<&'static str>,
    english: Vec<&'static str>,
}

fn refusal(
    path: &str,
    form: &[(&'static str, &'static str)],
    ids: &[&str],
    dutch: &[&'static str],
    english: &[&'static str],
) -> Refusal {
    Refusal {
        path: path.to_owned(),
        form: form.to_vec(),
        ids: ids.iter().map(|id| (*id).to_owned()).collect(),
        dutch: dutch.to_vec(),
        english: english.to_vec(),
    }
}

on_every_backend! {
    async fn every_admin_form_refuses_in_the_language_of_the_page(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let theme_id = app.store.themes().await.unwrap()[0].theme_id;
        let theme_path = format!("/beheer/themas/{theme_id}");
        let cases = [
            refusal("/beheer/accounts", &[], &["email", "display_name", "role"],
                &["Vul een e-mailadres in.", "Vul een naam in.", "Kies een rol."],
                &["Enter an e-mail address.", "Enter a name.", "Choose a role."]),
            refusal("/beheer/accounts",
                &[("email", "geen-email"), ("display_name", "Fatima Yilmaz"), ("role", "professional")],
                &["email", "districts"],
                &["Dit is geen geldig e-mailadres.", "Een professional heeft minstens één wijk nodig (of alle wijken)."],
                &["This is not a valid e-mail address.", "A professional needs at least one district (or all districts)."]),
            refusal("/beheer/accounts",
                &[("email", "beheer@voorbeeld.nl"), ("display_name", "Nog een"), ("role", "partner")],
                &["organisation_id"],
                &["Een partner hoort bij een organisatie; kies er een."],
                &["A partner belongs to an organisation; choose one."]),
            refusal("/beheer/gebieden/nieuw", &[], &["area-code", "area-name", "area-year"],
                &["Vul een code in (WK… voor een wijk, BU… voor een buurt).", "Vul een naam in.", "Vul dit in."],
                &["Enter a code (WK… for a district, BU… for a neighbourhood).", "Enter a name.", "Fill this in."]),
            refusal("/beheer/gebieden/nieuw", &[("code", "XY12"), ("name", "Ergens"), ("year", "1800")],
                &["area-code", "area-year"],
                &["Een code is WK en 6 tekens (een wijk, zoals WK036300) of BU en 8 tekens (een buurt, zoals BU03630001).", "Kies een getal van 1990 tot en met 2100."],
                &["A code is WK and 6 characters (a district, such as WK036300) or BU and 8 characters (a neighbourhood, such as BU03630001).", "Choose a number from 1990 to 2100."]),
            refusal("/beheer/gebieden/nieuw", &[("code", "WK999901"), ("name", "Voorstad"), ("year", "2026")],
                &["area-code"],
                &["Er is al een wijk of buurt met deze code in dit jaar."],
                &["There is already a district or neighbourhood with this code in this year."]),
            refusal("/beheer/gebieden/postcodes", &[], &["pc", "nb", "x"],
                &["Vul een postcode in.", "Kies een buurt.", "Vul x en y in (Rijksdriehoek-meters)."],
                &["Enter a postcode.", "Choose a neighbourhood.", "Enter x and y (Rijksdriehoek metres)."]),
            refusal("/beheer/instellingen", &[("logo_url", "http://logo.example")],
                &["municipality_name", "theme_class", "logo_url"],
                &["Vul de naam van de gemeente in.", "Gebruik alleen letters, cijfers, - en _.", "Gebruik een adres dat begint met https:// of met /."],
                &["Enter the name of the municipality.", "Use only letters, digits, - and _.", "Use an address starting with https:// or with /."]),
            refusal("/beheer/instellingen/signalen", &[("proposal_expiry_days", "91")], &["pickup_norm_hours", "retention_months", "first_contact_days", "proposal_expiry_days"],
                &["Kies een getal van 1 tot en met 720.", "Kies een getal van 1 tot en met 120.", "Vul dit in.", "Kies een getal van 1 tot en met 90."],
                &["Choose a number from 1 to 720.", "Choose a number from 1 to 120.", "Fill this in.", "Choose a number from 1 to 90."]),
            refusal("/beheer/themas", &[("code", "Koken <b>")],
                &["new-code", "new-label_nl", "new-label_en", "new-position"],
                &["Een code heeft 2 tot 40 kleine letters, cijfers en streepjes (zoals psychisch-welzijn).", "Vul een naam in.", "Vul een naam in.", "Kies een getal van 0 tot en met 999."],
                &["A code has 2 to 40 lower-case letters, digits and hyphens (such as psychisch-welzijn).", "Enter a name.", "Enter a name.", "Choose a number from 0 to 999."]),
            refusal(&theme_path, &[("label_nl", "Bewegen"), ("label_en", "x"), ("position", "1000")],
                &[&format!("position-{theme_id}")],
                &["Kies een getal van 0 tot en met 999."],
                &["Choose a number from 0 to 999."]),
            refusal(&theme_path, &[("label_nl", "Bewegen"), ("label_en", "x"), ("position", "1"), ("group_language", "xx")],
                &[&format!("group_language-{theme_id}")],
                &["Kies een taal uit de lijst."],
                &["Choose a language from the list."]),
        ];
        for english in [false, true] {
            let client = app.login("beheer@voorbeeld.nl").await;
            if english {
                client.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
            }
            // The token belongs to the session, whichever form it was read from.
            let csrf = app.csrf(&client, "/beheer/accounts").await;
            for case in &cases {
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend(case.form.iter().copied());
                let response = client.post(app.url(&case.path)).form(&form).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", case.path);
                let html = response.text().await.unwrap();
                let expected = if english { &case.english } else { &case.dutch };
                assert_eq!(&field_messages(&html), expected, "{} (English: {english})", case.path);
                assert_eq!(&summary_messages(&html), expected, "{} (English: {english})", case.path);
                let ids: Vec<&str> = case.ids.iter().map(String::as_str).collect();
                assert_summary_in_form_order(&html, &ids);
                let linked: Vec<String> = error_summary(&html).into_iter().map(|(id, _)| id).collect();
                assert_eq!(linked, case.ids, "{}", case.path);
                for (field, value) in &case.form {
                    let escaped = [
                        value.to_string(),
                        value.replace('<', "&#60;").replace('>', "&#62;"),
                        value.replace('<', "&lt;").replace('>', "&gt;"),
                    ];
                    let shown = escaped.iter().any(|v| html.contains(&format!("value=\"{v}\"")));
                    assert!(shown, "{}: {field} keeps {value:?}", case.path);
                }
            }
        }
        assert_eq!(app.store.accounts().await.unwrap().len(), 1, "no account was created");
    }

    async fn a_conflict_is_said_in_the_language_the_client_asks_for(app: TestApp) {
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let account_id = app.store.accounts().await.unwrap()[0].account_id;
        let (_, secret) = app.store.create_api_token(account_id, "test", None).await.unwrap();
        let post = |language: &'static str| {
            reqwest::Client::new()
                .post(app.url("/api/v1/organisations"))
                .bearer_auth(&secret)
                .header("accept-language", language)
                .json(&serde_json::json!({"name": "Het Enkhuis", "kind": "welfare"}))
                .send()
        };
        assert_eq!(post("nl").await.unwrap().status(), StatusCode::CREATED);
        for (language, expected) in [
            ("nl", "Er is al een organisatie met deze naam."),
            ("en", "There is already an organisation with this name."),
        ] {
            let response = post(language).await.unwrap();
            assert_eq!(response.status(), StatusCode::CONFLICT, "{language}");
            let problem: serde_json::Value = response.json().await.unwrap();
            assert_eq!(problem["detail"], expected, "{language}");
        }
    }
}
