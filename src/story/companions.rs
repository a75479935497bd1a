//! A story across the companion repositories: the same branch made in each
//! companion's clone (checked out in a worktree beside the story's), each
//! one's state for `story list`, pushed by `story pr` with a compare URL of
//! its own, and its changed files for `diff`.
//!
//! A companion not cloned here is named with what to do and never stops the
//! LookML story: the LookML is the story's home, the companions follow it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Pushed, Result, StoryName, Workspace, worktree_name};
use crate::companion::CompanionClone;
use crate::git::{Expected, Id, RemoteError, Repo};
use crate::pipeline::contains::{Containment, StoryMarks};
use crate::refs;

/// What `story new` did in one companion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanionMade {
    /// The branch made from the companion's main, checked out at `worktree`.
    Made {
        name: String,
        base: Id,
        worktree: PathBuf,
    },
    /// The branch was there already (made by hand, or the key taken up again).
    Exists { name: String },
    /// Nothing made: why, and what to do.
    Skipped { name: String, why: String },
}

impl fmt::Display for CompanionMade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompanionMade::Made {
                name,
                base,
                worktree,
            } => writeln!(
                f,
                "companion {name}: made the branch from its main ({}) in {}",
                base.short(),
                worktree.display()
            ),
            CompanionMade::Exists { name } => {
                writeln!(
                    f,
                    "companion {name}: the story's branch exists already, kept"
                )
            }
            CompanionMade::Skipped { name, why } => {
                writeln!(f, "companion {name}: no branch made: {why}")
            }
        }
    }
}

/// A story's state in one companion, for `story list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanionState {
    /// The companion is cloned here (nothing else is known when it is not).
    pub cloned: bool,
    /// The story's branch exists in the clone.
    pub branch: bool,
    /// Commits on the branch that the companion's main (as last fetched) lacks.
    pub ahead: usize,
    /// Files with uncommitted changes where the branch is checked out.
    pub uncommitted: usize,
    pub pushed: Pushed,
    /// The companion's main holds the story's work (its commits, or a commit
    /// naming its key).
    pub merged: bool,
}

/// What `story pr` did in one companion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanionPr {
    pub name: String,
    pub remote: String,
    /// The commit pushed; `None` when nothing was (see `note`).
    pub pushed: Option<Id>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// The push was tried and failed (`note` says why); a companion not
    /// cloned here or without the story's branch is not a failure.
    pub failed: bool,
}

/// The files a story changes in one companion (its branch against the
/// companion's main), for `diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanionFiles {
    pub name: String,
    pub files: Vec<PathBuf>,
    /// Why there is nothing to list (not cloned, no branch).
    pub note: Option<String>,
}

impl fmt::Display for CompanionFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.note {
            Some(note) => writeln!(f, "companion {}: {note}", self.name),
            None if self.files.is_empty() => {
                writeln!(f, "companion {}: no files changed", self.name)
            }
            None => {
                writeln!(
                    f,
                    "companion {}: {} file(s) changed",
                    self.name,
                    self.files.len()
                )?;
                for p in &self.files {
                    writeln!(f, "  {}", p.display())?;
                }
                Ok(())
            }
        }
    }
}

/// The marks by which a companion's history shows a story: its branch's head
/// when the branch has commits of its own, and its key in subjects.
pub(crate) fn marks_in(
    clone: &CompanionClone,
    key: &str,
    branch: &str,
    main: Option<Id>,
) -> Result<StoryMarks> {
    let mut heads = Vec::new();
    if let Some(head) = clone.branch_rev(branch)? {
        let own = match main {
            Some(m) => clone.repo.ahead_behind(head, m)?.0 > 0,
            None => true,
        };
        if own {
            heads.push(head);
        }
    }
    Ok(StoryMarks {
        key: key.to_string(),
        branch: branch.to_string(),
        heads,
    })
}

