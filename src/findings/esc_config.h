/*
 * esc_config.h — the escalations and scoring a host has been given (see esc_config.c). The
 * list owns every string of its definitions.
 */
#ifndef SC_ESC_CONFIG_H
#define SC_ESC_CONFIG_H

#include "../core/yamltree.h"
#include "escalate.h"

typedef struct esc_list {
    esc_def *v;
    int n;
    score_def score;
} esc_list;

/* Appends one escalation; strings are copied. */
int esc_list_add(esc_list *l, const char *id, const char *when, const char *message, sc_severity sev,
                 esc_scope scope, const char *where, int check_ref);

/* Reads `escalations:` and `scoring:` of a configuration tree. */
int esc_list_load(esc_list *l, const ynode *root, const char *file, char *errbuf, size_t errlen);

/* "item", "meeting", "council" -> esc_scope, or -1. */
int esc_scope_parse(const char *s);

/* Drops the definitions from index n on (those of a rule file that failed to load). */
void esc_list_truncate(esc_list *l, int n);

void esc_list_free(esc_list *l);

#endif
