//! `/comments/:id`: one comment and the replies under it, where a thread is too
//! deep to show under its puzzle ("continue this thread").

use crate::components::community::{Community, CommunityPart};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    view! { <Community part=CommunityPart::Thread { id }/> }
}
