//! The cookies the application sets besides the session: their names, how they are
//! written (on the server and in the browser alike) and how requests carry them.

/// The light/dark choice, read by the server to render the first paint in it.
pub const THEME: &str = "theme";

/// A `Set-Cookie` / `document.cookie` value that lasts a year on every path.
pub fn persistent(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// The value of the first cookie called `name`, percent-decoded.
#[cfg(feature = "ssr")]
pub fn read(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Adds a persistent cookie to the response being rendered.
#[cfg(feature = "ssr")]
pub fn send(name: &str, value: &str) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(header) = http::HeaderValue::from_str(&persistent(name, value))
    {
        response.append_header(http::header::SET_COOKIE, header);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn persistent_cookies_last_a_year_site_wide() {
        assert_eq!(super::persistent("theme", "dark"), "theme=dark; Path=/; Max-Age=31536000; SameSite=Lax");
    }
}
