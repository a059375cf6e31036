//! The community's island: a puzzle's discussion and solutions tabs, a solution's
//! discussion, a comment's thread and the report button. One lazy island for all
//! of them, so that their code is one WASM module and the chunks it shares with
//! the other islands are few: the split build gives code shared by several lazy
//! islands a chunk per set of islands sharing it, and each chunk is a request.

use super::{
    discussion::{Discussion, Thread},
    islands::hydrating,
    report::ReportButton,
    session::use_session,
    solutions::Tabs,
};
use crate::{core::Id, moderation::ProblemType};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the island shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum CommunityPart {
    /// A puzzle's discussion and solutions tabs.
    Tabs { puzzle: Id },
    /// The discussion under a solution, on its submission page.
    Discussion { puzzle: Id, solution: Id },
    /// One comment and the replies under it.
    Thread { id: String },
    /// The report button for one target.
    Report { problem: ProblemType, target: Id },
}

#[island(lazy)]
pub fn Community(part: CommunityPart) -> impl IntoView {
    hydrating();
    match part {
        CommunityPart::Tabs { puzzle } => view! { <Tabs puzzle/> }.into_any(),
        CommunityPart::Discussion { puzzle, solution } => {
            view! { <Discussion puzzle solution=Some(solution)/> }.into_any()
        }
        CommunityPart::Thread { id } => view! { <Thread id/> }.into_any(),
        CommunityPart::Report { problem, target } => view! { <ReportButton problem target/> }.into_any(),
    }
}

/// The report button for a signed-in user who is not `owner`, the user behind the
/// target (nobody reports their own puzzle or themselves). Waits for the session
/// within the page's Suspense boundary: nested boundaries hydrated unreliably.
#[component]
pub fn ReportUnlessOwn(problem: ProblemType, target: Id, owner: Id) -> impl IntoView {
    let session = use_session();
    move || {
        Suspend::new(async move {
            let reporter = session.user.await.ok().flatten();
            reporter
                .filter(|user| user.id != owner)
                .map(|_| view! { <Community part=CommunityPart::Report { problem, target }/> })
        })
    }
}
