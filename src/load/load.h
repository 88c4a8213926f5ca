/*
 * load.h — the minutes loader: raw bytes -> model_doc.
 *
 * load_minutes() sanitizes the bytes (BOM, CRLF/CR, invalid UTF-8, control characters), reads
 * optional YAML front matter, then finds items, sections, paragraphs and resolutions
 * (minutes.c) and the smaller objects inside sentences (extract.c). Warnings go to the
 * diagnostic callback as they are found; an error leaves *out NULL.
 */
#ifndef SC_LOAD_H
#define SC_LOAD_H

#include <stddef.h>
#include <stdio.h>

#include "../../include/scrutiny.h"
#include "../core/model.h"

typedef struct load_diag {
    sc_diag_fn fn;
    void *ud;
    const char *path;
} load_diag;

/* Reports a diagnostic at line:col (0 = unknown) with a printf-style message. */
void load_report(const load_diag *dg, sc_diag_level lv, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parses `len` bytes named `path` (both borrowed). On SC_OK *out owns a new document (free with
 * model_doc_free). On error *out is NULL, the reason is in errbuf ("path:line:col: ...") and has
 * also been reported through `dg`. */
int load_minutes(const char *path, const char *data, size_t len, const load_diag *dg,
                 model_doc **out /* OUT */, char *errbuf, size_t errlen);

/* The meeting of a document alone: its council, committee and date as load_minutes finds them
 * (front matter, title block, file name), without the work on the rest of the text (*out has
 * no sentences or figures, and a title only when front matter or a heading gives it, not the one
 * the whole parse takes from a preamble). Refuses what load_minutes refuses, but for a few cases
 * only the whole text shows; reports like it. */
int load_meeting(const char *path, const char *data, size_t len, const load_diag *dg,
                 model_doc **out /* OUT */, char *errbuf, size_t errlen);

/* Meeting fields a loader plugin set (set_meta): plain values that win over front matter and
 * the title block. */
typedef struct load_preset {
    const char *key, *value;
} load_preset;

/* load_minutes (lead_only 0) or load_meeting (1) with meeting fields given (npreset pairs, ""
 * unsets a field). */
int load_document(const char *path, const char *data, size_t len, const load_preset *preset, int npreset, int lead_only,
                  const load_diag *dg, model_doc **out /* OUT */, char *errbuf, size_t errlen);

/* Steps of load_minutes, exposed for tests and fuzzing. Each returns SC_OK or an error after
 * reporting it. */
int load_sanitize(model_doc *d, const char *data, size_t len, const load_diag *dg,
                  char *errbuf, size_t errlen);
int load_frontmatter(model_doc *d, const load_diag *dg, char *errbuf, size_t errlen);
/* Sets the meeting fields a loader gave, over what front matter set (frontmatter.c). */
int load_apply_preset(model_doc *d, const load_preset *preset, int npreset, const load_diag *dg);
int load_structure(model_doc *d, const load_diag *dg, char *errbuf, size_t errlen);
int load_extract(model_doc *d);
/* Fills the meeting fields front matter left empty from the title block, then the file name
 * (meta.c), and records each one's source. Returns 0, or -1 when out of memory. */
int load_meta(model_doc *d, const load_diag *dg);
/* "front", "text", "name", "default" or "none" for a meta_src. */
const char *load_meta_source(int src);

/* Writes a plain-text listing of every object with its span (for --dump and tests). */
void load_dump(const model_doc *d, FILE *out);

#endif
