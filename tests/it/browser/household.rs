//! A household to sign in to: one account with three profiles, as the demo has.

use marquee::store::NewProfile;

use crate::support::TestApp;

pub const EMAIL: &str = "ada@example.org";

/// Creates the account with profiles "Ada", "Sam" and "Kids" (a kids profile).
pub async fn seed(app: &TestApp) {
    let account = app.create_account(EMAIL).await;
    for (name, avatar, is_kids) in [("Ada", "crimson", false), ("Sam", "sky", false), ("Kids", "amber", true)] {
        let profile = NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: avatar.into(),
            is_kids,
            created_at: marquee::clock::now(),
        };
        app.store.store.create_profile(profile, 5).await.expect("profile");
    }
}
