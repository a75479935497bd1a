#!/usr/bin/env python3
"""Time other LookML parsers over a directory, for comparison with storyboard.

    python3 benches/peers.py DIR [--repeat N] [--parsers lkml,looker-cst]
                                 [--storyboard CMD] [--timeout S]

For every `.lkml` file under DIR (LookML dashboards are YAML and are left out):

  lkml        Python `lkml` (pip install lkml): `str(lkml.parse(text))`, the lossless
              parse + print round trip, in this process.
  looker-cst  `looker_cst` (pip install looker-cst, a Rust core behind Python bindings):
              `str(looker_cst.parse(text))`, its parse + print round trip, in this process.

Files are read and decoded before timing, so only parsing and printing are timed. Each parser
makes N passes over all files; the best (shortest) pass is reported. A file fails when the
parser raises or when the printed text differs from the input (`mismatch`). The first pass runs
each file under a timeout (lkml can loop forever on a stray `;`); a file that hits it counts as
failed and is left out of the later passes.

`--storyboard CMD` also times an external command, best wall clock of N runs, e.g.
`--storyboard "target/release/storyboard parse --check DIR"`: an argument that is exactly
`DIR`, and `{dir}` anywhere in one, is replaced by the directory. Its files and bytes are those
of the `.lkml` files under DIR, for a like-for-like MB/s; a run that exits non-zero is reported
as failed.

Prints a table, then one line of JSON. MB are 1,000,000 bytes.
"""

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import shlex
import signal
import subprocess
import sys
import time


class Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise Timeout()


def load_corpus(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".lkml"):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    raw = f.read()
                files.append((os.path.relpath(path, root), raw.decode("utf-8", errors="replace"), len(raw)))
    return files


