//! The environment tree of a deployment: reused from an earlier deployment of
//! the same source, patched from the last one when only a few files changed, or
//! rendered whole.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::{Deployer, Deployment, EnvState, Result};
use crate::config::Environment;
use crate::git::Id;

/// How many commits back an earlier render of a source is looked for.
const REUSE_LIMIT: usize = 200;

impl Deployer<'_> {
    /// The environment tree for `source`, the files rendered, and whether only
    /// changed files were.
    pub(super) fn render_tree(
        &self,
        env: &Environment,
        state: &EnvState,
        source: Id,
        fingerprint: &str,
    ) -> Result<(Id, usize, bool)> {
        // Switching back and forth, the environment's history already holds this
        // source rendered under the same settings: its tree is the render.
        if let Some(tree) = self.rendered_before(state, source, fingerprint)? {
            return Ok((tree, 0, true));
        }
        // A deployment is a base for rendering only while it is what the
        // environment holds: edits made after it changed the tree.
        let base = state
            .last
            .as_ref()
            .filter(|d| d.render.as_deref() == Some(fingerprint))
            .filter(|_| state.after.is_empty());
        self.render_onto(env, source, base)
    }

    /// When the last deployment was rendered by the same transform and no file
    /// that decides names (model files, the manifest) changed, only the changed
    /// files are rendered and patched into its tree: the rest would render to the
    /// same bytes.
    fn render_onto(
        &self,
        env: &Environment,
        source: Id,
        base: Option<&Deployment>,
    ) -> Result<(Id, usize, bool)> {
        let repo = self.repo;
        let new_tree = repo.subtree(source, self.prefix)?;
        if let Some(d) = base
            && let Ok(old_tree) = repo.subtree(d.source, self.prefix)
        {
            let changed = repo.changed_paths(old_tree, new_tree)?;
            if changed.is_empty() {
                return Ok((d.commit.tree, 0, true));
            }
            if !changed.iter().any(|p| crate::env::decides_names(p)) {
                // The files that decide names are unchanged, so their rendered bytes
                // are already in the deployed tree; they are read only for the maps.
                let mut wanted: BTreeSet<PathBuf> =
                    super::name_paths(repo, new_tree)?.into_iter().collect();
                let heads = wanted.clone();
                wanted.extend(changed.iter().cloned());
                let subset = repo.files(new_tree, Some(&wanted))?;
                let mut rendered = self.render_files(&subset, env)?;
                rendered
                    .files
                    .retain(|p, _| changed.contains(p) && !heads.contains(p));
                let remove: Vec<PathBuf> = changed.iter().cloned().collect();
                let tree = repo.patch_tree(d.commit.tree, &remove, &rendered)?;
                return Ok((tree, changed.len(), true));
            }
        }
        let files = repo.files(new_tree, None)?;
        let rendered = self.render_files(&files, env)?;
        Ok((repo.write_files(&rendered)?, files.files.len(), false))
    }

    /// The tree of an earlier deployment of `source` on the environment's branch,
    /// rendered under the same settings (`fingerprint`), if there is one recently.
    fn rendered_before(
        &self,
        state: &EnvState,
        source: Id,
        fingerprint: &str,
    ) -> Result<Option<Id>> {
        let mut next = state.tip;
        for _ in 0..REUSE_LIMIT {
            let Some(id) = next else { break };
            let commit = self.repo.commit(id)?;
            if let Some(d) = Deployment::of(&commit, &state.environment)
                && d.source == source
                && d.render.as_deref() == Some(fingerprint)
            {
                return Ok(Some(commit.tree));
            }
            next = commit.parents.first().copied();
        }
        Ok(None)
    }
}

/// Changes whenever the environment's transform, what the leak guard protects (every
/// protected environment), or this program does: a deployment made under other
/// settings is never reused as the base of an incremental render.
pub fn render_fingerprint(env: &Environment, all: &[Environment]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // What the render depends on: how to tell Looker is not part of it.
    let transform = |e: &Environment| {
        format!(
            "{:?}",
            Environment {
                looker: None,
                ..e.clone()
            }
        )
    };
    transform(env).hash(&mut h);
    for protected in all.iter().filter(|e| e.protected) {
        transform(protected).hash(&mut h);
    }
    env!("CARGO_PKG_VERSION").hash(&mut h);
    format!("{:016x}", h.finish())
}
