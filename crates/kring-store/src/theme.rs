//! The theme taxonomy in storage: the default set arrives with the migration; an admin adds,
//! renames, reorders and retires themes. A code never changes once made, because questions,
//! offers and figures refer to it.

use crate::{Store, StoreError, flag, found, now};
use kring_core::language::LanguageCode;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::theme::ThemeCode;
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub theme_id: i64,
    pub code: String,
    pub label_nl: String,
    pub label_en: String,
    pub icon: String,
    pub position: i64,
    /// A retired theme stays on old records but is no longer offered for new ones.
    pub active: bool,
    /// The language its groups speak whatever the members' home languages (`taal` → `nl`);
    /// `None`: members share a language of their own. Bundling follows it.
    pub group_language: Option<String>,
}

impl Theme {
    /// The label in Dutch or English.
    pub fn label(&self, english: bool) -> &str {
        if english {
            &self.label_en
        } else {
            &self.label_nl
        }
    }
}

/// What an admin types for a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeInput {
    pub label_nl: String,
    pub label_en: String,
    pub icon: String,
    pub position: i64,
    pub active: bool,
    /// See [`Theme::group_language`].
    pub group_language: Option<LanguageCode>,
}

impl ThemeInput {
    fn check(&self) -> Result<(), StoreError> {
        for (field, label) in [("label_nl", &self.label_nl), ("label_en", &self.label_en)] {
            if label.trim().is_empty() {
                return Err(StoreError::Problem(
                    FieldProblem::new(field, ProblemCode::Required).of_form("theme"),
                ));
            }
        }
        Ok(())
    }
}

impl Store {
    /// Every theme, retired ones included, in display order.
    pub async fn themes(&self) -> Result<Vec<Theme>, StoreError> {
        let rows = sqlx::query(
            "select theme_id, code, label_nl, label_en, icon, position, active, group_language \
             from theme order by position, code",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Theme {
                    theme_id: row.try_get("theme_id")?,
                    code: row.try_get("code")?,
                    label_nl: row.try_get("label_nl")?,
                    label_en: row.try_get("label_en")?,
                    icon: row.try_get("icon")?,
                    position: row.try_get("position")?,
                    active: flag(row.try_get("active")?),
                    group_language: row.try_get("group_language")?,
                })
            })
            .collect()
    }

    /// Theme code → group language, for the themes that have one (bundling's
    /// `params.group_language`).
    pub async fn theme_group_languages(
        &self,
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        Ok(self
            .themes()
            .await?
            .into_iter()
            .filter_map(|t| Some((t.code, t.group_language?)))
            .collect())
    }

    /// The codes new records may use: the active themes.
    pub async fn active_theme_codes(&self) -> Result<Vec<ThemeCode>, StoreError> {
        Ok(self
            .themes()
            .await?
            .into_iter()
            .filter(|t| t.active)
            .filter_map(|t| ThemeCode::parse(&t.code).ok())
            .collect())
    }

    pub async fn create_theme(
        &self,
        code: &ThemeCode,
        input: &ThemeInput,
    ) -> Result<i64, StoreError> {
        input.check()?;
        let now = now();
        let row = sqlx::query(
            "insert into theme (code, label_nl, label_en, icon, position, active, group_language, \
               created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning theme_id",
        )
        .bind(code.as_str())
        .bind(input.label_nl.trim())
        .bind(input.label_en.trim())
        .bind(icon_or_default(&input.icon))
        .bind(input.position)
        .bind(i64::from(input.active))
        .bind(input.group_language.as_ref().map(LanguageCode::as_str))
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("theme_id")?)
    }

    /// Renames, reorders or retires a theme; its code stays.
    pub async fn update_theme(&self, theme_id: i64, input: &ThemeInput) -> Result<(), StoreError> {
        input.check()?;
        let result = sqlx::query(
            "update theme set label_nl = $1, label_en = $2, icon = $3, position = $4, active = $5, \
             group_language = $6, updated_at = $7 where theme_id = $8",
        )
        .bind(input.label_nl.trim())
        .bind(input.label_en.trim())
        .bind(icon_or_default(&input.icon))
        .bind(input.position)
        .bind(i64::from(input.active))
        .bind(input.group_language.as_ref().map(LanguageCode::as_str))
        .bind(now())
        .bind(theme_id)
        .execute(self.pool())
        .await?;
        found(result)
    }
}

fn icon_or_default(icon: &str) -> &str {
    let icon = icon.trim();
    if icon.is_empty() { "dot" } else { icon }
}
