#ifndef RESTOCK_CSYSTEMD_SHIM_H
#define RESTOCK_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#endif
