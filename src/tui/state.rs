//! Everything the terminal UI shows, as one plain value.
//!
//! The screen is a function of this state alone ([`view`](super::view)), and the
//! state changes only through [`update`](super::update), so both can be tested
//! without a terminal, a repository or a clock.

use std::path::PathBuf;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::backend::{Board, BranchRow, Choice, EnvironmentRow, Progress, StoryRow};
use super::keys::KeyMap;
use super::theme::Theme;
use crate::semdiff::Diff;

/// The panes that can take focus, in `tab` order (and `1`-`5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Stories,
    Branches,
    Environments,
    Diff,
    Pipeline,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Stories,
        Pane::Branches,
        Pane::Environments,
        Pane::Diff,
        Pane::Pipeline,
    ];

    pub fn number(self) -> usize {
        match self {
            Pane::Stories => 1,
            Pane::Branches => 2,
            Pane::Environments => 3,
            Pane::Diff => 4,
            Pane::Pipeline => 5,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Stories => "Stories",
            Pane::Branches => "Branches",
            Pane::Environments => "Environments",
            Pane::Diff => "Semantic diff",
            Pane::Pipeline => "Pipeline",
        }
    }

    pub fn next(self) -> Pane {
        Pane::ALL[self.number() % Pane::ALL.len()]
    }

    pub fn previous(self) -> Pane {
        Pane::ALL[(self.number() + Pane::ALL.len() - 2) % Pane::ALL.len()]
    }

    /// Whether the pane is a list that `/` filters and `j`/`k` select in.
    pub fn is_list(self) -> bool {
        self != Pane::Diff
    }
}

/// Rows of one list as they arrive from the background: `None` until the first
/// load finishes, so the pane can say it is still scanning.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows<T> {
    pub items: Option<Vec<T>>,
    /// A load is running (the old rows, if any, stay on screen meanwhile).
    pub loading: bool,
    pub error: Option<String>,
}

impl<T> Default for Rows<T> {
    fn default() -> Rows<T> {
        Rows {
            items: None,
            loading: false,
            error: None,
        }
    }
}

impl<T> Rows<T> {
    pub fn all(&self) -> &[T] {
        self.items.as_deref().unwrap_or(&[])
    }
}

/// The selection and the `/` filter of one list. `selected` indexes the rows
/// that pass the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListView {
    pub selected: usize,
    pub filter: String,
    /// Keys go to the filter text until `enter` or `esc`.
    pub editing_filter: bool,
}

/// The semantic diff of the selected story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffPane {
    /// The story the diff is (or is being computed) for.
    pub story: Option<String>,
    pub diff: Option<Diff>,
    /// The diff as `storyboard diff` prints it, one entry per line, kept so a
    /// redraw costs the visible lines only.
    pub lines: Vec<String>,
    pub loading: bool,
    pub error: Option<String>,
    /// First line shown, in the pane and in the full-screen view.
    pub scroll: usize,
    /// Where each changed object starts in `lines`, and its place in its file:
    /// what `]`/`[` jump between and `e` opens.
    pub anchors: Vec<Anchor>,
    /// The full-screen view wraps long lines (`w`); otherwise it scrolls them
    /// sideways by `column`.
    pub wrap: bool,
    pub column: usize,
}

/// A changed object's first line in the diff's text, and its place in its file
/// (relative to the story's project directory).
pub use crate::semdiff::render::TextAnchor as Anchor;

/// The pipeline board, as `status` reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardPane {
    pub board: Option<Board>,
    pub loading: bool,
    pub error: Option<String>,
    /// The selected column: an index into the board's environments.
    pub column: usize,
}

/// A write's plan (or a read shown whole), over the panes until it is
/// answered: the plan's text scrolls; a choice's key, or `y`/`enter` for the
/// first, takes it; `esc`/`n` closes it and nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub choices: Vec<Choice>,
    pub scroll: usize,
}

/// The fuzzy finder over all stories (`s` / `space`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finder {
    pub query: String,
    /// Index into [`App::finder_matches`].
    pub selected: usize,
}

/// One story the finder's query matches, with the matched character positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinderMatch {
    /// Index into the stories.
    pub story: usize,
    pub score: i64,
    pub indices: Vec<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FormField {
    #[default]
    Key,
    Slug,
}

/// The new-story form (`n`): the ticket key and a slug, as in `story/{key}-{slug}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewStoryForm {
    pub key: String,
    pub slug: String,
    pub field: FormField,
    /// Why the form was not accepted, shown under the fields.
    pub problem: Option<String>,
}

/// What covers the panes, if anything. Error popups stack above all of these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Overlay {
    #[default]
    None,
    Help,
    Finder(Finder),
    NewStory(NewStoryForm),
    /// The diff over the whole screen, scrolled by [`DiffPane::scroll`].
    FullDiff,
    Confirm(Confirm),
    /// Why a story is rejected, asked before the rejection is planned.
    Reject(RejectForm),
}

