/* A plugin built for a future major version of the ABI: the host must refuse it. */
#include "scrutiny_plugin.h"

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR + 98, 0, "from-the-future", "9.0" };

int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
int sc_plugin_register(const sc_host_api *api, sc_plugin *p)
{
    (void)api;
    (void)p;
    return 0;
}
