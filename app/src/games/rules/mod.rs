//! Pure multiplayer rules: game modes, per-mode scoring and ranking, the waiting-room
//! and game state machines, and Glicko-2 ratings. No I/O and no clock: callers pass
//! in `now` and any randomness.

pub mod glicko2;
pub mod invites;
pub mod lifecycle;
pub mod modes;
pub mod scoring;
