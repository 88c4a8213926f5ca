/* A loader of kind scorecard with a load function: reserved, so the host refuses the plugin. */
#include "scrutiny_plugin.h"

static int load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
{
    (void)ud; (void)in; (void)path; (void)data; (void)len;
    return 0;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "bad-kind", "0.1" };

int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
int sc_plugin_register(const sc_host_api *api, sc_plugin *p)
{
    static const char *const ext[] = { ".bad", NULL };
    sc_loader_def def = { "bad-kind", ext, NULL, load, NULL };
    return api->register_loader_kind(p, &def, SC_LOADER_SCORECARD);
}
