//! The trees a semantic diff compares that only stories know: a story as it is now
//! (its worktree, uncommitted edits included), the main it grew from, and what an
//! environment holds, unrendered back to canonical form.

use std::path::{Path, PathBuf};

use super::deploy::env_state;
use super::{Result, StoryError, StoryName, Workspace, env_ref};
use crate::fileset::FileSet;
use crate::git::Repo;
use crate::semdiff::{self, Diff, Options, ParseCache, Snapshot};

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
            return Ok(lookml_only(files));
        }
        let head = self.story_head(repo, story)?;
        Ok(lookml_only(
            repo.files(repo.subtree(head, &self.prefix)?, None)?,
        ))
    }

    /// The files of the story NAME means, if it names one.
    pub fn story_source(&self, wanted: &str) -> Result<Option<LookmlFiles>> {
        let repo = self.repo()?;
        let stories = self.stories(&repo)?;
        match super::name::find(&stories, wanted) {
            super::name::Found::One(story) => Ok(Some(self.story_files(&repo, story)?)),
            super::name::Found::Ambiguous(_) => self.find(&repo, wanted).map(|_| None),
            super::name::Found::None { .. } => Ok(None),
        }
    }

    /// The LookML files of main where the story left it (their merge base).
    pub fn story_base_files(&self, repo: &Repo, story: &StoryName) -> Result<LookmlFiles> {
        let head = self.story_head(repo, story)?;
        let main = self.main_commit(repo)?;
        let base = repo.merge_base_of(head, main)?.unwrap_or(main);
        Ok(lookml_only(
            repo.files(repo.subtree(base, &self.prefix)?, None)?,
        ))
    }

    /// What a story changes against main: its semantic diff. `cache` keeps parsed
    /// files between calls, so a repeated diff parses only what changed.
    pub fn story_diff_with(&self, wanted: &str, cache: &mut ParseCache) -> Result<Diff> {
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        let old = snapshot(
            cache,
            &self.story_base_files(&repo, &story)?,
            Path::new("main"),
        )?;
        let new = snapshot(
            cache,
            &self.story_files(&repo, &story)?,
            Path::new(&story.branch),
        )?;
        Ok(semdiff::diff(&old, &new, &Options { comments: false }))
    }

    pub(crate) fn story_diff(
        &self,
        repo: &Repo,
        story: &StoryName,
        comments: bool,
    ) -> Result<Diff> {
        let mut cache = ParseCache::new();
        let old = snapshot(
            &mut cache,
            &self.story_base_files(repo, story)?,
            Path::new("main"),
        )?;
        let new = snapshot(
            &mut cache,
            &self.story_files(repo, story)?,
            Path::new(&story.branch),
        )?;
        Ok(semdiff::diff(&old, &new, &Options { comments }))
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
        let tip = repo.ref_target(&env_ref(env))?.ok_or_else(|| {
            StoryError::refused(
                format!("`{name}` has not been fetched"),
                "run `storyboard story fetch` (or publish to it) first",
            )
        })?;
        let state = env_state(&repo, env, Some(tip))?;
        let reference = match &state.last {
            Some(d) => repo
                .subtree(d.source, &self.prefix)
                .and_then(|t| repo.files(t, None))
                .ok(),
            None => None,
        };
        let files = repo.files(repo.commit(tip)?.tree, None)?;
        let canonical = crate::env::unrender(&files, env, reference.as_ref()).map_err(|error| {
            StoryError::Render {
                env: env.name.clone(),
                error,
            }
        })?;
        Ok(lookml_only(canonical.files))
    }
}

fn lookml_only(files: FileSet) -> LookmlFiles {
    files
        .files
        .into_iter()
        .filter(|(p, _)| crate::lookml::Dialect::of(p).is_some())
        .map(|(p, e)| (p, e.bytes))
        .collect()
}

fn snapshot(cache: &mut ParseCache, files: &LookmlFiles, shown: &Path) -> Result<Snapshot> {
    let snapshot = cache.load(files);
    match snapshot.errors() {
        [] => Ok(snapshot),
        errors => Err(StoryError::refused(
            errors
                .iter()
                .map(|d| {
                    let mut d = d.clone();
                    d.file = shown.join(&d.file);
                    d.to_string()
                })
                .collect::<Vec<_>>()
                .join("\n"),
            "fix the LookML above; the diff needs every file to parse",
        )),
    }
}
