// Google Benchmark of the live and disruptive checks' costs against a running FakeStack:
//   BM_LiveSnapshotAndChecks/openclaw:0|1  one --live round (collect + checks), without and
//                                          with the openclaw CLI calls
//   BM_ObserveServingGateway               what the disruptive hold does every poll: launchctl
//                                          print + /healthz + /readyz of the watched gateway
//   BM_NoticeClosedPort                    the same observation once the gateway's port is
//                                          closed (job booted out): how long noticing takes
// The hold polls every DisruptiveOptions::pollInterval (50 ms), so the time from a port
// closing to the check noticing is at most pollInterval + BM_NoticeClosedPort.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "harness/checks/host_snapshot.h"
#include "harness/live/live_checks.h"
#include "harness/live/live_snapshot.h"
#include "harness/live/port_owner.h"
#include "harness/probe/http_probe.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

struct Stack {
  testing::ScopedTempDir tmp{"live-bench"};
  std::unique_ptr<FakeStack> stack;
  Stack() {
    auto binaries = FakeStackBinaries::locate();
    if (!binaries) {
      std::cerr << binaries.error().describe() << "\n";
      std::exit(2);
    }
    auto started = FakeStack::start(*binaries, FakeStackOptions{.dir = tmp.path()});
    if (!started || !(*started)->waitUntilServing(std::chrono::seconds(30))) {
      std::cerr << "fake stack did not come up\n";
      std::exit(2);
    }
    stack = std::move(*started);
  }
};

Stack& stack() {
  static Stack s;
  return s;
}

void BM_LiveSnapshotAndChecks(benchmark::State& state) {
  FakeStack& s = *stack().stack;
  auto ports = makeDefaultPortOwnerLookup();
  const HostSnapshot host = loadHostSnapshot(s.spec(), {{"HOME", s.home().string()}});
  const LiveExpectations expected = liveExpectations(host);
  const bool withCli = state.range(0) != 0;
  LiveProbes probes{s.launchd(), *ports, withCli ? &s.openclaw() : nullptr, withCli ? "" : "not measured", ""};
  for (auto _ : state) {
    auto snapshot = collectLiveSnapshot(s.spec(), probes, expected, LiveCollectOptions{});
    auto results = runLiveChecks(snapshot);
    benchmark::DoNotOptimize(results);
  }
}
BENCHMARK(BM_LiveSnapshotAndChecks)->Arg(0)->Arg(1)->ArgName("openclaw")->Unit(benchmark::kMillisecond);

void observe(FakeStack& s, const InstanceSpec& instance, benchmark::State& state, bool expectServing) {
  auto job = s.launchd().print(instance.label);
  const GatewayHealth health =
      probeGatewayHealth(HttpTarget{.port = instance.port, .timeout = std::chrono::milliseconds(1000)});
  const bool serving = job && job->running() && health.ready;
  if (serving != expectServing) state.SkipWithError("gateway not in the expected state");
}

void BM_ObserveServingGateway(benchmark::State& state) {
  FakeStack& s = *stack().stack;
  for (auto _ : state) observe(s, s.spec().rescue, state, true);
}
BENCHMARK(BM_ObserveServingGateway)->Unit(benchmark::kMillisecond);

void BM_NoticeClosedPort(benchmark::State& state) {
  FakeStack& s = *stack().stack;
  if (!s.launchd().bootout(s.spec().main.label)) state.SkipWithError("bootout failed");
  for (auto _ : state) observe(s, s.spec().main, state, false);
  (void)s.launchd().bootstrap(s.spec().main.plistPath);
}
BENCHMARK(BM_NoticeClosedPort)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace harness

BENCHMARK_MAIN();
