//! `GET /readyz`: whether a load balancer should send this instance traffic.
//!
//! Ready means the database answers and, where other instances announce revocations through the
//! database (PostgreSQL), this instance is listening: one that is not could keep serving a session
//! that was signed out elsewhere until its next poll.

use std::time::Duration;

use axum::extract::State;

use crate::auth::Identity;
use crate::error::AppError;
use crate::revocation::ListenerState;

/// A database that has not answered by then is as good as down, for a load balancer.
const PING_LIMIT: Duration = Duration::from_secs(3);

pub async fn readyz(State(state): State<Identity>) -> Result<&'static str, AppError> {
    let mut problems = Vec::new();
    match tokio::time::timeout(PING_LIMIT, state.store.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            problems.push("the database does not answer");
        }
        Err(_) => problems.push("the database did not answer in time"),
    }
    match state.sessions.revocation_listener() {
        ListenerState::Connecting => problems.push("the revocation listener is not connected yet"),
        ListenerState::Disconnected => problems.push("the revocation listener has lost its connection"),
        ListenerState::NotUsed | ListenerState::Connected => {}
    }
    if problems.is_empty() {
        Ok("ready")
    } else {
        Err(AppError::Unavailable { code: "not_ready", message: format!("Not ready: {}.", problems.join("; ")) })
    }
}
