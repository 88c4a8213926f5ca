/*
 * outfile.c — output files written whole or not at all (see outfile.h).
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The target of `path`: its own name, or what its symbolic links lead to (the folder must
 * exist; the file itself need not). NULL with errno set when that cannot be found. */
static char *resolve(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return realpath(path, NULL); /* dangling: ENOENT */
    char *p = strdup(path);
    if (!p && !errno) errno = ENOMEM;
    return p;
}

int outfile_open(outfile *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->target = resolve(path);
    if (!o->target) {
        snprintf(err, errlen, "%s: cannot write: %s%s", path, strerror(errno),
                 errno == ENOENT ? " (a symbolic link to nothing)" : "");
        return -1;
    }
    struct stat st;
    int exists = stat(o->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot write: is a directory", path);
        goto fail;
    }
    if (exists && !S_ISREG(st.st_mode)) { /* a device, a FIFO, a socket: written in place */
        if (!(o->f = fopen(o->target, "wb"))) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            goto fail;
        }
        return 0;
    }
    size_t n = strlen(o->target) + 16;
    if (!(o->tmp = malloc(n))) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    snprintf(o->tmp, n, "%s.tmpXXXXXX", o->target);
    int fd = mkstemp(o->tmp); /* a new file of our own: no link planted at a guessable name is followed */
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    if (exists) { /* keep the target's mode and, when allowed, its owner */
        if (fchown(fd, st.st_uid, st.st_gid) != 0) { /* not ours to give: the mode without set-id bits */
            st.st_mode &= ~(mode_t)(S_ISUID | S_ISGID);
        }
        fchmod(fd, st.st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (!(o->f = fdopen(fd, "wb"))) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        goto fail;
    }
    return 0;
fail:
    free(o->tmp);
    free(o->target);
    memset(o, 0, sizeof *o);
    return -1;
}

int outfile_close(outfile *o, int keep)
{
    int rc = 0;
    if (o->f && fclose(o->f) != 0) rc = -1;
    if (o->tmp) {
        if (keep && rc == 0 && rename(o->tmp, o->target) != 0) rc = -1;
        if (!keep || rc != 0) {
            int saved = errno;
            unlink(o->tmp);
            errno = saved;
        }
    }
    free(o->tmp);
    free(o->target);
    memset(o, 0, sizeof *o);
    return rc;
}
