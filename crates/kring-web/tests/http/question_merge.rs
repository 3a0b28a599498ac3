//! Questions brought along with their intake date (the CSV upload and the API) and probable
//! duplicates merged (the question's page and the API), over HTTP.

use crate::{TestApp, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Demo areas; tokens of a professional in Voorstad, one in Binnenstad and one in both.
async fn tokens(app: &TestApp) -> (String, String, String) {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let mut tokens = Vec::new();
    for (email, districts) in [
        ("wijkteam@voorbeeld.nl", vec![voorstad]),
        ("binnen@voorbeeld.nl", vec![binnenstad]),
        ("beide@voorbeeld.nl", vec![voorstad, binnenstad]),
    ] {
        let id = app
            .account(
                email,
                Role::Professional,
                DistrictAssignment::Only(districts.into_iter().collect()),
            )
            .await;
        tokens.push(
            app.store
                .create_api_token(id, "test", None)
                .await
                .unwrap()
                .1,
        );
    }
    (tokens[0].clone(), tokens[1].clone(), tokens[2].clone())
}

fn question(postcode: &str) -> Value {
    json!({
        "phone": "06-12345678",
        "postcode": postcode,
        "house_number": "3",
        "languages": ["nl"],
        "text": "Ik zoek iemand om samen mee te wandelen in het park.",
        "themes": ["bewegen"],
        "availability": ["do-middag"]
    })
}

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn create(app: &TestApp, token: &str, body: &Value) -> i64 {
    let response = post(app, token, "/api/v1/questions", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["question_id"]
        .as_i64()
        .unwrap()
}

fn days_ago(days: i64) -> String {
    kring_store::today()
        .checked_add_days(-days)
        .unwrap()
        .to_string()
}

on_every_backend! {
    async fn the_api_takes_an_intake_date_and_refuses_one_in_the_future(app: TestApp) {
        let (token, _, _) = tokens(&app).await;
        let mut body = question("9901");
        body["intake_date"] = json!(days_ago(12));
        let id = create(&app, &token, &body).await;
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{id}")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["received_on"], json!(days_ago(12)));
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"][0]["waiting_days"], 12, "{list}");

        for (day, code) in [(days_ago(-1), "in_the_future"), ("1999-12-31".to_owned(), "before_start"), ("12-11-2026".to_owned(), "invalid")] {
            body["intake_date"] = json!(day);
            let response = post(&app, &token, "/api/v1/questions", &body).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{day}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["codes"]["intake_date"], code, "{problem}");
            assert!(problem["errors"]["intake_date"].as_str().unwrap().contains("intakedatum"), "{problem}");
        }
        body["intake_date"] = json!(20261201);
        let problem: Value = post(&app, &token, "/api/v1/questions", &body).await.json().await.unwrap();
        assert_eq!(problem["codes"]["intake_date"], "invalid_type", "{problem}");
    }

    async fn a_csv_intake_date_in_the_future_is_named_by_line_and_nothing_is_imported(app: TestApp) {
        let (token, _, _) = tokens(&app).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let upload = |csv: String, csrf: String| reqwest::multipart::Form::new().text("csrf", csrf)
            .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("vragen.csv"));
        let csv = format!(
            "postcode,themes,text,availability,languages,intake_date\n\
             9901,taal,Goed,ma-avond,nl,{}\n9902,taal,Morgen,ma-avond,nl,{}\n",
            days_ago(40), days_ago(-1)
        );
        let csrf = app.csrf(&client, "/vragen/import").await;
        let response = client.post(app.url("/vragen/import")).multipart(upload(csv, csrf)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("regel 3, kolom intake_date"), "{html}");
        assert!(html.contains("De intakedatum ligt in de toekomst"), "{html}");
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 0, "nothing was imported");

        let csv = format!("postcode,themes,text,availability,languages,intake_date\n9901,taal,Goed,ma-avond,nl,{}\n", days_ago(40));
        let csrf = app.csrf(&client, "/vragen/import").await;
        let response = client.post(app.url("/vragen/import")).multipart(upload(csv, csrf)).send().await.unwrap();
        assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"][0]["received_on"], json!(days_ago(40)), "{list}");
        assert_eq!(list["items"][0]["waiting_days"], 40);
    }

    async fn the_page_shows_a_probable_duplicate_and_merges_it_with_one_click(app: TestApp) {
        let (token, _, _) = tokens(&app).await;
        let older = create(&app, &token, &question("9901")).await;
        let mut again = question("9902");
        again["text"] = json!("ik zoek iemand om samen mee te wandelen in het park");
        let newer = create(&app, &token, &again).await;
        let (older_code, newer_code) = (kring_core::question::reference::encode(older), kring_core::question::reference::encode(newer));

        let client = app.login("wijkteam@voorbeeld.nl").await;
        let html = client.get(app.url(&format!("/vragen/{older}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Mogelijk dubbel"), "{html}");
        assert!(html.contains(&format!("href=\"/vragen/{newer}\">{newer_code}</a>")), "{html}");
        assert!(html.contains(&format!("action=\"/vragen/{older}/samenvoegen\"")), "{html}");

        // Without the form's token nothing happens.
        let refused = client.post(app.url(&format!("/vragen/{older}/samenvoegen")))
            .form(&[("with", newer.to_string())]).send().await.unwrap();
        assert!(refused.status().is_client_error(), "{}", refused.status());

        let csrf = app.csrf(&client, &format!("/vragen/{newer}")).await;
        let response = client.post(app.url(&format!("/vragen/{newer}/samenvoegen")))
            .form(&[("csrf", csrf), ("with", older.to_string())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], format!("/vragen/{older}#geschiedenis").as_str());

        let kept = client.get(app.url(&format!("/vragen/{older}"))).send().await.unwrap().text().await.unwrap();
        assert!(!kept.contains("Mogelijk dubbel"), "{kept}");
        assert!(kept.contains(&format!("samengevoegd met <a class=\"utrecht-link kring-code\" href=\"/vragen/{newer}\">{newer_code}</a>")), "{kept}");
        let merged = client.get(app.url(&format!("/vragen/{newer}"))).send().await.unwrap().text().await.unwrap();
        assert!(merged.contains("Deze vraag is samengevoegd met"), "{merged}");
        assert!(merged.contains(&format!("href=\"/vragen/{older}\">{older_code}</a>")), "{merged}");
        assert!(merged.contains("Afgesloten (Samengevoegd)") || merged.contains("(Samengevoegd)"), "{merged}");

        // Once more: refused on the page, said in the duplicates block.
        let csrf = app.csrf(&client, &format!("/vragen/{older}")).await;
        let response = client.post(app.url(&format!("/vragen/{older}/samenvoegen")))
            .form(&[("csrf", csrf), ("with", newer.to_string())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("al afgesloten of samengevoegd"), "{html}");
    }

    async fn the_api_merges_within_a_district_and_refuses_across_districts(app: TestApp) {
        let (voorstad, binnenstad, both) = tokens(&app).await;
        let here = create(&app, &voorstad, &question("9901")).await;
        let there = create(&app, &binnenstad, &question("9911")).await;

        let response = post(&app, &voorstad, &format!("/api/v1/questions/{here}/merge"), &json!({ "with": there })).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = post(&app, &both, &format!("/api/v1/questions/{here}/merge"), &json!({ "with": there })).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["with"], "other_district", "{problem}");
        let response = post(&app, &voorstad, &format!("/api/v1/questions/{here}/merge"), &json!({ "with": here })).await;
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["with"], "invalid", "{problem}");

        let newer = create(&app, &voorstad, &question("9901")).await;
        let response = post(&app, &voorstad, &format!("/api/v1/questions/{newer}/merge"), &json!({ "with": here })).await;
        assert_eq!(response.status(), StatusCode::OK);
        let merged: Value = response.json().await.unwrap();
        assert_eq!(merged["kept"]["question_id"], here);
        assert_eq!(merged["merged"]["question_id"], newer);
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{newer}")))
            .bearer_auth(&voorstad).send().await.unwrap().json().await.unwrap();
        assert_eq!((read["status"].as_str(), read["outcome"].as_str()), (Some("closed"), Some("merged")));
        assert_eq!(read["merged_into"], json!(kring_core::question::reference::encode(here)));
        assert_eq!(read["history"][1]["merged_with"], json!(kring_core::question::reference::encode(here)));
        let response = post(&app, &voorstad, &format!("/api/v1/questions/{newer}/merge"), &json!({ "with": here })).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["with"], "closed", "{problem}");

        // Nobody closes a question as merged by hand.
        let response = post(&app, &voorstad, &format!("/api/v1/questions/{here}/status"), &json!({ "status": "closed", "outcome": "merged" })).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}
