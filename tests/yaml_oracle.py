#!/usr/bin/env python3
"""Reference JSON of PyYAML for every YAML LookML file (*.lookml).

Usage:
    python3 tests/yaml_oracle.py [--check] [ROOT ...]
    python3 tests/yaml_oracle.py --selftest

Walks every *.lookml file (LookML dashboards `*.dashboard.lookml` and legacy
YAML LookML `*.model.lookml` / `*.view.lookml`) under each ROOT (default:
tests/corpus/yaml), loads it with PyYAML through the OracleLoader below and
writes the result as JSON to tests/yaml-json/<path relative to the repository
root>.json. These goldens are what `storyboard parse --format json` must
produce for the same file in differential tests.

A file that the loader rejects (any exception, e.g. a YAML syntax error, an
unknown `tag:yaml.org,2002:` tag, a malformed `!!int`, several documents in one
file, bytes that are not UTF-8) gets no JSON and is listed instead in
tests/yaml-json/REJECTED.txt as `path<TAB>message`, sorted by path. Entries of
REJECTED.txt outside the given roots are left untouched.

--check writes nothing and exits 1 if any output would differ from what is on
disk, so CI can prove the committed goldens are PyYAML's real output.
--selftest checks the conventions below on a handful of inline documents.

Conventions (these define the expected JSON; OracleLoader subclasses
yaml.SafeLoader, the pure-Python one):

1. One document per file, as yaml.load does (get_single_data): an empty
   stream (or only comments/directives) is `null`; a second document is an
   error. `%YAML 1.1`, `%TAG`, `---` and `...` are accepted as PyYAML does.
   The text is decoded as UTF-8 first (a leading BOM is skipped by PyYAML).

2. Implicit resolution of untagged plain scalars is SafeLoader's YAML 1.1:
   null `~`, `null`/`Null`/`NULL`, empty; bool `yes/no/on/off/true/false`
   (also `Yes`, `YES`, ...; not `y`/`n`); int with `_` separators, octal
   `0777` (leading 0), `0x1F`, `0b101`, sexagesimal `1:30` (= 90) and
   `1:30:00` (= 5400), but `08` and `0o17` are strings; a float needs a `.`,
   and an exponent must be signed (`1.5e+3` is 1500.0, while `1e3`, `1.5e3`,
   `1.e5` are strings), `.inf`/`-.Inf`/`.NaN`, sexagesimal `1:30.5`. Quoted
   and block scalars are strings.
   Two exceptions:
   - the timestamp resolver is removed: `2024-01-01` stays a string, and an
     explicit `!!timestamp` also gives the scalar's text;
   - the `=` (`tag:yaml.org,2002:value`) resolver is removed: a plain `=` is
     the string "=" (SafeLoader would reject the file).
   `<<` merge keys behave as in SafeLoader (merged); no fixture uses them.

3. Explicit `tag:yaml.org,2002:` tags (`!!x`, or verbatim
   `!<tag:yaml.org,2002:x>`) as in SafeLoader, except:
   - `!!str` on any scalar: its text (`!!str 12` -> "12", `!!str` on an empty
     node -> "");
   - `!!null` on any scalar, whatever its text -> null;
   - `!!int`/`!!float`/`!!bool` parse the text whatever the quoting
     (`!!int "0x1F"` -> 31, `!!int "1:30"` -> 90, `!!float 1` -> 1.0,
     `!!bool "on"` -> true); text they cannot parse rejects the file;
   - `!!binary` -> the base64 text with spaces, tabs, CR and LF removed (a
     string, not decoded);
   - `!!set` -> a mapping whose values are all null;
   - `!!omap` and `!!pairs` -> a list of one-key mappings, in order
     (duplicates kept);
   - `!!timestamp` -> the scalar's text;
   - `!!map`/`!!seq`/`!!str` on the wrong kind of node, and any other
     `tag:yaml.org,2002:` tag (`!!value`, `!!foo`), reject the file.
   A `%TAG !! prefix` directive redefines `!!` for its document, so `!!str`
   there is no longer a yaml.org tag (see 4).

4. Every other tag is ignored: local tags (`!foo`,
   `!ruby/hash:ActiveSupport::HashWithIndifferentAccess`), the non-specific
   `!`, `%TAG`-expanded global tags (`!e!thing` -> tag:example.com,2000:thing),
   verbatim `!<!x>` / `!<urn:x>`. The node is constructed as if it had no tag:
   a plain scalar is resolved implicitly (`!foo 12` -> 12, `!foo` on an empty
   node -> null), a quoted or block scalar is a string (`! "12"` -> "12",
   where plain PyYAML would give 12), a mapping is a mapping and a sequence
   a list. (Implemented with add_multi_constructor for '!' and 'tag:', plus
   a fallback for tags with neither prefix, resolving the node's tag with
   loader.resolve(kind, value, implicit=(plain, not plain)).)

5. Anchors and aliases: an alias is the anchored node's value, also as a
   mapping key (`*k : v`) and on collections; an anchor on an empty node
   anchors null. Construction is always deep, so an aliased collection used
   as a key is complete; a recursive alias rejects the file.

6. Mapping keys are turned into JSON object keys when they are inserted, so
   duplicates are detected on the converted text: str as is; true/false ->
   "true"/"false"; null -> "null"; int -> decimal text (no range limit);
   float -> Python's repr with json.dumps's spelling of the specials
   ("1.5", "1e+20", "NaN", "Infinity", "-Infinity"); a sequence or mapping
   key (complex key, `? [a, b]`) -> json.dumps(converted value,
   separators=(",", ":"), ensure_ascii=False), e.g. "[\"a\",\"b\"]". So `1`
   and `"1"`, `true` and `"true"`, `~` and `null` are the same key. A
   duplicate key: the last value wins, the key keeps its first position.

7. Values: mapping -> object, sequence -> array, str -> string, bool, null;
   int -> integer when -2**63 <= n <= 2**64-1, otherwise the nearest float
   (null when beyond the float range); float -> number as Python's repr
   writes it (`1.0`, `1500.0`, `-0.0`), except NaN, +inf and -inf -> null.

8. Output: json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False)
   followed by "\\n", written as UTF-8 with LF line endings.

Requires: pip install pyyaml
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

try:
    import yaml
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
except ImportError:  # reported in main()
    yaml = None

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "tests" / "yaml-json"
REJECTED = OUT_DIR / "REJECTED.txt"
DEFAULT_ROOTS = ["tests/corpus/yaml"]
SUFFIX = ".lookml"

YAML_ORG = "tag:yaml.org,2002:"
INT_MIN = -(2 ** 63)
INT_MAX = 2 ** 64 - 1


# ---------------------------------------------------------------- conversion

def json_value(obj):
    """A constructed Python value as plain JSON data (convention 7)."""
    if isinstance(obj, dict):
        return {key: json_value(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_value(value) for value in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int):
        if INT_MIN <= obj <= INT_MAX:
            return obj
        try:
            return float(obj)
        except OverflowError:
            return None
    if isinstance(obj, float):
        if math.isnan(obj) or math.isinf(obj):
            return None
        return obj
    raise TypeError("no JSON form for %s" % type(obj).__name__)


def json_key(key):
    """A constructed mapping key as the text of a JSON object key (convention 6)."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        if math.isnan(key):
            return "NaN"
        if math.isinf(key):
            return "Infinity" if key > 0 else "-Infinity"
        return repr(key)
    if isinstance(key, (list, tuple, dict)):
        return json.dumps(json_value(key), separators=(",", ":"), ensure_ascii=False)
    raise TypeError("no JSON key for %s" % type(key).__name__)


