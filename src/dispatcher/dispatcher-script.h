/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One run of one script: spawned in a process group of its own, stdin /dev/null, stdout and
 * stderr into a pipe read on the event loop; its exit watched by sd-event (SIGCHLD), its time
 * bounded by a timer that kills the whole group. Nothing here blocks.
 */

#include <stdint.h>
#include <systemd/sd-event.h>

#include "phyd/macro.h"

typedef struct Script Script;

/* Called once the script has exited, whatever the way; the callee may free s. */
typedef void (*script_done_t)(Script *s, void *userdata);

/* The executable regular files of dir (symbolic links followed), hidden ones skipped, as
 * paths sorted by name (bytewise, as run-parts sorts). A missing dir holds none. */
int script_list(const char *dir, char ***ret_paths);

/* Starts path for the event of phy (its Id, for the log) with the environment env;
 * timeout_usec USEC_INFINITY means no timeout. */
int script_spawn(sd_event *event, const char *path, const char *phy, char **env,
                 uint64_t timeout_usec, script_done_t done, void *userdata, Script **ret);

/* A script still running when freed (the dispatcher is stopping) gets SIGTERM, with its
 * process group. */
Script *script_free(Script *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(Script *, script_free);
