#include "tests/unit/checks/check_test_support.h"
