//! The open offer as Open Referral HSDS 3.0 objects: each offer is a `service` of the
//! organisation that hosts it first, at the `location` of its venue, with its `schedule`,
//! `languages`, `cost_options` and `contacts`. Served read-only under `/api/v1/hsds` and written
//! to files by `kring export hsds`; both validate against the official HSDS 3.0 schemas in the
//! test-suite (`tests/data/hsds-3.0`).
//!
//! HSDS wants UUIDs. Kring's records have integer ids, so every HSDS id is derived from the
//! kind of record and its id (see [`HsdsId`]): stable across requests, exports and restarts,
//! different per municipality, and reversible, so `/services/{id}` needs no look-up table.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// The HSDS version these objects follow.
pub const HSDS_VERSION: &str = "3.0";
/// The profile: the HSDS core, without a national extension.
pub const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/v3.0/";

/// What an HSDS id names. Its number is part of the UUID, so never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HsdsKind {
    Organization = 1,
    Service = 2,
    Location = 3,
    ServiceAtLocation = 4,
    Address = 5,
    Schedule = 6,
    Language = 7,
    CostOption = 8,
    Accessibility = 9,
    Phone = 10,
    Contact = 11,
}

impl HsdsKind {
    fn from_number(number: u8) -> Option<HsdsKind> {
        use HsdsKind::*;
        [
            Organization,
            Service,
            Location,
            ServiceAtLocation,
            Address,
            Schedule,
            Language,
            CostOption,
            Accessibility,
            Phone,
            Contact,
        ]
        .into_iter()
        .find(|kind| *kind as u8 == number)
    }
}

/// The namespace of one installation: the first 6 bytes of SHA-256 over the municipality's CBS
/// code, so two municipalities publishing into one directory never share an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsdsNamespace([u8; 6]);

impl HsdsNamespace {
    pub fn new(municipality_code: &str) -> HsdsNamespace {
        let digest = Sha256::digest(format!("kring-hsds:{municipality_code}").as_bytes());
        let mut bytes = [0; 6];
        bytes.copy_from_slice(&digest[..6]);
        HsdsNamespace(bytes)
    }
}

/// An HSDS id: an RFC 9562 UUID of version 8 (custom layout) and the RFC 4122 variant.
///
/// Layout: bytes 0–5 the namespace, byte 6 the version (8) and the kind, byte 7 a sub-number
/// (which language of a service, say), byte 8 the variant, bytes 9–15 the record's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsdsId([u8; 16]);

/// The largest record id that fits in the 7 id bytes.
const MAX_RECORD_ID: i64 = (1 << 56) - 1;

impl HsdsId {
    pub fn new(namespace: HsdsNamespace, kind: HsdsKind, record_id: i64) -> HsdsId {
        HsdsId::with_sub(namespace, kind, record_id, 0)
    }

    /// For records that are parts of another one: the n-th language of a service.
    pub fn with_sub(namespace: HsdsNamespace, kind: HsdsKind, record_id: i64, sub: u8) -> HsdsId {
        let mut bytes = [0; 16];
        bytes[..6].copy_from_slice(&namespace.0);
        bytes[6] = 0x80 | kind as u8;
        bytes[7] = sub;
        bytes[8] = 0x80;
        let id = record_id.clamp(0, MAX_RECORD_ID).to_be_bytes();
        bytes[9..].copy_from_slice(&id[1..]);
        HsdsId(bytes)
    }

    /// The record id in an HSDS id of this namespace and kind; `None` for any other text.
    pub fn parse(text: &str, namespace: HsdsNamespace, kind: HsdsKind) -> Option<i64> {
        let hex: String = text.chars().filter(|c| *c != '-').collect();
        if hex.len() != 32 || text.len() != 36 {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(index * 2..index * 2 + 2)?, 16).ok()?;
        }
        let canonical = HsdsId(bytes);
        if canonical.to_string() != text.to_ascii_lowercase()
            || bytes[..6] != namespace.0
            || HsdsKind::from_number(bytes[6] & 0x0f) != Some(kind)
            || bytes[6] & 0xf0 != 0x80
            || bytes[7] != 0
            || bytes[8] != 0x80
        {
            return None;
        }
        let mut id = [0u8; 8];
        id[1..].copy_from_slice(&bytes[9..]);
        Some(i64::from_be_bytes(id))
    }
}

impl fmt::Display for HsdsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, byte) in self.0.iter().enumerate() {
            if matches!(index, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for HsdsId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_version_8_uuid_that_reads_back() {
        let namespace = HsdsNamespace::new("GM9999");
        let id = HsdsId::new(namespace, HsdsKind::Service, 42);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "8", "version 8: {text}");
        assert!(
            matches!(&text[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant: {text}"
        );
        assert!(text.ends_with("00000000002a"), "{text}");
        assert_eq!(HsdsId::parse(&text, namespace, HsdsKind::Service), Some(42));
        assert_eq!(
            HsdsId::parse(&text.to_uppercase(), namespace, HsdsKind::Service),
            Some(42)
        );
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
    }

    #[test]
    fn ids_are_stable_and_differ_by_kind_record_and_municipality() {
        let here = HsdsNamespace::new("GM9999");
        let there = HsdsNamespace::new("GM0363");
        let service = HsdsId::new(here, HsdsKind::Service, 7);
        assert_eq!(
            service,
            HsdsId::new(HsdsNamespace::new("GM9999"), HsdsKind::Service, 7)
        );
        assert_ne!(service, HsdsId::new(here, HsdsKind::Organization, 7));
        assert_ne!(service, HsdsId::new(here, HsdsKind::Service, 8));
        assert_ne!(service, HsdsId::new(there, HsdsKind::Service, 7));
        assert_ne!(service, HsdsId::with_sub(here, HsdsKind::Service, 7, 1));
    }

    #[test]
    fn other_texts_are_no_id() {
        let here = HsdsNamespace::new("GM9999");
        let service = HsdsId::new(here, HsdsKind::Service, 7).to_string();
        for text in [
            "",
            "7",
            "not-a-uuid",
            "ac148810-d857-441c-9679-408f346de14b",
            &service.replace('-', ""),
            &format!("{service}0"),
        ] {
            assert_eq!(HsdsId::parse(text, here, HsdsKind::Service), None, "{text}");
        }
        assert_eq!(HsdsId::parse(&service, here, HsdsKind::Organization), None);
        assert_eq!(
            HsdsId::parse(&service, HsdsNamespace::new("GM0363"), HsdsKind::Service),
            None
        );
        let part = HsdsId::with_sub(here, HsdsKind::Service, 7, 1).to_string();
        assert_eq!(HsdsId::parse(&part, here, HsdsKind::Service), None);
    }
}
