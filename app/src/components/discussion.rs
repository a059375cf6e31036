//! A puzzle's discussion: threads of markdown comments with replies and votes.
//! Every control is a form, so it works before hydration and without JavaScript
//! (the server function redirects back); once hydrated, an action refreshes the
//! threads in place. A comment's own thread (`/comments/:id`) shows where a
//! thread is too deep to show under its puzzle.

use crate::{
    comments::{
        Body, CommentSort, CommentView, SolutionVotes, VoteKind,
        api::{
            DeleteComment, EditComment, PostComment, ReplyToComment, RevealSpoiler, VoteComment,
            VoteSolution, comment_thread, puzzle_discussion, solution_discussion,
        },
        rules::BODY_MAX,
    },
    components::{
        errors::{ErrorNotice, Failure},
        islands::{IslandTitle, here},
        pager::Pager,
        report::ReportButton,
    },
    core::{AppError, Id},
    moderation::ProblemType,
};
use leptos::{either::Either, prelude::*};

/// The discussion's actions, shared by every comment under it: when one
/// completes, the threads load again.
#[derive(Clone, Copy)]
pub struct Actions {
    post: ServerAction<PostComment>,
    reply: ServerAction<ReplyToComment>,
    edit: ServerAction<EditComment>,
    delete: ServerAction<DeleteComment>,
    vote: ServerAction<VoteComment>,
    vote_solution: ServerAction<VoteSolution>,
}

impl Actions {
    pub fn provide() -> Self {
        let actions = Self {
            post: ServerAction::new(),
            reply: ServerAction::new(),
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            vote: ServerAction::new(),
            vote_solution: ServerAction::new(),
        };
        provide_context(actions);
        actions
    }

    /// Changes with every completed action, for resources to reload on.
    pub fn version(self) -> usize {
        self.post.version().get()
            + self.reply.version().get()
            + self.edit.version().get()
            + self.delete.version().get()
            + self.vote.version().get()
            + self.vote_solution.version().get()
    }

    /// The failure of the latest action, if it failed.
    fn error(self) -> Option<String> {
        fn failed<T>(result: Option<Result<T, AppError>>) -> Option<AppError> {
            result.and_then(Result::err)
        }
        failed(self.post.value().get())
            .or_else(|| failed(self.reply.value().get()))
            .or_else(|| failed(self.edit.value().get()))
            .or_else(|| failed(self.delete.value().get()))
            .or_else(|| failed(self.vote.value().get()))
            .or_else(|| failed(self.vote_solution.value().get()))
            .map(|error| error.to_string())
    }
}

/// The failure of the latest discussion action, announced.
#[component]
pub fn ActionError() -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! { <p class="form-error" role="alert" hidden=move || actions.error().is_none()>{move || actions.error()}</p> }
}

