//! The ids the emulator mints: request ids and resource ids (apps today; segments, campaigns and
//! the rest later). The server draws random ids; tests use [`SequentialIds`] so every id in an
//! answer is known in advance. No other code calls a UUID generator.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A source of fresh ids.
pub trait IdGen: Send + Sync + 'static {
    /// A request id, UUID-formatted as the service's `x-amzn-RequestId`.
    fn request_id(&self) -> String;
    /// A resource id: 32 lowercase hex digits, as the service's application ids.
    fn resource_id(&self) -> String;
    /// A message id: 40 lowercase base32hex characters (`[0-9a-v]`), as the service's.
    fn message_id(&self) -> String;
    /// A one-time password of `len` decimal digits (leading zeros allowed).
    fn otp_code(&self, len: usize) -> String;
    /// The id of an event the emulator records itself (a delivery or engagement record),
    /// UUID-formatted like the ids clients give PutEvents events. Its own counter, so recording
    /// such events moves no other kind of id.
    fn event_id(&self) -> String;
}

/// The shared handle the application state carries.
pub type SharedIds = Arc<dyn IdGen>;

/// Random version-4 UUIDs from a per-thread generator seeded once from the operating system:
/// ids need uniqueness, not secrecy, and a system call per request is measurable.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomIds;

fn random_bytes() -> [u8; 16] {
    thread_local! {
        static STATE: Cell<u64> = Cell::new(uuid::Uuid::new_v4().as_u64_pair().0 | 1);
    }
    fn splitmix(state: &Cell<u64>) -> u64 {
        let mut z = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    let (hi, lo) = STATE.with(|s| (splitmix(s), splitmix(s)));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_le_bytes());
    bytes[8..].copy_from_slice(&lo.to_le_bytes());
    bytes
}

impl IdGen for RandomIds {
    fn request_id(&self) -> String {
        uuid::Builder::from_random_bytes(random_bytes())
            .into_uuid()
            .to_string()
    }

    fn resource_id(&self) -> String {
        uuid::Builder::from_random_bytes(random_bytes())
            .into_uuid()
            .simple()
            .to_string()
    }

    fn message_id(&self) -> String {
        const BASE32HEX: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
        let (a, b, c) = (random_bytes(), random_bytes(), random_bytes());
        let id: Vec<u8> = a
            .iter()
            .chain(b.iter())
            .chain(c.iter())
            .take(40)
            .map(|byte| BASE32HEX[(byte & 31) as usize])
            .collect();
        String::from_utf8(id).expect("base32hex digits are ASCII")
    }

    fn otp_code(&self, len: usize) -> String {
        let mut digits = String::with_capacity(len);
        while digits.len() < len {
            for byte in random_bytes() {
                // 250 = 25 × 10: rejecting the last 6 byte values keeps every digit equally likely.
                if byte < 250 && digits.len() < len {
                    digits.push(char::from(b'0' + byte % 10));
                }
            }
        }
        digits
    }

    fn event_id(&self) -> String {
        self.request_id()
    }
}

/// Ids counted from 1: request ids `00000000-0000-4000-8000-000000000001`, …, resource ids
/// `00000000000000000000000000000001`, …, message ids `000…001` (40 digits), and one-time
/// passwords `000001`, `000002`, … (as many digits as asked), and event ids
/// `00000000-0000-4000-9000-000000000001`, …, each kind with its own counter.
#[derive(Debug, Default)]
pub struct SequentialIds {
    requests: AtomicU64,
    resources: AtomicU64,
    messages: AtomicU64,
    otps: AtomicU64,
    events: AtomicU64,
}

impl IdGen for SequentialIds {
    fn request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed) + 1;
        format!("00000000-0000-4000-8000-{n:012x}")
    }

    fn resource_id(&self) -> String {
        let n = self.resources.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{n:032x}")
    }

    fn message_id(&self) -> String {
        let n = self.messages.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{n:040}")
    }

    fn otp_code(&self, len: usize) -> String {
        let n = self.otps.fetch_add(1, Ordering::Relaxed) + 1;
        let n = n % 10u64.pow(len.min(19) as u32);
        format!("{n:0len$}")
    }

    fn event_id(&self) -> String {
        let n = self.events.fetch_add(1, Ordering::Relaxed) + 1;
        format!("00000000-0000-4000-9000-{n:012x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_are_uuids_and_differ() {
        let ids = RandomIds;
        let (a, b) = (ids.request_id(), ids.request_id());
        assert_ne!(a, b);
        assert!(uuid::Uuid::parse_str(&a).is_ok());
        let r = ids.resource_id();
        assert_eq!(r.len(), 32);
        assert!(r.bytes().all(|c| c.is_ascii_hexdigit()));
        let m = ids.message_id();
        assert_eq!(m.len(), 40);
        assert!(
            m.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'v')),
            "{m}"
        );
        assert_ne!(m, ids.message_id());
        assert!(uuid::Uuid::parse_str(&ids.event_id()).is_ok());
        for len in 5..=8 {
            let otp = ids.otp_code(len);
            assert_eq!(otp.len(), len);
            assert!(otp.bytes().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn sequential_ids_count_each_kind_from_one() {
        let ids = SequentialIds::default();
        assert_eq!(ids.request_id(), "00000000-0000-4000-8000-000000000001");
        assert_eq!(ids.request_id(), "00000000-0000-4000-8000-000000000002");
        assert_eq!(ids.resource_id(), "00000000000000000000000000000001");
        assert!(uuid::Uuid::parse_str(&ids.request_id()).is_ok());
        assert_eq!(ids.message_id(), format!("{:040}", 1));
        assert_eq!(ids.otp_code(6), "000001");
        assert_eq!(ids.otp_code(5), "00002");
        assert_eq!(ids.event_id(), "00000000-0000-4000-9000-000000000001");
        assert_eq!(ids.request_id(), "00000000-0000-4000-8000-000000000004");
    }
}
