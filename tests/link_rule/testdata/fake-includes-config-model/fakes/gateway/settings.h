#pragma once
// A fake reading configs with the harness's own model: what the fakes config rule refuses.
#include "harness/config/json5.h"
  #  include "harness/config/openclaw_config.h"
