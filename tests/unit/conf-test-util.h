/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Files for the configuration tests (test-conf-parser, test-phyd-config): a temporary
 * directory per test, and files written into it. Failures are cmocka assertions.
 */

#include <stddef.h>

/* cmocka setup and teardown: *state is a new directory under P_tmpdir, named after the test
 * program, removed with everything in it after the test. */
int setup_tmpdir(void **state);
int teardown_tmpdir(void **state);

/* Removes name (relative to the directory fd at, or AT_FDCWD) and, for a directory,
 * everything below it. */
int rm_rf_at(int at, const char *name);

/* "dir/name", to free. */
char *path_join(const char *dir, const char *name);

/* Writes len bytes (strlen(content) if len is 0) to dir/name, creating the directories
 * name goes through. Returns the path, to free. */
char *write_file_len(const char *dir, const char *name, const char *content, size_t len);
