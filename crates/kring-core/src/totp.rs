//! The second factor: time-based one-time passwords (TOTP, RFC 6238 over HOTP, RFC 4226) with
//! HMAC-SHA-1, six digits and a 30-second step, as every authenticator app reads them from an
//! `otpauth://` URI; and the one-time recovery codes that stand in for a lost phone.
//!
//! Pure: the random bytes of a secret or a recovery code and the clock come in as arguments.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step: a code is valid for one step, and one step either side for clock skew.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Bytes of a secret: 160 bits, the HMAC-SHA-1 block the RFC recommends.
pub const SECRET_BYTES: usize = 20;
/// How many recovery codes an enrolment hands out.
pub const RECOVERY_CODES: usize = 10;
/// Random bytes per recovery code (one character per byte, 5 bits each: 60 bits).
pub const RECOVERY_CODE_BYTES: usize = 12;
/// The issuer authenticator apps show above the code.
pub const ISSUER: &str = "Kring";

/// A shared TOTP secret. Its `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A secret from random bytes the caller drew.
    pub fn from_bytes(bytes: [u8; SECRET_BYTES]) -> Self {
        Secret(bytes.to_vec())
    }

    /// The secret from its stored form (base32, as [`Secret::to_base32`] writes it); spaces
    /// and lower case are accepted, as people type them.
    pub fn from_base32(text: &str) -> Option<Self> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = BASE32_NOPAD.decode(cleaned.as_bytes()).ok()?;
        (!bytes.is_empty()).then_some(Secret(bytes))
    }

    /// Base32 without padding, the form of `otpauth://` URIs and of the stored secret.
    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }

    /// The base32 secret in groups of four, for typing it into an app by hand.
    pub fn grouped(&self) -> String {
        let text = self.to_base32();
        text.as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The URI authenticator apps read from the QR code:
    /// `otpauth://totp/Kring:<account>?secret=…&issuer=Kring`.
    pub fn otpauth_uri(&self, account: &str) -> String {
        format!(
            "otpauth://totp/{ISSUER}:{}?secret={}&issuer={ISSUER}",
            percent_encode(account),
            self.to_base32()
        )
    }

    /// The code at the instant `unix_seconds`.
    pub fn code_at(&self, unix_seconds: i64) -> String {
        self.code_of_step(step_at(unix_seconds))
    }

    fn code_of_step(&self, step: i64) -> String {
        let value = hotp_value(&self.0, step.max(0).unsigned_abs()) % 10u32.pow(DIGITS);
        format!("{value:0width$}", width = DIGITS as usize)
    }
}

/// The step an instant falls in (`T` of RFC 6238, with T0 = 0).
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// HOTP's dynamically truncated 31-bit value of the HMAC-SHA-1 of `counter` (RFC 4226 5.3);
/// a code of `n` digits is this value modulo 10ⁿ.
pub fn hotp_value(key: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ])
}

/// What a typed code is worth at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code of this step (the current one or one either side): record it as used.
    Accepted { step: i64 },
    /// The right code, but of a step already used: a code counts once.
    Reused,
    /// Not the code of any step in the window (or not six digits at all).
    Wrong,
}

