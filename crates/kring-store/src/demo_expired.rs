//! The demo's expired bundling proposal: a run made before the terms' expiry (15 days ago by
//! default) proposed one new group that nobody decided on, so it expired and its questions went
//! back to `open` with a history line saying so; the run page shows the proposal as expired.
//! It runs after every other demo block and uses only the members of one proposed group, so
//! the rest of the demo is untouched.

use crate::bundling::BundlingRequest;
use crate::{Store, StoreError};
use kring_bundling::{Settings, bundle, explain::explain};
use kring_core::access::AccessScope;

impl Store {
    pub(crate) async fn load_demo_expired_proposal(
        &self,
        professional: &AccessScope,
        district_id: i64,
    ) -> Result<(), StoreError> {
        let request = BundlingRequest {
            district_ids: vec![district_id],
            min_group: 4,
            max_group: 12,
        };
        let mut instance = self
            .bundling_instance(professional, &request, "demo")
            .await?;
        let mut solution = bundle(&instance, &Settings::default());
        let Some(group) = solution.groups.first().cloned() else {
            return Ok(());
        };
        // Only that group's members: one small run from two weeks ago.
        instance.questions.retain(|q| group.members.contains(&q.id));
        solution.groups = vec![group];
        solution.existing_assignments.clear();
        solution.unplaced.clear();
        solution.bound = None;
        let why = explain(&instance, &solution);
        let run_id = self
            .save_bundling_run(professional, &request, &instance, &solution, &why, "demo")
            .await?;
        let days = i64::from(self.terms().await?.proposal_expiry_days()) + 1;
        sqlx::query(
            "update bundling_run set created_at = created_at - $1 where bundling_run_id = $2",
        )
        .bind(days * 86_400)
        .bind(run_id)
        .execute(self.pool())
        .await?;
        self.expire_proposals(crate::now()).await?;
        Ok(())
    }
}
