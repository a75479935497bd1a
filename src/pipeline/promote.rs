//! Promotion: a stage takes its next source (main, the newest release, or what
//! the stage before it holds), planned first — the source, the stories that
//! arrive and leave, the semantic diff — and deployed only as planned: when
//! someone else deployed to the stage since the plan, nothing is written.

use std::fmt;

use serde::Serialize;

use super::acceptance::{Judge, SignOff, SignOffState, latest};
use super::minus;
use super::release::list;
use crate::deploy::{DeployError, DeployReport, Deployment, Fetched, Source, SourceKind};
use crate::git::{Id, Repo};
use crate::progress::{Progress, step};
use crate::semdiff::Diff;
use crate::story::{Result, StoryError, Workspace};

/// What a promotion will do.
#[derive(Debug, Clone)]
pub struct PromotionPlan {
    pub environment: String,
    pub source: Source,
    /// Why this source (`the newest release`, `what integration holds`, `--ref X`).
    pub why: String,
    /// The deployment the stage holds now.
    pub current: Option<Deployment>,
    /// The stage's branch tip the plan was made against.
    pub expected_tip: Option<Id>,
    pub arriving: Vec<String>,
    pub leaving: Vec<String>,
    /// From what the stage holds to what it will hold, in canonical form.
    pub diff: Diff,
    /// An interrupted deployment to the stage completed or dropped first.
    pub resumed: Option<crate::deploy::Resumed>,
    /// The stage's Looker has not confirmed what its branch holds: promoting
    /// again retries telling it.
    pub looker_behind: bool,
    /// What the previous stage's Looker validator warned of (errors refuse).
    pub validation_warnings: Vec<String>,
    /// The arriving stories' sign-offs, judged against the source arriving:
    /// a sign-off on another source whose changes to the story's objects
    /// differ from it is stale.
    pub sign_offs: Vec<SignOff>,
    /// The stage whose sign-off this one needs (`require_acceptance`), when
    /// this stage comes after it.
    pub requires: Option<String>,
    /// Each companion's revision going with the source, in deploy order.
    pub companions: Vec<super::CompanionStep>,
}

impl PromotionPlan {
    /// The same plan, each companion kept at what the stage holds: a
    /// rollback must not bring a companion's newer main along with it (the
    /// companions it reverts are set after, by `with_companion_reverts`).
    pub(crate) fn keeping_companions(mut self) -> PromotionPlan {
        for c in &mut self.companions {
            if let Some(now) = c.current {
                c.rev = now;
                c.why = "kept by the rollback".to_string();
            }
        }
        self
    }

