// suture-client fleet: the reliability harness (fleet.cc). Prints, per fault
// kind, how many simulated devices converged to the verified patch, to the
// clean base, or neither, and the time to converge.
#ifndef SUTURE_CLIENT_SRC_FLEET_H_
#define SUTURE_CLIENT_SRC_FLEET_H_

#include <cstdint>
#include <string>
#include <vector>

namespace suture::client {

struct FleetOptions {
  std::string self;  // path of suture-client (children run its sync/launch)
  std::string server, app, app_key, base, release_pubkey, server_pubkey, worker;
  std::string state_root;
  int devices = 100, parallel = 4, rounds = 10;
  uint32_t seed = 1;
  // none worker-kill host-kill crash-at-launch net-cut server-5xx stall disk-full
  std::vector<std::string> faults;
};

// Exit status: 0 when every device converged to its expected end state and
// none is half-patched; SUTURE_E_FAILED_PRECONDITION otherwise.
int FleetMain(const FleetOptions& options);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_FLEET_H_
