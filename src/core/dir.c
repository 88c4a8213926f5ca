/* dir.c — sorted folder listings (see dir.h). */
#include "dir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void dir_list_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

int dir_list(const char *path, const char *suffix, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *dir = opendir(path);
    if (!dir) return -1;
    char **names = NULL;
    size_t k = 0, cap = 0, sl = suffix ? strlen(suffix) : 0;
    int slash = path[0] && path[strlen(path) - 1] == '/';
    struct dirent *de;
    while ((de = readdir(dir))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || (suffix && (l <= sl || strcmp(de->d_name + l - sl, suffix) != 0))) continue;
        if (k == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) goto oom;
            names = v;
        }
        sbuf p = {0};
        sbuf_printf(&p, "%s%s%s", path, slash ? "" : "/", de->d_name);
        if (!(names[k] = sbuf_take(&p))) goto oom;
        k++;
    }
    closedir(dir);
    if (k > 1) qsort(names, k, sizeof *names, cmp_str);
    *out = names;
    *n = k;
    return 0;
oom:
    closedir(dir);
    dir_list_free(names, k);
    return -2;
}
