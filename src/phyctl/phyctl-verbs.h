/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Verb dispatch in the manner of systemd's dispatch_verb(): a table of verbs with their
 * argument counts (the verb itself included), checked before the verb runs.
 */

#include <limits.h>

#define VERB_ANY UINT_MAX

typedef enum VerbFlags {
        VERB_DEFAULT = 1 << 0, /* runs when no verb is given */
} VerbFlags;

typedef struct Verb {
        const char *verb;
        unsigned min_args;
        unsigned max_args;
        VerbFlags flags;
        const char *synopsis; /* the arguments after the verb, for usage errors */
        int (*dispatch)(int argc, char *argv[], void *userdata);
} Verb;

/* The verb named by argv[0] (or the default one when argc is 0), NULL if none. */
const Verb *verbs_find_verb(const char *name, const Verb *verbs);

/* Runs the verb; an unknown verb or a wrong argument count is a usage error (exit status
 * PHYCTL_EXIT_USAGE). Returns what the verb returns: < 0 failure, else an exit status. */
int dispatch_verb(int argc, char *argv[], const Verb *verbs, void *userdata);
