//! Node properties (`!tag`, `&anchor`), aliases (`*anchor`) and the `%TAG`
//! directives that name tag handles.
//!
//! Looker's dashboard exports write `maxValue: !!null ''` by the hundred, older
//! exports put `!ruby/hash:...` tags on mappings, and teams reuse a `listen:`
//! block with `&listen` / `*listen`. The reader keeps each of these where it is
//! written; an alias holds its anchored node so that readers of the meaning see
//! the anchor's value.

use super::*;

/// Most nodes an alias may stand for, summed over the document's aliases. A
/// document of nested aliases can otherwise stand for billions of nodes
/// (the "billion laughs"); a real dashboard's aliases stand for a few hundred.
pub const MAX_ALIAS_EXPANSION: u64 = 1_000_000;

/// Characters of an anchor or alias name, as libyaml (and so Looker's Ruby)
/// reads them.
fn is_anchor_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// Characters of a tag (a URI, with `%` escapes), as libyaml reads them.
fn is_tag_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-;/?:@&=+$,_.!~*'()[]%#".contains(&c)
}

/// Characters that end an anchor or alias name without being part of it.
fn ends_anchor(c: u8) -> bool {
    matches!(c, b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`')
}

/// `%XX` escapes in a tag, decoded as UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The tag handles of a document: `!` and `!!` by default, and what `%TAG`
/// lines declare.
#[derive(Debug, Clone)]
pub(super) struct TagHandles(Vec<(String, String)>);

impl Default for TagHandles {
    fn default() -> TagHandles {
        TagHandles(vec![
            ("!".into(), "!".into()),
            ("!!".into(), "tag:yaml.org,2002:".into()),
        ])
    }
}

impl TagHandles {
    fn prefix(&self, handle: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(h, _)| h == handle)
            .map(|(_, p)| p.as_str())
    }
}

/// The document's anchors: each anchored node (kept for its aliases), how many
/// nodes it stands for and how deep it nests with its aliases expanded, found
/// by name (the latest anchor of a name) or by the node an alias holds.
#[derive(Default)]
pub(super) struct Anchors {
    by_name: std::collections::HashMap<Text, Anchored>,
    /// Expanded size and depth by the address of an anchored node.
    by_node: std::collections::HashMap<usize, (u64, usize)>,
}

#[derive(Clone)]
struct Anchored {
    node: Arc<Node>,
    depth: usize,
}

/// Deepest an alias may make the document once expanded: what reads it whole
/// (its JSON, its meaning) recurses that deep.
pub const MAX_EXPANDED_DEPTH: usize = 2 * MAX_DEPTH;

impl Parser<'_> {
    /// Reads a directive line at `p` (a `%` at the start of a line). `%TAG`
    /// declares a handle; `%YAML` and unknown directives are read over, as
    /// libyaml does.
    pub(super) fn directive(&mut self, p: usize) -> PResult<()> {
        let end = self.skip_to_breakz(p);
        let line = self.slice(p, end);
        let body = line.split(" #").next().unwrap_or(line);
        let mut words = body.split([' ', '\t']).filter(|w| !w.is_empty());
        if words.next() == Some("%TAG") {
            let (Some(handle), Some(prefix)) = (words.next(), words.next()) else {
                return Err(self.err(p, "a %TAG directive needs a handle and a prefix"));
            };
            let well_formed = handle == "!"
                || handle == "!!"
                || (handle.len() > 2
                    && handle.starts_with('!')
                    && handle.ends_with('!')
                    && handle[1..handle.len() - 1].bytes().all(is_anchor_char));
            if !well_formed {
                return Err(self.err(
                    p,
                    format!("'{handle}' is not a tag handle (use !, !! or !name!)"),
                ));
            }
            self.handles
                .0
                .push((handle.to_string(), prefix.to_string()));
        }
        self.pos = end;
        Ok(())
    }

    /// Reads a node's properties at `p`: a tag and an anchor, in either order,
    /// each at most once. Returns them (`None` when there are none) with the end
    /// of the last one; blanks after them are not read.
    pub(super) fn scan_props(&self, p: usize, flow: bool) -> PResult<(Option<Box<Props>>, usize)> {
        let mut props = Props::default();
        let mut at = p;
        let mut end = p;
        loop {
            match self.byte(at) {
                b'!' if props.tag.is_none() => {
                    let (tag, after) = self.scan_tag(at, flow)?;
                    props.tag = Some(tag);
                    end = after;
                }
                b'&' if props.anchor.is_none() => {
                    let (name, after) = self.scan_anchor_name(at, "an anchor")?;
                    props.anchor = Some(Anchor {
                        name,
                        span: at..after,
                    });
                    end = after;
                }
                b'!' | b'&' => {
                    return Err(self.err(at, "a node can have only one tag and one anchor"));
                }
                _ => break,
            }
            at = self.skip_blanks(end);
            if !matches!(self.byte(at), b'!' | b'&') {
                break;
            }
        }
        if end == p {
            return Ok((None, p));
        }
        Ok((Some(Box::new(props)), end))
    }

    fn scan_tag(&self, p: usize, flow: bool) -> PResult<(Tag, usize)> {
        let stop = |i: usize| self.is_blankz(i) || (flow && is_flow_indicator(self.byte(i)));
        if self.byte(p + 1) == b'<' {
            let mut q = p + 2;
            while self.byte(q) != b'>' {
                if self.is_blankz(q) {
                    return Err(self.err(p, "a verbatim tag '!<...>' is missing its '>'"));
                }
                q += self.char_len(q);
            }
            let name = percent_decode(self.slice(p + 2, q))
                .filter(|n| !n.is_empty())
                .ok_or_else(|| self.err(p, "a verbatim tag '!<...>' needs a well-formed name"))?;
            let end = q + 1;
            if !stop(end) {
                return Err(self.tag_not_ended(end));
            }
            return Ok((
                Tag {
                    name: name.into(),
                    span: p..end,
                },
                end,
            ));
        }
        let mut q = p + 1;
        while !stop(q) {
            if !is_tag_char(self.byte(q)) {
                return Err(self.err(
                    q,
                    format!(
                        "a tag holds only letters, digits and -;/?:@&=+$,_.!~*'()[]%#; found {}",
                        self.describe(q)
                    ),
                ));
            }
            q += 1;
        }
        let text = self.slice(p, q);
        let (handle, suffix) = match text.get(1..).and_then(|rest| rest.find('!')) {
            Some(i) if text[1..=i].bytes().all(is_anchor_char) => text.split_at(i + 2),
            _ => text.split_at(1),
        };
        let name = if text == "!" {
            "!".to_string()
        } else {
            if suffix.is_empty() {
                return Err(self.err(p, format!("the tag '{text}' has no name after its handle")));
            }
            let prefix = self.handles.prefix(handle).ok_or_else(|| {
                self.err(
                    p,
                    format!(
                        "the tag handle '{handle}' is not declared; add a '%TAG {handle} ...' line before '---'"
                    ),
                )
            })?;
            let suffix = percent_decode(suffix)
                .ok_or_else(|| self.err(p, format!("the tag '{text}' has a bad %-escape")))?;
            format!("{prefix}{suffix}")
        };
        Ok((
            Tag {
                name: name.into(),
                span: p..q,
            },
            q,
        ))
    }

    fn tag_not_ended(&self, at: usize) -> YamlError {
        self.err(
            at,
            format!(
                "expected a space after the tag, found {}",
                self.describe(at)
            ),
        )
    }

    /// The name after `&` or `*` at `p`, and where it ends.
    fn scan_anchor_name(&self, p: usize, what: &str) -> PResult<(Text, usize)> {
        let mut q = p + 1;
        while is_anchor_char(self.byte(q)) {
            q += 1;
        }
        if q == p + 1 {
            return Err(self.err(
                p,
                format!("{what} needs a name of letters, digits, '-' or '_'"),
            ));
        }
        let next = self.byte(q);
        if !(self.is_blankz(q) || ends_anchor(next)) {
            return Err(self.err(
                q,
                format!(
                    "{what} name can hold only letters, digits, '-' and '_'; found {}",
                    self.describe(q)
                ),
            ));
        }
        Ok((self.slice(p + 1, q).into(), q))
    }

    /// `*name` at `p`: the alias and where it ends.
    pub(super) fn scan_alias(&self, p: usize) -> PResult<(Node, usize)> {
        let (name, end) = self.scan_anchor_name(p, "an alias")?;
        let Some(anchored) = self.anchors.by_name.get(&name) else {
            return Err(self.err(
                p,
                format!("the alias *{name} has no anchor &{name} before it"),
            ));
        };
        if self.depth + anchored.depth > MAX_EXPANDED_DEPTH {
            return Err(self.err(
                p,
                format!(
                    "the alias *{name} would nest this document deeper than {MAX_EXPANDED_DEPTH} levels"
                ),
            ));
        }
        Ok((
            Node::Alias(Alias {
                name,
                span: p..end,
                target: anchored.node.clone(),
            }),
            end,
        ))
    }

    /// Counts an alias's expansion against [`MAX_ALIAS_EXPANSION`].
    pub(super) fn count_alias(&mut self, alias: &Node) -> PResult<()> {
        let Node::Alias(a) = alias else {
            return Ok(());
        };
        let weight = self.weight_of(&a.target);
        self.expanded = self.expanded.saturating_add(weight);
        if self.expanded > MAX_ALIAS_EXPANSION {
            return Err(self.err(
                a.span.start,
                format!(
                    "the aliases of this document stand for more than {MAX_ALIAS_EXPANSION} nodes"
                ),
            ));
        }
        Ok(())
    }

    /// `*name` at `p`, read and counted; `pos` moves past it.
    pub(super) fn parse_alias(&mut self, p: usize) -> PResult<Node> {
        let (node, end) = self.scan_alias(p)?;
        self.count_alias(&node)?;
        self.pos = end;
        Ok(node)
    }

    fn weight_of(&self, node: &Arc<Node>) -> u64 {
        self.anchors
            .by_node
            .get(&(Arc::as_ptr(node) as usize))
            .map_or(1, |&(weight, _)| weight)
    }

    /// How many nodes `node` stands for and how deep it nests, its aliases
    /// expanded; and how many nodes it holds as written.
    fn measure(&self, node: &Node) -> (u64, usize, u64) {
        match node {
            Node::Scalar(_) | Node::Null { .. } => (1, 1, 1),
            Node::Alias(a) => {
                let (weight, depth) = self
                    .anchors
                    .by_node
                    .get(&(Arc::as_ptr(&a.target) as usize))
                    .copied()
                    .unwrap_or((1, 1));
                (weight, depth, 1)
            }
            Node::Sequence(s) => s.items.iter().fold((1, 1, 1), |acc, i| {
                let (w, d, n) = self.measure(i);
                (
                    acc.0.saturating_add(w),
                    acc.1.max(d + 1),
                    acc.2.saturating_add(n),
                )
            }),
            Node::Mapping(m) => m.entries.iter().fold((1, 1, 1), |acc, (k, v)| {
                let (wk, dk, nk) = self.measure(k);
                let (wv, dv, nv) = self.measure(v);
                (
                    acc.0.saturating_add(wk).saturating_add(wv),
                    acc.1.max(dk + 1).max(dv + 1),
                    acc.2.saturating_add(nk).saturating_add(nv),
                )
            }),
        }
    }

    /// Puts `props` on `node` (read before it) and records its anchor.
    pub(super) fn with_props(
        &mut self,
        mut node: Node,
        props: Option<Box<Props>>,
    ) -> PResult<Node> {
        let Some(props) = props else {
            return Ok(node);
        };
        let at = props
            .tag
            .as_ref()
            .map(|t| t.span.start)
            .into_iter()
            .chain(props.anchor.as_ref().map(|a| a.span.start))
            .min()
            .unwrap_or(0);
        let slot = match &mut node {
            Node::Scalar(Scalar { props, .. })
            | Node::Sequence(Sequence { props, .. })
            | Node::Mapping(Mapping { props, .. })
            | Node::Null { props, .. } => props,
            Node::Alias(_) => {
                return Err(self.err(at, "an alias cannot have a tag or an anchor"));
            }
        };
        if slot.is_some() {
            return Err(self.err(at, "a node can have only one tag and one anchor"));
        }
        let anchor = props.anchor.as_ref().map(|a| a.name.clone());
        *slot = Some(props);
        if let Some(name) = anchor {
            let (weight, depth, written) = self.measure(&node);
            // The anchored node is kept a second time, for its aliases: nested
            // anchors each keep their own copy, and that counts too.
            self.expanded = self.expanded.saturating_add(written);
            if self.expanded > MAX_ALIAS_EXPANSION {
                return Err(self.err(
                    at,
                    format!(
                        "the anchors and aliases of this document stand for more than {MAX_ALIAS_EXPANSION} nodes"
                    ),
                ));
            }
            let node = Arc::new(node.clone());
            self.anchors
                .by_node
                .insert(Arc::as_ptr(&node) as usize, (weight, depth));
            self.anchors.by_name.insert(name, Anchored { node, depth });
        }
        Ok(node)
    }
}
