//! A realistic workspace for tests: six stories in the states a team's stories are
//! in on an ordinary day, four environments, and a semantic diff computed by
//! `semdiff` from real LookML. The state is reached through [`update`] events, as
//! the runner would reach it.

use std::path::PathBuf;

use super::backend::{Board, BranchRow, CommitLine, EnvironmentRow, Published, Pushed, StoryRow};
use super::keys::KeyMap;
use super::state::App;
use super::theme::Theme;
use super::update::{Effect, Event, start, update};
use crate::pipeline::acceptance::Record;
use crate::pipeline::{
    EnvironmentColumn, ReleaseColumn, SignOff, SignOffState, StoryState as BoardState, Verdict,
};
use crate::semdiff::{self, Diff, Options, ParseCache};

/// 2025-10-14 12:00 UTC.
pub const NOW: i64 = 1_760_443_200;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

fn commit(short_id: &str, summary: &str, author: &str, ago: i64) -> CommitLine {
    CommitLine {
        id: short_id.to_string(),
        summary: summary.to_string(),
        author: author.to_string(),
        time: NOW - ago,
    }
}

struct StoryState {
    current: bool,
    ahead: usize,
    behind: usize,
    uncommitted: usize,
    published: Published,
    unsynced: usize,
    pushed: Pushed,
    merged: bool,
}

const PLAIN: StoryState = StoryState {
    current: false,
    ahead: 0,
    behind: 0,
    uncommitted: 0,
    published: Published::No,
    unsynced: 0,
    pushed: Pushed::No,
    merged: false,
};

fn story(key: &str, slug: &str, last: CommitLine, state: StoryState) -> StoryRow {
    StoryRow {
        branch: format!("story/{key}-{slug}"),
        key: key.to_string(),
        slug: slug.to_string(),
        current: state.current,
        worktree: Some(PathBuf::from(format!(
            "/home/alice/.storyboard/worktrees/{key}-{slug}"
        ))),
        ahead: state.ahead,
        behind: state.behind,
        uncommitted: state.uncommitted,
        last_commit: last,
        published: state.published,
        unsynced: state.unsynced,
        pushed: state.pushed,
        merged: state.merged,
        sync_conflicts: Vec::new(),
        companions: Default::default(),
    }
}

pub fn stories() -> Vec<StoryRow> {
    vec![
        story(
            "SB-101",
            "orders-revenue",
            commit(
                "4f2a9c1",
                "Gross and net revenue on orders",
                "Alice",
                2 * HOUR,
            ),
            StoryState {
                current: true,
                ahead: 3,
                published: Published::Yes,
                pushed: Pushed::Yes,
                ..PLAIN
            },
        ),
        story(
            "SB-102",
            "customer-segments",
            commit("9d81e07", "Segment users by lifetime value", "Alice", DAY),
            StoryState {
                ahead: 2,
                behind: 1,
                published: Published::Yes,
                unsynced: 2,
                pushed: Pushed::Ahead(1),
                ..PLAIN
            },
        ),
        story(
            "SB-103",
            "returns-dashboard",
            commit("c3b5d22", "Returns dashboard skeleton", "Alice", 3 * HOUR),
            StoryState {
                ahead: 1,
                uncommitted: 4,
                ..PLAIN
            },
        ),
        story(
            "SB-104",
            "marketing-attribution",
            commit("e6f0a4b", "First-touch attribution", "Bob", 2 * DAY),
            StoryState {
                ahead: 4,
                behind: 2,
                published: Published::Stale,
                pushed: Pushed::Yes,
                ..PLAIN
            },
        ),
        story(
            "SB-98",
            "shipping-times",
            commit(
                "71ac3d9",
                "Days to ship per distribution centre",
                "Bob",
                6 * DAY,
            ),
            StoryState {
                behind: 5,
                pushed: Pushed::Yes,
                merged: true,
                ..PLAIN
            },
        ),
        story(
            "SB-95",
            "fix-margin",
            commit(
                "2b9e6f0",
                "Margin excludes returned items",
                "Alice",
                9 * DAY,
            ),
            StoryState {
                behind: 8,
                pushed: Pushed::Yes,
                merged: true,
                ..PLAIN
            },
        ),
    ]
}