# ---------------------------------------------------------------- loader

if yaml is not None:

    class OracleLoader(yaml.SafeLoader):
        """SafeLoader with the conventions of the module docstring."""

        # Conventions 1-2: SafeLoader's resolvers minus timestamp and value.
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers
                    if tag not in (YAML_ORG + "timestamp", YAML_ORG + "value")]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

        # Convention 4: the non-specific tag `!` is ignored like any other
        # local tag, so a quoted scalar stays a string (PyYAML resolves it as
        # if it were plain).
        def compose_scalar_node(self, anchor):
            event = self.peek_event()
            if event.tag != "!":
                return super().compose_scalar_node(anchor)
            self.get_event()
            plain = event.style is None
            tag = self.resolve(ScalarNode, event.value, (plain, not plain))
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                              style=event.style)
            if anchor is not None:
                self.anchors[anchor] = node
            return node

        # Convention 5: always construct deeply.
        def construct_object(self, node, deep=False):
            return super().construct_object(node, deep=True)

        # Convention 6: keys become JSON key text on insertion.
        def construct_mapping(self, node, deep=False):
            if not isinstance(node, MappingNode):
                raise ConstructorError(None, None,
                                       "expected a mapping node, but found %s" % node.id,
                                       node.start_mark)
            self.flatten_mapping(node)
            mapping = {}
            for key_node, value_node in node.value:
                key = json_key(self.construct_object(key_node, deep=True))
                mapping[key] = self.construct_object(value_node, deep=True)
            return mapping

        def construct_text(self, node):
            return self.construct_scalar(node)

        def construct_binary_text(self, node):
            text = self.construct_scalar(node)
            return "".join(ch for ch in text if ch not in " \t\r\n")

        def construct_set_as_map(self, node):
            data = {}
            yield data
            data.update((key, None) for key in self.construct_mapping(node))

        def construct_pairs_as_list(self, node):
            pairs = []
            yield pairs
            if not isinstance(node, SequenceNode):
                raise ConstructorError("while constructing pairs", node.start_mark,
                                       "expected a sequence, but found %s" % node.id,
                                       node.start_mark)
            for item in node.value:
                if not isinstance(item, MappingNode) or len(item.value) != 1:
                    raise ConstructorError("while constructing pairs", node.start_mark,
                                           "expected a single-pair mapping", item.start_mark)
                pairs.append(self.construct_mapping(item))

        def construct_ignoring_tag(self, node):
            """Convention 4: construct `node` as if it had no tag."""
            if isinstance(node, ScalarNode):
                plain = node.style is None
                tag = self.resolve(ScalarNode, node.value, (plain, not plain))
            else:
                tag = self.resolve(type(node), None, (True, False))
            return self.yaml_constructors[tag](self, node)

    def _local_tag(loader, suffix, node):
        return loader.construct_ignoring_tag(node)

    def _tag_uri(loader, suffix, node):
        if ("tag:" + suffix).startswith(YAML_ORG):
            raise ConstructorError(None, None,
                                   "could not determine a constructor for the tag %r"
                                   % node.tag, node.start_mark)
        return loader.construct_ignoring_tag(node)

    def _other_tag(loader, node):
        return loader.construct_ignoring_tag(node)

    OracleLoader.add_constructor(YAML_ORG + "timestamp", OracleLoader.construct_text)
    OracleLoader.add_constructor(YAML_ORG + "binary", OracleLoader.construct_binary_text)
    OracleLoader.add_constructor(YAML_ORG + "set", OracleLoader.construct_set_as_map)
    OracleLoader.add_constructor(YAML_ORG + "omap", OracleLoader.construct_pairs_as_list)
    OracleLoader.add_constructor(YAML_ORG + "pairs", OracleLoader.construct_pairs_as_list)
    OracleLoader.add_multi_constructor("!", _local_tag)
    OracleLoader.add_multi_constructor("tag:", _tag_uri)
    OracleLoader.add_constructor(None, _other_tag)


