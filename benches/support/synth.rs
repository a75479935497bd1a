//! Deterministic generator of a synthetic LookML project, for benchmarks and tests.
//!
//! The project is shaped like a large real one: a `manifest.lkml` with constants, a handful of
//! model files with includes, datagroups, explores, joins and data tests, refinement files,
//! thousands of view files (most of a few KB, some large, a few of several hundred KB as schema
//! generators write them) and YAML LookML dashboards (about 5% of the files).
//!
//! Every `.lkml` file parses with Python `lkml`, and `str(lkml.parse(text)) == text` holds, once
//! the CRLF line ends that about 2% of the files carry are turned into LF (lkml rejects `\r`).
//! Every `.dashboard.lookml` file loads with a YAML parser.
//!
//! Only std is used. All randomness comes from seeded SplitMix64 streams and sizes are computed
//! with integer arithmetic, so one `SynthConfig` always yields the same bytes on every platform.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

/// What to generate. `target_bytes` is a total for the whole project; individual files are
/// sized around it, so the result lands within a few percent of it.
#[derive(Clone, Debug)]
pub struct SynthConfig {
    pub files: usize,
    pub target_bytes: usize,
    pub seed: u64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            files: 5_000,
            target_bytes: 50_000_000,
            seed: 42,
        }
    }
}

impl SynthConfig {
    /// The default project, resized by `SYNTH_FILES` and `SYNTH_MB` when set.
    pub fn from_env() -> SynthConfig {
        let var = |k: &str, d: usize| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        SynthConfig {
            files: var("SYNTH_FILES", 5_000),
            target_bytes: var("SYNTH_MB", 50) * 1_000_000,
            seed: 42,
        }
    }
}

/// The files as (path, bytes) pairs, the form the library loads.
pub fn pairs(files: &[SynthFile]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    files
        .iter()
        .map(|f| (std::path::PathBuf::from(&f.path), f.bytes.clone()))
        .collect()
}

/// One generated file. `path` is relative to the project root and uses `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Generates the project described by `cfg`. The first file is `manifest.lkml`, then the models,
/// the refinement files, the views and the dashboards.
pub fn generate(cfg: &SynthConfig) -> Vec<SynthFile> {
    let plan = Plan::new(cfg);
    let mut out = Vec::with_capacity(cfg.files.max(4));

    let mut rng = Rng::new(mix(cfg.seed, 2, 0));
    out.push(SynthFile {
        path: "manifest.lkml".into(),
        bytes: gen_manifest(&mut rng).into_bytes(),
    });
    for (mi, name) in MODELS.iter().enumerate().take(plan.models.len()) {
        let mut rng = Rng::new(mix(cfg.seed, 3, mi as u64));
        let text = gen_model(&plan, mi, &mut rng);
        out.push(SynthFile {
            path: format!("models/{name}.model.lkml"),
            bytes: text.into_bytes(),
        });
    }
    for (mi, name) in MODELS.iter().enumerate().take(plan.models.len()) {
        if plan.models[mi].refinements {
            let mut rng = Rng::new(mix(cfg.seed, 4, mi as u64));
            let text = gen_refinements(&plan, mi, &mut rng);
            out.push(SynthFile {
                path: format!("refinements/{name}.refinements.lkml"),
                bytes: text.into_bytes(),
            });
        }
    }

    // Views and dashboards share what is left of the byte target, in proportion to their weights.
    let fixed: usize = out.iter().map(|f| f.bytes.len()).sum();
    let remaining = cfg.target_bytes.saturating_sub(fixed) as u128;
    let total_weight: u128 = plan.views.iter().map(|v| v.weight as u128).sum::<u128>()
        + plan
            .dashboards
            .iter()
            .map(|d| d.weight as u128)
            .sum::<u128>();
    let budget = |w: u64| -> usize {
        if total_weight == 0 {
            return MIN_BUDGET;
        }
        ((w as u128 * remaining / total_weight) as usize).max(MIN_BUDGET)
    };

    for vi in 0..plan.views.len() {
        let v = &plan.views[vi];
        let mut rng = Rng::new(mix(cfg.seed, 5, vi as u64));
        let mut text = gen_view(&plan, vi, budget(v.weight), &mut rng);
        if v.crlf {
            text = text.replace('\n', "\r\n");
        }
        out.push(SynthFile {
            path: format!("views/{}/{}.view.lkml", AREAS[v.area], v.name),
            bytes: text.into_bytes(),
        });
    }
    for di in 0..plan.dashboards.len() {
        let d = &plan.dashboards[di];
        let mut rng = Rng::new(mix(cfg.seed, 6, di as u64));
        let mut text = gen_dashboard(&plan, di, budget(d.weight), &mut rng);
        if d.crlf {
            text = text.replace('\n', "\r\n");
        }
        out.push(SynthFile {
            path: format!("dashboards/{}.dashboard.lookml", d.name),
            bytes: text.into_bytes(),
        });
    }
    out
}

/// Writes `files` under `dir`, creating folders as needed.
pub fn write_to(dir: &Path, files: &[SynthFile]) -> io::Result<()> {
    let mut made: HashSet<std::path::PathBuf> = HashSet::new();
    for f in files {
        let path = dir.join(&f.path);
        let parent = path.parent().unwrap_or(dir);
        if made.insert(parent.to_path_buf()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.bytes)?;
    }
    Ok(())
}

/// Returns a copy of `files` in which `changed` files (views first) carry one realistic edit
/// each: a column in a `sql:` changed, a dimension added, or a label or title reworded. The
/// edited files stay valid LookML (or YAML) and keep their line ends.
pub fn mutate_story(files: &[SynthFile], changed: usize, seed: u64) -> Vec<SynthFile> {
    let mut out = files.to_vec();
    let mut rng = Rng::new(mix(seed, 7, files.len() as u64));
    let mut views: Vec<usize> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if f.path.ends_with(".view.lkml") {
            views.push(i);
        } else {
            others.push(i);
        }
    }
    rng.shuffle(&mut views);
    rng.shuffle(&mut others);
    views.extend(others);
    for (n, &i) in views.iter().take(changed).enumerate() {
        let text = match std::str::from_utf8(&files[i].bytes) {
            Ok(t) => t,
            Err(_) => continue,
        };
        let edited = edit_file(&files[i].path, text, n, &mut rng);
        out[i].bytes = edited.into_bytes();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast and good enough for shaping test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `permille / 1000`.
    fn chance(&mut self, permille: u32) -> bool {
        (self.next_u64() % 1000) < permille as u64
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
    /// A size in `lo..=hi`, skewed towards `lo` (density of u^2), in integers only.
    fn skewed(&mut self, lo: u64, hi: u64) -> u64 {
        let u = self.next_u64() >> 48; // 0..65536
        lo + (hi - lo) * (u * u) / (65_536 * 65_536)
    }
}

fn mix(seed: u64, stream: u64, index: u64) -> u64 {
    let mut r = Rng::new(
        seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F)
            ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB),
    );
    r.next_u64() ^ r.next_u64().rotate_left(17)
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const MIN_BUDGET: usize = 700;

const AREAS: &[&str] = &[
    "core",
    "sales",
    "finance",
    "marketing",
    "product",
    "support",
    "logistics",
    "inventory",
    "billing",
    "people_ops",
    "web",
    "mobile",
    "ads",
    "crm",
    "risk",
    "growth",
    "operations",
    "partners",
    "retail",
    "supply_chain",
    "events",
    "content",
    "search",
    "experiments",
];

/// No name is a prefix of another, so `"/dashboards/<model>_*.dashboard"` globs stay disjoint.
const MODELS: &[&str] = &[
    "ecommerce",
    "finance",
    "marketing",
    "product_analytics",
    "customer_support",
    "logistics",
    "people",
    "web_traffic",
    "inventory",
    "billing",
];

const QUALIFIERS: &[&str] = &[
    "", "", "", "stg_", "fct_", "dim_", "daily_", "monthly_", "int_", "agg_", "rpt_", "raw_",
    "hist_",
];

const NOUNS: &[&str] = &[
    "orders",
    "order_items",
    "customers",
    "accounts",
    "invoices",
    "payments",
    "refunds",
    "sessions",
    "events",
    "page_views",
    "products",
    "inventory_items",
    "shipments",
    "returns",
    "subscriptions",
    "plans",
    "users",
    "employees",
    "departments",
    "tickets",
    "ticket_comments",
    "campaigns",
    "ad_spend",
    "leads",
    "opportunities",
    "contracts",
    "vendors",
    "purchase_orders",
    "warehouses",
    "stores",
    "promotions",
    "coupons",
    "reviews",
    "experiments",
    "assignments",
    "devices",
    "app_installs",
    "notifications",
    "emails",
    "searches",
    "carts",
    "checkouts",
    "deliveries",
    "routes",
    "drivers",
    "budgets",
    "ledger_entries",
    "exchange_rates",
    "forecasts",
    "targets",
    "surveys",
    "nps_responses",
    "partners",
    "commissions",
    "fraud_checks",
    "chargebacks",
    "categories",
    "brands",
    "regions",
    "territories",
];

