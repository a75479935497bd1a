//! A story's life: made from the latest main in its own worktree, switched to
//! (your environment follows), published, and finished once merged.

use std::path::{Path, PathBuf};

use super::sync::{Resolve, SyncOutcome, SyncReport, display_paths};
use super::{Progress, Result, StoryError, StoryName, Workspace, name, step, worktree_name};
use super::{PublishReport, Resumed};
use crate::deploy::{DeployError, Fetched, Source, SourceKind};
use crate::git::{Id, NewCommit, Repo};

/// What `story new` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub story: StoryName,
    /// The main branch it was made from.
    pub main: String,
    pub worktree: PathBuf,
    pub base: Id,
    pub switched: SwitchReport,
    /// Worktrees of repositories that no longer exist, moved out of the way
    /// (from, to): a deleted clone's leftovers, kept, not deleted.
    pub set_aside: Vec<(PathBuf, PathBuf)>,
    /// The story's branch in each companion repository, or why not.
    pub companions: Vec<super::CompanionMade>,
}

/// What `story switch` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchReport {
    pub story: StoryName,
    /// The project directory in the story's worktree: where to work now.
    pub dir: PathBuf,
    /// The story switched away from, synced first when your environment held edits.
    pub synced: Option<SyncReport>,
    /// `None` when you have no development environment to publish to, or when
    /// publishing waits for files that do not parse.
    pub published: Option<PublishReport>,
    pub resumed: Option<Resumed>,
    /// Why the story was not published: files of it that do not parse. The
    /// switch is done, so the story can fix them; its environment keeps what it had.
    pub publish_waits: Option<crate::env::RenderError>,
}

/// What `story finish` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishReport {
    pub story: StoryName,
    pub removed_worktree: Option<PathBuf>,
    /// The ref keeping the story (and any uncommitted work) when forced.
    pub backup: Option<String>,
    /// Where the files git ignores in the worktree were moved, and their paths.
    pub kept_ignored: Option<(PathBuf, Vec<PathBuf>)>,
    /// Why the story's record could not be pushed to the team remote (it is
    /// kept here and pushed by the story's next `pr` or `finish`).
    pub record_unshared: Option<String>,
}

const BASE_KEY: &str = "storyboardbase";

