//! Profiles: "Who's watching?", switching, managing, and the lock PIN.

pub mod api;
pub mod choose;
pub mod edit_page;
pub mod manage;
pub mod maturity;
mod rules;

pub use rules::{AVATARS, MAX_PROFILES, next_avatar, parse_avatar, parse_name, parse_pin};

use crate::auth::Identity;
use crate::error::AppError;
use crate::store::{Account, NewProfile, Profile};

/// The account's profiles, creating the first one (named after the account) if there is none yet.
pub async fn profiles_of(app: &Identity, account: &Account) -> Result<Vec<Profile>, AppError> {
    let profiles = app.store.profiles(account.id).await?;
    if !profiles.is_empty() {
        return Ok(profiles);
    }
    let name = parse_name(&account.display_name).unwrap_or_else(|_| "Me".to_string());
    let first = NewProfile {
        account_id: account.id,
        name,
        avatar: next_avatar(&[]).to_string(),
        is_kids: false,
        created_at: crate::clock::now(),
    };
    app.store.create_profile(first, MAX_PROFILES).await?;
    Ok(app.store.profiles(account.id).await?)
}