const NUM_COLS: &[&str] = &[
    "amount",
    "price",
    "quantity",
    "discount",
    "tax",
    "revenue",
    "cost",
    "margin",
    "score",
    "rating",
    "duration_seconds",
    "weight_kg",
    "distance_km",
    "balance",
    "fee",
    "units",
    "clicks",
    "impressions",
    "visits",
    "sale_price",
    "list_price",
    "shipping_cost",
    "credits",
    "points",
];

const STR_COLS: &[&str] = &[
    "name",
    "email",
    "city",
    "state",
    "country",
    "region",
    "channel",
    "source",
    "medium",
    "campaign_name",
    "category",
    "brand",
    "sku",
    "segment",
    "tier",
    "plan_name",
    "currency",
    "device_type",
    "browser",
    "platform",
    "language",
    "team",
    "owner",
    "reason",
    "priority",
    "stage",
    "postal_code",
    "title",
    "referrer",
    "landing_page",
    "payment_method",
    "carrier",
];

const BOOL_COLS: &[&str] = &[
    "is_active",
    "is_deleted",
    "is_test",
    "is_first_purchase",
    "is_returning",
    "has_discount",
    "is_paid",
    "is_internal",
    "is_gift",
    "is_flagged",
];

const TIME_COLS: &[&str] = &[
    "updated",
    "shipped",
    "delivered",
    "signed_up",
    "closed",
    "first_seen",
    "last_seen",
    "cancelled",
    "paid",
    "returned",
    "activated",
    "expired",
];

const PREFIXES: &[&str] = &[
    "",
    "",
    "",
    "billing_",
    "shipping_",
    "primary_",
    "original_",
    "normalized_",
    "adjusted_",
    "net_",
    "gross_",
    "last_",
    "first_",
    "avg_",
    "total_",
];

const GROUPS: &[&str] = &[
    "Attributes",
    "Financials",
    "Dates",
    "Identifiers",
    "Geography",
    "Marketing",
    "Quality",
    "Flags",
    "Engagement",
    "Fulfilment",
];

const TOPICS: &[&str] = &[
    "overview",
    "kpis",
    "weekly_review",
    "funnel",
    "cohorts",
    "operations",
    "executive_summary",
    "trends",
    "quality",
    "pipeline",
    "retention",
    "health",
];

const STATUSES: &[&str] = &[
    "complete",
    "pending",
    "cancelled",
    "returned",
    "processing",
    "shipped",
    "on_hold",
    "failed",
];

const CHART_TYPES: &[&str] = &[
    "looker_column",
    "looker_line",
    "looker_bar",
    "looker_pie",
    "looker_grid",
    "single_value",
    "looker_area",
    "looker_scatter",
    "table",
];

