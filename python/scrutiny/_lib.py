"""The part of include/scrutiny.h the binding calls, loaded with cffi in ABI mode (no compiler).

The library is $SCRUTINY_LIB when set, else build/libscrutiny.so of the source tree this package
sits in, else libscrutiny.so.0 from the system's library path (after `make install`).
"""
import os

from cffi import FFI

CDEF = """
typedef struct _IO_FILE FILE;
typedef void (*sc_diag_fn)(void *ud, int level, const char *file, int line, int col, const char *message);
typedef struct sc_options {
    const char *db_path;
    sc_diag_fn diag;
    void *diag_ud;
    long long instr_budget;
    double deadline_s;
    size_t mem_limit;
    size_t max_input;
    const char *pack_dir;
} sc_options;
typedef struct sc_finding {
    const char *rule;
    int severity;
    const char *message;
    const char *file;
    int line, column, end_line, end_column;
    const char *excerpt;
    const char *council;
    const char *meeting;
    const char *item;
    const char *based_on;
    const char *fingerprint;
    const char *waived;
    const char *date;
    const char *committee;
    const char *title;
    const char *tags;
} sc_finding;
typedef struct sc_host sc_host;
typedef struct sc_config sc_config;

const char *sc_libversion(void);
int sc_config_open(sc_config **out, const char *path, char *errbuf, size_t errlen);
void sc_config_close(sc_config *c);
const char *sc_config_get(const sc_config *c, const char *key);
size_t sc_config_count(const sc_config *c, const char *key);
const char *sc_config_item(const sc_config *c, const char *key, size_t i);
void sc_config_limits(const sc_config *c, sc_options *opts);

int sc_host_open(sc_host **out, const sc_options *opts, char *errbuf, size_t errlen);
void sc_host_close(sc_host *h);
const char *sc_host_errmsg(const sc_host *h);
const char *sc_strerror(int status);
const char *sc_severity_name(int s);
int sc_host_load_rules(sc_host *h, const char *path);
int sc_host_load_rules_buffer(sc_host *h, const char *name, const char *data, size_t len);
int sc_host_add_input(sc_host *h, const char *path);
int sc_host_add_buffer(sc_host *h, const char *name, const char *data, size_t len);
int sc_host_add_stored(sc_host *h);
int sc_host_apply_config(sc_host *h, const sc_config *cfg);
int sc_host_add_catalogue(sc_host *h, const char *path);
int sc_host_load_plugin(sc_host *h, const char *path);
int sc_host_shard(sc_host *h, unsigned index, unsigned count);
int sc_host_run(sc_host *h);
size_t sc_host_finding_count(const sc_host *h);
const sc_finding *sc_host_finding(const sc_host *h, size_t i);
size_t sc_host_document_count(const sc_host *h);
int sc_host_write(sc_host *h, const char *format, FILE *out);
int sc_merge_jsonl(const char *const *paths, size_t n, FILE *out, size_t counts[5], size_t *nerrors,
                   char *errbuf, size_t errlen);

FILE *fopen(const char *path, const char *mode);
int fclose(FILE *f);
"""

ffi = FFI()
ffi.cdef(CDEF)


def library_path():
    """Where the binding looks for libscrutiny (see the module's docstring)."""
    env = os.environ.get("SCRUTINY_LIB")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, os.pardir, os.pardir, "build", "libscrutiny.so")
    if os.path.exists(built):
        return os.path.normpath(built)
    return "libscrutiny.so.0"


lib = ffi.dlopen(library_path())
libc = ffi.dlopen(None)  # fopen/fclose for the FILE * that sc_host_write and sc_merge_jsonl take
