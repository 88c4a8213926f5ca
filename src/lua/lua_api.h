/*
 * lua_api.h — the LuaLS annotations of what rule files see (rules/types/scrutiny.d.lua), written
 * from the binding tables: `scrutiny-run --dump-api`, `make api`.
 */
#ifndef SC_LUA_API_H
#define SC_LUA_API_H

#include <stdio.h>

/* Writes the annotation file to `out` (borrowed). Returns 0, or -1 when writing failed. */
int lapi_write_luals(FILE *out);

#endif
