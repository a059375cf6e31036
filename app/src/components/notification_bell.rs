//! The bell in the navigation: the unread count, rendered on the server (visible
//! without JavaScript), then followed live through `/notifications/live`.

use super::islands::hydrating;
use crate::notifications::rules;
use leptos::prelude::*;

/// The bell, showing `initial` unread notifications until the server sends a count.
#[island]
pub fn NotificationBell(initial: u64) -> impl IntoView {
    hydrating();
    let live = RwSignal::new(None::<u64>);
    follow(live);
    let count = move || live.get().unwrap_or(initial);
    view! {
        <a href="/notifications" class="bell" data-testid="bell"
            aria-label=move || rules::bell_label(count())>
            <span aria-hidden="true">"🔔"</span>
            <span class="bell__count" aria-hidden="true" data-testid="bell-count"
                class:bell__count--none=move || count() == 0>
                {count}
            </span>
        </a>
    }
}

/// Sets `live` to each count the server sends, while the bell is shown.
fn follow(live: RwSignal<Option<u64>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, closure::Closure};
        let Ok(source) = web_sys::EventSource::new("/notifications/live") else { return };
        let on_unread =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Some(count) = event.data().as_string().and_then(|data| data.parse().ok()) {
                    live.try_set(Some(count));
                }
            });
        // Signed out or banned: the server ends the stream, and it must not reconnect.
        let on_ended = Closure::<dyn FnMut(web_sys::MessageEvent)>::new({
            let source = source.clone();
            move |_| source.close()
        });
        let _ = source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("ended", on_ended.as_ref().unchecked_ref());
        on_unread.forget();
        on_ended.forget();
        let source = StoredValue::new_local(source);
        on_cleanup(move || {
            if let Some(source) = source.try_get_value() {
                source.close();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = live;
}