pub fn branches() -> Vec<BranchRow> {
    let mut rows = vec![BranchRow {
        name: "main".to_string(),
        is_story: false,
        head: commit(
            "8a7d3e2",
            "Merge story/SB-98-shipping-times",
            "Bob",
            5 * HOUR,
        ),
        upstream: Some((0, 1)),
    }];
    rows.extend(stories().into_iter().map(|s| BranchRow {
        upstream: match s.pushed {
            Pushed::No => None,
            Pushed::Yes => Some((0, 0)),
            Pushed::Ahead(n) => Some((n, 0)),
        },
        name: s.branch,
        is_story: true,
        head: s.last_commit,
    }));
    rows.push(BranchRow {
        name: "experiment/pdt-tuning".to_string(),
        is_story: false,
        head: commit(
            "5c4b3a2",
            "Try a persisted derived table",
            "Carol",
            40 * DAY,
        ),
        upstream: None,
    });
    rows
}

pub fn environments() -> Vec<EnvironmentRow> {
    let env = |name: &str, protected: bool| EnvironmentRow {
        name: name.to_string(),
        branch: if name.starts_with("dev-") {
            "dev"
        } else {
            "main"
        }
        .to_string(),
        remote: format!("../remotes/looker-{name}.git"),
        protected,
        source: None,
        story: None,
        deployed_at: None,
        edits_since: 0,
        note: None,
    };
    vec![
        EnvironmentRow {
            source: Some("4f2a9c1".to_string()),
            story: Some("story/SB-101-orders-revenue".to_string()),
            deployed_at: Some(NOW - 2 * HOUR),
            ..env("dev-alice", false)
        },
        EnvironmentRow {
            source: Some("9d81e07".to_string()),
            story: Some("story/SB-102-customer-segments".to_string()),
            deployed_at: Some(NOW - DAY - 3 * HOUR),
            edits_since: 2,
            ..env("integration", false)
        },
        EnvironmentRow {
            source: Some("8a7d3e2".to_string()),
            deployed_at: Some(NOW - 3 * DAY),
            ..env("acceptance", false)
        },
        EnvironmentRow {
            note: Some("remote not fetched yet: press f to fetch".to_string()),
            ..env("production", true)
        },
    ]
}

fn commit_id(n: u8) -> crate::git::Id {
    let hex = format!("{n:02x}").repeat(20);
    hex.parse()
        .unwrap_or_else(|_| unreachable!("forty hex digits"))
}

