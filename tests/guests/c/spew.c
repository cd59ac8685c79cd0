// Writes lines to stdout, for stdout throughput and closed-pipe tests:
//   spew        write forever; exit 1 with a message on stderr once a write
//               fails (e.g. the reader of a pipe has gone)
//   spew MIB    write MIB mebibytes, then exit 0
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    // 64-byte lines through stdio's buffer, as a chatty program writes.
    static const char line[] = "spew spew spew spew spew spew spew spew spew spew spew spew spe\n";
    long long lines = argc > 1 ? atoll(argv[1]) * (1024 * 1024 / 64) : -1;
    for (long long i = 0; lines < 0 || i < lines; i++) {
        if (fputs(line, stdout) == EOF) {
            fprintf(stderr, "spew: write failed after %lld lines\n", i);
            return 1;
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
