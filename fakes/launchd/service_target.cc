#include "fakes/launchd/service_target.h"

#include <charconv>

namespace fakes::launchd {
namespace {

std::optional<unsigned> parseUid(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  unsigned v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string ServiceTarget::domain() const {
  switch (kind) {
    case Kind::Gui: return "gui/" + std::to_string(uid);
    case Kind::User: return "user/" + std::to_string(uid);
    case Kind::System: return "system";
  }
  return "system";
}

std::string ServiceTarget::domainDescription() const {
  switch (kind) {
    case Kind::Gui: return "user gui: " + std::to_string(uid);
    case Kind::User: return "user: " + std::to_string(uid);
    case Kind::System: return "system";
  }
  return "system";
}

std::string ServiceTarget::toString() const { return label.empty() ? domain() : domain() + "/" + label; }

std::optional<ServiceTarget> parseServiceTarget(std::string_view text) {
  ServiceTarget t;
  std::string_view rest;
  if (text == "system") {
    t.kind = ServiceTarget::Kind::System;
    return t;
  }
  if (text.rfind("system/", 0) == 0) {
    t.kind = ServiceTarget::Kind::System;
    t.label = std::string(text.substr(7));
    if (t.label.empty()) return std::nullopt;
    return t;
  }
  if (text.rfind("gui/", 0) == 0) {
    t.kind = ServiceTarget::Kind::Gui;
    rest = text.substr(4);
  } else if (text.rfind("user/", 0) == 0) {
    t.kind = ServiceTarget::Kind::User;
    rest = text.substr(5);
  } else {
    return std::nullopt;
  }
  auto slash = rest.find('/');
  auto uid = parseUid(rest.substr(0, slash));
  if (!uid) return std::nullopt;
  t.uid = *uid;
  if (slash != std::string_view::npos) {
    t.label = std::string(rest.substr(slash + 1));
    if (t.label.empty()) return std::nullopt;
  }
  return t;
}

std::string guiDomain(unsigned uid) { return "gui/" + std::to_string(uid); }

}  // namespace fakes::launchd
