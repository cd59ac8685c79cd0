/* first-response: starts a command, then polls 127.0.0.1:PORT every 1 ms
 * (connect + "GET PATH" + read the status line) until a 200 arrives; prints
 * the milliseconds from fork to that response, then stops the command
 * (SIGTERM, SIGKILL after 10 s; STOP_SIGNAL=KILL kills at once) and waits for it.
 * Usage: first-response PORT PATH TIMEOUT_MS -- COMMAND [ARGS...]
 * The command's stdout and stderr both go to stderr. Exit 0 with the figure on stdout; 1 when no 200 came within TIMEOUT_MS. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* 1 when a whole "HTTP/1.x 200" status line came back, 0 otherwise. */
static int try_once(int port, const char *path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = 0;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (write(fd, req, n) == n) {
      char buf[64];
      size_t got = 0;
      while (got < 12) {
        ssize_t r = read(fd, buf + got, sizeof buf - 1 - got);
        if (r <= 0) break;
        got += r;
      }
      buf[got] = 0;
      ok = got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 9, "200", 3) == 0;
    }
  }
  close(fd);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 6 || strcmp(argv[4], "--") != 0) {
    fprintf(stderr, "usage: %s PORT PATH TIMEOUT_MS -- COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  const char *path = argv[2];
  double timeout = atof(argv[3]);
  double start = now_ms();
  pid_t child = fork();
  if (child == 0) {
    setpgid(0, 0);
    dup2(2, 1); /* the command's output goes to stderr; stdout carries only the figure */
    execvp(argv[5], argv + 5);
    perror("exec");
    _exit(127);
  }
  double elapsed = -1;
  while (now_ms() - start < timeout) {
    if (try_once(port, path)) {
      elapsed = now_ms() - start;
      break;
    }
    int status;
    if (waitpid(child, &status, WNOHANG) == child) {
      fprintf(stderr, "first-response: the command exited before answering\n");
      return 1;
    }
    usleep(1000);
  }
  const char *stop = getenv("STOP_SIGNAL");
  int sig = stop && strcmp(stop, "KILL") == 0 ? SIGKILL : SIGTERM;
  kill(-child, sig);
  kill(child, sig);
  for (int i = 0; i < 1000; i++) {
    if (waitpid(child, NULL, WNOHANG) == child) goto done;
    usleep(10000);
  }
  kill(-child, SIGKILL);
  waitpid(child, NULL, 0);
done:
  if (elapsed < 0) {
    fprintf(stderr, "first-response: no 200 within %.0f ms\n", timeout);
    return 1;
  }
  printf("%.1f\n", elapsed);
  return 0;
}
