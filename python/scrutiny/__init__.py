"""Python binding of libscrutiny: rules over council minutes, findings as dicts.

    import scrutiny
    with scrutiny.Host() as h:
        h.load_rules("rules/")
        h.add_path("minutes/")
        for f in h.run():
            print(f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} [{f['rule']}] {f['message']}")

A finding is a dict with the keys and values of `scrutiny-run -f jsonl` in the same order.
Failures raise scrutiny.Error, whose file, line and col say where (str(e) is "file:line:col:
message"). A host is used by one thread at a time; open one per thread or per process.
"""
import os
import re

from ._lib import ffi, lib, libc, library_path

__all__ = ["Host", "Error", "merge_jsonl", "library_path", "version", "SEVERITIES"]

SEVERITIES = ("info", "notice", "warning", "high", "critical")
_OK, _RULE, _USAGE, _NOTFOUND = 0, 5, 7, 8
_AT = re.compile(r"^([^:\n]+?):(\d+):(?:(\d+):)? (?:error: )?(.*)$", re.S)  # file:line[:col]: message


class Error(Exception):
    """A failure of libscrutiny: `status` (its sc_status number), `file`, `line`, `col` (None,
    0, 0 when unknown), `message`; `diagnostics` holds every error and warning reported by the
    call as (level, file, line, col, message), and `findings`, after run(), what the run found."""

    def __init__(self, message, file=None, line=0, col=0, status=1, diagnostics=(), findings=None):
        self.message, self.file, self.line, self.col, self.status = message, file, line, col, status
        self.diagnostics, self.findings = list(diagnostics), findings
        at = f"{file}:{line or 1}:{col or 1}: " if file else ""
        super().__init__(at + message)


def _s(p):
    """A C string of the host as str; bytes that are not UTF-8 (file names) become U+FFFD."""
    return ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL else None


def _b(s):
    return os.fsencode(s) if isinstance(s, (str, os.PathLike)) else s


def _finding(f):
    """The dict of one sc_finding, as the jsonl sink writes it."""
    d = {
        "rule": _s(f.rule), "severity": SEVERITIES[f.severity], "message": _s(f.message), "file": _s(f.file),
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "excerpt": _s(f.excerpt), "council": _s(f.council), "meeting": _s(f.meeting), "item": _s(f.item),
        "fingerprint": _s(f.fingerprint),
    }
    if f.waived != ffi.NULL:
        d["waived"] = _s(f.waived)
    if f.based_on != ffi.NULL:
        d["based_on"] = _s(f.based_on).split("; ")
    d["title"] = _s(f.title) or ""
    d["tags"] = [t.strip() for t in (_s(f.tags) or "").split(",") if t.strip()]
    d["committee"] = _s(f.committee) or ""
    d["date"] = _s(f.date) or ""
    d["type"] = "finding"
    return d


def _error_from(text, status, diags=(), findings=None):
    m = _AT.match(text or "")
    if m:
        return Error(m.group(4), m.group(1), int(m.group(2)), int(m.group(3) or 0), status, diags, findings)
    return Error(text or _s(lib.sc_strerror(status)), None, 0, 0, status, diags, findings)


def _first_error(diags, status, findings=None):
    """The Error of the first error reported with a place (a Lua message carries its place as
    "file:line: message"), or None."""
    for level, file, line, col, msg in diags:
        if level != "error":
            continue
        if file:
            return Error(msg, file, line, col, status, diags, findings)
        e = _error_from(msg, status, diags, findings)
        if e.file:
            return e
    return None