    /// Whether the stage holds this source already.
    pub fn holds_already(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|d| d.source == self.source.commit)
            && self.companions.iter().all(|c| !c.changes())
    }

    /// The plan as text, the semantic diff coloured or not.
    pub fn text(&self, color: bool) -> String {
        let mut out = String::new();
        if let Some(r) = &self.resumed {
            out.push_str(&format!("{r}\n"));
        }
        out.push_str(&format!("promote {}\n", self.environment));
        out.push_str(&format!(
            "  from      {} ({}), {}\n",
            self.source.label(),
            self.source.commit.short(),
            self.why
        ));
        match &self.current {
            Some(d) => out.push_str(&format!(
                "  replacing {} ({}), deployed {} by {}\n",
                d.source_ref.as_deref().unwrap_or("a commit"),
                d.source.short(),
                d.at().date_time_zone(),
                d.by()
            )),
            None => out.push_str("  replacing nothing: the first deployment\n"),
        }
        out.push_str(&format!("  arriving  {}\n", list(&self.arriving)));
        out.push_str(&format!("  leaving   {}\n", list(&self.leaving)));
        for c in &self.companions {
            let change = match c.current {
                Some(now) if now == c.rev => "unchanged".to_string(),
                Some(now) => format!("replacing {}", now.short()),
                None => "its first deployment here".to_string(),
            };
            out.push_str(&format!(
                "  companion {} {} ({}), {change}\n",
                c.name,
                c.rev.short(),
                c.why
            ));
        }
        let mut label = "  sign-off  ";
        for key in &self.arriving {
            for line in self.sign_off_lines(key) {
                out.push_str(&format!("{label}{key}  {line}\n"));
                label = "            ";
            }
        }
        for w in &self.validation_warnings {
            out.push_str(&format!("  looker    {w}\n"));
        }
        if self.holds_already() {
            if self.looker_behind {
                out.push_str(&format!(
                    "\n{} holds {} already, but its Looker has not deployed it: promoting again tells Looker only\n",
                    self.environment,
                    self.source.commit.short()
                ));
            } else {
                out.push_str(&format!(
                    "\n{} holds {} already; nothing to promote\n",
                    self.environment,
                    self.source.commit.short()
                ));
            }
            return out;
        }
        out.push('\n');
        if self.current.is_none() {
            // A first deployment adds the whole project: its summary says it.
            let s = self.diff.summary();
            out.push_str(&format!(
                "the first deployment: the whole project arrives, {} object(s) (`--json` lists each)\n",
                s.added
            ));
            return out;
        }
        out.push_str(&crate::semdiff::render::text(&self.diff, color));
        out
    }

    /// An arriving story's sign-offs for people; the required stage is named
    /// even without one.
    fn sign_off_lines(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .sign_offs
            .iter()
            .filter(|s| s.key == key)
            .map(|s| s.to_string())
            .collect();
        match &self.requires {
            Some(r)
                if !self
                    .sign_offs
                    .iter()
                    .any(|s| s.key == key && s.environment == *r) =>
            {
                out.push(format!("not signed off on {r}"));
            }
            _ if out.is_empty() => out.push("not signed off".to_string()),
            _ => {}
        }
        out
    }

    /// The arriving stories the stage may not take: not accepted on the
    /// stage it requires, rejected there, or stale; each with its state and
    /// what to do.
    pub fn unaccepted(&self) -> Vec<String> {
        let Some(required) = &self.requires else {
            return Vec::new();
        };
        self.arriving
            .iter()
            .filter_map(|k| {
                let found = self
                    .sign_offs
                    .iter()
                    .find(|s| s.key == *k && s.environment == *required);
                match found {
                    Some(s) if s.state == SignOffState::Accepted => None,
                    Some(s) if s.state == SignOffState::Rejected => Some(format!(
                        "{k}  {s}\n        take it out: `storyboard rollback {k} --from {required}`"
                    )),
                    Some(s) => Some(format!(
                        "{k}  {s}\n        test it again, then `storyboard accept {k} --on {required}`"
                    )),
                    None => Some(format!("{k}  not accepted on {required}")),
                }
            })
            .collect()
    }

    /// The plan for scripts.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "environment": self.environment,
            "source": self.source.commit.to_string(),
            "source_ref": source_ref(&self.source),
            "why": self.why,
            "current": self.current.as_ref().map(|d| serde_json::json!({
                "source": d.source.to_string(),
                "source_ref": d.source_ref,
                "deployed_at": d.commit.committer.time,
                "deployed_by": d.by(),
            })),
            "arriving": self.arriving,
            "leaving": self.leaving,
            "companions": self.companions,
            "holds_already": self.holds_already(),
            "looker_behind": self.looker_behind,
            "validation_warnings": self.validation_warnings,
            "requires_acceptance_on": self.requires,
            "sign_offs": self.arriving.iter().map(|k| {
                (k.clone(), serde_json::to_value(
                    self.sign_offs.iter().filter(|s| s.key == *k).collect::<Vec<_>>()
                ).unwrap_or(serde_json::Value::Null))
            }).collect::<serde_json::Map<String, serde_json::Value>>(),
            "diff": serde_json::from_str::<serde_json::Value>(&crate::semdiff::render::json(&self.diff))
                .unwrap_or(serde_json::Value::Null),
        })
    }
}

impl fmt::Display for PromotionPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(false))
    }
}

fn source_ref(source: &Source) -> Option<String> {
    match &source.kind {
        SourceKind::Commit => None,
        _ => Some(source.label()),
    }
}

