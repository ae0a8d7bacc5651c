/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <stddef.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyctl-log.h"
#include "phyctl-verbs.h"

const Verb *verbs_find_verb(const char *name, const Verb *verbs)
{
        for (const Verb *v = verbs; v->dispatch; v++)
                if (name ? streq(name, v->verb) : (v->flags & VERB_DEFAULT))
                        return v;
        return NULL;
}

int dispatch_verb(int argc, char *argv[], const Verb *verbs, void *userdata)
{
        const char *name = argc > 0 ? argv[0] : NULL;
        char *default_argv[] = { NULL, NULL };
        const Verb *v;

        v = verbs_find_verb(name, verbs);
        if (!v) {
                if (name)
                        return log_usage("unknown command '%s': see phyctl --help", name);
                return log_usage("missing command: see phyctl --help");
        }

        if (!name) {
                /* The default verb sees itself as argv[0], as if it had been typed. */
                default_argv[0] = (char *) v->verb;
                argc = 1;
                argv = default_argv;
        }

        if (v->min_args != VERB_ANY && (unsigned) argc < v->min_args)
                return log_usage("too few arguments: usage: phyctl %s%s%s", v->verb,
                                 v->synopsis ? " " : "", v->synopsis ?: "");
        if (v->max_args != VERB_ANY && (unsigned) argc > v->max_args)
                return log_usage("unexpected argument '%s': usage: phyctl %s%s%s",
                                 argv[v->max_args], v->verb, v->synopsis ? " " : "",
                                 v->synopsis ?: "");

        return v->dispatch(argc, argv, userdata);
}
