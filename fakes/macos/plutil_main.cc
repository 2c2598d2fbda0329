// plutil: the subset of macOS /usr/bin/plutil that OpenClaw uses (facts/launchctl.md §4),
// over harness_plist (libplist), so it accepts exactly what the harness's plist checks accept.
//
//   plutil -convert xml1|binary1|json [-r] [-o OUT] [--] FILE...   (FILE/OUT may be "-")
//   plutil -extract KEYPATH raw|json|xml1|binary1 [-n] [-o OUT] [--] FILE
//   plutil -lint [-s] [--] FILE...
//   plutil -p [--] FILE
//
// Without -o, -convert rewrites FILE in place (as plutil does). Messages and exit codes follow
// plutil: 0 on success, 1 on any error, errors on stderr as "FILE: reason".

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "harness/plist/plist_reader.h"

namespace {

constexpr const char* kUsage =
    "usage: plutil <command> <options> <file>\n"
    "  -lint [-s] [--] FILE...                      check the property list files for syntax errors\n"
    "  -convert xml1|binary1|json [-r] [-o OUT] [--] FILE...\n"
    "  -extract KEYPATH raw|json|xml1|binary1 [-n] [-o OUT] [--] FILE\n"
    "  -p [--] FILE                                 print the property list in a human-readable form\n"
    "FILE and OUT may be '-' for stdin/stdout. (fake plutil for the OpenClaw rescue harness)\n";

bool readInput(const std::string& file, std::string* bytes, std::string* error) {
  if (file == "-") {
    bytes->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *error = "file does not exist or is not readable";
    return false;
  }
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool writeOutput(const std::string& out, const std::string& data) {
  if (out == "-") {
    std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(file);
}

// JSON cannot hold data/uid values (plutil refuses dates and data too).
bool jsonCompatible(const nlohmann::json& node) {
  if (node.is_object()) {
    if (node.size() == 1 && (node.contains("$data") || node.contains("$uid"))) return false;
    for (const auto& [key, value] : node.items()) {
      if (!jsonCompatible(value)) return false;
    }
  } else if (node.is_array()) {
    for (const auto& value : node) {
      if (!jsonCompatible(value)) return false;
    }
  }
  return true;
}

std::optional<std::string> render(const nlohmann::json& root, const std::string& format, bool human,
                                  std::string* error) {
  if (format == "xml1") return harness::toXmlPlist(root);
  if (format == "binary1") return harness::toBinaryPlist(root);
  if (format == "json") {
    if (!jsonCompatible(root)) {
      *error = "invalid object in plist for destination format";
      return std::nullopt;
    }
    return human ? root.dump(2) + "\n" : root.dump();
  }
  *error = "Unknown format specifier: " + format;
  return std::nullopt;
}

const nlohmann::json* lookup(const nlohmann::json& root, const std::string& keyPath) {
  const nlohmann::json* node = &root;
  std::size_t begin = 0;
  while (true) {
    const auto dot = keyPath.find('.', begin);
    const std::string key = keyPath.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
    if (node->is_object()) {
      auto it = node->find(key);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos) return nullptr;
      const auto index = std::stoul(key);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) return node;
    begin = dot + 1;
  }
}

int fail(const std::string& file, const std::string& reason) {
  std::cerr << file << ": " << reason << "\n";
  return 1;
}

struct Options {
  std::string command;  // lint | convert | extract | p
  std::string format;
  std::string keyPath;
  std::optional<std::string> output;
  bool silent = false;
  bool human = false;
  bool noNewline = false;
  std::vector<std::string> files;
};

int run(const Options& o) {
  if (o.files.empty()) {
    std::cerr << "No files specified.\n" << kUsage;
    return 1;
  }
  int status = 0;
  for (const auto& file : o.files) {
    std::string bytes, error;
    if (!readInput(file, &bytes, &error)) {
      status = fail(file, error);
      continue;
    }
    auto parsed = harness::parsePlist(bytes);
    if (!parsed) {
      status = fail(file, "Property List error: " + parsed.error().message);
      continue;
    }
    if (o.command == "lint") {
      if (!o.silent) std::cout << file << ": OK\n";
      continue;
    }
    if (o.command == "p") {
      std::cout << parsed->root.dump(2) << "\n";
      continue;
    }
    if (o.command == "convert") {
      auto out = render(parsed->root, o.format, o.human, &error);
      if (!out) return fail(file, error);
      if (!writeOutput(o.output.value_or(file), *out)) status = fail(o.output.value_or(file), "cannot write output");
      continue;
    }
    // extract
    const nlohmann::json* node = lookup(parsed->root, o.keyPath);
    if (!node) return fail(file, "Could not extract value, error: No value at that key path or invalid key path: " + o.keyPath);
    std::string out;
    if (o.format == "raw") {
      if (node->is_string()) out = node->get<std::string>();
      else if (node->is_boolean()) out = node->get<bool>() ? "true" : "false";
      else if (node->is_number()) out = node->dump();
      else if (node->is_object() && node->contains("$data") && (*node)["$data"].is_string()) out = (*node)["$data"].get<std::string>();
      else if (node->is_array()) out = std::to_string(node->size());
      else return fail(file, "Could not extract value, error: Value at [" + o.keyPath + "] is a dictionary type");
      if (!o.noNewline) out += "\n";
    } else {
      auto rendered = render(*node, o.format, o.human, &error);
      if (!rendered) return fail(file, error);
      out = *rendered;
      if (o.format == "json" && !o.noNewline) out += "\n";
    }
    if (!writeOutput(o.output.value_or("-"), out)) return fail(o.output.value_or("-"), "cannot write output");
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Options o;
  bool filesOnly = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&](const char* what) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "Missing argument for " << what << ".\n" << kUsage;
        return std::nullopt;
      }
      return args[++i];
    };
    if (filesOnly || a == "-" || a.empty() || a[0] != '-') {
      o.files.push_back(a);
    } else if (a == "--") {
      filesOnly = true;
    } else if (a == "-help" || a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "-lint") {
      o.command = "lint";
    } else if (a == "-p") {
      o.command = "p";
    } else if (a == "-convert") {
      o.command = "convert";
      auto f = next("-convert");
      if (!f) return 1;
      o.format = *f;
    } else if (a == "-extract") {
      o.command = "extract";
      auto k = next("-extract");
      if (!k) return 1;
      auto f = next("-extract");
      if (!f) return 1;
      o.keyPath = *k;
      o.format = *f;
    } else if (a == "-o") {
      auto out = next("-o");
      if (!out) return 1;
      o.output = *out;
    } else if (a == "-s") {
      o.silent = true;
    } else if (a == "-r") {
      o.human = true;
    } else if (a == "-n") {
      o.noNewline = true;
    } else {
      std::cerr << "unrecognized option: " << a << "\n" << kUsage;
      return 1;
    }
  }
  if (o.command.empty()) {
    std::cerr << "No command specified.\n" << kUsage;
    return 1;
  }
  if (o.command == "convert" && o.format != "xml1" && o.format != "binary1" && o.format != "json") {
    std::cerr << "Unknown format specifier: " << o.format << "\n" << kUsage;
    return 1;
  }
  if (o.command == "extract" && o.format != "raw" && o.format != "xml1" && o.format != "binary1" && o.format != "json") {
    std::cerr << "Unknown format specifier: " << o.format << "\n" << kUsage;
    return 1;
  }
  return run(o);
}
