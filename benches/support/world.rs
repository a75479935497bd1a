//! The benches' real-git world: the synthetic project committed on a bare team
//! remote, bare remotes for a developer's environment and production, a clone with
//! its identity and remotes, and the developer's personal file; `file://` URLs all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::synth;

/// The team file every bench renders with: production protected, and a
/// developer environment that renames models and maps connections, constants and
/// schemas.
pub const TEAM: &str = r#"
[project]
main = "main"
remote = "origin"

[environment.production]
remote = "production"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "dev"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
constants = { CONNECTION = "warehouse_{user}", SCHEMA = "dev_{user}" }
schemas = { analytics = "dev_{user}" }
"#;

/// Runs git in `dir`; returns its output, or stops the bench with git's message.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git runs: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub struct World {
    pub root: PathBuf,
    pub clone: PathBuf,
    pub personal: PathBuf,
    /// The project as committed on main.
    pub files: Vec<synth::SynthFile>,
}

impl World {
    /// Builds the world in `root` (an empty directory).
    pub fn build(root: &Path) -> World {
        let files = synth::generate(&synth::SynthConfig::default());
        let seed = root.join("seed");
        synth::write_to(&seed, &files).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(seed.join("storyboard.toml"), TEAM).unwrap_or_else(|e| panic!("{e}"));
        git(&seed, &["init", "-q", "-b", "main"]);
        git(&seed, &["add", "-A"]);
        git(&seed, &["commit", "-q", "-m", "project"]);
        World::from_seed(root, &seed, files, &["dev", "production"])
    }

