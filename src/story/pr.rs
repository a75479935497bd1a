//! Preparing a pull request: the story pushed to the team remote (or your fork),
//! the hosting service's compare URL, and the story's semantic diff as Markdown for
//! the description.

use std::path::{Path, PathBuf};

use super::status::pushed_ref;
use super::{Progress, Result, Workspace, step, worktree_name};
use crate::git::Id;

/// What `story pr` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrReport {
    pub story: String,
    pub remote: String,
    pub pushed: Id,
    /// Where to open the pull request, when the host is known.
    pub url: Option<String>,
    /// The pull request's title: the story's key first, so that a squash merge
    /// (whose commit takes the title) still names the story.
    pub title: String,
    /// The Markdown description written.
    pub description: PathBuf,
    pub changes: usize,
    /// Files with uncommitted changes in the story's worktree: neither pushed
    /// nor described.
    pub uncommitted: usize,
    /// Why the story's record could not be pushed with it (it is kept here).
    pub record_unshared: Option<String>,
    /// The story's branch of each companion repository, pushed (or why not).
    pub companions: Vec<super::CompanionPr>,
}

impl PrReport {
    /// Each companion whose story branch failed to push, and why: half a pull
    /// request, which the command line and the TUI report as a failure.
    pub fn failures(&self) -> Vec<String> {
        self.companions
            .iter()
            .filter(|c| c.failed)
            .map(|c| {
                format!(
                    "companion {}: {}",
                    c.name,
                    c.note.as_deref().unwrap_or("not pushed")
                )
            })
            .collect()
    }
}

impl Workspace {
    /// Pushes a story (the current one by default) and prepares its pull request.
    pub fn pr(&self, wanted: Option<&str>, progress: Progress<'_>) -> Result<PrReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let story = self.current_or(&repo, wanted)?;
        let head = self.story_head(&repo, &story)?;
        let spec = self
            .config
            .personal
            .fork
            .clone()
            .unwrap_or_else(|| self.config.project.remote.clone());
        let remote = repo.remote(&spec);
        step(
            progress,
            format!("pushing {} to {}", story.branch, remote.spec),
            0,
            2,
        );
        repo.push(&remote, head, &format!("refs/heads/{}", story.branch))?;
        // The record travels with the story, so every clone can name it later;
        // the pull request does not wait on it (a remote may refuse refs outside
        // branches).
        let record_unshared = (|| {
            let main = self.main_commit(&repo)?;
            let base = self
                .story_base(&repo, &story)
                .or(repo.merge_base_of(head, main)?)
                .unwrap_or(main);
            self.record_story(&repo, &story, base, head, false)?;
            self.push_record(&repo, &remote, &story.key)
        })()
        .err()
        .map(|e| e.to_string());
        let recorded = pushed_ref(&story.branch);
        let previous = repo.ref_target(&recorded)?;
        repo.set_ref(&recorded, head, previous, "storyboard: pr")?;
        if !self.config.companions.is_empty() {
            step(progress, "pushing the story's companion branches", 1, 2);
        }
        let companions = self.pr_companions(&repo, &story)?;
        step(progress, "writing the description", 1, 2);
        let diff = self.story_diff(&repo, &story, false)?;
        let first = self.first_own_subject(&repo, &story, head);
        let title = pr_title(&story.key, &story.slug, first.as_deref());
        let team_url = repo.remote(&self.config.project.remote).url;
        let url = compare_url(
            &team_url,
            self.config
                .personal
                .fork
                .as_ref()
                .map(|_| remote.url.as_str()),
            &self.config.project.main,
            &story.branch,
        )
        .map(|u| with_title(&u, &title));
        let companions: Vec<super::CompanionPr> = companions
            .into_iter()
            .map(|mut c| {
                c.url = c.url.map(|u| with_title(&u, &title));
                c
            })
            .collect();
        // One description per repository, each naming the story's other
        // pull requests, so a reviewer of one finds the rest.
        let dir = self.state_dir().join("pr");
        let name = worktree_name(&story.branch);
        let lookml = ("LookML".to_string(), url.clone());
        let parts: Vec<(String, Option<String>)> = std::iter::once(lookml)
            .chain(
                companions
                    .iter()
                    .filter(|c| c.pushed.is_some())
                    .map(|c| (c.name.clone(), c.url.clone())),
            )
            .collect();
        let markdown = format!(
            "# {title}\n\n{}\n{}\n{}",
            story.branch,
            goes_with(&parts, "LookML"),
            crate::semdiff::render::markdown(&diff)
        );
        let description = dir.join(format!("{name}.md"));
        write_description(&description, &markdown)?;
        for c in companions.iter().filter(|c| c.pushed.is_some()) {
            let text = format!(
                "# {title}\n\n{}\n{}",
                story.branch,
                goes_with(&parts, &c.name)
            );
            write_description(&dir.join(format!("{name}.{}.md", c.name)), &text)?;
        }
        Ok(PrReport {
            story: story.branch.clone(),
            remote: remote.spec,
            pushed: head,
            url,
            title,
            description,
            changes: diff.changes.iter().filter(|c| c.counts()).count(),
            uncommitted: self.uncommitted_in(&repo, &story)?,
            record_unshared,
            companions,
        })
    }
}

