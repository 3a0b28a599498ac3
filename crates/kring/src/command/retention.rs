//! `kring retention`: erase personal data whose retention period has ended (residents: see
//! `kring_store::retention`; closed signals: `Store::anonymise_closed_signals`). `kring serve`
//! runs the same job once a day by itself; this command is for a deployment that prefers its
//! own scheduler, or to see what is due and why without erasing anything (`--dry-run`).

use crate::database::DatabaseArgs;
use clap::Args;
use kring_store::Store;
use kring_store::retention::QUESTION_RETENTION_MONTHS;
use kring_store::retention_meedoen::{
    INITIATIVE_RETENTION_MONTHS, VOLUNTEER_OFFER_RETENTION_MONTHS,
};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// List the residents that are due and why; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: RetentionArgs) -> anyhow::Result<()> {
    let store = args.database.open().await?;
    let now = kring_store::now();
    if args.dry_run {
        let due = store.retention_preview(now).await?;
        for resident in &due {
            let closed = time::OffsetDateTime::from_unix_timestamp(resident.last_closed_at)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            eprintln!(
                "bewoner {}: laatste vraag afgesloten op {closed}, langer dan {QUESTION_RETENTION_MONTHS} maanden geleden; {} persoonsgegevens en de tekst van {} vragen zouden worden gewist",
                resident.resident_id, resident.identifiers, resident.questions
            );
        }
        eprintln!(
            "{} bewoners komen in aanmerking: al hun vragen zijn langer dan {QUESTION_RETENTION_MONTHS} maanden afgesloten",
            due.len()
        );
        let meedoen = store.preview_expired_meedoen(now).await?;
        eprintln!(
            "{} aanbiedingen van tijd (gesloten of uitgekoppeld, langer dan {VOLUNTEER_OFFER_RETENTION_MONTHS} maanden geleden) en {} gestopte initiatieven met {} aanmeldingen (langer dan {INITIATIVE_RETENTION_MONTHS} maanden geleden) zouden worden gewist",
            meedoen.volunteer_offers, meedoen.initiatives, meedoen.sign_ups
        );
        eprintln!("er is niets veranderd");
    } else {
        let report = store.erase_expired_residents(now, "cli retention").await?;
        let signals = store.anonymise_closed_signals(now).await?;
        let referrals = store.anonymise_closed_referrals(now).await?;
        let meedoen = store.clear_expired_meedoen(now, "cli retention").await?;
        eprintln!(
            "gegevens gewist van {} bewoners ({} vragen), {signals} signalen, {referrals} verwijzingen, {} aanbiedingen van tijd en {} initiatieven ({} aanmeldingen); hun aantallen in de cijfers blijven",
            report.residents_erased,
            report.questions_erased,
            meedoen.volunteer_offers,
            meedoen.initiatives,
            meedoen.sign_ups
        );
    }
    store.close().await;
    Ok(())
}

/// Runs the retention job shortly after start and then every 24 hours, for as long as the
/// server runs; the same daily tick expires undecided bundling proposals and, when mail is
/// configured, asks the organisations whose entries are due "Klopt dit nog?". A failed run is logged and tried again the next time.
pub fn spawn_daily(store: Store, mail: Option<std::sync::Arc<kring_web::mail::Mailer>>) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match store
                .erase_expired_residents(kring_store::now(), "job retention")
                .await
            {
                Ok(report) if report.residents_erased > 0 => tracing::info!(
                    residents = report.residents_erased,
                    questions = report.questions_erased,
                    "retention: personal data erased"
                ),
                Ok(_) => tracing::debug!("retention: no resident due"),
                Err(error) => tracing::error!(%error, "retention job failed"),
            }
            match store
                .clear_expired_meedoen(kring_store::now(), "job retention")
                .await
            {
                Ok(cleared) if cleared == Default::default() => {
                    tracing::debug!("retention: no offer of time or initiative due")
                }
                Ok(cleared) => tracing::info!(
                    volunteer_offers = cleared.volunteer_offers,
                    initiatives = cleared.initiatives,
                    sign_ups = cleared.sign_ups,
                    "retention: offers of time and initiatives cleared"
                ),
                Err(error) => tracing::error!(%error, "Meedoen retention job failed"),
            }
            match store.anonymise_closed_signals(kring_store::now()).await {
                Ok(0) => tracing::debug!("retention: no signal due"),
                Ok(signals) => tracing::info!(signals, "retention: closed signals anonymised"),
                Err(error) => tracing::error!(%error, "signal retention job failed"),
            }
            match store.anonymise_closed_referrals(kring_store::now()).await {
                Ok(0) => tracing::debug!("retention: no referral due"),
                Ok(referrals) => {
                    tracing::info!(referrals, "retention: closed referrals anonymised")
                }
                Err(error) => tracing::error!(%error, "referral retention job failed"),
            }
            if let Some(mailer) = &mail {
                match kring_web::mail::ask_upkeep(mailer, &store).await {
                    Ok(0) => {
                        tracing::debug!("no organisation to ask whether its entries are current")
                    }
                    Ok(sent) => tracing::info!(
                        sent,
                        "organisations asked whether their entries are current"
                    ),
                    Err(error) => tracing::error!(%error, "asking organisations to confirm failed"),
                }
            }
            match store.expire_proposals(kring_store::now()).await {
                Ok(0) => tracing::debug!("no bundling proposal expired"),
                Ok(proposals) => tracing::info!(proposals, "undecided bundling proposals expired"),
                Err(error) => tracing::error!(%error, "expiring bundling proposals failed"),
            }
        }
    });
}
