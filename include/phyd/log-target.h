/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What phyd's and phyd-dispatcher's logging share: the maximum level, whether messages go to
 * the journal, and the level names. Each program's log.c formats and writes the messages. */

#include <stdbool.h>

/* systemd sets $JOURNAL_STREAM to the device and inode of the stream it connected stderr to;
 * only then is stderr the journal (systemd.exec(5)). */
bool log_stderr_is_journal(void);

/* "debug", "info", "notice", "warning", "err" (or "error"), "crit", ... as syslog, any case.
 * Returns the LOG_* level, or -EINVAL. */
int log_level_from_string(const char *s);

/* Decides, once at start, whether messages go to the journal (log_stderr_is_journal()). */
void log_setup(void);
/* The journal, or stderr line by line, as log_setup() decided. */
bool log_target_is_journal(void);

/* Messages above level (LOG_INFO by default) are dropped. */
void log_set_max_level(int level);
int log_get_max_level(void);