impl Workspace {
    /// Makes a story from the latest main, in its own worktree, and switches to it.
    pub fn new_story(
        &self,
        key: &str,
        slug: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<NewReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        name::check_key(key).map_err(|m| {
            StoryError::refused(m, "give the key your tracker uses, for example ABC-123")
        })?;
        let slug = name::slugify(slug.unwrap_or_default());
        let branch = name::branch_name(
            &self.config.project.story_branch,
            key,
            &slug,
            self.config.personal.user.as_deref(),
        );
        if !crate::git::is_valid_branch_name(&branch) {
            return Err(StoryError::refused(
                format!("`{branch}` is not a valid branch name"),
                "choose another key or slug",
            ));
        }
        if repo.ref_target(&format!("refs/heads/{branch}"))?.is_some() {
            return Err(StoryError::refused(
                format!("the story {branch} exists already"),
                format!("switch to it: `storyboard story switch {key}`"),
            ));
        }
        // Keys name stories everywhere, whatever their case: `data-101` beside
        // `DATA-101` would leave neither reachable by its key. A finished
        // story's very key may be taken up again (more work on its ticket).
        let open = self
            .stories(&repo)?
            .into_iter()
            .find(|s| s.key.eq_ignore_ascii_case(key));
        if let Some(existing) = open {
            return Err(StoryError::refused(
                format!(
                    "the key `{key}` is taken: {} is the story {}",
                    existing.branch, existing.key
                ),
                format!(
                    "switch to it (`storyboard story switch {}`), or give the new story another key",
                    existing.key
                ),
            ));
        }
        let recorded = self
            .story_records_in(&repo)?
            .into_iter()
            .find(|r| r.key.eq_ignore_ascii_case(key) && r.key != key);
        if let Some(existing) = recorded {
            return Err(StoryError::refused(
                format!(
                    "the key `{key}` is taken: {} was the story {}",
                    existing.branch, existing.key
                ),
                format!(
                    "write the key as `{}` to take that story up again, or give the new story another key",
                    existing.key
                ),
            ));
        }
        let story = StoryName {
            branch: branch.clone(),
            key: key.to_string(),
            slug,
        };
        step(
            progress,
            format!("fetching {}", self.config.project.main),
            0,
            3,
        );
        self.fetch_main(&repo)?;
        let base = self.main_commit(&repo)?;
        let path = self.worktree_path(&story);
        let set_aside = path
            .parent()
            .and_then(Path::parent)
            .map(set_aside_orphans)
            .unwrap_or_default();
        if path.exists()
            && std::fs::read_dir(&path)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(StoryError::refused(
                format!("{} exists and is not empty", path.display()),
                "move it away, or set `worktrees` in your personal config to another directory",
            ));
        }
        step(progress, format!("creating the worktree of {branch}"), 1, 3);
        repo.add_worktree(&worktree_name(&branch), &path, &branch, base)?;
        repo.set_config_value(&format!("branch.{branch}.{BASE_KEY}"), &base.to_string())?;
        self.record_story(&repo, &story, base, base, false)?;
        // Before the switch: a switch that fails leaves the story made, and
        // its companions' branches with it.
        let companions = self.new_in_companions(&repo, &story);
        let switched = self.switch_locked(&repo, &story, progress).map_err(|e| {
            StoryError::refused(
                format!(
                    "made {branch} in {}, but could not switch to it:\n{e}",
                    path.display()
                ),
                format!("fix the problem above, then run `storyboard story switch {key}`"),
            )
        })?;
        Ok(NewReport {
            story,
            main: self.config.project.main.clone(),
            worktree: path,
            base,
            switched,
            set_aside,
            companions,
        })
    }

    /// Syncs the story your environment holds, then publishes `wanted` to it and
    /// makes it current. No worktree's files are touched but the synced story's,
    /// and only where Looker changed them.
    pub fn switch(&self, wanted: &str, progress: Progress<'_>) -> Result<SwitchReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        self.switch_locked(&repo, &story, progress)
    }

    fn switch_locked(
        &self,
        repo: &Repo,
        story: &StoryName,
        progress: Progress<'_>,
    ) -> Result<SwitchReport> {
        let worktree = match self.worktree_of(repo, &story.branch)? {
            Some(wt) => wt.path,
            None => {
                let path = self.worktree_path(story);
                repo.attach_worktree(
                    &worktree_name(&story.branch),
                    &path,
                    &format!("refs/heads/{}", story.branch),
                )?;
                path
            }
        };
        let dir = self.project_dir(&worktree);
        let Ok(env) = self.dev_environment().cloned() else {
            self.set_current(Some(&story.branch))?;
            return Ok(SwitchReport {
                story: story.clone(),
                dir,
                synced: None,
                published: None,
                resumed: None,
                publish_waits: None,
            });
        };
        let deployer = self.deployer(repo);
        let resumed = deployer.resume(&env)?;
        step(progress, format!("fetching {}", env.name), 0, 3);
        let mut state = deployer.fetch(&env)?;
        let mut synced = None;
        if state.last.is_some() && !state.after.is_empty() {
            match self.sync_locked(repo, Resolve::Start, progress)? {
                SyncOutcome::Done(report) => synced = Some(*report),
                SyncOutcome::Conflicts {
                    story: from, files, ..
                } => {
                    return Err(StoryError::refused(
                        format!(
                            "switch stopped: syncing {from} back from `{}` conflicts in {}",
                            env.name,
                            display_paths(&files)
                        ),
                        "resolve the markers, run `storyboard story sync --continue`, then switch again",
                    ));
                }
            }
            state = deployer.state(&env)?;
        }
        let head = self.story_head(repo, story)?;
        let fetched = Fetched {
            state,
            resumed: None,
            synced: None,
        };
        let source = Source::story(head, &story.branch);
        let (published, publish_waits) =
            match deployer.deploy_fetched(&env, fetched, &source, progress) {
                Ok(p) => (Some(p), None),
                // A broken file must not lock the team out of the story that fixes it.
                Err(DeployError::Render { error, .. }) if error.unparsed => (None, Some(error)),
                Err(e) => return Err(e.into()),
            };
        self.set_current(Some(&story.branch))?;
        Ok(SwitchReport {
            story: story.clone(),
            dir,
            synced,
            published,
            resumed,
            publish_waits,
        })
    }

    /// Publishes a story (the current one by default) to your environment.
    pub fn publish(&self, wanted: Option<&str>, progress: Progress<'_>) -> Result<PublishReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let story = self.current_or(&repo, wanted)?;
        self.publish_locked(&repo, &story, None, progress)
    }

    /// Publishes the story's head to your environment (the caller holds the lock).
    /// `synced` is the environment tip whose edits were just synced into the story.
    pub(crate) fn publish_locked(
        &self,
        repo: &Repo,
        story: &StoryName,
        synced: Option<Id>,
        progress: Progress<'_>,
    ) -> Result<PublishReport> {
        let env = self.dev_environment()?.clone();
        let source = Source::story(self.story_head(repo, story)?, &story.branch);
        let mut report = self
            .deployer(repo)
            .deploy(&env, &source, synced, progress)?;
        report.uncommitted = self.uncommitted_in(repo, story)?;
        Ok(report)
    }

    /// How many files have uncommitted changes in the story's worktree.
    pub(crate) fn uncommitted_in(&self, repo: &Repo, story: &StoryName) -> Result<usize> {
        Ok(match self.worktree_of(repo, &story.branch)? {
            Some(wt) if wt.path.exists() => Repo::open(&wt.path)?.uncommitted()?.len(),
            _ => 0,
        })
    }

    /// Deploys a revision of the canonical source to an environment, as a new commit
    /// on its branch.
    pub fn deploy(&self, env: &str, rev: &str, progress: Progress<'_>) -> Result<PublishReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let environment = self.config.environment(env).cloned().ok_or_else(|| {
            StoryError::refused(
                format!("no environment `{env}`"),
                "`storyboard check` lists them",
            )
        })?;
        let head = repo.resolve(rev)?;
        let branch = rev
            .strip_prefix("refs/remotes/")
            .and_then(|r| r.split_once('/').map(|(_, b)| b))
            .or_else(|| rev.strip_prefix("refs/heads/"))
            .or_else(|| {
                repo.ref_target(&format!("refs/heads/{rev}"))
                    .ok()
                    .flatten()
                    .map(|_| rev)
            });
        // A branch is named as one; a commit id or a tag is the commit it is.
        let kind = match branch {
            Some(b) => SourceKind::Branch(b.to_string()),
            None => SourceKind::Commit,
        };
        let source = Source { commit: head, kind };
        Ok(self
            .deployer(&repo)
            .deploy(&environment, &source, None, progress)?)
    }

    /// Syncs edits made in your environment back into the story deployed there.
    pub fn sync(&self, resolve: Resolve, progress: Progress<'_>) -> Result<SyncOutcome> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        self.sync_locked(&repo, resolve, progress)
    }

    /// The story named, or the current one.
    pub(crate) fn current_or(&self, repo: &Repo, wanted: Option<&str>) -> Result<StoryName> {
        match wanted.map(str::to_string).or_else(|| self.current()) {
            Some(n) => self.find(repo, &n),
            None => Err(StoryError::refused(
                "no story is current",
                "name one, or switch to one with `storyboard story switch NAME`",
            )),
        }
    }

    /// The project directory of a story's worktree.
    pub fn path(&self, wanted: &str) -> Result<PathBuf> {
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        match self.worktree_of(&repo, &story.branch)? {
            Some(wt) => Ok(self.project_dir(&wt.path)),
            None => Err(StoryError::refused(
                format!("{} has no worktree", story.branch),
                format!("`storyboard story switch {}` makes one", story.key),
            )),
        }
    }

    /// Fetches main and every environment; each failure is reported, none stops
    /// the others.
    pub fn fetch(&self, progress: Progress<'_>) -> Result<Vec<String>> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        // Colleagues' environments too: the board shows them as fetched.
        let colleagues = crate::pipeline::colleagues_here(self, &repo);
        let total = self.config.environments.len() + colleagues.len() + 1;
        let mut failures = Vec::new();
        step(
            progress,
            format!("fetching {}", self.config.project.main),
            0,
            total,
        );
        if let Err(e) = self.fetch_main(&repo) {
            failures.push(e.to_string());
        }
        let all = self.config.environments.iter().chain(colleagues.iter());
        for (i, env) in all.enumerate() {
            step(progress, format!("fetching {}", env.name), i + 1, total);
            if let Err(e) = self.deployer(&repo).fetch(env) {
                failures.push(e.to_string());
            }
        }
        Ok(failures)
    }

    /// Removes a merged story's worktree and branch. Refuses while it is unmerged
    /// or has uncommitted work, unless forced, which first keeps everything
    /// (uncommitted files included) in a backup ref.
    pub fn finish(
        &self,
        wanted: &str,
        force: bool,
        progress: Progress<'_>,
    ) -> Result<FinishReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        step(
            progress,
            format!("fetching {}", self.config.project.main),
            0,
            2,
        );
        if let Err(e) = self.fetch_main(&repo)
            && !force
        {
            return Err(StoryError::refused(
                format!("cannot check that {} is merged: {e}", story.branch),
                "fix the connection, or use --force (a backup ref keeps the story)",
            ));
        }
        let head = self.story_head(&repo, &story)?;
        let main = self.main_commit(&repo)?;
        let merged = repo.is_ancestor(head, main)?;
        let worktree = self.worktree_of(&repo, &story.branch)?;
        let dirty = match &worktree {
            Some(wt) if wt.path.exists() => Repo::open(&wt.path)?.uncommitted()?,
            _ => Vec::new(),
        };
        if (!merged || !dirty.is_empty()) && !force {
            let mut why = Vec::new();
            if !merged {
                why.push(format!(
                    "it is not merged into {}",
                    self.config.project.main
                ));
            }
            if !dirty.is_empty() {
                why.push(format!(
                    "it has uncommitted changes: {}",
                    display_paths(&dirty)
                ));
            }
            return Err(StoryError::refused(
                format!("{} is not finished: {}", story.branch, why.join("; ")),
                "merge its pull request (or commit the changes), or use --force: a backup ref keeps everything",
            ));
        }
        let backup = if merged && dirty.is_empty() {
            None
        } else {
            Some(self.backup(
                &repo,
                &story,
                head,
                worktree.as_ref().filter(|_| !dirty.is_empty()),
            )?)
        };
        let mut kept_ignored = None;
        if let Some(wt) = &worktree {
            if wt.path.exists() {
                let dest = self.kept_dir(&repo, &story);
                let moved = Repo::open(&wt.path)?.set_aside_ignored(&dest)?;
                if !moved.is_empty() {
                    kept_ignored = Some((dest, moved));
                }
            }
            repo.remove_worktree(&wt.name)?;
        }
        // The record keeps the story nameable once its branch is gone.
        let base = self
            .story_base(&repo, &story)
            .or(repo.merge_base_of(head, main)?)
            .unwrap_or(main);
        // Written and pushed before the branch goes: a run killed in between
        // still finds the story, and the next finish pushes what is left.
        self.record_story(&repo, &story, base, head, true)?;
        crate::git::crash_point("finish-after-record");
        let (team, _) = self.team(&repo);
        let record_unshared = self
            .push_record(&repo, &team, &story.key)
            .err()
            .map(|e| e.to_string());
        repo.delete_branch(&story.branch)?;
        repo.remove_config_section(&format!("branch.{}", story.branch));
        if self.current().as_deref() == Some(story.branch.as_str()) {
            self.set_current(None)?;
        }
        Ok(FinishReport {
            story,
            removed_worktree: worktree.map(|w| w.path),
            backup,
            kept_ignored,
            record_unshared,
        })
    }

    /// A ref keeping the story's commits, and its worktree's files when given.
    fn backup(
        &self,
        repo: &Repo,
        story: &StoryName,
        head: Id,
        worktree: Option<&crate::git::Worktree>,
    ) -> Result<String> {
        let mut target = head;
        if let Some(wt) = worktree {
            // As git would stage it: symlinks and deletions kept, and what git
            // ignores (a `.env`) left out of a ref, set aside as files instead.
            let tree = Repo::open(&wt.path)?.worktree_tree()?;
            let me = repo.identity()?;
            target = repo.write_commit(&NewCommit {
                tree,
                parents: &[head],
                author: &me,
                committer: &me,
                message: &format!(
                    "Backup of {} with its uncommitted files\n\nKept by `storyboard story finish --force`.\n",
                    story.branch
                ),
            })?;
        }
        let base = crate::refs::backup(&story.branch);
        let mut name = base.clone();
        let mut n = 1;
        while repo.ref_target(&name)?.is_some() {
            n += 1;
            name = format!("{base}-{n}");
        }
        repo.set_ref(&name, target, None, "storyboard: finish --force")?;
        Ok(name)
    }

    /// A new directory, inside the git directory and so never committed or pushed,
    /// for what a finished story's worktree held outside git: a local `.env` may
    /// hold secrets, which a backup ref could carry to a remote.
    fn kept_dir(&self, repo: &Repo, story: &StoryName) -> PathBuf {
        let base = repo
            .common_dir()
            .join("storyboard")
            .join("kept")
            .join(&story.branch);
        let mut dir = base.clone();
        let mut n = 1;
        while dir.exists() {
            n += 1;
            let mut numbered = base.clone().into_os_string();
            numbered.push(format!("-{n}"));
            dir = PathBuf::from(numbered);
        }
        dir
    }

    /// The commit the story was made from, when storyboard made it.
    pub(crate) fn story_base(&self, repo: &Repo, story: &StoryName) -> Option<Id> {
        repo.config_value(&format!("branch.{}.{BASE_KEY}", story.branch))?
            .parse()
            .ok()
    }
}