class Host:
    """A libscrutiny host: rules, inputs, a corpus (SQLite in memory, or the file `db`).

    `config` is a scrutiny.yaml, trusted as `scrutiny-run -c` trusts it: its limits, db,
    catalogues and plugins apply at once, its rule settings, escalations and selection when the
    first run() starts (to the rules loaded by then), its rule_paths and inputs when run() is
    called with no rules or no inputs given. Paths in it are relative to its folder.
    """

    def __init__(self, config=None, db=None):
        self._h = ffi.NULL
        self._cfg = ffi.NULL
        self._diags = []
        self._applied = False
        self._rules = self._inputs = 0
        err = ffi.new("char[1024]")
        opts = ffi.new("sc_options *")
        if config is not None:
            pcfg = ffi.new("sc_config **")
            if lib.sc_config_open(pcfg, _b(config), err, 1024) != _OK:
                raise _error_from(_s(err), 4)
            self._cfg = pcfg[0]
            self._cfg_dir = os.path.dirname(os.fspath(config))
            lib.sc_config_limits(self._cfg, opts)
            if db is None and self._get("db"):
                db = self._rel(self._get("db"))
        self._db = ffi.new("char[]", _b(db)) if db is not None else ffi.NULL
        opts.db_path = self._db
        self._cb = ffi.callback("sc_diag_fn", self._on_diag)
        opts.diag = self._cb
        ph = ffi.new("sc_host **")
        if lib.sc_host_open(ph, opts, err, 1024) != _OK:
            self.close()
            raise _error_from(_s(err), 1)
        self._h = ph[0]
        if self._cfg != ffi.NULL:
            for p in self._list("plugins"):
                self._call(lib.sc_host_load_plugin, _b(self._rel(p)))
            for p in self._list("catalogues"):
                self._call(lib.sc_host_add_catalogue, _b(self._rel(p)))

    # -- configuration helpers ------------------------------------------------------------------
    def _get(self, key):
        return _s(lib.sc_config_get(self._cfg, key.encode()))

    def _list(self, key):
        k = key.encode()
        return [_s(lib.sc_config_item(self._cfg, k, i)) for i in range(lib.sc_config_count(self._cfg, k))]

    def _rel(self, p):
        return p if os.path.isabs(p) else os.path.join(self._cfg_dir, p)

    # -- plumbing -------------------------------------------------------------------------------
    def _on_diag(self, ud, level, file, line, col, message):
        if level >= 1:  # warnings and errors; notes are the loader's remarks
            self._diags.append(("error" if level == 2 else "warning", _s(file), line, col, _s(message)))

    def _live(self):
        if self._h == ffi.NULL:
            raise Error("the host is closed", status=_USAGE)

    def _call(self, fn, *args, findings=None):
        """Calls fn(host, *args); a failure raises Error at the first error it reported."""
        self._live()
        start = len(self._diags)
        rc = fn(self._h, *args)
        if rc == _OK:
            return
        diags = self._diags[start:]
        raise _first_error(diags, rc, findings) or _error_from(_s(lib.sc_host_errmsg(self._h)), rc, diags, findings)

    @property
    def diagnostics(self):
        """Every error and warning reported so far: (level, file, line, col, message)."""
        return list(self._diags)

    # -- the API --------------------------------------------------------------------------------
    def load_rules(self, path_or_text, name="rules.lua"):
        """Loads a rule file or a folder of them, or rule source text (a str holding a newline,
        loaded as the file `name`, which names its facts' kinds and its errors)."""
        if isinstance(path_or_text, str) and "\n" in path_or_text:
            data = path_or_text.encode()
            self._call(lib.sc_host_load_rules_buffer, name.encode(), data, len(data))
        else:
            if not os.path.exists(path_or_text):
                raise Error("no such rule file or folder", os.fspath(path_or_text), 0, 0, _NOTFOUND)
            self._call(lib.sc_host_load_rules, _b(path_or_text))
        self._rules += 1
        return self

    def add_text(self, name, text):
        """Adds minutes from memory under the display name `name` (its extension picks the loader)."""
        data = text.encode() if isinstance(text, str) else bytes(text)
        self._call(lib.sc_host_add_buffer, _b(name), data, len(data))
        self._inputs += 1
        return self

    def add_path(self, path):
        """Adds a minutes or scorecard file, or a folder of them (recursively). Bad documents
        raise Error once the others are added."""
        self._inputs += 1
        self._call(lib.sc_host_add_input, _b(path))
        return self

    def shard(self, index, count):
        """Runs only the councils of shard `index` of `count` (1-based), as --shard I/N."""
        self._call(lib.sc_host_shard, int(index), int(count))
        return self

    def run(self):
        """Runs the rules over the inputs; returns an iterator of findings (dicts in the order of
        `-f jsonl`). A rule that raised an error raises Error after the run, with the findings of
        the other rules in e.findings."""
        self._live()
        if self._cfg != ffi.NULL:
            if not self._rules:
                for p in self._list("rule_paths"):
                    self.load_rules(self._rel(p))
            if not self._inputs:
                for p in self._list("inputs"):
                    self.add_path(self._rel(p))
            if not self._applied:
                self._applied = True
                self._call(lib.sc_host_apply_config, self._cfg)
        if not self._inputs and self._db == ffi.NULL:
            raise Error("no inputs: add_text(), add_path(), or a db to check", status=_USAGE)
        if not self._inputs:
            self._call(lib.sc_host_add_stored)
        start = len(self._diags)
        rc = lib.sc_host_run(self._h)
        found = [_finding(lib.sc_host_finding(self._h, i)) for i in range(lib.sc_host_finding_count(self._h))]
        if rc != _OK:
            diags = self._diags[start:]
            raise _first_error(diags, rc, found) or _error_from(_s(lib.sc_host_errmsg(self._h)), rc, diags, found)
        return iter(found)

    def write(self, path, format="jsonl"):
        """Writes the last run's findings to the file `path` in `format` (a built-in sink or a
        plugin's): the bytes scrutiny-run writes (jsonl: with its error and warning records)."""
        self._live()
        f = libc.fopen(_b(path), b"wb")
        if f == ffi.NULL:
            raise Error(f"cannot write {os.fspath(path)}", status=3)
        try:
            self._call(lib.sc_host_write, format.encode(), f)
        finally:
            if libc.fclose(f) != 0:
                raise Error(f"cannot write {os.fspath(path)}", status=3)

    def close(self):
        """Frees the host (also done by `with` and when it is collected)."""
        if self._h != ffi.NULL:
            lib.sc_host_close(self._h)
            self._h = ffi.NULL
        if self._cfg != ffi.NULL:
            lib.sc_config_close(self._cfg)
            self._cfg = ffi.NULL

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def version():
    """The version of the libscrutiny loaded ("0.1.0")."""
    return _s(lib.sc_libversion())


def merge_jsonl(paths, out):
    """Merges the `-f jsonl` outputs of the shards of one run (`paths`) into the file `out`: what
    one process writes (as scrutiny-run --merge). Returns the findings per severity name."""
    c_paths = [ffi.new("char[]", _b(p)) for p in paths]
    arr = ffi.new("const char *[]", c_paths)
    counts = ffi.new("size_t[5]")
    nerr = ffi.new("size_t *")
    err = ffi.new("char[1024]")
    tmp = os.fspath(out) + ".part"
    f = libc.fopen(_b(tmp), b"wb")
    if f == ffi.NULL:
        raise Error(f"cannot write {tmp}", status=3)
    rc = lib.sc_merge_jsonl(arr, len(c_paths), f, counts, nerr, err, 1024)
    closed = libc.fclose(f)
    if rc != _OK or closed != 0:
        os.unlink(tmp)
        raise _error_from(_s(err) or f"cannot write {tmp}", rc or 3)
    os.replace(tmp, out)
    return {SEVERITIES[i]: counts[i] for i in range(5)}