/// Which of `stories` each of `tips` holds in a companion's history. The
/// walk's cache is the companion's own.
pub(crate) fn companion_containment(
    ws: &Workspace,
    clone: &CompanionClone,
    marks: &[StoryMarks],
    tips: &[Id],
) -> Result<Containment> {
    let mut tips = tips.to_vec();
    tips.sort();
    tips.dedup();
    let path = ws
        .state_dir()
        .join(format!("commit-cache-companion-{}", clone.companion.name));
    let mut cache = crate::git::LogCache::load(&path);
    let log = clone.repo.log(&tips, &mut cache)?;
    cache.save();
    Ok(Containment::of(&log, marks))
}

impl Workspace {
    /// Each companion's clone that exists here, and for the others the
    /// message saying how to make one.
    pub(crate) fn companion_clones_here(
        &self,
        repo: &Repo,
    ) -> Result<Vec<std::result::Result<CompanionClone, (String, String)>>> {
        if self.config.companions.is_empty() {
            return Ok(Vec::new());
        }
        let workdir = self.main_workdir(repo)?;
        Ok(self
            .config
            .companions
            .iter()
            .map(|c| {
                CompanionClone::open(&self.config, &workdir, c)
                    .map_err(|e| (c.name.clone(), e.to_string()))
            })
            .collect())
    }

    /// Where a story's worktree of a companion goes: beside the story's own,
    /// under the companion clone's directory name.
    fn companion_worktree(&self, clone: &CompanionClone, story: &StoryName) -> PathBuf {
        let own = self.worktree_path(story);
        let base = own
            .parent()
            .and_then(Path::parent)
            .map_or_else(|| own.clone(), Path::to_path_buf);
        let dir = clone
            .path
            .file_name()
            .map_or_else(|| clone.companion.name.clone().into(), PathBuf::from);
        base.join(dir).join(worktree_name(&story.branch))
    }

    /// Makes the story's branch in every companion cloned here, from its
    /// main as last fetched (fetched first when it can be). Never fails: a
    /// companion where nothing could be made says why.
    pub(crate) fn new_in_companions(&self, repo: &Repo, story: &StoryName) -> Vec<CompanionMade> {
        let clones = match self.companion_clones_here(repo) {
            Ok(c) => c,
            Err(e) => {
                return vec![CompanionMade::Skipped {
                    name: "(all)".to_string(),
                    why: e.to_string(),
                }];
            }
        };
        let prefix = self.config.project.release_prefix();
        clones
            .into_iter()
            .map(|clone| match clone {
                Err((name, why)) => CompanionMade::Skipped { name, why },
                Ok(clone) => {
                    let name = clone.companion.name.clone();
                    self.new_in_companion(&clone, story, prefix)
                        .unwrap_or_else(|e| CompanionMade::Skipped {
                            name,
                            why: e.to_string(),
                        })
                }
            })
            .collect()
    }

    fn new_in_companion(
        &self,
        clone: &CompanionClone,
        story: &StoryName,
        prefix: &str,
    ) -> Result<CompanionMade> {
        let name = clone.companion.name.clone();
        let _lock = clone.lock()?;
        if clone.branch_rev(&story.branch)?.is_some() {
            return Ok(CompanionMade::Exists { name });
        }
        // Offline, the main last fetched will do; never fetched, there is none.
        if let Err(e) = clone.fetch(prefix) {
            tracing::info!("fetching companion {name}: {e}");
        }
        let base = clone.main_rev()?;
        let path = self.companion_worktree(clone, story);
        if path.exists() {
            return Err(crate::story::StoryError::refused(
                format!("{} exists already", path.display()),
                format!(
                    "move it away, then make the branch by hand: `git -C {} worktree add -b {} {} {}`",
                    clone.path.display(),
                    story.branch,
                    path.display(),
                    base
                ),
            ));
        }
        clone
            .repo
            .add_worktree(&worktree_name(&story.branch), &path, &story.branch, base)?;
        clone.repo.set_config_value(
            &format!("branch.{}.storyboardbase", story.branch),
            &base.to_string(),
        )?;
        Ok(CompanionMade::Made {
            name,
            base,
            worktree: path,
        })
    }

