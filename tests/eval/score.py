#!/usr/bin/env python3
"""Scores the standard pack against hand-labelled real minutes (make eval).

Reads DIR/labels.json (per file: expected_items, expected_resolutions and, per rule family, a
label y / n / unclear with evidence [line, quote]), runs scrutiny-run on each file alone with
--dump (the parse table) and with --format jsonl (the findings), and prints:
  - per family, document level: positives, TP, FP, FN, precision, recall (unclear left out);
    a file is flagged for a family when any rule whose id starts with "family." reports in it;
  - per family, evidence lines: labelled evidence lines covered by a finding of the family;
  - with --misses FAMILY, the family's false negatives and false positives, file by file;
  - the parse table: files refused with their error, item and resolution counts against the labels
    (files that differ, with the loader's notes).
Then checks the figures against the floors file (pairs "metric value") and exits 1 when one is
below its floor. Python 3 standard library only.
"""
import argparse
import json
import os
import subprocess
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scrutiny", default="build/scrutiny-run")
    p.add_argument("--realdev", default="../shared/realdev")
    p.add_argument("--rules", default="rules")
    p.add_argument("--floors", default="tests/eval/floors.txt")
    p.add_argument("--all", action="store_true", help="list every file in the parse table")
    p.add_argument("--misses", metavar="FAMILY", action="append", default=[],
                   help="list the family's false negatives (with the labelled evidence) and false "
                        "positives (with the findings); 'all' for every family; repeatable")
    return p.parse_args()


def load_floors(path):
    floors = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            try:  # pairs "metric value", one or more on a line
                if len(parts) % 2:
                    raise ValueError
                for k, v in zip(parts[::2], parts[1::2]):
                    floors[k] = float(v)
            except ValueError:
                print(f"{path}:{n}:1: error: expected pairs 'metric value', got {line!r}", file=sys.stderr)
                sys.exit(2)
    return floors


def dump_counts(scrutiny, path):
    """Items and resolutions of one file from --dump, or the error that refused it."""
    r = subprocess.run([scrutiny, "--dump", "-i", path], capture_output=True, encoding="utf-8", errors="replace")
    if r.returncode != 0:
        errs = [l for l in r.stderr.splitlines() if ": error: " in l]
        msg = errs[0].split(": error: ", 1)[1] if errs else r.stderr.strip() or f"exit {r.returncode}"
        return None, None, msg, None
    items = sum(1 for l in r.stdout.splitlines() if l.startswith("item "))
    res = sum(1 for l in r.stdout.splitlines() if l.startswith("  resolution "))
    notes = [l.split(": note: ", 1)[1] for l in r.stderr.splitlines() if ": note: " in l]
    return items, res, None, "; ".join(dict.fromkeys(notes)) or None


def print_misses(fam, files, labels, found):
    """The files a family misses (label y, no finding) and wrongly flags (label n, a finding)."""
    print(f"\n{fam}: false negatives (label, evidence) and false positives (findings)")
    for name in files:
        lab = labels[name].get(fam)
        if not isinstance(lab, dict):
            continue
        spans = found.get((name, fam), [])
        if lab["label"] == "y" and not spans:
            print(f"  FN {name}: {lab.get('why', '')}")
            for line, quote in lab.get("evidence", []):
                print(f"       {line}: {quote[:110]}")
        elif lab["label"] == "n" and spans:
            print(f"  FP {name}: label n: {lab.get('why', '')}")
            for line, _, rule, msg in spans:
                print(f"       {line}: [{rule}] {msg[:100]}")


def ratio(a, b):
    return a / b if b else None


def fmt(x):
    return "-" if x is None else f"{x:.2f}"


