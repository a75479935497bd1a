//! `storyboard demo`: a realistic workspace built in seconds from the demo project in
//! `assets/`, all real git: a team remote, bare remotes for two developers'
//! environments and for integration, acceptance and production, and Alice's clone
//! with stories in every state — finished, merged, squash-merged, pushed for
//! review, with uncommitted work, and the current one published with an edit made
//! "in Looker" not yet synced — and a pipeline in motion: main on integration, a
//! release with two stories on acceptance, production one release behind.
//! A `warehouse` companion (its own remote, and a clone beside Alice's) holds
//! a schema script for the stories that need one, deployed with each
//! promotion by a command that does nothing, so the board shows which
//! revision of it each environment holds.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::{self, Config};
use crate::git::{GitError, Person, Repo};
use crate::story::{Progress, StoryError, Workspace};

static PROJECT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets/demo/project");

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0}")]
    Story(#[from] StoryError),
    #[error("{0}")]
    Git(#[from] GitError),
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("the demo project in assets/ no longer has `{0}`: the demo's edits need updating")]
    Asset(String),
    #[error("the demo's last fetch failed: {0}")]
    Fetch(String),
}

/// The workspace built: where Alice's clone and her personal file are.
#[derive(Debug, Clone)]
pub struct Demo {
    pub dir: PathBuf,
    pub clone: PathBuf,
    pub personal: PathBuf,
}

const ENVIRONMENTS: &[&str] = &[
    "dev-alice",
    "dev-bob",
    "integration",
    "acceptance",
    "production",
];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |e| DemoError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn person(name: &str, email: &str, days_ago: i64) -> Person {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    Person {
        name: name.to_string(),
        email: email.to_string(),
        time: now - days_ago * 86_400,
        offset_minutes: 60,
    }
}

fn alice(days_ago: i64) -> Person {
    person("Alice Analyst", "alice@acme-outfitters.example", days_ago)
}

/// Replaces `from` by `to` in a file of `dir`, which must hold it.
fn edit(dir: &Path, file: &str, from: &str, to: &str) -> Result<(), DemoError> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    if !text.contains(from) {
        return Err(DemoError::Asset(format!("{from} in {file}")));
    }
    std::fs::write(&path, text.replacen(from, to, 1)).map_err(io(&path))
}

/// Adds `field` at the end of the view in `file`.
fn add_field(dir: &Path, file: &str, field: &str) -> Result<(), DemoError> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let end = text
        .rfind('}')
        .ok_or_else(|| DemoError::Asset(format!("a closing brace in {file}")))?;
    let mut out = text[..end].trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(field);
    out.push_str("\n}\n");
    std::fs::write(&path, out).map_err(io(&path))
}

