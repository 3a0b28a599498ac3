//! Read-only queries for what residents and other systems may see without logging in: the
//! sessions of the open offer that were cancelled or moved, for the iCalendar feeds and the
//! HSDS export. Nothing personal is read here (no attendance, no accounts).

use crate::offer::OfferSession;
use crate::{Store, StoreError};
use kring_core::civil::Date;
use kring_core::network::SessionStatus;
use sqlx::Row;
use std::collections::BTreeMap;

impl Store {
    /// Every session that does not take place as scheduled (cancelled or moved), by offer, in
    /// date order. One query for all offers, so a feed of many offers costs no more than one.
    /// The attendance count is left out: it is not for the public.
    pub async fn changed_sessions(&self) -> Result<BTreeMap<i64, Vec<OfferSession>>, StoreError> {
        let rows = sqlx::query(
            "select offer_session_id, offer_id, session_date, starts_at, ends_at, status, \
               moved_starts_at, moved_ends_at, note \
             from offer_session where status <> 'scheduled' order by offer_id, session_date",
        )
        .fetch_all(self.pool())
        .await?;
        let mut by_offer: BTreeMap<i64, Vec<OfferSession>> = BTreeMap::new();
        for row in rows {
            let date: String = row.get(2);
            let status: String = row.get(5);
            let session = OfferSession {
                offer_session_id: row.get(0),
                offer_id: row.get(1),
                date: Date::parse(&date)
                    .map_err(|e| StoreError::Internal(format!("stored date {date}: {e}")))?,
                starts_at: row.get(3),
                ends_at: row.get(4),
                status: SessionStatus::parse(&status).map_err(StoreError::Internal)?,
                moved_starts_at: row.get(6),
                moved_ends_at: row.get(7),
                attendance_count: None,
                note: row.get(8),
            };
            by_offer.entry(session.offer_id).or_default().push(session);
        }
        Ok(by_offer)
    }
}
