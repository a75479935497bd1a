//! Matching two revisions' objects by path and comparing what they hold.

use std::collections::HashMap;
use std::path::Path;
use std::ptr;

use serde_json::{Map, Value};

use super::classify::property_class;
use super::comments::Comments;
use super::normalize::same_value;
use super::scope::{Name, Scope};
use super::{Change, ChangeClass, ChangeOp, Options, Snapshot};
use crate::project::{Object, Property, PropertyValue, SourceFile, includes};

/// An object as the diff sees it: where it was read from, and for a model the
/// explores it takes from other files through its `include:`s.
#[derive(Clone)]
struct Item<'a> {
    object: &'a Object,
    source: &'a SourceFile,
    included: Vec<Item<'a>>,
}

impl<'a> Item<'a> {
    fn new(object: &'a Object, source: &'a SourceFile) -> Item<'a> {
        Item {
            object,
            source,
            included: Vec::new(),
        }
    }

    /// The very same parsed object on both sides, including the same objects from
    /// elsewhere.
    fn is_same(&self, other: &Item<'_>) -> bool {
        ptr::eq(self.object, other.object)
            && self.included.len() == other.included.len()
            && self
                .included
                .iter()
                .zip(&other.included)
                .all(|(a, b)| ptr::eq(a.object, b.object))
    }

    /// Children, in order. A model's views are left out: views are global, so they
    /// sit at the top wherever they are written.
    fn children(&self) -> Vec<Item<'a>> {
        let is_model = self.object.kind == "model";
        let own = self
            .object
            .children
            .iter()
            .filter(|c| !(is_model && c.kind == "view"))
            .map(|c| Item::new(c, self.source));
        own.chain(self.included.iter().cloned()).collect()
    }
}

/// An old and a new sibling matched under one path segment; either may be missing.
struct Pairing<'a> {
    name: Name<'a>,
    /// Which of the namesakes: `segment[n]` for n > 0.
    n: usize,
    /// (0, index on the new side), or (1, index on the old side) when removed.
    position: (u8, usize),
    old: Option<Item<'a>>,
    new: Option<Item<'a>>,
}

impl Pairing<'_> {
    /// `kind:name`, or `kind` for an anonymous block, then `[n]` for the n-th namesake.
    fn segment(&self) -> String {
        let Name { kind, name } = self.name;
        let name = name.replace('\\', "/");
        let mut s = if name.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}:{name}")
        };
        if self.n > 0 {
            s.push_str(&format!("[{}]", self.n));
        }
        s
    }

    /// Ordered by name, then namesake.
    fn sort_key(&self) -> (Name<'_>, usize) {
        (self.name, self.n)
    }

    /// Both sides are the very same parsed object, including the same objects
    /// from elsewhere: nothing inside can differ.
    fn is_shared(&self) -> bool {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => o.is_same(n),
            _ => false,
        }
    }
}

/// Matches siblings by name; pairs whose two sides are the same parsed object are
/// left out. The pairs come in no useful order: the top level sorts them by name,
/// children are put back in the new side's order by [`in_new_order`].
///
/// Namesakes (anonymous blocks, a view refined in several files) are told apart
/// by `n`, counting the new side's namesakes. They are paired first within the
/// same file, in order, then the rest in order: a refinement added in one file
/// leaves the refinements in other files matched with themselves, and one moved
/// to another file is still found.
///
/// Both sides are sorted by name and merged: a revision's top level has thousands
/// of objects, and this keeps a diff of two large revisions that share nearly
/// everything within a millisecond or two.
fn pair<'a>(old: Vec<Item<'a>>, new: Vec<Item<'a>>) -> Vec<Pairing<'a>> {
    // Sorted by a hash of the name first: comparing two integers is what most
    // steps of the sort do, rather than comparing strings.
    let sorted = |items: Vec<Item<'a>>| {
        let mut v: Vec<Keyed<'a>> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let name = Name::of(item.object);
                (name.fingerprint(), name, i, item)
            })
            .collect();
        v.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        v.into_iter()
            .map(|(_, name, i, item)| (name, i, item))
            .collect::<Vec<_>>()
    };
    let (old, new) = (sorted(old), sorted(new));
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        let key = |e: &(Name<'a>, usize, Item<'a>)| (e.0.fingerprint(), e.0);
        let name = match (old.get(i), new.get(j)) {
            (Some(o), Some(n)) => key(o).min(key(n)).1,
            (Some(o), None) => o.0,
            (None, Some(n)) => n.0,
            (None, None) => break,
        };
        let run = |v: &[(Name<'a>, usize, Item<'a>)], from: usize| {
            from + v[from..].iter().take_while(|e| e.0 == name).count()
        };
        let (i_end, j_end) = (run(&old, i), run(&new, j));
        pair_namesakes(name, &old[i..i_end], &new[j..j_end], &mut out);
        (i, j) = (i_end, j_end);
    }
    out
}

