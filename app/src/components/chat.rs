//! Chat lines and the one-line form that sends a chat message (lobby rooms and games).

use super::forms::follow_value;
use crate::games::protocol::BLOCKED_CHAT;
use leptos::{either::Either, ev::SubmitEvent, html::Input, prelude::*};

/// One message: its author and text, or, from a user the reader blocked, a
/// collapsed line without the text (the server leaves it out).
#[component]
pub fn ChatLine(username: String, message: String, blocked: bool) -> impl IntoView {
    if blocked {
        Either::Left(view! { <em class="muted" data-testid="blocked-chat">{BLOCKED_CHAT}</em> })
    } else {
        Either::Right(view! { <strong>{username}</strong>": " {message} })
    }
}

/// Sends the trimmed text through `on_send` and clears the line. `draft` belongs
/// to the caller, so a half-written message outlives re-renders of the form.
#[component]
pub fn ChatForm(
    /// The input's id (also labels it).
    id: &'static str,
    max_length: usize,
    draft: RwSignal<String>,
    on_send: Callback<String>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    follow_value(input, draft.into());
    let send = move |event: SubmitEvent| {
        event.prevent_default();
        let message = draft.get_untracked();
        if !message.trim().is_empty() {
            on_send.run(message);
            draft.set(String::new());
        }
    };
    view! {
        <form class="form form--inline chat__form" on:submit=send>
            <div class="field">
                <label for=id class="visually-hidden">"Message"</label>
                <input
                    node_ref=input
                    id=id
                    maxlength=max_length
                    placeholder="Message"
                    autocomplete="off"
                    value=draft.get_untracked()
                    on:input=move |e| draft.set(event_target_value(&e))
                />
            </div>
            <button type="submit" class="button button--ghost">"Send"</button>
        </form>
    }
}
