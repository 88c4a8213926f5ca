#!/usr/bin/env python3
"""Writes a corpus of generated committee minutes for `make bench`, deterministic from a seed.

Usage: gen.py OUTDIR [--items N] [--seed S] [--councils C]

Many councils, each with a history of meetings (one every six to eight weeks from January 2019),
each meeting one document of procedural and substantive agenda items in the shape of ModernGov
minutes text: a title block (YAML front matter, or the "Minutes of the meeting of ..." and
"Panel - Tuesday, 9th July, 2024" forms), "Agenda item" headings, an optional purpose line,
"Minutes:", discussion paragraphs with speakers, figures, percentages, money and dates, then
resolutions in several forms. The vocabulary is the generator's own. Writes files
NNNN_council-slug_YYYY-MM-DD.txt, whole councils in order, and prints "documents items bytes".
Python 3 standard library only.
"""
import argparse
import datetime
import os
import random

PLACE_A = ["Ash", "Brack", "Cold", "Dun", "Elm", "Fern", "Gold", "Hart", "Ivy", "Kings", "Lang",
           "Marl", "North", "Oak", "Pen", "Quarry", "Rook", "Stan", "Thorn", "Upper", "Wex", "Yar"]
PLACE_B = ["ford", "moor", "wick", "by", "combe", "field", "ham", "stead", "well", "dale", "mouth",
           "bridge", "ley", "borough", "holme", "ton"]
KINDS = ["County Council", "Borough Council", "City Council", "Metropolitan Borough Council",
         "Council", "County Borough Council"]
COMMITTEES = ["Children and Young People Scrutiny Committee", "Corporate Parenting Panel",
              "Children's Services Overview and Scrutiny Committee", "Families Scrutiny Panel",
              "People Scrutiny Committee", "Education and Children's Services Select Committee"]
SURNAMES = ["Abara", "Bellamy", "Chowdhury", "Dunmore", "Eckersley", "Fairbairn", "Gillespie",
            "Hollis", "Iqbal", "Jessop", "Kowalczyk", "Lindqvist", "Mbeki", "Nuttall", "Okafor",
            "Pennock", "Quinlan", "Rashford", "Szabo", "Tennant", "Umerah", "Varga", "Whitlock",
            "Yeoman", "Zielinski", "Ormerod", "Pryce", "Castellan", "Deverell", "Ferreira"]
