//! Every ref storyboard keeps under `refs/storyboard/`, named in one place.
//!
//! Git is the database: what each environment holds, what a killed run was
//! doing, and which stories ever existed live in these refs. Naming them here
//! keeps the layout one readable list, and a new kind of ref one new function.

/// The root of every ref below.
pub const ROOT: &str = "refs/storyboard/";

/// An environment's branch as last fetched.
pub fn environment(env: &str) -> String {
    format!("{ROOT}environments/{env}")
}

/// A deployment committed but perhaps not pushed: a run killed after writing it
/// is completed (or dropped) by the next.
pub fn pending(env: &str) -> String {
    format!("{ROOT}pending/{env}")
}

/// Main as last fetched from the team remote, when the team remote is a URL
/// rather than a configured remote.
pub fn team(main: &str) -> String {
    format!("{ROOT}team/{main}")
}

/// What `story pr` last pushed of a story's branch.
pub fn pushed(branch: &str) -> String {
    format!("{ROOT}pushed/{branch}")
}

/// A forced finish's backup of a story's branch and uncommitted files.
pub fn backup(branch: &str) -> String {
    format!("{ROOT}backup/{branch}")
}

/// A story's record, by key: its branch, base and head, kept after `finish`
/// and shared through the team remote, so every clone can still name it.
pub fn story(key: &str) -> String {
    format!("{ROOT}stories/{key}")
}

/// A story's record as last fetched from the team remote.
pub fn fetched_story(key: &str) -> String {
    format!("{ROOT}team-stories/{key}")
}

/// The refspec that fetches the team's story records.
pub fn fetch_stories() -> String {
    format!("+{}*:{}*", story(""), fetched_story(""))
}

/// A release branch of the team remote as last fetched (`name` is the
/// branch, `release/2026-12-06`).
pub fn release(name: &str) -> String {
    format!("{ROOT}releases/{name}")
}

/// The refspec that fetches the team's release branches: those whose name
/// starts with `prefix` (the release naming convention up to its date).
pub fn fetch_releases(prefix: &str) -> String {
    format!("+refs/heads/{prefix}*:{}*", release(prefix))
}

/// A release branch cut but perhaps not pushed: a run killed after choosing
/// it is completed (or dropped) by the next.
pub fn pending_release(name: &str) -> String {
    format!("{ROOT}pending-releases/{name}")
}

/// A story's hold on the team remote: who took it out of which environment,
/// or lifted the hold (the newest commit says which).
pub fn hold(key: &str) -> String {
    format!("{ROOT}holds/{key}")
}

/// A story's hold as last fetched from the team remote.
pub fn fetched_hold(key: &str) -> String {
    format!("{ROOT}team-holds/{key}")
}

/// The refspec that fetches the team's holds.
pub fn fetch_holds() -> String {
    format!("+{}*:{}*", hold(""), fetched_hold(""))
}

/// A story's sign-offs on the team remote: a chain of records, each accepting
/// or rejecting it on one environment, the newest at the tip.
pub fn acceptance(key: &str) -> String {
    format!("{ROOT}acceptance/{key}")
}

/// A story's sign-offs as last fetched from the team remote.
pub fn fetched_acceptance(key: &str) -> String {
    format!("{ROOT}team-acceptance/{key}")
}

/// The refspec that fetches the team's sign-offs.
pub fn fetch_acceptances() -> String {
    format!("+{}*:{}*", acceptance(""), fetched_acceptance(""))
}

/// A sign-off written but perhaps not pushed: a run killed after writing it
/// is completed (or dropped) by the next.
pub fn pending_acceptance(key: &str) -> String {
    format!("{ROOT}pending-acceptance/{key}")
}

/// A rollback written but perhaps not pushed or deployed: a run killed after
/// writing it is completed (or dropped) by the next.
pub fn pending_rollback(env: &str) -> String {
    format!("{ROOT}pending-rollbacks/{env}")
}

/// The deployment an environment's Looker instance confirmed it deployed: when
/// the environment's tip is another, Looker has not caught up.
pub fn looker(env: &str) -> String {
    format!("{ROOT}looker/{env}")
}

/// Where a sync left an environment when the render changed no file: a
/// deployment on top of its tip, kept here rather than pushed as an empty
/// commit.
pub fn synced(env: &str) -> String {
    format!("{ROOT}synced/{env}")
}

/// Marks that the companion `name` ran its deploy command for the pending
/// deployment to `env` this ref points at: the next run after a kill runs
/// only the companions not marked, then pushes.
pub fn companion_ran(env: &str, name: &str) -> String {
    format!("{ROOT}companions-ran/{env}/{name}")
}

/// A companion's main as last fetched, in the companion's clone.
pub fn companion_main(main: &str) -> String {
    format!("{ROOT}companion-main/{main}")
}

/// A story's branch of a companion's remote as last fetched, in the
/// companion's clone: what `story pr` pushes over, never forcing.
pub fn companion_story(branch: &str) -> String {
    format!("{ROOT}companion-story/{branch}")
}

/// A temporary ref that carries a commit to a push (git pushes refs, not ids).
pub fn push_carrier(id: &str) -> String {
    format!("{ROOT}push/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_under_the_root() {
        for name in [
            environment("dev-alice"),
            pending("dev-alice"),
            team("main"),
            pushed("story/A-1-x"),
            backup("story/A-1-x"),
            story("A-1"),
            fetched_story("A-1"),
            push_carrier("abc"),
            companion_ran("integration", "warehouse"),
            companion_main("main"),
            release("release/2026-12-06"),
            pending_release("release/2026-12-06"),
            hold("A-1"),
            fetched_hold("A-1"),
            pending_rollback("acceptance"),
            acceptance("A-1"),
            fetched_acceptance("A-1"),
            pending_acceptance("A-1"),
            looker("acceptance"),
            synced("dev-alice"),
        ] {
            assert!(name.starts_with(ROOT), "{name}");
        }
        assert_eq!(
            fetch_stories(),
            "+refs/storyboard/stories/*:refs/storyboard/team-stories/*"
        );
        assert_eq!(
            fetch_acceptances(),
            "+refs/storyboard/acceptance/*:refs/storyboard/team-acceptance/*"
        );
        assert_eq!(
            fetch_releases("release/"),
            "+refs/heads/release/*:refs/storyboard/releases/release/*"
        );
    }
}
