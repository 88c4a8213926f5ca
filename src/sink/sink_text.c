/* sink_text.c — the grep-friendly text format (see sink.h). */
#include "sink.h"

int sink_text(const findings *fs, FILE *out)
{
    for (size_t i = 0; i < fs->n; i++) {
        const sc_finding *f = &fs->v[i].pub;
        fprintf(out, "%s:%d:%d: %s [%s] %s%s%s%s\n", f->file, f->line, f->column, sc_severity_name(f->severity),
                f->rule, f->message, f->waived ? " (waived: " : "", f->waived ? f->waived : "", f->waived ? ")" : "");
    }
    return ferror(out) ? SC_IO : SC_OK;
}
