#pragma once

// /proc figures of a process for load tests: open descriptors and resident memory, read
// before, during and after a load to prove nothing leaks. Linux only, like the CI.

#include <sys/types.h>

#include <string>

namespace harness::testing {

// Entries in /proc/PID/fd; -1 when the process is gone or unreadable.
int openDescriptorCount(pid_t pid);
// VmRSS from /proc/PID/status in KiB; -1 when unavailable.
long residentKib(pid_t pid);
// "1234 KiB" / "12.3 MiB", for the figures the tests print.
std::string formatKib(long kib);

}  // namespace harness::testing
