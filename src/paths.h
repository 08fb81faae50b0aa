/* paths.h - the folder, base name and stem of a path, and a path named
 * relative to a file's folder: the scenario's capture and profiles, a
 * world's computers, goldens beside a scenario, search --write, and the
 * files of an output folder; whether a new file may be made; and the
 * temporary file a file is written in, then given its name. */
#ifndef NICSHARE_PATHS_H
#define NICSHARE_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* The folder of path: "." when it has no '/', "/" for "/NAME", else what
 * comes before the last '/' ("a/b/c" -> "a/b"). Allocated; out of memory
 * ends the process with exit 2, as everywhere in nicshare. */
char *paths_dir(const char *path);

/* What follows the last '/' (the whole path when none); points into path. */
const char *paths_base(const char *path);

/* The length of base without a final ".yaml" or ".yml" (when something
 * precedes it): a scenario's name. */
size_t paths_stem_len(const char *base);

/* dir, '/' and name ("out", "routing.tsv" -> "out/routing.tsv"): a file
 * in a folder. Allocated, whatever its length. */
char *paths_join(const char *dir, const char *name);

/* rel as named from file's folder: rel itself when absolute or when file
 * has no '/', else that folder, '/' and rel ("a/s.yaml", "x.pcap" ->
 * "a/x.pcap"; "/s.yaml" -> "/x.pcap"). Allocated, whatever its length. */
char *paths_beside(const char *file, const char *rel);

/* Whether path may be made as a new file (search --write, synth --write):
 * NULL when it is a file name, nothing is there yet (not even a dangling
 * link) and its folder is writable; else why not, allocated: "not a file
 * name", "the file exists; give a new name", the reason it cannot be
 * looked at, or "cannot write in its folder DIR: REASON". So nothing of
 * the user's is written over: a scenario or capture named by mistake. */
char *paths_check_new(const char *path);

/* A new file beside path (its folder, so its file system) in which to
 * write what becomes path (paths_publish): PATH.tmp, or when a file has
 * that name (the user's, or one an interrupted command left) the first
 * free of PATH.1.tmp, PATH.2.tmp, ... Made with O_EXCL, a link counting
 * as a file, so it is never a file that was there: nothing of the user's
 * is written over, or truncated. Returns the descriptor (write only,
 * close-on-exec, mode 0666 less the umask) and *tmp, allocated; -1 with
 * errno and *tmp NULL when none can be made. */
int paths_tmp_beside(const char *path, char **tmp);
/* Why paths_tmp_beside(path) failed with errno e, for a message: "cannot
 * create PATH.tmp: ERROR", or, when every name was taken, "cannot create
 * a temporary file beside it: PATH.tmp to PATH.999.tmp all exist". */
void paths_tmp_failure(char *buf, size_t n, const char *path, int e);

/* The finished tmp given path's name. replace: as rename(2), over a file
 * of that name. Else only when no file has that name by then, so never
 * over one made meanwhile: link(2), then tmp removed; where the file
 * system has no hard links, renameat2(RENAME_NOREPLACE). Returns 0, or -1
 * with errno (EEXIST: a file has that name, and keeps it); tmp is then
 * left, for the caller to remove. */
int paths_publish(const char *tmp, const char *path, bool replace);

#endif
