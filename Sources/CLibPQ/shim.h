#ifndef RESTOCK_CLIBPQ_SHIM_H
#define RESTOCK_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
