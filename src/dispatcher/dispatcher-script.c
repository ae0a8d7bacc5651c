/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dispatcher-log.h"
#include "dispatcher-output.h"
#include "dispatcher-script.h"
#include "dispatcher-time.h"
#include "phyd/strv.h"

struct Script {
        char *path;
        const char *name; /* the file name, inside path */
        char *phy;
        pid_t pid;        /* also the process group; 0 once it has exited */
        uint64_t timeout_usec;
        bool timed_out;
        sd_event_source *child_source;
        sd_event_source *timeout_source;
        script_done_t done;
        void *userdata;
};

static int compare_names(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

int script_list(const char *dir, char ***ret_paths)
{
        _cleanup_(strv_freep) char **names = NULL, **paths = NULL;
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;
        size_t n;
        int r;

        d = opendir(dir);
        if (!d) {
                if (errno == ENOENT) {
                        *ret_paths = NULL;
                        return 0;
                }
                return -errno;
        }

        for (errno = 0; (de = readdir(d)); errno = 0) {
                struct stat st;

                if (de->d_name[0] == '.')
                        continue;
                /* Following symbolic links, as exec will. */
                if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 || !S_ISREG(st.st_mode))
                        continue;
                if (faccessat(dirfd(d), de->d_name, X_OK, AT_EACCESS) < 0)
                        continue;
                r = strv_extend(&names, de->d_name);
                if (r < 0)
                        return r;
        }
        if (errno != 0)
                return -errno;

        n = strv_length(names);
        if (n > 0)
                qsort(names, n, sizeof(char *), compare_names);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *p = NULL;

                if (asprintf(&p, "%s/%s", dir, names[i]) < 0)
                        return -ENOMEM;
                r = strv_extend(&paths, p);
                if (r < 0)
                        return r;
        }

        *ret_paths = TAKE_PTR(paths);
        return 0;
}

static int on_script_timeout(sd_event_source *source, uint64_t usec, void *userdata)
{
        Script *s = userdata;
        char ts[FORMAT_TIMESPAN_MAX];

        /* The group, so that what the script started goes too. The script has not been
         * reaped yet (its exit would have stopped this timer), so the group id is still
         * its own. */
        s->timed_out = true;
        if (kill(-s->pid, SIGKILL) < 0)
                log_script_warning_errno(s->phy, s->name, errno,
                                         "Failed to kill %s for %s: %m", s->name, s->phy);
        log_script_warning(s->phy, s->name, "%s for %s timed out after %s, killed.", s->name,
                           s->phy, format_timespan(ts, sizeof(ts), s->timeout_usec));
        return 0;
}

static int on_script_exit(sd_event_source *source, const siginfo_t *si, void *userdata)
{
        Script *s = userdata;

        /* A zombie until this returns; no signal for its group from here on. */
        s->pid = 0;
        s->timeout_source = sd_event_source_disable_unref(s->timeout_source);

        switch (si->si_code) {
        case CLD_EXITED:
                if (si->si_status == 0)
                        log_script_debug(s->phy, s->name, "%s for %s succeeded.", s->name,
                                         s->phy);
                else
                        log_script_warning(s->phy, s->name, "%s for %s exited with status %d.",
                                           s->name, s->phy, si->si_status);
                break;
        case CLD_KILLED:
        case CLD_DUMPED:
                /* Our own SIGKILL has been logged already. */
                if (!(s->timed_out && si->si_status == SIGKILL))
                        log_script_warning(s->phy, s->name,
                                           "%s for %s was killed by signal %d (%s)%s.",
                                           s->name, s->phy, si->si_status,
                                           strsignal(si->si_status),
                                           si->si_code == CLD_DUMPED ? ", core dumped" : "");
                break;
        default:
                break;
        }

        s->done(s, s->userdata);
        return 0;
}

/* posix_spawn() (a vfork and exec underneath): nothing of the parent's memory is copied, and
 * the exec's failure comes back as the return value. */