/// What a promotion did.
#[derive(Debug, Clone, Serialize)]
pub struct PromoteReport {
    pub environment: String,
    pub source: String,
    pub source_ref: Option<String>,
    /// The deployment commit; `None` when the stage held the source already.
    pub deployment: Option<String>,
    pub arrived: Vec<String>,
    pub left: Vec<String>,
    /// The companions' revisions deployed with it.
    pub companions: Vec<super::CompanionStep>,
    pub rendered: usize,
    pub incremental: bool,
    /// `deployed`, `failed: why`, or nothing when the stage has no Looker.
    pub looker: Option<String>,
    #[serde(skip)]
    pub deployed: Option<DeployReport>,
}

impl fmt::Display for PromoteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = self.deployed.as_ref().and_then(|d| d.resumed.as_ref()) {
            writeln!(f, "{r}")?;
        }
        let label = self
            .source_ref
            .clone()
            .unwrap_or_else(|| self.source.clone());
        match &self.deployment {
            Some(c) => writeln!(
                f,
                "promoted {label} ({}) to {} as {} ({} file(s) rendered{})",
                short(&self.source),
                self.environment,
                short(c),
                self.rendered,
                if self.incremental {
                    ", the rest kept"
                } else {
                    ""
                }
            )?,
            None => writeln!(f, "{} holds {label} already", self.environment)?,
        }
        writeln!(f, "  arrived  {}", list(&self.arrived))?;
        writeln!(f, "  left     {}", list(&self.left))?;
        for c in &self.companions {
            writeln!(
                f,
                "  {} {} {}",
                c.name,
                c.rev.short(),
                if c.changes() { "deployed" } else { "unchanged" }
            )?;
        }
        if let Some(step) = self.deployed.as_ref().and_then(|d| d.looker.as_ref()) {
            write!(f, "{}", step.describe(&self.environment))?;
        }
        Ok(())
    }
}

fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

