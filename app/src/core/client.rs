//! Who is calling: the client's address, from the socket or a trusted proxy header.

use super::config::Config;
use axum::extract::ConnectInfo;
use http::request::Parts;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client address of a request. Behind a reverse proxy (`TRUST_PROXY`), the
/// first address of `X-Forwarded-For` is the client; otherwise it would be spoofable.
pub fn client_ip(parts: &Parts, config: &Config) -> IpAddr {
    let forwarded = config
        .trust_proxy
        .then(|| parts.headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|list| list.split(',').next())
        .and_then(|first| first.trim().parse().ok());
    forwarded
        .or_else(|| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
