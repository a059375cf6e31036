//! What every server function, legacy handler and job reaches: the database and the
//! services the contexts share. The realtime transport keeps its own state beside it.

use crate::{
    core::{AppError, config::Config, rate_limit::RateLimits},
    execution::runner::CodeRunner,
    puzzles::service::catalogue::Catalogue,
    submissions::queue::JudgeQueue,
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::{ops::Deref, sync::Arc};

/// Cheap to clone: axum clones the state into every route service it calls, some
/// thirty times per rendered page, so it is one shared allocation.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

pub struct Services {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub rate_limits: Arc<RateLimits>,
    pub runner: Arc<dyn CodeRunner>,
    pub judge_queue: JudgeQueue,
    pub catalogue: Catalogue,
}

impl AppState {
    pub fn new(
        pool: PgPool,
        config: Config,
        leptos_options: LeptosOptions,
        runner: Arc<dyn CodeRunner>,
    ) -> Self {
        Self(Arc::new(Services {
            catalogue: Catalogue::default(),
            judge_queue: JudgeQueue::new(pool.clone()),
            pool,
            runner,
            rate_limits: Arc::new(RateLimits::from_config(&config)),
            config: Arc::new(config),
            leptos_options,
        }))
    }
}

impl Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-rendered component.
pub fn use_app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("state", "AppState missing from context"))
}
