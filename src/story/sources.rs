//! The trees a semantic diff compares that only stories know: a story as it is now
//! (its worktree, uncommitted edits included), the main it grew from, and what an
//! environment holds, unrendered back to canonical form.

use std::path::{Path, PathBuf};

use super::{Result, StoryError, StoryName, Workspace};
use crate::fileset::FileSet;
use crate::git::{Id, Repo};
use crate::semdiff::{self, Diff, Options, ParseCache};

/// LookML files as (path in the project, bytes): what the diff reads.
pub type LookmlFiles = Vec<(PathBuf, Vec<u8>)>;

impl Workspace {
    /// The story's LookML files: its worktree's, uncommitted edits included, or its
    /// head's when it has no worktree.
    pub fn story_files(&self, repo: &Repo, story: &StoryName) -> Result<LookmlFiles> {
        if let Some(wt) = self.worktree_of(repo, &story.branch)?
            && wt.path.exists()
        {
            let dir = self.project_dir(&wt.path);
            let files = FileSet::read_dir(&dir).map_err(|e| {
                crate::git::GitError::other(format!("cannot read {}", dir.display()), e.to_string())
            })?;
            return Ok(files.into_lookml());
        }
        let head = self.story_head(repo, story)?;
        Ok(repo
            .files(repo.subtree(head, &self.prefix)?, None)?
            .into_lookml())
    }

    /// The files of the story NAME means, if it names one.
    pub fn story_source(&self, wanted: &str) -> Result<Option<LookmlFiles>> {
        let repo = self.repo()?;
        let stories = self.stories(&repo)?;
        match super::name::find(&stories, wanted) {
            super::name::Found::One(story) => Ok(Some(self.story_files(&repo, story)?)),
            super::name::Found::Ambiguous(_) => self.find(&repo, wanted).map(|_| None),
            // A finished story is still named by its record.
            super::name::Found::None { .. } => {
                let wanted = wanted.strip_prefix("refs/heads/").unwrap_or(wanted);
                let record = self
                    .story_records()?
                    .into_iter()
                    .find(|r| r.key.eq_ignore_ascii_case(wanted) || r.branch == wanted);
                match record {
                    Some(r) => Ok(Some(
                        repo.files(repo.subtree(r.head, &self.prefix)?, None)?
                            .into_lookml(),
                    )),
                    None => Ok(None),
                }
            }
        }
    }

    /// What a story changes against main: its semantic diff. `cache` keeps parsed
    /// files between calls, so a repeated diff parses only what changed.
    pub fn story_diff_with(&self, wanted: &str, cache: &mut ParseCache) -> Result<Diff> {
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        self.story_diff_cached(&repo, &story, false, true, cache)
    }

    /// What the story's commits change against main: what `story pr` pushes,
    /// without the worktree's uncommitted edits.
    pub(crate) fn story_diff(
        &self,
        repo: &Repo,
        story: &StoryName,
        comments: bool,
    ) -> Result<Diff> {
        self.story_diff_cached(repo, story, comments, false, &mut ParseCache::new())
    }

    /// Only the files the story changed (committed or not, found from the trees and
    /// git's status, without reading the others) and the files every diff needs
    /// (model files, for explores and includes, and the manifest) are read and
    /// parsed: a 5,000-file project's story diff costs what the story changed, in
    /// time and in memory.
    fn story_diff_cached(
        &self,
        repo: &Repo,
        story: &StoryName,
        comments: bool,
        with_worktree: bool,
        cache: &mut ParseCache,
    ) -> Result<Diff> {
        let head = self.story_head(repo, story)?;
        let main = self.main_commit(repo)?;
        let base = repo.merge_base_of(head, main)?.unwrap_or(main);
        let (base_tree, head_tree) = (
            repo.subtree(base, &self.prefix)?,
            repo.subtree(head, &self.prefix)?,
        );
        let worktree = self
            .worktree_of(repo, &story.branch)?
            .filter(|w| with_worktree && w.path.exists());
        let mut uncommitted = Vec::new();
        if let Some(wt) = &worktree {
            for path in Repo::open(&wt.path)?.uncommitted()? {
                if let Ok(inside) = path.strip_prefix(&self.prefix) {
                    uncommitted.push(inside.to_path_buf());
                }
            }
        }
        let wanted = diff_paths(repo, base_tree, head_tree, uncommitted)?;
        let old_files = repo.files(base_tree, Some(&wanted))?.into_lookml();
        let new_files = match &worktree {
            Some(wt) => {
                let dir = self.project_dir(&wt.path);
                let mut files = Vec::new();
                for path in &wanted {
                    if let Some(bytes) = read_if_present(&dir, path)? {
                        files.push((path.clone(), bytes));
                    }
                }
                files
            }
            None => repo.files(head_tree, Some(&wanted))?.into_lookml(),
        };
        // Files that do not parse are the diff's to list as not compared.
        let old = cache.load(&old_files);
        let new = cache.load(&new_files);
        Ok(semdiff::diff(&old, &new, &Options { comments }))
    }

    /// The semantic diff between two canonical commits (`None`: an empty
    /// project), reading only the files that differ and those every diff needs.
    pub(crate) fn commits_diff(&self, repo: &Repo, old: Option<Id>, new: Id) -> Result<Diff> {
        let old_tree = match old {
            Some(id) => repo.subtree(id, &self.prefix)?,
            None => repo.empty_tree()?,
        };
        let new_tree = repo.subtree(new, &self.prefix)?;
        let wanted = diff_paths(repo, old_tree, new_tree, Vec::new())?;
        let mut cache = ParseCache::new();
        let old = cache.load(&repo.files(old_tree, Some(&wanted))?.into_lookml());
        let new = cache.load(&repo.files(new_tree, Some(&wanted))?.into_lookml());
        Ok(semdiff::diff(&old, &new, &Options { comments: false }))
    }

    /// What an environment holds (as last fetched), unrendered to canonical form.
    pub fn environment_files(&self, name: &str) -> Result<LookmlFiles> {
        let repo = self.repo()?;
        let env = self.config.environment(name).ok_or_else(|| {
            StoryError::refused(
                format!("no environment `{name}`"),
                format!(
                    "environments: {}",
                    self.config
                        .environments
                        .iter()
                        .map(|e| e.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        Ok(self.deployer(&repo).canonical_files(env)?.into_lookml())
    }
}

/// The LookML files a diff of two trees must read: those that differ (and
/// `also`, uncommitted edits), and the model files and manifest, which decide
/// what every other file means.
fn diff_paths(
    repo: &Repo,
    old: Id,
    new: Id,
    also: Vec<PathBuf>,
) -> Result<std::collections::BTreeSet<PathBuf>> {
    let mut wanted = repo.changed_paths(old, new)?;
    wanted.extend(also);
    for tree in [old, new] {
        wanted.extend(crate::deploy::name_paths(repo, tree)?);
    }
    wanted.retain(|p| crate::lookml::Dialect::of(p).is_some());
    Ok(wanted)
}

/// A worktree file's bytes, or `None` when it does not exist (deleted is a state).
pub(crate) fn read_if_present(dir: &Path, path: &Path) -> Result<Option<Vec<u8>>> {
    // A link is no LookML of its own (the tree's side leaves links out too):
    // the file it points at is read where it is.
    if std::fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(None);
    }
    match std::fs::read(dir.join(path)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(crate::git::GitError::other(
            format!("cannot read {}", dir.join(path).display()),
            e.to_string(),
        )
        .into()),
    }
}
