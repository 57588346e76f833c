//! The messages of Jellyfin's `/socket`, each a JSON text `{"MessageType": …, "Data": …,
//! "MessageId": …}`: the few Marquee sends (keep-alives and the order to stop playing), and the one
//! it listens for (`KeepAlive`). Everything else an app says there is read and let go.

use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// What the server tells an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing {
    /// Sent once the socket is open: the app is to send `KeepAlive` every half of these seconds.
    ForceKeepAlive { seconds: u64 },
    /// The answer to the app's `KeepAlive`.
    KeepAlive { seconds: u64 },
    /// Stop playing now (the session ended, or its playback was stopped from another device).
    PlaystateStop,
}

impl Outgoing {
    /// The message as sent. Each has its own `MessageId`, since apps drop a message whose id they saw.
    pub fn to_text(self) -> String {
        let (kind, data) = match self {
            Self::ForceKeepAlive { seconds } => ("ForceKeepAlive", json!(seconds)),
            Self::KeepAlive { seconds } => ("KeepAlive", json!(seconds)),
            Self::PlaystateStop => ("Playstate", json!({ "Command": "Stop" })),
        };
        json!({ "MessageType": kind, "Data": data, "MessageId": Uuid::now_v7().simple().to_string() }).to_string()
    }
}

/// What an app said, as far as Marquee cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoming {
    KeepAlive,
    /// Anything else (`SessionsStart`, `ScheduledTasksInfoStart`, text that is not JSON …): nothing to do.
    Ignored,
}

impl Incoming {
    pub fn read(text: &str) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            #[serde(rename = "MessageType")]
            kind: String,
        }
        match serde_json::from_str::<Envelope>(text) {
            Ok(envelope) if envelope.kind == "KeepAlive" => Self::KeepAlive,
            _ => Self::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn messages_go_out_in_jellyfins_shape_each_with_its_own_id() {
        let first: Value = serde_json::from_str(&Outgoing::ForceKeepAlive { seconds: 30 }.to_text()).unwrap();
        assert_eq!((first["MessageType"].as_str(), first["Data"].as_u64()), (Some("ForceKeepAlive"), Some(30)));
        let stop: Value = serde_json::from_str(&Outgoing::PlaystateStop.to_text()).unwrap();
        assert_eq!(stop["MessageType"], "Playstate");
        assert_eq!(stop["Data"], json!({ "Command": "Stop" }));
        let again: Value = serde_json::from_str(&Outgoing::PlaystateStop.to_text()).unwrap();
        assert_ne!(stop["MessageId"], again["MessageId"]);
        assert_eq!(stop["MessageId"].as_str().map(str::len), Some(32));
    }

    #[test]
    fn only_keep_alive_asks_for_anything() {
        assert_eq!(Incoming::read(r#"{"MessageType":"KeepAlive","Data":""}"#), Incoming::KeepAlive);
        assert_eq!(Incoming::read(r#"{"MessageType":"SessionsStart","Data":"0,1500"}"#), Incoming::Ignored);
        assert_eq!(Incoming::read(r#"{"Data":1}"#), Incoming::Ignored);
        assert_eq!(Incoming::read("not json"), Incoming::Ignored);
        assert_eq!(Incoming::read(r#"{"MessageType":42}"#), Incoming::Ignored);
    }
}
