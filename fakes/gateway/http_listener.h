#pragma once

// One cpp-httplib server bound to host:port and served on its own thread. Shared by the health
// server (port B) and the browser-control listener (B+2); routes are registered by their owners
// through server() before start(). httplib stays out of this header.
//
// Unlike httplib's defaults the socket gets SO_REUSEADDR only, never SO_REUSEPORT: with
// SO_REUSEPORT a second gateway could bind the same port, and "port already in use" is exactly
// what the fake must reproduce.

#include <cstdint>
#include <memory>
#include <string>

#include "harness/core/result.h"

namespace httplib {
class Server;
}

namespace fakes::gateway {

class HttpListener {
 public:
  HttpListener();
  ~HttpListener();  // stops
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  httplib::Server& server();

  // Binds without serving yet. Errors: Io "port <p> is already in use" (or another bind failure).
  harness::Status bind(const std::string& host, uint16_t port);
  // Serves on a thread; returns once the accept loop runs (so stop() cannot miss it).
  harness::Status start();
  // Closes the listening socket and joins the thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakes::gateway
