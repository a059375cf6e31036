//! Admission to the code runner: the limits every request that runs code on someone's behalf
//! passes before it queues.

use super::rules;
use crate::{
    accounts::Caller,
    core::{AppResult, Id},
    state::AppState,
};

/// Lets the caller queue `jails` runs (one per test), or says why not: more than one request
/// may ask for, a queue too long to wait in ("busy, try again in N s"), or their budget of
/// runs spent. Returns the caller's id, whose turns the runs take.
pub fn admit(state: &AppState, caller: &Caller, jails: usize) -> AppResult<Id> {
    let user = caller.user()?.id;
    rules::check_batch(jails)?;
    rules::admit(&state.runner.backlog(user))?;
    state.rate_limits.check_runs(user, jails)?;
    Ok(user)
}
