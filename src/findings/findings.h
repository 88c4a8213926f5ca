/*
 * findings.h — the list of findings of a run, its deterministic order, and the public view.
 *
 * A findings list owns every string of every finding. The public sc_finding view of entry i
 * points into that storage and stays valid until the list is cleared or freed.
 */
#ifndef SC_FINDINGS_H
#define SC_FINDINGS_H

#include <stddef.h>

#include "../../include/scrutiny.h"

typedef struct finding {
    sc_finding pub; /* strings below, borrowed by the public view */
    char *rule, *message, *file, *excerpt, *council, *meeting, *item; /* one block with the fingerprint, owned by rule */
    char *based_on;   /* NULL, or the findings an escalation rests on: "rule@file:line:col; ..." */
    char *fingerprint; /* 16 hex digits */
    char *waived;     /* NULL, or the reason of the waiver that silences it */
    char *date, *committee, *title, *tags; /* NULL until findings_describe(); one block, owned by date */
    size_t doc_order; /* position of the document among this run's inputs */
    int reused;       /* reported from a --db store (its document unchanged), not made by this run */
} finding;

typedef struct findings {
    finding *v;
    size_t n, cap;
} findings;

/* Appends a finding; every string is copied. Returns SC_OK or SC_NOMEM. */
int findings_add(findings *fs, const char *rule, sc_severity sev, const char *message, const char *file,
                 size_t doc_order, int line, int col, int end_line, int end_col, const char *excerpt,
                 size_t excerpt_len, const char *council, const char *meeting, const char *item);

/* findings_add with the fingerprint known (16 hex digits, as findings_add makes it: one kept with
 * the finding), or computed when fp is NULL. */
int findings_add_known(findings *fs, const char *rule, sc_severity sev, const char *message, const char *file,
                       size_t doc_order, int line, int col, int end_line, int end_col, const char *excerpt,
                       size_t excerpt_len, const char *council, const char *meeting, const char *item,
                       const char *fp);

/* Records what an escalated finding rests on (copied). */
int findings_set_basis(finding *f, const char *based_on);

/* Marks a finding waived (the reason is copied). */
int findings_set_waived(finding *f, const char *reason);

/* Sets what the public view adds about the meeting and the rule (each copied; NULL leaves ""). */
int findings_describe(finding *f, const char *date, const char *committee, const char *title, const char *tags);

/* Removes the findings for which drop(ud, f) is true, keeping the order of the others. */
void findings_filter(findings *fs, int (*drop)(void *ud, const finding *f), void *ud);

/* Sorts by document, line, column, rule id, then message. */
void findings_sort(findings *fs);

/* Frees every finding and empties the list (it can be reused). */
void findings_clear(findings *fs);

#endif
