//! What each story operation says it did: the text the command line prints and
//! the terminal UI shows (one line of it in the status bar, all of it in a popup).

use std::fmt::{self, Display, Formatter};
use std::path::PathBuf;

use super::{FinishReport, NewReport, PrReport, SwitchReport, SyncOutcome, SyncReport};

impl Display for SyncReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(resumed) = &self.resumed {
            writeln!(f, "{resumed}")?;
        }
        if let Some((backup, n)) = &self.set_aside {
            writeln!(
                f,
                "set {n} commit(s) made in {} aside, kept under {backup}",
                self.environment
            )?;
        }
        if self.replayed.is_empty() {
            if let Some(p) = &self.published {
                write!(f, "{p}")?;
                return Ok(());
            }
            return writeln!(f, "nothing to sync from {}", self.environment);
        }
        writeln!(
            f,
            "synced {} commit(s) from {} into {}:",
            self.replayed.len(),
            self.environment,
            self.story
        )?;
        for (looker, mine, summary) in &self.replayed {
            match mine {
                Some(m) => writeln!(f, "  {} -> {} {summary}", looker.short(), m.short())?,
                None => writeln!(f, "  {} (already in the story) {summary}", looker.short())?,
            }
        }
        for (looker, summary, into) in &self.folded {
            writeln!(
                f,
                "  {} {summary}: did not render back on its own, folded into {}",
                looker.short(),
                into.short()
            )?;
        }
        if let Some(p) = &self.published {
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Display for SyncOutcome {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            SyncOutcome::Done(report) => write!(f, "{report}"),
            SyncOutcome::Conflicts {
                story,
                environment,
                commit,
                files,
                untouched,
            } => {
                writeln!(
                    f,
                    "sync stopped: {} ({}) from {environment} conflicts with {story} in:",
                    commit.0.short(),
                    commit.1
                )?;
                for file in files {
                    let note = if untouched.contains(file) {
                        "  (you have edits here: no markers written; merge by hand)"
                    } else {
                        ""
                    };
                    writeln!(f, "  {}{note}", file.display())?;
                }
                writeln!(
                    f,
                    "nothing was applied. Resolve the conflict markers in those files, then run `storyboard story sync --continue` (or `--abort`)."
                )
            }
        }
    }
}

impl Display for SwitchReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(resumed) = &self.resumed {
            writeln!(f, "{resumed}")?;
        }
        if let Some(s) = &self.synced {
            write!(f, "{s}")?;
        }
        if let Some(p) = &self.published {
            write!(f, "{p}")?;
        }
        if let Some(e) = &self.publish_waits {
            writeln!(
                f,
                "not published: publishing {} waits until its files parse:\n{e}\n  = help: fix them in this story, then run `storyboard story publish`",
                self.story.branch
            )?;
        }
        writeln!(f, "now on {}: {}", self.story.branch, self.dir.display())
    }
}

impl Display for NewReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (from, to) in &self.set_aside {
            writeln!(
                f,
                "moved aside {} (its repository is gone) to {}",
                from.display(),
                to.display()
            )?;
        }
        writeln!(
            f,
            "made {} from {} ({})",
            self.story.branch,
            self.main,
            self.base.short()
        )?;
        for c in &self.companions {
            write!(f, "{c}")?;
        }
        write!(f, "{}", self.switched)
    }
}

impl Display for PrReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "pushed {} ({}) to {}",
            self.story,
            self.pushed.short(),
            self.remote
        )?;
        writeln!(f, "title: {}", self.title)?;
        match &self.url {
            Some(url) => writeln!(f, "open the pull request: {url}")?,
            None => writeln!(
                f,
                "(the remote's host is not GitHub, GitLab or Bitbucket: open the pull request there)"
            )?,
        }
        writeln!(
            f,
            "description ({} semantic change(s)): {}",
            self.changes,
            self.description.display()
        )?;
        for c in &self.companions {
            match (&c.pushed, &c.url, &c.note) {
                (Some(id), Some(url), _) => writeln!(
                    f,
                    "companion {}: pushed {} ({}) to {}; open the pull request: {url}",
                    c.name,
                    self.story,
                    id.short(),
                    c.remote
                )?,
                (Some(id), None, _) => writeln!(
                    f,
                    "companion {}: pushed {} ({}) to {} (open the pull request there)",
                    c.name,
                    self.story,
                    id.short(),
                    c.remote
                )?,
                (None, _, Some(note)) => writeln!(f, "companion {}: {note}", c.name)?,
                (None, _, None) => writeln!(f, "companion {}: nothing pushed", c.name)?,
            }
        }
        if self.uncommitted > 0 {
            writeln!(
                f,
                "warning: {} file(s) with uncommitted changes in the story's worktree are neither pushed nor described: commit them and run `story pr` again",
                self.uncommitted
            )?;
        }
        if let Some(why) = &self.record_unshared {
            writeln!(
                f,
                "the story's record is kept here, not pushed with it: {why}"
            )?;
        }
        Ok(())
    }
}

impl Display for FinishReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(backup) = &self.backup {
            writeln!(f, "kept {} in {backup}", self.story.branch)?;
        }
        if let Some((dir, paths)) = &self.kept_ignored {
            writeln!(
                f,
                "kept {} path(s) git ignores in the worktree ({}) in {}",
                paths.len(),
                display_list(paths),
                dir.display()
            )?;
        }
        if let Some(p) = &self.removed_worktree {
            writeln!(f, "removed the worktree {}", p.display())?;
        }
        if let Some(why) = &self.record_unshared {
            writeln!(
                f,
                "the story's record is kept here, not yet on the team remote: {why}"
            )?;
        }
        writeln!(f, "finished {}", self.story.branch)
    }
}

/// The first few paths, and how many more there are.
fn display_list(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}
