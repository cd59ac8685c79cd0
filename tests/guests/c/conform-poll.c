// WASI poll_oneoff conformance probe: run as a command component on two WASI
// hosts with stdin at end of file, it must print the same lines on both.
// Each poll prints which subscriptions fired (by userdata, in order) and
// their errors; a long clock that fires means a stream never became ready.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define LONG_TIMEOUT 2000000000ull // 2 s: only fires if the other subscriptions never do
#define CLOCK_ID 99

static __wasi_subscription_t clock_sub(__wasi_timestamp_t timeout) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = CLOCK_ID;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s.u.u.clock.timeout = timeout;
    return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t id, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = id;
    s.u.tag = type;
    if (type == __WASI_EVENTTYPE_FD_READ) s.u.u.fd_read.file_descriptor = fd;
    else s.u.u.fd_write.file_descriptor = fd;
    return s;
}

// Polls until every subscription but the clock has fired (or the clock fires).
static void poll_all(const char *label, __wasi_subscription_t *subs, int count) {
    int pending = count - 1;
    int done[8] = {0};
    printf("%s:", label);
    while (pending > 0) {
        __wasi_subscription_t in[8];
        int n = 0;
        for (int i = 0; i < count; i++)
            if (!done[i]) in[n++] = subs[i];
        __wasi_event_t out[8];
        __wasi_size_t got = 0;
        __wasi_errno_t e = __wasi_poll_oneoff(in, out, n, &got);
        if (e) {
            printf(" poll error %u\n", e);
            return;
        }
        for (__wasi_size_t j = 0; j < got; j++) {
            printf(" [id %llu type %u error %u]", (unsigned long long)out[j].userdata, out[j].type, out[j].error);
            if (out[j].userdata == CLOCK_ID) {
                printf(" timed out\n");
                return;
            }
            for (int i = 0; i < count; i++)
                if (!done[i] && subs[i].userdata == out[j].userdata) {
                    done[i] = 1;
                    pending--;
                }
        }
    }
    printf("\n");
}

int main(void) {
    __wasi_subscription_t subs[4];

    subs[0] = fd_sub(0, __WASI_EVENTTYPE_FD_READ, 0);
    subs[1] = clock_sub(LONG_TIMEOUT);
    poll_all("stdin read", subs, 2);

    subs[0] = fd_sub(1, __WASI_EVENTTYPE_FD_WRITE, 1);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, 2);
    subs[2] = clock_sub(LONG_TIMEOUT);
    poll_all("stdout and stderr write", subs, 3);

    subs[0] = fd_sub(0, __WASI_EVENTTYPE_FD_READ, 0);
    subs[1] = fd_sub(1, __WASI_EVENTTYPE_FD_WRITE, 1);
    subs[2] = fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, 2);
    subs[3] = clock_sub(LONG_TIMEOUT);
    poll_all("all three stdio", subs, 4);

    subs[0] = clock_sub(1000000); // 1 ms
    __wasi_event_t out[1];
    __wasi_size_t got = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(subs, out, 1, &got);
    printf("short clock: error %u events %u id %llu type %u\n", e, (unsigned)got, (unsigned long long)out[0].userdata, out[0].type);

    subs[0] = fd_sub(7, __WASI_EVENTTYPE_FD_READ, 77);
    subs[1] = clock_sub(LONG_TIMEOUT);
    e = __wasi_poll_oneoff(subs, out, 2, &got);
    printf("bad fd: error %u events %u", e, (unsigned)got);
    if (e == 0 && got > 0) printf(" id %llu error %u", (unsigned long long)out[0].userdata, out[0].error);
    printf("\n");

    e = __wasi_poll_oneoff(subs, out, 0, &got);
    printf("no subscriptions: error %u\n", e);
    char byte;
    __wasi_iovec_t iov = {(uint8_t *)&byte, 1};
    __wasi_size_t read = 99;
    e = __wasi_fd_read(0, &iov, 1, &read);
    printf("read stdin: error %u bytes %u\n", e, (unsigned)read);
    return 0;
}