def main():
    a = parse_args()
    floors = load_floors(a.floors)
    with open(os.path.join(a.realdev, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    files = sorted(labels)
    paths = [os.path.join(a.realdev, name) for name in files]
    families = sorted({k for v in labels.values() for k, x in v.items()
                       if isinstance(x, dict) and "label" in x})

    # Findings: one run per labelled file, as the labels judge each excerpt alone (in one run,
    # documents with no council would share their history facts).
    found = {}  # (file, family) -> [(line, end_line, rule, message)]
    stderr = []
    for p in paths:
        r = subprocess.run([a.scrutiny, "--format", "jsonl", "-q", "-i", p, a.rules],
                           capture_output=True, encoding="utf-8", errors="replace")
        stderr += r.stderr.splitlines()
        for line in r.stdout.splitlines():
            f = json.loads(line)
            if f.get("type", "finding") != "finding":
                continue  # error and warning records: refusals show in the parse table
            fam = f["rule"].split(".", 1)[0]
            found.setdefault((os.path.basename(f["file"]), fam), []).append(
                (f["line"], f["end_line"], f["rule"], f.get("message", "")))
    # errors about a labelled file are refusals (the parse table); any other (a rule) is fatal
    run_errors = [l for l in stderr
                  if ": error: " in l and not any(l.startswith(p + ":") for p in paths)]

    # Families, document level and evidence lines.
    fams = sorted(set(families) | {fam for (_, fam) in found})
    metrics = {}
    print(f"{a.realdev}: {len(files)} labelled files, rules {a.rules}")
    print()
    print(f"{'family':<12} {'pos':>4} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>5} {'recall':>6}"
          f"   {'ev.lines':>8} {'ev.hit':>6} {'ev.rec':>6}   {'findings':>8}")
    for fam in fams:
        pos = tp = fp = fn = ev = evhit = 0
        nfind = sum(len(v) for (fn_, fa), v in found.items() if fa == fam)
        for name in files:
            lab = labels[name].get(fam)
            if not isinstance(lab, dict):
                continue
            spans = found.get((name, fam), [])
            flagged = bool(spans)
            if lab["label"] == "y":
                pos += 1
                tp += flagged
                fn += not flagged
                for e in lab.get("evidence", []):
                    ev += 1
                    evhit += any(sp[0] <= e[0] <= sp[1] for sp in spans)
            elif lab["label"] == "n":
                fp += flagged
        prec, rec = ratio(tp, tp + fp), ratio(tp, pos)
        metrics[fam + ".precision"], metrics[fam + ".recall"] = prec, rec
        metrics[fam + ".evidence-recall"] = ratio(evhit, ev)
        print(f"{fam:<12} {pos:>4} {tp:>4} {fp:>4} {fn:>4} {fmt(prec):>5} {fmt(rec):>6}"
              f"   {ev:>8} {evhit:>6} {fmt(ratio(evhit, ev)):>6}   {nfind:>8}")

    for fam in fams if "all" in a.misses else a.misses:
        print_misses(fam, files, labels, found)

    # Parse table.
    print()
    rows, loaded, items_ok, res_ok = [], 0, 0, 0
    tot = [0, 0, 0, 0]
    for name, p in zip(files, paths):
        items, res, err, note = dump_counts(a.scrutiny, p)
        ei, er = labels[name].get("expected_items"), labels[name].get("expected_resolutions")
        if err is None:
            loaded += 1
            items_ok += items == ei
            res_ok += res == er
            tot[0] += items
            tot[2] += res
        tot[1] += ei or 0
        tot[3] += er or 0
        if a.all or err is not None or items != ei or res != er:
            rows.append((name, items, ei, res, er, f"error: {err}" if err else f"note: {note}" if note else ""))
    metrics["parse.loaded"] = loaded
    metrics["parse.items-exact"] = items_ok
    metrics["parse.resolutions-exact"] = res_ok
    print(f"parse: {loaded}/{len(files)} files loaded; item count as labelled in {items_ok}, "
          f"resolution count in {res_ok}; items {tot[0]} (labels {tot[1]}), "
          f"resolutions {tot[2]} (labels {tot[3]})")
    print(f"{'file':<28} {'items':>5} {'lab':>4} {'res':>4} {'lab':>4}  error or notes")
    for name, items, ei, res, er, err in rows:
        print(f"{name:<28} {'-' if items is None else items:>5} {ei:>4} "
              f"{'-' if res is None else res:>4} {er:>4}  {err}")
    for l in run_errors:
        print(f"run error: {l}")

    # Floors.
    below = []
    for key, floor in sorted(floors.items()):
        if key not in metrics:
            below.append(f"{key}: no such metric (floors file {a.floors})")
        elif metrics[key] is not None and metrics[key] < floor:
            below.append(f"{key} {fmt(metrics[key]) if metrics[key] <= 1 else metrics[key]} "
                         f"is below its floor {floor:g}")
    print()
    if run_errors:
        below.append(f"{len(run_errors)} errors in the run")
    if below:
        for b in below:
            print(f"eval: {b}")
        return 1
    print(f"eval: every figure at or above its floor ({a.floors})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