/// A sibling with its name's fingerprint, its name and its position.
type Keyed<'a> = (u64, Name<'a>, usize, Item<'a>);

/// Pairs back in the order the new side writes them, the removed ones after.
fn in_new_order(mut pairs: Vec<Pairing<'_>>) -> Vec<Pairing<'_>> {
    pairs.sort_by_key(|p| p.position);
    pairs
}

fn pair_namesakes<'a>(
    name: Name<'a>,
    olds: &[(Name<'a>, usize, Item<'a>)],
    news: &[(Name<'a>, usize, Item<'a>)],
    out: &mut Vec<Pairing<'a>>,
) {
    let partner = partners(olds, news);
    let mut taken = vec![false; olds.len()];
    for (n, ((_, at, item), p)) in news.iter().zip(&partner).enumerate() {
        if let Some(i) = *p {
            taken[i] = true;
        }
        let pairing = Pairing {
            name,
            n,
            position: (0, *at),
            old: p.map(|i| olds[i].2.clone()),
            new: Some(item.clone()),
        };
        if !pairing.is_shared() {
            out.push(pairing);
        }
    }
    let removed = olds.iter().zip(taken).filter(|(_, t)| !t);
    for (k, ((_, at, o), _)) in removed.enumerate() {
        out.push(Pairing {
            name,
            n: news.len() + k,
            position: (1, *at),
            old: Some(o.clone()),
            new: None,
        });
    }
}

/// For each new namesake, the old one it is paired with: same file first, in
/// order, then the rest in order.
fn partners(
    olds: &[(Name<'_>, usize, Item<'_>)],
    news: &[(Name<'_>, usize, Item<'_>)],
) -> Vec<Option<usize>> {
    if olds.len() <= 1 && news.len() <= 1 {
        return news
            .iter()
            .map(|_| (!olds.is_empty()).then_some(0))
            .collect();
    }
    let file = |e: &(Name<'_>, usize, Item<'_>)| e.2.source.path.as_os_str().to_owned();
    let mut taken = vec![false; olds.len()];
    let mut partner: Vec<Option<usize>> = vec![None; news.len()];
    for (j, n) in news.iter().enumerate() {
        let same_file = (0..olds.len()).find(|&i| !taken[i] && file(&olds[i]) == file(n));
        if let Some(i) = same_file {
            taken[i] = true;
            partner[j] = Some(i);
        }
    }
    let mut rest = (0..olds.len())
        .filter(|&i| !taken[i])
        .collect::<Vec<_>>()
        .into_iter();
    for p in partner.iter_mut().filter(|p| p.is_none()) {
        *p = rest.next();
    }
    partner
}

/// The top of a revision: models (each with the explores it includes), views and
/// refinements wherever written, dashboards, the manifest, and whatever else stands
/// at the top of a file. Explores no model includes stand on their own. Objects
/// outside the diff's scope are left out.
fn top_level<'a>(files: &[&'a SourceFile], scope: &Scope<'_>) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut models: Vec<usize> = Vec::new();
    let mut explores: Vec<Item<'a>> = Vec::new();
    for &file in files {
        for object in &file.objects {
            match object.kind.as_str() {
                "model" => {
                    models.push(items.len());
                    items.push(Item::new(object, file));
                    let views = object.children_of("view");
                    let wanted = views.filter(|v| scope.wants(file, v));
                    items.extend(wanted.map(|v| Item::new(v, file)));
                }
                "explore" => explores.push(Item::new(object, file)),
                _ if scope.wants(file, object) => items.push(Item::new(object, file)),
                _ => {}
            }
        }
    }
    let mut included_somewhere = vec![false; explores.len()];
    for &m in &models {
        let model = &items[m];
        let patterns: Vec<&str> = model
            .object
            .all("include")
            .filter_map(|p| p.value.as_str())
            .collect();
        let mut included = Vec::new();
        // Explores come grouped by file, and a model includes a whole file: match
        // the patterns once per file.
        let mut last: Option<(&Path, bool)> = None;
        for (i, e) in explores.iter().enumerate() {
            let file: &Path = &e.source.path;
            let hit = match last {
                Some((f, hit)) if f == file => hit,
                _ => {
                    let hit = patterns
                        .iter()
                        .any(|p| includes(p, &model.object.file, file));
                    last = Some((file, hit));
                    hit
                }
            };
            if hit {
                included_somewhere[i] = true;
                included.push(e.clone());
            }
        }
        items[m].included = included;
    }
    let loose = explores
        .into_iter()
        .zip(included_somewhere)
        .filter(|(_, inc)| !inc)
        .map(|(e, _)| e);
    items.extend(loose);
    items
}

