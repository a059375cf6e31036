//! A websocket client speaking the legacy protocol, for the realtime tests.

#![allow(dead_code)]

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest, protocol::CloseFrame},
};

pub struct Socket {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Opens `path` on `base` (`http://...`) with the session `cookie`.
pub async fn connect(base: &str, path: &str, cookie: &str) -> Socket {
    try_connect(base, path, Some(cookie), None).await.expect("the socket opens")
}

pub async fn try_connect(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let url = format!("{}{path}", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie.parse().unwrap());
    }
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    let (stream, _) = connect_async(request).await?;
    Ok(Socket { stream })
}

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        self.stream.send(Message::Text(frame.to_string().into())).await.expect("send");
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.stream.send(Message::Text(text.to_owned().into())).await.expect("send");
    }

    /// The next JSON frame, within five seconds.
    pub async fn next(&mut self) -> Option<Value> {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.stream.next()).await.ok()??;
            match frame.ok()? {
                Message::Text(text) => return serde_json::from_str(&text).ok(),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Skips frames until one with `event`, within five seconds.
    pub async fn expect(&mut self, event: &str) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let frame = tokio::time::timeout_at(deadline, self.next())
                .await
                .unwrap_or_else(|_| panic!("no {event} frame in time"))
                .unwrap_or_else(|| panic!("the socket closed before a {event} frame"));
            if frame["event"] == event {
                return frame;
            }
        }
    }

    /// Skips frames until one matching `check`, within five seconds.
    pub async fn expect_where(&mut self, event: &str, check: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let frame = tokio::time::timeout_at(deadline, self.expect(event))
                .await
                .unwrap_or_else(|_| panic!("no matching {event} frame in time"));
            if check(&frame) {
                return frame;
            }
        }
    }

    /// Asserts that no frame with `event` arrives within `wait`.
    pub async fn expect_none(&mut self, event: &str, wait: Duration) {
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(frame) = tokio::time::timeout_at(deadline, self.next()).await {
            match frame {
                Some(frame) => assert_ne!(frame["event"], event, "unexpected {frame}"),
                None => return,
            }
        }
    }

    /// The close frame the server ends with.
    pub async fn closed_with(&mut self) -> Option<CloseFrame> {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.stream.next()).await.ok()??;
            if let Ok(Message::Close(close)) = frame {
                return close;
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