/// The rejection's message (`r` on the board): required, it is what the
/// story's author reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RejectForm {
    pub key: String,
    pub environment: String,
    pub message: String,
    /// Why the form was not accepted, shown under the field.
    pub problem: Option<String>,
}

/// A failure the user has to see; dismissed with `esc` or `enter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorPopup {
    pub title: String,
    pub message: String,
}

/// Identifies a background job between its effect and its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub u64);

/// Whether a job reads (and may run beside others) or changes the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Loads what a pane shows.
    Data,
    /// Changes repositories: one at a time, and the panes are reloaded after.
    Operation,
    /// Plans a write to show it first: `esc` cancels it, its result dropped.
    Preview,
}

/// A background operation, shown in the status line while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub kind: JobKind,
    pub label: String,
    pub progress: Progress,
}

/// One counter per kind of data: a result tagged with an older generation was
/// asked for before a newer request and is dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generations {
    /// Stories, branches, environments and the board, which are loaded together.
    pub workspace: u64,
    pub diff: u64,
    /// Previews: one asked for later (or cancelled with `esc`) drops an older one.
    pub preview: u64,
}

/// The whole state of the terminal UI.
#[derive(Debug, Clone)]
pub struct App {
    pub keys: KeyMap,
    pub theme: Theme,
    /// Unix seconds, for "3h ago"; moved on by ticks so the view stays a pure function.
    pub now: i64,
    /// Terminal width and height, for mapping mouse positions to panes.
    pub size: (u16, u16),
    pub focus: Pane,
    pub stories: Rows<StoryRow>,
    pub branches: Rows<BranchRow>,
    pub environments: Rows<EnvironmentRow>,
    pub story_list: ListView,
    pub branch_list: ListView,
    pub environment_list: ListView,
    pub pipeline: BoardPane,
    pub pipeline_list: ListView,
    pub diff: DiffPane,
    pub overlay: Overlay,
    /// The newest error is last and shown on top.
    pub errors: Vec<ErrorPopup>,
    pub jobs: Vec<Job>,
    pub next_job: u64,
    /// Advanced by ticks while jobs run.
    pub spinner_frame: usize,
    pub generation: Generations,
    /// The worktree watched for changes (the selected story's).
    pub watched: Option<PathBuf>,
    /// The outcome of the last operation, for the status line, and when it
    /// was said (it clears itself a while later).
    pub status: Option<String>,
    pub status_at: i64,
    /// First line of the help overlay shown (it scrolls on small terminals).
    pub help_scroll: usize,
    /// Files changed while the lists were loading: load them again after.
    pub reload_pending: bool,
    pub quitting: bool,
    /// Whether the screen may differ from the last frame drawn. Every event sets
    /// it but a clock tick that moves neither the spinner nor the second the ages
    /// are counted from; the runner draws only when it is set, and clears it.
    pub redraw: bool,
}

impl App {
    pub fn new(keys: KeyMap, theme: Theme, now: i64) -> App {
        App {
            keys,
            theme,
            now,
            size: (80, 24),
            focus: Pane::Stories,
            stories: Rows::default(),
            branches: Rows::default(),
            environments: Rows::default(),
            story_list: ListView::default(),
            branch_list: ListView::default(),
            environment_list: ListView::default(),
            pipeline: BoardPane::default(),
            pipeline_list: ListView::default(),
            diff: DiffPane::default(),
            overlay: Overlay::None,
            errors: Vec::new(),
            jobs: Vec::new(),
            next_job: 1,
            spinner_frame: 0,
            generation: Generations::default(),
            watched: None,
            status: None,
            status_at: now,
            help_scroll: 0,
            reload_pending: false,
            quitting: false,
            redraw: true,
        }
    }

    pub fn list(&self, pane: Pane) -> Option<&ListView> {
        match pane {
            Pane::Stories => Some(&self.story_list),
            Pane::Branches => Some(&self.branch_list),
            Pane::Environments => Some(&self.environment_list),
            Pane::Pipeline => Some(&self.pipeline_list),
            Pane::Diff => None,
        }
    }

    pub fn list_mut(&mut self, pane: Pane) -> Option<&mut ListView> {
        match pane {
            Pane::Stories => Some(&mut self.story_list),
            Pane::Branches => Some(&mut self.branch_list),
            Pane::Environments => Some(&mut self.environment_list),
            Pane::Pipeline => Some(&mut self.pipeline_list),
            Pane::Diff => None,
        }
    }

