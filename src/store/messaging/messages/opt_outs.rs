//! The emulator's opt-out list (docs/behaviour.md#opt-outs): per account, phone numbers and
//! email addresses that every send treats as opted out.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::deliver::is_e164;
use crate::store::{Store, StoreError, StoreResult};

/// One opted-out address, as `/_pinpoint/opt-outs` and the state file hold it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OptOutRecord {
    pub account_id: String,
    pub address: String,
}

/// The list: account → addresses.
pub type OptOuts = BTreeMap<String, BTreeSet<String>>;

pub(super) fn check(address: &str) -> StoreResult<()> {
    if is_e164(address) || (address.contains('@') && address.len() <= 254) {
        Ok(())
    } else {
        Err(StoreError::invalid(format!(
            "Invalid address {address:?}: an opt-out is an E.164 phone number or an email address"
        )))
    }
}

impl Store {
    /// Whether the account has opted `address` out.
    pub fn is_opted_out(&self, account: &str, address: &str) -> bool {
        self.opt_outs
            .lock()
            .get(account)
            .is_some_and(|s| s.contains(address))
    }

    /// The opted-out addresses, of one account or all.
    pub fn opt_outs(&self, account: Option<&str>) -> Vec<OptOutRecord> {
        let all = self.opt_outs.lock();
        all.iter()
            .filter(|(a, _)| account.is_none_or(|want| want == a.as_str()))
            .flat_map(|(a, set)| {
                set.iter().map(|addr| OptOutRecord {
                    account_id: a.clone(),
                    address: addr.clone(),
                })
            })
            .collect()
    }

    /// Adds addresses; every one is checked first, and none is added when one is invalid.
    pub fn add_opt_outs(&self, records: Vec<OptOutRecord>) -> StoreResult<()> {
        for r in &records {
            check(&r.address)?;
        }
        let mut all = self.opt_outs.lock();
        for r in records {
            all.entry(r.account_id).or_default().insert(r.address);
        }
        drop(all);
        self.touch();
        Ok(())
    }

    /// Removes one address, every address of an account, or everything.
    pub fn remove_opt_outs(&self, account: Option<&str>, address: Option<&str>) {
        let mut all = self.opt_outs.lock();
        match (account, address) {
            (None, None) => all.clear(),
            (Some(a), None) => {
                all.remove(a);
            }
            (acc, Some(addr)) => {
                for (a, set) in all.iter_mut() {
                    if acc.is_none_or(|want| want == a) {
                        set.remove(addr);
                    }
                }
                all.retain(|_, set| !set.is_empty());
            }
        }
        drop(all);
        self.touch();
    }
}