/// The pipeline: main on integration, a release of two stories on acceptance,
/// production a release behind with one of them pending; SB-99 rolled back
/// and held out of acceptance.
pub fn board() -> Board {
    let column = |name: &str, stage: Option<usize>| EnvironmentColumn {
        name: name.to_string(),
        stage,
        branch: "main".to_string(),
        remote: format!("../remotes/looker-{name}.git"),
        protected: name == "production",
        colleague: false,
        source: None,
        source_ref: None,
        story: None,
        stories: Vec::new(),
        next: None,
        next_ref: None,
        pending: Vec::new(),
        leaving: Vec::new(),
        deployed_at: None,
        deployed_moment: None,
        deployed_by: None,
        edits_since: 0,
        looker: None,
        note: None,
        companions: Default::default(),
    };
    let keys = |k: &[&str]| k.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    let deployed = |n: u8, source_ref: &str, stories: &[&str], ago: i64| EnvironmentColumn {
        source: Some(commit_id(n)),
        source_ref: Some(source_ref.to_string()),
        stories: keys(stories),
        deployed_at: Some(NOW - ago),
        deployed_by: Some("Lee Lead <lee@example.com>".to_string()),
        ..column("", None)
    };
    let environments = vec![
        EnvironmentColumn {
            name: "integration".to_string(),
            stage: Some(0),
            pending: keys(&["SB-104"]),
            next: Some(commit_id(5)),
            next_ref: Some("main".to_string()),
            ..deployed(1, "main", &["SB-97", "SB-98", "SB-99"], HOUR)
        },
        EnvironmentColumn {
            name: "acceptance".to_string(),
            stage: Some(1),
            ..deployed(2, "release/2025-10-13", &["SB-97", "SB-98"], DAY)
        },
        EnvironmentColumn {
            name: "production".to_string(),
            stage: Some(2),
            protected: true,
            pending: keys(&["SB-98"]),
            next: Some(commit_id(2)),
            next_ref: Some("release/2025-10-13".to_string()),
            ..deployed(3, "release/2025-10-06", &["SB-97"], 6 * DAY)
        },
        EnvironmentColumn {
            story: Some("story/SB-101-orders-revenue".to_string()),
            ..column("dev-alice", None)
        },
    ];
    let row = |key: &str, slug: &str, state: BoardState, on: &[&str], pending: &[&str]| {
        crate::pipeline::StoryRow {
            key: key.to_string(),
            branch: format!("story/{key}-{slug}"),
            state,
            on: keys(on),
            pending: keys(pending),
            leaving: Vec::new(),
            held: false,
            held_from: Vec::new(),
            accepted_on: Vec::new(),
            rejected_on: Vec::new(),
            stale_on: Vec::new(),
            sign_offs: Vec::new(),
            current: key == "SB-101",
        }
    };
    // Tess tested the release on acceptance: SB-97 accepted, SB-98 rejected.
    let sign_off = |key: &str, state: SignOffState, message: Option<&str>| SignOff {
        key: key.to_string(),
        environment: "acceptance".to_string(),
        state,
        record: Record {
            key: key.to_string(),
            environment: "acceptance".to_string(),
            verdict: if message.is_some() {
                Verdict::Rejected
            } else {
                Verdict::Accepted
            },
            source: commit_id(2),
            message: message.map(str::to_string),
            by: "Tess Tester <tess@example.com>".to_string(),
            at: NOW - 3 * HOUR,
            offset_minutes: 0,
            commit: commit_id(9),
        },
        changed: Vec::new(),
    };
    let stories = vec![
        crate::pipeline::StoryRow {
            accepted_on: keys(&["acceptance"]),
            sign_offs: vec![sign_off("SB-97", SignOffState::Accepted, None)],
            ..row(
                "SB-97",
                "order-dates",
                BoardState::Finished,
                &["integration", "acceptance", "production"],
                &[],
            )
        },
        crate::pipeline::StoryRow {
            rejected_on: keys(&["acceptance"]),
            sign_offs: vec![sign_off(
                "SB-98",
                SignOffState::Rejected,
                Some("ship days count weekends"),
            )],
            ..row(
                "SB-98",
                "shipping-times",
                BoardState::Merged,
                &["integration", "acceptance"],
                &["production"],
            )
        },
        crate::pipeline::StoryRow {
            held: true,
            held_from: keys(&["acceptance", "production"]),
            ..row(
                "SB-99",
                "churn-flags",
                BoardState::Merged,
                &["integration"],
                &[],
            )
        },
        row(
            "SB-101",
            "orders-revenue",
            BoardState::Pushed,
            &["dev-alice"],
            &[],
        ),
        row(
            "SB-104",
            "marketing-attribution",
            BoardState::Merged,
            &[],
            &["integration"],
        ),
    ];
    Board {
        current: Some("story/SB-101-orders-revenue".to_string()),
        environments,
        stories,
        releases: vec![
            ReleaseColumn {
                name: "release/2025-10-06".to_string(),
                commit: commit_id(3),
                stories: keys(&["SB-97"]),
            },
            ReleaseColumn {
                name: "release/2025-10-13".to_string(),
                commit: commit_id(2),
                stories: keys(&["SB-97", "SB-98"]),
            },
        ],
    }
}

