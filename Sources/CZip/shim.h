#ifndef REEL_CZIP_SHIM_H
#define REEL_CZIP_SHIM_H

// libzip's API imports into Swift as is (its flag and method macros are plain integer literals).
#include <zip.h>

#endif
