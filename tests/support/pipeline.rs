//! What the pipeline's tests share: stories made, pushed and merged as a team
//! does (a merge commit, a squash), the board read back, every environment
//! branch's tips recorded to show none was ever force-pushed, and a
//! deterministic source of random kill points.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::environment;
use crate::world::{OtherClone, World, git_out, url};

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn append(p: &Path, text: &str) {
    let old = read(p);
    std::fs::write(p, format!("{old}{text}")).unwrap();
}

pub fn status(w: &World) -> serde_json::Value {
    serde_json::from_str(&w.ok(&["status", "--json"])).unwrap()
}

pub fn stories_of(status: &serde_json::Value, env: &str) -> serde_json::Value {
    environment(status, env)["stories"].clone()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Every tip each environment branch has had, to show no push ever rewrote one.
#[derive(Default)]
pub struct Tips(pub BTreeMap<String, Vec<String>>);

impl Tips {
    pub fn record(&mut self, w: &World) {
        // The team remote's branches too: main and every release.
        let team = git_out(
            &w.bare("team"),
            &[
                "for-each-ref",
                "--format=%(refname) %(objectname)",
                "refs/heads/",
            ],
        );
        for line in team.lines() {
            if let Some((name, tip)) = line.split_once(' ') {
                let seen = self.0.entry(format!("team:{name}")).or_default();
                if seen.last().map(String::as_str) != Some(tip) {
                    seen.push(tip.to_string());
                }
            }
        }
        for env in ["integration", "acceptance", "production"] {
            let tip = w.remote_tip(env, "main");
            if tip.is_empty() {
                continue;
            }
            let seen = self.0.entry(env.to_string()).or_default();
            if seen.last() != Some(&tip) {
                seen.push(tip);
            }
        }
    }

    /// Every earlier tip is an ancestor of every later one.
    pub fn assert_never_forced(&self, w: &World) {
        for (env, tips) in &self.0 {
            for pair in tips.windows(2) {
                let repo = match env.strip_prefix("team:") {
                    Some(_) => w.bare("team"),
                    None => w.bare(env),
                };
                let ok = Command::new("git")
                    .args(["merge-base", "--is-ancestor", &pair[0], &pair[1]])
                    .current_dir(repo)
                    .status()
                    .unwrap()
                    .success();
                assert!(
                    ok,
                    "{env} moved from {} to {} without it as an ancestor",
                    pair[0], pair[1]
                );
            }
        }
    }
}

/// Merges a story's branch into main in alice's clone with a merge commit, as a
/// pull request's merge button does, and pushes main.
pub fn merge_commit(w: &World, branch: &str, number: u32) {
    git_out(&w.clone, &["pull", "-q", "--ff-only", "origin", "main"]);
    git_out(
        &w.clone,
        &[
            "merge",
            "--no-ff",
            "-q",
            "-m",
            &format!("Merge pull request #{number} from acme/{branch}"),
            branch,
        ],
    );
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
}

/// Squash-merges a story into main under the pull request's title.
pub fn squash_merge(w: &World, branch: &str, title: &str, number: u32) {
    git_out(&w.clone, &["pull", "-q", "--ff-only", "origin", "main"]);
    git_out(&w.clone, &["merge", "--squash", "-q", branch]);
    git_out(
        &w.clone,
        &["commit", "-q", "-m", &format!("{title} (#{number})")],
    );
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
}

/// A story with one commit changing `file`.
pub fn story_with_commit(w: &World, key: &str, slug: &str, file: &str, message: &str) -> String {
    w.ok(&["story", "new", key, slug]);
    let dir = w.story_dir(key);
    append(&dir.join(file), &format!("\n# {message}\n"));
    git_out(&dir, &["commit", "-q", "-am", message]);
    format!("story/{key}-{slug}")
}

pub fn lead<'w>(w: &'w World, name: &str) -> OtherClone<'w> {
    let other = w.other_clone(name);
    for env in ["integration", "acceptance", "production"] {
        git_out(&other.dir, &["remote", "add", env, &url(&w.bare(env))]);
    }
    other
}

pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

pub fn team_releases(w: &World) -> Vec<String> {
    let out = git_out(
        &w.bare("team"),
        &[
            "for-each-ref",
            "--format=%(refname:short)",
            "refs/heads/release/",
        ],
    );
    out.lines().map(str::to_string).collect()
}

/// Runs storyboard after a kill. A `file://` remote is written by the killed
/// process itself, so a kill inside its ref update can leave the remote's lock
/// file (a server cleans up after itself): the run stops, names the file and
/// says to remove it. Doing so, as a user would, lets the next run go on;
/// `locks` counts how often it was needed.
pub fn rerun_after_kill(w: &World, args: &[&str], locks: &mut usize) -> crate::support::Run {
    let mut r = w.sb(args);
    if r.code != 0 && r.stderr.contains("a git lock file is in the way") {
        let lock = r
            .stderr
            .split('\'')
            .find(|part| part.ends_with(".lock"))
            .unwrap_or_else(|| panic!("the message names the lock file: {}", r.stderr))
            .to_string();
        std::fs::remove_file(&lock).unwrap_or_else(|e| panic!("{lock}: {e}"));
        *locks += 1;
        r = w.sb(args);
    }
    r
}

/// Runs storyboard with `args` in alice's clone and kills it (SIGKILL) at a
/// random point within `span`, the time an uninterrupted run takes. Returns
/// the delay, and whether the run had finished on its own first.
pub fn run_and_kill(
    w: &World,
    args: &[&str],
    span: std::time::Duration,
    rng: &mut Lcg,
) -> (std::time::Duration, bool) {
    let delay = std::time::Duration::from_millis(rng.below(span.as_millis() as u64 + 1));
    let mut child = crate::support::storyboard(&w.home)
        .arg("-C")
        .arg(&w.clone)
        .arg("--config")
        .arg(&w.personal)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("storyboard runs: {e}"));
    std::thread::sleep(delay);
    let finished = child.try_wait().ok().flatten().is_some_and(|s| s.success());
    let _ = child.kill();
    let _ = child.wait();
    (delay, finished)
}
