/*
 * period.c — the reporting periods of scorecards, read from the forms councils and DfE publish:
 *   "2019-20", "2019/20", "2019/2020", "201920"   financial year (April to March)
 *   "Q3 2019/20", "2019/20 Q3", "Q3 2019-20"      quarter of a financial year (Q1 = Apr-Jun)
 *   "2019-12", "Dec 2019", "December 2019"       month
 *   "2019"                                       calendar year
 * Each becomes a kind, a sort key (the period's first month, counted from year 0) and a
 * canonical label, so that "2019-20" and "2019/20" are the same period.
 */
#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../core/text.h"

/* Reads digits at s[*i]; returns the count and the value. */
static int digits(const char *s, size_t n, size_t *i, int *v)
{
    int k = 0;
    *v = 0;
    while (*i < n && isdigit((unsigned char)s[*i]) && k < 9) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k;
}

/* "2019/20", "2019-20", "2019/2020", "201920" at s[*i]: the first year of a financial year. */
static int fin_year(const char *s, size_t n, size_t *i, int *y)
{
    size_t j = *i;
    int a, b, k = digits(s, n, &j, &a);
    if (k == 6) { /* DfE's 201920 */
        b = a % 100;
        a /= 100;
        if ((a + 1) % 100 != b) return 0;
        *y = a;
        *i = j;
        return 1;
    }
    if (k != 4 || j >= n) return 0;
    while (j < n && s[j] == ' ') j++;
    if (j >= n || (s[j] != '/' && s[j] != '-')) return 0;
    j++;
    while (j < n && s[j] == ' ') j++;
    int kb = digits(s, n, &j, &b);
    if (!((kb == 2 && b == (a + 1) % 100) || (kb == 4 && b == a + 1))) return 0;
    *y = a;
    *i = j;
    return 1;
}

static void set(period *p, period_kind kind, int key, const char *label)
{
    p->kind = kind;
    p->key = key;
    snprintf(p->label, sizeof p->label, "%s", label);
}

int period_parse(const char *s, size_t n, period *p)
{
    size_t a = text_ltrim(s, n);
    n = text_rtrim(s, n);
    if (a >= n) return -1;
    s += a;
    n -= a;
    char label[32];
    size_t i = 0;
    int y, q = 0, m, v;
    /* Q3 2019/20, Q3 2019-20 */
    if ((s[0] == 'Q' || s[0] == 'q') && n > 3 && s[1] >= '1' && s[1] <= '4') {
        q = s[1] - '0';
        i = 2;
        while (i < n && s[i] == ' ') i++;
        if (fin_year(s, n, &i, &y) && i == n) goto quarter;
        return -1;
    }
    i = 0;
    if (fin_year(s, n, &i, &y)) {
        if (i == n) {
            snprintf(label, sizeof label, "%04d/%02d", y, (y + 1) % 100);
            set(p, PER_FIN_YEAR, y * 12 + 3, label);
            return 0;
        }
        while (i < n && s[i] == ' ') i++;
        if (i + 2 == n && (s[i] == 'Q' || s[i] == 'q') && s[i + 1] >= '1' && s[i + 1] <= '4') {
            q = s[i + 1] - '0';
            goto quarter;
        }
        return -1;
    }
    i = 0;
    int k = digits(s, n, &i, &v);
    if (k == 4 && i == n) { /* 2019 */
        snprintf(label, sizeof label, "%04d", v);
        set(p, PER_YEAR, v * 12, label);
        return 0;
    }
    if (k == 4 && i < n && s[i] == '-') { /* 2019-12 */
        i++;
        if (digits(s, n, &i, &m) == 2 && i == n && m >= 1 && m <= 12) {
            snprintf(label, sizeof label, "%04d-%02d", v, m);
            set(p, PER_MONTH, v * 12 + m - 1, label);
            return 0;
        }
        return -1;
    }
    if (k == 0) { /* Dec 2019, June 2018 */
        size_t w = 0;
        while (w < n && isalpha((unsigned char)s[w])) w++;
        m = text_month(s, w);
        i = w;
        while (i < n && s[i] == ' ') i++;
        if (m && digits(s, n, &i, &v) == 4 && i == n) {
            snprintf(label, sizeof label, "%04d-%02d", v, m);
            set(p, PER_MONTH, v * 12 + m - 1, label);
            return 0;
        }
    }
    return -1;
quarter:
    snprintf(label, sizeof label, "Q%d %04d/%02d", q, y, (y + 1) % 100);
    set(p, PER_QUARTER, y * 12 + 3 + (q - 1) * 3, label);
    return 0;
}

int period_months(const period *p)
{
    switch (p->kind) {
    case PER_MONTH: return 1;
    case PER_QUARTER: return 3;
    default: return 12;
    }
}

const char *period_kind_name(period_kind k)
{
    static const char *const names[] = { "year", "financial_year", "quarter", "month" };
    return names[k];
}
