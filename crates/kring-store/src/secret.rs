//! Secrets: random tokens, their stored hashes, and argon2id password hashes.

use argon2::password_hash::{self, Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use std::cell::RefCell;

use crate::StoreError;

/// A random URL-safe token with 256 bits of entropy.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A generated password people can type: groups of letters and digits without look-alikes.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(5)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Tokens are stored as their SHA-256: high-entropy secrets need no slow hash.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Password work runs on one dedicated thread, one job at a time. Each argon2id run takes
/// 19 MiB; spread over the runtime's blocking threads, every thread's allocator arena keeps
/// its own copy of that memory after the work is done. One thread keeps one, and a burst of
/// logins queues instead of taking every core.
type PasswordJob = Box<dyn FnOnce() + Send>;

fn password_worker() -> &'static std::sync::mpsc::Sender<PasswordJob> {
    static WORKER: std::sync::OnceLock<std::sync::mpsc::Sender<PasswordJob>> =
        std::sync::OnceLock::new();
    WORKER.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<PasswordJob>();
        std::thread::Builder::new()
            .name("kring-passwords".into())
            .spawn(move || {
                for job in receiver {
                    job();
                }
            })
            .expect("the password thread starts");
        sender
    })
}

async fn on_password_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    password_worker()
        .send(Box::new(move || {
            let _ = reply.send(work());
        }))
        .map_err(|_| StoreError::Internal("the password thread has stopped".into()))?;
    answer
        .await
        .map_err(|_| StoreError::Internal("the password thread dropped a job".into()))
}

/// Runs argon2id in memory the password thread keeps between runs. Allocating 19 MiB per run
/// and freeing it again makes glibc raise its mmap threshold and keep every freed copy: idle
/// memory grew by tens of megabytes after a handful of logins.
fn argon2id(password: &[u8], salt: &[u8], params: Params, out: &mut [u8]) -> Result<(), String> {
    thread_local! {
        static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    }
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let needed = params.block_count();
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into_with_memory(password, salt, out, &mut blocks[..needed])
            .map_err(|error| error.to_string())
    })
}

/// Hashes a password with argon2id (default parameters) into a PHC string.
pub async fn hash_password(password: String) -> Result<String, StoreError> {
    on_password_thread(move || {
        let failed = |error: String| StoreError::Internal(format!("hashing failed: {error}"));
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| failed(e.to_string()))?;
        let params = Params::default();
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        argon2id(password.as_bytes(), raw_salt, params.clone(), &mut out).map_err(failed)?;
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: params
                .try_into()
                .map_err(|e: password_hash::Error| failed(e.to_string()))?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).map_err(|e| failed(e.to_string()))?),
        };
        Ok(hash.to_string())
    })
    .await?
}

/// A hash of a password nobody has, so unknown accounts cost as much time as known ones.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Kx3eZb8lqQtu7r9sPVMd1Qd9l9C3ivGmH4U2mS3jQo";

/// Checks a password against a stored PHC hash on the password thread; `None` checks against
/// a dummy hash and fails, to keep timing alike.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    on_password_thread(move || {
        let stored = hash.as_deref().unwrap_or(DUMMY_HASH);
        let Ok(parsed) = PasswordHash::new(stored) else {
            return false;
        };
        let (Ok(params), Some(salt), Some(expected)) =
            (Params::try_from(&parsed), parsed.salt, parsed.hash)
        else {
            return false;
        };
        let mut salt_bytes = [0u8; 64];
        let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else {
            return false;
        };
        let mut out = vec![0u8; expected.len()];
        if argon2id(password.as_bytes(), raw_salt, params, &mut out).is_err() {
            return false;
        }
        // `Output` compares in constant time.
        let matches = Output::new(&out).is_ok_and(|computed| computed == expected);
        matches && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(token_hash("abc").len(), 64);
    }

    #[test]
    fn generated_passwords_meet_the_password_rule() {
        let password = random_password();
        assert!(kring_core::account::check_new_password(&password).is_ok());
    }

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }

    #[tokio::test]
    async fn our_hashes_are_standard_argon2id_phc_strings() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("correct horse battery".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"paard", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password("paard".into(), Some(theirs)).await);
    }
}
