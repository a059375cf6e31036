//! Password hashing: argon2id for every new hash; legacy bcrypt hashes still verify
//! and are replaced on the next successful login. Hashing is CPU-bound, so callers
//! run it on the blocking pool.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::sync::LazyLock;
use tokio::{sync::Semaphore, task::JoinError};

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Hashes computed at once, one per core: each takes 19 MiB and a core for ~25 ms, so a
/// burst of logins queues here instead of exhausting memory.
static HASHING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Runs hashing work on the blocking pool, within the cap above.
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, JoinError> {
    let _permit = HASHING.acquire().await.expect("the hashing semaphore is never closed");
    tokio::task::spawn_blocking(work).await
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

/// What checking a password against a stored hash found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Wrong,
    Correct,
    /// Correct, but stored with an old algorithm or cost: store `hash(password)` instead.
    CorrectNeedsRehash,
}

pub fn verify(password: &str, stored: &str) -> Verdict {
    if is_bcrypt(stored) {
        return match bcrypt::verify(password, stored) {
            Ok(true) => Verdict::CorrectNeedsRehash,
            _ => Verdict::Wrong,
        };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verdict::Wrong;
    };
    if hasher().verify_password(password.as_bytes(), &parsed).is_err() {
        return Verdict::Wrong;
    }
    let current = Params::try_from(&parsed).is_ok_and(|p| {
        parsed.algorithm == Algorithm::Argon2id.ident() && p.m_cost() == MEMORY_KIB && p.t_cost() == PASSES
    });
    if current { Verdict::Correct } else { Verdict::CorrectNeedsRehash }
}

/// Spends the time of a real verification, so unknown accounts answer as slowly as
/// known ones and response time does not reveal which usernames exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("a password nobody has"));
    let _ = verify(password, dummy);
}

fn is_bcrypt(stored: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"].iter().any(|prefix| stored.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let stored = hash("correct horse battery staple");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(verify("correct horse battery staple", &stored), Verdict::Correct);
        assert_eq!(verify("wrong horse battery staple", &stored), Verdict::Wrong);
    }

    #[test]
    fn legacy_bcrypt_verifies_and_asks_for_rehash() {
        let legacy = bcrypt::hash("a legacy password!", 4).unwrap();
        assert_eq!(verify("a legacy password!", &legacy), Verdict::CorrectNeedsRehash);
        assert_eq!(verify("not the password", &legacy), Verdict::Wrong);
    }

    #[test]
    fn weaker_argon2_parameters_ask_for_rehash() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(1024, 1, 1, None).unwrap())
            .hash_password(b"some password here", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert_eq!(verify("some password here", &weak), Verdict::CorrectNeedsRehash);
    }

    #[test]
    fn garbage_hashes_never_verify() {
        assert_eq!(verify("anything", "!"), Verdict::Wrong);
        assert_eq!(verify("anything", ""), Verdict::Wrong);
    }
}