def version_of(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def lkml_roundtrip():
    import lkml

    parse = lkml.parse
    return lambda text: str(parse(text))


def looker_cst_roundtrip():
    import looker_cst

    parse = looker_cst.parse
    return lambda text: str(parse(text))


PEERS = {
    "lkml": ("lkml", lkml_roundtrip, "parse+print"),
    "looker-cst": ("looker-cst", looker_cst_roundtrip, "parse+print"),
}


def time_peer(name, corpus, repeat, timeout):
    dist, make, mode = PEERS[name]
    version = version_of(dist)
    row = {"name": name, "version": version, "mode": mode}
    try:
        roundtrip = make()
    except ImportError as e:
        row["error"] = f"not installed (pip install {dist}): {e}"
        return row

    texts = [text for _, text, _ in corpus]
    errors, mismatches, hung = [], [], set()
    best = None
    use_alarm = hasattr(signal, "setitimer") and timeout > 0
    for i in range(max(1, repeat)):
        gc.collect()
        if i == 0:
            # checking pass: records failures, with a per-file timeout
            if use_alarm:
                old = signal.signal(signal.SIGALRM, _on_alarm)
            start = time.perf_counter()
            for idx, text in enumerate(texts):
                try:
                    if use_alarm:
                        signal.setitimer(signal.ITIMER_REAL, timeout)
                    out = roundtrip(text)
                    if use_alarm:
                        signal.setitimer(signal.ITIMER_REAL, 0)
                    if out != text:
                        mismatches.append(idx)
                except Timeout:
                    hung.add(idx)
                except Exception as e:  # noqa: BLE001 - any parser error counts as a failure
                    if use_alarm:
                        signal.setitimer(signal.ITIMER_REAL, 0)
                    errors.append((idx, f"{type(e).__name__}: {str(e)[:120]}"))
            elapsed = time.perf_counter() - start
            if use_alarm:
                signal.signal(signal.SIGALRM, old)
            if hung:
                texts = [t for j, t in enumerate(texts) if j not in hung]
                elapsed = None  # a pass cut short by timeouts is not comparable
        else:
            start = time.perf_counter()
            for text in texts:
                try:
                    roundtrip(text)
                except Exception:  # noqa: BLE001
                    pass
            elapsed = time.perf_counter() - start
        if elapsed is not None and (best is None or elapsed < best):
            best = elapsed

    nbytes = sum(size for j, (_, _, size) in enumerate(corpus) if j not in hung)
    row.update(
        files=len(corpus),
        bytes=sum(size for _, _, size in corpus),
        timed_files=len(texts),
        timed_bytes=nbytes,
        seconds=best,
        mb_per_s=(nbytes / 1e6 / best) if best else None,
        failed=len(errors) + len(mismatches) + len(hung),
        errors=len(errors),
        mismatches=len(mismatches),
        timeouts=len(hung),
        examples=[corpus[i][0] + ": " + msg for i, msg in errors[:3]]
        + [corpus[i][0] + ": round trip differs" for i in mismatches[:3]]
        + [corpus[i][0] + ": timed out" for i in sorted(hung)[:3]],
    )
    return row


def time_command(cmd, root, corpus, repeat):
    argv = [root if a == "DIR" else a.replace("{dir}", root) for a in shlex.split(cmd)]
    row = {"name": "storyboard", "version": None, "mode": "external command", "command": argv}
    best, codes = None, []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as e:
            row["error"] = f"cannot run {argv[0]}: {e}"
            return row
        elapsed = time.perf_counter() - start
        codes.append(proc.returncode)
        if proc.returncode != 0:
            row["stderr"] = proc.stderr.decode("utf-8", errors="replace")[-400:]
        if best is None or elapsed < best:
            best = elapsed
    nbytes = sum(size for _, _, size in corpus)
    row.update(
        files=len(corpus),
        bytes=nbytes,
        timed_files=len(corpus),
        timed_bytes=nbytes,
        seconds=best,
        mb_per_s=nbytes / 1e6 / best if best else None,
        failed=sum(1 for c in codes if c != 0),
        exit_codes=sorted(set(codes)),
    )
    return row


def print_table(rows, repeat):
    head = f"{'parser':<12} {'version':<9} {'mode':<17} {'files':>6} {'MB':>8} {'best s':>9} {'MB/s':>9} {'failed':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        if "error" in r:
            print(f"{r['name']:<12} {'-':<9} {r['mode']:<17} {r['error']}")
            continue
        secs = f"{r['seconds']:.3f}" if r["seconds"] is not None else "-"
        rate = f"{r['mb_per_s']:.2f}" if r["mb_per_s"] is not None else "-"
        print(
            f"{r['name']:<12} {(r['version'] or '-'):<9} {r['mode']:<17} {r['files']:>6} "
            f"{r['bytes'] / 1e6:>8.2f} {secs:>9} {rate:>9} {r['failed']:>7}"
        )
    for r in rows:
        if r.get("failed") and r.get("mode") != "external command":
            print(
                f"  {r['name']}: {r['errors']} raised, {r['mismatches']} round trip differs, "
                f"{r['timeouts']} timed out; e.g. " + "; ".join(r["examples"][:3])
            )
        elif r.get("failed"):
            print(f"  {r['name']}: {r['failed']} of {repeat} runs exited non-zero {r['exit_codes']}: {r.get('stderr', '').strip()[-200:]}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Time peer LookML parsers over a directory.")
    ap.add_argument("dir", help="directory holding a LookML project")
    ap.add_argument("--repeat", type=int, default=3, help="passes per parser; the best is reported (default 3)")
    ap.add_argument(
        "--parsers", default="lkml,looker-cst", help="comma-separated peers to run (default lkml,looker-cst; '' for none)"
    )
    ap.add_argument("--storyboard", metavar="CMD", help="external command to time the same way, e.g. 'target/release/storyboard parse --check DIR'")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per file in the first pass (default 30; 0 = none)")
    args = ap.parse_args(argv)

    if not os.path.isdir(args.dir):
        ap.error(f"not a directory: {args.dir}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    peers = [p.strip() for p in args.parsers.split(",") if p.strip()]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        ap.error(f"unknown parser(s): {', '.join(unknown)} (known: {', '.join(PEERS)})")

    corpus = load_corpus(args.dir)
    if not corpus:
        ap.error(f"no .lkml files under {args.dir}")
    total = sum(size for _, _, size in corpus)
    crlf = sum(1 for _, text, _ in corpus if "\r\n" in text)
    print(f"corpus: {args.dir}: {len(corpus)} .lkml files, {total / 1e6:.2f} MB, {crlf} with CRLF; best of {args.repeat}")

    rows = []
    for name in peers:
        rows.append(time_peer(name, corpus, args.repeat, args.timeout))
    if args.storyboard:
        rows.append(time_command(args.storyboard, args.dir, corpus, args.repeat))
    print()
    print_table(rows, args.repeat)
    summary = {
        "corpus": os.path.abspath(args.dir),
        "files": len(corpus),
        "bytes": total,
        "crlf_files": crlf,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "results": rows,
    }
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