/// Moves aside every worktree under `base/<repository>/` whose repository is
/// gone (its `.git` file names a git directory that no longer exists): a
/// deleted clone's leftovers would otherwise block a new story at that path.
/// They go to `base/orphaned/`, whole: uncommitted work in them is the only
/// copy there is.
fn set_aside_orphans(base: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut moved = Vec::new();
    let Ok(repos) = std::fs::read_dir(base) else {
        return moved;
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for repo_dir in repos.flatten() {
        if repo_dir.file_name() == "orphaned" {
            continue;
        }
        let Ok(worktrees) = std::fs::read_dir(repo_dir.path()) else {
            continue;
        };
        for wt in worktrees.flatten() {
            let dot_git = wt.path().join(".git");
            let Ok(text) = std::fs::read_to_string(&dot_git) else {
                continue;
            };
            let Some(gitdir) = text.trim().strip_prefix("gitdir:").map(str::trim) else {
                continue;
            };
            if Path::new(gitdir).exists() {
                continue;
            }
            let to = base.join("orphaned").join(format!(
                "{}-{}-{stamp}",
                repo_dir.file_name().to_string_lossy(),
                wt.file_name().to_string_lossy()
            ));
            let moved_ok = to
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::rename(wt.path(), &to));
            if moved_ok.is_ok() {
                moved.push((wt.path(), to));
            }
        }
    }
    moved
}
