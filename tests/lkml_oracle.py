#!/usr/bin/env python3
"""Reference output of the Python `lkml` parser for every *.lkml file.

Usage:
    python3 tests/lkml_oracle.py [--check] [ROOT ...]

Walks every *.lkml file under each ROOT (default: assets/demo/project and
tests/corpus/edge), runs lkml.load on it and writes the result as JSON to
tests/lkml-json/<path relative to the repository root>.json. These goldens
are what storyboard's own parser is compared against in differential tests.

A file that lkml rejects (exception or no result within the timeout; lkml
loops forever on a stray `;`) gets no JSON and is listed instead in
tests/lkml-json/REJECTED.txt as `path<TAB>message`, sorted by path.
Entries of REJECTED.txt outside the given roots are left untouched.

--check writes nothing and exits 1 if any output would differ from what is
on disk, so CI can prove the committed goldens are lkml's real output.

Requires: pip install lkml
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "tests" / "lkml-json"
REJECTED = OUT_DIR / "REJECTED.txt"
DEFAULT_ROOTS = ["assets/demo/project", "tests/corpus/edge"]
TIMEOUT_SECONDS = 10


class LoadTimeout(Exception):
    pass


class ChildError(Exception):
    """An exception raised by lkml in the fallback subprocess."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def one_line(exc):
    """The exception's message on one line, prefixed by its type name."""
    if isinstance(exc, LoadTimeout):
        return "Timeout: lkml.load did not finish within %d s" % TIMEOUT_SECONDS
    if exc.args and isinstance(exc.args[0], str):
        message = exc.args[0]
    else:
        message = str(exc)
    message = " ".join(message.split())
    name = exc.name if isinstance(exc, ChildError) else type(exc).__name__
    return "%s: %s" % (name, message) if message else name


def _on_alarm(signum, frame):
    raise LoadTimeout()


def load_in_process(text):
    import lkml

    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(TIMEOUT_SECONDS)
    try:
        return lkml.load(text)
    finally:
        signal.alarm(0)


_CHILD = r"""
import json, sys, lkml
text = sys.stdin.buffer.read().decode("utf-8")
try:
    obj = lkml.load(text)
except Exception as exc:
    msg = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    json.dump({"error": [type(exc).__name__, msg]}, sys.stdout)
else:
    json.dump({"ok": obj}, sys.stdout)
"""


def load_in_subprocess(text):
    """Fallback for platforms without SIGALRM."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise LoadTimeout()
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    result = json.loads(done.stdout.decode("utf-8"))
    if "error" in result:
        name, message = result["error"]
        raise ChildError(name, message)
    return result["ok"]


def load(text):
    if hasattr(signal, "SIGALRM"):
        return load_in_process(text)
    return load_in_subprocess(text)


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
        sys.exit("lkml_oracle: %s is outside the repository %s" % (arg, REPO_ROOT))
    if not path.exists():
        sys.exit("lkml_oracle: %s does not exist" % arg)
    return path


def lkml_files(root):
    if root.is_file():
        return [root] if root.name.endswith(".lkml") else []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        if here == OUT_DIR or OUT_DIR in here.parents:
            dirnames[:] = []
            continue
        for name in sorted(filenames):
            if name.endswith(".lkml"):
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
    parser.add_argument("roots", nargs="*", metavar="ROOT",
                        help="directories (or files) to walk; default: %s" % " ".join(DEFAULT_ROOTS))
    args = parser.parse_args()

    try:
        import lkml
    except ImportError:
        sys.exit("lkml_oracle: the lkml package is required (pip install lkml)")
    # lkml warns about duplicate top-level keys; the goldens record the outcome.
    logging.disable(logging.WARNING)
    version = getattr(lkml, "__version__", None)
    if version is None:
        try:
            from importlib.metadata import version as dist_version
            version = dist_version("lkml")
        except Exception:
            version = "?"

    roots = [resolve_root(r) for r in (args.roots or DEFAULT_ROOTS)]

    expected = {}   # golden path -> JSON text
    rejected = {}   # source path (repo-relative) -> message
    sources = []
    for root in roots:
        for source in lkml_files(root):
            if source in sources:
                continue
            sources.append(source)
            try:
                text = source.read_bytes().decode("utf-8")
                obj = load(text)
            except Exception as exc:  # lkml raises SyntaxError, KeyError, ...
                rejected[rel(source)] = one_line(exc)
                continue
            expected[golden_path(source)] = (
                json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
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

    summary = "lkml %s: %d files, %d parsed, %d rejected" % (
        version, len(sources), len(expected), len(rejected))

    if args.check:
        for path, why in changed:
            print("%s: %s" % (why, rel(path)))
        if changed:
            print("%s; %d outputs out of date (run python3 tests/lkml_oracle.py)" % (summary, len(changed)))
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
