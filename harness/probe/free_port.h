#pragma once

// Free loopback ports for services that must be told a port up front (a gateway config's
// gateway.port). Servers the harness owns bind port 0 instead and report what they got.
// Throws std::runtime_error when no port can be found (the machine is out of ports).

#include <cstdint>
#include <vector>

namespace harness {

// A port nobody listens on right now (bind 127.0.0.1:0, read it back, close).
uint16_t pickFreePort();

// A base port B such that [B, B + span] is free on 127.0.0.1, for gateways whose derived
// ports (B+2, B+11 … B+110) must not collide with anything. `avoid` lists bases already
// handed out in this process so two instances get disjoint footprints.
uint16_t pickFreePortRange(uint16_t span, const std::vector<uint16_t>& avoid = {});

}  // namespace harness
