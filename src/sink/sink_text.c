/* sink_text.c — the grep-friendly text format (see sink.h). */
#include "sink.h"

int sink_text_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    fprintf(out, "%s:%d:%d: %s [%s] %s%s%s%s\n", f->file, f->line, f->column, sc_severity_name(f->severity), f->rule,
            f->message, f->waived ? " (waived: " : "", f->waived ? f->waived : "", f->waived ? ")" : "");
    return ferror(out) ? SC_IO : SC_OK;
}
