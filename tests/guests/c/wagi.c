// A WAGI handler as people write them: the request in CGI variables (getenv),
// the body on stdin, a CGI response (headers, empty line, body) on stdout.
// Routes by PATH_INFO under its trigger's route (e.g. /wagi/...).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "";
}

static void echo(void) {
    printf("Content-Type: %s\n", *env("CONTENT_TYPE") ? env("CONTENT_TYPE") : "application/octet-stream");
    printf("X-Content-Length: %s\n\n", env("CONTENT_LENGTH"));
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        fwrite(buffer, 1, n, stdout);
    }
}

static void file(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("Status: 404 Not Found\nContent-Type: text/plain\n\nno %s\n", path);
        return;
    }
    printf("Content-Type: text/plain\n\n");
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) {
        fwrite(buffer, 1, n, stdout);
    }
    fclose(f);
}

int main(int argc, char **argv) {
    const char *path = env("PATH_INFO");
    if (strcmp(path, "/echo") == 0) {
        echo();
    } else if (strcmp(path, "/status") == 0) {
        printf("Status: 418 I'm a teapot\nContent-Type: text/plain\n\nshort and stout\n");
    } else if (strcmp(path, "/redirect") == 0) {
        printf("Location: /wagi/target\n\n");
    } else if (strcmp(path, "/env") == 0) {
        printf("Content-Type: text/plain\n\n");
        for (char **e = environ; *e; e++) {
            printf("%s\n", *e);
        }
    } else if (strcmp(path, "/args") == 0) {
        printf("Content-Type: text/plain\n\n");
        for (int i = 0; i < argc; i++) {
            printf("%s\n", argv[i]);
        }
    } else if (strcmp(path, "/file") == 0) {
        file("/data/hello.txt");
    } else if (strcmp(path, "/escape") == 0) {
        file("/data/../../etc/passwd");
    } else if (strcmp(path, "/big") == 0) {
        // 4 MiB in 64 KiB writes: streamed to the client as written.
        printf("Content-Type: application/octet-stream\n\n");
        static char chunk[65536];
        memset(chunk, 'w', sizeof chunk);
        for (int i = 0; i < 64; i++) {
            fwrite(chunk, 1, sizeof chunk, stdout);
        }
    } else if (strcmp(path, "/exit") == 0) {
        fprintf(stderr, "giving up\n");
        exit(7);
    } else if (strcmp(path, "/malformed") == 0) {
        printf("this is not a header\n\nbody\n");
    } else if (strcmp(path, "/nothing") == 0) {
        // Writes nothing at all.
    } else if (strcmp(path, "/loop") == 0) {
        printf("Content-Type: text/plain\n\n");
        fflush(stdout);
        for (volatile unsigned long i = 0;; i++) {
        }
    } else if (strcmp(path, "/hello") == 0) {
        printf("Content-Type: text/plain\n\nhello\n");
    } else {
        printf("Status: 404 Not Found\nContent-Type: text/plain\n\nno route %s\n", path);
    }
    return 0;
}
