//! Lobby chat under load: `BENCH_CLIENTS` websocket clients (default 1,000) in rooms of
//! four, each sending a chat message every `BENCH_CHAT_MS` milliseconds (default 2,000)
//! for `BENCH_CHAT_SECONDS` seconds (default 20). Prints the fan-out latency (from a
//! message's send to its arrival at each member of the room, the sender included) and
//! the server's resident memory.
//!
//! Run against a release server started with `RATE_LIMITS=relaxed`:
//! `BENCH_URL=http://127.0.0.1:3200 BENCH_SERVER_PID=... cargo run --profile bench -p
//! server --example bench_sockets`, or `.ci/bench`.

use app::{
    core::Id,
    games::protocol::{LobbyEvent, LobbyRequest},
};
use futures::{SinkExt, StreamExt, stream};
use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest},
};

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

const ROOM_SIZE: usize = 4;

struct Settings {
    base: String,
    clients: usize,
    chat_every: Duration,
    duration: Duration,
    server_pid: Option<u32>,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings {
        base: env_or("BENCH_URL", "http://127.0.0.1:3200".to_owned()),
        clients: env_or("BENCH_CLIENTS", 1000),
        chat_every: Duration::from_millis(env_or("BENCH_CHAT_MS", 2000)),
        duration: Duration::from_secs(env_or("BENCH_CHAT_SECONDS", 20)),
        server_pid: std::env::var("BENCH_SERVER_PID").ok().and_then(|v| v.parse().ok()),
    };
    let started = Instant::now();
    let cookies = register(&settings).await?;
    println!("  {} accounts registered in {:.1} s", cookies.len(), started.elapsed().as_secs_f64());

    let started = Instant::now();
    let sockets = seat(&settings, cookies).await?;
    println!(
        "  {} sockets in {} rooms seated in {:.1} s; server RSS {}",
        sockets.len(),
        sockets.len() / ROOM_SIZE,
        started.elapsed().as_secs_f64(),
        memory(settings.server_pid)
    );

    let latencies = chat(&settings, sockets).await;
    report(&settings, latencies);
    Ok(())
}

