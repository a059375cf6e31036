//! The one report form, for everything users report: a puzzle, a user, a comment,
//! a chat message. A category and an explanation; once sent, the reporter is told.
//! A plain form post without JavaScript (the server function redirects back).

use crate::{
    core::Id,
    moderation::{EXPLANATION, ProblemType, ReportReason, api::Report},
};
use leptos::prelude::*;

/// "Report" that opens the form in place.
#[component]
pub fn ReportButton(problem: ProblemType, target: Id) -> impl IntoView {
    view! {
        <details class="report" data-testid="report">
            <summary>"Report"</summary>
            <ReportForm problem target/>
        </details>
    }
}

/// The form itself, replaced by a notice once the report is sent.
#[component]
pub fn ReportForm(problem: ProblemType, target: Id) -> impl IntoView {
    let report = ServerAction::<Report>::new();
    let sent = move || report.value().get().is_some_and(|result| result.is_ok());
    let error = move || report.value().get().and_then(Result::err).map(|error| error.to_string());
    let field = move |name: &str| format!("report-{name}-{target}");
    view! {
        <Show
            when=sent
            fallback=move || view! {
                <ActionForm action=report attr:class="form report__form">
                    <input type="hidden" name="problem" value=problem.as_str()/>
                    <input type="hidden" name="target" value=target.to_string()/>
                    <div class="field">
                        <label for=field("reason")>"Reason"</label>
                        <select id=field("reason") name="reason">
                            {ReportReason::ALL.iter().map(|reason| view! {
                                <option value=reason.as_str() selected={*reason == ReportReason::Other}>{reason.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("explanation")>
                            {format!("What is wrong with this {}? ({} to {} characters)",
                                problem.label().to_lowercase(), EXPLANATION.start(), EXPLANATION.end())}
                        </label>
                        <textarea
                            id=field("explanation")
                            name="explanation"
                            rows="2"
                            minlength=*EXPLANATION.start()
                            maxlength=*EXPLANATION.end()
                            required
                        ></textarea>
                    </div>
                    <button type="submit" class="button button--ghost" disabled=move || report.pending().get()>
                        "Send report"
                    </button>
                    <p class="form-error" role="alert" hidden=move || error().is_none()>{error}</p>
                </ActionForm>
            }
        >
            <p class="saved" role="status">"Report sent. Thank you: a moderator will look at it."</p>
        </Show>
    }
}
