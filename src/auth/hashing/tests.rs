//! The hasher's promises: the required cost, the PHC format, compatibility with hashes made by the
//! argon2 crate itself, and many hashes at once on the fixed set of threads.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use super::argon::{self, Memory};
use super::*;

fn password(text: &str) -> Password {
    Password::presented(text).unwrap()
}

#[tokio::test]
async fn hashes_with_argon2id_at_the_required_cost_and_verifies() {
    let hasher = PasswordHasher::new(2);
    let password = Password::new("violet kettles hum at dawn", &[]).unwrap();
    let stored = hasher.hash(&password).await.unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
    assert!(hasher.verify(&password, &stored).await.unwrap());
    let wrong = Password::presented("violet kettles hum at dusk").unwrap();
    assert!(!hasher.verify(&wrong, &stored).await.unwrap());
    assert!(!hasher.verify(&password, "not a hash").await.unwrap());
}

#[tokio::test]
async fn the_same_password_hashes_differently_each_time() {
    let hasher = PasswordHasher::new(1);
    let password = Password::new("violet kettles hum at dawn", &[]).unwrap();
    assert_ne!(hasher.hash(&password).await.unwrap(), hasher.hash(&password).await.unwrap());
}

#[tokio::test]
async fn many_hashes_and_verifications_at_once_all_come_out_right() {
    let hasher = PasswordHasher::new(3);
    let tasks: Vec<_> = (0..12)
        .map(|n| {
            let hasher = hasher.clone();
            tokio::spawn(async move {
                let right = password(&format!("parallel password number {n}"));
                let wrong = password(&format!("parallel password number {}", n + 100));
                let stored = hasher.hash(&right).await.unwrap();
                let (right_ok, wrong_ok, nothing) = tokio::join!(
                    hasher.verify(&right, &stored),
                    hasher.verify(&wrong, &stored),
                    hasher.verify_against_nothing(&wrong),
                );
                (stored, right_ok.unwrap(), wrong_ok.unwrap(), nothing.is_ok())
            })
        })
        .collect();
    let mut hashes = Vec::new();
    for task in tasks {
        let (stored, right, wrong, nothing) = task.await.unwrap();
        assert!(right && !wrong && nothing, "{stored}: right {right}, wrong {wrong}, decoy {nothing}");
        hashes.push(stored);
    }
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 12, "every hash has its own salt");
}

#[tokio::test]
async fn hashes_made_by_the_argon2_crate_verify_and_ours_verify_there() {
    let hasher = PasswordHasher::new(1);
    let right = password("compatible with what was stored before");
    let wrong = password("compatible with what was stored after");

    // What earlier versions stored: the crate's own hasher with the same parameters.
    let theirs = Argon2::default().hash_password(right.expose().as_bytes()).unwrap().to_string();
    assert!(theirs.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{theirs}");
    assert!(hasher.verify(&right, &theirs).await.unwrap());
    assert!(!hasher.verify(&wrong, &theirs).await.unwrap());

    // Other variants and parameters are verified with their own, inside the kept buffer or not.
    for (algorithm, m, t, p) in [(Algorithm::Argon2i, 8_192, 1, 2), (Algorithm::Argon2id, 24_576, 1, 1)] {
        let params = Params::new(m, t, p, None).unwrap();
        let other = Argon2::new(algorithm, Version::V0x13, params).hash_password(right.expose().as_bytes()).unwrap();
        let other = other.to_string();
        assert!(hasher.verify(&right, &other).await.unwrap(), "{other}");
        assert!(!hasher.verify(&wrong, &other).await.unwrap(), "{other}");
    }

    let ours = hasher.hash(&right).await.unwrap();
    Argon2::default().verify_password(right.expose().as_bytes(), ours.as_str()).unwrap();
    assert!(Argon2::default().verify_password(wrong.expose().as_bytes(), ours.as_str()).is_err());
}

#[tokio::test]
async fn a_stored_hash_asking_for_more_than_the_one_off_limit_is_a_mismatch() {
    let hasher = PasswordHasher::new(1);
    let right = password("memory is decided by the server");
    let m = u32::try_from(argon::MAX_ONE_OFF_KIB).unwrap() + 1024;
    let params = Params::new(m, 1, 1, None).unwrap();
    let greedy = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password(right.expose().as_bytes());
    let greedy = greedy.unwrap().to_string();
    Argon2::default().verify_password(right.expose().as_bytes(), greedy.as_str()).expect("a valid hash of it");
    assert!(!hasher.verify(&right, &greedy).await.unwrap(), "{greedy}");
}

#[test]
fn each_thread_reuses_one_buffer_for_every_hash() {
    let mut memory = Memory::default();
    assert!(memory.kept_buffer().is_none(), "nothing is allocated before the first hash");
    let stored = argon::hash(b"the first of several", &mut memory).unwrap();
    let buffer = memory.kept_buffer().expect("allocated by the first hash");
    assert!(argon::verify(b"the first of several", &stored, &mut memory));
    assert!(!argon::verify(b"the second of several", &stored, &mut memory));
    argon::decoy(&mut memory);
    argon::hash(b"the third of several", &mut memory).unwrap();
    assert_eq!(memory.kept_buffer(), Some(buffer));
}

#[tokio::test]
async fn hashes_waiting_for_the_one_thread_are_counted_as_the_queue() {
    let hasher = PasswordHasher::new(1);
    assert_eq!(hasher.queue_length(), 0);
    let right = password("counted while it waits its turn");
    let stored = hasher.hash(&right).await.unwrap();
    let jobs: Vec<_> = (0..4)
        .map(|_| {
            let (hasher, stored) = (hasher.clone(), stored.clone());
            tokio::spawn(
                async move { hasher.verify(&password("counted while it waits its turn"), &stored).await.unwrap() },
            )
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut longest = 0;
    while longest < 2 && std::time::Instant::now() < deadline {
        longest = longest.max(hasher.queue_length());
        tokio::task::yield_now().await;
    }
    assert!(longest >= 2, "four hashes on one thread make a queue (saw {longest})");
    for job in jobs {
        assert!(job.await.unwrap());
    }
    assert_eq!(hasher.queue_length(), 0, "and it empties");
}
