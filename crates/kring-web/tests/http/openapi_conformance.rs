//! The OpenAPI document against the running application: on the demo municipality, every GET
//! route of the document whose path parameters can be filled in (ids taken from the list
//! responses) is called as a professional, a coordinator and a partner, and without a token. Each answer must have a
//! status the document declares for that path, and a JSON body valid under the schema the
//! document gives for that status (with `#/components/schemas/…` resolved in the document).

use kring_core::account::Email;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The demo's accounts that call every route.
const CALLERS: [&str; 3] = [
    "wijkteam@voorbeeld.nl",
    "netwerk@voorbeeld.nl",
    "enkhuis@voorbeeld.nl",
];

/// How many ids of each list are used to fill in the routes below it.
const IDS_PER_LIST: usize = 2;

/// The lists whose items fill in path parameters, shallow lists first, and the field that
/// holds the ids in their items. A parameter takes the ids of the list at the path before it
/// (`/api/v1/collectives/6/goals/{gid}`: the goals of collective 6).
const ID_SOURCES: [(&str, &str); 20] = [
    ("/api/v1/networks", "network_id"),
    ("/api/v1/networks/{id}/meetings", "meeting_id"),
    ("/api/v1/collectives", "collective_id"),
    ("/api/v1/collectives/{id}/goals", "goal_id"),
    ("/api/v1/collectives/{id}/help-requests", "request_id"),
    ("/api/v1/collectives/{id}/sessions", "session_id"),
    ("/api/v1/collectives/{id}/members", "member_id"),
    ("/api/v1/offers", "offer_id"),
    ("/api/v1/organisations", "organisation_id"),
    ("/api/v1/venues", "venue_id"),
    ("/api/v1/questions", "question_id"),
    ("/api/v1/signals", "signal_id"),
    ("/api/v1/stories", "story_id"),
    ("/api/v1/hsds/services", "id"),
    ("/api/v1/hsds/organizations", "id"),
    ("/api/v1/volunteer-offers", "volunteer_offer_id"),
    ("/api/v1/volunteer-roles", "volunteer_role_id"),
    ("/api/v1/volunteer-matches", "volunteer_match_id"),
    ("/api/v1/initiatives", "initiative_id"),
    ("/api/v1/referrals", "referral_id"),
];

/// Values for the required query parameters, by name.
const REQUIRED_QUERY: [(&str, &str); 1] = [("district", "WK999901")];

/// The values of `key` in the items of a list: the array itself, or the arrays directly inside
/// an object (`items`, `requests`, `contents`).
fn ids_in(list: &Value, key: &str) -> Vec<String> {
    let arrays: Vec<&Vec<Value>> = match list {
        Value::Array(items) => vec![items],
        Value::Object(fields) => fields.values().filter_map(Value::as_array).collect(),
        _ => Vec::new(),
    };
    arrays
        .into_iter()
        .flatten()
        .filter_map(|item| match item.get(key)? {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// Validates answers against the document's response schemas, compiled once per schema.
struct Checker {
    doc: Value,
    validators: BTreeMap<(String, String), jsonschema::Validator>,
    failures: Vec<String>,
    checked: usize,
}

impl Checker {
    fn new() -> Self {
        Checker {
            doc: serde_json::from_str(&kring_web::openapi_document()).unwrap(),
            validators: BTreeMap::new(),
            failures: Vec::new(),
            checked: 0,
        }
    }

    /// The GET paths of the document, in its order.
    fn get_paths(&self) -> Vec<String> {
        self.doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, item)| item.get("get").is_some())
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// Records a failure unless the answer to `GET template` (as `url`) has a declared status
    /// and, for JSON, a body valid under the declared schema.
    fn check(
        &mut self,
        template: &str,
        url: &str,
        who: &str,
        status: u16,
        content_type: &str,
        body: &str,
    ) {
        self.checked += 1;
        let responses = &self.doc["paths"][template]["get"]["responses"];
        let Some(response) = responses
            .get(status.to_string())
            .or_else(|| responses.get("default"))
        else {
            self.failures.push(format!(
                "GET {url} as {who}: status {status} is not declared for {template} (declared: {:?}); body: {body}",
                responses.as_object().map(|r| r.keys().collect::<Vec<_>>()).unwrap_or_default()
            ));
            return;
        };
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return;
        };
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let Some(declared) = content.get(media) else {
            self.failures.push(format!(
                "GET {url} as {who}: {status} came as {media:?}, the document declares {:?}",
                content.keys().collect::<Vec<_>>()
            ));
            return;
        };
        let Some(schema) = declared.get("schema") else {
            return;
        };
        let instance: Value = match serde_json::from_str(body) {
            Ok(value) => value,
            Err(error) => {
                self.failures.push(format!(
                    "GET {url} as {who}: {status} body is not JSON ({error}): {body}"
                ));
                return;
            }
        };
        let key = (template.to_owned(), format!("{status} {media}"));
        if !self.validators.contains_key(&key) {
            // The response schema with the document's components beside it, so that
            // `#/components/schemas/…` resolves inside this one schema.
            let mut root = schema.clone();
            if let Value::Object(fields) = &mut root {
                fields.insert(
                    "components".into(),
                    json!({ "schemas": self.doc["components"]["schemas"] }),
                );
            }
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&root)
                .unwrap_or_else(|e| panic!("the schema of GET {template} {status}: {e}"));
            self.validators.insert(key.clone(), validator);
        }
        let problems: Vec<String> = self.validators[&key]
            .iter_errors(&instance)
            .map(|e| format!("    {e} at {}", e.instance_path()))
            .collect();
        if !problems.is_empty() {
            self.failures.push(format!(
                "GET {url} as {who}: {status} body does not match the document's schema:\n{}",
                problems.join("\n")
            ));
        }
    }
}

