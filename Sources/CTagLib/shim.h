#pragma once
// TagLib's C++ headers (pkg-config taglib): only CTagLibBridge, a C++ target, includes them; Swift sees
// TagLib through the bridge's plain C functions (CTagLibBridge.h).
#include <fileref.h>
