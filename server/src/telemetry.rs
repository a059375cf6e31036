//! Structured logs: text for people, or one JSON object a line for log collectors.
//!
//! Every request runs inside the `request` span of `http::with_middleware`, whose `id`
//! field is the `x-request-id` sent back to the client; JSON lines carry their current
//! span, so each line logged while serving a request names it.

use app::core::config::LogFormat;
use tracing_subscriber::{
    EnvFilter, fmt,
    fmt::{MakeWriter, SubscriberBuilder, format},
};

/// `RUST_LOG` wins over the configured level.
pub fn init(default_level: &str, format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let _ = match format {
        LogFormat::Text => fmt().with_env_filter(filter).with_target(false).try_init(),
        LogFormat::Json => json(std::io::stdout).with_env_filter(filter).try_init(),
    };
}

/// Event fields at the top level beside `timestamp`, `level` and `message`; the
/// innermost span's fields (the request id among them) under `span`.
fn json<W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static>(
    writer: W,
) -> SubscriberBuilder<format::JsonFields, format::Format<format::Json>, tracing::level_filters::LevelFilter, W>
{
    fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_writer(writer)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_lines_carry_the_request_id() {
        let lines = Lines::default();
        let sink = lines.clone();
        let subscriber = super::json(move || sink.clone()).finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("request", id = "7f3c", method = "GET", uri = "/puzzles");
            let _entered = span.enter();
            tracing::info!(status = 200, "finished processing request");
            tracing::warn!("a second line");
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let parsed: Vec<serde_json::Value> =
            text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(parsed.len(), 2);
        for line in &parsed {
            assert_eq!(line["span"]["id"], "7f3c", "{line}");
            assert_eq!(line["span"]["name"], "request");
        }
        assert_eq!(parsed[0]["status"], 200);
        assert_eq!(parsed[0]["message"], "finished processing request");
    }
}
