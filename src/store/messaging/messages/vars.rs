//! A recipient's message variables (docs/behaviour.md#rendering): the endpoint's own data and,
//! where it has none, the Substitutions and defaults of the request and the template.

use serde_json::{Map, Value};

use super::content::Sources;
use crate::store::endpoints::model::EndpointView;

impl Sources<'_> {
    /// The message's variables: the endpoint's own data, then what it lacks from the channel
    /// message's Substitutions, the default messages' and the template's defaults (most
    /// specific first, each only filling gaps), then the recipient's Substitutions over all.
    pub fn variables(&self, endpoint: Option<EndpointView<'_>>) -> Value {
        let mut root = match endpoint {
            Some(ep) => endpoint_variables(ep),
            None => Value::Object(Map::new()),
        };
        let subs = [self.message(), self.default_push(), self.default()];
        for s in subs.into_iter().flatten().filter_map(|m| m.substitutions) {
            for (k, v) in s {
                fill_path(&mut root, k, &Value::from(v.clone()));
            }
        }
        if let Some(t) = self.template {
            fill(&mut root, &t.defaults);
        }
        for (k, v) in &self.overrides.substitutions {
            set_path(&mut root, k, Value::from(v.clone()));
        }
        root
    }
}

/// Sets `a.b.c` in `root`, making objects on the way (a dotted key and a nested one mean the
/// same).
pub fn set_path(root: &mut Value, key: &str, value: Value) {
    let mut at = root;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(m) = at else { return };
        if parts.peek().is_none() {
            m.insert(part.to_string(), value);
            return;
        }
        at = m
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Sets `a.b.c` in `root` only where nothing is set yet.
fn fill_path(root: &mut Value, key: &str, value: &Value) {
    let mut at = root;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(m) = at else { return };
        if parts.peek().is_none() {
            m.entry(part.to_string()).or_insert_with(|| value.clone());
            return;
        }
        at = m
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Copies into `base` whatever of `defaults` it lacks, object by object.
fn fill(base: &mut Value, defaults: &Value) {
    let (Value::Object(b), Value::Object(d)) = (base, defaults) else {
        return;
    };
    for (k, v) in d {
        match b.get_mut(k) {
            Some(slot) => fill(slot, v),
            None => {
                b.insert(k.clone(), v.clone());
            }
        }
    }
}

/// A template's `DefaultSubstitutions` (a JSON object as a string) as nested variables; dotted
/// keys are expanded.
pub fn template_defaults(raw: Option<&str>) -> Value {
    let mut root = Value::Object(Map::new());
    if let Some(Ok(Value::Object(m))) = raw.map(serde_json::from_str::<Value>) {
        expand(&mut root, "", Value::Object(m));
    }
    root
}

fn expand(root: &mut Value, prefix: &str, v: Value) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                expand(root, &key, v);
            }
        }
        v if !prefix.is_empty() => set_path(root, prefix, v),
        _ => {}
    }
}

/// An endpoint's own data as message variables.
fn endpoint_variables(ep: EndpointView<'_>) -> Value {
    let e = ep.endpoint;
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    if let Some(a) = e.address() {
        put("Address", a.into());
    }
    if let Some(ct) = e.channel_type {
        put("ChannelType", ct.as_str().into());
    }
    put("Id", e.id.clone().into());
    put("CreationDate", e.creation_date().into());
    put("EffectiveDate", e.effective_date().into());
    put("EndpointStatus", e.status.as_str().into());
    put("OptOut", e.opt_out.as_str().into());
    put("RequestId", e.request_id().into());
    put("CohortId", e.cohort_id.to_string().into());
    let attrs = |a: &crate::store::endpoints::model::AttrMap| -> Value {
        Value::Object(
            a.iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(Value::from).collect()))
                .collect(),
        )
    };
    put("Attributes", attrs(&e.attributes));
    if let Some(metrics) = &e.metrics {
        put(
            "Metrics",
            Value::Object(
                metrics
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::from(*v)))
                    .collect(),
            ),
        );
    }
    if let Some(d) = &e.demographic {
        put(
            "Demographic",
            serde_json::to_value(&**d).unwrap_or_default(),
        );
    }
    if let Some(l) = &e.location {
        put("Location", serde_json::to_value(&**l).unwrap_or_default());
    }
    let mut user = Map::new();
    if let Some(u) = &e.user_id {
        user.insert("UserId".into(), u.clone().into());
    }
    user.insert("UserAttributes".into(), attrs(ep.user_attributes));
    put("User", Value::Object(user));
    Value::Object(m)
}