    /// Each story's state in each companion, by companion name, in the order
    /// of `stories`. Empty maps when no companion is configured.
    pub(crate) fn companion_states(
        &self,
        repo: &Repo,
        stories: &[StoryName],
    ) -> Result<Vec<BTreeMap<String, CompanionState>>> {
        let mut out = vec![BTreeMap::new(); stories.len()];
        for clone in self.companion_clones_here(repo)? {
            let clone = match clone {
                Ok(c) => c,
                Err((name, _)) => {
                    for map in &mut out {
                        map.insert(
                            name.clone(),
                            CompanionState {
                                cloned: false,
                                branch: false,
                                ahead: 0,
                                uncommitted: 0,
                                pushed: Pushed::No,
                                merged: false,
                            },
                        );
                    }
                    continue;
                }
            };
            let main = clone.main_rev().ok();
            let marks = stories
                .iter()
                .map(|s| marks_in(&clone, &s.key, &s.branch, main))
                .collect::<Result<Vec<_>>>()?;
            let contained = match main {
                Some(m) => Some(companion_containment(self, &clone, &marks, &[m])?),
                None => None,
            };
            let checked_out = checked_out_branches(&clone)?;
            for (i, story) in stories.iter().enumerate() {
                let head = clone.branch_rev(&story.branch)?;
                let ahead = match (head, main) {
                    (Some(h), Some(m)) => clone.repo.ahead_behind(h, m)?.0,
                    _ => 0,
                };
                let uncommitted = match checked_out.get(&story.branch) {
                    Some(p) if p.exists() => Repo::open(p)?.uncommitted()?.len(),
                    _ => 0,
                };
                let pushed = match (head, clone.repo.ref_target(&refs::pushed(&story.branch))?) {
                    (Some(h), Some(p)) if h == p => Pushed::Yes,
                    (Some(h), Some(p)) => Pushed::Ahead(clone.repo.ahead_behind(h, p)?.0),
                    _ => Pushed::No,
                };
                let merged = match (main, &contained) {
                    (Some(m), Some(c)) => c.contains(m, &story.key),
                    _ => false,
                };
                out[i].insert(
                    clone.companion.name.clone(),
                    CompanionState {
                        cloned: true,
                        branch: head.is_some(),
                        ahead,
                        uncommitted,
                        pushed,
                        merged,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Pushes the story's branch of every companion cloned here that has one,
    /// never forcing: over what was pushed before, or where the remote has
    /// no such branch, or over a branch there that the story's head extends.
    pub(crate) fn pr_companions(&self, repo: &Repo, story: &StoryName) -> Result<Vec<CompanionPr>> {
        let mut out = Vec::new();
        for clone in self.companion_clones_here(repo)? {
            let clone = match clone {
                Ok(c) => c,
                Err((name, why)) => {
                    out.push(CompanionPr {
                        name,
                        remote: String::new(),
                        pushed: None,
                        url: None,
                        note: Some(why),
                        failed: false,
                    });
                    continue;
                }
            };
            let name = clone.companion.name.clone();
            let _lock = clone.lock()?;
            let remote = clone.repo.remote(&clone.companion.remote);
            let Some(head) = clone.branch_rev(&story.branch)? else {
                out.push(CompanionPr {
                    name,
                    remote: remote.spec.clone(),
                    pushed: None,
                    url: None,
                    note: Some(format!(
                        "no branch {} there: nothing to push (make it with `git -C {} switch -c {}` if the story changes it)",
                        story.branch,
                        clone.path.display(),
                        story.branch
                    )),
                    failed: false,
                });
                continue;
            };
            match push_story(&clone, &story.branch, head) {
                Ok(()) => {
                    let recorded = refs::pushed(&story.branch);
                    let before = clone.repo.ref_target(&recorded)?;
                    clone
                        .repo
                        .set_ref(&recorded, head, before, "storyboard: pr")?;
                    out.push(CompanionPr {
                        name,
                        url: super::compare_url(
                            &remote.url,
                            None,
                            &clone.companion.main,
                            &story.branch,
                        ),
                        remote: remote.spec.clone(),
                        pushed: Some(head),
                        note: None,
                        failed: false,
                    });
                }
                Err(why) => out.push(CompanionPr {
                    name,
                    remote: remote.spec.clone(),
                    pushed: None,
                    url: None,
                    note: Some(why),
                    failed: true,
                }),
            }
        }
        Ok(out)
    }

    /// The files the story's branch changes in each companion, against the
    /// companion's main as last fetched (from where they part).
    pub fn companion_files(&self, wanted: &str) -> Result<Vec<CompanionFiles>> {
        let repo = self.repo()?;
        let story = self.find(&repo, wanted)?;
        let mut out = Vec::new();
        for clone in self.companion_clones_here(&repo)? {
            let clone = match clone {
                Ok(c) => c,
                Err((name, _)) => {
                    out.push(CompanionFiles {
                        name,
                        files: Vec::new(),
                        note: Some(
                            "not cloned here (`storyboard check` says where it is looked for)"
                                .to_string(),
                        ),
                    });
                    continue;
                }
            };
            let name = clone.companion.name.clone();
            let Some(head) = clone.branch_rev(&story.branch)? else {
                out.push(CompanionFiles {
                    name,
                    files: Vec::new(),
                    note: Some(format!("no branch {}", story.branch)),
                });
                continue;
            };
            // Never fetched: the diff is still worth printing, with why this
            // part of it is missing.
            let main = match clone.main_rev() {
                Ok(m) => m,
                Err(e) => {
                    out.push(CompanionFiles {
                        name,
                        files: Vec::new(),
                        note: Some(e.to_string()),
                    });
                    continue;
                }
            };
            let base = clone.repo.merge_base_of(head, main)?.unwrap_or(main);
            let (old, new) = (clone.repo.commit(base)?.tree, clone.repo.commit(head)?.tree);
            out.push(CompanionFiles {
                name,
                files: clone.repo.changed_paths(old, new)?.into_iter().collect(),
                note: None,
            });
        }
        Ok(out)
    }
}

/// Where each branch of a companion's clone is checked out: its linked
/// worktrees (the main checkout is not a story's).
fn checked_out_branches(clone: &CompanionClone) -> Result<BTreeMap<String, PathBuf>> {
    Ok(clone
        .repo
        .worktrees()?
        .into_iter()
        .filter_map(|w| Some((w.branch?.strip_prefix("refs/heads/")?.to_string(), w.path)))
        .collect())
}

/// Pushes `head` as the companion's `branch`, compare-and-swap: over what
/// `story pr` pushed before, else where there is none; a branch there that
/// `head` does not extend is refused, never overwritten. The error is for
/// people.
fn push_story(clone: &CompanionClone, branch: &str, head: Id) -> std::result::Result<(), String> {
    let remote = clone.repo.remote(&clone.companion.remote);
    let target = format!("refs/heads/{branch}");
    let before = clone
        .repo
        .ref_target(&refs::pushed(branch))
        .map_err(|e| e.to_string())?;
    let expected = before.map_or(Expected::Absent, Expected::At);
    match clone.repo.push_expecting(&remote, head, &target, expected) {
        Ok(()) => return Ok(()),
        Err(RemoteError::Rejected { .. }) => {}
        Err(e) => return Err(e.to_string()),
    }
    // The remote's branch is not what was pushed before (pushed by hand, or
    // by someone else): read it, and go over it only when the story's head
    // extends it.
    let fetched = refs::companion_story(branch);
    clone
        .repo
        .fetch(&remote, &[format!("+{target}:{fetched}")])
        .map_err(|e| e.to_string())?;
    let there = clone.repo.ref_target(&fetched).map_err(|e| e.to_string())?;
    let refusal = |at: &str| {
        format!(
            "{branch} on {} is at {at}, which the story's head {} does not contain: nothing was pushed over it; merge it into the story's branch (`git -C {} merge {fetched}`), then run `story pr` again",
            remote.spec,
            head.short(),
            clone.path.display()
        )
    };
    match there {
        Some(t) if t == head => Ok(()),
        Some(t) if clone.repo.is_ancestor(t, head).map_err(|e| e.to_string())? => clone
            .repo
            .push_expecting(&remote, head, &target, Expected::At(t))
            .map_err(|e| e.to_string()),
        Some(t) => Err(refusal(&t.short())),
        None => Err(refusal("an unknown commit")),
    }
}
