/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <string.h>

#include "phyctl-json.h"

static const char *const json_format_table[_JSON_FORMAT_MAX] = {
        [JSON_FORMAT_OFF] = "off",
        [JSON_FORMAT_SHORT] = "short",
        [JSON_FORMAT_PRETTY] = "pretty",
};

DEFINE_STRING_TABLE_LOOKUP(json_format, JsonFormat);

int json_add(json_object *o, const char *key, json_object *value)
{
        if (!value)
                return -ENOMEM;
        if (json_object_object_add(o, key, value) < 0) {
                (void) json_object_put(value);
                return -ENOMEM;
        }
        return 0;
}

int json_array_add(json_object *a, json_object *value)
{
        if (!value)
                return -ENOMEM;
        if (json_object_array_add(a, value) < 0) {
                (void) json_object_put(value);
                return -ENOMEM;
        }
        return 0;
}

static json_object *strv_to_json(char *const *l)
{
        _cleanup_(json_object_putp) json_object *a = json_object_new_array();

        if (!a)
                return NULL;
        for (char *const *i = l; i && *i; i++)
                if (json_array_add(a, json_object_new_string(*i)) < 0)
                        return NULL;
        return TAKE_PTR(a);
}

static json_object *registers_to_json(const uint16_t *regs, size_t n)
{
        _cleanup_(json_object_putp) json_object *a = json_object_new_array();

        if (!a)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (json_array_add(a, json_object_new_int(regs[i])) < 0)
                        return NULL;
        return TAKE_PTR(a);
}

static json_object *property_to_json(const PhyInfo *info, const PhyProperty *p)
{
        const void *field = (const uint8_t *) info + p->offset;

        switch (p->type) {
        case PHY_PROPERTY_STRING:
                return json_object_new_string(*(char *const *) field ?: "");
        case PHY_PROPERTY_BOOL:
                return json_object_new_boolean(*(const bool *) field);
        case PHY_PROPERTY_BYTE:
                return json_object_new_int(*(const uint8_t *) field);
        case PHY_PROPERTY_INT32:
                return json_object_new_int(*(const int32_t *) field);
        case PHY_PROPERTY_UINT32:
                return json_object_new_int64(*(const uint32_t *) field);
        case PHY_PROPERTY_UINT64:
                return json_object_new_uint64(*(const uint64_t *) field);
        case PHY_PROPERTY_STRV:
                return strv_to_json(*(char **const *) field);
        case PHY_PROPERTY_REGISTERS:
                return registers_to_json(info->registers, info->n_registers);
        case _PHY_PROPERTY_TYPE_MAX:
        case _PHY_PROPERTY_TYPE_INVALID:
                break;
        }
        return NULL;
}

json_object *phy_info_to_json(const PhyInfo *info)
{
        _cleanup_(json_object_putp) json_object *o = json_object_new_object();

        if (!o)
                return NULL;
        /* Exactly the io.phyd.Phy1 properties: the keys are the D-Bus names, nothing else. */
        for (size_t i = 0; i < phy_properties_count; i++) {
                if (!(info->present & BIT(i)))
                        continue;
                if (json_add(o, phy_properties[i].name,
                             property_to_json(info, &phy_properties[i])) < 0)
                        return NULL;
        }
        return TAKE_PTR(o);
}

int json_print(json_object *o, JsonFormat format, FILE *f)
{
        /* "10baseT/Half" stays readable: a slash needs no escape in JSON. */
        int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
        const char *s;

        switch (format) {
        case JSON_FORMAT_PRETTY:
                flags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
                break;
        case JSON_FORMAT_SHORT:
        case JSON_FORMAT_OFF:
        case _JSON_FORMAT_MAX:
        case _JSON_FORMAT_INVALID:
                flags |= JSON_C_TO_STRING_PLAIN;
                break;
        }

        s = json_object_to_json_string_ext(o, flags);
        if (!s)
                return -ENOMEM;
        fputs(s, f);
        fputc('\n', f);
        return ferror(f) ? -EIO : 0;
}

