/*
 * outfile.h — writing an output file whole or not at all, without replacing what is not a file.
 *
 * A regular file (or a path that does not exist yet) is written to a new temporary file beside
 * it, given the old file's mode (and owner, when allowed), and renamed over it only when every
 * byte is written. A device or a FIFO (-o /dev/null, -o /dev/stdout, a pipe) is written in
 * place: renaming over it would replace the node itself. A symbolic link is followed to its
 * target, which is what gets written; a dangling link or a directory is refused.
 */
#ifndef SC_OUTFILE_H
#define SC_OUTFILE_H

#include <stdio.h>

typedef struct outfile {
    FILE *f;      /* where to write */
    char *tmp;    /* the temporary file, or NULL when writing in place */
    char *target; /* the file the output ends up in */
} outfile;

/* Opens `path` for writing. Returns 0, or -1 with a message in err (naming the path). The
 * outfile owns its strings until outfile_close. */
int outfile_open(outfile *o /* OUT */, const char *path, char *err, size_t errlen);

/* Closes the stream; when `keep` and everything was written, the temporary file replaces the
 * target, otherwise it is removed. Returns 0, or -1 with errno set. */
int outfile_close(outfile *o, int keep);

#endif
