// Cost of the JSON5 reader that every static check starts with:
//   BM_ParseTypicalConfig: a 5 KB generated config with 36 agents and comments, as
//                          `openclaw` writes after a few `agents add`.
//   BM_ParseLongString:    one 2 MiB string value, the shape that would expose a quadratic
//                          string append.
// The unit tests hold what the reader must accept; how fast it does it is measured here, not
// asserted, so that a loaded CI machine cannot move a test's verdict.
#include <benchmark/benchmark.h>

#include <string>

#include "harness/config/json5.h"

namespace {

std::string typicalConfig() {
  std::string text = "{\n  // generated\n  agents: {\n    list: [\n";
  for (int i = 0; i < 36; ++i) {
    text += "      { id: 'agent" + std::to_string(i) + "', workspace: '~/.openclaw/workspace-" + std::to_string(i) +
            "', subagents: { allowAgents: ['*'] }, maxTokens: 4096, },\n";
  }
  text += "    ],\n  },\n  gateway: { port: 18789, auth: { mode: 'token', token: 'abcdef' } },\n}\n";
  return text;
}

void BM_ParseTypicalConfig(benchmark::State& state) {
  const std::string text = typicalConfig();
  for (auto _ : state) {
    auto parsed = harness::parseJson5(text);
    if (!parsed) state.SkipWithError("the typical config did not parse");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseTypicalConfig);

void BM_ParseLongString(benchmark::State& state) {
  harness::Json5Options options;
  options.maxStringBytes = 4u << 20;
  const std::string text = "{a: '" + std::string(2 << 20, 'x') + "'}";
  for (auto _ : state) {
    auto parsed = harness::parseJson5(text, options);
    if (!parsed) state.SkipWithError("the long string did not parse");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseLongString)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
