/* Wall-clock time from launch to exit of a program, measured without a shell or an interpreter in between.
 *
 * Usage: launch_time RUNS OUTPUT PROGRAM [ARG...]
 * Runs PROGRAM RUNS times (posix_spawnp, standard input /dev/null, standard output to OUTPUT, standard error
 * inherited) and prints the elapsed microseconds of each run, one per line. Exit status 1 as soon as a run
 * does not exit with status 0. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s RUNS OUTPUT PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    int runs = atoi(argv[1]);
    for (int run = 0; run < runs; run++) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid;
        double start = now_us();
        int rc = posix_spawnp(&pid, argv[3], &actions, NULL, argv + 3, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            fprintf(stderr, "launch_time: cannot start %s (errno %d)\n", argv[3], rc);
            return 1;
        }
        int status;
        while (waitpid(pid, &status, 0) < 0) {}
        double elapsed = now_us() - start;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "launch_time: %s run %d ended with status 0x%x (output in %s)\n", argv[3], run + 1,
                    status, argv[2]);
            return 1;
        }
        printf("%.1f\n", elapsed);
        fflush(stdout);
    }
    return 0;
}
