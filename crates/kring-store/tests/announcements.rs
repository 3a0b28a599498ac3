//! Announcements between partners, on every backend: an announcement goes to the partners
//! chosen, one of them passes it on with a channel and a reach, only a recipient may, a partner
//! acts only for its own organisation, public ones are listed per district, and an author that
//! leaves the network keeps its announcements, marked.

mod common;

use common::{account, setup};
use kring_core::account::Role;
use kring_core::announcement::{AnnouncementForm, PassOnForm};
use kring_core::network_plan::{NetworkForm, ReachChannel};
use kring_store::announcement::AnnouncementFilter;
use kring_store::{StoreError, on_every_backend};

const ROUTE: &str = "test";

on_every_backend! {
    async fn an_announcement_is_passed_on_by_a_recipient_and_stays_when_its_author_leaves(store: Store) {
        let (_, voorstad, binnenstad) = setup(&store).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let author = account(&store, "a@voorbeeld.nl", Role::Partner, &[]).await;
        let receiver = account(&store, "b@voorbeeld.nl", Role::Partner, &[]).await;
        let bystander = account(&store, "c@voorbeeld.nl", Role::Partner, &[]).await;
        let (a, b, c) = (
            author.organisation_id.unwrap(),
            receiver.organisation_id.unwrap(),
            bystander.organisation_id.unwrap(),
        );
        let mut network = NetworkForm {
            name: "Voorstad samen".into(),
            district_ids: vec![voorstad.to_string()],
            organisation_ids: vec![a.to_string(), b.to_string(), c.to_string()],
            ..NetworkForm::default()
        };
        let network_id = store.create_network(&coordinator, &network.check().unwrap(), ROUTE).await.unwrap();

        let form = AnnouncementForm {
            author_organisation_id: a.to_string(),
            kind: "warning".into(),
            title: "Pas op: nepcollectant".into(),
            body: "Iemand belt aan voor een goed doel dat niet bestaat.".into(),
            public: true,
            districts: vec![voorstad.to_string()],
            recipients: vec![b.to_string()],
            ..AnnouncementForm::default()
        };
        let fields = form.check().unwrap();
        // A partner writes only for its own organisation.
        assert!(matches!(
            store.create_announcement(&receiver, &fields, receiver.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        let mut unknown = fields.clone();
        unknown.recipients.insert(999_999);
        assert!(matches!(
            store.create_announcement(&author, &unknown, author.account_id, ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "recipients"
        ));
        let id = store.create_announcement(&author, &fields, author.account_id, ROUTE).await.unwrap();

        let queue = store.announcements(AnnouncementFilter::ReceivedBy(b)).await.unwrap();
        assert_eq!(queue.len(), 1);
        assert!(store.announcements(AnnouncementFilter::ReceivedBy(c)).await.unwrap().is_empty());
        assert_eq!(store.announcements(AnnouncementFilter::SentBy(a)).await.unwrap().len(), 1);

        let pass = PassOnForm { channel: "newsletter".into(), reach: "350".into() }.check().unwrap();
        // Only for one's own organisation, and only a recipient.
        assert!(matches!(
            store.pass_on_announcement(&bystander, id, b, &pass, bystander.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.pass_on_announcement(&bystander, id, c, &pass, bystander.account_id, ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "organisation_id"
        ));
        store.pass_on_announcement(&receiver, id, b, &pass, receiver.account_id, ROUTE).await.unwrap();
        let board = PassOnForm { channel: "noticeboard".into(), reach: "40".into() }.check().unwrap();
        store.pass_on_announcement(&receiver, id, b, &board, receiver.account_id, ROUTE).await.unwrap();
        let stored = store.announcement(id).await.unwrap();
        assert_eq!(stored.passed_on.len(), 2);
        assert_eq!(stored.passed_on[0].channel, ReachChannel::Newsletter);
        assert_eq!(stored.reach(), 390);
        assert!(stored.passed_on_by(b));
        assert!(!stored.author.left);

        // Public in Voorstad only.
        assert_eq!(store.announcements(AnnouncementFilter::PublicIn(voorstad)).await.unwrap().len(), 1);
        assert!(store.announcements(AnnouncementFilter::PublicIn(binnenstad)).await.unwrap().is_empty());

        // The author leaves the network: the announcement stays, marked.
        network.organisation_ids = vec![b.to_string(), c.to_string()];
        store.update_network(&coordinator, network_id, &network.check().unwrap(), ROUTE).await.unwrap();
        let stored = store.announcement(id).await.unwrap();
        assert!(stored.author.left);
        assert!(!stored.recipients[0].left);
        assert_eq!(store.announcements(AnnouncementFilter::All).await.unwrap().len(), 1);
    }
}
