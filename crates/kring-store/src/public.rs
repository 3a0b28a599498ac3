//! Read-only queries for what residents and other systems may see without logging in: the
//! sessions of the open offer that were cancelled or moved, for the iCalendar feeds and the
//! HSDS export. Nothing personal is read here (no attendance, no accounts).

use crate::offer::OfferSession;
use crate::{Store, StoreError};
use std::collections::BTreeMap;

impl Store {
    /// Every session that does not take place as scheduled (cancelled or moved), by offer, in
    /// date order. One query for all offers, so a feed of many offers costs no more than one.
    /// The attendance count is left out: it is not for the public.
    pub async fn changed_sessions(&self) -> Result<BTreeMap<i64, Vec<OfferSession>>, StoreError> {
        let sql = crate::sessions::select::<OfferSession>(
            "where s.status <> 'scheduled' order by s.offer_id, s.session_date",
        );
        let mut by_offer: BTreeMap<i64, Vec<OfferSession>> = BTreeMap::new();
        for row in sqlx::query(&sql).fetch_all(self.pool()).await? {
            let session = OfferSession {
                attendance_count: None,
                ..crate::sessions::from_row::<OfferSession>(&row)?
            };
            by_offer.entry(session.offer_id).or_default().push(session);
        }
        Ok(by_offer)
    }
}
