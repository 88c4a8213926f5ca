/*
 * dir.h — the entries of a folder, sorted by name, so every listing (rule files, inputs,
 * fixtures) is read in the same order on every machine.
 */
#ifndef SC_DIR_H
#define SC_DIR_H

#include <stddef.h>

/* Full paths ("dir/name") of the entries of `path` whose names end with `suffix` (NULL: all),
 * hidden ones excepted, sorted. On success *out owns an array of *n strings (free with
 * dir_list_free). Returns 0, -1 when the folder cannot be opened (errno set), -2 out of memory. */
int dir_list(const char *path, const char *suffix, char ***out, size_t *n);
void dir_list_free(char **v, size_t n);

#endif
