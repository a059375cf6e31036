//! Time of one password hash and one verification with the production parameters.
//! `cargo run --profile bench -p server --example bench_password` (or `.ci/bench`)

use app::accounts::password;
use std::time::Instant;

const ROUNDS: u32 = 20;

fn main() {
    let started = Instant::now();
    let mut stored = String::new();
    for _ in 0..ROUNDS {
        stored = password::hash("a sufficiently long password");
    }
    let hash_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS);
    let started = Instant::now();
    for _ in 0..ROUNDS {
        assert_eq!(password::verify("a sufficiently long password", &stored), password::Verdict::Correct);
    }
    let verify_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS);
    println!("argon2id m=19 MiB t=2 p=1: hash {hash_ms:.1} ms, verify {verify_ms:.1} ms (mean of {ROUNDS})");
}
