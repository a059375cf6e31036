//! The publishing panel: a button for each move the user may make, and deletion.
//! A move changes the whole page (its state, badges and moves), so it reloads it.

use crate::components::{islands::reload_after, puzzle_table::VisibilityBadge};
use crate::{
    core::Id,
    puzzles::{
        Visibility,
        api::{ChangeVisibility, DeletePuzzle},
    },
};
use leptos::prelude::*;

#[component]
pub fn Workflow(id: Id, visibility: Visibility, moves: Vec<Visibility>, can_delete: bool) -> impl IntoView {
    if moves.is_empty() && !can_delete {
        return ().into_any();
    }
    let change = ServerAction::<ChangeVisibility>::new();
    reload_after(change);
    let delete = ServerAction::<DeletePuzzle>::new();
    let id = id.to_string();
    let error = move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
            .map(|e| e.to_string())
    };
    view! {
        <section class="panel workflow" aria-labelledby="workflow-title">
            <h2 id="workflow-title">"Publishing"</h2>
            <p>"State: " <VisibilityBadge visibility/></p>
            <div class="workflow__moves">
                {moves.into_iter().map(|to| {
                    let id = id.clone();
                    view! {
                        <ActionForm action=change attr:class="workflow__move">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="to" value=to.as_str()/>
                            {(to == Visibility::Revise).then(|| view! {
                                <label class="field">
                                    <span>"What should change?"</span>
                                    <textarea name="feedback" rows="2" minlength="10" maxlength="500" required></textarea>
                                </label>
                            })}
                            <button type="submit" class="button button--primary" disabled=move || change.pending().get()>
                                {to.action_label()}
                            </button>
                        </ActionForm>
                    }
                }).collect_view()}
                {can_delete.then(|| view! {
                    <ActionForm action=delete attr:class="workflow__move">
                        <input type="hidden" name="id" value=id.clone()/>
                        <button type="submit" class="button button--danger">"Delete"</button>
                    </ActionForm>
                })}
            </div>
            {move || change.pending().get().then(|| view! {
                <p class="muted" role="status" aria-live="polite">
                    "Working… checking the solution against every test can take a few seconds."
                </p>
            })}
            <p class="form-error" role="alert" hidden=move || error().is_none()>{error}</p>
        </section>
    }
    .into_any()
}
