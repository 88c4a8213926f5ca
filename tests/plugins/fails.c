/* A plugin that registers a sink, then fails: the host must undo the sink and carry on. */
#include "scrutiny_plugin.h"

static int write_nothing(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud; (void)out; (void)f;
    return 0;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "fails", "0.1" };

int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
int sc_plugin_register(const sc_host_api *api, sc_plugin *p)
{
    sc_sink_def def = { "half-registered", NULL, write_nothing, NULL, NULL };
    api->register_sink(p, &def);
    api->report(NULL, SC_DIAG_ERROR, 0, 0, "fails: giving up on purpose");
    return -1;
}
