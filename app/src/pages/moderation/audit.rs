//! `/moderation/audit`: every moderation action, newest first, filtered by actor,
//! action, target and dates; the filters live in the URL.

use super::{DeskNav, LOADING, empty_note, when};
use crate::{
    components::{errors::Failure, pager::Pager},
    moderation::{AuditQuery, api::audit_log, rules::AUDIT_ACTIONS},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let text = |key: &str| q.get(key).unwrap_or_default();
        AuditQuery {
            actor: text("actor"),
            action: text("action"),
            target: text("target"),
            from: text("from"),
            to: text("to"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    });
    let entries = Resource::new(move || filters.get(), audit_log);
    let field = move |key: &'static str| move || query.read().get(key).unwrap_or_default();
    view! {
        <Title text="Audit log"/>
        <h1>"Audit log"</h1>
        <DeskNav/>
        <form method="get" action="/moderation/audit" class="filters" aria-label="Filter the audit log">
            <label class="field field--inline"><span>"Moderator"</span><input name="actor" value=field("actor") maxlength="20"/></label>
            <label class="field field--inline">
                <span>"Action"</span>
                <select name="action">
                    <option value="">"Any"</option>
                    {AUDIT_ACTIONS.iter().map(|a| view! {
                        <option value=*a selected=move || query.read().get("action").as_deref() == Some(*a)>{*a}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field field--inline"><span>"Target id"</span><input name="target" value=field("target") maxlength="24"/></label>
            <label class="field field--inline"><span>"From"</span><input type="date" name="from" value=field("from")/></label>
            <label class="field field--inline"><span>"To"</span><input type="date" name="to" value=field("to")/></label>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(page) => {
                        let filters = filters.get_untracked();
                        view! {
                            {empty_note(&page, "No entry matches.")}
                            <div class="desk-table">
                                <table data-testid="audit-log">
                                    <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"Target"</th><th>"Reason"</th><th>"Details"</th></tr></thead>
                                    <tbody>
                                        {page.items.iter().map(|e| view! {
                                            <tr>
                                                <td>{when(e.at)}</td>
                                                <td>{e.actor.clone().unwrap_or_else(|| "system".into())}</td>
                                                <td>{e.action.clone()}</td>
                                                <td class="mono">{format!("{} {}", e.target_type, e.target_id.map(|t| t.to_string()).unwrap_or_default())}</td>
                                                <td>{e.reason.clone().unwrap_or_default()}</td>
                                                <td class="mono desk-details">{e.details.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager page=page.clone() noun="entries" link=move |n| link(&filters, n)/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The audit log's URL with `filters`, at `page`.
fn link(filters: &AuditQuery, page: u32) -> String {
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    format!(
        "/moderation/audit?actor={}&action={}&target={}&from={}&to={}&page={page}",
        encode(&filters.actor),
        encode(&filters.action),
        encode(&filters.target),
        encode(&filters.from),
        encode(&filters.to),
    )
}