fn title(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, word) in name.split('_').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Replaces `~X~` placeholders. Templates use `~` because LookML and Liquid use every brace.
fn tpl(t: &str, subs: &[(&str, &str)]) -> String {
    let mut out = t.to_string();
    for (k, v) in subs {
        if out.contains(k) {
            out = out.replace(k, v);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Plan: names and relations decided before any text is written

#[derive(Clone, Copy, PartialEq, Eq)]
enum ViewKind {
    Table,
    Derived,
    Generated,
}

struct ViewPlan {
    name: String,
    area: usize,
    model: usize,
    related: Vec<usize>,
    kind: ViewKind,
    extends: Option<usize>,
    refined: bool,
    crlf: bool,
    weight: u64,
    /// First (model, explore) that reaches this view.
    home: Option<(usize, usize)>,
}

/// (model, explore, a view reachable in that explore)
type ExploreLink = (String, String, String);
/// (model, dashboard)
type DashLink = (String, String);

struct ExplorePlan {
    base: usize,
    /// (joined view, view it is joined to)
    joins: Vec<(usize, usize)>,
}

struct ModelPlan {
    areas: Vec<usize>,
    explores: Vec<ExplorePlan>,
    dashboards: Vec<usize>,
    refinements: bool,
}

struct DashPlan {
    name: String,
    model: usize,
    weight: u64,
    crlf: bool,
}

struct Plan {
    views: Vec<ViewPlan>,
    models: Vec<ModelPlan>,
    dashboards: Vec<DashPlan>,
}

impl Plan {
    fn new(cfg: &SynthConfig) -> Plan {
        let mut rng = Rng::new(mix(cfg.seed, 1, 0));
        let n = cfg.files.max(4);
        let m = (n / 100).clamp(1, MODELS.len());
        let nd = n * 5 / 100;
        let nr = if n >= 200 { m.div_ceil(2) } else { 0 };
        let nv = n - 1 - m - nd - nr;
        let areas = (1 + m.max(nv / 150)).min(AREAS.len());
        let area_model = |a: usize| if a == 0 { 0 } else { (a - 1) % m };

        let mut used: HashMap<String, usize> = HashMap::new();
        let mut by_area: Vec<Vec<usize>> = vec![Vec::new(); areas];
        let mut views: Vec<ViewPlan> = Vec::with_capacity(nv);
        for i in 0..nv {
            let area = if rng.chance(80) {
                0
            } else {
                1 + rng.below(areas - 1)
            };
            let base = format!("{}{}", rng.pick(QUALIFIERS), rng.pick(NOUNS));
            let count = used.entry(base.clone()).or_insert(0);
            *count += 1;
            let name = if *count == 1 {
                base
            } else {
                format!("{base}_{count}")
            };
            let roll = rng.below(1000);
            let (kind, weight) = if roll < 6 {
                (ViewKind::Generated, rng.skewed(240_000, 800_000))
            } else if roll < 56 {
                (ViewKind::Table, rng.skewed(20_000, 60_000))
            } else {
                (ViewKind::Table, rng.skewed(2_000, 18_000))
            };
            let kind = if kind == ViewKind::Table && rng.chance(180) {
                ViewKind::Derived
            } else {
                kind
            };
            let own = by_area[area].len();
            let core = if area == 0 { 0 } else { by_area[0].len() };
            let mut related = Vec::new();
            let k = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4][rng.below(10)];
            for _ in 0..k {
                if own + core == 0 {
                    break;
                }
                let j = rng.below(own + core);
                let r = if j < own {
                    by_area[area][j]
                } else {
                    by_area[0][j - own]
                };
                if !related.contains(&r) {
                    related.push(r);
                }
            }
            let extends = if kind != ViewKind::Generated && !related.is_empty() && rng.chance(50) {
                Some(related[0])
            } else {
                None
            };
            let refined = kind != ViewKind::Generated && rng.chance(120);
            let crlf = rng.chance(20);
            by_area[area].push(i);
            views.push(ViewPlan {
                name,
                area,
                model: area_model(area),
                related,
                kind,
                extends,
                refined,
                crlf,
                weight,
                home: None,
            });
        }

        let mut models: Vec<ModelPlan> = Vec::with_capacity(m);
        for mi in 0..m {
            let my_areas: Vec<usize> = (1..areas).filter(|&a| area_model(a) == mi).collect();
            let mut pool: Vec<usize> = my_areas
                .iter()
                .flat_map(|&a| by_area[a].iter().copied())
                .collect();
            rng.shuffle(&mut pool);
            let count = (pool.len() / 4).max(pool.len().min(1)).min(90);
            let mut explores = Vec::with_capacity(count);
            for &base in pool.iter().take(count) {
                let max_joins = rng.range(0, 9);
                let mut joins: Vec<(usize, usize)> = Vec::new();
                let mut seen = vec![base];
                let mut queue = vec![base];
                let mut qi = 0;
                while qi < queue.len() && joins.len() < max_joins {
                    let u = queue[qi];
                    qi += 1;
                    for &r in &views[u].related {
                        if joins.len() >= max_joins {
                            break;
                        }
                        if !seen.contains(&r) {
                            seen.push(r);
                            queue.push(r);
                            joins.push((r, u));
                        }
                    }
                }
                explores.push(ExplorePlan { base, joins });
            }
            let mut areas_incl = vec![0];
            areas_incl.extend(my_areas);
            models.push(ModelPlan {
                areas: areas_incl,
                explores,
                dashboards: Vec::new(),
                refinements: mi % 2 == 0 && nr > 0,
            });
        }
        for (mi, model) in models.iter().enumerate() {
            for (ei, e) in model.explores.iter().enumerate() {
                for v in std::iter::once(e.base).chain(e.joins.iter().map(|j| j.0)) {
                    if views[v].home.is_none() {
                        views[v].home = Some((mi, ei));
                    }
                }
            }
        }

        let mut dashboards = Vec::with_capacity(nd);
        for di in 0..nd {
            let mi = di % m;
            let name = format!("{}_{}_{}", MODELS[mi], rng.pick(TOPICS), di);
            models[mi].dashboards.push(di);
            dashboards.push(DashPlan {
                name,
                model: mi,
                weight: rng.skewed(4_000, 30_000),
                crlf: rng.chance(20),
            });
        }
        Plan {
            views,
            models,
            dashboards,
        }
    }

    /// Where a view's links point: (model, explore, a view of that explore), and a dashboard.
    fn link_target(&self, vi: usize, rng: &mut Rng) -> (Option<ExploreLink>, Option<DashLink>) {
        let v = &self.views[vi];
        let (mi, explore) = match v.home {
            Some((mi, ei)) => {
                let e = &self.models[mi].explores[ei];
                (mi, Some((self.views[e.base].name.clone(), v.name.clone())))
            }
            None => {
                let model = &self.models[v.model];
                if model.explores.is_empty() {
                    (v.model, None)
                } else {
                    let e = rng.pick(&model.explores);
                    let b = self.views[e.base].name.clone();
                    (v.model, Some((b.clone(), b)))
                }
            }
        };
        let explore = explore.map(|(e, fv)| (MODELS[mi].to_string(), e, fv));
        let dash = if self.models[mi].dashboards.is_empty() {
            None
        } else {
            let di = *rng.pick(&self.models[mi].dashboards);
            Some((MODELS[mi].to_string(), self.dashboards[di].name.clone()))
        };
        (explore, dash)
    }
}

// ---------------------------------------------------------------------------------------------
// Text writer with a per-file indentation style

#[derive(Clone, Copy)]
struct Style {
    ind: &'static str,
    /// blank lines between fields
    gap: usize,
    /// share (permille) of simple fields written on one line
    compact: u32,
    /// share (permille) of values followed by a `# comment`
    trailing: u32,
}

impl Style {
    fn random(rng: &mut Rng) -> Style {
        let ind = match rng.below(20) {
            0..=13 => "  ",
            14..=16 => "    ",
            _ => "\t",
        };
        let gap = match rng.below(10) {
            0..=1 => 0,
            2..=8 => 1,
            _ => 2,
        };
        Style {
            ind,
            gap,
            compact: [0, 0, 50, 150, 400][rng.below(5)],
            trailing: [0, 10, 30][rng.below(3)],
        }
    }
    fn generated() -> Style {
        Style {
            ind: "  ",
            gap: 1,
            compact: 0,
            trailing: 0,
        }
    }
}

struct W {
    s: String,
    st: Style,
}

impl W {
    fn new(st: Style, cap: usize) -> W {
        W {
            s: String::with_capacity(cap),
            st,
        }
    }
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.s.push_str(self.st.ind);
        }
    }
    fn ln(&mut self, depth: usize, text: &str) {
        self.indent(depth);
        self.s.push_str(text);
        self.s.push('\n');
    }
    fn blank(&mut self) {
        self.s.push('\n');
    }
    fn gap(&mut self, rng: &mut Rng) {
        let mut g = self.st.gap;
        if rng.chance(40) {
            g = if g == 0 { 1 } else { g - 1 };
        }
        for _ in 0..g {
            self.s.push('\n');
        }
    }
    /// Writes a multi-line template whose lines are indented by two spaces per level, at `depth`
    /// levels more, in this file's indentation style.
    fn lines(&mut self, depth: usize, text: &str) {
        for line in text.lines() {
            let trimmed = line.trim_start_matches(' ');
            if trimmed.is_empty() {
                self.s.push('\n');
                continue;
            }
            let level = (line.len() - trimmed.len()) / 2;
            self.ln(depth + level, trimmed);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// manifest, models, refinements

fn gen_manifest(rng: &mut Rng) -> String {
    let mut w = W::new(Style::generated(), 2048);
    w.lines(
        0,
        r##"# Project manifest: constants shared by every model.
project_name: "acme_analytics"

constant: CONNECTION {
  value: "warehouse"
  export: override_optional
}

constant: SCHEMA {
  value: "analytics"
  export: override_optional
}

constant: GCP_PROJECT {
  value: "acme-data-prod"
}

constant: DATE_FORMAT {
  value: "%Y-%m-%d"
}

constant: BRAND_COLOR {
  value: "#1a73e8"
}

constant: SUPPORT_URL {
  value: "https://support.example.com/tickets/"
}

constant: FULL_TABLE_PREFIX {
  value: "@{GCP_PROJECT}.@{SCHEMA}"
}

localization_settings: {
  default_locale: en
  localization_level: permissive
}
"##,
    );
    if rng.chance(500) {
        w.lines(0, "\nnew_lookml_runtime: yes\n");
    }
    w.s
}

fn gen_model(p: &Plan, mi: usize, rng: &mut Rng) -> String {
    let name = MODELS[mi];
    let model = &p.models[mi];
    let mut w = W::new(Style::random(rng), 64 * 1024);
    let t = title(name);
    w.ln(0, &format!("# {t} model"));
    if rng.chance(600) {
        w.ln(
            0,
            "# Keep joins many_to_one where possible; ask #data-eng before adding fanout joins.",
        );
    }
    if rng.chance(500) {
        w.ln(0, "connection: \"warehouse\"");
    } else {
        w.ln(0, "connection: \"@{CONNECTION}\"");
    }
    w.ln(0, &format!("label: \"{t}\""));
    w.blank();
    for &a in &model.areas {
        let glob = match rng.below(4) {
            0 => format!("/views/{}/*.view", AREAS[a]),
            1 => format!("/views/{}/**/*.view.lkml", AREAS[a]),
            _ => format!("/views/{}/*.view.lkml", AREAS[a]),
        };
        w.ln(0, &format!("include: \"{glob}\""));
    }
    if model.refinements {
        w.ln(
            0,
            &format!("include: \"/refinements/{name}.refinements.lkml\""),
        );
    }
    if !model.dashboards.is_empty() {
        w.ln(0, &format!("include: \"/dashboards/{name}_*.dashboard\""));
    }
    w.blank();
    w.lines(
        0,
        &tpl(
            r##"datagroup: ~M~_nightly {
  sql_trigger: SELECT MAX(loaded_at) FROM analytics.etl_runs WHERE job_name = '~M~' ;;
  max_cache_age: "24 hours"
  label: "Nightly load"
  description: "Fires when the nightly ~T~ load finishes"
}

datagroup: ~M~_hourly {
  interval_trigger: "1 hour"
}

persist_with: ~M~_nightly
week_start_day: monday
case_sensitive: no

access_grant: can_view_~M~_pii {
  user_attribute: department
  allowed_values: ["finance", "admin", "~M~"]
}

named_value_format: euro_k {
  value_format: "\"EUR \"#,##0.0,\"K\""
}
"##,
            &[("~M~", name), ("~T~", &t)],
        ),
    );
    for (ei, e) in model.explores.iter().enumerate() {
        w.blank();
        gen_explore(p, mi, ei, e, &mut w, rng);
    }
    let tests = model.explores.len().min(rng.range(1, 3));
    for e in model.explores.iter().take(tests) {
        let b = &p.views[e.base].name;
        w.blank();
        w.lines(
            0,
            &tpl(
                r##"test: ~B~_id_is_unique {
  explore_source: ~B~ {
    column: id {
      field: ~B~.id
    }
    column: count {
      field: ~B~.count
    }
    sorts: [~B~.count: desc]
    limit: 1
  }
  assert: id_is_unique {
    expression: ${~B~.count} = 1 ;;
  }
}"##,
                &[("~B~", b)],
            ),
        );
    }
    w.s
}

fn gen_explore(p: &Plan, mi: usize, ei: usize, e: &ExplorePlan, w: &mut W, rng: &mut Rng) {
    let b = &p.views[e.base].name;
    let model = MODELS[mi];
    if rng.chance(150) {
        w.ln(0, &format!("# {} explore", title(b)));
    }
    w.ln(0, &format!("explore: {b} {{"));
    w.ln(1, &format!("label: \"{}\"", title(b)));
    if rng.chance(500) {
        w.ln(1, &format!("group_label: \"{}\"", title(model)));
    }
    if rng.chance(600) {
        w.ln(
            1,
            &format!(
                "description: \"Start here for {} questions. One row per {} id.\"",
                title(b).to_lowercase(),
                b
            ),
        );
    }
    if rng.chance(300) {
        w.lines(
            1,
            &tpl(
                "always_filter: {\n  filters: [~B~.created_date: \"30 days\"]\n}",
                &[("~B~", b)],
            ),
        );
    }
    if rng.chance(250) {
        w.ln(
            1,
            &format!("sql_always_where: ${{{b}.status}} <> 'test' ;;"),
        );
    } else if rng.chance(100) {
        w.lines(
            1,
            &tpl(
                "sql_always_where:\n  {% if _user_attributes['region'] != 'all' %}\n    ${~B~.status} <> 'test'\n  {% else %}\n    1 = 1\n  {% endif %} ;;",
                &[("~B~", b)],
            ),
        );
    }
    if rng.chance(150) {
        w.ln(1, &format!("fields: [ALL_FIELDS*, -{b}.amount]"));
    }
    if rng.chance(200) {
        w.ln(1, &format!("persist_with: {model}_hourly"));
    }
    if rng.chance(100) {
        w.ln(
            1,
            &format!("required_access_grants: [can_view_{model}_pii]"),
        );
    }
    for &(j, parent) in &e.joins {
        let jn = &p.views[j].name;
        let pn = &p.views[parent].name;
        let ty = *rng.pick(&[
            "left_outer",
            "left_outer",
            "left_outer",
            "inner",
            "full_outer",
        ]);
        let rel = *rng.pick(&[
            "many_to_one",
            "many_to_one",
            "many_to_one",
            "one_to_one",
            "one_to_many",
        ]);
        if w.st.compact >= 400 && rng.chance(300) {
            w.ln(1, &format!("join: {jn} {{ type: {ty} relationship: {rel} sql_on: ${{{pn}.{jn}_id}} = ${{{jn}.id}} ;; }}"));
            continue;
        }
        w.ln(1, &format!("join: {jn} {{"));
        if rng.chance(200) {
            w.ln(2, &format!("view_label: \"{}\"", title(jn)));
        }
        w.ln(2, &format!("type: {ty}"));
        w.ln(2, &format!("relationship: {rel}"));
        if rng.chance(800) {
            w.ln(2, &format!("sql_on: ${{{pn}.{jn}_id}} = ${{{jn}.id}} ;;"));
        } else {
            w.ln(2, &format!("sql_on: ${{{pn}.{jn}_id}} = ${{{jn}.id}}"));
            w.ln(3, &format!("AND ${{{jn}.status}} <> 'deleted' ;;"));
        }
        if rng.chance(150) {
            w.ln(2, &format!("fields: [{jn}.id, {jn}.status, {jn}.count]"));
        }
        w.ln(1, "}");
    }
    if rng.chance(120) {
        w.lines(
            1,
            &tpl(
                r##"aggregate_table: rollup__created_date {
  query: {
    dimensions: [~B~.created_date]
    measures: [~B~.count, ~B~.total_amount]
    filters: [~B~.created_date: "1 year"]
    timezone: "UTC"
  }
  materialization: {
    datagroup_trigger: ~M~_nightly
  }
}"##,
                &[("~B~", b), ("~M~", model)],
            ),
        );
    }
    let _ = ei;
    w.ln(0, "}");
}