pub fn changes(old: &Snapshot, new: &Snapshot, options: &Options) -> Vec<Change> {
    let scope = Scope::between(old, new);
    let mut pairs = pair(
        top_level(&scope.old_files, &scope),
        top_level(&scope.new_files, &scope),
    );
    pairs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut walk = Walk {
        options,
        lines: HashMap::new(),
        comments: Comments::default(),
        includers: [includers(&scope.old_files), includers(&scope.new_files)],
    };
    let mut out = Vec::new();
    let mut path = Vec::new();
    for p in &pairs {
        path.push(p.segment());
        walk.pairing(p, &mut path, None, false, &mut out);
        path.pop();
    }
    out
}

/// The state of one diff: line tables and comments, computed once per file, and
/// each side's models with their `include:` patterns.
struct Walk<'o> {
    options: &'o Options,
    lines: HashMap<usize, Vec<usize>>,
    comments: Comments,
    includers: [Vec<Includer<'o>>; 2],
}

/// A model, its file and its `include:` patterns.
struct Includer<'a> {
    model: &'a str,
    file: &'a Path,
    patterns: Vec<&'a str>,
}

fn includers<'a>(files: &[&'a SourceFile]) -> Vec<Includer<'a>> {
    let models = files
        .iter()
        .flat_map(|f| f.objects.iter())
        .filter(|o| o.kind == "model");
    models
        .map(|m| Includer {
            model: &m.name,
            file: &m.file,
            patterns: m.all("include").filter_map(|p| p.value.as_str()).collect(),
        })
        .collect()
}

