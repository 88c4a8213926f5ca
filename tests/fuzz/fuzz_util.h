/*
 * fuzz_util.h — checks shared by the harnesses: an error message names "name:line:col" with the
 * place inside the input, and a span lies inside the input.
 */
#ifndef SC_FUZZ_UTIL_H
#define SC_FUZZ_UTIL_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Lines of the input: 1 + its newlines (a place just past a final newline is on the last). */
static inline int fz_lines(const char *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++) n += data[i] == '\n';
    return n;
}

/* Bytes of line `line` (1-based), without its newline; 0 past the end. */
static inline size_t fz_line_len(const char *data, size_t size, int line)
{
    size_t i = 0;
    for (int l = 1; l < line && i < size; i++)
        if (data[i] == '\n') l++;
    size_t a = i;
    while (i < size && data[i] != '\n') i++;
    return i - a;
}

/* Is line:col a place inside the input (col may stand just past the end of its line)? */
static inline int fz_inside(const char *data, size_t size, int line, int col)
{
    return line >= 1 && line <= fz_lines(data, size) && col >= 1 && (size_t)col <= fz_line_len(data, size, line) + 1;
}

/* Does the input hold a line break other than '\n' (CR, NEL, LS, PS), which YAML also counts? */
static inline int fz_other_breaks(const char *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\r') return 1;
        if (c == 0xC2 && i + 1 < size && (unsigned char)data[i + 1] == 0x85) return 1;
        if (c == 0xE2 && i + 2 < size && (unsigned char)data[i + 1] == 0x80 && ((unsigned char)data[i + 2] & 0xFE) == 0xA8) return 1;
    }
    return 0;
}

/* Is line:col inside the input, or (with other line breaks) at least within its size? */
static inline int fz_located_at(int line, int col, const char *data, size_t size)
{
    if (line < 1 || col < 1 || (size_t)line > size + 1 || (size_t)col > size + 1) return 0;
    return fz_other_breaks(data, size) || fz_inside(data, size, line, col);
}

/* Does err read "name:LINE:COL: message" with LINE:COL inside the input? When the input has
 * line breaks of other kinds, only "within the size of the input" is checked. */
static inline int fz_located(const char *err, const char *name, const char *data, size_t size)
{
    size_t n = strlen(name);
    if (strncmp(err, name, n) != 0 || err[n] != ':') return 0;
    char *end;
    long line = strtol(err + n + 1, &end, 10);
    if (end == err + n + 1 || *end != ':') return 0;
    const char *c = end + 1;
    long col = strtol(c, &end, 10);
    if (end == c || end[0] != ':' || end[1] != ' ' || !end[2]) return 0;
    return line <= 1000000 && col <= 1000000 && fz_located_at((int)line, (int)col, data, size);
}

#endif