fn gen_refinements(p: &Plan, mi: usize, rng: &mut Rng) -> String {
    let model = &p.models[mi];
    let mut w = W::new(Style::random(rng), 8 * 1024);
    w.ln(
        0,
        &format!(
            "# Refinements layered over the {} views and explores.",
            MODELS[mi]
        ),
    );
    w.ln(
        0,
        "# Keep these small: they are applied after every included file.",
    );
    let mut pool: Vec<usize> = model.explores.iter().map(|e| e.base).collect();
    rng.shuffle(&mut pool);
    for &v in pool.iter().take(rng.range(3, 8)) {
        let n = &p.views[v].name;
        w.blank();
        w.lines(
            0,
            &tpl(
                r##"view: +~V~ {
  dimension: status {
    label: "~T~ Status"
    suggestions: ["complete", "pending", "cancelled"]
  }
  measure: count {
    drill_fields: [id, status, created_date]
  }
}"##,
                &[("~V~", n), ("~T~", &title(n))],
            ),
        );
    }
    for &v in pool.iter().rev().take(rng.range(2, 6)) {
        let n = &p.views[v].name;
        w.blank();
        w.lines(
            0,
            &tpl(
                r##"explore: +~V~ {
  label: "~T~ (curated)"
  query: top_statuses {
    dimensions: [~V~.status]
    measures: [~V~.count]
    sorts: [~V~.count: desc]
    label: "Top statuses"
    description: "Which statuses dominate \"~T~\""
  }
}"##,
                &[("~V~", n), ("~T~", &title(n))],
            ),
        );
    }
    w.s
}

// ---------------------------------------------------------------------------------------------
// views

struct ViewCtx<'a> {
    v: &'a ViewPlan,
    name: &'a str,
    explore: Option<ExploreLink>,
    dash: Option<DashLink>,
    names: HashSet<String>,
    /// next numeric suffix to try for a taken name
    next_suffix: HashMap<String, usize>,
    model: &'static str,
}

impl ViewCtx<'_> {
    fn fresh(&mut self, rng: &mut Rng, base: &str) -> String {
        let first = format!("{}{}", rng.pick(PREFIXES), base);
        if self.names.insert(first.clone()) {
            return first;
        }
        let k = self.next_suffix.entry(first.clone()).or_insert(2);
        loop {
            let n = format!("{first}_{k}");
            *k += 1;
            if self.names.insert(n.clone()) {
                return n;
            }
        }
    }
}

fn gen_view(p: &Plan, vi: usize, budget: usize, rng: &mut Rng) -> String {
    let v = &p.views[vi];
    let (explore, dash) = p.link_target(vi, rng);
    let mut cx = ViewCtx {
        v,
        name: &v.name,
        explore,
        dash,
        names: HashSet::new(),
        next_suffix: HashMap::new(),
        model: MODELS[v.model],
    };
    for n in [
        "id",
        "status",
        "created",
        "amount",
        "count",
        "total_amount",
        "detail",
    ] {
        cx.names.insert(n.to_string());
    }
    let st = if v.kind == ViewKind::Generated {
        Style::generated()
    } else {
        Style::random(rng)
    };
    let mut w = W::new(st, budget + 2048);
    let name = &v.name;

    if v.kind == ViewKind::Generated {
        w.ln(
            0,
            "# This file was generated from the warehouse schema. Do not edit by hand:",
        );
        w.ln(
            0,
            "# changes are overwritten by the next schema sync. Put customisations in refinements.",
        );
        w.blank();
    } else if rng.chance(400) {
        w.ln(
            0,
            &format!(
                "# {} - owned by the {} team",
                title(name),
                title(AREAS[v.area])
            ),
        );
        if rng.chance(300) {
            w.ln(
                0,
                "# Grain: one row per id. Source tables are loaded nightly.",
            );
        }
        w.blank();
    }
    if let Some(b) = v.extends {
        let bv = &p.views[b];
        w.ln(
            0,
            &format!(
                "include: \"/views/{}/{}.view.lkml\"",
                AREAS[bv.area], bv.name
            ),
        );
        w.blank();
    }
    w.ln(0, &format!("view: {name} {{"));
    match v.kind {
        ViewKind::Derived => derived_table(&mut cx, p, &mut w, rng),
        _ => {
            let t = match rng.below(20) {
                0..=13 => format!("analytics.{name}"),
                14..=16 => format!("@{{SCHEMA}}.{name}"),
                17..=18 => format!("`@{{FULL_TABLE_PREFIX}}.{name}`"),
                _ => format!(
                    "\n{i}{i}-- if prod -- analytics.{name}\n{i}{i}-- if dev -- analytics_dev.{name}\n{i}",
                    i = w.st.ind
                ),
            };
            w.ln(1, &format!("sql_table_name: {t} ;;"));
        }
    }
    if let Some(b) = v.extends {
        w.ln(1, &format!("extends: [{}]", p.views[b].name));
    }
    if rng.chance(300) {
        w.ln(1, &format!("label: \"{}\"", title(name)));
    }
    if rng.chance(150) {
        w.ln(1, &format!("view_label: \"{}\"", title(AREAS[v.area])));
    }
    if rng.chance(400) {
        w.ln(1, "drill_fields: [id, status, created_date]");
    }
    w.gap(rng);

    core_fields(&mut cx, p, &mut w, rng);

    let tail_reserve = 260 + if v.refined { 400 } else { 0 };
    let target = budget.saturating_sub(tail_reserve);
    let mut n = 0usize;
    while w.s.len() < target {
        let mut fw = W::new(w.st, 1024);
        if v.kind == ViewKind::Generated {
            generated_field(&mut cx, &mut fw, rng, n);
        } else {
            filler_field(&mut cx, &mut fw, rng);
        }
        n += 1;
        // Stop before a field that would overshoot by more than half of itself.
        if n > 1 && w.s.len() + fw.s.len() / 2 > target {
            break;
        }
        w.s.push_str(&fw.s);
        w.gap(rng);
    }
    let mut detail = vec![
        "id".to_string(),
        "status".to_string(),
        "created_date".to_string(),
    ];
    let mut extra: Vec<&String> = cx
        .names
        .iter()
        .filter(|n| n.ends_with("name") || n.ends_with("email"))
        .collect();
    extra.sort();
    detail.extend(extra.into_iter().take(3).cloned());
    w.lines(
        1,
        &format!("set: detail {{\n  fields: [{}]\n}}", detail.join(", ")),
    );
    w.ln(0, "}");

    if v.refined {
        w.blank();
        w.ln(
            0,
            "# Local adjustments kept apart from the generated definition above.",
        );
        w.ln(0, &format!("view: +{name} {{"));
        w.lines(
            1,
            &tpl(
                r##"dimension: status {
  label: "~T~ Status"
  description: "Lifecycle status; \"test\" rows are filtered out in explores."
}

measure: completed_count {
  type: count
  filters: [status: "complete"]
  drill_fields: [detail*]
}"##,
                &[("~T~", &title(name))],
            ),
        );
        w.ln(0, "}");
    }
    if rng.chance(100) {
        w.blank();
        w.ln(0, "# end of file");
    }
    w.s
}

