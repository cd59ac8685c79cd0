// WASI file-system conformance probe: run as a command component on two WASI
// hosts, it must print the same lines on both. Each step prints "label: ok" or
// "label: <errno name>", and facts that do not depend on the run (types,
// sizes, link counts, whether a time changed), never raw times or inodes.
// It calls the preview-1 functions directly on the preopen (fd 3, mounted at
// "/"), so paths reach the host exactly as written, trailing slashes included.
//   conform-fs AREA   AREA: filestat symlink-filestat link rename slashes paths
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define ROOT 3
#define ALL_RIGHTS ((__wasi_rights_t)((1ull << 30) - 1))
// Without fd_write, so that folders open (a folder opened for writing is is-directory).
#define READ_RIGHTS (ALL_RIGHTS & ~__WASI_RIGHTS_FD_WRITE)
#define NOFOLLOW 0
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

// path_open with an explicit length, so a path can carry a NUL byte.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
extern int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t len, int32_t oflags,
                             int64_t base, int64_t inheriting, int32_t fdflags, int32_t out);

static const char *name(__wasi_errno_t e) {
    switch (e) {
    case 0: return "ok";
    case __WASI_ERRNO_ACCES: return "EACCES";
    case __WASI_ERRNO_BADF: return "EBADF";
    case __WASI_ERRNO_BUSY: return "EBUSY";
    case __WASI_ERRNO_EXIST: return "EEXIST";
    case __WASI_ERRNO_ILSEQ: return "EILSEQ";
    case __WASI_ERRNO_INVAL: return "EINVAL";
    case __WASI_ERRNO_IO: return "EIO";
    case __WASI_ERRNO_ISDIR: return "EISDIR";
    case __WASI_ERRNO_LOOP: return "ELOOP";
    case __WASI_ERRNO_NOENT: return "ENOENT";
    case __WASI_ERRNO_NOTCAPABLE: return "ENOTCAPABLE";
    case __WASI_ERRNO_NOTDIR: return "ENOTDIR";
    case __WASI_ERRNO_NOTEMPTY: return "ENOTEMPTY";
    case __WASI_ERRNO_NOTSUP: return "ENOTSUP";
    case __WASI_ERRNO_PERM: return "EPERM";
    case __WASI_ERRNO_XDEV: return "EXDEV";
    default: {
        static char other[16];
        snprintf(other, sizeof other, "errno %u", e);
        return other;
    }
    }
}

static __wasi_errno_t step(const char *label, __wasi_errno_t e) {
    printf("%s: %s\n", label, name(e));
    return e;
}

static __wasi_fd_t open_at(const char *label, const char *path, __wasi_lookupflags_t follow,
                           __wasi_oflags_t oflags, __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = oflags & (__WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC) ? ALL_RIGHTS : READ_RIGHTS;
    if (step(label, __wasi_path_open(ROOT, follow, path, oflags, rights, ALL_RIGHTS, fdflags, &fd)) != 0) return 0;
    return fd;
}

static void close_fd(__wasi_fd_t fd) {
    if (fd) (void)__wasi_fd_close(fd);
}

// Creates an empty file (or truncates it).
static void create(const char *path) {
    char label[128];
    snprintf(label, sizeof label, "create %s", path);
    close_fd(open_at(label, path, NOFOLLOW, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0));
}

static void stat_path(const char *label, __wasi_lookupflags_t follow, const char *path, __wasi_filestat_t *out) {
    __wasi_filestat_t s;
    if (step(label, __wasi_path_filestat_get(ROOT, follow, path, &s)) == 0) {
        printf("  type %u size %llu nlink %llu\n", s.filetype, (unsigned long long)s.size, (unsigned long long)s.nlink);
        if (out) *out = s;
    }
}