/// Builds the demo workspace in `dir`, which must not exist or be empty.
pub fn build(dir: &Path, progress: Progress<'_>) -> Result<Demo, DemoError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(DemoError::File {
            path: dir.to_path_buf(),
            message: "exists and is not empty; give a new directory".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let dir = dir.canonicalize().map_err(io(dir))?;
    let url = |name: &str| {
        format!(
            "file://{}",
            dir.join("remotes").join(format!("{name}.git")).display()
        )
    };
    for name in ["team", "warehouse"]
        .into_iter()
        .chain(ENVIRONMENTS.iter().copied())
    {
        let bare = dir.join("remotes").join(format!("{name}.git"));
        let branch = if name.starts_with("dev-") {
            "dev"
        } else {
            "main"
        };
        Repo::init_bare(&bare, branch)?;
    }

    let warehouse = warehouse_clone(&dir, &url("warehouse"))?;

    // Alice's clone: the project as the team's first commit, pushed to the team remote.
    let clone = dir.join("alice");
    let repo = Repo::init(&clone, "main")?;
    PROJECT.extract(&clone).map_err(io(&clone))?;
    // The companion's remote by its name in the companion's clone; its
    // deploy command a harmless program, as the demo deploys nothing real.
    let team_file = clone.join("storyboard.toml");
    let mut text = std::fs::read_to_string(&team_file).map_err(io(&team_file))?;
    text.push_str(
        "\n# The warehouse's schema scripts: deployed before the LookML, in each promotion.\n[companion.warehouse]\nremote = \"origin\"\ndeploy = [\"true\", \"{env}\", \"{rev}\"]\n",
    );
    std::fs::write(&team_file, text).map_err(io(&team_file))?;
    repo.set_config_value("user.name", "Alice Analyst")?;
    repo.set_config_value("user.email", "alice@acme-outfitters.example")?;
    repo.add_remote("origin", &url("team"))?;
    for env in ENVIRONMENTS {
        repo.add_remote(env, &url(env))?;
    }
    let first = repo.commit_worktree(
        "Acme Outfitters' LookML project\n",
        &person("Dana Lead", "dana@acme-outfitters.example", 30),
    )?;
    let origin = repo.remote("origin");
    repo.push(&origin, first, "refs/heads/main")
        .map_err(StoryError::from)?;
    repo.set_config_value("branch.main.remote", "origin")?;
    repo.set_config_value("branch.main.merge", "refs/heads/main")?;

    let personal = dir.join("alice.toml");
    std::fs::write(
        &personal,
        format!(
            "# Alice's personal storyboard configuration (the demo's).\nuser = \"alice\"\nworktrees = \"{}\"\ntheme = \"dark\"\n",
            dir.join("stories").display()
        ),
    )
    .map_err(io(&personal))?;
    let bob = dir.join("bob.toml");
    std::fs::write(&bob, "user = \"bob\"\n").map_err(io(&bob))?;
    let ws = Workspace::open(config::load(&clone, Some((personal.clone(), true)))?)?;
    let bob_ws = Workspace::open(config::load(&clone, Some((bob, true)))?)?;

    // Two stories made, reviewed and merged.
    let merged = |key: &str,
                  slug: &str,
                  change: &dyn Fn(&Path) -> Result<(), DemoError>,
                  schema: Option<&str>,
                  message: &str,
                  days: i64|
     -> Result<(), DemoError> {
        let story = ws.new_story(key, Some(slug), progress)?;
        change(&story.switched.dir)?;
        if let Some(sql) = schema {
            let head = schema_script(&story, key, sql, days)?;
            merge_into_main(&warehouse, head, key, days)?;
        }
        let here = Repo::open(&story.worktree)?;
        let head = here.commit_worktree(message, &alice(days))?;
        let repo = ws.repo()?;
        let main = ws.main_commit(&repo)?;
        let tree = repo.commit(head)?.tree;
        let merge = repo.write_commit(&crate::git::NewCommit {
            tree,
            parents: &[main, head],
            author: &person("Dana Lead", "dana@acme-outfitters.example", days - 1),
            committer: &person("Dana Lead", "dana@acme-outfitters.example", days - 1),
            message: &format!("Merge pull request: {message}"),
        })?;
        repo.push(&repo.remote("origin"), merge, "refs/heads/main")
            .map_err(StoryError::from)?;
        ws.fetch_main(&repo)?;
        Ok(())
    };
    merged(
        "ABC-101",
        "order status labels",
        &|d| {
            edit(
                d,
                "views/orders.view.lkml",
                "label: \"Order Status\"",
                "label: \"Order status\"",
            )
        },
        None,
        "Sentence-case the order status label\n",
        12,
    )?;
    // The first release: integrated, cut, accepted and in production.
    ws.promote(&ws.plan_promotion("integration", None, progress)?, progress)?;
    cut_release(&ws, 11, progress)?;
    ws.promote(&ws.plan_promotion("acceptance", None, progress)?, progress)?;
    ws.promote(&ws.plan_promotion("production", None, progress)?, progress)?;
    ws.finish("ABC-101", false, progress)?;
    merged(
        "ABC-102",
        "delivery flag",
        &|d| {
            add_field(
                d,
                "views/shipments.view.lkml",
                "  dimension: is_delivered {\n    type: yesno\n    sql: ${TABLE}.delivered_at IS NOT NULL ;;\n  }",
            )
        },
        Some("ALTER TABLE analytics.shipments ADD COLUMN delivered_at TIMESTAMP;\n"),
        "Add a delivered flag to shipments\n",
        8,
    )?;
    // Squash-merged through a pull request titled by `story pr`: the key
    // starts the one commit main gets.
    let squashed = ws.new_story("ABC-103", Some("return reasons"), progress)?;
    edit(
        &squashed.switched.dir,
        "views/orders.view.lkml",
        "description: \"Lifecycle state as reported by the storefront (see analytics.orders docs).\"",
        "description: \"Where the order is: placed, shipped, delivered or returned.\"",
    )?;
    let head = Repo::open(&squashed.worktree)?
        .commit_worktree("Describe the order status\n", &alice(7))?;
    {
        let repo = ws.repo()?;
        let main = ws.main_commit(&repo)?;
        let dana = person("Dana Lead", "dana@acme-outfitters.example", 6);
        let squash = repo.write_commit(&crate::git::NewCommit {
            tree: repo.commit(head)?.tree,
            parents: &[main],
            author: &alice(7),
            committer: &dana,
            message: "ABC-103 Describe the order status in words (#14)\n",
        })?;
        repo.push(&repo.remote("origin"), squash, "refs/heads/main")
            .map_err(StoryError::from)?;
        ws.fetch_main(&repo)?;
    }
    // The second release, on acceptance with two stories; production stays
    // one release behind until they are accepted.
    ws.promote(&ws.plan_promotion("integration", None, progress)?, progress)?;
    cut_release(&ws, 5, progress)?;
    ws.promote(&ws.plan_promotion("acceptance", None, progress)?, progress)?;
    merged(
        "ABC-110",
        "customer tiers",
        &|d| {
            add_field(
                d,
                "views/customer_lifetime.view.lkml",
                "  dimension: tier {\n    type: string\n    sql: CASE WHEN ${TABLE}.lifetime_value > 1000 THEN 'gold' ELSE 'standard' END ;;\n  }",
            )
        },
        Some("ALTER TABLE analytics.customer_lifetime ADD COLUMN lifetime_value NUMERIC;\n"),
        "Customer tiers\n",
        3,
    )?;
    // Main, with a story newer than the release, on integration.
    ws.promote(&ws.plan_promotion("integration", None, progress)?, progress)?;
    bob_ws.deploy("dev-bob", "refs/remotes/origin/main", progress)?;

    // In review: pushed to the team remote.
    let review = ws.new_story("ABC-122", Some("lifetime segments"), progress)?;
    add_field(
        &review.switched.dir,
        "views/customer_lifetime.view.lkml",
        "  measure: high_value_customers {\n    type: count\n    filters: [segment: \"high\"]\n  }",
    )?;
    Repo::open(&review.worktree)?.commit_worktree("Count high-value customers\n", &alice(3))?;
    ws.pr(Some("ABC-122"), progress)?;

    // Work in progress: one commit, and edits not committed yet.
    let wip = ws.new_story("ABC-121", Some("shipping slas"), progress)?;
    add_field(
        &wip.switched.dir,
        "views/shipments.view.lkml",
        "  dimension: days_in_transit {\n    type: number\n    sql: DATEDIFF('day', ${TABLE}.shipped_at, ${TABLE}.delivered_at) ;;\n  }",
    )?;
    Repo::open(&wip.worktree)?.commit_worktree("Days in transit\n", &alice(2))?;
    add_field(
        &wip.switched.dir,
        "views/shipments.view.lkml",
        "  measure: late_shipments {\n    type: count\n    filters: [days_in_transit: \">5\"]\n  }",
    )?;

    // The current story: published to dev-alice, then edited in Looker's IDE.
    let current = ws.new_story("ABC-120", Some("net revenue"), progress)?;
    add_field(
        &current.switched.dir,
        "views/orders.view.lkml",
        "  measure: net_revenue {\n    type: sum\n    sql: ${order_total} - COALESCE(${returns.refund_amount}, 0) ;;\n    value_format_name: usd\n  }",
    )?;
    Repo::open(&current.worktree)?.commit_worktree("Net revenue measure\n", &alice(1))?;
    // Its refunds need a column the warehouse adds: a script on the story's
    // branch there, not merged yet.
    schema_script(
        &current,
        "ABC-120",
        "ALTER TABLE analytics.returns ADD COLUMN refund_amount NUMERIC;\n",
        1,
    )?;
    ws.publish(Some("ABC-120"), progress)?;
    looker_edit(&dir.join("remotes").join("dev-alice.git"))?;
    // A remote that cannot be fetched is a line of the report, not an error; here
    // it would leave the demo without the state it promises.
    let failed = ws.fetch(progress)?;
    if !failed.is_empty() {
        return Err(DemoError::Fetch(failed.join("; ")));
    }

    Ok(Demo {
        dir: dir.clone(),
        clone,
        personal,
    })
}