/// The lines naming the story's pull requests in the other repositories
/// (`parts` less `own`), or nothing when there are none.
fn goes_with(parts: &[(String, Option<String>)], own: &str) -> String {
    let others: Vec<String> = parts
        .iter()
        .filter(|(name, _)| name != own)
        .map(|(name, url)| match url {
            Some(u) => format!("- {name}: {u}"),
            None => format!("- {name}: the same branch"),
        })
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!("\nGoes with:\n{}\n", others.join("\n"))
    }
}

fn write_description(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            crate::git::GitError::other(format!("cannot create {}", dir.display()), e.to_string())
        })?;
    }
    std::fs::write(path, text).map_err(|e| {
        crate::git::GitError::other(format!("cannot write {}", path.display()), e.to_string())
    })?;
    Ok(())
}

impl Workspace {
    /// The subject of the story's first commit of its own (following first
    /// parents back to its base), if it has one.
    fn first_own_subject(
        &self,
        repo: &crate::git::Repo,
        story: &super::StoryName,
        head: Id,
    ) -> Option<String> {
        let base = self.story_base(repo, story);
        let mut first = None;
        let mut next = Some(head);
        for _ in 0..10_000 {
            let Some(id) = next.filter(|id| Some(*id) != base) else {
                break;
            };
            let commit = repo.commit(id).ok()?;
            if base.is_none() && commit.parents.len() > 1 {
                break;
            }
            next = commit.parents.first().copied();
            first = Some(commit.summary().to_string());
        }
        first
    }
}

/// A pull request title that starts with the story's key: the first commit's
/// subject (without a key it already starts with), else the slug's words.
pub fn pr_title(key: &str, slug: &str, first_subject: Option<&str>) -> String {
    let rest = first_subject
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let lower = s.to_ascii_lowercase();
            let k = key.to_ascii_lowercase();
            match lower.strip_prefix(&k) {
                Some(after) if after.is_empty() || after.starts_with([' ', ':', '-', ']']) => s
                    [k.len()..]
                    .trim_start_matches([' ', ':', '-', ']'])
                    .trim()
                    .to_string(),
                _ => s.to_string(),
            }
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug.replace('-', " "));
    if rest.is_empty() {
        key.to_string()
    } else {
        format!("{key} {rest}")
    }
}

/// The compare URL with the title filled in, where the host takes one.
fn with_title(url: &str, title: &str) -> String {
    let encoded: String = title
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    if url.starts_with("https://github.com/") {
        format!("{url}&title={encoded}")
    } else if url.starts_with("https://gitlab.com/") {
        format!("{url}&merge_request%5Btitle%5D={encoded}")
    } else {
        url.to_string()
    }
}

/// The host, owner and repository path of a GitHub, GitLab or Bitbucket URL (ssh,
/// scp-like or https).
fn hosted(url: &str) -> Option<(&'static str, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("ssh://"))
        .or_else(|| url.strip_prefix("git://"))
        .unwrap_or(url);
    let rest = rest.rsplit_once('@').map(|(_, r)| r).unwrap_or(rest);
    let (host, path) = rest.split_once([':', '/'])?;
    // `ssh://git@host:22/owner/repo` has a port before the path; in the scp-like
    // `git@host:1password/repo` the same place holds an owner.
    let path = match path.split_once('/') {
        Some((port, after))
            if url.starts_with("ssh://")
                && rest[host.len()..].starts_with(':')
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            after
        }
        _ => path,
    };
    let path = path.trim_start_matches('/');
    let path = path
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .to_string();
    if path.is_empty() {
        return None;
    }
    let kind = match host {
        "github.com" => "github",
        "gitlab.com" => "gitlab",
        "bitbucket.org" => "bitbucket",
        _ => return None,
    };
    Some((kind, path))
}

/// The page that opens a pull request from `branch` into `main`. With a fork, the
/// request goes from the fork's branch into the team repository.
pub fn compare_url(team: &str, fork: Option<&str>, main: &str, branch: &str) -> Option<String> {
    let (kind, path) = hosted(team)?;
    let owner = |p: &str| {
        Path::new(p)
            .iter()
            .next()
            .map(|o| o.to_string_lossy().into_owned())
    };
    let source = match fork.and_then(hosted) {
        Some((_, fork_path)) => format!("{}:{branch}", owner(&fork_path)?),
        None => branch.to_string(),
    };
    Some(match kind {
        "github" => format!("https://github.com/{path}/compare/{main}...{source}?expand=1"),
        "gitlab" => format!(
            "https://gitlab.com/{path}/-/merge_requests/new?merge_request%5Bsource_branch%5D={branch}&merge_request%5Btarget_branch%5D={main}"
        ),
        _ => format!("https://bitbucket.org/{path}/pull-requests/new?source={branch}&dest={main}"),
    })
}