def load(text):
    """The document in `text` as plain JSON data."""
    loader = OracleLoader(text)
    try:
        return json_value(loader.get_single_data())
    finally:
        loader.dispose()


# ---------------------------------------------------------------- self-test

SELFTEST = [
    ("a: !!null ''", {"a": None}),
    ("a: !!null\nb: !!str\nc: &e\nd: *e", {"a": None, "b": "", "c": None, "d": None}),
    ("[1e3, 1.5e+3, 0777, 0x1F, 0b101, 1_000, 1:30, 1:30:00, 08]",
     ["1e3", 1500.0, 511, 31, 5, 1000, 90, 5400, "08"]),
    ("[.inf, -.Inf, .NaN, ~, Null, '', yes, No, on, OFF, y]",
     [None, None, None, None, None, "", True, False, True, False, "y"]),
    ("[2024-01-01, !!timestamp 2024-01-01 10:00:00, =]",
     ["2024-01-01", "2024-01-01 10:00:00", "="]),
    ("? [a, b]\n: c\n? {x: 1}\n: d\n", {"[\"a\",\"b\"]": "c", "{\"x\":1}": "d"}),
    ("1: a\ntrue: b\n~: c\n1.5: d\n.nan: e\n'1': f\n", {"1": "f", "true": "b", "null": "c", "1.5": "d", "NaN": "e"}),
    ("a: &k x\n*k : v\n? ''\n: e\n", {"a": "x", "x": "v", "": "e"}),
    ("[!!int \"0x1F\", !!float 1, !!bool yes, !!str 12, !!str &a 3, &b !!int '4', *a, *b]",
     [31, 1.0, True, "12", "3", 4, "3", 4]),
    ("[!foo 12, !foo '12', ! 12, ! '12', !<!x> yes, !foo , !<tag:yaml.org,2002:str> 5]",
     [12, "12", 12, "12", True, None, "5"]),
    ("%TAG !e! tag:example.com,2000:\n---\n!e!dash {a: !e!n 1, b: !e!s '1'}\n...\n",
     {"a": 1, "b": "1"}),
    ("%TAG !! tag:example.com,2000:\n---\n[!!str 1, !!int '2']\n", [1, "2"]),
    ("!ruby/hash:ActiveSupport::HashWithIndifferentAccess\nx: !ruby/array [1]\n", {"x": [1]}),
    ("b: !!binary |\n  aGVs\n  bG8=\ns: !!set {a, b}\no: !!omap [x: 1, y: 2, x: 3]\n",
     {"b": "aGVsbG8=", "s": {"a": None, "b": None}, "o": [{"x": 1}, {"y": 2}, {"x": 3}]}),
    ("a: 1\nb: 2\na: 3\n", {"a": 3, "b": 2}),
    ("a: &l [1, 2]\n? *l\n: v\n", {"a": [1, 2], "[1,2]": "v"}),
    ("[18446744073709551615, 18446744073709551616, -9223372036854775809]",
     [18446744073709551615, 1.8446744073709552e19, -9.223372036854776e18]),
    ("", None),
]