fn derived_table(cx: &mut ViewCtx, p: &Plan, w: &mut W, rng: &mut Rng) {
    let name = cx.name;
    w.ln(1, "derived_table: {");
    w.ln(2, "sql:");
    let mut sql = String::new();
    sql.push_str("-- One row per id, latest version only.\n");
    sql.push_str("WITH base AS (\n  SELECT\n    src.id,\n    src.status,\n    src.created_at,\n    src.amount,\n");
    for &r in &cx.v.related {
        sql.push_str(&format!("    src.{}_id,\n", p.views[r].name));
    }
    let mut cols: Vec<&str> = (0..rng.range(2, 8)).map(|_| *rng.pick(STR_COLS)).collect();
    cols.sort();
    cols.dedup();
    for c in cols {
        sql.push_str(&format!("    NULLIF(TRIM(src.{c}), '') AS {c},\n"));
    }
    sql.push_str("    src.updated_at\n");
    sql.push_str(&format!("  FROM analytics.{name} AS src\n"));
    sql.push_str("  WHERE src.status <> 'test'  -- QA rows never leave staging\n");
    sql.push_str("    AND {% condition status_filter %} src.status {% endcondition %}\n");
    sql.push_str("),\n");
    sql.push_str("ranked AS (\n  SELECT\n    base.*,\n    ROW_NUMBER() OVER (PARTITION BY base.id ORDER BY base.updated_at DESC) AS rn\n  FROM base\n)");
    for (k, &r) in cx.v.related.iter().enumerate() {
        let rn = &p.views[r].name;
        sql.push_str(&format!(
            ",\n{rn}_totals AS (\n  -- pre-aggregate to keep the join one-to-one\n  SELECT\n    t{k}.id AS {rn}_id,\n    COUNT(*) AS {rn}_rows,\n    SUM(CASE WHEN t{k}.status = 'complete' THEN t{k}.amount ELSE 0 END) AS {rn}_amount\n  FROM analytics.{rn} AS t{k}\n  GROUP BY 1\n)"
        ));
    }
    for _ in 0..rng.range(0, 3) {
        let c = rng.pick(NUM_COLS);
        sql.push_str(&format!(
            ",\ndaily_{c} AS (\n  SELECT\n    DATE_TRUNC('day', created_at) AS day,\n    SUM({c}) AS {c}_sum,\n    APPROX_QUANTILES({c}, 100)[OFFSET(50)] AS {c}_median  -- BigQuery syntax\n  FROM base\n  WHERE created_at >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 365 DAY)\n  GROUP BY 1\n)"
        ));
    }
    sql.push_str("\nSELECT\n  ranked.*");
    for &r in &cx.v.related {
        let rn = &p.views[r].name;
        sql.push_str(&format!(
            ",\n  {rn}_totals.{rn}_rows,\n  {rn}_totals.{rn}_amount"
        ));
    }
    sql.push_str("\nFROM ranked");
    for &r in &cx.v.related {
        let rn = &p.views[r].name;
        sql.push_str(&format!(
            "\nLEFT JOIN {rn}_totals ON {rn}_totals.{rn}_id = ranked.{rn}_id"
        ));
    }
    sql.push_str("\nWHERE ranked.rn = 1\n  AND ranked.status NOT IN ('void', 'duplicate', 'customer''s test')");
    w.lines(3, &sql);
    w.ln(3, ";;");
    match rng.below(3) {
        0 => w.ln(2, &format!("datagroup_trigger: {}_nightly", cx.model)),
        1 => w.ln(2, "persist_for: \"12 hours\""),
        _ => w.ln(2, "sql_trigger_value: SELECT CURRENT_DATE ;;"),
    }
    if rng.chance(500) {
        w.ln(2, "indexes: [\"id\", \"created_at\"]");
    }
    w.ln(1, "}");
    w.blank();
    w.lines(
        1,
        "filter: status_filter {\n  type: string\n  suggest_dimension: status\n}",
    );
}

fn core_fields(cx: &mut ViewCtx, p: &Plan, w: &mut W, rng: &mut Rng) {
    let quoted = cx.v.kind == ViewKind::Generated && rng.chance(500);
    let col = |c: &str| {
        if quoted {
            format!("${{TABLE}}.\"{}\"", c.to_uppercase())
        } else {
            format!("${{TABLE}}.{c}")
        }
    };
    w.lines(
        1,
        &format!(
            "dimension: id {{\n  primary_key: yes\n  type: number\n  sql: {} ;;\n}}",
            col("id")
        ),
    );
    w.gap(rng);
    for &r in &cx.v.related {
        let rn = &p.views[r].name;
        if w.st.compact > 0 && rng.chance(w.st.compact) {
            w.ln(
                1,
                &format!(
                    "dimension: {rn}_id {{ type: number hidden: yes sql: {} ;; }}",
                    col(&format!("{rn}_id"))
                ),
            );
        } else {
            w.lines(
                1,
                &format!(
                    "dimension: {rn}_id {{\n  type: number\n  hidden: yes\n  sql: {} ;;\n}}",
                    col(&format!("{rn}_id"))
                ),
            );
        }
        w.gap(rng);
    }
    w.ln(1, "dimension: status {");
    w.ln(2, "type: string");
    w.ln(2, &format!("sql: {} ;;", col("status")));
    if rng.chance(400) {
        status_html(cx, w, rng, 2, "status");
    }
    if rng.chance(300) {
        links(cx, w, rng, 2, "status");
    }
    w.ln(1, "}");
    w.gap(rng);
    let tf = *rng.pick(&[
        "[raw, time, date, week, month, quarter, year]",
        "[raw, date, week, month, year]",
        "[\n    raw,\n    time,\n    date,\n    week,\n    month,\n    quarter,\n    year\n  ]",
    ]);
    let conv = if rng.chance(200) {
        "\n  convert_tz: no\n  datatype: timestamp"
    } else {
        ""
    };
    w.lines(
        1,
        &format!(
            "dimension_group: created {{\n  type: time\n  timeframes: {tf}{conv}\n  sql: {} ;;\n}}",
            col("created_at")
        ),
    );
    w.gap(rng);
    w.lines(
        1,
        &format!(
            "dimension: amount {{\n  type: number\n  value_format_name: usd\n  sql: {} ;;\n}}",
            col("amount")
        ),
    );
    w.gap(rng);
    let drill = if rng.chance(500) {
        "\n  drill_fields: [detail*]"
    } else {
        ""
    };
    w.lines(1, &format!("measure: count {{\n  type: count{drill}\n}}"));
    w.gap(rng);
    w.lines(
        1,
        "measure: total_amount {\n  type: sum\n  value_format_name: usd\n  sql: ${amount} ;;\n}",
    );
    w.gap(rng);
}

fn status_html(cx: &ViewCtx, w: &mut W, rng: &mut Rng, depth: usize, field: &str) {
    let mut h = String::from("html:\n");
    h.push_str("  {% if value == 'complete' %}\n");
    h.push_str(
        "    <span style=\"color: #1e8e3e; font-weight: bold;\">{{ rendered_value }}</span>\n",
    );
    h.push_str("  {% elsif value == 'pending' or value == 'processing' %}\n");
    h.push_str("    <span style=\"color: #f9ab00;\">{{ rendered_value }}</span>\n");
    h.push_str("  {% else %}\n");
    h.push_str("    <span style=\"color: #d93025; text-decoration: underline;\">{{ rendered_value }}</span>\n");
    h.push_str("  {% endif %}\n");
    if let Some((m, e, fv)) = &cx.explore {
        let field = if fv == cx.name { field } else { "status" };
        let n = rng.range(2, 5);
        let extra: Vec<String> = (0..n)
            .map(|_| {
                format!(
                    "{fv}.{}",
                    rng.pick(&["count", "total_amount", "created_date", "amount"])
                )
            })
            .collect();
        h.push_str(&format!(
            "  <a href=\"/explore/{m}/{e}?fields={fv}.id,{fv}.{field},{}&f[{fv}.{field}]={{{{ value | url_encode }}}}&sorts={fv}.id+desc&limit=500\" target=\"_blank\">Explore</a>\n",
            extra.join(",")
        ));
    }
    if let Some((m, d)) = &cx.dash {
        h.push_str(&format!(
            "  <a href=\"/dashboards/{m}::{d}?{}={{{{ value | url_encode }}}}&Date={{{{ _filters['{}.created_date'] | url_encode }}}}\">Dashboard</a>\n",
            title(field).replace(' ', "+"),
            cx.name
        ));
    }
    h.push_str("  <a href=\"@{SUPPORT_URL}{{ value }}\">Ticket</a> ;;");
    w.lines(depth, &h);
}