static void area_filestat(void) {
    __wasi_fd_t fd = open_at("open new file", "file", NOFOLLOW, __WASI_OFLAGS_CREAT, 0);
    __wasi_filestat_t s, t;
    step("fd_filestat_get", __wasi_fd_filestat_get(fd, &s));
    printf("  type %u size %llu nlink %llu\n", s.filetype, (unsigned long long)s.size, (unsigned long long)s.nlink);
    step("set size 100", __wasi_fd_filestat_set_size(fd, 100));
    step("fd_filestat_get", __wasi_fd_filestat_get(fd, &s));
    printf("  size %llu\n", (unsigned long long)s.size);
    __wasi_timestamp_t mtim = s.mtim - 100;
    step("fd set mtim -100ns", __wasi_fd_filestat_set_times(fd, 0, mtim, __WASI_FSTFLAGS_MTIM));
    step("fd_filestat_get", __wasi_fd_filestat_get(fd, &t));
    printf("  mtim exact %d atim kept %d size %llu\n", t.mtim == mtim, t.atim == s.atim, (unsigned long long)t.size);
    step("fd set atim 1.000000001s", __wasi_fd_filestat_set_times(fd, 1000000001ull, 0, __WASI_FSTFLAGS_ATIM));
    step("fd_filestat_get", __wasi_fd_filestat_get(fd, &t));
    printf("  atim exact %d mtim kept %d\n", t.atim == 1000000001ull, t.mtim == mtim);
    step("fd set mtim and mtim-now", __wasi_fd_filestat_set_times(fd, 0, mtim, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
    step("fd set atim-now", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
    step("fd_filestat_get", __wasi_fd_filestat_get(fd, &t));
    printf("  atim moved %d mtim kept %d\n", t.atim > 1000000001ull, t.mtim == mtim);
    close_fd(fd);

    stat_path("path_filestat_get file", NOFOLLOW, "file", &s);
    step("path set mtim -100ns", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "file", 0, s.mtim - 100, __WASI_FSTFLAGS_MTIM));
    stat_path("path_filestat_get file", NOFOLLOW, "file", &t);
    printf("  mtim exact %d\n", t.mtim == s.mtim - 100);
    step("path set atim and atim-now", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "file", 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    step("path set times missing", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "missing", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    step("path set times file/", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "file/", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    stat_path("path_filestat_get file/", NOFOLLOW, "file/", NULL);
    stat_path("path_filestat_get file/ follow", FOLLOW, "file/", NULL);
    step("mkdir dir", __wasi_path_create_directory(ROOT, "dir"));
    step("path set times dir", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "dir", 0, 5000000000ull, __WASI_FSTFLAGS_MTIM));
    stat_path("path_filestat_get dir/", NOFOLLOW, "dir/", &t);
    printf("  mtim exact %d\n", t.mtim == 5000000000ull);
    __wasi_fd_t dir = open_at("open dir", "dir", NOFOLLOW, __WASI_OFLAGS_DIRECTORY, 0);
    step("fd set times on dir", __wasi_fd_filestat_set_times(dir, 0, 6000000000ull, __WASI_FSTFLAGS_MTIM));
    step("fd_filestat_get dir", __wasi_fd_filestat_get(dir, &t));
    printf("  type %u mtim exact %d\n", t.filetype, t.mtim == 6000000000ull);
    close_fd(dir);

    // Open flags the host may not support, and what fdstat reports back.
    __wasi_fdflags_t flags[] = {__WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_SYNC, __WASI_FDFLAGS_DSYNC, __WASI_FDFLAGS_RSYNC};
    for (int i = 0; i < 4; i++) {
        char label[64];
        snprintf(label, sizeof label, "open with fdflags %u", flags[i]);
        fd = open_at(label, "file", NOFOLLOW, 0, flags[i]);
        __wasi_fdstat_t st;
        if (fd && step("  fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st)) == 0) printf("  fs_flags %u filetype %u\n", st.fs_flags, st.fs_filetype);
        close_fd(fd);
    }

    // What creating, truncating or asking for nothing grants: reads and writes through the descriptor.
    struct { const char *label; __wasi_oflags_t oflags; __wasi_rights_t rights; } opens[] = {
        {"create, read rights only", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ},
        {"truncate, read rights only", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ},
        {"no rights", 0, 0},
        {"write rights only", 0, __WASI_RIGHTS_FD_WRITE},
    };
    for (int i = 0; i < 4; i++) {
        fd = 0;
        if (step(opens[i].label, __wasi_path_open(ROOT, 0, "file", opens[i].oflags, opens[i].rights, 0, 0, &fd)) != 0) continue;
        __wasi_fdstat_t st;
        (void)__wasi_fd_fdstat_get(fd, &st);
        printf("  can read %d can write %d\n", (st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0, (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
        char byte = 'x';
        __wasi_ciovec_t out = {(const uint8_t *)&byte, 1};
        __wasi_iovec_t in = {(uint8_t *)&byte, 1};
        __wasi_size_t n = 0;
        step("  pwrite", __wasi_fd_pwrite(fd, &out, 1, 0, &n));
        step("  pread", __wasi_fd_pread(fd, &in, 1, 0, &n));
        close_fd(fd);
    }
}

static void area_symlink_filestat(void) {
    __wasi_filestat_t file, link, t;
    create("file");
    stat_path("stat file", NOFOLLOW, "file", &file);
    step("symlink file <- symlink", __wasi_path_symlink("file", ROOT, "symlink"));
    stat_path("stat symlink", NOFOLLOW, "symlink", &link);
    stat_path("stat symlink follow", FOLLOW, "symlink", &t);
    printf("  same as file %d\n", t.ino == file.ino && t.mtim == file.mtim);
    step("set symlink mtim -200ns", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "symlink", 0, link.mtim - 200, __WASI_FSTFLAGS_MTIM));
    stat_path("stat symlink", NOFOLLOW, "symlink", &t);
    printf("  mtim exact %d\n", t.mtim == link.mtim - 200);
    stat_path("stat file", NOFOLLOW, "file", &t);
    printf("  file mtim kept %d\n", t.mtim == file.mtim);
    step("set through symlink", __wasi_path_filestat_set_times(ROOT, FOLLOW, "symlink", 0, 7000000000ull, __WASI_FSTFLAGS_MTIM));
    stat_path("stat file", NOFOLLOW, "file", &t);
    printf("  file mtim exact %d\n", t.mtim == 7000000000ull);
    stat_path("stat symlink/", NOFOLLOW, "symlink/", NULL);
    stat_path("stat symlink/ follow", FOLLOW, "symlink/", NULL);
    step("symlink missing <- dangling", __wasi_path_symlink("missing", ROOT, "dangling"));
    stat_path("stat dangling", NOFOLLOW, "dangling", NULL);
    stat_path("stat dangling follow", FOLLOW, "dangling", NULL);
    step("set times dangling", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "dangling", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    step("set times dangling follow", __wasi_path_filestat_set_times(ROOT, FOLLOW, "dangling", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    // A link that leads out of the mount: never followed.
    step("symlink ../outside <- escape", __wasi_path_symlink("../outside", ROOT, "escape"));
    stat_path("stat escape", NOFOLLOW, "escape", NULL);
    stat_path("stat escape follow", FOLLOW, "escape", NULL);
    step("set times through escape", __wasi_path_filestat_set_times(ROOT, FOLLOW, "escape", 0, 8000000000ull, __WASI_FSTFLAGS_MTIM));
    step("set times escape itself", __wasi_path_filestat_set_times(ROOT, NOFOLLOW, "escape", 0, 8000000000ull, __WASI_FSTFLAGS_MTIM));
    step("symlink /abs <- absolute", __wasi_path_symlink("/abs", ROOT, "absolute"));
}

static void area_link(void) {
    __wasi_filestat_t a, b;
    create("file");
    step("link file -> link", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "link"));
    stat_path("stat link", NOFOLLOW, "link", &b);
    stat_path("stat file", NOFOLLOW, "file", &a);
    printf("  same inode %d\n", a.ino == b.ino && a.dev == b.dev);
    step("link file -> link again", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "link"));
    step("link file -> file", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "file"));
    step("mkdir subdir", __wasi_path_create_directory(ROOT, "subdir"));
    __wasi_fd_t sub = open_at("open subdir", "subdir", NOFOLLOW, __WASI_OFLAGS_DIRECTORY, 0);
    step("link file -> subdir fd/link", __wasi_path_link(ROOT, NOFOLLOW, "file", sub, "link"));
    step("link file -> subdir/link2", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "subdir/link2"));
    stat_path("stat file", NOFOLLOW, "file", NULL);
    close_fd(sub);
    step("link file -> subdir (a dir)", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "subdir"));
    step("link subdir -> dirlink", __wasi_path_link(ROOT, NOFOLLOW, "subdir", ROOT, "dirlink"));
    step("link file -> new/", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "new/"));
    step("link file/ -> new", __wasi_path_link(ROOT, NOFOLLOW, "file/", ROOT, "new"));
    step("link missing -> new", __wasi_path_link(ROOT, NOFOLLOW, "missing", ROOT, "new"));
    step("symlink target <- dangling", __wasi_path_symlink("target", ROOT, "dangling"));
    step("link dangling -> dlink", __wasi_path_link(ROOT, NOFOLLOW, "dangling", ROOT, "dlink"));
    stat_path("stat dlink", NOFOLLOW, "dlink", NULL);
    step("link file -> dangling", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "dangling"));
    step("link dangling -> x follow", __wasi_path_link(ROOT, FOLLOW, "dangling", ROOT, "x"));
    step("link file -> x follow", __wasi_path_link(ROOT, FOLLOW, "file", ROOT, "x"));
    step("symlink loop <- loop", __wasi_path_symlink("loop", ROOT, "loop"));
    step("link loop -> looplink", __wasi_path_link(ROOT, NOFOLLOW, "loop", ROOT, "looplink"));
    step("link file -> ../out", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "../out"));
    step("link file -> /abs", __wasi_path_link(ROOT, NOFOLLOW, "file", ROOT, "/abs"));
}

static void area_rename(void) {
    create("a");
    create("b");
    step("rename a -> c", __wasi_path_rename(ROOT, "a", ROOT, "c"));
    step("rename c -> b (replace)", __wasi_path_rename(ROOT, "c", ROOT, "b"));
    stat_path("stat c", NOFOLLOW, "c", NULL);
    step("mkdir d", __wasi_path_create_directory(ROOT, "d"));
    step("mkdir e", __wasi_path_create_directory(ROOT, "e"));
    create("e/inner");
    step("rename d -> e (not empty)", __wasi_path_rename(ROOT, "d", ROOT, "e"));
    step("rename b -> d (file onto dir)", __wasi_path_rename(ROOT, "b", ROOT, "d"));
    step("rename d -> b (dir onto file)", __wasi_path_rename(ROOT, "d", ROOT, "b"));
    step("rename d/ -> f", __wasi_path_rename(ROOT, "d/", ROOT, "f"));
    step("rename f -> d/", __wasi_path_rename(ROOT, "f", ROOT, "d/"));
    step("rename d/ -> f/", __wasi_path_rename(ROOT, "d/", ROOT, "f/"));
    step("rename f// -> d", __wasi_path_rename(ROOT, "f//", ROOT, "d"));
    step("rename b/ -> g", __wasi_path_rename(ROOT, "b/", ROOT, "g"));
    step("rename b -> g/", __wasi_path_rename(ROOT, "b", ROOT, "g/"));
    step("rename b -> e/inner2", __wasi_path_rename(ROOT, "b", ROOT, "e/inner2"));
    step("rename e/inner2 -> b", __wasi_path_rename(ROOT, "e/inner2", ROOT, "b"));
    step("mkdir d/sub", __wasi_path_create_directory(ROOT, "d/sub"));
    step("rename d -> d/sub/x (into itself)", __wasi_path_rename(ROOT, "d", ROOT, "d/sub/x"));
    step("rename missing -> x", __wasi_path_rename(ROOT, "missing", ROOT, "x"));
    step("rename b -> ../out", __wasi_path_rename(ROOT, "b", ROOT, "../out"));
    step("rename . -> x", __wasi_path_rename(ROOT, ".", ROOT, "x"));
    step("rename d/.. -> x", __wasi_path_rename(ROOT, "d/..", ROOT, "x"));
    step("symlink b <- sl", __wasi_path_symlink("b", ROOT, "sl"));
    step("rename sl -> sl2", __wasi_path_rename(ROOT, "sl", ROOT, "sl2"));
    stat_path("stat sl2", NOFOLLOW, "sl2", NULL);
}

static void area_slashes(void) {
    step("symlink source <- target/ (dangling)", __wasi_path_symlink("source", ROOT, "target/"));
    step("mkdir target", __wasi_path_create_directory(ROOT, "target"));
    step("symlink source <- target/ (dir)", __wasi_path_symlink("source", ROOT, "target/"));
    step("symlink source <- target (dir)", __wasi_path_symlink("source", ROOT, "target"));
    step("unlink target (dir)", __wasi_path_unlink_file(ROOT, "target"));
    step("unlink target/ (dir)", __wasi_path_unlink_file(ROOT, "target/"));
    step("rmdir target/", __wasi_path_remove_directory(ROOT, "target/"));
    create("file");
    step("symlink source <- file/", __wasi_path_symlink("source", ROOT, "file/"));
    step("symlink source <- file", __wasi_path_symlink("source", ROOT, "file"));
    step("unlink file/", __wasi_path_unlink_file(ROOT, "file/"));
    step("rmdir file/", __wasi_path_remove_directory(ROOT, "file/"));
    step("rmdir file", __wasi_path_remove_directory(ROOT, "file"));
    step("mkdir file/", __wasi_path_create_directory(ROOT, "file/"));
    step("mkdir newdir//", __wasi_path_create_directory(ROOT, "newdir//"));
    stat_path("stat newdir", NOFOLLOW, "newdir", NULL);
    step("rmdir newdir/.", __wasi_path_remove_directory(ROOT, "newdir/."));
    step("symlink newdir <- dirlink", __wasi_path_symlink("newdir", ROOT, "dirlink"));
    step("unlink dirlink/", __wasi_path_unlink_file(ROOT, "dirlink/"));
    step("rmdir dirlink/", __wasi_path_remove_directory(ROOT, "dirlink/"));
    step("rmdir dirlink", __wasi_path_remove_directory(ROOT, "dirlink"));
    char buf[64];
    __wasi_size_t n = 0;
    step("readlink dirlink", __wasi_path_readlink(ROOT, "dirlink", (uint8_t *)buf, sizeof buf, &n));
    printf("  %.*s\n", (int)n, buf);
    step("readlink dirlink/", __wasi_path_readlink(ROOT, "dirlink/", (uint8_t *)buf, sizeof buf, &n));
    step("readlink file", __wasi_path_readlink(ROOT, "file", (uint8_t *)buf, sizeof buf, &n));
    step("unlink dirlink", __wasi_path_unlink_file(ROOT, "dirlink"));
    step("unlink file", __wasi_path_unlink_file(ROOT, "file"));
    step("unlink .", __wasi_path_unlink_file(ROOT, "."));
    step("rmdir .", __wasi_path_remove_directory(ROOT, "."));
    step("rmdir newdir/..", __wasi_path_remove_directory(ROOT, "newdir/.."));
}

static void area_paths(void) {
    step("mkdir dir", __wasi_path_create_directory(ROOT, "dir"));
    step("mkdir dir/nested", __wasi_path_create_directory(ROOT, "dir/nested"));
    create("dir/nested/file");
    const char *paths[] = {"/dir/nested/file", "dir/.//nested/../../dir/nested/../nested///./file", "dir/nested/file/",
                           "dir/nested/file///", "dir/nested/", "dir/nested///", "dir/nested/../../../dir/nested/file",
                           "", ".", "./", "dir/..", "..", "/", "dir/nested/file/.", "dir/nested/file/.."};
    for (unsigned i = 0; i < sizeof paths / sizeof *paths; i++) {
        char label[96];
        snprintf(label, sizeof label, "open '%s'", paths[i]);
        close_fd(open_at(label, paths[i], NOFOLLOW, 0, 0));
    }
    __wasi_fd_t fd = 0;
    const char nul[] = "dir/nested/file\0";
    step("open with trailing NUL", (__wasi_errno_t)raw_path_open(ROOT, 0, (int32_t)nul, sizeof nul - 1, 0, ALL_RIGHTS, ALL_RIGHTS, 0, (int32_t)&fd));
    close_fd(fd);
    close_fd(open_at("open file as directory", "dir/nested/file", NOFOLLOW, __WASI_OFLAGS_DIRECTORY, 0));
    close_fd(open_at("create dir/nested/ exclusive", "dir/nested/", NOFOLLOW, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0));
    close_fd(open_at("create new/ ", "new/", NOFOLLOW, __WASI_OFLAGS_CREAT, 0));
    close_fd(open_at("directory|create", "nd", NOFOLLOW, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, 0));
    step("symlink dir/nested/file <- fl", __wasi_path_symlink("dir/nested/file", ROOT, "fl"));
    close_fd(open_at("open fl nofollow", "fl", NOFOLLOW, 0, 0));
    close_fd(open_at("open fl follow", "fl", FOLLOW, 0, 0));
    step("symlink ../.. <- up", __wasi_path_symlink("../..", ROOT, "up"));
    close_fd(open_at("open up follow", "up", FOLLOW, 0, 0));
    close_fd(open_at("open up/x follow", "up/x", FOLLOW, 0, 0));
    step("mkdir ../out", __wasi_path_create_directory(ROOT, "../out"));
    step("mkdir up/out", __wasi_path_create_directory(ROOT, "up/out"));
    stat_path("stat dir/nested/../nested/file", NOFOLLOW, "dir/nested/../nested/file", NULL);
    stat_path("stat dir//nested", NOFOLLOW, "dir//nested", NULL);
    step("unlink dir/nested/file", __wasi_path_unlink_file(ROOT, "dir/nested/file"));
    step("rmdir dir/nested", __wasi_path_remove_directory(ROOT, "dir/nested"));
    step("rmdir dir", __wasi_path_remove_directory(ROOT, "dir"));
}

// The test puts a FIFO named "fifo" in the folder first: asked for as a folder,
// it must be refused without being opened (opening a FIFO blocks until a writer comes).
static void area_fifo(void) {
    close_fd(open_at("open fifo as directory", "fifo", NOFOLLOW, __WASI_OFLAGS_DIRECTORY, 0));
    stat_path("stat fifo", NOFOLLOW, "fifo", NULL);
}

int main(int argc, char **argv) {
    const char *area = argc > 1 ? argv[1] : "";
    if (!strcmp(area, "filestat")) area_filestat();
    else if (!strcmp(area, "symlink-filestat")) area_symlink_filestat();
    else if (!strcmp(area, "link")) area_link();
    else if (!strcmp(area, "rename")) area_rename();
    else if (!strcmp(area, "slashes")) area_slashes();
    else if (!strcmp(area, "paths")) area_paths();
    else if (!strcmp(area, "fifo")) area_fifo();
    else {
        fprintf(stderr, "usage: conform-fs filestat|symlink-filestat|link|rename|slashes|paths\n");
        return 2;
    }
    return 0;
}
