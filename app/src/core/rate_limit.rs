//! Per-client-address rate limits for the endpoints attackers automate. Kept in
//! memory per server process; per-account login limits live in the database.

use super::{
    AppError, AppResult, Id,
    config::{Config, RateLimitMode},
};
use governor::{
    DefaultKeyedRateLimiter, NotUntil, Quota,
    clock::{Clock, DefaultClock},
};
use std::{hash::Hash, net::IpAddr, num::NonZeroU32, time::Duration};

/// Jails (one per test) a user's runs, example runs and author checks may take per minute: two
/// full author checks of the largest puzzle (a test in `puzzles::rules` keeps them in step),
/// or a hundred single runs.
pub const RUN_BUDGET: u32 = 100;

pub struct RateLimits {
    login: DefaultKeyedRateLimiter<IpAddr>,
    registration: DefaultKeyedRateLimiter<IpAddr>,
    sockets: DefaultKeyedRateLimiter<IpAddr>,
    runs: DefaultKeyedRateLimiter<Id>,
    submissions: DefaultKeyedRateLimiter<Id>,
    comments: DefaultKeyedRateLimiter<Id>,
    votes: DefaultKeyedRateLimiter<Id>,
    /// Failed logins an account may have in a row before each further one makes it wait.
    pub free_failed_logins: u32,
}

impl RateLimits {
    pub fn new(mode: RateLimitMode) -> Self {
        let scale = match mode {
            RateLimitMode::Normal => 1,
            RateLimitMode::Relaxed => 1000,
        };
        Self {
            login: limiter(60 * scale, Duration::from_secs(60)),
            registration: limiter(10 * scale, Duration::from_secs(3600)),
            sockets: limiter(20 * scale, Duration::from_secs(60)),
            runs: limiter(RUN_BUDGET * scale, Duration::from_secs(60)),
            submissions: limiter(10 * scale, Duration::from_secs(60)),
            comments: limiter(10 * scale, Duration::from_secs(60)),
            votes: limiter(20 * scale, Duration::from_secs(60)),
            free_failed_logins: 5 * scale,
        }
    }

    pub fn from_config(config: &Config) -> Self {
        Self::new(config.rate_limits)
    }

    pub fn check_login(&self, ip: IpAddr) -> AppResult<()> {
        check(&self.login, ip)
    }

    pub fn check_registration(&self, ip: IpAddr) -> AppResult<()> {
        check(&self.registration, ip)
    }

    /// Websocket connections opened, per client address.
    pub fn check_socket(&self, ip: IpAddr) -> AppResult<()> {
        check(&self.sockets, ip)
    }

    /// Code run without storing it ("Run", legacy `/execute`, author checks), per user and
    /// counted in jails: a run on 45 tests spends 45.
    pub fn check_runs(&self, user: Id, jails: usize) -> AppResult<()> {
        let Some(jails) = u32::try_from(jails).ok().and_then(NonZeroU32::new) else {
            return Ok(());
        };
        match self.runs.check_key_n(&user, jails) {
            Ok(checked) => checked.map_err(|not_until| too_many(&not_until)),
            Err(_) => Err(AppError::BadRequest(format!("At most {RUN_BUDGET} tests may run per minute"))),
        }
    }

    pub fn check_submission(&self, user: Id) -> AppResult<()> {
        check(&self.submissions, user)
    }

    /// Comments and replies posted, per user.
    pub fn check_comment(&self, user: Id) -> AppResult<()> {
        check(&self.comments, user)
    }

    /// Votes on comments, per user (the legacy API's 20 a minute).
    pub fn check_vote(&self, user: Id) -> AppResult<()> {
        check(&self.votes, user)
    }

    /// Forgets clients whose buckets are full again, bounding memory.
    pub fn forget_idle_clients(&self) {
        self.login.retain_recent();
        self.registration.retain_recent();
        self.sockets.retain_recent();
        self.runs.retain_recent();
        self.submissions.retain_recent();
        self.comments.retain_recent();
        self.votes.retain_recent();
    }
}

/// `count` requests per `period`, all of which may come at once.
fn limiter<K: Hash + Eq + Clone>(count: u32, period: Duration) -> DefaultKeyedRateLimiter<K> {
    let burst = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period / burst.get())
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst);
    DefaultKeyedRateLimiter::keyed(quota)
}

fn check<K: Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, key: K) -> AppResult<()> {
    limiter.check_key(&key).map_err(|not_until| too_many(&not_until))
}

fn too_many(not_until: &NotUntil<<DefaultClock as Clock>::Instant>) -> AppError {
    AppError::TooManyRequests {
        retry_after_secs: not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_address_waits() {
        let limiter = limiter::<IpAddr>(3, Duration::from_secs(60));
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            assert!(check(&limiter, ip).is_ok());
        }
        match check(&limiter, ip) {
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=20).contains(&retry_after_secs))
            }
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(check(&limiter, "192.0.2.2".parse().unwrap()).is_ok(), "limits are per address");
    }

    #[test]
    fn runs_are_counted_in_jails() {
        let limits = RateLimits::new(RateLimitMode::Normal);
        let user = Id::from_bytes([7; 12]);
        assert!(limits.check_runs(user, RUN_BUDGET as usize - 1).is_ok());
        assert!(limits.check_runs(user, 1).is_ok());
        assert!(matches!(limits.check_runs(user, 1), Err(AppError::TooManyRequests { .. })));
        let greedy = Id::from_bytes([8; 12]);
        assert_eq!(limits.check_runs(greedy, RUN_BUDGET as usize + 1).unwrap_err().status(), 400);
    }
}