fn links(cx: &ViewCtx, w: &mut W, rng: &mut Rng, depth: usize, field: &str) {
    if let Some((m, e, fv)) = &cx.explore {
        let f = if fv == cx.name { field } else { "status" };
        let url = format!(
            "/explore/{m}/{e}?fields={fv}.id,{fv}.{f},{fv}.count&f[{fv}.{f}]={{{{ value | url_encode }}}}&sorts={fv}.count+desc"
        );
        if rng.chance(400) {
            w.ln(
                depth,
                &format!(
                    "link: {{ label: \"Explore {}\" url: \"{url}\" }}",
                    title(field)
                ),
            );
        } else {
            w.lines(
                depth,
                &format!(
                    "link: {{\n  label: \"Explore {}\"\n  url: \"{url}\"\n  icon_url: \"https://static.example.com/icons/explore.png\"\n}}",
                    title(field)
                ),
            );
        }
    }
    if let Some((m, d)) = &cx.dash {
        w.lines(
            depth,
            &format!(
                "link: {{\n  label: \"{} dashboard\"\n  url: \"/dashboards/{m}::{d}?{}={{{{ value | url_encode }}}}\"\n}}",
                title(d),
                title(field).replace(' ', "+")
            ),
        );
    }
    if rng.chance(300) {
        w.lines(
            depth,
            "link: {\n  label: \"Search \\\"{{ value }}\\\" in the wiki\"\n  url: \"https://wiki.example.com/search?q={{ value | url_encode }}\"\n}",
        );
    }
}

fn description(rng: &mut Rng, label: &str) -> String {
    match rng.below(6) {
        0 => format!("The \\\"{label}\\\" value as reported by the source system."),
        1 => format!(
            "{label}; see docs\\\\{}.md for the definition.",
            label.to_lowercase().replace(' ', "_")
        ),
        2 => format!("{label} in the account currency. Null until the record is settled."),
        3 => format!("{label} (trimmed, lower-cased). Use for grouping, not for joins."),
        4 => format!("{label} - 'unknown' when the upstream system sent an empty value."),
        _ => format!(
            "{label} as of the latest load, {{{{ _user_attributes['region'] }}}} region only."
        ),
    }
}

const TRAILING_COMMENTS: &[&str] = &[
    "  # from the source system",
    "  # do not rename: used in dashboards",
    "\t# legacy",
    "  # TODO: confirm with finance",
];

fn trailing(w: &W, rng: &mut Rng) -> &'static str {
    if w.st.trailing > 0 && rng.chance(w.st.trailing) {
        TRAILING_COMMENTS[rng.below(TRAILING_COMMENTS.len())]
    } else {
        ""
    }
}

fn filler_field(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let r = rng.below(100);
    match r {
        0..=27 => simple_dimension(cx, w, rng),
        28..=37 => case_sql_dimension(cx, w, rng),
        38..=42 => lookml_case_dimension(cx, w, rng),
        43..=49 => html_dimension(cx, w, rng),
        50..=55 => link_dimension(cx, w, rng),
        56..=60 => time_group(cx, w, rng),
        61..=63 => duration_group(cx, w, rng),
        64..=83 => aggregate_measure(cx, w, rng),
        84..=88 => ratio_measure(cx, w, rng),
        89..=91 => parameter_pair(cx, w, rng),
        92..=94 => {
            w.ln(1, &format!("# ---- {} ----", rng.pick(GROUPS)));
            simple_dimension(cx, w, rng);
        }
        _ => yesno_dimension(cx, w, rng),
    }
}

fn simple_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let (col, ty) = if rng.chance(600) {
        (*rng.pick(STR_COLS), "string")
    } else {
        (*rng.pick(NUM_COLS), "number")
    };
    let name = cx.fresh(rng, col);
    let sql = match rng.below(10) {
        0 => format!("LOWER(TRIM(${{TABLE}}.{col}))"),
        1 => format!("${{TABLE}}.\"{}\"", col.to_uppercase()),
        2 if ty == "number" => format!("COALESCE(${{TABLE}}.{col}, 0)"),
        _ => format!("${{TABLE}}.{col}"),
    };
    if w.st.compact > 0 && rng.chance(w.st.compact) {
        if rng.chance(100) {
            w.ln(1, &format!("dimension: {name} {{type: {ty} sql:{sql};;}}"));
        } else {
            w.ln(
                1,
                &format!("dimension: {name} {{ type: {ty} sql: {sql} ;; }}"),
            );
        }
        return;
    }
    w.ln(1, &format!("dimension: {name} {{"));
    w.ln(2, &format!("type: {ty}{}", trailing(w, rng)));
    let label = title(&name);
    if rng.chance(500) {
        w.ln(2, &format!("label: \"{label}\""));
    }
    if rng.chance(300) {
        w.ln(2, &format!("group_label: \"{}\"", rng.pick(GROUPS)));
    }
    if rng.chance(400) {
        w.ln(2, &format!("description: \"{}\"", description(rng, &label)));
    }
    if rng.chance(100) {
        w.ln(2, "hidden: yes");
    }
    if ty == "number" && rng.chance(400) {
        w.ln(
            2,
            &format!(
                "value_format_name: {}",
                rng.pick(&["decimal_2", "usd", "usd_0", "percent_1", "euro_k"])
            ),
        );
    }
    if rng.chance(50) {
        w.ln(2, &format!("tags: [\"pii\", \"{}\"]", AREAS[cx.v.area]));
    }
    if rng.chance(50) {
        w.ln(
            2,
            &format!("required_access_grants: [can_view_{}_pii]", cx.model),
        );
    }
    w.ln(2, &format!("sql: {sql} ;;{}", trailing(w, rng)));
    w.ln(1, "}");
}

fn yesno_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(BOOL_COLS);
    let name = cx.fresh(rng, col);
    let sql = if rng.chance(500) {
        format!("${{TABLE}}.{col} = 1")
    } else {
        format!("${{TABLE}}.{col}")
    };
    w.lines(
        1,
        &format!("dimension: {name} {{\n  type: yesno\n  sql: {sql} ;;\n}}"),
    );
}

fn case_sql_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(NUM_COLS);
    let name = cx.fresh(rng, &format!("{col}_bucket"));
    let mut s = format!("dimension: {name} {{\n  type: string\n");
    if rng.chance(500) {
        s.push_str(&format!("  label: \"{} Bucket\"\n", title(col)));
    }
    s.push_str("  sql:\n    CASE\n");
    s.push_str(&format!(
        "      WHEN ${{TABLE}}.{col} IS NULL THEN 'Unknown'  -- missing upstream\n"
    ));
    let steps = rng.range(3, 12);
    let mut lo = 0usize;
    for i in 0..steps {
        let hi = lo + rng.range(5, 200);
        let label = if i % 5 == 4 {
            format!("'{lo} to {hi} (customer''s band)'")
        } else {
            format!("'{lo}-{}'", hi - 1)
        };
        s.push_str(&format!(
            "      WHEN ${{TABLE}}.{col} < {hi} THEN {label}\n"
        ));
        lo = hi;
    }
    s.push_str(&format!("      ELSE '{lo}+'\n    END ;;\n"));
    if rng.chance(300) {
        s.push_str("  html: <span title=\"{{ value }}\">{{ rendered_value }}</span> ;;\n");
    }
    s.push('}');
    w.lines(1, &s);
}

fn lookml_case_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(NUM_COLS);
    let name = cx.fresh(rng, &format!("{col}_tier"));
    let mut s = format!("dimension: {name} {{\n  case: {{\n");
    let tiers = ["Platinum", "Gold", "Silver", "Bronze", "Basic"];
    let n = rng.range(2, 5);
    let mut threshold = 10_000usize;
    for t in tiers.iter().take(n) {
        s.push_str(&format!("    when: {{\n      sql: ${{TABLE}}.{col} >= {threshold} ;;\n      label: \"{t}\"\n    }}\n"));
        threshold /= rng.range(2, 10);
    }
    s.push_str("    else: \"Unclassified\"\n  }\n}");
    w.lines(1, &s);
}

