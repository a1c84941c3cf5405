#ifndef CLIBEDIT_SHIMS_H
#define CLIBEDIT_SHIMS_H
#include <histedit.h>
#endif
