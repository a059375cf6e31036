//! The WASM entry point: cargo-leptos builds this crate for the browser, and the
//! server-rendered page calls `hydrate()` once the module has loaded; the islands
//! script then hydrates each island of the page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::components::islands::start();
}