SELFTEST_REJECTED = [
    "a: !!int ''",
    "a: !!int abc",
    "a: !!foo 1",
    "a: !!str [1]",
    "a: 1\n---\nb: 2\n",
    "a: &r [*r]",
]


def selftest():
    failures = 0
    for text, want in SELFTEST:
        try:
            got = load(text)
        except Exception as exc:
            got = "%s: %s" % (type(exc).__name__, " ".join(str(exc).split()))
        if json.dumps(got) != json.dumps(want):
            failures += 1
            print("FAIL %r\n  want %s\n  got  %s" % (text, json.dumps(want), json.dumps(got)))
    for text in SELFTEST_REJECTED:
        try:
            got = load(text)
        except Exception:
            continue
        failures += 1
        print("FAIL %r\n  want an error\n  got  %s" % (text, json.dumps(got)))
    total = len(SELFTEST) + len(SELFTEST_REJECTED)
    print("yaml_oracle selftest: %d/%d passed" % (total - failures, total))
    return 1 if failures else 0


# ---------------------------------------------------------------- files

def one_line(exc):
    """The exception's message on one line, prefixed by its type name."""
    message = " ".join(str(exc).split())
    name = type(exc).__name__
    return "%s: %s" % (name, message) if message else name


def rel(path):
    return path.relative_to(REPO_ROOT).as_posix()