/// The page of pull request `number` of the team repository, where the host is
/// known.
pub fn pull_request_url(team: &str, number: u32) -> Option<String> {
    let (kind, path) = hosted(team)?;
    Some(match kind {
        "github" => format!("https://github.com/{path}/pull/{number}"),
        "gitlab" => format!("https://gitlab.com/{path}/-/merge_requests/{number}"),
        _ => format!("https://bitbucket.org/{path}/pull-requests/{number}"),
    })
}

#[cfg(test)]
mod tests {
    use super::{compare_url, pr_title, pull_request_url, with_title};

    #[test]
    fn pull_request_pages_for_each_host() {
        assert_eq!(
            pull_request_url("git@github.com:acme/looker.git", 12).as_deref(),
            Some("https://github.com/acme/looker/pull/12")
        );
        assert_eq!(
            pull_request_url("https://gitlab.com/acme/bi/looker.git", 3).as_deref(),
            Some("https://gitlab.com/acme/bi/looker/-/merge_requests/3")
        );
        assert_eq!(
            pull_request_url("https://bitbucket.org/acme/looker", 4).as_deref(),
            Some("https://bitbucket.org/acme/looker/pull-requests/4")
        );
        assert_eq!(pull_request_url("file:///tmp/team.git", 1), None);
    }

    #[test]
    fn titles_start_with_the_key_once() {
        assert_eq!(
            pr_title("ABC-1", "flag", Some("Add a flag")),
            "ABC-1 Add a flag"
        );
        assert_eq!(
            pr_title("ABC-1", "flag", Some("abc-1: Add a flag")),
            "ABC-1 Add a flag"
        );
        assert_eq!(
            pr_title("ABC-1", "flag", Some("ABC-12 other")),
            "ABC-1 ABC-12 other"
        );
        assert_eq!(pr_title("ABC-1", "order-flag", None), "ABC-1 order flag");
        assert_eq!(pr_title("ABC-1", "", Some("ABC-1")), "ABC-1");
        assert_eq!(
            with_title(
                "https://github.com/a/b/compare/main...x?expand=1",
                "ABC-1 Add a flag & more"
            ),
            "https://github.com/a/b/compare/main...x?expand=1&title=ABC-1%20Add%20a%20flag%20%26%20more"
        );
    }

    #[test]
    fn compare_urls_for_each_host() {
        assert_eq!(
            compare_url(
                "git@github.com:acme/looker.git",
                None,
                "main",
                "story/A-1-x"
            )
            .as_deref(),
            Some("https://github.com/acme/looker/compare/main...story/A-1-x?expand=1")
        );
        assert_eq!(
            compare_url(
                "https://github.com/acme/looker.git",
                Some("git@github.com:alice/looker.git"),
                "main",
                "story/A-1"
            )
            .as_deref(),
            Some("https://github.com/acme/looker/compare/main...alice:story/A-1?expand=1")
        );
        assert!(
            compare_url("ssh://git@gitlab.com/acme/bi/looker.git", None, "main", "s")
                .unwrap()
                .starts_with("https://gitlab.com/acme/bi/looker/-/merge_requests/new?")
        );
        assert_eq!(
            compare_url("https://bitbucket.org/acme/looker", None, "main", "s").as_deref(),
            Some("https://bitbucket.org/acme/looker/pull-requests/new?source=s&dest=main")
        );
        assert_eq!(
            compare_url("https://github.com/1password/looker.git", None, "main", "s").as_deref(),
            Some("https://github.com/1password/looker/compare/main...s?expand=1")
        );
        assert_eq!(
            compare_url("git@github.com:1password/looker.git", None, "main", "s").as_deref(),
            Some("https://github.com/1password/looker/compare/main...s?expand=1")
        );
        assert_eq!(
            compare_url(
                "ssh://git@github.com:22/1password/looker",
                None,
                "main",
                "s"
            )
            .as_deref(),
            Some("https://github.com/1password/looker/compare/main...s?expand=1")
        );
        assert_eq!(compare_url("file:///tmp/team.git", None, "main", "s"), None);
        assert_eq!(compare_url("", None, "main", "s"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_url_is_handled_without_panic(url in "\\PC{0,60}") {
            let _ = compare_url(&url, Some(&url), "main", "b");
        }
    }
}