const ORDERS_MAIN: &str = r#"view: orders {
  sql_table_name: analytics.orders ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }

  dimension: status {
    label: "Order Status"
    type: string
    sql: ${TABLE}.status ;;
  }

  dimension: legacy_channel {
    type: string
    sql: ${TABLE}.channel_old ;;
  }

  measure: count {
    type: count
    drill_fields: [id, status]
  }
}
"#;

const ORDERS_STORY: &str = r#"view: orders {
  sql_table_name: analytics.orders_v2 ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }

  dimension: status {
    label: "Status"
    type: string
    sql: LOWER(${TABLE}.status) ;;
  }

  measure: count {
    type: count
    drill_fields: [id, status, gross_revenue]
  }

  measure: gross_revenue {
    type: sum
    value_format_name: usd
    sql: ${TABLE}.amount ;;
  }

  measure: net_revenue {
    type: sum
    value_format_name: usd
    sql: ${TABLE}.amount - ${TABLE}.refunded ;;
  }
}
"#;

const REFUNDS_STORY: &str = r#"view: refunds {
  sql_table_name: analytics.refunds ;;

  dimension: order_id {
    type: number
    sql: ${TABLE}.order_id ;;
  }
}
"#;

/// The current story's diff, computed by `semdiff` from LookML text.
pub fn diff() -> Diff {
    let files = |list: &[(&str, &str)]| -> Vec<(PathBuf, Vec<u8>)> {
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect()
    };
    let mut cache = ParseCache::new();
    let old = cache.load(&files(&[("views/orders.view.lkml", ORDERS_MAIN)]));
    let new = cache.load(&files(&[
        ("views/orders.view.lkml", ORDERS_STORY),
        ("views/refunds.view.lkml", REFUNDS_STORY),
    ]));
    semdiff::diff(&old, &new, &Options::default())
}

/// Answers the effects the way a backend would, with the fixture's data.
pub fn answer(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        let follow = match effect {
            Effect::Load { job, generation } => {
                let mut more = update(
                    app,
                    Event::Stories {
                        generation,
                        result: Ok(stories()),
                    },
                );
                more.extend(update(
                    app,
                    Event::Branches {
                        generation,
                        result: Ok(branches()),
                    },
                ));
                more.extend(update(
                    app,
                    Event::Environments {
                        generation,
                        result: Ok(environments()),
                    },
                ));
                more.extend(update(
                    app,
                    Event::Board {
                        generation,
                        result: Ok(board()),
                    },
                ));
                more.extend(update(
                    app,
                    Event::JobFinished {
                        job,
                        result: Ok(String::new()),
                    },
                ));
                more
            }
            Effect::LoadDiff {
                job,
                story,
                generation,
            } => {
                let mut more = update(
                    app,
                    Event::Diff {
                        story,
                        generation,
                        result: Ok(diff()),
                    },
                );
                more.extend(update(
                    app,
                    Event::JobFinished {
                        job,
                        result: Ok(String::new()),
                    },
                ));
                more
            }
            _ => Vec::new(),
        };
        answer(app, follow);
    }
}

/// The UI with everything loaded, the current story selected and its diff shown;
/// no colour, so snapshots are plain text either way.
pub fn app() -> App {
    let mut app = App::new(KeyMap::default(), Theme::plain(), NOW);
    let effects = start(&mut app);
    answer(&mut app, effects);
    app
}

/// The UI as its first frame shows it: nothing loaded yet.
pub fn loading_app() -> App {
    let mut app = App::new(KeyMap::default(), Theme::plain(), NOW);
    let _ = start(&mut app);
    app
}
