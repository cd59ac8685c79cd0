// A small WASI command for testing grants: each subcommand exercises one
// capability and prints what the guest saw, or the error it got.
//   probe args            print each argument on its own line
//   probe env [NAME...]   print NAME=VALUE for the given (or all) variables
//   probe cat PATH        print the file's bytes, or "error: <reason>"
//   probe write PATH TEXT create/overwrite PATH with TEXT
//   probe rename FROM TO  rename FROM to TO
//   probe link FROM TO    hard-link TO to FROM
//   probe exit N          exit with code N
//   probe interleave N    write "out i" to stdout and "err i" to stderr in turn,
//                         each line straight to its descriptor (no stdio buffer)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *what, const char *path) {
    printf("error: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

static int cmd_cat(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return fail("open", path);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
    int bad = ferror(f);
    fclose(f);
    return bad ? fail("read", path) : 0;
}

static int cmd_write(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) return fail("open", path);
    if (fputs(text, f) < 0) { fclose(f); return fail("write", path); }
    if (fclose(f) != 0) return fail("close", path);
    printf("wrote %s\n", path);
    return 0;
}

static int cmd_rename(const char *from, const char *to) {
    if (rename(from, to) != 0) return fail("rename", from);
    printf("renamed %s to %s\n", from, to);
    return 0;
}

static int cmd_link(const char *from, const char *to) {
    if (link(from, to) != 0) return fail("link", from);
    printf("linked %s to %s\n", to, from);
    return 0;
}

static int cmd_env(int argc, char **argv) {
    if (argc == 0) {
        for (char **e = environ; e && *e; e++) printf("%s\n", *e);
        return 0;
    }
    for (int i = 0; i < argc; i++) {
        const char *v = getenv(argv[i]);
        printf("%s=%s\n", argv[i], v ? v : "(unset)");
    }
    return 0;
}

static int cmd_interleave(int lines) {
    char text[32];
    for (int i = 0; i < lines; i++) {
        int n = snprintf(text, sizeof text, "out %d\n", i);
        if (write(1, text, n) != n) return 1;
        n = snprintf(text, sizeof text, "err %d\n", i);
        if (write(2, text, n) != n) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: probe args|env|cat|write|rename|link|exit ...\n");
        return 64;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "args") == 0) {
        for (int i = 0; i < argc; i++) printf("%s\n", argv[i]);
        return 0;
    }
    if (strcmp(cmd, "env") == 0) return cmd_env(argc - 2, argv + 2);
    if (strcmp(cmd, "cat") == 0 && argc == 3) return cmd_cat(argv[2]);
    if (strcmp(cmd, "write") == 0 && argc == 4) return cmd_write(argv[2], argv[3]);
    if (strcmp(cmd, "rename") == 0 && argc == 4) return cmd_rename(argv[2], argv[3]);
    if (strcmp(cmd, "link") == 0 && argc == 4) return cmd_link(argv[2], argv[3]);
    if (strcmp(cmd, "interleave") == 0 && argc == 3) return cmd_interleave(atoi(argv[2]));
    if (strcmp(cmd, "exit") == 0 && argc == 3) {
        fprintf(stderr, "exiting with %s\n", argv[2]);
        fflush(stdout);
        exit(atoi(argv[2]));
    }
    fprintf(stderr, "probe: unknown command %s\n", cmd);
    return 64;
}
