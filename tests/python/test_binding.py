"""The Python binding (python/scrutiny) against scrutiny-run: findings as the JSON Lines
records, errors at file:line:col, shards merged, a corpus kept in a db file."""
import json
import os
import subprocess

import pytest

import scrutiny

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
CLI = os.environ.get("SCRUTINY_BIN", os.path.join(ROOT, "build", "scrutiny-run"))
DEMO = os.path.join(ROOT, "examples", "scrutiny.yaml")

MINUTES = """---
council: Testshire County Council
committee: Children's Scrutiny Committee
date: 2024-05-02
---
Agenda item

Fostering Service Report

Minutes:

The Head of Fostering said 61% of reviews were done on time.

RESOLVED: That the report be noted.
"""

EVERY_PERCENT = """rule {
  id = "test.percent",
  title = "Every percentage",
  severity = "notice",
  tags = { "test", "figures" },
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      if f.kind == "percent" then ctx:flag{ at = f, message = "a percentage: " .. f.text } end
    end
  end,
}
"""


def cli_jsonl(*args):
    out = subprocess.run([CLI, "-q", "-f", "jsonl", *args], cwd=ROOT, capture_output=True, check=False)
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.stdout.decode().splitlines()


def compact(d):
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def test_cdef_matches_the_header():
    """The binding declares sc_options and sc_finding itself (ABI mode): a field appended to the
    header and not to python/scrutiny/_lib.py would make the library read past the binding's struct."""
    import re
    from scrutiny._lib import ffi
    header = open(os.path.join(ROOT, "include", "scrutiny.h")).read()
    for name in ("sc_options", "sc_finding"):
        body = re.search(r"typedef struct %s \{(.*?)\} %s;" % (name, name), header, re.S).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        fields = []
        for decl in body.split(";"):
            decl = decl.strip()
            if decl:  # "int line, column" declares two
                fields += [re.findall(r"\w+$", f.strip())[0] for f in decl.split(",")]
        assert [f for f, _ in ffi.typeof(name).fields] == fields, name

def test_demo_findings_are_the_jsonl_records():
    os.chdir(ROOT)
    with scrutiny.Host(config=DEMO) as h:
        found = list(h.run())
    lines = cli_jsonl("--config", DEMO)
    records = [json.loads(x) for x in lines if '"type":"finding"' in x]
    assert len(found) == len(records) > 20
    assert found == records
    assert [list(d) for d in found] == [list(r) for r in records]  # the keys in the same order
    assert [compact(d) for d in found] == [x for x in lines if '"type":"finding"' in x]
    assert any(d["rule"].startswith("escalate.") and d["based_on"] for d in found)


def test_version_is_the_cli_one():
    out = subprocess.run([CLI, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.split()[-1] == scrutiny.version()


def test_text_in_rules_from_text():
    h = scrutiny.Host()
    h.load_rules(EVERY_PERCENT, name="percent.lua")
    h.add_text("testshire_2024-05-02.txt", MINUTES)
    (f,) = list(h.run())
    assert (f["rule"], f["file"], f["line"], f["column"], f["excerpt"]) == \
        ("test.percent", "testshire_2024-05-02.txt", 12, 28, "61%")
    assert (f["council"], f["date"], f["tags"], f["severity"]) == \
        ("Testshire County Council", "2024-05-02", ["test", "figures"], "notice")
    h.close()
    with pytest.raises(scrutiny.Error, match="closed"):
        h.run()


def test_rule_error_names_file_line_col():
    h = scrutiny.Host()
    with pytest.raises(scrutiny.Error) as e:
        h.load_rules('rule {\n  id = "x.broken",\n  check = function(item, ctx)\n    return 1 +\n  end,\n}\n', name="broken.lua")
    assert e.value.file == "broken.lua" and e.value.line == 5
    assert str(e.value).startswith(f"{e.value.file}:5:1: ") and "near 'end'" in e.value.message


def test_rule_raising_at_run_keeps_the_other_findings():
    h = scrutiny.Host()
    h.load_rules(os.path.join(ROOT, "tests/data/rules/raises.lua"))
    h.load_rules(EVERY_PERCENT, name="percent.lua")
    h.add_text("t.txt", MINUTES)
    with pytest.raises(scrutiny.Error) as e:
        h.run()
    assert e.value.file and e.value.file.endswith("raises.lua") and e.value.line > 0
    assert [f["rule"] for f in e.value.findings] == ["test.percent"]


def test_bad_config_and_bad_input(tmp_path):
    bad = tmp_path / "scrutiny.yaml"
    bad.write_text("rules:\n  x: [\n")
    with pytest.raises(scrutiny.Error) as e:
        scrutiny.Host(config=bad)
    assert e.value.file == str(bad) and e.value.line >= 2
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    h = scrutiny.Host()
    with pytest.raises(scrutiny.Error) as e:
        h.add_path(empty)
    assert (e.value.file, e.value.line, e.value.col) == (str(empty), 1, 1) and "empty" in e.value.message
    with pytest.raises(scrutiny.Error, match="no such rule file"):
        h.load_rules(tmp_path / "missing.lua")


def test_shards_merge_to_one_run(tmp_path):
    os.chdir(ROOT)
    with scrutiny.Host(config=DEMO) as h:
        h.run()
        h.write(tmp_path / "one.jsonl")
    parts = []
    for i in (1, 2, 3):
        with scrutiny.Host(config=DEMO) as h:
            h.shard(i, 3)
            h.run()
            h.write(tmp_path / f"s{i}.jsonl")
        parts.append(tmp_path / f"s{i}.jsonl")
    counts = scrutiny.merge_jsonl(parts, tmp_path / "merged.jsonl")
    assert (tmp_path / "merged.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert "\n".join(cli_jsonl("--config", DEMO)) + "\n" == (tmp_path / "one.jsonl").read_text()
    assert sum(counts.values()) == len((tmp_path / "one.jsonl").read_text().splitlines())
    with pytest.raises(scrutiny.Error, match="overlap"):
        scrutiny.merge_jsonl([parts[0], parts[0]], tmp_path / "bad.jsonl")
    assert not (tmp_path / "bad.jsonl").exists()
    with pytest.raises(scrutiny.Error):
        scrutiny.Host().shard(4, 3)


def test_db_keeps_the_corpus(tmp_path):
    db = tmp_path / "corpus.db"
    with scrutiny.Host(db=db) as h:
        h.load_rules(EVERY_PERCENT, name="percent.lua")
        h.add_text("t.txt", MINUTES)
        first = list(h.run())
    with scrutiny.Host(db=db) as h:  # no inputs: what the corpus holds
        h.load_rules(EVERY_PERCENT, name="percent.lua")
        assert list(h.run()) == first
