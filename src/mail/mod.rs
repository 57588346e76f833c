//! Mail: what Marquee's messages say (plain text and simple HTML, in the reader's language, with no
//! tracking), the SMTP transport, and the sender that empties the outbox in the background.
//!
//! Messages are queued by the store in the transaction of the action they report ([`crate::store::OutboxStore`]);
//! the [`Mailer`] on every instance claims them with a lease, sends them with retries and backoff,
//! and marks them sent, so a mail server that is down delays mail and loses none, a slow one slows no
//! page, and each message is sent once however many instances run.
//!
//! It may import `store/`, `monitoring/`, `settings/`, `i18n/` and `clock`; `auth/`, the areas and the command line use it.

mod messages;
mod sender;
mod transport;

pub use messages::{Composed, MailKind, compose};
pub use sender::{Mailer, send_test};
pub use transport::{ServerAnswer, Transport};
