//! A websocket to this server from the browser, speaking the legacy JSON protocol:
//! it reconnects after drops (1 s doubling to 30 s, plus jitter), queues messages
//! while it is down, and gives up only when the server refuses (close code 1008).
//! On the server it does nothing: pages render their initial state without it.

use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Open,
    /// Waiting to try again.
    Retrying,
    /// The server refused this socket for good.
    Refused,
}

/// Sends messages and tells the link state; cheap to copy.
#[derive(Clone, Copy)]
pub struct LiveSocket {
    outbox: StoredValue<Vec<String>, Storage>,
    // Only the browser has a socket.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    socket: StoredValue<Option<SocketHandle>, Storage>,
    pub link: RwSignal<Link>,
}

// A browser socket is not `Send`, so it lives in thread-local storage; on the server,
// where a render may end on another thread than it began, storage must be `Sync`.
#[cfg(feature = "hydrate")]
type SocketHandle = web_sys::WebSocket;
#[cfg(feature = "hydrate")]
type Storage = LocalStorage;
#[cfg(not(feature = "hydrate"))]
type SocketHandle = ();
#[cfg(not(feature = "hydrate"))]
type Storage = SyncStorage;

impl LiveSocket {
    pub fn send<T: Serialize>(&self, message: &T) {
        let Ok(text) = serde_json::to_string(message) else { return };
        #[cfg(feature = "hydrate")]
        if let Some(socket) = self.socket.get_value()
            && socket.ready_state() == web_sys::WebSocket::OPEN
            && socket.send_with_str(&text).is_ok()
        {
            return;
        }
        self.outbox.update_value(|queue| queue.push(text));
    }
}

/// Opens `path` (e.g. `/ws`) and calls `on_event` with each event it reads.
pub fn use_live_socket<E>(path: String, on_event: impl Fn(E) + 'static) -> LiveSocket
where
    E: DeserializeOwned + 'static,
{
    let live = LiveSocket {
        outbox: StoredValue::new_with_storage(Vec::new()),
        socket: StoredValue::new_with_storage(None),
        link: RwSignal::new(Link::Connecting),
    };
    #[cfg(feature = "hydrate")]
    {
        browser::open(live, path, std::rc::Rc::new(on_event), 0);
        on_cleanup(move || browser::close(live));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (path, on_event);
    live
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, prelude::*};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    const POLICY_VIOLATION: u16 = 1008;

    fn url(path: &str) -> Option<String> {
        let location = window().location();
        let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
        Some(format!("{scheme}://{}{path}", location.host().ok()?))
    }

    fn backoff(attempt: u32) -> std::time::Duration {
        let base = 1000u64.saturating_mul(1 << attempt.min(5)).min(30_000);
        std::time::Duration::from_millis(base + (js_sys::Math::random() * 1000.0) as u64)
    }

    pub fn open<E: DeserializeOwned + 'static>(
        live: LiveSocket,
        path: String,
        on_event: Rc<dyn Fn(E)>,
        attempt: u32,
    ) {
        let Some(socket) = url(&path).and_then(|url| WebSocket::new(&url).ok()) else {
            live.link.set(Link::Refused);
            return;
        };
        live.link.set(Link::Connecting);

        let on_open = Closure::<dyn FnMut()>::new({
            let socket = socket.clone();
            move || {
                live.link.set(Link::Open);
                for text in live.outbox.try_update_value(std::mem::take).unwrap_or_default() {
                    let _ = socket.send_with_str(&text);
                }
            }
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let on_event = Rc::clone(&on_event);
            move |message: MessageEvent| {
                if let Some(event) =
                    message.data().as_string().and_then(|text| serde_json::from_str(&text).ok())
                {
                    on_event(event);
                }
            }
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new({
            let path = path.clone();
            move |close: CloseEvent| {
                if live.socket.is_disposed() {
                    return;
                }
                if close.code() == POLICY_VIOLATION {
                    live.link.set(Link::Refused);
                    return;
                }
                live.link.set(Link::Retrying);
                let (path, on_event) = (path.clone(), Rc::clone(&on_event));
                set_timeout(move || open(live, path, on_event, attempt + 1), backoff(attempt));
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_open.forget();
        on_message.forget();
        on_close.forget();

        live.socket.set_value(Some(socket));
    }

    /// Closes for good (the page is left): no reconnection.
    pub fn close(live: LiveSocket) {
        if let Some(socket) = live.socket.try_get_value().flatten() {
            socket.set_onclose(None);
            let _ = socket.close_with_code(1000);
        }
    }
}