    /// The real binary in the clone with the personal file; its output, or the
    /// bench stops with its message.
    pub fn storyboard(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_storyboard"))
            .arg("-C")
            .arg(&self.clone)
            .arg("--config")
            .arg(&self.personal)
            .args(args)
            .env("HOME", self.root.join("home"))
            .env("XDG_STATE_HOME", self.root.join("home/state"))
            .output()
            .unwrap_or_else(|e| panic!("storyboard runs: {e}"));
        assert!(
            out.status.success(),
            "storyboard {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A new story whose one commit changes `changed` files of main; its head.
    pub fn story(&self, key: &str, changed: usize, seed: u64) -> String {
        self.storyboard(&["story", "new", key]);
        let dir = PathBuf::from(self.storyboard(&["story", "path", key]).trim());
        let story = synth::mutate_story(&self.files, changed, seed);
        for (old, new) in self.files.iter().zip(&story) {
            if old.bytes != new.bytes {
                std::fs::write(dir.join(&new.path), &new.bytes).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        git(&dir, &["commit", "-q", "-am", "a story's change"]);
        git(&dir, &["rev-parse", "HEAD"])
    }
}

/// The team file of the pipeline benches: three stages (integration, acceptance,
/// production, which is protected), the developer's own environment, and one more
/// environment off the pipeline.
pub const PIPELINE_TEAM: &str = r#"
[project]
main = "main"
remote = "origin"
story_branch = "story/{key}-{slug}"
release_branch = "release/{date}"

[pipeline]
stages = ["integration", "acceptance", "production"]

[environment.integration]
remote = "integration"
branch = "main"
model_suffix = "_integration"
connections = { warehouse = "warehouse_integration" }
constants = { CONNECTION = "warehouse_integration", SCHEMA = "analytics_integration" }
schemas = { analytics = "analytics_integration" }

[environment.acceptance]
remote = "acceptance"
branch = "main"
model_suffix = "_acceptance"
connections = { warehouse = "warehouse_acceptance" }
constants = { CONNECTION = "warehouse_acceptance", SCHEMA = "analytics_acceptance" }
schemas = { analytics = "analytics_acceptance" }

[environment.production]
remote = "production"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "dev"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
constants = { CONNECTION = "warehouse_{user}", SCHEMA = "dev_{user}" }
schemas = { analytics = "dev_{user}" }

[environment.sandbox]
remote = "sandbox"
branch = "main"
model_suffix = "_sandbox"
"#;

/// The remotes `PIPELINE_TEAM` names, each a bare repository of the world.
pub const PIPELINE_REMOTES: [&str; 5] =
    ["integration", "acceptance", "production", "dev", "sandbox"];

/// Runs git in `dir` with `input` on its standard input (`git fast-import`); its
/// output, or the bench stops with git's message.
pub fn git_with_input(dir: &Path, args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("git runs: {e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("git's stdin"));
    // Written from another thread, so git's output never fills its pipe first.
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("git runs: {e}"));
    writer
        .join()
        .unwrap_or_else(|_| panic!("writing to git"))
        .unwrap_or_else(|e| panic!("writing to git: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A bare repository `root/<name>.git`; its `file://` URL.
pub fn bare(root: &Path, name: &str) -> String {
    let dir = root.join(format!("{name}.git"));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    git(&dir, &["init", "-q", "--bare", "-b", "main"]);
    format!("file://{}", dir.display())
}

/// A story branch's history for [`story_history`]: how it reached main.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landing {
    /// A merge commit, as a pull request's merge button makes it.
    Merged,
    /// One commit on main whose subject starts with the key (a squash merge).
    Squashed,
    /// Not merged.
    Open,
}

/// What [`story_history`] made.
pub struct History {
    /// `(key, branch, how it landed)`, in the order made.
    pub stories: Vec<(String, String, Landing)>,
    /// Commits reachable from main.
    pub main_commits: usize,
}

/// A `git fast-import` stream being written.
struct Import {
    out: Vec<u8>,
    mark: usize,
    time: u64,
}

impl Import {
    /// One commit of `branch` on `from` (and `merge`), writing `changes`; its mark.
    fn commit(
        &mut self,
        branch: &str,
        message: &str,
        from: Option<usize>,
        merge: Option<usize>,
        changes: &[(&str, &[u8])],
    ) -> usize {
        use std::io::Write;
        self.mark += 1;
        self.time += 600;
        let (mark, time, out) = (self.mark, self.time, &mut self.out);
        let who = format!("Bench <bench@example.com> {time} +0000");
        let _ = write!(
            out,
            "commit refs/heads/{branch}\nmark :{mark}\nauthor {who}\ncommitter {who}\ndata {}\n{message}\n",
            message.len()
        );
        if let Some(f) = from {
            let _ = writeln!(out, "from :{f}");
        }
        if let Some(m) = merge {
            let _ = writeln!(out, "merge :{m}");
        }
        for (path, bytes) in changes {
            let _ = writeln!(out, "M 100644 inline {path}\ndata {}", bytes.len());
            out.extend_from_slice(bytes);
            out.push(b'\n');
        }
        out.push(b'\n');
        mark
    }
}

/// `text` with the comment line `# {line}` appended.
fn appended(text: &[u8], line: &str) -> Vec<u8> {
    let mut t = text.to_vec();
    if !t.ends_with(b"\n") {
        t.push(b'\n');
    }
    t.extend_from_slice(format!("# {line}\n").as_bytes());
    t
}

/// Makes a history in the new repository `dir` with `git fast-import`: `files` and
/// `team` (as `storyboard.toml`) committed on main, then `stories` story branches
/// `story/K-<n>-<slug>` of 3 commits each that append to one view, each landing as
/// `landing(n)` says (3 plain commits on main between a story's start and its
/// merge), and plain commits on main (one appended line each) spread so that main
/// ends with `main_commits` commits.
pub fn story_history(
    dir: &Path,
    files: &[synth::SynthFile],
    team: &str,
    stories: usize,
    main_commits: usize,
    landing: impl Fn(usize) -> Landing,
) -> History {
    use std::collections::HashMap;

    const WORDS: &[&str] = &[
        "fix",
        "totals",
        "orders",
        "add",
        "margin",
        "customers",
        "rename",
        "region",
        "drop",
        "legacy",
        "filter",
        "refunds",
        "count",
        "sessions",
        "tidy",
        "labels",
    ];
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    git(dir, &["init", "-q", "-b", "main"]);
    // The views commits append to: LF line ends, so an appended line is plain.
    let views: Vec<&str> = files
        .iter()
        .filter(|f| f.path.ends_with(".view.lkml") && !f.bytes.contains(&b'\r'))
        .map(|f| f.path.as_str())
        .collect();
    assert!(!views.is_empty(), "the project has views with LF line ends");
    let mut main: HashMap<String, Vec<u8>> = files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    let mut import = Import {
        out: Vec::new(),
        mark: 0,
        time: 1_700_000_000,
    };
    let mut initial: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    initial.push(("storyboard.toml", team.as_bytes()));
    let mut tip = import.commit("main", "Initial project", None, None, &initial);
    let mut count = 1usize;
    let mut plain = 0usize;
    // A plain commit on main: a line appended to a view.
    let mut plain_commit =
        |import: &mut Import, main: &mut HashMap<String, Vec<u8>>, tip: &mut usize| {
            plain += 1;
            let path = views[(plain * 7) % views.len()];
            let text = appended(&main[path], &format!("reviewed {plain}"));
            let subject = format!(
                "{} {} in {} (#{})",
                WORDS[plain % WORDS.len()],
                WORDS[(plain / 3) % WORDS.len()],
                path.rsplit('/').next().unwrap_or(path),
                10_000 + plain
            );
            *tip = import.commit("main", &subject, Some(*tip), None, &[(path, &text)]);
            main.insert(path.to_string(), text);
        };

    let mut made = Vec::new();
    for n in 1..=stories {
        let key = format!("K-{n}");
        let slug = format!(
            "{}-{}-{}",
            WORDS[n % WORDS.len()],
            WORDS[(n / 2 + 3) % WORDS.len()],
            WORDS[(n / 5 + 7) % WORDS.len()]
        );
        let branch = format!("story/{key}-{slug}");
        let how = landing(n);
        let path = views[(n * 13) % views.len()];
        let mut text = main[path].clone();
        let mut head = tip;
        // Main moves on while the story is worked on.
        for _ in 0..3 {
            plain_commit(&mut import, &mut main, &mut tip);
            count += 1;
        }
        let mut lines = Vec::new();
        for c in 1..=3 {
            let line = format!("{key} change {c}");
            text = appended(&text, &line);
            lines.push(line);
            let subject = format!(
                "{} {}",
                WORDS[(n + c) % WORDS.len()],
                WORDS[(n * c) % WORDS.len()]
            );
            head = import.commit(&branch, &subject, Some(head), None, &[(path, &text)]);
        }
        // Main's file once the story is in: main's lines, then the story's.
        let mut landed = main[path].clone();
        for line in &lines {
            landed = appended(&landed, line);
        }
        match how {
            Landing::Merged => {
                let subject = format!("Merge pull request #{n} from acme/{branch}");
                tip = import.commit("main", &subject, Some(tip), Some(head), &[(path, &landed)]);
                main.insert(path.to_string(), landed);
                count += 4;
            }
            Landing::Squashed => {
                let subject = format!("{key} {} (#{n})", slug.replace('-', " "));
                tip = import.commit("main", &subject, Some(tip), None, &[(path, &landed)]);
                main.insert(path.to_string(), landed);
                count += 1;
            }
            Landing::Open => {}
        }
        made.push((key, branch, how));
        while count < main_commits * n / stories {
            plain_commit(&mut import, &mut main, &mut tip);
            count += 1;
        }
    }
    git_with_input(dir, &["fast-import", "--quiet"], &import.out);
    History {
        stories: made,
        main_commits: count,
    }
}

impl World {
    /// A world for the pipeline benches: the repository `seed` (every branch of it
    /// pushed to a bare team remote), a bare remote for each of `remotes`, and a
    /// clone holding every story branch of the team remote as a local branch.
    pub fn from_seed(
        root: &Path,
        seed: &Path,
        files: Vec<synth::SynthFile>,
        remotes: &[&str],
    ) -> World {
        let team = bare(root, "team");
        git(seed, &["push", "-q", &team, "refs/heads/*:refs/heads/*"]);
        git(root, &["clone", "-q", &team, "clone"]);
        let clone = root.join("clone");
        git(&clone, &["config", "user.name", "Bench"]);
        git(&clone, &["config", "user.email", "bench@example.com"]);
        git(
            &clone,
            &[
                "fetch",
                "-q",
                "origin",
                "refs/heads/story/*:refs/heads/story/*",
            ],
        );
        for name in remotes {
            let url = bare(root, name);
            git(&clone, &["remote", "add", name, &url]);
        }
        let personal = root.join("me.toml");
        std::fs::write(
            &personal,
            format!(
                "user = \"alice\"\nworktrees = \"{}\"\n",
                root.join("stories").display()
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        World {
            root: root.to_path_buf(),
            clone,
            personal,
            files,
        }
    }

    /// The real binary in the clone with the personal file, ready to run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_storyboard"));
        cmd.arg("-C")
            .arg(&self.clone)
            .arg("--config")
            .arg(&self.personal)
            .args(args)
            .env("HOME", self.root.join("home"))
            .env("XDG_STATE_HOME", self.root.join("home/state"));
        cmd
    }

    /// Runs the binary with its standard output thrown away (what a timed run
    /// does); the bench stops with its message when it fails.
    pub fn storyboard_quiet(&self, args: &[&str]) {
        let out = self
            .command(args)
            .stdout(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("storyboard runs: {e}"));
        assert!(
            out.status.success(),
            "storyboard {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Runs git in `dir` with its standard output thrown away (what a timed run
/// does); the bench stops with git's message when it fails.
pub fn git_quiet(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("git runs: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
