//! What the store tests start from: an account, and a device signed in to it, so each test spells out
//! only what it is about.

use marquee::domain::device::DeviceKind;
use marquee::store::{NewAccount, NewSession, Store};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// A new account with this email (its password hash is a placeholder no password matches).
pub async fn account(store: &dyn Store, email: &str) -> Uuid {
    let new = NewAccount {
        email: email.into(),
        display_name: "Ada".into(),
        password_hash: "$argon2id$placeholder".into(),
        created_at: marquee::clock::now(),
    };
    store.create_account(new).await.expect("create account").id
}

/// A phone signing in to the account with the password at `at`, remembered for 90 days, under
/// credential version 1: its token hash is `[token; 32]` and its name "Device {token}".
pub fn signed_in_device(account_id: Uuid, token: u8, at: OffsetDateTime) -> NewSession {
    NewSession {
        account_id,
        token_hash: vec![token; 32],
        device_name: format!("Device {token}"),
        device_kind: DeviceKind::Mobile,
        remember: true,
        created_at: at,
        ip: Some("192.0.2.7".into()),
        idle_timeout_secs: 30 * 24 * 3600,
        expires_at: at + Duration::days(90),
        credential_version: 1,
        max_per_account: 100,
        password_verified_at: at,
        device_code_hash: None,
        passkey_id: None,
        profile_id: None,
        app_device_id: None,
        lifetime: Default::default(),
        alert: None,
    }
}
