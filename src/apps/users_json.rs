//! The JSON Jellyfin apps read about a user and a signed-in device: `UserDto`, `SessionInfoDto`
//! and `AuthenticationResult`, in Jellyfin's PascalCase. A user is a Marquee profile.

use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::header::ClientInfo;
use super::ids;
use crate::store::{Profile, SessionRecord};

/// A time as Jellyfin writes it (ISO 8601, UTC).
pub fn when(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// `UserDto`: the profile, never an administrator, with every library folder open to it (what it may
/// see within them is still its maturity level's).
pub fn user(profile: &Profile, server_id: Uuid, last_seen: OffsetDateTime) -> Value {
    json!({
        "Name": profile.name,
        "ServerId": ids::text(server_id),
        "Id": ids::text(profile.id),
        "HasPassword": true,
        "HasConfiguredPassword": true,
        "HasConfiguredEasyPassword": false,
        "EnableAutoLogin": false,
        "LastLoginDate": when(last_seen),
        "LastActivityDate": when(last_seen),
        "Configuration": {
            "PlayDefaultAudioTrack": true,
            "SubtitleLanguagePreference": "",
            "DisplayMissingEpisodes": false,
            "GroupedFolders": [],
            "SubtitleMode": "Default",
            "DisplayCollectionsView": false,
            "EnableLocalPassword": false,
            "OrderedViews": [],
            "LatestItemsExcludes": [],
            "MyMediaExcludes": [],
            "HidePlayedInLatest": true,
            "RememberAudioSelections": true,
            "RememberSubtitleSelections": true,
            "EnableNextEpisodeAutoPlay": true,
            "CastReceiverId": ""
        },
        "Policy": policy(),
    })
}

/// `UserPolicy`: what the profile may do in an app: watch, nothing more.
fn policy() -> Value {
    let fields = [
        ("IsAdministrator", json!(false)),
        ("IsHidden", json!(true)),
        ("EnableCollectionManagement", json!(false)),
        ("EnableSubtitleManagement", json!(false)),
        ("EnableLyricManagement", json!(false)),
        ("IsDisabled", json!(false)),
        ("BlockedTags", json!([])),
        ("AllowedTags", json!([])),
        ("EnableUserPreferenceAccess", json!(false)),
        ("AccessSchedules", json!([])),
        ("BlockUnratedItems", json!([])),
        ("EnableRemoteControlOfOtherUsers", json!(false)),
        ("EnableSharedDeviceControl", json!(false)),
        ("EnableRemoteAccess", json!(true)),
        ("EnableLiveTvManagement", json!(false)),
        ("EnableLiveTvAccess", json!(false)),
        ("EnableMediaPlayback", json!(true)),
        ("EnableAudioPlaybackTranscoding", json!(true)),
        ("EnableVideoPlaybackTranscoding", json!(true)),
        ("EnablePlaybackRemuxing", json!(true)),
        ("ForceRemoteSourceTranscoding", json!(false)),
        ("EnableContentDeletion", json!(false)),
        ("EnableContentDeletionFromFolders", json!([])),
        ("EnableContentDownloading", json!(false)),
        ("EnableSyncTranscoding", json!(false)),
        ("EnableMediaConversion", json!(false)),
        ("EnabledDevices", json!([])),
        ("EnableAllDevices", json!(true)),
        ("EnabledChannels", json!([])),
        ("EnableAllChannels", json!(false)),
        ("EnabledFolders", json!([])),
        ("EnableAllFolders", json!(true)),
        ("InvalidLoginAttemptCount", json!(0)),
        ("LoginAttemptsBeforeLockout", json!(-1)),
        ("MaxActiveSessions", json!(0)),
        ("EnablePublicSharing", json!(false)),
        ("BlockedMediaFolders", json!([])),
        ("BlockedChannels", json!([])),
        ("RemoteClientBitrateLimit", json!(0)),
        ("AuthenticationProviderId", json!("Marquee")),
        ("PasswordResetProviderId", json!("Marquee")),
        ("SyncPlayAccess", json!("None")),
    ];
    Value::Object(fields.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

/// `SessionInfoDto`: this device's session, as the device list shows it.
pub fn session(record: &SessionRecord, profile: &Profile, client: &ClientInfo, server_id: Uuid) -> Value {
    json!({
        "PlayState": { "CanSeek": false, "IsPaused": false, "IsMuted": false, "RepeatMode": "RepeatNone",
                       "PlaybackOrder": "Default" },
        "AdditionalUsers": [],
        "Capabilities": { "PlayableMediaTypes": [], "SupportedCommands": [], "SupportsMediaControl": false,
                          "SupportsPersistentIdentifier": true },
        "RemoteEndPoint": record.ip.clone().unwrap_or_default(),
        "PlayableMediaTypes": [],
        "Id": ids::text(record.id),
        "UserId": ids::text(profile.id),
        "UserName": profile.name,
        "Client": client.client.clone().unwrap_or_default(),
        "LastActivityDate": when(record.last_seen_at),
        "LastPlaybackCheckIn": when(record.last_seen_at),
        "DeviceName": client.device.clone().unwrap_or_else(|| record.device_name.clone()),
        "DeviceId": client.device_id.clone().unwrap_or_default(),
        "ApplicationVersion": client.version.clone().unwrap_or_default(),
        "IsActive": true,
        "SupportsMediaControl": false,
        "SupportsRemoteControl": false,
        "NowPlayingQueue": [],
        "HasCustomDeviceName": false,
        "ServerId": ids::text(server_id),
        "SupportedCommands": []
    })
}

/// `AuthenticationResult`: what a sign-in answers, the access token among it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub user: Value,
    pub session_info: Value,
    pub access_token: String,
    pub server_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device::DeviceKind;

    /// `SessionInfoDto`'s fields in Jellyfin's schema since 10.10, which the web client's SDK is
    /// generated from.
    const SESSION_INFO_DTO: &[&str] = &[
        "PlayState",
        "AdditionalUsers",
        "Capabilities",
        "RemoteEndPoint",
        "PlayableMediaTypes",
        "Id",
        "UserId",
        "UserName",
        "Client",
        "LastActivityDate",
        "LastPlaybackCheckIn",
        "LastPausedDate",
        "DeviceName",
        "DeviceType",
        "NowPlayingItem",
        "NowViewingItem",
        "DeviceId",
        "ApplicationVersion",
        "TranscodingInfo",
        "IsActive",
        "SupportsMediaControl",
        "SupportsRemoteControl",
        "NowPlayingQueue",
        "HasCustomDeviceName",
        "PlaylistItemId",
        "ServerId",
        "UserPrimaryImageTag",
        "SupportedCommands",
    ];

    #[test]
    fn the_session_says_only_what_session_info_dto_names() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let profile = Profile {
            id: Uuid::now_v7(),
            account_id: Uuid::now_v7(),
            name: "Ada".into(),
            avatar: "sky".into(),
            is_kids: false,
            maturity: 3,
            pin_hash: None,
            created_at: now,
        };
        let record = SessionRecord {
            id: Uuid::now_v7(),
            account_id: profile.account_id,
            device_name: "Jellyfin Web on Firefox".into(),
            device_kind: DeviceKind::Browser,
            remember: true,
            created_at: now,
            last_seen_at: now,
            ip: None,
            idle_timeout_secs: 60,
            idle_expires_at: now,
            expires_at: now,
            password_verified_at: now,
            profile_id: Some(profile.id),
            lifetime: Default::default(),
        };
        let client = ClientInfo { client: Some("Jellyfin Web".into()), ..ClientInfo::default() };
        let session = session(&record, &profile, &client, Uuid::now_v7());
        let unknown: Vec<&String> =
            session.as_object().unwrap().keys().filter(|key| !SESSION_INFO_DTO.contains(&key.as_str())).collect();
        assert!(unknown.is_empty(), "fields SessionInfoDto does not have: {unknown:?}");
        assert_eq!(session["UserId"], ids::text(profile.id));
    }
}
