//! `/comments/:id`: one comment and the replies under it, where a thread is too
//! deep to show under its puzzle ("continue this thread").

use crate::{
    comments::api::comment_thread,
    components::{
        discussion::{ActionError, Actions, Comment},
        errors::Failure,
        islands::{IslandTitle, hydrating},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ThreadPage() -> impl IntoView {
    view! { <Thread id=use_params_map().read_untracked().get("id").unwrap_or_default()/> }
}

/// The thread, loaded again after each of its actions.
#[island(lazy)]
fn Thread(id: String) -> impl IntoView {
    hydrating();
    let actions = Actions::provide();
    let data = Resource::new(move || actions.version(), move |_| comment_thread(id.clone()));
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the thread…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => Either::Left(view! {
                        <IslandTitle text=format!("Discussion of {}", view.puzzle_title)/>
                        <section class="discussion">
                            <p>
                                <a href=format!("/puzzles/{}#discussion", view.puzzle)>
                                    {format!("← Back to the discussion of {}", view.puzzle_title)}
                                </a>
                            </p>
                            <ActionError/>
                            <ol class="comments"><Comment comment=view.comment/></ol>
                        </section>
                    }),
                    Err(error) => Either::Right(view! { <Failure error/> }),
                }
            })}
        </Transition>
    }
}