fn html_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(STR_COLS);
    let name = cx.fresh(rng, col);
    w.ln(1, &format!("dimension: {name} {{"));
    w.ln(2, "type: string");
    w.ln(2, &format!("sql: ${{TABLE}}.{col} ;;"));
    if rng.chance(500) {
        status_html(cx, w, rng, 2, &name);
    } else {
        let mut h = String::from(
            "html:\n  <div style=\"display: flex; gap: 4px; align-items: center;\">\n",
        );
        h.push_str("    {% if value == blank %}\n      <span style=\"color: #9aa0a6;\">n/a</span>\n    {% else %}\n");
        h.push_str("      <img src=\"https://static.example.com/flags/{{ value | downcase }}.png\" height=\"12\" alt=\"\"/>\n");
        if let Some((m, e, fv)) = &cx.explore {
            let f = if fv == cx.name {
                name.as_str()
            } else {
                "status"
            };
            h.push_str(&format!(
                "      <a href=\"/explore/{m}/{e}?fields={fv}.id,{fv}.created_date,{fv}.count&f[{fv}.{f}]={{{{ value | url_encode }}}}&vis=%7B%22type%22%3A%22table%22%7D\">{{{{ rendered_value }}}}</a>\n"
            ));
        } else {
            h.push_str("      {{ rendered_value }}\n");
        }
        if let Some((m, d)) = &cx.dash {
            h.push_str(&format!(
                "      <a href=\"/dashboards/{m}::{d}?{}={{{{ value | url_encode }}}}\" title=\"Open the {} dashboard\">&#128202;</a>\n",
                title(&name).replace(' ', "+"),
                title(d)
            ));
        }
        h.push_str("    {% endif %}\n  </div> ;;");
        w.lines(2, &h);
    }
    w.ln(1, "}");
}

fn link_dimension(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(STR_COLS);
    let name = cx.fresh(rng, col);
    w.ln(1, &format!("dimension: {name} {{"));
    w.ln(2, "type: string");
    w.ln(2, &format!("sql: ${{TABLE}}.{col} ;;"));
    links(cx, w, rng, 2, &name);
    w.ln(1, "}");
}

fn time_group(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(TIME_COLS);
    let name = cx.fresh(rng, col);
    let tf = *rng.pick(&[
        "[raw, time, date, week, month, quarter, year]",
        "[date, week, month]",
        "[raw, date]",
    ]);
    w.lines(1, &format!("dimension_group: {name} {{\n  type: time\n  timeframes: {tf}\n  sql: ${{TABLE}}.{col}_at ;;\n}}"));
}

fn duration_group(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let a = *rng.pick(TIME_COLS);
    let b = *rng.pick(TIME_COLS);
    let name = cx.fresh(rng, &format!("{a}_to_{b}"));
    w.lines(
        1,
        &format!(
            "dimension_group: {name} {{\n  type: duration\n  intervals: [hour, day, week]\n  sql_start: ${{TABLE}}.{a}_at ;;\n  sql_end: ${{TABLE}}.{b}_at ;;\n}}"
        ),
    );
}

fn aggregate_measure(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(NUM_COLS);
    let agg = *rng.pick(&[
        "sum",
        "sum",
        "average",
        "count_distinct",
        "max",
        "min",
        "median",
        "sum_distinct",
    ]);
    let short = match agg {
        "average" => "avg",
        "count_distinct" => "distinct",
        "sum_distinct" => "dedup",
        a => a,
    };
    let name = cx.fresh(rng, &format!("{short}_{col}"));
    if w.st.compact > 0 && rng.chance(w.st.compact) {
        w.ln(
            1,
            &format!("measure: {name} {{ type: {agg} sql: ${{TABLE}}.{col} ;; }}"),
        );
        return;
    }
    w.ln(1, &format!("measure: {name} {{"));
    w.ln(2, &format!("type: {agg}"));
    if agg == "sum_distinct" {
        w.ln(2, "sql_distinct_key: ${id} ;;");
    }
    w.ln(2, &format!("sql: ${{TABLE}}.{col} ;;{}", trailing(w, rng)));
    if rng.chance(400) {
        w.ln(2, &format!("label: \"{}\"", title(&name)));
    }
    if rng.chance(500) {
        w.ln(
            2,
            &format!(
                "value_format_name: {}",
                rng.pick(&["usd", "decimal_0", "decimal_2", "euro_k"])
            ),
        );
    }
    match rng.below(8) {
        0 => w.ln(2, &format!("filters: [status: \"{}\"]", rng.pick(STATUSES))),
        1 => w.ln(2, &format!("filters: [{}.status: \"-cancelled,-returned\", amount: \">0\"]", cx.name)),
        2 => w.lines(2, &format!("filters: [\n  status: \"complete\",\n  created_date: \"last 90 days\",\n  {}.amount: \"NOT NULL\"\n]", cx.name)),
        _ => {}
    }
    if rng.chance(200) {
        w.ln(2, "drill_fields: [detail*]");
    }
    w.ln(1, "}");
}

fn ratio_measure(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let col = *rng.pick(NUM_COLS);
    let name = cx.fresh(rng, &format!("{col}_per_row"));
    let sql = if rng.chance(500) {
        format!("1.0 * SUM(${{TABLE}}.{col}) / NULLIF(${{count}}, 0)")
    } else {
        "${total_amount} / NULLIF(${count}, 0)".to_string()
    };
    w.lines(1, &format!("measure: {name} {{\n  type: number\n  sql: {sql} ;;\n  value_format_name: decimal_2\n}}"));
}

fn parameter_pair(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng) {
    let pname = cx.fresh(rng, "metric_selector");
    let mname = cx.fresh(rng, "selected_metric");
    let t = tpl(
        r##"parameter: ~P~ {
  type: unquoted
  default_value: "revenue"
  allowed_value: {
    label: "Revenue"
    value: "revenue"
  }
  allowed_value: {
    label: "Orders"
    value: "orders"
  }
  allowed_value: { label: "Units" value: "units" }
}

measure: ~M~ {
  type: number
  label_from_parameter: ~P~
  sql:
    {% if ~P~._parameter_value == 'revenue' %}
      ${total_amount}
    {% elsif ~P~._parameter_value == 'orders' %}
      ${count}
    {% else %}
      SUM(${TABLE}.units)
    {% endif %} ;;
  value_format_name: decimal_0
}"##,
        &[("~P~", &pname), ("~M~", &mname)],
    );
    w.lines(1, &t);
}

