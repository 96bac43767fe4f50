//! Fault injection (docs/behaviour.md#faults): rules that make matching calls fail with a
//! modelled error, wait before they run, or give matching recipients of a send a forced
//! DeliveryStatus; for the next N matches, or with a probability drawn from a seeded generator so
//! a run repeats exactly.

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use super::endpoints::model::fold_id;
use super::messaging::messages::DeliveryStatus;
use super::{StoreError, StoreResult};

/// The longest latency a rule may add.
pub const MAX_LATENCY_MS: u64 = 60_000;

/// The forced error of a call: a status and the exception the SDKs map it to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FaultError {
    pub status: u16,
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The exception of each status a rule may force (the model's, and 503 which SDKs retry).
const ERRORS: &[(u16, &str)] = &[
    (400, "BadRequestException"),
    (403, "ForbiddenException"),
    (404, "NotFoundException"),
    (405, "MethodNotAllowedException"),
    (409, "ConflictException"),
    (413, "PayloadTooLargeException"),
    (429, "TooManyRequestsException"),
    (500, "InternalServerErrorException"),
    (503, "ServiceUnavailableException"),
];

/// The DeliveryStatus values a rule may force on a recipient, with their StatusCode.
const FORCED: &[(&str, DeliveryStatus, u16)] = &[
    ("THROTTLED", DeliveryStatus::THROTTLED, 429),
    ("TEMPORARY_FAILURE", DeliveryStatus::TEMPORARY_FAILURE, 500),
    ("UNKNOWN_FAILURE", DeliveryStatus::UNKNOWN_FAILURE, 500),
    ("PERMANENT_FAILURE", DeliveryStatus::PERMANENT_FAILURE, 400),
];

/// One rule, as written and as answered (with its counters).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FaultRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<FaultError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Calls (or recipients) the rule matched so far; answered, ignored when written.
    #[serde(default)]
    pub matched: u64,
    /// How many of them it changed.
    #[serde(default)]
    pub fired: u64,
}

/// `{"Rules": […]}`, the body of `/_pinpoint/faults` and of `--faults FILE`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FaultSet {
    pub rules: Vec<FaultRule>,
}

/// What a call-level rule does to a call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallFault {
    /// Status, exception and message of the forced error.
    pub error: Option<(u16, &'static str, String)>,
    pub latency_ms: u64,
}

/// A rule with its generator.
#[derive(Debug)]
struct Live {
    rule: FaultRule,
    rng: u64,
}

impl Live {
    /// Whether the rule changes this match: within its count, and by its probability.
    fn fires(&mut self) -> bool {
        self.rule.matched += 1;
        if self.rule.count.is_some_and(|c| self.rule.fired >= c) {
            return false;
        }
        if let Some(p) = self.rule.probability {
            // splitmix64: a fixed sequence per seed.
            self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            if (z >> 11) as f64 / (1u64 << 53) as f64 >= p {
                return false;
            }
        }
        self.rule.fired += 1;
        true
    }

    fn is_for(&self, op: &str, app: Option<&str>) -> bool {
        let r = &self.rule;
        r.operation.as_deref().is_none_or(|o| o == op)
            && r.application_id.as_deref().is_none_or(|a| Some(a) == app)
    }
}

/// Checks a rule (docs/behaviour.md#faults) and gives it an id if it has none.
fn check(
    mut r: FaultRule,
    n: usize,
    is_operation: &dyn Fn(&str) -> bool,
) -> StoreResult<FaultRule> {
    let bad = |m: String| Err(StoreError::invalid(format!("Invalid Rules[{n}]: {m}")));
    if let Some(op) = r.operation.as_deref().filter(|o| !is_operation(o)) {
        return bad(format!(
            "Operation {op:?} is not an operation of the Pinpoint model"
        ));
    }
    let effects = [
        r.error.is_some(),
        r.latency_ms.is_some(),
        r.delivery_status.is_some(),
    ];
    if !effects.contains(&true) {
        return bad("it needs an Error, a LatencyMs or a DeliveryStatus".into());
    }
    if r.delivery_status.is_some() && (r.error.is_some() || r.latency_ms.is_some()) {
        return bad(
            "a DeliveryStatus rule acts on recipients; Error and LatencyMs act on calls".into(),
        );
    }
    if r.delivery_status.is_none() && r.address.is_some() {
        return bad("Address matches recipients of a send: it needs a DeliveryStatus".into());
    }
    if let Some(e) = &mut r.error {
        let Some((_, kind)) = ERRORS.iter().find(|(s, _)| *s == e.status) else {
            let all: Vec<String> = ERRORS.iter().map(|(s, _)| s.to_string()).collect();
            return bad(format!(
                "Error.Status {} must be one of {}",
                e.status,
                all.join(", ")
            ));
        };
        if e.kind.as_deref().is_some_and(|k| k != *kind) {
            return bad(format!("Error.Type of a {} is {kind}", e.status));
        }
        e.kind = Some(kind.to_string());
    }
    if r.latency_ms.is_some_and(|l| l > MAX_LATENCY_MS) {
        return bad(format!("LatencyMs is at most {MAX_LATENCY_MS}"));
    }
    if let Some(d) = r.delivery_status.as_deref() {
        if !FORCED.iter().any(|(name, ..)| *name == d) {
            let all: Vec<&str> = FORCED.iter().map(|(name, ..)| *name).collect();
            return bad(format!(
                "DeliveryStatus {d:?} must be one of {}",
                all.join(", ")
            ));
        }
    }
    if r.count == Some(0) {
        return bad("Count must be at least 1".into());
    }
    if r.probability.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
        return bad("Probability must be from 0 to 1".into());
    }
    r.id.get_or_insert_with(|| format!("fault-{}", n + 1));
    r.matched = 0;
    r.fired = 0;
    Ok(r)
}

