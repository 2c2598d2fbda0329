#include "harness/plist/plist_reader.h"

#include <plist/plist.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "harness/core/base64.h"
#include "harness/core/file_reader.h"

namespace harness {
namespace {

struct PlistDeleter {
  void operator()(void* node) const { plist_free(static_cast<plist_t>(node)); }
};
using PlistPtr = std::unique_ptr<void, PlistDeleter>;

// Nesting deeper than this is refused: launchd plists are three levels deep, and libplist's
// own recursion would otherwise be the limit.
constexpr int kMaxDepth = 128;


Result<nlohmann::json> toJson(plist_t node, int depth) {
  if (depth > kMaxDepth) return Error{ErrorCode::TooLarge, "plist nesting deeper than " + std::to_string(kMaxDepth), ""};
  switch (plist_get_node_type(node)) {
    case PLIST_DICT: {
      nlohmann::json obj = nlohmann::json::object();
      plist_dict_iter it = nullptr;
      plist_dict_new_iter(node, &it);
      std::unique_ptr<void, decltype(&std::free)> iterGuard(it, &std::free);
      while (true) {
        char* key = nullptr;
        plist_t value = nullptr;
        plist_dict_next_item(node, it, &key, &value);
        if (!value) {
          std::free(key);
          break;
        }
        std::string k = key ? key : "";
        std::free(key);
        auto child = toJson(value, depth + 1);
        if (!child) return child.error();
        obj[k] = std::move(*child);
      }
      return obj;
    }
    case PLIST_ARRAY: {
      nlohmann::json arr = nlohmann::json::array();
      uint32_t n = plist_array_get_size(node);
      for (uint32_t i = 0; i < n; ++i) {
        auto child = toJson(plist_array_get_item(node, i), depth + 1);
        if (!child) return child.error();
        arr.push_back(std::move(*child));
      }
      return arr;
    }
    case PLIST_STRING:
    case PLIST_KEY: {
      char* s = nullptr;
      if (plist_get_node_type(node) == PLIST_STRING) plist_get_string_val(node, &s);
      else plist_get_key_val(node, &s);
      std::string out = s ? s : "";
      std::free(s);
      return nlohmann::json(out);
    }
    case PLIST_BOOLEAN: {
      uint8_t b = 0;
      plist_get_bool_val(node, &b);
      return nlohmann::json(b != 0);
    }
    case PLIST_UINT: {
      // libplist 2.2 stores integers as uint64 with a length of 16 bytes for unsigned
      // values above INT64_MAX; reading as uint64 and reinterpreting keeps negatives.
      uint64_t v = 0;
      plist_get_uint_val(node, &v);
      return nlohmann::json(static_cast<int64_t>(v));
    }
    case PLIST_REAL: {
      double d = 0;
      plist_get_real_val(node, &d);
      return nlohmann::json(d);
    }
    case PLIST_DATE: {
      int32_t sec = 0, usec = 0;
      plist_get_date_val(node, &sec, &usec);
      // Plist dates count from 2001-01-01T00:00:00Z.
      std::time_t t = static_cast<std::time_t>(sec) + 978307200;
      std::tm tm{};
      gmtime_r(&t, &tm);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
      return nlohmann::json(std::string(buf));
    }
    case PLIST_DATA: {
      char* data = nullptr;
      uint64_t len = 0;
      plist_get_data_val(node, &data, &len);
      std::string b64 = encodeBase64(std::string_view(data ? data : "", data ? len : 0));
      std::free(data);
      return nlohmann::json{{"$data", b64}};
    }
    case PLIST_UID: {
      uint64_t v = 0;
      plist_get_uid_val(node, &v);
      return nlohmann::json{{"$uid", v}};
    }
    default:
      return Error{ErrorCode::InvalidInput, "unsupported plist node type", ""};
  }
}

plist_t fromJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      if (j.size() == 1 && j.contains("$data") && j["$data"].is_string()) {
        // Data the harness wrote itself; anything undecodable becomes empty data.
        const std::string out = decodeBase64(j["$data"].get_ref<const std::string&>()).value_or("");
        return plist_new_data(out.data(), out.size());
      }
      plist_t dict = plist_new_dict();
      for (auto it = j.begin(); it != j.end(); ++it) plist_dict_set_item(dict, it.key().c_str(), fromJson(it.value()));
      return dict;
    }
    case nlohmann::json::value_t::array: {
      plist_t arr = plist_new_array();
      for (const auto& v : j) plist_array_append_item(arr, fromJson(v));
      return arr;
    }
    case nlohmann::json::value_t::string: return plist_new_string(j.get_ref<const std::string&>().c_str());
    case nlohmann::json::value_t::boolean: return plist_new_bool(j.get<bool>() ? 1 : 0);
    case nlohmann::json::value_t::number_integer: return plist_new_uint(static_cast<uint64_t>(j.get<int64_t>()));
    case nlohmann::json::value_t::number_unsigned: return plist_new_uint(j.get<uint64_t>());
    case nlohmann::json::value_t::number_float: return plist_new_real(j.get<double>());
    default: return plist_new_string("");
  }
}

}  // namespace