/// Checks a typed code at `unix_seconds`, allowing one step of clock skew either way. A step
/// at or before `last_used_step` is refused as [`CodeCheck::Reused`], so a code seen over
/// someone's shoulder cannot be used again within its window.
pub fn check_code(
    secret: &Secret,
    typed: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> CodeCheck {
    let Some(typed) = normalise_code(typed) else {
        return CodeCheck::Wrong;
    };
    let now = step_at(unix_seconds);
    let mut reused = false;
    for step in [now, now - 1, now + 1] {
        if !constant_time_eq(secret.code_of_step(step).as_bytes(), typed.as_bytes()) {
            continue;
        }
        if last_used_step.is_some_and(|last| step <= last) {
            reused = true;
        } else {
            return CodeCheck::Accepted { step };
        }
    }
    if reused {
        CodeCheck::Reused
    } else {
        CodeCheck::Wrong
    }
}

/// A typed TOTP code without spaces: six digits, or `None`.
pub fn normalise_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// The 32 characters of recovery codes: lower case and digits without look-alikes (no `i`,
/// `l`, `o` or `1`).
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz023456789";

/// A recovery code from random bytes: twelve characters (60 bits) in groups of four,
/// `abcd-efgh-jkmn`.
pub fn recovery_code_from_bytes(bytes: [u8; RECOVERY_CODE_BYTES]) -> String {
    let chars: Vec<u8> = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[usize::from(b % 32)])
        .collect();
    chars
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed recovery code in the one form that is stored (hashed): lower case, without spaces
/// or dashes; `None` when it cannot be a recovery code.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (code.len() == RECOVERY_CODE_BYTES && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `@`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-1 seed of RFC 6238 appendix B.
    fn rfc_secret() -> Secret {
        Secret::from_bytes(*b"12345678901234567890")
    }

    /// RFC 6238 appendix B, SHA-1: the time and the 8-digit TOTP.
    const VECTORS: [(i64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn the_rfc_6238_sha1_vectors_hold_in_eight_and_six_digits() {
        let secret = rfc_secret();
        for (time, eight) in VECTORS {
            let value = hotp_value(&secret.0, step_at(time).unsigned_abs());
            assert_eq!(format!("{:08}", value % 100_000_000), eight, "T = {time}");
            // Six digits come from the same truncated value, modulo 10⁶.
            assert_eq!(secret.code_at(time), eight[2..], "T = {time}");
        }
    }

    #[test]
    fn one_step_of_skew_is_accepted_and_two_are_refused() {
        let secret = rfc_secret();
        let now = 1_111_111_111;
        let step = step_at(now);
        for (offset, expected) in [
            (0, CodeCheck::Accepted { step }),
            (-30, CodeCheck::Accepted { step: step - 1 }),
            (30, CodeCheck::Accepted { step: step + 1 }),
            (-60, CodeCheck::Wrong),
            (60, CodeCheck::Wrong),
        ] {
            let code = secret.code_at(now + offset);
            assert_eq!(check_code(&secret, &code, now, None), expected, "{offset}");
        }
    }

    #[test]
    fn a_used_step_is_refused_as_reused() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let code = secret.code_at(now);
        let CodeCheck::Accepted { step } = check_code(&secret, &code, now, None) else {
            panic!("the current code is accepted");
        };
        assert_eq!(
            check_code(&secret, &code, now + 5, Some(step)),
            CodeCheck::Reused
        );
        // An older code after a newer one was used is refused too.
        let older = secret.code_at(now - 30);
        assert_eq!(
            check_code(&secret, &older, now, Some(step)),
            CodeCheck::Reused
        );
        let next = secret.code_at(now + 30);
        assert_eq!(
            check_code(&secret, &next, now + 30, Some(step)),
            CodeCheck::Accepted { step: step + 1 }
        );
    }

    #[test]
    fn codes_are_six_digits_with_spaces_allowed() {
        let secret = rfc_secret();
        let now = 59;
        assert_eq!(
            check_code(&secret, " 287 082 ", now, None),
            CodeCheck::Accepted { step: 1 }
        );
        for typed in ["", "28708", "2870821", "28708a", "94287082"] {
            assert_eq!(check_code(&secret, typed, now, None), CodeCheck::Wrong);
        }
    }

    #[test]
    fn a_secret_reads_back_from_base32_and_shows_in_groups_of_four() {
        let secret = rfc_secret();
        assert_eq!(secret.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret.grouped(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert_eq!(
            Secret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"),
            Some(secret.clone())
        );
        assert_eq!(Secret::from_base32("not base32!"), None);
        assert_eq!(Secret::from_base32(""), None);
        assert_eq!(format!("{secret:?}"), "Secret(…)");
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        assert_eq!(
            rfc_secret().otpauth_uri("an+ne@gemeente.nl"),
            "otpauth://totp/Kring:an%2Bne@gemeente.nl?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kring"
        );
    }

    #[test]
    fn recovery_codes_read_back_however_they_are_typed() {
        let code = recovery_code_from_bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 31]);
        assert_eq!(code, "abcd-efgh-jkm9");
        assert_eq!(
            normalise_recovery_code(" ABCD efgh-JKM9 ").as_deref(),
            Some("abcdefghjkm9")
        );
        assert_eq!(normalise_recovery_code("abcd-efgh-jkm"), None);
        assert_eq!(normalise_recovery_code("abcd-efgh-jkmi"), None);
        assert_eq!(normalise_recovery_code("123456"), None);
    }
}