def resolve_root(arg):
    path = Path(arg)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() else (REPO_ROOT / path)
    path = path.resolve()
    try:
        path.relative_to(REPO_ROOT)
    except ValueError:
        sys.exit("yaml_oracle: %s is outside the repository %s" % (arg, REPO_ROOT))
    if not path.exists():
        sys.exit("yaml_oracle: %s does not exist" % arg)
    return path


def yaml_files(root):
    if root.is_file():
        return [root] if root.name.endswith(SUFFIX) else []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        if here == OUT_DIR or OUT_DIR in here.parents:
            dirnames[:] = []
            continue
        for name in sorted(filenames):
            if name.endswith(SUFFIX):
                found.append(here / name)
    return found


def golden_path(source):
    return OUT_DIR / (rel(source) + ".json")


def under(path_text, roots):
    for root in roots:
        r = rel(root)
        if path_text == r or path_text.startswith(r + "/"):
            return True
    return False


def read_rejected():
    entries = {}
    if REJECTED.exists():
        for line in REJECTED.read_text(encoding="utf-8").splitlines():
            if line.strip():
                path, _, message = line.partition("\t")
                entries[path] = message
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any golden is missing, stale or different")
    parser.add_argument("--selftest", action="store_true",
                        help="check the loader's conventions on inline documents and exit")
    parser.add_argument("roots", nargs="*", metavar="ROOT",
                        help="directories (or files) to walk; default: %s" % " ".join(DEFAULT_ROOTS))
    args = parser.parse_args()

    if yaml is None:
        sys.exit("yaml_oracle: the PyYAML package is required (pip install pyyaml)")
    if args.selftest:
        return selftest()

    roots = [resolve_root(r) for r in (args.roots or DEFAULT_ROOTS)]

    expected = {}   # golden path -> JSON text
    rejected = {}   # source path (repo-relative) -> message
    sources = []
    for root in roots:
        for source in yaml_files(root):
            if source in sources:
                continue
            sources.append(source)
            try:
                text = source.read_bytes().decode("utf-8")
                obj = load(text)
            except Exception as exc:  # yaml.YAMLError, ValueError, KeyError, ...
                rejected[rel(source)] = one_line(exc)
                continue
            expected[golden_path(source)] = (
                json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
            )

    # Goldens currently on disk for the walked roots.
    existing = set()
    for root in roots:
        mirror = OUT_DIR / (rel(root) + (".json" if root.is_file() else ""))
        if mirror.is_file():
            existing.add(mirror)
        elif mirror.is_dir():
            existing.update(p for p in mirror.rglob("*.json") if p.is_file())

    rejected_all = {p: m for p, m in read_rejected().items() if not under(p, roots)}
    rejected_all.update(rejected)
    rejected_text = "".join(
        "%s\t%s\n" % (p, rejected_all[p]) for p in sorted(rejected_all)
    )

    changed = []
    for path, text in sorted(expected.items()):
        current = path.read_bytes().decode("utf-8") if path.exists() else None
        if current != text:
            changed.append((path, "missing" if current is None else "differs"))
    stale = sorted(existing - set(expected))
    changed += [(p, "stale") for p in stale]
    current_rejected = REJECTED.read_text(encoding="utf-8") if REJECTED.exists() else None
    if current_rejected != rejected_text:
        changed.append((REJECTED, "differs" if current_rejected is not None else "missing"))

    summary = "PyYAML %s: %d files, %d loaded, %d rejected" % (
        yaml.__version__, len(sources), len(expected), len(rejected))

    if args.check:
        for path, why in changed:
            print("%s: %s" % (why, rel(path)))
        if changed:
            print("%s; %d outputs out of date (run python3 tests/yaml_oracle.py)" % (summary, len(changed)))
            return 1
        print("%s; goldens up to date" % summary)
        return 0

    written = 0
    for path, text in sorted(expected.items()):
        if path.exists() and path.read_bytes().decode("utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        written += 1
    for path in stale:
        path.unlink()
        parent = path.parent
        while parent != OUT_DIR and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    if current_rejected != rejected_text:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        with open(REJECTED, "w", encoding="utf-8", newline="\n") as out:
            out.write(rejected_text)
    print("%s; %d written, %d removed" % (summary, written, len(stale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
