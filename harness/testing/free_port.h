#pragma once

// Free loopback ports for tests: the probe library's, under the test-support namespace.

#include "harness/probe/free_port.h"

namespace harness::testing {

using harness::pickFreePort;
using harness::pickFreePortRange;

}  // namespace harness::testing
