//! A household to sign in to: one account with three profiles, as the demo has.

use marquee::store::{NewProfile, Store};

use crate::support::{PASSWORD, TestApp};

pub const EMAIL: &str = "ada@example.org";

/// Creates the account with profiles "Ada", "Sam" and "Kids" (a kids profile).
pub async fn seed(app: &TestApp) {
    seed_store(app.store.store.as_ref()).await;
}

/// The same household, written straight to `store` (a database several instances share).
pub async fn seed_store(store: &dyn Store) {
    let hasher = marquee::auth::PasswordHasher::new(2);
    let account = marquee::accounts::register(store, &hasher, EMAIL, PASSWORD, None).await.expect("register");
    for (name, avatar, is_kids) in [("Ada", "crimson", false), ("Sam", "sky", false), ("Kids", "amber", true)] {
        let profile = NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: avatar.into(),
            is_kids,
            created_at: marquee::clock::now(),
        };
        store.create_profile(profile, 5).await.expect("profile");
    }
}
