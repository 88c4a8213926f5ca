/* A plugin whose loader claims every input by sniffing but has no load function: the host must
 * refuse it (it once accepted it and then called NULL). */
#include "scrutiny_plugin.h"

static int claim_everything(const char *data, size_t len)
{
    (void)data; (void)len;
    return 100;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "no-load", "0.1" };

int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
int sc_plugin_register(const sc_host_api *api, sc_plugin *p)
{
    sc_loader_def def = { "no-load", NULL, claim_everything, NULL, NULL };
    return api->register_loader(p, &def);
}