fn generated_field(cx: &mut ViewCtx, w: &mut W, rng: &mut Rng, n: usize) {
    let (base, ty, sqlty) = match rng.below(10) {
        0..=4 => (*rng.pick(STR_COLS), "string", "STRING"),
        5..=7 => (*rng.pick(NUM_COLS), "number", "NUMERIC"),
        8 => (*rng.pick(BOOL_COLS), "yesno", "BOOL"),
        _ => (*rng.pick(TIME_COLS), "time", "TIMESTAMP"),
    };
    let name = format!("{base}_{n:04}");
    cx.names.insert(name.clone());
    let upper = name.to_uppercase();
    let table = cx.name;
    if ty == "time" {
        w.lines(
            1,
            &format!(
                "dimension_group: {name} {{\n  type: time\n  timeframes: [raw, time, date, week, month, quarter, year]\n  sql: ${{TABLE}}.{upper} ;;\n  description: \"Column {upper} ({sqlty}) of {table}.\"\n  group_label: \"Generated\"\n}}"
            ),
        );
        return;
    }
    w.lines(
        1,
        &format!(
            "dimension: {name} {{\n  label: \"{}\"\n  type: {ty}\n  sql: ${{TABLE}}.{upper} ;;\n  description: \"Column {upper} ({sqlty}) of {table}.\"\n  group_label: \"Generated\"\n}}",
            title(&name)
        ),
    );
    if ty == "number" {
        w.gap(rng);
        w.lines(
            1,
            &format!(
                "measure: sum_{name} {{\n  label: \"Sum of {}\"\n  type: sum\n  sql: ${{{name}}} ;;\n  group_label: \"Generated\"\n}}",
                title(&name)
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// dashboards (YAML)

fn gen_dashboard(p: &Plan, di: usize, budget: usize, rng: &mut Rng) -> String {
    let d = &p.dashboards[di];
    let mi = d.model;
    let model = MODELS[mi];
    let explores = &p.models[mi].explores;
    let mut s = String::with_capacity(budget + 2048);
    let t = title(&d.name);
    s.push_str(&format!("- dashboard: {}\n", d.name));
    s.push_str(&format!("  title: \"{t}\"\n"));
    s.push_str(&format!(
        "  layout: {}\n",
        rng.pick(&["newspaper", "newspaper", "newspaper", "static"])
    ));
    s.push_str("  preferred_viewer: dashboards-next\n");
    s.push_str(&format!(
        "  description: \"{} for the {} team: \\\"what changed\\\" since last week.\"\n",
        t,
        title(model)
    ));
    if rng.chance(400) {
        s.push_str("  refresh: 1 hour\n");
    }
    if rng.chance(300) {
        s.push_str("  crossfilter_enabled: true\n");
    }
    let main = if explores.is_empty() {
        None
    } else {
        Some(rng.pick(explores))
    };
    let has_filters = main.is_some();
    if let Some(e) = main {
        let b = &p.views[e.base].name;
        s.push_str("  filters:\n");
        s.push_str(&format!(
            "  - name: date\n    title: \"Date\"\n    type: field_filter\n    default_value: 30 days\n    allow_multiple_values: true\n    required: false\n    ui_config:\n      type: relative_timeframes\n      display: inline\n    model: {model}\n    explore: {b}\n    listens_to_filters: []\n    field: {b}.created_date\n"
        ));
        s.push_str(&format!(
            "  - name: status\n    title: \"Status\"\n    type: field_filter\n    default_value: \"-test\"\n    allow_multiple_values: true\n    required: false\n    ui_config:\n      type: tag_list\n      display: popover\n    model: {model}\n    explore: {b}\n    listens_to_filters: [date]\n    field: {b}.status\n"
        ));
    }
    s.push_str("  elements:\n");
    let mut row = 0;
    let mut n = 0usize;
    let target = budget.saturating_sub(40);
    while s.len() < target || n == 0 {
        let mut el = String::new();
        let text_tile = explores.is_empty() || rng.chance(180);
        if text_tile {
            let others = &p.models[mi].dashboards;
            let other = &p.dashboards[*rng.pick(others)].name;
            el.push_str(&format!(
                "  - name: text_{n}\n    type: text\n    title_text: \"Navigation\"\n"
            ));
            if rng.chance(500) {
                el.push_str(&format!(
                    "    subtitle_text: \"<a href=\\\"/dashboards/{model}::{other}\\\">{}</a>\"\n",
                    title(other)
                ));
            }
            el.push_str(
                "    body_text: |\n      <div style=\"text-align: center; padding: 8px;\">\n",
            );
            el.push_str(&format!(
                "        <a href=\"/dashboards/{model}::{other}\" target=\"_self\">{}</a> |\n",
                title(other)
            ));
            if let Some(e) = explores.first() {
                let b = &p.views[e.base].name;
                el.push_str(&format!(
                    "        <a href=\"/explore/{model}/{b}?fields={b}.id,{b}.status,{b}.count&f[{b}.status]=complete\">Explore {}</a> |\n",
                    title(b)
                ));
            }
            el.push_str("        <a href=\"https://wiki.example.com/metrics#definitions\">Metric definitions</a>\n      </div>\n");
            el.push_str(&format!(
                "    row: {row}\n    col: 0\n    width: 24\n    height: 2\n"
            ));
            row += 2;
        } else {
            let e = rng.pick(explores);
            let b = &p.views[e.base].name;
            let ty = *rng.pick(CHART_TYPES);
            let dim = *rng.pick(&["status", "created_date", "created_week", "created_month"]);
            let mut fields = vec![format!("{b}.{dim}"), format!("{b}.count")];
            if rng.chance(500) {
                fields.push(format!("{b}.total_amount"));
            }
            if let Some(&(j, _)) = e.joins.first().filter(|_| rng.chance(500)) {
                fields.push(format!("{}.count", p.views[j].name));
            }
            el.push_str(&format!("  - title: \"{} by {}\"\n", title(b), title(dim)));
            el.push_str(&format!(
                "    name: {b}_{dim}_{n}\n    model: {model}\n    explore: {b}\n    type: {ty}\n"
            ));
            el.push_str(&format!("    fields: [{}]\n", fields.join(", ")));
            if dim != "status" && rng.chance(300) {
                el.push_str(&format!("    pivots: [{b}.status]\n"));
            }
            if dim.starts_with("created") {
                el.push_str(&format!("    fill_fields: [{b}.{dim}]\n"));
            }
            el.push_str(&format!(
                "    sorts: [{b}.count desc]\n    limit: {}\n",
                rng.pick(&[50, 500, 5000])
            ));
            if rng.chance(500) {
                el.push_str(&format!(
                    "    filters:\n      {b}.status: \"-NULL\"\n      {b}.amount: \">0\"\n"
                ));
            }
            if rng.chance(400) {
                el.push_str(&format!(
                    "    series_colors:\n      {b}.count: \"#1a73e8\"\n      {b}.total_amount: \"#e8710a\"\n    show_value_labels: true\n    label_density: 25\n    legend_position: center\n    x_axis_gridlines: false\n    y_axis_gridlines: true\n    show_view_names: false\n"
                ));
            }
            if rng.chance(200) {
                el.push_str(&format!(
                    "    note_state: collapsed\n    note_display: hover\n    note_text: \"Counts exclude test rows. See <a href='/dashboards/{model}::{}'>definitions</a>.\"\n",
                    d.name
                ));
            }
            if has_filters && rng.chance(800) {
                el.push_str(&format!(
                    "    listen:\n      Date: {b}.created_date\n      Status: {b}.status\n"
                ));
            }
            let width = *rng.pick(&[6, 8, 12, 24]);
            el.push_str(&format!(
                "    row: {row}\n    col: {}\n    width: {width}\n    height: {}\n",
                (n * 6) % 24,
                rng.range(4, 8)
            ));
            row += 6;
        }
        if n > 0 && s.len() + el.len() / 2 > target {
            break;
        }
        s.push_str(&el);
        n += 1;
    }
    s
}

// ---------------------------------------------------------------------------------------------
// story edits

fn edit_file(path: &str, text: &str, n: usize, rng: &mut Rng) -> String {
    let crlf = text.contains("\r\n");
    let lf = if crlf {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    let edited = if path.ends_with(".dashboard.lookml") {
        reword_quoted(&lf, "title: \"", rng).unwrap_or_else(|| lf.clone() + "\n")
    } else if !path.ends_with(".view.lkml") {
        reword_quoted(&lf, "label: \"", rng).unwrap_or_else(|| format!("{lf}\n# reviewed\n"))
    } else {
        let kind = rng.below(3);
        let first = match kind {
            0 => change_sql(&lf, rng),
            1 => add_dimension(&lf, n, rng),
            _ => reword_quoted(&lf, "label: \"", rng),
        };
        first
            .or_else(|| add_dimension(&lf, n, rng))
            .or_else(|| reword_quoted(&lf, "label: \"", rng))
            .unwrap_or_else(|| format!("{lf}\n# reviewed\n"))
    };
    if crlf {
        edited.replace('\n', "\r\n")
    } else {
        edited
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Renames or wraps one `${TABLE}.column` reference.
fn change_sql(text: &str, rng: &mut Rng) -> Option<String> {
    let needle = "${TABLE}.";
    let hits: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    let hits: Vec<usize> = hits
        .into_iter()
        .filter(|&i| {
            text.as_bytes()
                .get(i + needle.len())
                .is_some_and(|&b| is_ident(b))
        })
        .collect();
    if hits.is_empty() {
        return None;
    }
    let at = *rng.pick(&hits);
    let start = at + needle.len();
    let end = start + text[start..].bytes().take_while(|&b| is_ident(b)).count();
    let col = &text[start..end];
    let replacement = if rng.chance(500) {
        format!("${{TABLE}}.{col}_v2")
    } else {
        format!("COALESCE(${{TABLE}}.{col}, ${{TABLE}}.legacy_{col})")
    };
    Some(format!("{}{}{}", &text[..at], replacement, &text[end..]))
}

/// Adds a dimension just before the closing brace of the file's last view.
fn add_dimension(text: &str, n: usize, rng: &mut Rng) -> Option<String> {
    if !text.contains("view:") {
        return None;
    }
    let close = text.rfind('}')?;
    let ind = text
        .lines()
        .find_map(|l| {
            let t = l.trim_start_matches([' ', '\t']);
            if t.len() < l.len() && !t.is_empty() {
                Some(&l[..l.len() - t.len()])
            } else {
                None
            }
        })
        .unwrap_or("  ");
    let col = rng.pick(STR_COLS);
    let name = format!("story_{col}_{n}");
    let block = format!(
        "\n{ind}dimension: {name} {{\n{ind}{ind}type: string\n{ind}{ind}label: \"{}\"\n{ind}{ind}sql: ${{TABLE}}.{col} ;;\n{ind}}}\n",
        title(&name)
    );
    Some(format!("{}{}{}", &text[..close], block, &text[close..]))
}

/// Rewords the value of one `key: "..."` string.
fn reword_quoted(text: &str, key: &str, rng: &mut Rng) -> Option<String> {
    let hits: Vec<usize> = text
        .match_indices(key)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || matches!(text.as_bytes()[i - 1], b' ' | b'\t' | b'\n' | b'{'))
        .collect();
    if hits.is_empty() {
        return None;
    }
    let at = *rng.pick(&hits);
    let start = at + key.len();
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    if i >= bytes.len() {
        return None;
    }
    let suffix = *rng.pick(&[" (revised)", " v2", " - new definition", " (beta)"]);
    Some(format!("{}{}{}", &text[..i], suffix, &text[i..]))
}