/// The models whose `include:`s take in `file`, sorted.
fn models_including(includers: &[Includer<'_>], file: &Path) -> Vec<String> {
    let mut names: Vec<String> = includers
        .iter()
        .filter(|i| i.patterns.iter().any(|p| includes(p, i.file, file)))
        .map(|i| i.model.to_string())
        .collect();
    names.sort();
    names
}

/// A pair of files: where an object was and where it is.
type Files<'p> = (&'p Path, &'p Path);

impl Walk<'_> {
    fn compare(
        &mut self,
        old: &Item<'_>,
        new: &Item<'_>,
        path: &mut Vec<String>,
        parent: Option<Files<'_>>,
        in_derived_table: bool,
        out: &mut Vec<Change>,
    ) {
        let same_object = ptr::eq(old.object, new.object);
        if old.is_same(new) {
            // The same parsed file on both sides: nothing inside can differ.
            return;
        }
        let in_derived_table = in_derived_table || new.object.kind == "derived_table";
        let mut local = Vec::new();
        if !same_object {
            self.properties(old, new, path, in_derived_table, &mut local);
            if self.options.comments {
                self.compare_comments(old, new, path, &mut local);
            }
            if new.object.kind == "dashboard" {
                self.dashboard_order(old, new, path, &mut local);
            }
        }
        let files: Files<'_> = (&old.object.file, &new.object.file);
        self.children(old, new, path, files, in_derived_table, &mut local);
        if !local.is_empty() {
            out.append(&mut local);
        } else if files.0 != files.1 && parent != Some(files) {
            out.push(self.moved(old, new, path, parent.is_none()));
        }
    }

    fn children(
        &mut self,
        old: &Item<'_>,
        new: &Item<'_>,
        path: &mut Vec<String>,
        files: Files<'_>,
        in_derived_table: bool,
        out: &mut Vec<Change>,
    ) {
        for p in in_new_order(pair(old.children(), new.children())) {
            path.push(p.segment());
            self.pairing(&p, path, Some(files), in_derived_table, out);
            path.pop();
        }
    }

    fn pairing(
        &mut self,
        p: &Pairing<'_>,
        path: &mut Vec<String>,
        parent: Option<Files<'_>>,
        in_derived_table: bool,
        out: &mut Vec<Change>,
    ) {
        match (&p.old, &p.new) {
            (Some(o), Some(n)) => self.compare(o, n, path, parent, in_derived_table, out),
            (None, Some(n)) => out.push(self.whole(ChangeOp::Added, n, path)),
            (Some(o), None) => out.push(self.whole(ChangeOp::Removed, o, path)),
            (None, None) => {}
        }
    }

    fn properties(
        &mut self,
        old: &Item<'_>,
        new: &Item<'_>,
        path: &[String],
        in_derived_table: bool,
        out: &mut Vec<Change>,
    ) {
        let kind = new.object.kind.as_str();
        let old_groups = grouped(&old.object.properties);
        let new_groups = grouped(&new.object.properties);
        let find = |groups: &[(&str, Vec<&Property>)], key: &str| {
            groups.iter().position(|(k, _)| *k == key)
        };
        for (key, n) in &new_groups {
            let class = property_class(kind, key, in_derived_table);
            let old_group = find(&old_groups, key).map(|i| &old_groups[i].1);
            let op = match old_group {
                None => ChangeOp::Added,
                Some(o) if !same_group(kind, key, o, n) => ChangeOp::Modified,
                Some(_) => continue,
            };
            let old_value = old_group.map(|o| group_json(o));
            let mut change = self.property_change(op, new, path, (key, class), n);
            change.old = old_value;
            out.push(change);
        }
        for (key, o) in &old_groups {
            if find(&new_groups, key).is_none() {
                let class = property_class(kind, key, in_derived_table);
                let mut change =
                    self.property_change(ChangeOp::Removed, old, path, (key, class), o);
                change.old = change.new.take();
                out.push(change);
            }
        }
    }

    /// A change to property `key` of class `class`, located at the first of `at`
    /// in `item`'s file; `new` holds `at`'s value and `old` nothing yet.
    fn property_change(
        &mut self,
        op: ChangeOp,
        item: &Item<'_>,
        path: &[String],
        (key, class): (&str, ChangeClass),
        at: &[&Property],
    ) -> Change {
        let offset = at.first().map_or(item.object.span.start, |p| p.span.start);
        Change {
            op,
            kind: item.object.kind.to_string(),
            path: path.to_vec(),
            property: Some(key.to_string()),
            old: None,
            new: Some(group_json(at)),
            class,
            file: item.source.path.to_path_buf(),
            line: self.line(item.source, offset),
        }
    }

    fn compare_comments(
        &mut self,
        old: &Item<'_>,
        new: &Item<'_>,
        path: &[String],
        out: &mut Vec<Change>,
    ) {
        let before = self.comments.of(old.source, old.object).join("\n");
        let after = self.comments.of(new.source, new.object).join("\n");
        if before == after {
            return;
        }
        let op = match (before.is_empty(), after.is_empty()) {
            (true, _) => ChangeOp::Added,
            (_, true) => ChangeOp::Removed,
            _ => ChangeOp::Modified,
        };
        let value = |s: String| (!s.is_empty()).then_some(Value::String(s));
        let mut change = self.object_change(op, new, path, ChangeClass::Comment);
        change.property = Some("comments".into());
        change.old = value(before);
        change.new = value(after);
        out.push(change);
    }

    /// The order of a dashboard's filters is what users see above the tiles; so is
    /// the order of its elements unless the layout places each one by row and column.
    fn dashboard_order(
        &mut self,
        old: &Item<'_>,
        new: &Item<'_>,
        path: &[String],
        out: &mut Vec<Change>,
    ) {
        let placed = new.object.get("layout") == Some("newspaper");
        for (kind, key) in [("filter", "filters"), ("element", "elements")] {
            if kind == "element" && placed {
                continue;
            }
            let names = |o: &Object| -> Vec<String> {
                o.children_of(kind).map(|c| c.name.to_string()).collect()
            };
            let (a, b) = (names(old.object), names(new.object));
            let common_a: Vec<&String> = a.iter().filter(|n| b.contains(n)).collect();
            let common_b: Vec<&String> = b.iter().filter(|n| a.contains(n)).collect();
            if common_a != common_b {
                let mut change =
                    self.object_change(ChangeOp::Modified, new, path, ChangeClass::Presentation);
                change.property = Some(key.to_string());
                change.old = Some(Value::from(
                    common_a.into_iter().cloned().collect::<Vec<_>>(),
                ));
                change.new = Some(Value::from(
                    common_b.into_iter().cloned().collect::<Vec<_>>(),
                ));
                out.push(change);
            }
        }
    }

    /// A whole object added or removed, with everything in it.
    fn whole(&mut self, op: ChangeOp, item: &Item<'_>, path: &[String]) -> Change {
        let mut change = self.object_change(op, item, path, ChangeClass::Structure);
        let value = Some(object_json(item));
        if op == ChangeOp::Removed {
            change.old = value;
        } else {
            change.new = value;
        }
        change
    }

    /// An object unchanged in another file. At the top of the project, a move that
    /// takes a view (or a dashboard) into or out of a model's `include:`s changes
    /// what the model can use: that is a change of which models include it.
    fn moved(&mut self, old: &Item<'_>, new: &Item<'_>, path: &[String], top: bool) -> Change {
        if top {
            let before = models_including(&self.includers[0], &old.source.path);
            let after = models_including(&self.includers[1], &new.source.path);
            if before != after {
                let mut change =
                    self.object_change(ChangeOp::Modified, new, path, ChangeClass::Config);
                change.property = Some("included by".into());
                change.old = Some(Value::from(before));
                change.new = Some(Value::from(after));
                return change;
            }
        }
        let mut change = self.object_change(ChangeOp::Moved, new, path, ChangeClass::Location);
        let file = |i: &Item<'_>| Value::String(i.source.path.to_string_lossy().into_owned());
        change.old = Some(file(old));
        change.new = Some(file(new));
        change
    }

    fn object_change(
        &mut self,
        op: ChangeOp,
        item: &Item<'_>,
        path: &[String],
        class: ChangeClass,
    ) -> Change {
        Change {
            op,
            kind: item.object.kind.to_string(),
            path: path.to_vec(),
            property: None,
            old: None,
            new: None,
            class,
            file: item.source.path.to_path_buf(),
            line: self.line(item.source, item.object.span.start),
        }
    }

    /// The 1-based line of byte `offset` of `source`.
    fn line(&mut self, source: &SourceFile, offset: usize) -> u32 {
        let starts = self
            .lines
            .entry(source as *const SourceFile as usize)
            .or_insert_with(|| line_starts(source.parsed.text()));
        let line = starts.partition_point(|&s| s <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

/// Properties by key, in the order keys first appear; a repeated key (`include:`)
/// keeps its values in order, because that order is meaningful.
fn grouped(properties: &[Property]) -> Vec<(&str, Vec<&Property>)> {
    let mut groups: Vec<(&str, Vec<&Property>)> = Vec::new();
    for p in properties {
        match groups.iter_mut().find(|(k, _)| *k == p.key) {
            Some((_, g)) => g.push(p),
            None => groups.push((&p.key, vec![p])),
        }
    }
    groups
}

fn same_group(kind: &str, key: &str, old: &[&Property], new: &[&Property]) -> bool {
    old.len() == new.len()
        && old
            .iter()
            .zip(new)
            .all(|(a, b)| same_value(kind, key, &a.value, &b.value))
}

fn group_json(group: &[&Property]) -> Value {
    match group {
        [one] => value_json(&one.value),
        many => Value::Array(many.iter().map(|p| value_json(&p.value)).collect()),
    }
}

/// A value as JSON: strings, lists of strings, pairs as one-entry objects (a key
/// may repeat), YAML structures as they are.
fn value_json(value: &PropertyValue) -> Value {
    match value {
        PropertyValue::Scalar { text, .. } | PropertyValue::Expression(text) => {
            Value::String(text.to_string())
        }
        PropertyValue::List(items) => {
            Value::Array(items.iter().map(|i| Value::String(i.to_string())).collect())
        }
        PropertyValue::Pairs(pairs) => Value::Array(
            pairs
                .iter()
                .map(|(k, v)| {
                    let mut m = Map::new();
                    m.insert(k.to_string(), Value::String(v.to_string()));
                    Value::Object(m)
                })
                .collect(),
        ),
        PropertyValue::Structured(json) => json.as_ref().clone(),
    }
}

/// An object's properties, then its children under their segments.
fn object_json(item: &Item<'_>) -> Value {
    let mut map = Map::new();
    for (key, group) in grouped(&item.object.properties) {
        map.insert(key.to_string(), group_json(&group));
    }
    for p in in_new_order(pair(Vec::new(), item.children())) {
        if let Some(child) = &p.new {
            map.insert(p.segment(), object_json(child));
        }
    }
    Value::Object(map)
}
