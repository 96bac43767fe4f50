//! What every handler can reach: the store, the configuration and the injected sources of time
//! and ids, built once from a [`Config`].

use std::sync::Arc;

use crate::clock::{ManualClock, SharedClock, SystemClock};
use crate::config::Config;
use crate::ids::{RandomIds, SequentialIds, SharedIds};
use crate::store::events::recorded::EventLog;
use crate::store::messaging::messages::sent::SentLog;
use crate::store::messaging::messages::MessagingOptions;
use crate::store::{Logs, Store, StoreOptions};
use crate::{phone, protocol, store};

/// What every handler can reach: one shared handle, so extracting it costs one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
pub struct Shared {
    pub store: Arc<Store>,
    pub config: Arc<Config>,
    /// The accepted keys when authentication is on.
    pub auth: Option<Arc<protocol::auth::Credentials>>,
    /// The only source of the current time.
    pub clock: SharedClock,
    /// The only source of request and resource ids.
    pub ids: SharedIds,
    /// PhoneNumberValidate answers fixed per number (`--phone-numbers`).
    pub phone_numbers: phone::Overrides,
    /// Turns true when the server starts shutting down, so long-lived responses (the events
    /// stream) end instead of holding up the drain.
    pub closing: tokio::sync::watch::Sender<bool>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Builds the state a configuration asks for, on the system clock with random ids; `Err`
    /// says which file could not be used.
    pub fn new(config: Config) -> Result<Self, String> {
        Self::with_sources(config, Arc::new(SystemClock), Arc::new(RandomIds))
    }

    /// Builds the state with the given clock and id generator.
    pub fn with_sources(
        config: Config,
        clock: SharedClock,
        ids: SharedIds,
    ) -> Result<Self, String> {
        let open = |what: &str, path: Option<&std::path::Path>, e: std::io::Error| {
            let path = path.unwrap_or(std::path::Path::new("")).display();
            format!("cannot open the {what} file {path}: {e}")
        };
        let events = EventLog::new(config.max_events as usize, config.events_file.as_deref())
            .map_err(|e| open("events", config.events_file.as_deref(), e))?;
        let sent = SentLog::new(
            config.max_messages as usize,
            config.messages_file.as_deref(),
        )
        .map_err(|e| open("messages", config.messages_file.as_deref(), e))?;
        let auth = match &config.auth_credentials {
            Some(path) => Some(Arc::new(protocol::auth::Credentials::load(path)?)),
            None => None,
        };
        let options = StoreOptions {
            strict_apps: config.strict_apps,
            dedup_by_channel: config.dedup_by_channel,
            messaging: MessagingOptions {
                assume_channels_enabled: config.assume_channels_enabled,
                strict_template_variables: config.strict_template_variables,
                origination_numbers: config.origination_numbers.clone(),
                otp_code: config.otp_code.clone(),
            },
            start_clock: config.clock,
            webhook_hosts: config
                .webhook_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            ..Default::default()
        };
        let phone_numbers = match &config.phone_numbers {
            Some(path) => phone::load_overrides(path)?,
            None => phone::Overrides::new(),
        };
        let store = Store::new(
            options,
            Logs { events, sent },
            Arc::clone(&clock),
            Arc::clone(&ids),
        );
        if let Some(path) = &config.faults {
            load_faults(&store, path)?;
        }
        Ok(Self(Arc::new(Shared {
            store: Arc::new(store),
            config: Arc::new(config),
            auth,
            clock,
            ids,
            phone_numbers,
            closing: tokio::sync::watch::Sender::new(false),
        })))
    }

    /// A state for tests: the default configuration, a [`ManualClock`] at
    /// [`ManualClock::fixed`] and sequential ids.
    pub fn for_tests() -> Self {
        Self::for_tests_with(Arc::new(ManualClock::default()))
    }

    /// A state for tests on the given manual clock, with sequential ids.
    pub fn for_tests_with(clock: Arc<ManualClock>) -> Self {
        Self::with_sources(
            Config::for_tests(),
            clock,
            Arc::new(SequentialIds::default()),
        )
        .expect("a config without files cannot fail")
    }
}

/// Installs the fault rules of `--faults FILE`; `Err` says what is wrong with the file.
fn load_faults(store: &Store, path: &std::path::Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot open the faults file {}: {e}", path.display()))?;
    let set: store::faults::FaultSet = serde_json::from_str(&text)
        .map_err(|e| format!("the faults file {} is not a fault set: {e}", path.display()))?;
    store
        .faults
        .replace(set, &protocol::operations::is_operation)
        .map(|_| ())
        .map_err(|e| format!("the faults file {}: {e}", path.display()))
}