static int dict_entry_to_json(sd_bus_message *m, const char *key, void *userdata)
{
        json_object *value = NULL;
        int r;

        r = json_from_bus_message(m, &value);
        if (r < 0)
                return r;
        return json_add(userdata, key, value);
}

static int container_to_json(sd_bus_message *m, char type, const char *contents,
                             json_object **ret)
{
        _cleanup_(json_object_putp) json_object *o = NULL;
        int r;

        r = sd_bus_message_enter_container(m, type, contents);
        if (r < 0)
                return r;

        if (type == SD_BUS_TYPE_VARIANT) {
                r = json_from_bus_message(m, &o);
                if (r < 0)
                        return r;
        } else if (type == SD_BUS_TYPE_ARRAY && contents[0] == SD_BUS_TYPE_DICT_ENTRY_BEGIN &&
                   contents[1] == SD_BUS_TYPE_STRING) {
                /* "{sv}" holds entries of "sv". */
                _cleanup_free_ char *entry = strndup(contents + 1, strlen(contents) - 2);

                o = json_object_new_object();
                if (!o || !entry)
                        return -ENOMEM;
                r = bus_message_read_dict(m, entry, dict_entry_to_json, o);
                if (r < 0)
                        return r;
        } else {
                /* Arrays, structs and other dictionaries: a JSON array. */
                o = json_object_new_array();
                if (!o)
                        return -ENOMEM;
                while ((r = sd_bus_message_at_end(m, false)) == 0) {
                        json_object *value = NULL;

                        r = json_from_bus_message(m, &value);
                        if (r < 0)
                                return r;
                        r = json_array_add(o, value);
                        if (r < 0)
                                return r;
                }
                if (r < 0)
                        return r;
        }

        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(o);
        return 0;
}

int json_from_bus_message(sd_bus_message *m, json_object **ret)
{
        const char *contents;
        json_object *o;
        char type;
        union {
                uint8_t y;
                int b;
                int16_t n;
                uint16_t q;
                int32_t i;
                uint32_t u;
                int64_t x;
                uint64_t t;
                double d;
                const char *s;
        } v;
        int r;

        r = sd_bus_message_peek_type(m, &type, &contents);
        if (r < 0)
                return r;
        if (r == 0)
                return -EBADMSG;

        if (type == SD_BUS_TYPE_ARRAY || type == SD_BUS_TYPE_VARIANT ||
            type == SD_BUS_TYPE_STRUCT || type == SD_BUS_TYPE_DICT_ENTRY)
                return container_to_json(m, type, contents, ret);

        r = sd_bus_message_read_basic(m, type, &v);
        if (r < 0)
                return r;

        switch (type) {
        case SD_BUS_TYPE_BYTE:
                o = json_object_new_int(v.y);
                break;
        case SD_BUS_TYPE_BOOLEAN:
                o = json_object_new_boolean(v.b);
                break;
        case SD_BUS_TYPE_INT16:
                o = json_object_new_int(v.n);
                break;
        case SD_BUS_TYPE_UINT16:
                o = json_object_new_int(v.q);
                break;
        case SD_BUS_TYPE_INT32:
                o = json_object_new_int(v.i);
                break;
        case SD_BUS_TYPE_UINT32:
                o = json_object_new_int64(v.u);
                break;
        case SD_BUS_TYPE_INT64:
                o = json_object_new_int64(v.x);
                break;
        case SD_BUS_TYPE_UINT64:
                o = json_object_new_uint64(v.t);
                break;
        case SD_BUS_TYPE_DOUBLE:
                o = json_object_new_double(v.d);
                break;
        case SD_BUS_TYPE_STRING:
        case SD_BUS_TYPE_OBJECT_PATH:
        case SD_BUS_TYPE_SIGNATURE:
                o = json_object_new_string(v.s);
                break;
        default:
                /* A file descriptor: nothing a snapshot carries. */
                return -EBADMSG;
        }
        if (!o)
                return -ENOMEM;
        *ret = o;
        return 0;
}