/// The discussion under a puzzle, or under one of its solutions (on the
/// solution's submission page); its sort and page are in the URL.
#[component]
pub fn Discussion(puzzle: Id, solution: Option<Id>) -> impl IntoView {
    let url = here();
    let query = url.search_params();
    let sort = query.get_str("sort").and_then(CommentSort::parse).unwrap_or_default();
    let page = query.get_str("page").and_then(|p| p.parse().ok()).unwrap_or(1u32).max(1);
    let actions = Actions::provide();
    let data = Resource::new(
        move || actions.version(),
        move |_| async move {
            match solution {
                Some(solution) => solution_discussion(solution, sort, page).await,
                None => puzzle_discussion(puzzle.to_string(), sort, page).await,
            }
        },
    );
    let base = match solution {
        Some(solution) => format!("/submissions/{solution}"),
        None => format!("/puzzles/{puzzle}"),
    };
    let link = move |sort: CommentSort, page: u32| {
        let page = if page > 1 { format!("&page={page}") } else { String::new() };
        format!("{base}?sort={}{page}#discussion", sort.as_str())
    };
    let title = if solution.is_some() { "Discussion of this solution" } else { "Discussion" };
    view! {
        <section class="discussion" id="discussion" aria-labelledby="discussion-title">
            <div class="discussion__head">
                <h2 id="discussion-title">{title}</h2>
                <nav class="discussion__sort" aria-label="Sort comments">
                    {CommentSort::ALL.into_iter().map(|s| view! {
                        <a href=link.clone()(s, 1) aria-current=(sort == s).then_some("true")>{s.label()}</a>
                    }).collect_view()}
                </nav>
            </div>
            <ActionError/>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the discussion…"</p> }>
                {
                    let link = link.clone();
                    move || {
                        let link = link.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(mut discussion) => {
                                    let threads = std::mem::take(&mut discussion.threads.items);
                                    let sort = discussion.sort;
                                    let empty = threads.is_empty();
                                    Either::Left(view! {
                                        {discussion.solution.map(|solution| view! {
                                            <SolutionVoteForms solution action=actions.vote_solution/>
                                        })}
                                        {if discussion.can_post {
                                            Either::Left(view! { <PostForm puzzle solution/> })
                                        } else {
                                            Either::Right(view! {
                                                <p class="muted">
                                                    <a href=format!("/login?next=/puzzles/{puzzle}")>"Log in"</a>" to join the discussion."
                                                </p>
                                            })
                                        }}
                                        {empty.then(|| view! { <p class="muted">"No comments yet."</p> })}
                                        <ol class="comments">
                                            {threads.into_iter().map(|comment| view! { <Comment comment/> }).collect_view()}
                                        </ol>
                                        <Pager page=discussion.threads noun="threads" link=move |n| link(sort, n)/>
                                    })
                                }
                                Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

/// The up and down vote forms of a solution.
#[component]
pub fn SolutionVoteForms(solution: SolutionVotes, action: ServerAction<VoteSolution>) -> impl IntoView {
    let SolutionVotes { id, votes } = solution;
    let form = move |kind: VoteKind, count: i32| {
        view! {
            <ActionForm action attr:class="vote">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="kind" value=kind.as_str()/>
                <VoteButton kind count pressed={votes.mine == Some(kind)} live=true/>
            </ActionForm>
        }
    };
    view! {
        <div class="comment__controls" aria-label="Votes on this solution" role="group">
            {form(VoteKind::Up, votes.upvote)}
            {form(VoteKind::Down, votes.downvote)}
        </div>
    }
}

/// The button inside a vote form: the arrow, the count, and whether the reader's
/// vote is this one.
#[component]
fn VoteButton(kind: VoteKind, count: i32, pressed: bool, live: bool) -> impl IntoView {
    let (symbol, label) = match kind {
        VoteKind::Up => ("▲", "Upvote"),
        VoteKind::Down => ("▼", "Downvote"),
    };
    view! {
        <button
            type="submit"
            class="vote__button"
            aria-label=format!("{label} ({count})")
            aria-pressed=if pressed { "true" } else { "false" }
            disabled=!live
        >
            {symbol}" "<span data-testid=kind.as_str()>{count}</span>
        </button>
    }
}

#[component]
fn PostForm(puzzle: Id, solution: Option<Id>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    // A posted comment leaves the box empty for the next one (without JavaScript
    // the page reloads, which does the same).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(actions.post.value().get(), Some(Ok(_)))
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
    view! {
        <ActionForm action=actions.post node_ref=form attr:class="comment-form">
            <input type="hidden" name="puzzle" value=puzzle.to_string()/>
            {solution.map(|solution| view! { <input type="hidden" name="solution" value=solution.to_string()/> })}
            <label class="field">
                <span>"Add a comment"</span>
                <textarea name="text" rows="3" maxlength=BODY_MAX required placeholder="Markdown works here"></textarea>
            </label>
            <label class="check">
                <input type="checkbox" name="spoiler"/>
                " Spoiler: hide it from players who have not solved the puzzle"
            </label>
            <button type="submit" class="button button--primary" disabled=move || actions.post.pending().get()>
                "Post comment"
            </button>
        </ActionForm>
    }
}

/// One comment and the replies shown under it. Returns `AnyView`: the component
/// contains itself.
#[component]
pub fn Comment(comment: CommentView) -> AnyView {
    let id = comment.id;
    let more = comment.more_replies;
    let replies = comment.replies.clone();
    view! {
        <li class="comment" id=format!("comment-{id}") data-testid="comment">
            <article class="comment__box">
                <header class="comment__head">
                    {match comment.author.clone() {
                        Some(name) => Either::Left(view! { <a class="comment__author" href=format!("/profile/{name}")>{name.clone()}</a> }),
                        None => Either::Right(view! { <span class="comment__author muted">"[deleted]"</span> }),
                    }}
                    <time datetime=comment.created_at.to_string()>
                        {comment.created_at.as_datetime().format("%Y-%m-%d %H:%M UTC").to_string()}
                    </time>
                    {comment.edited.then(|| view! { <span class="comment__edited">"edited"</span> })}
                    {comment.is_spoiler.then(|| view! { <span class="tag">"spoiler"</span> })}
                </header>
                <CommentBody id body=comment.body.clone()/>
                <Controls comment=comment.clone()/>
            </article>
            {(!replies.is_empty()).then(|| view! {
                <ol class="comments comments--replies">
                    {replies.into_iter().map(|reply| view! { <Comment comment=reply/> }).collect_view()}
                </ol>
            })}
            {(more > 0).then(|| view! {
                <a class="comment__more" href=format!("/comments/{id}")>{format!("Continue this thread ({more} more)")}</a>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn CommentBody(id: Id, body: Body) -> impl IntoView {
    match body {
        Body::Shown(html) => {
            Either::Left(view! { <div class="markdown comment__body" inner_html=html></div> })
        }
        Body::Spoiler => Either::Right(Either::Left(view! { <Spoiler id/> })),
        Body::Blocked => Either::Right(Either::Right(
            view! { <p class="comment__body muted">"Comment from a blocked user"</p> },
        )),
        Body::Deleted => {
            Either::Right(Either::Right(view! { <p class="comment__body muted">"[deleted]"</p> }))
        }
        Body::Removed => Either::Right(Either::Right(
            view! { <p class="comment__body muted">"[removed by a moderator]"</p> },
        )),
    }
}

/// A spoiler for a reader who has not solved the puzzle: its text is not in the
/// page until they ask for it.
#[component]
fn Spoiler(id: Id) -> impl IntoView {
    let reveal = ServerAction::<RevealSpoiler>::new();
    let text = move || reveal.value().get().and_then(Result::ok);
    view! {
        <div class="comment__body comment__spoiler" data-testid="spoiler">
            <Show
                when=move || text().is_some()
                fallback=move || view! {
                    <p class="muted">"Spoiler: solve the puzzle first, or reveal it."</p>
                    <ActionForm action=reveal>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="button button--ghost">"Reveal spoiler"</button>
                    </ActionForm>
                }
            >
                <div class="markdown" inner_html=move || text().unwrap_or_default()></div>
            </Show>
        </div>
    }
}

/// Votes, reply, edit and delete for one comment, as far as the reader may.
#[component]
fn Controls(comment: CommentView) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let id = comment.id;
    let live = comment.author.is_some();
    let vote_button = move |kind: VoteKind, count: i32| {
        view! {
            <ActionForm action=actions.vote attr:class="vote">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="kind" value=kind.as_str()/>
                <VoteButton kind count pressed={comment.my_vote == Some(kind)} live/>
            </ActionForm>
        }
    };
    view! {
        <footer class="comment__controls">
            {vote_button(VoteKind::Up, comment.upvote)}
            {vote_button(VoteKind::Down, comment.downvote)}
            {comment.can_reply.then(|| view! {
                <details class="comment__form">
                    <summary>"Reply"</summary>
                    <ActionForm action=actions.reply attr:class="comment-form">
                        <input type="hidden" name="parent" value=id.to_string()/>
                        <label class="field">
                            <span>"Your reply"</span>
                            <textarea name="text" rows="2" maxlength=BODY_MAX required></textarea>
                        </label>
                        <label class="check"><input type="checkbox" name="spoiler"/>" Spoiler"</label>
                        <button type="submit" class="button button--primary">"Post reply"</button>
                    </ActionForm>
                </details>
            })}
            {comment.source.clone().filter(|_| comment.can_edit).map(|source| view! {
                <details class="comment__form">
                    <summary>"Edit"</summary>
                    <ActionForm action=actions.edit attr:class="comment-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <label class="field">
                            <span>"Your comment"</span>
                            <textarea name="text" rows="3" maxlength=BODY_MAX required>{source}</textarea>
                        </label>
                        <label class="check">
                            <input type="checkbox" name="spoiler" checked=comment.is_spoiler/>" Spoiler"
                        </label>
                        <button type="submit" class="button button--primary">"Save"</button>
                    </ActionForm>
                </details>
            })}
            {comment.can_delete.then(|| view! {
                <ActionForm action=actions.delete attr:class="comment__delete">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="button button--ghost">
                        {if comment.source.is_some() { "Delete" } else { "Remove" }}
                    </button>
                </ActionForm>
            })}
            {comment.can_report.then(|| view! { <ReportButton problem=ProblemType::Comment target=id/> })}
        </footer>
    }
}

/// The thread, loaded again after each of its actions.
#[component]
pub fn Thread(id: String) -> impl IntoView {
    let actions = Actions::provide();
    let data = Resource::new(move || actions.version(), move |_| comment_thread(id.clone()));
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the thread…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => Either::Left(view! {
                        <IslandTitle text=format!("Discussion of {}", view.puzzle_title)/>
                        <section class="discussion">
                            <p>
                                <a href=format!("/puzzles/{}#discussion", view.puzzle)>
                                    {format!("← Back to the discussion of {}", view.puzzle_title)}
                                </a>
                            </p>
                            <ActionError/>
                            <ol class="comments"><Comment comment=view.comment/></ol>
                        </section>
                    }),
                    Err(error) => Either::Right(view! { <Failure error/> }),
                }
            })}
        </Transition>
    }
}
