/*
 * yamltree.h — a YAML file as a small tree of scalars, lists and maps, each node with its
 * line and column, for configuration files where every error must point at the file.
 *
 * Anchors and aliases are refused (they buy nothing in a config file and open the door to
 * "billion laughs"), as are nesting deeper than 32 levels and documents of more than 100,000
 * nodes. A tree owns all its nodes and strings; free it with ytree_free.
 */
#ifndef SC_YAMLTREE_H
#define SC_YAMLTREE_H

#include <stddef.h>

typedef enum { Y_SCALAR, Y_LIST, Y_MAP } ykind;

typedef struct ynode {
    ykind kind;
    int line, col;      /* 1-based */
    char *s;            /* Y_SCALAR: the text */
    int quoted;         /* Y_SCALAR: written in quotes, so always a string */
    struct ynode **v;   /* Y_LIST items / Y_MAP values */
    char **keys;        /* Y_MAP keys */
    int *key_line, *key_col;
    int n;
} ynode;

/* Parses `len` bytes of YAML named `name` (for messages). On error returns NULL and writes
 * "name:line:col: message" to errbuf. An empty document gives an empty map. */
ynode *ytree_parse(const char *name, const char *text, size_t len, char *errbuf, size_t errlen);

/* The 1-based line and column of byte `upto` of a YAML text as libyaml counts them (CR, LF, CRLF,
 * NEL, LS and PS break lines; columns count characters; a leading BOM takes none). With
 * upto = len: the end of the input, where a place libyaml puts past it belongs. */
void ytree_position(const char *text, size_t len, size_t upto, int *line, int *col);

/* libyaml places what it finds at the end of a file without a final line break on a line after
 * the last (it adds the break): moves such a place back to the end of the input
 * (end_line:end_col, from ytree_position with upto = len). */
void ytree_clamp(int end_line, int end_col, int *line, int *col);

/* Reads and parses a file. */
ynode *ytree_load(const char *path, char *errbuf, size_t errlen);

void ytree_free(ynode *n);

/* Value of `key` in a map, or NULL; *index gets its position when not NULL. */
ynode *ytree_get(const ynode *map, const char *key, int *index);

/* A scalar read as YAML 1.2 core types: 1 for an integer or float (in *num), 2 for a boolean
 * (in *num as 0/1), 3 for null, 0 for a plain string. Quoted scalars are always strings. */
int ytree_scalar_type(const ynode *n, double *num);

#endif
