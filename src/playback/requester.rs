//! Who asks for a video or a stream: the session (whose end stops what it plays, and cuts the
//! connection it plays on), the profile (whose maturity level decides what exists), and the
//! account's limit of devices playing at once.

use axum::Extension;
use axum::http::HeaderMap;
use uuid::Uuid;

use super::leases::Player;
use crate::auth::ApiViewer;
use crate::auth::session_end::SessionWatch;
use crate::connection::ConnectionCut;
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::store::Profile;
use crate::store::catalog::LeaseOutcome;
use crate::web::Watching;

/// Who is asking for a file: the session (to stop the stream when it ends) and the profile.
pub struct Requester<'a> {
    pub app: &'a PlaybackState,
    pub profile: &'a Profile,
    pub account_id: Uuid,
    pub session_id: Uuid,
    ends_at: i64,
    token_hash: Option<crate::auth::token::TokenHash>,
    /// Cuts the connection the video goes out on (absent when not served through [`crate::serve`]).
    cut: Option<ConnectionCut>,
}

impl<'a> Requester<'a> {
    /// The player page's viewer (session cookie).
    pub fn page(app: &'a PlaybackState, watching: &'a Watching, cut: Option<Extension<ConnectionCut>>) -> Self {
        let current = &watching.session.current;
        Self {
            app,
            profile: &watching.profile,
            account_id: current.account.id,
            session_id: current.session.id,
            ends_at: current.ends_at(),
            token_hash: Some(watching.session.token_hash),
            cut: cut.map(|Extension(cut)| cut),
        }
    }

    /// An app's viewer (bearer token).
    pub fn api(
        app: &'a PlaybackState,
        viewer: &'a ApiViewer,
        headers: &HeaderMap,
        cut: Option<Extension<ConnectionCut>>,
    ) -> Self {
        Self {
            app,
            profile: &viewer.profile,
            account_id: viewer.current.account.id,
            session_id: viewer.current.session.id,
            ends_at: viewer.current.ends_at(),
            token_hash: crate::auth::bearer_hash(headers),
            cut: cut.map(|Extension(cut)| cut),
        }
    }

    /// A signed-in device watching as `profile`, whatever way it authenticated (a Jellyfin app's
    /// token, say): `token_hash` is the hash of the token it presented.
    pub fn session(
        app: &'a PlaybackState,
        current: &crate::auth::CurrentSession,
        profile: &'a Profile,
        token_hash: crate::auth::token::TokenHash,
        cut: Option<Extension<ConnectionCut>>,
    ) -> Self {
        Self {
            app,
            profile,
            account_id: current.account.id,
            session_id: current.session.id,
            ends_at: current.ends_at(),
            token_hash: Some(token_hash),
            cut: cut.map(|Extension(cut)| cut),
        }
    }

    /// Resolves when the session ends (sign-out, expiry, the server stopping).
    pub fn session_end(&self) -> impl Future<Output = ()> + Send + 'static {
        SessionWatch::new(self.app.identity.clone(), self.session_id, self.ends_at, self.token_hash).ended()
    }

    /// Resolves when what this device plays must stop: its session ends, or its playback was stopped
    /// from another device (on any instance).
    pub fn playback_end(&self) -> impl Future<Output = ()> + Send + 'static {
        SessionWatch::new(self.app.identity.clone(), self.session_id, self.ends_at, self.token_hash).playback_ended()
    }

    /// Resolves when the playback ends, having cut the connection: a body alone would end only after
    /// the player has read what the socket holds.
    pub fn cut_at_session_end(&self) -> impl Future<Output = ()> + Send + 'static {
        let end = self.playback_end();
        let cut = self.cut.clone();
        async move {
            end.await;
            if let Some(cut) = cut {
                cut.cut();
            }
        }
    }

    /// Takes or renews this device's place among the account's streams.
    pub async fn hold_stream(&self, media_id: Uuid) -> Result<(), AppError> {
        let player =
            Player { account_id: self.account_id, session_id: self.session_id, profile_id: self.profile.id, media_id };
        match self.app.leases.hold_for_stream(player).await? {
            LeaseOutcome::TooMany(playing) => Err(super::too_many_streams(self.app.leases.limit(), &playing)),
            LeaseOutcome::Granted => Ok(()),
        }
    }
}
