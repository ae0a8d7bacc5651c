/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * --json output through json-c: keys are the D-Bus property names, "as" becomes an array of
 * strings, integers are numbers, Registers an array of numbers; "Object" adds the PHY's
 * object path.
 */

#include <json-c/json.h>
#include <stdio.h>
#include <systemd/sd-bus.h>

#include "phyd/macro.h"
#include "phyd/string-table.h"
#include "phyctl-phy-info.h"

typedef enum JsonFormat {
        JSON_FORMAT_OFF,
        JSON_FORMAT_SHORT,  /* one line */
        JSON_FORMAT_PRETTY, /* indented */
        _JSON_FORMAT_MAX,
        _JSON_FORMAT_INVALID = -EINVAL,
} JsonFormat;

DECLARE_STRING_TABLE_LOOKUP(json_format, JsonFormat);

static inline void json_object_putp(json_object **p)
{
        if (*p)
                (void) json_object_put(*p);
}

/* The properties the daemon sent, plus "Object". NULL on OOM. */
json_object *phy_info_to_json(const PhyInfo *info);

/* Prints o and a newline. */
int json_print(json_object *o, JsonFormat format, FILE *f);

/* Adds key: value to o, or value to array a, taking value (NULL: an allocation failed);
 * -ENOMEM, value freed, on failure. */
int json_add(json_object *o, const char *key, json_object *value);
int json_array_add(json_object *a, json_object *value);

/* The next value of m, whatever its type, as JSON: a{s*} becomes an object, other arrays
 * and structs arrays, variants their content. A LinkChanged snapshot is shown as the daemon
 * sent it, keys phyctl does not know included. -EBADMSG for a file descriptor. */
int json_from_bus_message(sd_bus_message *m, json_object **ret);
