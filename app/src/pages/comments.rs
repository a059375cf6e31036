//! `/comments/:id`: one comment and the replies under it, where a thread is too
//! deep to show under its puzzle ("continue this thread").

use crate::{
    comments::api::comment_thread,
    components::{
        discussion::{ActionError, Actions, Comment},
        errors::Failure,
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions::provide();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), actions.version()),
        |(id, _)| comment_thread(id),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the thread…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => Either::Left(view! {
                        <Title text=format!("Discussion of {}", view.puzzle_title)/>
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
