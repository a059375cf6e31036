//! `/languages`: the languages code can be written in, with the versions the code
//! runner offers right now.

use crate::{components::errors::Failure, languages::api::languages};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LanguagesPage() -> impl IntoView {
    let offered = Resource::new(|| (), |_| languages());
    view! {
        <Title text="Languages"/>
        <h1>"Languages"</h1>
        <p class="muted">"Submissions run in these languages and versions."</p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match offered.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="notice">"No language can run right now: the code runner is unavailable."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <table class="puzzle-table" data-testid="languages">
                            <thead><tr><th scope="col">"Language"</th><th scope="col">"Version"</th><th scope="col">"Also called"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|l| view! {
                                    <tr><td>{l.language}</td><td>{l.version}</td><td>{l.aliases.join(", ")}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
