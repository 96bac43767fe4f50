//! The messaging parts of a state file or fixture (docs/behaviour.md#limit-memory): the sent
//! messages, one-time passwords and opt-outs, checked and installed.

use super::{opt_outs, otp, sent};
use crate::store::Store;

impl Store {
    /// Checks the messaging parts of a snapshot (its codes and opt-outs); `Err` names the bad
    /// record.
    pub(crate) fn check_messaging(
        codes: &[otp::OtpCode],
        opt_outs: &[opt_outs::OptOutRecord],
    ) -> Result<(), String> {
        for (i, c) in codes.iter().enumerate() {
            if crate::time::parse_iso8601(&c.expires_at).is_none() || c.code.is_empty() {
                return Err(format!(
                    "OtpCodes[{i}]: Code must not be empty and ExpiresAt must be an ISO-8601 date-time"
                ));
            }
        }
        for (i, r) in opt_outs.iter().enumerate() {
            opt_outs::check(&r.address).map_err(|e| format!("OptOuts[{i}]: {e}"))?;
        }
        Ok(())
    }

    /// Installs a snapshot's sent messages, codes and opt-outs, after dropping the current ones
    /// when `clear` is set.
    pub(crate) fn install_messaging(
        &self,
        sent: Vec<sent::SentMessage>,
        codes: Vec<otp::OtpCode>,
        opt_outs: Vec<opt_outs::OptOutRecord>,
        clear: bool,
    ) {
        self.sent.restore(sent, clear);
        {
            let mut book = self.otps.lock();
            if clear {
                book.clear();
            }
            for c in codes {
                let key = (
                    c.account_id.clone(),
                    c.region.clone(),
                    c.application_id.clone(),
                    c.destination_identity.clone(),
                    c.reference_id.clone(),
                );
                book.insert(key, c);
            }
        }
        {
            let mut list = self.opt_outs.lock();
            if clear {
                list.clear();
            }
            for r in opt_outs {
                list.entry(r.account_id).or_default().insert(r.address);
            }
        }
        self.touch();
    }
}
