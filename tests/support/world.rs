//! A team's world in a temp dir, all real git: the team remote (bare), a fork,
//! one bare remote per environment, and a developer's clone with storyboard's
//! personal config. "Looker's IDE" is a plain clone of an environment remote that
//! commits environment-form edits and pushes them, as Looker does.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, project_root, run, storyboard};

pub struct World {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
    /// The developer's clone (alice).
    pub clone: PathBuf,
    pub home: PathBuf,
    pub personal: PathBuf,
}

pub fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Runs git in `dir`, failing the test when git fails; returns stdout.
pub fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl World {
    /// The demo project on the team remote's main, and alice's clone of it.
    pub fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        for name in [
            "team",
            "fork",
            "dev-alice",
            "integration",
            "acceptance",
            "production",
        ] {
            let bare = root.join(format!("{name}.git"));
            std::fs::create_dir_all(&bare).unwrap();
            git_out(&bare, &["init", "-q", "--bare", "-b", "main"]);
        }
        let seed = root.join("seed");
        copy_dir(&project_root().join("assets/demo/project"), &seed);
        git_out(&seed, &["init", "-q", "-b", "main"]);
        git_out(&seed, &["add", "-A"]);
        git_out(&seed, &["commit", "-q", "-m", "The e-commerce project"]);
        git_out(&seed, &["push", "-q", &url(&root.join("team.git")), "main"]);

        let clone = root.join("alice");
        git_out(
            &root,
            &["clone", "-q", &url(&root.join("team.git")), "alice"],
        );
        git_out(&clone, &["config", "user.name", "Alice Analyst"]);
        git_out(&clone, &["config", "user.email", "alice@acme.example"]);
        for env in [
            "dev-alice",
            "integration",
            "acceptance",
            "production",
            "fork",
        ] {
            git_out(
                &clone,
                &["remote", "add", env, &url(&root.join(format!("{env}.git")))],
            );
        }
        let home = root.join("home");
        std::fs::create_dir_all(&home).unwrap();
        let personal = root.join("alice.toml");
        std::fs::write(
            &personal,
            format!(
                "user = \"alice\"\nworktrees = \"{}\"\n",
                root.join("stories").display()
            ),
        )
        .unwrap();
        World {
            tmp,
            root,
            clone,
            home,
            personal,
        }
    }

    /// `storyboard` in alice's clone with her personal config.
    pub fn sb(&self, args: &[&str]) -> Run {
        self.sb_env(args, &[])
    }

    pub fn sb_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = storyboard(&self.home);
        cmd.arg("-C")
            .arg(&self.clone)
            .arg("--config")
            .arg(&self.personal)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(&mut cmd)
    }

    /// Like [`World::sb`], and the command must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.sb(args);
        assert_eq!(
            r.code, 0,
            "storyboard {args:?}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
        r.stdout
    }

    pub fn bare(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}.git"))
    }

    /// The project directory in a story's worktree.
    pub fn story_dir(&self, name: &str) -> PathBuf {
        PathBuf::from(self.ok(&["story", "path", name]).trim())
    }

    /// A clone of an environment's branch, as Looker's IDE holds it.
    pub fn looker(&self, env: &str, branch: &str) -> PathBuf {
        let dir = self.root.join(format!("looker-{env}"));
        if !dir.exists() {
            git_out(
                &self.root,
                &[
                    "clone",
                    "-q",
                    "-b",
                    branch,
                    &url(&self.bare(env)),
                    &format!("looker-{env}"),
                ],
            );
        } else {
            git_out(&dir, &["pull", "-q", "--ff-only"]);
        }
        dir
    }

    /// Commits everything in a Looker clone as Looker does, and pushes it.
    pub fn looker_commit(&self, dir: &Path, message: &str, date: &str) {
        git_out(dir, &["add", "-A"]);
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=Looker IDE (Alice)",
                "-c",
                "user.email=alice@looker.acme.example",
            ])
            .args(["commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        git_out(dir, &["push", "-q"]);
    }

    /// Every bare remote is whole: each object its refs reach is there (what a
    /// push killed halfway must never break).
    #[allow(dead_code)]
    pub fn assert_remotes_whole(&self) {
        let mut checked = 0;
        for entry in std::fs::read_dir(&self.root).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "git") {
                continue;
            }
            let out = Command::new("git")
                .args([
                    "fsck",
                    "--connectivity-only",
                    "--no-dangling",
                    "--no-progress",
                ])
                .current_dir(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{} is not whole:\n{}{}",
                path.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
        assert!(checked > 0, "no remote under {}", self.root.display());
    }

    /// A ref's commit in a bare remote (empty when it does not exist).
    pub fn remote_tip(&self, remote: &str, branch: &str) -> String {
        let out = Command::new("git")
            .args([
                "rev-parse",
                "--verify",
                "-q",
                &format!("refs/heads/{branch}"),
            ])
            .current_dir(self.bare(remote))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

/// Another developer's clone of the team remote, with a personal file of its own
/// (and no environment remotes).
pub struct OtherClone<'w> {
    world: &'w World,
    pub dir: PathBuf,
    pub config: PathBuf,
}

impl World {
    pub fn other_clone(&self, user: &str) -> OtherClone<'_> {
        let dir = self.root.join(user);
        git_out(
            &self.root,
            &["clone", "-q", &url(&self.root.join("team.git")), user],
        );
        git_out(&dir, &["config", "user.name", user]);
        git_out(
            &dir,
            &["config", "user.email", &format!("{user}@acme.example")],
        );
        let config = self.root.join(format!("{user}.toml"));
        std::fs::write(
            &config,
            format!(
                "user = \"{user}\"\nworktrees = \"{}\"\n",
                self.root.join(format!("{user}-stories")).display()
            ),
        )
        .unwrap();
        OtherClone {
            world: self,
            dir,
            config,
        }
    }
}

impl OtherClone<'_> {
    /// `storyboard` in this clone with its personal config.
    pub fn sb(&self, args: &[&str]) -> Run {
        let mut cmd = storyboard(&self.world.home);
        cmd.arg("-C")
            .arg(&self.dir)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1");
        run(&mut cmd)
    }
}
