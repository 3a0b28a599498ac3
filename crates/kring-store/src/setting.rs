//! The municipality's own settings: its name, theme and logo, and privacy statement. Stored in
//! the database so an admin changes them in the browser; never hard-coded in templates.

use crate::{Store, StoreError, now};
use kring_core::terms::Terms;
use serde::Serialize;
use sqlx::Row;

/// The settings as a whole, with their defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Shown in the header, e.g. "Gemeente Voorbeeld".
    pub municipality_name: String,
    /// The NL Design System theme class on `<body>`; the vendored tokens define
    /// `voorbeeld-theme`.
    pub theme_class: String,
    /// A design-token stylesheet of the municipality's own, loaded after the vendored one.
    pub theme_stylesheet_url: String,
    /// The municipality's logo in the header; empty shows the name only.
    pub logo_url: String,
    /// The municipality's privacy statement, linked from the footer and every consent text.
    pub privacy_url: String,
    /// The phone number residents call about their question (shown after Stel je vraag and on
    /// the privacy page); empty shows none.
    pub resident_phone: String,
    /// Map tiles for the public neighbourhood maps, as a Leaflet URL template such as
    /// `https://tile.example.nl/{z}/{x}/{y}.png`. Empty (the default): the map shows its markers
    /// on a plain background, so no resident's browser contacts a third party.
    pub map_tile_url: String,
    /// The attribution the tile provider asks for, shown on the map.
    pub map_attribution: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            municipality_name: String::new(),
            theme_class: "voorbeeld-theme".into(),
            theme_stylesheet_url: String::new(),
            logo_url: String::new(),
            privacy_url: String::new(),
            resident_phone: String::new(),
            map_tile_url: String::new(),
            map_attribution: String::new(),
        }
    }
}

const FIRST_CONTACT_KEY: &str = "first_contact_days";
const PROPOSAL_EXPIRY_KEY: &str = "proposal_expiry_days";

const KEYS: [&str; 8] = [
    "municipality_name",
    "theme_class",
    "theme_stylesheet_url",
    "logo_url",
    "privacy_url",
    "resident_phone",
    "map_tile_url",
    "map_attribution",
];

impl Store {
    /// The settings; the municipality's name falls back to the first imported municipality.
    pub async fn settings(&self) -> Result<Settings, StoreError> {
        let rows = sqlx::query("select key, value from setting")
            .fetch_all(self.pool())
            .await?;
        let mut settings = Settings::default();
        for row in rows {
            let key: String = row.try_get("key")?;
            let value: String = row.try_get("value")?;
            match key.as_str() {
                "municipality_name" => settings.municipality_name = value,
                "theme_class" => settings.theme_class = value,
                "theme_stylesheet_url" => settings.theme_stylesheet_url = value,
                "logo_url" => settings.logo_url = value,
                "privacy_url" => settings.privacy_url = value,
                "resident_phone" => settings.resident_phone = value,
                "map_tile_url" => settings.map_tile_url = value,
                "map_attribution" => settings.map_attribution = value,
                _ => {}
            }
        }
        if settings.municipality_name.is_empty() {
            settings.municipality_name = self
                .municipalities()
                .await?
                .into_iter()
                .next()
                .map(|m| m.name)
                .unwrap_or_else(|| "Kring".into());
        }
        Ok(settings)
    }

    /// The terms for the daily work (first-contact promise, proposal expiry), with their
    /// defaults where none is set or a stored one is out of range.
    pub async fn terms(&self) -> Result<Terms, StoreError> {
        let rows = sqlx::query("select key, value from setting where key in ($1, $2)")
            .bind(FIRST_CONTACT_KEY)
            .bind(PROPOSAL_EXPIRY_KEY)
            .fetch_all(self.pool())
            .await?;
        let default = Terms::default();
        let (mut first, mut expiry) = (
            default.first_contact_days().to_string(),
            default.proposal_expiry_days().to_string(),
        );
        for row in rows {
            let key: String = row.try_get("key")?;
            let value: String = row.try_get("value")?;
            if key == FIRST_CONTACT_KEY {
                first = value;
            } else {
                expiry = value;
            }
        }
        Ok(Terms::parse(&first, &expiry).unwrap_or(default))
    }

    pub async fn save_terms(&self, terms: Terms) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for (key, value) in [
            (FIRST_CONTACT_KEY, terms.first_contact_days()),
            (PROPOSAL_EXPIRY_KEY, terms.proposal_expiry_days()),
        ] {
            self.put_setting_in(&mut tx, key, &value.to_string())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let values = [
            &settings.municipality_name,
            &settings.theme_class,
            &settings.theme_stylesheet_url,
            &settings.logo_url,
            &settings.privacy_url,
            &settings.resident_phone,
            &settings.map_tile_url,
            &settings.map_attribution,
        ];
        let mut tx = self.pool().begin().await?;
        for (key, value) in KEYS.iter().zip(values) {
            self.put_setting_in(&mut tx, key, value).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn put_setting_in(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        key: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into setting (key, value, updated_at) values ($1, $2, $3) \
             on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value.trim())
        .bind(now())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A single internal value (not one of the admin's settings), such as demo credentials.
    pub(crate) async fn internal_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("select value from setting where key = $1")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub(crate) async fn put_internal_value(
        &self,
        key: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        self.put_setting_in(&mut tx, key, value).await?;
        tx.commit().await?;
        Ok(())
    }
}
