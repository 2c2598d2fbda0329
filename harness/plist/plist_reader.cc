#include "harness/plist/plist_reader.h"

#include <plist/plist.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

// Strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF), the rule
// nlohmann::json applies when it dumps: a binary plist's ASCII/UTF-16 strings and an XML
// plist's text reach us as bytes that libplist does not check, and one invalid byte would
// otherwise make every later dump() of the tree throw (found by tests/fuzz/fuzz_plist).
bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Big-endian unsigned integer of `width` bytes at `at`; nullopt when out of range or too wide.
std::optional<uint64_t> readBigEndian(std::string_view bytes, uint64_t at, uint64_t width) {
  if (width == 0 || width > 8 || at > bytes.size() || width > bytes.size() - at) return std::nullopt;
  uint64_t v = 0;
  for (uint64_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

// Why a binary plist is refused before libplist reads it, or nullopt. libplist 2.2 aborts the
// whole process (assert length == strlen) when an ASCII or UTF-16 string object holding a NUL
// is read as a dictionary key, and silently truncates one elsewhere (found by
// tests/fuzz/fuzz_plist). The scan reads each string object once; offset tables that make it
// read more than twice the file (overlapping strings, only in forged files) are refused too, so
// the scan stays linear. What it cannot make sense of is left to libplist, which reports it.
std::optional<std::string> unsafeBinaryPlist(std::string_view bytes) {
  constexpr uint64_t kTrailer = 32;
  if (bytes.size() < 8 + kTrailer) return std::nullopt;
  const uint64_t t = bytes.size() - kTrailer;
  const uint64_t offsetSize = static_cast<unsigned char>(bytes[t + 6]);
  const auto count = readBigEndian(bytes, t + 8, 8);
  const auto table = readBigEndian(bytes, t + 24, 8);
  if (!count || !table || offsetSize == 0 || offsetSize > 8 || *count > bytes.size()) return std::nullopt;
  uint64_t budget = 2 * static_cast<uint64_t>(bytes.size());
  for (uint64_t i = 0; i < *count; ++i) {
    const auto offset = readBigEndian(bytes, *table + i * offsetSize, offsetSize);
    if (!offset || *offset >= t) continue;
    const auto marker = static_cast<unsigned char>(bytes[*offset]);
    const unsigned kind = marker >> 4;
    if (kind != 0x5 && kind != 0x6) continue;  // 0x5 ASCII, 0x6 UTF-16 big-endian
    uint64_t length = marker & 0x0F;
    uint64_t start = *offset + 1;
    if (length == 0x0F) {  // the length follows as an integer object 0x1N of 2^N bytes
      if (start >= t) continue;
      const auto intMarker = static_cast<unsigned char>(bytes[start]);
      if ((intMarker >> 4) != 0x1 || (intMarker & 0x0F) > 3) continue;
      const uint64_t width = uint64_t{1} << (intMarker & 0x0F);
      const auto n = readBigEndian(bytes, start + 1, width);
      if (!n) continue;
      length = *n;
      start += 1 + width;
    }
    const uint64_t unit = kind == 0x5 ? 1 : 2;
    if (start > t || length > (t - start) / unit) continue;
    if (length > budget) return "binary property list whose strings overlap";
    budget -= length;
    for (uint64_t k = 0; k < length; ++k) {
      const uint64_t at = start + k * unit;
      if (bytes[at] == '\0' && (unit == 1 || bytes[at + 1] == '\0')) {
        return "binary property list with a NUL character in a string";
      }
    }
  }
  return std::nullopt;
}

Error notUtf8(std::string_view what) {
  return Error{ErrorCode::InvalidInput, std::string(what) + " is not valid UTF-8", ""};
}


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
        if (!isValidUtf8(k)) return notUtf8("a dictionary key");
        auto child = toJson(value, depth + 1);
        if (!child) return child.error();
        obj[k] = std::move(*child);
      }
      return obj;
    }
    case PLIST_ARRAY: {
      // The iterator, not plist_array_get_item(i): for arrays read from a binary plist that
      // walks a linked list from the start each time, and 200000 ProgramArguments took minutes
      // (found by tests/unit/hardening/plist_corpus_test.cc).
      nlohmann::json arr = nlohmann::json::array();
      plist_array_iter it = nullptr;
      plist_array_new_iter(node, &it);
      std::unique_ptr<void, decltype(&std::free)> iterGuard(it, &std::free);
      while (true) {
        plist_t item = nullptr;
        plist_array_next_item(node, it, &item);
        if (!item) break;
        auto child = toJson(item, depth + 1);
        if (!child) return child.error();
        arr.push_back(std::move(*child));
      }
      return arr;
    }
    case PLIST_STRING:
    case PLIST_KEY: {
      std::string out;
      if (plist_get_node_type(node) == PLIST_STRING) {
        // The pointer form does not assert on an embedded NUL (parsePlist refuses those first;
        // this is the second line of defence).
        uint64_t length = 0;
        const char* p = plist_get_string_ptr(node, &length);
        if (p) out.assign(p, length);
        if (out.find('\0') != std::string::npos) return Error{ErrorCode::InvalidInput, "a string holds a NUL character", ""};
      } else {
        char* s = nullptr;
        plist_get_key_val(node, &s);
        out = s ? s : "";
        std::free(s);
      }
      if (!isValidUtf8(out)) return notUtf8("a string");
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
      if (auto reason = unsafeBinaryPlist(bytes)) return Error{ErrorCode::InvalidInput, *reason, ""};
      plist_from_bin(bytes.data(), static_cast<uint32_t>(bytes.size()), &root);
      break;
    case PlistFormat::Xml:
      // XML forbids U+0000, yet libplist 2.2 keeps a raw NUL byte in a string or key and then
      // aborts the process reading it (assert length == strlen; found by fuzz_plist).
      if (bytes.find('\0') != std::string_view::npos) {
        return Error{ErrorCode::InvalidInput, "XML property list with a NUL byte", ""};
      }
      // libplist reads a document cut off before its closing tag as if it were whole; launchd
      // and plutil refuse it, so a truncated plist must not pass (found by the hardening corpus).
      if (const auto end = bytes.find_last_not_of(" \t\r\n");
          end == std::string_view::npos || !bytes.substr(0, end + 1).ends_with("</plist>")) {
        return Error{ErrorCode::InvalidInput, "XML property list without its closing </plist> (truncated?)", ""};
      }
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
