/*
 * period.h — scorecard reporting periods (see period.c).
 */
#ifndef SC_PERIOD_H
#define SC_PERIOD_H

#include <stddef.h>

typedef enum { PER_YEAR = 0, PER_FIN_YEAR, PER_QUARTER, PER_MONTH } period_kind;

typedef struct period {
    period_kind kind;
    int key;        /* first month of the period, counted from January of year 0 */
    char label[24]; /* canonical: "2019", "2019/20", "Q3 2019/20", "2019-12" */
} period;

/* Parses s[0..n). Returns 0, or -1 for a form it does not know. */
int period_parse(const char *s, size_t n, period *p);

/* Length of the period in months. */
int period_months(const period *p);

/* "year", "financial_year", "quarter", "month". */
const char *period_kind_name(period_kind k);

#endif
