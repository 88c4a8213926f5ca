#!/usr/bin/env python3
"""The bench's yardstick: ten checks comparable to the standard pack's, in plain Python `re`.

Usage: checks.py DIR...   (every *.txt under each DIR; prints one finding a line: file:line: check)

Splits each document into agenda items ("Agenda item" headings), each item into its discussion
(after "Minutes:") and its resolutions (from a "RESOLVED" / "Resolved:" / "AGREED:" line), then
looks at every sentence of the discussion and every resolution line. What a real rule does in
more detail (owners, dates in the model, history) is not attempted: this is the cost of a fair,
simple script, not a replacement for the pack. Python 3 standard library only.
"""
import os
import re
import sys

I = re.I
HEADING = re.compile(r"^Agenda item\s*$", re.M)
RESOLVED = re.compile(r"^(RESOLVED|Resolved|AGREED)\b", re.M)
SENTENCE = re.compile(r"[^.!?]+[.!?]?")
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

NOTED = re.compile(r"\b(noted|received|welcomed|thanks|thanked|confirmed as a correct record|agreed)\b", I)
ACTION = re.compile(r"\b(brought|provide|review|write|report on|asked|submit|circulate)\b", I)
PROMISED = re.compile(r"\b(undertook to|agreed to (?:send|provide|circulate)|would be (?:circulated|shared|sent|forwarded)"
                      r"|briefing note (?:would|will) be|would ensure the information)\b", I)
REPORT = re.compile(r"\b(report(?:ed)? back|be (?:brought|presented|submitted|reported) to|come back to)\b", I)
DATED = re.compile(r"\b" + MONTH + r"(?: \d{4}| meeting)\b|\b\d{1,2} " + MONTH + r" \d{4}\b|\bnext meeting\b", I)
UNDATED = re.compile(r"\b(a future meeting|in due course|at a later date)\b", I)
AWAITED = re.compile(r"\b(still awaited|had not (?:yet )?been received|remained outstanding)\b", I)
TARGET = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per cent)[^.]{0,80}?\b(?:against|below) (?:a|the) "
                    r"(?:target|regional average|national average) of (\d+(?:\.\d+)?)", I)
REASSURED = re.compile(r"\b((?:was|were) (?:re)?assured|gave (?:an )?assurance|did not have the (?:figure|information) to hand)\b", I)
VACANCY = re.compile(r"\b(\d+ vacancies|vacancy rate|recruitment remained difficult|hard to fill)\b", I)
AGENCY = re.compile(r"\b(agency (?:staff|social workers|workers|spend))\b", I)
CASELOAD = re.compile(r"\bcaseloads? (?:had )?(?:risen|rose|increased|above|of) (?:to )?(\d+)", I)
VOICE = re.compile(r"\b(voice of the child|views of (?:children|young people)|feedback from (?:children|young people)"
                   r"|participation|lived experience|children in care council)\b", I)
CHILDREN = re.compile(r"\b(child|children|young people|care leavers?|families)\b", I)
PROCEDURAL = re.compile(r"^(apologies|declarations|minutes of the previous|work programme)", I)


def check_item(path, title, lines, start, out):
    """lines: the item's lines; start: the line number of the first one."""
    disc, res, mode = [], [], None
    for n, line in enumerate(lines, start):
        s = line.strip()
        if s == "Minutes:":
            mode = "disc"
        elif RESOLVED.match(s):
            mode = "res"
            res.append((n, s))
        elif s.startswith("Supporting documents"):
            mode = None
        elif s and mode == "disc":
            disc.append((n, s))
        elif s and mode == "res":
            res.append((n, s))
    procedural = bool(PROCEDURAL.match(title))
    # 1 outcomes: every resolution only notes / receives / thanks
    if res and not procedural and all(NOTED.search(t) and not ACTION.search(t) for _, t in res):
        out.append(f"{path}:{res[0][0]}: noted-only")
    # 2 outcomes: a discussion with no resolution
    if disc and not res and not procedural:
        out.append(f"{path}:{disc[0][0]}: no-resolution")
    voice = False
    for n, para in disc:
        voice = voice or bool(VOICE.search(para))
        for s in SENTENCE.findall(para):
            if PROMISED.search(s):                                    # 3 information promised
                out.append(f"{path}:{n}: promised-information")
            if REPORT.search(s):
                if DATED.search(s):                                   # 4 report back on a date
                    out.append(f"{path}:{n}: report-back")
                elif UNDATED.search(s):                               # 5 report back, no date
                    out.append(f"{path}:{n}: undated-report-back")
            if AWAITED.search(s):                                     # 6 still awaited
                out.append(f"{path}:{n}: still-awaited")
            m = TARGET.search(s)                                      # 7 percentage off target
            if m and float(m.group(1)) < float(m.group(2)):
                out.append(f"{path}:{n}: below-target")
            if REASSURED.search(s):                                   # 8 reassurance, deferred answer
                out.append(f"{path}:{n}: reassurance")
            if VACANCY.search(s) or AGENCY.search(s):                 # 9 vacancies, agency
                out.append(f"{path}:{n}: vacancies-agency")
            m = CASELOAD.search(s)
            if m and int(m.group(1)) > 18:                            # 10 caseloads
                out.append(f"{path}:{n}: caseloads")
    # 11 voice: a children's item that never mentions their views
    if disc and not procedural and not voice and any(CHILDREN.search(t) for _, t in disc):
        out.append(f"{path}:{disc[0][0]}: voice-absent")


def check_file(path, out):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    starts = [text.count("\n", 0, m.start()) for m in HEADING.finditer(text)]
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        title = next((l.strip() for l in lines[s + 1:end] if l.strip()), "")
        check_item(path, title, lines[s:end], s + 1, out)


def main():
    out = []
    for d in sys.argv[1:]:
        for root, _, files in sorted(os.walk(d)):
            for name in sorted(files):
                if name.endswith(".txt"):
                    check_file(os.path.join(root, name), out)
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