impl Workspace {
    /// Plans promoting `stage` to its next source, or to `reference`: fetches
    /// what the plan depends on, completes a deployment a killed run left, and
    /// refuses what the guards refuse. Writes nothing but tracking refs.
    pub fn plan_promotion(
        &self,
        stage: &str,
        reference: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<PromotionPlan> {
        let env = self.stage(stage)?;
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let deployer = self.deployer(&repo);
        step(progress, format!("fetching {}", env.name), 0, 4);
        self.finish_companions(&repo, &env, progress)?;
        let resumed = deployer.resume(&env)?;
        let index = self
            .config
            .stages
            .iter()
            .position(|s| *s == env.name)
            .unwrap_or(0);
        let previous = index
            .checked_sub(1)
            .and_then(|i| self.config.stages.get(i))
            .and_then(|p| self.config.environment(p));
        step(
            progress,
            "fetching main, the releases and the stage before",
            1,
            4,
        );
        // The stage before matters when this one takes what it holds, or is
        // protected (and takes only that).
        let takes_previous = reference.is_none()
            && index > 0
            && self.config.release_from.as_deref() != Some(env.name.as_str());
        // The team remote and the stages' remotes are different servers: each
        // is asked at the same time as the others, over a handle of its own.
        let (main, state) = std::thread::scope(|scope| {
            let main = scope.spawn(|| self.repo().and_then(|own| self.fetch_main(&own)));
            let stages = (|| {
                if let Some(p) = previous.filter(|_| takes_previous || env.protected) {
                    deployer.fetch(p)?;
                }
                Ok::<_, StoryError>(deployer.fetch(&env)?)
            })();
            (main.join(), stages)
        });
        main.map_err(|_| {
            StoryError::refused(
                "fetching the team remote stopped unexpectedly",
                "run the command again",
            )
        })??;
        let state = state?;
        let positions = self.positions(&repo)?;
        let (source, why) = match reference {
            Some(r) => (
                self.resolve_source(&repo, r)?,
                format!("as --ref {r} names"),
            ),
            None => positions.next(self, &env.name).map_err(|why| {
                StoryError::refused(
                    format!("`{}` has nothing to take: {why}", env.name),
                    "or name what to deploy with --ref",
                )
            })?,
        };
        if env.protected
            && let Some(p) = previous
        {
            let held = positions
                .environments
                .iter()
                .find(|(e, _)| e.name == p.name)
                .and_then(|(_, s)| s.last.as_ref())
                .map(|d| d.source);
            if held != Some(source.commit) {
                return Err(StoryError::refused(
                    format!(
                        "`{}` is protected: it takes only the commit `{}` holds ({}), and {} is not it",
                        env.name,
                        p.name,
                        held.map(|h| h.short())
                            .unwrap_or_else(|| "nothing yet".into()),
                        source.commit.short()
                    ),
                    format!(
                        "promote `{}` to it first (`storyboard promote {}`), then `{}`",
                        p.name, p.name, env.name
                    ),
                ));
            }
        }
        step(progress, "reading which stories arrive", 2, 4);
        let mut plan = self.describe_promotion(&repo, &env.name, state, source, why, resumed)?;
        plan.looker_behind = deployer.looker_behind(&env, &deployer.state(&env)?)?;
        if env.looker.as_ref().is_some_and(|l| l.validate) && !plan.holds_already() {
            step(progress, "asking Looker to validate the stage before", 3, 4);
            plan.validation_warnings = self.looker_gate(&env, previous)?;
        }
        let held = self.holds_in(&repo)?;
        let blocked: Vec<String> = held
            .iter()
            .filter(|h| plan.arriving.contains(&h.key) && self.held_from(h).contains(&env.name))
            .map(|h| format!("    {h}"))
            .collect();
        if !blocked.is_empty() {
            return Err(StoryError::refused(
                format!(
                    "the promotion would bring back what is held out of `{}`:\n{}",
                    env.name,
                    blocked.join("\n")
                ),
                "lift the hold with `storyboard unhold STORY` once it is ready, or promote a source without it (`--ref`)",
            ));
        }
        let unaccepted = plan.unaccepted();
        if let Some(required) = plan.requires.as_ref().filter(|_| !unaccepted.is_empty()) {
            return Err(StoryError::refused(
                format!(
                    "`{}` takes only stories accepted on `{required}`, and {} of those the promotion would bring {}:\n{}",
                    env.name,
                    unaccepted.len(),
                    if unaccepted.len() == 1 {
                        "is not"
                    } else {
                        "are not"
                    },
                    unaccepted
                        .iter()
                        .map(|u| format!("    {u}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                format!(
                    "accept each once tested (`storyboard accept KEY --on {required}`), or take a rejected one out with `storyboard rollback KEY --from {required}`"
                ),
            ));
        }
        Ok(plan)
    }

    /// The gate of `validate = true`: the previous stage's Looker validates its
    /// project; errors refuse the promotion, warnings are returned.
    fn looker_gate(
        &self,
        env: &crate::config::Environment,
        previous: Option<&crate::config::Environment>,
    ) -> Result<Vec<String>> {
        let Some((p, looker)) = previous.and_then(|p| Some((p, p.looker.as_ref()?))) else {
            return Err(StoryError::refused(
                format!(
                    "`{}` asks for validation first, but the stage before it has no Looker configured",
                    env.name
                ),
                "add [environment.STAGE.looker] with API credentials to the stage before, or drop `validate`",
            ));
        };
        let var = |k: &str| std::env::var(k).ok();
        let problems = crate::looker::Instance::new(looker, &var)
            .validate()
            .map_err(|e| {
                StoryError::refused(
                    format!("`{}`'s Looker could not validate its project: {e}", p.name),
                    format!("promotion to `{}` waits for a validation", env.name),
                )
            })?;
        let (errors, warnings): (Vec<_>, Vec<_>) = problems.iter().partition(|p| p.is_error());
        if !errors.is_empty() {
            return Err(StoryError::refused(
                format!(
                    "`{}`'s Looker finds errors in what it holds, so `{}` does not take it:\n{}",
                    p.name,
                    env.name,
                    errors
                        .iter()
                        .map(|e| format!("    {e}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                "fix them in a story and promote again",
            ));
        }
        Ok(warnings.iter().map(|w| w.to_string()).collect())
    }

    /// The plan of deploying `source` to `env` (whose state is `state`): the
    /// stories arriving and leaving, and the semantic diff.
    pub(crate) fn describe_promotion(
        &self,
        repo: &Repo,
        env: &str,
        state: crate::deploy::EnvState,
        source: Source,
        why: String,
        resumed: Option<crate::deploy::Resumed>,
    ) -> Result<PromotionPlan> {
        let stories = self.known_stories(repo)?;
        let current = state.last.clone();
        let mut tips = vec![source.commit];
        tips.extend(current.as_ref().map(|d| d.source));
        let contained = self.containment(repo, &stories, &tips)?;
        let after = contained.keys(source.commit);
        let before = current
            .as_ref()
            .map(|d| contained.keys(d.source))
            .unwrap_or_default();
        let diff = self.commits_diff(repo, current.as_ref().map(|d| d.source), source.commit)?;
        let arriving = minus(&after, &before);
        let companions = self.plan_companions(repo, env, &source, current.as_ref())?;
        let sign_offs = self.arriving_sign_offs(repo, &stories, &arriving, source.commit)?;
        Ok(PromotionPlan {
            environment: env.to_string(),
            sign_offs,
            requires: self.requires_acceptance(env),
            arriving,
            leaving: minus(&before, &after),
            source,
            why,
            current,
            expected_tip: state.tip,
            diff,
            resumed,
            looker_behind: false,
            validation_warnings: Vec::new(),
            companions,
        })
    }

    /// The sign-offs of the stories in `arriving`, judged against `source`.
    fn arriving_sign_offs(
        &self,
        repo: &Repo,
        stories: &[super::KnownStory],
        arriving: &[String],
        source: Id,
    ) -> Result<Vec<SignOff>> {
        if arriving.is_empty() {
            return Ok(Vec::new());
        }
        let records = self.records_in(repo)?;
        let mut judge = Judge::new(self, repo, stories);
        let mut out = Vec::new();
        for r in latest(&records).into_values() {
            if arriving.contains(&r.key) {
                out.push(judge.judge(r, Some(source))?);
            }
        }
        judge.save();
        Ok(out)
    }

    /// The stage whose sign-off `env` needs: `require_acceptance`, when `env`
    /// comes after it in the pipeline.
    pub(crate) fn requires_acceptance(&self, env: &str) -> Option<String> {
        let required = self.config.require_acceptance.as_ref()?;
        let stages = &self.config.stages;
        let at = stages.iter().position(|s| s == required)?;
        let here = stages.iter().position(|s| s == env)?;
        (here > at).then(|| required.clone())
    }

    /// Deploys a plan: only over the stage's branch as the plan found it.
    pub fn promote(&self, plan: &PromotionPlan, progress: Progress<'_>) -> Result<PromoteReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        self.promote_locked(&repo, plan, None, progress)
    }

    /// [`Workspace::promote`] under the lock already held; `trailer` is one
    /// more line for the deployment commit (a rollback's).
    pub(crate) fn promote_locked(
        &self,
        repo: &Repo,
        plan: &PromotionPlan,
        trailer: Option<String>,
        progress: Progress<'_>,
    ) -> Result<PromoteReport> {
        let env = self.stage(&plan.environment)?;
        let who = self.promoter(repo)?;
        // The companions deploy once the LookML deployment is pending and
        // before it is pushed: a failure leaves the stage's branch unmoved.
        let rollback = trailer
            .as_deref()
            .is_some_and(|t| t.starts_with(super::contains::ROLLBACK_TRAILER));
        let run_companions = |pending: Id| -> crate::deploy::Result<()> {
            Ok(self.run_companions(
                repo,
                &env.name,
                &plan.companions,
                pending,
                rollback,
                progress,
            )?)
        };
        let recorded: Vec<(String, Id)> = plan
            .companions
            .iter()
            .map(|c| (c.name.clone(), c.rev))
            .collect();
        let hook: Option<crate::deploy::BeforePush<'_>> =
            (!recorded.is_empty()).then_some(&run_companions as crate::deploy::BeforePush<'_>);
        let deployer = self
            .deployer(repo)
            .promoting(who)
            .with_trailer(trailer)
            .with_companions(recorded, hook);
        self.finish_companions(repo, &env, progress)?;
        let resumed = deployer.resume(&env)?;
        // As the plan found it: the push below goes only over that tip (the
        // remote checks), so a deployment made meanwhile is refused there
        // without fetching again first.
        let state = deployer.state(&env)?;
        if state.tip != plan.expected_tip {
            return Err(self.moved_since(repo, &env, plan));
        }
        let fetched = Fetched {
            state,
            resumed,
            synced: None,
        };
        let report = match deployer.deploy_fetched(&env, fetched, &plan.source, progress) {
            Ok(r) => r,
            Err(DeployError::Remote(crate::git::RemoteError::Rejected { .. })) => {
                // Someone pushed between our fetch and our push.
                let _ = deployer.fetch(&env);
                return Err(self.moved_since(repo, &env, plan));
            }
            Err(e) => return Err(e.into()),
        };
        self.clear_companion_marks(repo, &env.name)?;
        Ok(PromoteReport {
            environment: env.name.clone(),
            source: plan.source.commit.to_string(),
            source_ref: source_ref(&plan.source),
            deployment: report.commit.map(|c| c.to_string()),
            arrived: plan.arriving.clone(),
            left: plan.leaving.clone(),
            companions: plan.companions.clone(),
            rendered: report.rendered,
            incremental: report.incremental,
            looker: report.looker.as_ref().map(|l| match l {
                crate::deploy::LookerStep::Deployed { .. } => "deployed".to_string(),
                crate::deploy::LookerStep::Failed { why, .. } => format!("failed: {why}"),
            }),
            deployed: Some(report),
        })
    }

    /// The refusal when a stage moved after its promotion was planned: whose
    /// deployment (or edit) it was.
    fn moved_since(
        &self,
        repo: &Repo,
        env: &crate::config::Environment,
        plan: &PromotionPlan,
    ) -> StoryError {
        let state = self.deployer(repo).state(env).ok();
        let tip = state.as_ref().and_then(|s| s.tip);
        let whose = match state.as_ref().and_then(|s| s.last.as_ref()) {
            Some(d) if Some(d.commit.id) == tip => format!(
                "{} deployed {} ({}) at {}",
                d.by(),
                d.source_ref.as_deref().unwrap_or("a commit"),
                d.source.short(),
                d.at().date_time_zone()
            ),
            _ => match tip.and_then(|t| repo.commit(t).ok()) {
                Some(c) => format!(
                    "{} committed {} ({})",
                    c.author.name,
                    c.id.short(),
                    c.summary()
                ),
                None => "its branch is gone".to_string(),
            },
        };
        StoryError::refused(
            format!(
                "`{}` changed since the plan was made: {whose}; nothing was written",
                plan.environment
            ),
            format!(
                "run `storyboard promote {}` again to see the new plan",
                plan.environment
            ),
        )
    }

    /// What `--ref` names: a release, a story, a branch, or a commit.
    fn resolve_source(&self, repo: &Repo, reference: &str) -> Result<Source> {
        let name = reference.strip_prefix("refs/heads/").unwrap_or(reference);
        if let Some(r) = self.releases(repo)?.into_iter().find(|r| r.name == name) {
            return Ok(Source {
                commit: r.commit,
                kind: SourceKind::Release(r.name),
            });
        }
        let main = &self.config.project.main;
        if name == main {
            return Ok(Source {
                commit: self.main_commit(repo)?,
                kind: SourceKind::Branch(main.clone()),
            });
        }
        if let Ok(story) = self.find(repo, name) {
            return Ok(Source {
                commit: self.story_head(repo, &story)?,
                kind: SourceKind::Story(story.branch),
            });
        }
        if let Some(id) = repo.ref_target(&format!("refs/heads/{name}"))? {
            return Ok(Source {
                commit: id,
                kind: SourceKind::Branch(name.to_string()),
            });
        }
        let commit = repo.resolve(reference).map_err(|e| {
            StoryError::refused(
                e.to_string(),
                "give --ref a release, a story, a branch, a tag or a commit",
            )
        })?;
        Ok(Source {
            commit,
            kind: SourceKind::Commit,
        })
    }
}
