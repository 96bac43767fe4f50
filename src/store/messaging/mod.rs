//! Messaging: SendMessages, SendUsersMessages and the one-time passwords (with their content,
//! delivery, opt-outs and the server-wide sent-message log), the channels a message goes out
//! on, and the message templates (per account and region).

pub mod channels;
pub mod messages;
pub mod template_content;
pub mod templates;