static int spawn(const char *path, char **env, int output_fd, pid_t *ret_pid)
{
        char *argv[] = { (char *) path, NULL };
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        sigset_t mask;
        int r;

        r = posix_spawn_file_actions_init(&actions);
        if (r != 0)
                return -r;
        r = posix_spawnattr_init(&attr);
        if (r != 0) {
                posix_spawn_file_actions_destroy(&actions);
                return -r;
        }

        r = posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        if (r == 0)
                r = posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
        if (r == 0)
                r = posix_spawn_file_actions_adddup2(&actions, output_fd, STDERR_FILENO);
#if HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
        /* Our own descriptors are all O_CLOEXEC; this also closes any we inherited. */
        if (r == 0)
                r = posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif
        /* A process group of its own, to be killed whole; the signals sd-event keeps blocked
         * unblocked, and every signal's disposition back to the default. */
        if (r == 0)
                r = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                                            POSIX_SPAWN_SETSIGMASK |
                                                            POSIX_SPAWN_SETSIGDEF);
        if (r == 0)
                r = posix_spawnattr_setpgroup(&attr, 0);
        if (r == 0) {
                sigemptyset(&mask);
                r = posix_spawnattr_setsigmask(&attr, &mask);
        }
        if (r == 0) {
                sigfillset(&mask);
                r = posix_spawnattr_setsigdefault(&attr, &mask);
        }
        if (r == 0)
                r = posix_spawn(ret_pid, path, &actions, &attr, argv, env);

        posix_spawnattr_destroy(&attr);
        posix_spawn_file_actions_destroy(&actions);
        return -r;
}

int script_spawn(sd_event *event, const char *path, const char *phy, char **env,
                 uint64_t timeout_usec, script_done_t done, void *userdata, Script **ret)
{
        _cleanup_(script_freep) Script *s = NULL;
        _cleanup_close_ int output_write = -EBADF;
        int pipe_fds[2];
        const char *slash;
        int r;

        s = calloc(1, sizeof(*s));
        if (!s)
                return -ENOMEM;
        s->path = strdup(path);
        s->phy = strdup(phy);
        if (!s->path || !s->phy)
                return -ENOMEM;
        slash = strrchr(s->path, '/');
        s->name = slash ? slash + 1 : s->path;
        s->timeout_usec = timeout_usec;
        s->done = done;
        s->userdata = userdata;

        if (pipe2(pipe_fds, O_CLOEXEC) < 0)
                return -errno;
        output_write = pipe_fds[1];
        /* Watched before the script starts: nothing it prints is lost. */
        r = script_output_watch(event, pipe_fds[0], s->name, s->phy);
        if (r < 0)
                return r;

        r = spawn(s->path, env, output_write, &s->pid);
        if (r < 0) {
                s->pid = 0;
                return r;
        }

        r = sd_event_add_child(event, &s->child_source, s->pid, WEXITED, on_script_exit, s);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(s->child_source, "script");
        if (timeout_usec != USEC_INFINITY) {
                /* 1 ms accuracy: a timeout is a promise to the script's author. */
                r = sd_event_add_time_relative(event, &s->timeout_source, CLOCK_MONOTONIC,
                                               timeout_usec, USEC_PER_MSEC, on_script_timeout, s);
                if (r < 0)
                        return r;
                (void) sd_event_source_set_description(s->timeout_source, "script-timeout");
        }

        log_script_debug(s->phy, s->name, "%s for %s started as process %d.", s->name, s->phy,
                         (int) s->pid);
        *ret = TAKE_PTR(s);
        return 0;
}

Script *script_free(Script *s)
{
        if (!s)
                return NULL;
        if (s->pid > 0)
                (void) kill(-s->pid, SIGTERM);
        sd_event_source_disable_unref(s->child_source);
        sd_event_source_disable_unref(s->timeout_source);
        free(s->path);
        free(s->phy);
        free(s);
        return NULL;
}