/// The warehouse companion's clone, beside Alice's, with its first schema
/// script pushed to its remote at `url`.
fn warehouse_clone(dir: &Path, url: &str) -> Result<Repo, DemoError> {
    let path = dir.join("warehouse");
    let repo = Repo::init(&path, "main")?;
    repo.set_config_value("user.name", "Dana Lead")?;
    repo.set_config_value("user.email", "dana@acme-outfitters.example")?;
    repo.add_remote("origin", url)?;
    let schema = path.join("schema");
    std::fs::create_dir_all(&schema).map_err(io(&schema))?;
    let base = schema.join("000_base.sql");
    std::fs::write(
        &base,
        "CREATE SCHEMA IF NOT EXISTS analytics;\nCREATE TABLE analytics.orders (id BIGINT, status TEXT, order_total NUMERIC);\n",
    )
    .map_err(io(&base))?;
    let first = repo.commit_worktree(
        "The warehouse's schema\n",
        &person("Dana Lead", "dana@acme-outfitters.example", 30),
    )?;
    repo.push(&repo.remote("origin"), first, "refs/heads/main")
        .map_err(StoryError::from)?;
    Ok(repo)
}

/// Commits the story's schema script `sql` on its warehouse branch (in the
/// worktree `story new` made there); returns the commit.
fn schema_script(
    story: &crate::story::NewReport,
    key: &str,
    sql: &str,
    days: i64,
) -> Result<crate::git::Id, DemoError> {
    let worktree = story
        .companions
        .iter()
        .find_map(|c| match c {
            crate::story::CompanionMade::Made { worktree, .. } => Some(worktree.clone()),
            _ => None,
        })
        .ok_or_else(|| DemoError::Asset(format!("the warehouse branch of {key}")))?;
    let path = worktree
        .join("schema")
        .join(format!("{}.sql", key.to_lowercase()));
    std::fs::write(&path, sql).map_err(io(&path))?;
    Ok(Repo::open(&worktree)?.commit_worktree(&format!("{key} schema\n"), &alice(days))?)
}

