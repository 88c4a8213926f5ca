/*
 * escalate.h — escalations (findings over findings) and per-meeting scores, run after the
 * rules over the whole run's findings. Definitions are borrowed; new findings are appended.
 */
#ifndef SC_ESCALATE_H
#define SC_ESCALATE_H

#include <stddef.h>

#include "findings.h"

typedef enum { ESC_ITEM = 0, ESC_MEETING = 1, ESC_COUNCIL = 2 } esc_scope;

typedef struct esc_def {
    const char *id, *when, *message;
    sc_severity severity;
    esc_scope scope;
    const char *where; /* "file:line:col" of the definition, for errors */
    int check_ref;     /* 0, or a Lua check function (registry reference) the engine calls */
} esc_def;

/* Calls an escalation's check function on a group (indexes into fs): 1 fire, 0 not, -1 error
 * (reported by the callee). A message it returns goes to msg. */
typedef int (*escalate_check_fn)(void *ud, const esc_def *d, const findings *fs, const size_t *members, size_t n,
                                 char *msg, size_t msglen);

typedef struct score_level {
    double at;
    const char *name;
    sc_severity severity;
} score_level;

typedef struct score_def {
    double severity_points[5];
    const char **rule_ids; /* globs */
    double *rule_points;
    int nrules;
    score_level *levels;
    int nlevels;
} score_def;

/* Tags of a rule as "a, b" (or NULL), from the engine. */
typedef const char *(*escalate_tags_fn)(void *ud, const char *rule_id);

/* Fires each escalation in every group of its scope where its condition holds. */
int escalate_run(findings *fs, const esc_def *defs, int ndefs, escalate_tags_fn tags, void *tags_ud,
                 escalate_check_fn check, void *check_ud, char *errbuf, size_t errlen);

/* Adds one "score.level" finding per meeting whose points reach a level. */
int score_run(findings *fs, const score_def *sd);

#endif