    /// Indices of the pane's rows that pass its filter, in order.
    pub fn visible(&self, pane: Pane) -> Vec<usize> {
        let Some(view) = self.list(pane) else {
            return Vec::new();
        };
        let needle = view.filter.to_lowercase();
        let keep = |text: &str| needle.is_empty() || text.to_lowercase().contains(&needle);
        match pane {
            Pane::Stories => matching(self.stories.all(), |s| keep(&s.branch)),
            Pane::Branches => matching(self.branches.all(), |b| keep(&b.name)),
            Pane::Environments => matching(self.environments.all(), |e| {
                keep(&e.name) || keep(&e.branch) || e.story.as_deref().is_some_and(keep)
            }),
            Pane::Pipeline => match &self.pipeline.board {
                Some(board) => matching(&board.stories, |s| keep(&s.key) || keep(&s.branch)),
                None => Vec::new(),
            },
            Pane::Diff => Vec::new(),
        }
    }

    /// The row selected in a list, as an index into all its rows.
    pub fn selected_index(&self, pane: Pane) -> Option<usize> {
        let view = self.list(pane)?;
        self.visible(pane).get(view.selected).copied()
    }

    pub fn selected_story(&self) -> Option<&StoryRow> {
        self.selected_index(Pane::Stories)
            .and_then(|i| self.stories.all().get(i))
    }

    /// The board's row selected in the Pipeline pane.
    pub fn selected_board_story(&self) -> Option<&crate::pipeline::StoryRow> {
        let board = self.pipeline.board.as_ref()?;
        self.selected_index(Pane::Pipeline)
            .and_then(|i| board.stories.get(i))
    }

    /// The environment of the Pipeline pane's selected column.
    pub fn selected_stage(&self) -> Option<&crate::pipeline::EnvironmentColumn> {
        self.pipeline
            .board
            .as_ref()?
            .environments
            .get(self.pipeline.column)
    }

    /// Puts a message on the status line; it clears itself after a while.
    pub fn say(&mut self, message: impl Into<String>) {
        self.status = Some(message.into());
        self.status_at = self.now;
    }

    pub fn current_story(&self) -> Option<&StoryRow> {
        self.stories.all().iter().find(|s| s.current)
    }

    /// Stories matching the finder's query, best first; every story, in order,
    /// while the query is empty.
    pub fn finder_matches(&self, query: &str) -> Vec<FinderMatch> {
        let stories = self.stories.all();
        if query.is_empty() {
            return (0..stories.len())
                .map(|story| FinderMatch {
                    story,
                    score: 0,
                    indices: Vec::new(),
                })
                .collect();
        }
        let matcher = SkimMatcherV2::default();
        let mut matches: Vec<FinderMatch> = stories
            .iter()
            .enumerate()
            .filter_map(|(story, row)| {
                matcher
                    .fuzzy_indices(&row.branch, query)
                    .map(|(score, indices)| FinderMatch {
                        story,
                        score,
                        indices,
                    })
            })
            .collect();
        // Best score first; ties keep the list's order, so results do not jump.
        matches.sort_by(|a, b| b.score.cmp(&a.score).then(a.story.cmp(&b.story)));
        matches
    }

    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty()
    }
}

fn matching<T>(rows: &[T], keep: impl Fn(&T) -> bool) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, row)| keep(row))
        .map(|(i, _)| i)
        .collect()
}

/// "3h ago", from two unix times.
pub fn age(now: i64, then: i64) -> String {
    let seconds = now.saturating_sub(then);
    if seconds < 60 {
        return "just now".to_string();
    }
    let (n, unit) = match seconds {
        s if s < 3_600 => (s / 60, "m"),
        s if s < 86_400 => (s / 3_600, "h"),
        s if s < 86_400 * 30 => (s / 86_400, "d"),
        s if s < 86_400 * 365 => (s / (86_400 * 30), "mo"),
        s => (s / (86_400 * 365), "y"),
    };
    format!("{n}{unit} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_cycle() {
        assert_eq!(Pane::Stories.next(), Pane::Branches);
        assert_eq!(Pane::Diff.next(), Pane::Pipeline);
        assert_eq!(Pane::Pipeline.next(), Pane::Stories);
        assert_eq!(Pane::Stories.previous(), Pane::Pipeline);
        assert_eq!(Pane::Branches.previous(), Pane::Stories);
    }

    #[test]
    fn ages() {
        assert_eq!(age(1000, 990), "just now");
        assert_eq!(age(10_000, 10_000 - 5 * 60), "5m ago");
        assert_eq!(age(100_000, 100_000 - 3 * 3600 - 59), "3h ago");
        assert_eq!(age(10_000_000, 10_000_000 - 2 * 86_400), "2d ago");
        assert_eq!(age(100_000_000, 100_000_000 - 90 * 86_400), "3mo ago");
        assert_eq!(age(0, 100), "just now");
    }
}