/// Merges a story's warehouse commit into the warehouse's main, as its pull
/// request's merge button does, and pushes it.
fn merge_into_main(
    warehouse: &Repo,
    head: crate::git::Id,
    key: &str,
    days: i64,
) -> Result<(), DemoError> {
    let origin = warehouse.remote("origin");
    warehouse
        .fetch(
            &origin,
            &["+refs/heads/main:refs/remotes/origin/main".to_string()],
        )
        .map_err(StoryError::from)?;
    let main = warehouse
        .ref_target("refs/remotes/origin/main")?
        .ok_or_else(|| DemoError::Asset("the warehouse's main".into()))?;
    let dana = person("Dana Lead", "dana@acme-outfitters.example", days - 1);
    let merge = warehouse.write_commit(&crate::git::NewCommit {
        tree: warehouse.commit(head)?.tree,
        parents: &[main, head],
        author: &dana,
        committer: &dana,
        message: &format!("Merge pull request: {key} schema\n"),
    })?;
    warehouse
        .push(&origin, merge, "refs/heads/main")
        .map_err(StoryError::from)?;
    Ok(())
}

/// Cuts a release named for `days_ago` from what integration holds.
fn cut_release(ws: &Workspace, days_ago: i64, progress: Progress<'_>) -> Result<(), DemoError> {
    let day = alice(days_ago);
    let date = crate::calendar::Moment {
        seconds: day.time,
        offset_minutes: day.offset_minutes,
    }
    .date();
    let name =
        crate::pipeline::release::release_name(&ws.config.project.release_branch, &date, &[]);
    let plan = ws.plan_release(Some(&name), None, progress)?;
    ws.cut_release(plan, progress)?;
    Ok(())
}

/// An edit made in Looker's IDE: committed in environment form on dev-alice's branch.
fn looker_edit(bare: &Path) -> Result<(), DemoError> {
    let repo = Repo::open(bare)?;
    let tip = repo
        .ref_target("refs/heads/dev")?
        .ok_or_else(|| DemoError::Asset("a deployment on dev-alice".into()))?;
    let tree = repo.commit(tip)?.tree;
    let path = PathBuf::from("views/orders.view.lkml");
    let only = std::iter::once(path.clone()).collect();
    let mut files = repo.files(tree, Some(&only))?;
    let Some(entry) = files.files.get_mut(&path) else {
        return Err(DemoError::Asset("views/orders.view.lkml".into()));
    };
    let text = String::from_utf8_lossy(&entry.bytes).into_owned();
    let from = "label: \"Completed Orders\"";
    if !text.contains(from) {
        return Err(DemoError::Asset(from.into()));
    }
    entry.bytes = text
        .replacen(
            from,
            "label:   \"Completed orders\"  # renamed in the IDE",
            1,
        )
        .into_bytes();
    let new_tree = repo.patch_tree(tree, &[], &files)?;
    let looker = person(
        "Looker IDE (alice)",
        "alice@looker.acme-outfitters.example",
        0,
    );
    let commit = repo.write_commit(&crate::git::NewCommit {
        tree: new_tree,
        parents: &[tip],
        author: &looker,
        committer: &looker,
        message: "Rename the completed orders measure\n",
    })?;
    repo.set_ref("refs/heads/dev", commit, Some(tip), "looker: commit")?;
    Ok(())
}

/// The demo's team configuration, as the demo's clone holds it.
pub fn config_of(demo: &Demo) -> Result<Config, DemoError> {
    Ok(config::load(
        &demo.clone,
        Some((demo.personal.clone(), true)),
    )?)
}