INITIALS = "ABCDEFGHJKLMNPRSTW"
OFFICERS = ["the Director of Children's Services", "the Head of Safeguarding",
            "the Assistant Director for Early Help", "the Service Manager for Fostering",
            "the Principal Social Worker", "the Head of Virtual School",
            "the Assistant Director, Quality and Practice", "the Lead Officer for Care Leavers",
            "the Head of Youth Justice", "the Workforce Development Manager"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SIDES = ["North", "South", "East", "West", "Upper", "Lower", "Great", "Little"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Substantive topics: title, purpose, what the figures measure, whether children are the subject.
TOPICS = [
    ("Quarterly Performance Scorecard", "To review the performance indicators for children's social care.",
     ["assessments completed within 45 working days", "child protection visits made on time",
      "initial conferences held within 15 days", "re-referrals within a year"], True),
    ("Social Care Workforce Update", "To receive an update on recruitment and retention of social workers.",
     ["posts filled by permanent staff", "social workers with a caseload above 20",
      "staff receiving supervision on time"], False),
    ("Fostering Service Annual Report", "To consider the annual report of the fostering service.",
     ["children placed with in-house carers", "carer reviews completed in time",
      "placements ending in an unplanned way"], True),
    ("Care Leavers Local Offer", "To consider progress on the offer to young people leaving care.",
     ["care leavers in education, employment or training", "care leavers in suitable accommodation",
      "pathway plans reviewed in time"], True),
    ("Special Educational Needs Improvement Plan", "To note progress against the written statement of action.",
     ["plans issued within 20 weeks", "annual reviews held on time", "tribunal appeals upheld"], True),
    ("Youth Justice Plan", "To consider the youth justice plan and the latest reoffending figures.",
     ["young people reoffending within a year", "first-time entrants per 100,000",
      "cases with an up-to-date assessment"], True),
    ("Early Help Strategy", "To receive the refreshed early help strategy.",
     ["families stepping down from social care", "early help assessments closed with needs met",
      "referrals from schools"], True),
    ("Inspection Improvement Plan", "To monitor the actions following the most recent inspection.",
     ["actions completed", "audits graded good or better", "case files with a clear plan"], True),
    ("Budget Monitoring: Children's Services", "To consider the forecast outturn for children's services.",
     ["of the placements budget spent at month six", "savings delivered", "children in high-cost placements"], False),
    ("Elective Home Education", "To receive a report on children educated at home.",
     ["families visited within a term", "children returned to school", "home education notifications"], True),
]
PROCEDURAL = [("Apologies for Absence", "apologies"), ("Declarations of Interest", "interests"),
              ("Minutes of the Previous Meeting", "previous"), ("Work Programme", "programme")]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, xs):
        return self.r.choice(xs)

    def councillor(self):
        r = self.r
        form = r.random()
        name = self.pick(SURNAMES)
        if form < 0.5:
            return "Councillor " + name
        if form < 0.8:
            return "Cllr " + self.pick(INITIALS) + ". " + name
        return "Councillor " + self.pick(["Mrs", "Mr", "Ms", "Dr"]) + " " + name

    def pct(self, lo=5, hi=98):
        v = self.r.uniform(lo, hi)
        if self.r.random() < 0.3:
            return f"{v:.1f}%"
        return f"{round(v)}%" if self.r.random() < 0.8 else f"{round(v)} per cent"

    def count(self):
        n = self.r.choice([self.r.randint(2, 19), self.r.randint(20, 400), self.r.randint(1000, 9000)])
        return f"{n:,}"

    def money(self):
        if self.r.random() < 0.5:
            return f"£{self.r.randint(2, 95) / 10:.1f}m"
        return f"£{self.r.randint(20, 990) * 1000:,}"

    def later(self, d):
        """A date after the meeting, in one of the forms minutes use."""
        t = d + datetime.timedelta(days=self.r.randint(40, 300))
        f = self.r.random()
        if f < 0.5:
            return f"{MONTHS[t.month - 1]} {t.year}"
        if f < 0.8:
            return f"{t.day} {MONTHS[t.month - 1]} {t.year}"
        return "the " + MONTHS[t.month - 1] + " meeting"

    def earlier(self, d):
        t = d - datetime.timedelta(days=self.r.randint(40, 200))
        return f"{MONTHS[t.month - 1]} {t.year}"

    # One sentence of discussion; `kind` picks what it says.
    def sentence(self, kind, topic, d):
        r, o, c = self.r, self.pick(OFFICERS), self.councillor()
        measure = self.pick(topic[2])
        O = o[0].upper() + o[1:]
        if kind == "figure":
            return self.pick([
                f"{O} reported that {self.pct()} of {measure} in the last quarter, compared with {self.pct()} a year earlier.",
                f"The latest figures showed {self.count()} {measure}, a rise of {self.pct(2, 30)} on the previous period.",
                f"Performance on {measure} stood at {self.pct()} against a target of {self.pct(60, 95)}.",
                f"It was explained that {self.pct()} of {measure}, which was below the regional average of {self.pct()}.",
                f"Members heard that {self.count()} children were open to the service at the end of {self.earlier(d)}.",
            ])
        if kind == "question":
            return self.pick([
                f"{c} asked why {measure} had fallen and what was being done to recover the position.",
                f"{c} queried whether the figure for {measure} was comparable with neighbouring authorities.",
                f"In response to a question from {c}, {o} said that the service expected an improvement by {self.later(d)}.",
                f"{c} sought clarification on the cost of agency placements, which had reached {self.money()} this year.",
            ])
        if kind == "promise":
            return self.pick([
                f"{O} undertook to provide a breakdown of {measure} by locality after the meeting.",
                f"A briefing note on {measure} would be circulated to Members.",
                f"{O} agreed to send the Panel the figures for {measure} for the last two years.",
                f"The information requested by {c} would be shared with the Committee by email.",
            ])
        if kind == "reportback":
            return self.pick([
                f"It was agreed that a further report on {measure} would be brought to the Committee in {self.later(d)}.",
                f"{O} would report back to the Panel on progress at {self.later(d)}.",
                f"An update on {measure} would come back to a future meeting.",
                f"The revised plan would be presented to the Committee in due course.",
            ])
        if kind == "awaited":
            return self.pick([
                f"{c} noted that the data on {measure} requested in {self.earlier(d)} was still awaited.",
                f"The analysis promised at the {self.earlier(d)} meeting had not yet been received.",
            ])
        if kind == "assured":
            return self.pick([
                f"Members were assured that every case had been reviewed by a manager.",
                f"{O} gave assurance that the service was safe and that risks were well managed.",
                f"The Committee was reassured that the backlog would be cleared by {self.later(d)}.",
                f"{O} did not have the figure to hand and would confirm it in writing.",
            ])
        if kind == "workforce":
            return self.pick([
                f"There were {r.randint(3, 40)} vacancies for qualified social workers, and {self.pct(5, 45)} of posts were covered by agency staff.",
                f"Recruitment remained difficult, particularly for experienced practitioners in the assessment teams.",
                f"Average caseloads had risen to {r.randint(17, 31)} children per worker, above the level the service aimed for.",
                f"Sickness absence in the front door team was {r.randint(6, 15)} days per employee, higher than the council average.",
                f"The agency spend for the year was forecast at {self.money()}.",
                f"Staff turnover had fallen to {self.pct(8, 25)}, and {r.randint(4, 18)} newly qualified workers had joined in {self.earlier(d)}.",
            ])
        if kind == "voice":
            return self.pick([
                "The views of children and young people had shaped the new pledge.",
                "Feedback from young people through the Children in Care Council was summarised in the report.",
                "The voice of the child was evident in most of the audited case files.",
                f"{c} asked how the participation of young people in their reviews would be strengthened.",
            ])
        if kind == "delivery":
            return self.pick([
                f"Two of the actions in the plan were behind schedule and the target date had moved to {self.later(d)}.",
                f"Implementation of the new case management system had slipped by {r.randint(2, 9)} months.",
                f"Most recommendations had been completed, with {r.randint(1, 5)} still outstanding.",
            ])
        # plain narrative
        return self.pick([
            f"{O} introduced the report, which set out the work of the service since the last meeting.",
            f"{c} welcomed the progress made and thanked the staff involved for their commitment.",
            f"The report described the partnership work with health colleagues and schools.",
            f"{O} explained the changes to the way referrals were screened at the front door.",
            f"{c} commented that the new arrangements needed time to settle before their impact could be judged.",
            f"Members discussed the pressures on the service over the winter period.",
        ])

    def paragraphs(self, topic, d):
        # Mostly narrative, figures and questions; the things the checks look for are the minority.
        kinds = ["narrative"] * 12 + ["figure"] * 8 + ["question"] * 8 + ["workforce"] * 3 + \
            ["promise", "reportback", "assured", "delivery"] * 2 + ["awaited"]
        if topic[3] and self.r.random() < 0.55:
            kinds += ["voice"] * 2
        out = []
        for _ in range(self.r.randint(5, 10)):
            n = self.r.randint(2, 5)
            out.append(" ".join(self.sentence(self.pick(kinds), topic, d) for _ in range(n)))
        return out

    def resolutions(self, topic, d):
        r = self.r
        measure = self.pick(topic[2])
        entries = ["the report be noted"]
        if r.random() < 0.6:
            entries.append(self.pick([
                f"a further report on {measure} be brought to the Committee in {self.later(d)}",
                f"{self.pick(OFFICERS)} provide a briefing note on {measure}",
                f"the Committee's thanks be passed to the staff of the service",
                f"officers be asked to review the arrangements for {measure}",
                f"the Chair write to the Cabinet Member setting out the Committee's concerns",
            ]))
        if r.random() < 0.3:
            entries.append("the progress made be welcomed")
        form = r.random()
        if form < 0.4 and len(entries) > 1:
            lines = ["Resolved:", "", " ", "", "That", ""]
            for i, e in enumerate(entries):
                end = "." if i == len(entries) - 1 else (";" if i < len(entries) - 2 else "; and")
                lines += [f"({i + 1}) {e}{end}", ""]
            return lines
        if form < 0.7:
            body = " and ".join(f"({chr(97 + i)}) {e}" for i, e in enumerate(entries))
            return [f"RESOLVED – That {body}.", ""]
        if form < 0.85:
            return [f"RESOLVED: That {entries[0]}.", ""]
        return ["AGREED:", ""] + [f"{i + 1}. That {e}." for i, e in enumerate(entries)] + [""]

    def procedural(self, kind, d, prev):
        if kind == "apologies":
            names = " and ".join(self.councillor() for _ in range(self.r.randint(1, 3)))
            return [f"Apologies for absence were received from {names}.", ""]
        if kind == "interests":
            return ["No declarations of interest were made.", ""]
        if kind == "previous":
            when = f"{prev.day} {MONTHS[prev.month - 1]} {prev.year}"
            return [f"RESOLVED: That the minutes of the meeting held on {when} be confirmed as a correct record.", ""]
        return ["The Committee considered its work programme for the remainder of the municipal year.", "",
                " ", "", "RESOLVED: That the work programme be agreed.", ""]

    def title_block(self, council, committee, d, form):
        dd = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if form == 0:
            return ["---", f"council: {council}", f"committee: {committee}", f"date: {d.isoformat()}",
                    f"title: Meeting of {dd}", "---"]
        if form == 1:
            return [council, "", f"Minutes of the meeting of the {committee} held at the Civic Centre on {dd}", ""]
        sfx = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
        return [council, "", f"{committee} - {WEEKDAYS[d.weekday()]}, {d.day}{sfx} {MONTHS[d.month - 1]}, "
                f"{d.year} 6.30 pm", ""]

    def meeting(self, council, committee, d, prev, form):
        lines = self.title_block(council, committee, d, form)
        items = 0
        topics = self.r.sample(TOPICS, self.r.randint(3, 6))
        agenda = [("proc", p) for p in PROCEDURAL[:3]] + [("topic", t) for t in topics] + [("proc", PROCEDURAL[3])]
        for kind, what in agenda:
            items += 1
            lines += ["Agenda item", "", what[0], ""]
            if kind == "topic" and self.r.random() < 0.6:
                lines += [what[1], ""]
            lines += ["Minutes:", ""]
            if kind == "proc":
                lines += self.procedural(what[1], d, prev)
            else:
                for p in self.paragraphs(what, d):
                    lines += [p, "", " ", ""]
                if self.r.random() < 0.9:  # some items end without a decision
                    lines += self.resolutions(what, d)
            lines += ["Supporting documents:", ""]
        return lines, items


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--items", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--councils", type=int, default=0, help="default: one per 200 items, at least 3")
    a = ap.parse_args()
    g = Gen(a.seed)
    n_councils = a.councils or max(3, a.items // 200)
    councils, seen = [], set()
    while len(councils) < n_councils:
        name = g.pick(PLACE_A) + g.pick(PLACE_B)
        names = len(PLACE_A) * len(PLACE_B)
        if len(seen) >= names:
            # more councils than names: "North Ashford" (a number would not read as a council's
            # name, and the meetings would fall into one council with none)
            name = g.pick(SIDES) + " " + name
        if len(seen) >= names * (1 + len(SIDES)):
            # more than those too (1,000,000 items are 5,000 councils): "North Ashford Vale"
            name += " " + g.pick(["Vale", "Heath", "Downs", "Forest", "Marsh", "Cross", "Valley", "Coast"])
        if name in seen:
            continue
        seen.add(name)
        councils.append((name + " " + g.pick(KINDS), g.pick(COMMITTEES), g.r.randint(0, 2)))
    # Items are shared out evenly; each council's meetings run forward from January 2019.
    os.makedirs(a.outdir, exist_ok=True)
    docs = items = size = 0
    per = [a.items // n_councils + (1 if i < a.items % n_councils else 0) for i in range(n_councils)]
    for ci, (council, committee, form) in enumerate(councils):
        d = datetime.date(2019, 1, 7) + datetime.timedelta(days=g.r.randint(0, 30))
        prev = d - datetime.timedelta(days=49)
        left = per[ci]
        slug = council.split()[0].lower()
        while left > 0:
            lines, n = g.meeting(council, committee, d, prev, form if g.r.random() < 0.9 else 0)
            text = "\n".join(lines) + "\n"
            path = os.path.join(a.outdir, f"{ci:04d}_{slug}_{d.isoformat()}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            docs += 1
            items += n
            size += len(text.encode("utf-8"))
            left -= n
            prev, d = d, d + datetime.timedelta(days=g.r.randint(42, 56))
    print(docs, items, size)


if __name__ == "__main__":
    main()