/// The rules in force.
#[derive(Debug, Default)]
pub struct Faults {
    /// Set while any rule exists: a call without rules takes no lock.
    any: AtomicBool,
    rules: Mutex<Vec<Live>>,
}

impl Faults {
    /// Replaces every rule; nothing changes when one is invalid. `is_operation` tells the
    /// model's operation names.
    pub fn replace(
        &self,
        set: FaultSet,
        is_operation: &dyn Fn(&str) -> bool,
    ) -> StoreResult<FaultSet> {
        let checked = set
            .rules
            .into_iter()
            .enumerate()
            .map(|(n, r)| check(r, n, is_operation))
            .collect::<StoreResult<Vec<_>>>()?;
        let mut ids: Vec<&str> = checked.iter().filter_map(|r| r.id.as_deref()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(StoreError::invalid(
                "Invalid fault rules: two rules have the same Id",
            ));
        }
        let live: Vec<Live> = checked
            .into_iter()
            .map(|rule| Live {
                rng: rule.seed.unwrap_or(0),
                rule,
            })
            .collect();
        let mut rules = self.rules.lock();
        *rules = live;
        self.any.store(!rules.is_empty(), Ordering::Release);
        Ok(Self::listing(&rules))
    }

    /// Adds one rule after the others; its Id must be new.
    pub fn add(
        &self,
        rule: FaultRule,
        is_operation: &dyn Fn(&str) -> bool,
    ) -> StoreResult<FaultRule> {
        let mut rules = self.rules.lock();
        let mut n = rules.len();
        while rule.id.is_none()
            && rules
                .iter()
                .any(|l| l.rule.id == Some(format!("fault-{}", n + 1)))
        {
            n += 1;
        }
        let rule = check(rule, n, is_operation)?;
        if rules.iter().any(|l| l.rule.id == rule.id) {
            return Err(StoreError::invalid(format!(
                "Invalid fault rule: Id {:?} is taken",
                rule.id.as_deref().unwrap_or_default()
            )));
        }
        rules.push(Live {
            rng: rule.seed.unwrap_or(0),
            rule: rule.clone(),
        });
        self.any.store(true, Ordering::Release);
        Ok(rule)
    }

    /// Whether any rule is set; without one a call costs one atomic load.
    pub fn is_active(&self) -> bool {
        self.any.load(Ordering::Acquire)
    }

    /// Every rule with its counters.
    pub fn list(&self) -> FaultSet {
        Self::listing(&self.rules.lock())
    }

    fn listing(rules: &[Live]) -> FaultSet {
        FaultSet {
            rules: rules.iter().map(|l| l.rule.clone()).collect(),
        }
    }

    /// Removes one rule; unknown → 404.
    pub fn remove(&self, id: &str) -> StoreResult<FaultRule> {
        let mut rules = self.rules.lock();
        let at = rules
            .iter()
            .position(|l| l.rule.id.as_deref() == Some(id))
            .ok_or(StoreError::NotFound)?;
        let gone = rules.remove(at).rule;
        self.any.store(!rules.is_empty(), Ordering::Release);
        Ok(gone)
    }

    /// The first call-level rule that fires for a call of `op` on `app` (and `endpoint`).
    pub fn on_call(
        &self,
        op: &str,
        app: Option<&str>,
        endpoint: Option<&str>,
    ) -> Option<CallFault> {
        let r = self.first_firing(op, app, endpoint, |r| r.delivery_status.is_none())?;
        Some(CallFault {
            error: r.error.as_ref().map(|e| {
                let kind = ERRORS
                    .iter()
                    .find(|(s, _)| *s == e.status)
                    .map_or("", |k| k.1);
                let msg = e.message.clone().unwrap_or_else(|| injected_by(&r));
                (e.status, kind, msg)
            }),
            latency_ms: r.latency_ms.unwrap_or(0),
        })
    }

    /// The DeliveryStatus forced on one recipient of a send, with its StatusCode and message.
    pub fn on_recipient(
        &self,
        op: &str,
        app: &str,
        endpoint: Option<&str>,
        address: Option<&str>,
    ) -> Option<(DeliveryStatus, u16, String)> {
        let r = self.first_firing(op, Some(app), endpoint, |r| {
            r.delivery_status.is_some() && r.address.as_deref().is_none_or(|a| Some(a) == address)
        })?;
        let name = r.delivery_status.as_deref().unwrap_or_default();
        let (_, status, code) = FORCED.iter().find(|(n, ..)| *n == name)?;
        let msg = r.status_message.clone().unwrap_or_else(|| injected_by(&r));
        Some((*status, *code, msg))
    }

    /// The first rule for `op` on `app` (and `endpoint`) that `also` accepts and that fires
    /// now; firing counts it, so each call asks once.
    fn first_firing(
        &self,
        op: &str,
        app: Option<&str>,
        endpoint: Option<&str>,
        also: impl Fn(&FaultRule) -> bool,
    ) -> Option<FaultRule> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let endpoint = endpoint.map(fold_id);
        let mut rules = self.rules.lock();
        for live in rules.iter_mut() {
            let r = &live.rule;
            let matches = also(r)
                && live.is_for(op, app)
                && r.endpoint_id
                    .as_deref()
                    .is_none_or(|e| Some(fold_id(e)) == endpoint);
            if matches && live.fires() {
                return Some(live.rule.clone());
            }
        }
        None
    }
}

/// The message a forced outcome carries when its rule gives none.
fn injected_by(r: &FaultRule) -> String {
    format!("Injected by fault rule {}", r.id.as_deref().unwrap_or(""))
}
