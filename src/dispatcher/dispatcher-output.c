/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatcher-log.h"
#include "dispatcher-output.h"

/* Longer lines are logged in pieces of this size. */
#define LINE_MAX_BYTES 2048

typedef struct ScriptOutput {
        char *script;
        char *phy;
        size_t n;
        char buf[LINE_MAX_BYTES];
} ScriptOutput;

static void script_output_free(void *userdata)
{
        ScriptOutput *o = userdata;

        free(o->script);
        free(o->phy);
        free(o);
}

static void script_output_line(ScriptOutput *o, const char *line, size_t len)
{
        log_script_info(o->phy, o->script, "%s (%s): %.*s", o->script, o->phy, (int) len, line);
}

static void script_output_flush_lines(ScriptOutput *o, bool eof)
{
        size_t start = 0;

        for (size_t i = 0; i < o->n; i++)
                if (o->buf[i] == '\n') {
                        script_output_line(o, o->buf + start, i - start);
                        start = i + 1;
                }
        /* A full buffer without a newline, or what is left at the end, is a line too. */
        if ((start == 0 && o->n == sizeof(o->buf)) || (eof && start < o->n)) {
                script_output_line(o, o->buf + start, o->n - start);
                start = o->n;
        }
        memmove(o->buf, o->buf + start, o->n - start);
        o->n -= start;
}

static int on_output(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
        ScriptOutput *o = userdata;
        ssize_t k;

        k = read(fd, o->buf + o->n, sizeof(o->buf) - o->n);
        if (k < 0 && (errno == EAGAIN || errno == EINTR))
                return 0;
        if (k > 0) {
                o->n += (size_t) k;
                script_output_flush_lines(o, false);
                return 0;
        }
        if (k < 0)
                log_script_warning_errno(o->phy, o->script, errno,
                                         "Failed to read the output of %s for %s: %m",
                                         o->script, o->phy);
        script_output_flush_lines(o, true);
        /* Take the loop's reference over and drop it: that frees o (destroy callback) and
         * closes fd. */
        sd_event_source_ref(s);
        (void) sd_event_source_set_floating(s, false);
        sd_event_source_disable_unref(s);
        return 0;
}

int script_output_watch(sd_event *event, int fd, const char *script, const char *phy)
{
        sd_event_source *s = NULL;
        ScriptOutput *o;
        int r;

        o = calloc(1, sizeof(*o));
        if (!o) {
                close(fd);
                return -ENOMEM;
        }
        o->script = strdup(script);
        o->phy = strdup(phy);
        if (!o->script || !o->phy) {
                script_output_free(o);
                close(fd);
                return -ENOMEM;
        }
        if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
                r = -errno;
                script_output_free(o);
                close(fd);
                return r;
        }

        r = sd_event_add_io(event, &s, fd, EPOLLIN, on_output, o);
        if (r < 0) {
                script_output_free(o);
                close(fd);
                return r;
        }
        (void) sd_event_source_set_io_fd_own(s, true);
        (void) sd_event_source_set_destroy_callback(s, script_output_free);
        (void) sd_event_source_set_description(s, "script-output");
        r = sd_event_source_set_floating(s, true);
        sd_event_source_unref(s);
        return r;
}
