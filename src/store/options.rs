//! The store's quotas and behaviour switches.

/// The endpoint quotas (docs/behaviour.md#quotas-and-validation).
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_name_len: usize,
    pub max_value_len: usize,
    pub max_values_per_attribute: usize,
    pub max_attribute_names: usize,
    pub max_endpoint_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_name_len: 50,
            max_value_len: 100,
            max_values_per_attribute: 50,
            max_attribute_names: 250,
            max_endpoint_bytes: 15 * 1024,
        }
    }
}

/// Behaviour switches.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// `--strict-apps`: unknown apps are 404 on writes too (docs/behaviour.md#strict-apps).
    pub strict_apps: bool,
    /// `--dedup-by-channel`: the same-address rule only within one ChannelType.
    pub dedup_by_channel: bool,
    pub limits: Limits,
    pub messaging: MessagingOptions,
    /// `--clock`: every scope starts frozen at this instant (docs/behaviour.md#test-clock).
    pub start_clock: Option<chrono::DateTime<chrono::Utc>>,
    /// `--webhook-hosts`: host names, besides loopback ones, that a custom channel's webhook
    /// may be called on (docs/behaviour.md#custom-channel), in lower case.
    pub webhook_hosts: Vec<String>,
}

/// Messaging switches.
#[derive(Debug, Clone, Default)]
pub struct MessagingOptions {
    /// Treat every channel as enabled (`--assume-channels-enabled`,
    /// docs/behaviour.md#message-outcomes).
    pub assume_channels_enabled: bool,
    /// A template variable without a value fails the recipient instead of rendering empty
    /// (docs/behaviour.md#rendering).
    pub strict_template_variables: bool,
    /// When not empty, the only origination numbers SMS, voice and OTP may send from
    /// (docs/behaviour.md#message-outcomes).
    pub origination_numbers: Vec<String>,
    /// Every one-time password is this code (`--otp-code`).
    pub otp_code: Option<String>,
}