/// Every way to fill in `template`'s path parameters with known ids (each parameter from the
/// list at the path before it), or none when one of them has no ids.
fn fill(template: &str, ids: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut filled = vec![String::new()];
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap() + open;
        let before = &rest[..open];
        filled = filled
            .iter()
            .flat_map(|done| {
                let list = format!("{done}{before}");
                ids.get(list.trim_end_matches('/'))
                    .into_iter()
                    .flatten()
                    .map(move |id| format!("{list}{id}"))
            })
            .collect();
        rest = &rest[close + 1..];
    }
    filled
        .into_iter()
        .map(|done| format!("{done}{rest}"))
        .collect()
}

/// The query string of the required query parameters of `GET template`.
fn required_query(doc: &Value, template: &str) -> String {
    let parameters = doc["paths"][template]["get"]["parameters"].as_array();
    let pairs: Vec<String> = parameters
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .map(|p| {
            let name = p["name"].as_str().unwrap();
            let value = REQUIRED_QUERY
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| {
                    panic!("no value for the required query parameter {name} of {template}")
                })
                .1;
            format!("{name}={value}")
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

on_every_backend! {
    async fn every_get_route_answers_as_the_openapi_document_declares(app: TestApp) {
        app.store.load_demo().await.unwrap();
        let mut tokens = Vec::new();
        for email in CALLERS {
            let account = app.store.account_by_email(&Email::parse(email).unwrap()).await.unwrap();
            let (_, token) = app.store.create_api_token(account.account_id, "conformance", None).await.unwrap();
            tokens.push((email, token));
        }
        let http = reqwest::Client::new();

        // A bundling run to read back (runs have no list).
        let run: Value = http
            .post(app.url("/api/v1/bundling/runs"))
            .bearer_auth(&tokens[0].1)
            .json(&json!({"districts": ["WK999901"], "min_group": 3, "max_group": 12}))
            .send().await.unwrap().json().await.unwrap();
        let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
        ids.insert("/api/v1/bundling/runs".into(), vec![run["run_id"].to_string()]);

        // Ids from the lists, as each caller sees them.
        for (list_template, key) in ID_SOURCES {
            let lists = fill(list_template, &ids);
            assert!(!lists.is_empty(), "no ids to fill in {list_template}");
            for list in lists {
                let mut found: Vec<String> = Vec::new();
                for (_, token) in &tokens {
                    let response = http.get(app.url(&list)).bearer_auth(token).send().await.unwrap();
                    if !response.status().is_success() {
                        continue;
                    }
                    let value: Value = response.json().await.unwrap();
                    for id in ids_in(&value, key).into_iter().take(IDS_PER_LIST) {
                        if !found.contains(&id) {
                            found.push(id);
                        }
                    }
                }
                ids.insert(list, found);
            }
        }

        // Residents have no list: their ids come from the questions the professional reads.
        let mut residents: Vec<String> = Vec::new();
        for question in ids.get("/api/v1/questions").cloned().unwrap_or_default() {
            let response = http.get(app.url(&format!("/api/v1/questions/{question}")))
                .bearer_auth(&tokens[0].1).send().await.unwrap();
            if response.status().is_success() {
                let value: Value = response.json().await.unwrap();
                residents.push(value["resident"]["resident_id"].to_string());
            }
        }
        ids.insert("/api/v1/residents".into(), residents);

        let mut checker = Checker::new();
        let mut unfilled = BTreeSet::new();
        for template in checker.get_paths() {
            let urls = fill(&template, &ids);
            if urls.is_empty() {
                unfilled.insert(template.clone());
            }
            let query = required_query(&checker.doc, &template);
            for url in urls {
                let url = format!("{url}{query}");
                let callers = tokens.iter().map(|(who, token)| (*who, Some(token.as_str())));
                for (who, token) in callers.chain([("no one", None)]) {
                    let mut request = http.get(app.url(&url));
                    if let Some(token) = token {
                        request = request.bearer_auth(token);
                    }
                    let response = request.send().await.unwrap();
                    let status = response.status().as_u16();
                    let content_type = response
                        .headers()
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let body = response.text().await.unwrap();
                    checker.check(&template, &url, who, status, &content_type, &body);
                }
            }
        }
        assert!(unfilled.is_empty(), "GET routes the test cannot fill in: {unfilled:?}");
        assert!(checker.checked > 100, "only {} answers checked", checker.checked);
        assert!(
            checker.failures.is_empty(),
            "{} of {} answers differ from the OpenAPI document:\n{}",
            checker.failures.len(),
            checker.checked,
            checker.failures.join("\n")
        );
    }
}
