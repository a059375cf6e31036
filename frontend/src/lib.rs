#![recursion_limit = "512"]

//! The WASM entry point: cargo-leptos builds this crate for the browser, and the
//! server-rendered page calls `hydrate()` once the module has loaded.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes: their code arrives with the route.
    leptos::mount::hydrate_lazy(app::App);
}