const char* toString(PlistFormat format) {
  switch (format) {
    case PlistFormat::Xml: return "xml";
    case PlistFormat::Binary: return "binary";
    case PlistFormat::Json: return "json";
    case PlistFormat::Unknown: return "unknown";
  }
  return "unknown";
}

PlistFormat detectPlistFormat(std::string_view bytes) {
  if (bytes.substr(0, 8) == "bplist00") return PlistFormat::Binary;
  size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) ++i;
  if (i < bytes.size() && bytes[i] == '<') return PlistFormat::Xml;
  if (i < bytes.size() && (bytes[i] == '{' || bytes[i] == '[')) return PlistFormat::Json;
  return PlistFormat::Unknown;
}

Result<ParsedPlist> parsePlist(std::string_view bytes) {
  if (bytes.empty()) return Error{ErrorCode::InvalidInput, "empty file, not a property list", ""};
  if (bytes.size() > UINT32_MAX) return Error{ErrorCode::TooLarge, "property list too large", ""};
  ParsedPlist parsed;
  parsed.format = detectPlistFormat(bytes);
  plist_t root = nullptr;
  switch (parsed.format) {
    case PlistFormat::Binary:
      plist_from_bin(bytes.data(), static_cast<uint32_t>(bytes.size()), &root);
      break;
    case PlistFormat::Xml:
      plist_from_xml(bytes.data(), static_cast<uint32_t>(bytes.size()), &root);
      break;
    default:
      return Error{ErrorCode::InvalidInput, "not a property list (neither XML nor binary)", ""};
  }
  PlistPtr guard(root);
  if (!root) {
    return Error{ErrorCode::InvalidInput,
                 std::string("malformed ") + toString(parsed.format) + " property list", ""};
  }
  auto json = toJson(root, 0);
  if (!json) return json.error();
  parsed.root = std::move(*json);
  return parsed;
}

Result<ParsedPlist> readPlistFile(const std::filesystem::path& path) {
  auto bytes = readFileLimited(path);
  if (!bytes) return bytes.error();
  auto parsed = parsePlist(*bytes);
  if (!parsed) {
    Error e = parsed.error();
    e.context = path.string();
    return e;
  }
  return parsed;
}

std::string toXmlPlist(const nlohmann::json& root) {
  PlistPtr node(fromJson(root));
  char* xml = nullptr;
  uint32_t len = 0;
  plist_to_xml(static_cast<plist_t>(node.get()), &xml, &len);
  std::string out(xml ? xml : "", len);
  plist_to_xml_free(xml);
  return out;
}

std::string toBinaryPlist(const nlohmann::json& root) {
  PlistPtr node(fromJson(root));
  char* bin = nullptr;
  uint32_t len = 0;
  plist_to_bin(static_cast<plist_t>(node.get()), &bin, &len);
  std::string out(bin ? bin : "", len);
  plist_to_bin_free(bin);
  return out;
}

}  // namespace harness