/// Registers one account per client through the legacy API; returns their session cookies.
async fn register(settings: &Settings) -> anyhow::Result<Vec<String>> {
    let http = reqwest::Client::new();
    let run = Id::new().to_string();
    let run = &run[16..];
    let cookies = stream::iter(0..settings.clients)
        .map(|i| {
            let http = http.clone();
            let url = format!("{}/api/v1/register", settings.base);
            async move {
                let name = format!("ws{run}{i}");
                let response = http
                    .post(url)
                    .json(&serde_json::json!({
                        "username": name,
                        "email": format!("{name}@example.com"),
                        "password": "a sufficiently long password",
                    }))
                    .send()
                    .await?
                    .error_for_status()?;
                let cookie = response
                    .headers()
                    .get_all("set-cookie")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find(|v| v.starts_with("token="))
                    .and_then(|v| v.split(';').next())
                    .ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
                anyhow::Ok(cookie.to_owned())
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
    cookies.into_iter().collect()
}

async fn connect(base: &str, cookie: &str) -> anyhow::Result<Socket> {
    let mut request = format!("{}/ws", base.replacen("http", "ws", 1)).into_client_request()?;
    request.headers_mut().insert("cookie", cookie.parse()?);
    Ok(connect_async(request).await?.0)
}

async fn send(socket: &mut Socket, request: &LobbyRequest) -> anyhow::Result<()> {
    socket.send(Message::Text(serde_json::to_string(request)?.into())).await?;
    Ok(())
}

/// Reads until the socket shows a room; returns its id.
async fn room_of(socket: &mut Socket) -> anyhow::Result<Id> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await?
            .ok_or_else(|| anyhow::anyhow!("socket closed"))??;
        if let Message::Text(text) = frame {
            match serde_json::from_str(&text)? {
                LobbyEvent::RoomOverview { room } => return Ok(room.room_id),
                LobbyEvent::Error { message } => anyhow::bail!("server error: {message}"),
                _ => {}
            }
        }
    }
}

/// Opens every socket; one in four hosts a room, the other three join it.
async fn seat(settings: &Settings, cookies: Vec<String>) -> anyhow::Result<Vec<(Id, Socket)>> {
    let rooms = cookies.chunks(ROOM_SIZE).map(|members| async move {
        let mut host = connect(&settings.base, &members[0]).await?;
        send(&mut host, &LobbyRequest::Host { options: None }).await?;
        let room = room_of(&mut host).await?;
        let mut seated = vec![(room, host)];
        for cookie in &members[1..] {
            let mut guest = connect(&settings.base, cookie).await?;
            send(&mut guest, &LobbyRequest::Join { room_id: room }).await?;
            room_of(&mut guest).await?;
            seated.push((room, guest));
        }
        anyhow::Ok(seated)
    });
    let seated: Vec<_> = stream::iter(rooms).buffer_unordered(16).collect().await;
    Ok(seated.into_iter().collect::<anyhow::Result<Vec<_>>>()?.into_iter().flatten().collect())
}

/// Every socket chats at its own phase; every arrival records its latency in µs.
async fn chat(settings: &Settings, sockets: Vec<(Id, Socket)>) -> Vec<u64> {
    let epoch = Instant::now();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let count = sockets.len() as u32;
    let tasks = sockets.into_iter().enumerate().map(|(i, (room, socket))| {
        let (mut sink, mut source) = socket.split();
        let phase = settings.chat_every * i as u32 / count;
        let (every, duration) = (settings.chat_every, settings.duration);
        let writer = tokio::spawn(async move {
            tokio::time::sleep(phase).await;
            let mut tick = tokio::time::interval(every);
            while epoch.elapsed() < duration {
                tick.tick().await;
                let sent = epoch.elapsed().as_micros().to_string();
                let request = LobbyRequest::Chat { room_id: room, message: sent };
                let text = serde_json::to_string(&request).unwrap_or_default();
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            let _ = sink.close().await;
        });
        let latencies = latencies.clone();
        let reader = tokio::spawn(async move {
            let mut mine = Vec::new();
            let deadline = duration + Duration::from_secs(5);
            while let Ok(Some(Ok(frame))) =
                tokio::time::timeout(deadline.saturating_sub(epoch.elapsed()), source.next()).await
            {
                // Only chat frames are timed; skipping room lists unparsed keeps the client cheap.
                if let Message::Text(text) = frame
                    && text.starts_with(r#"{"event":"room:chat-message""#)
                    && let Ok(LobbyEvent::Chat { message, .. }) = serde_json::from_str(&text)
                    && let Ok(sent) = message.parse::<u128>()
                {
                    mine.push((epoch.elapsed().as_micros() - sent) as u64);
                }
            }
            latencies.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
        });
        async move {
            let _ = writer.await;
            let _ = reader.await;
        }
    });
    futures::future::join_all(tasks).await;
    let mut all = std::mem::take(&mut *latencies.lock().unwrap_or_else(|e| e.into_inner()));
    all.sort_unstable();
    all
}

fn report(settings: &Settings, latencies: Vec<u64>) {
    let sent_per_socket = settings.duration.as_millis() / settings.chat_every.as_millis().max(1);
    let expected = settings.clients as u128 * sent_per_socket * ROOM_SIZE as u128;
    let at = |q: f64| {
        latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1))).copied()
    };
    let ms = |v: Option<u64>| v.map_or("-".to_owned(), |v| format!("{:.1} ms", v as f64 / 1000.0));
    println!(
        "  chat every {} ms per socket for {} s: {} deliveries (about {} expected)",
        settings.chat_every.as_millis(),
        settings.duration.as_secs(),
        latencies.len(),
        expected
    );
    println!(
        "  fan-out latency p50 {}, p99 {}, max {}; server RSS {}",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(latencies.last().copied()),
        memory(settings.server_pid)
    );
}

/// The server's current and peak resident memory, from /proc.
fn memory(pid: Option<u32>) -> String {
    let Some(status) = pid.and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok()) else {
        return "unknown (set BENCH_SERVER_PID)".into();
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_owned(), |kb| format!("{} MiB", kb / 1024))
    };
    format!("{} (peak {})", field("VmRSS:"), field("VmHWM:"))
}
