#pragma once

// Text helpers shared by the reporters (internal to harness/report).
//
// Check messages, evidence and remediation come from files on the host, so they may hold
// anything: terminal escape sequences, NUL bytes, invalid UTF-8. These helpers turn such
// text into something each output format can carry safely. None of them throws.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/checks/check_result.h"

namespace harness {

// Checks grouped by CheckResult::area, areas in order of first appearance, checks in their
// given order within an area. The pointers point into `results`.
using AreaGroups = std::vector<std::pair<std::string, std::vector<const CheckResult*>>>;
AreaGroups groupByArea(const std::vector<CheckResult>& results);

// Replaces every byte that is not part of a well-formed UTF-8 sequence (stray continuation
// bytes, truncated sequences, overlong forms, surrogates, > U+10FFFF) with U+FFFD.
std::string toValidUtf8(std::string_view text);

// toValidUtf8(), then makes control characters visible instead of letting them act:
// C0 controls and DEL become "\xNN", C1 controls (U+0080..U+009F) become "\u00NN", and the
// noncharacters U+FFFE / U+FFFF become U+FFFD. Tab is kept, and so is '\n' when
// `keepNewlines` is true. The result is valid UTF-8, holds no ESC byte and only characters
// that XML 1.0 allows.
std::string escapeControls(std::string_view text, bool keepNewlines);

// escapeControls() then XML escaping of & < > " '. In attribute values (`attribute` true)
// newlines and tabs become &#10; / &#9; so parsers do not normalise them to spaces; in
// element content newlines are kept.
std::string escapeXml(std::string_view text, bool attribute);

// "12.346": fixed-point with `precision` decimals, independent of the global locale.
// Negative, NaN and infinite values print as 0.
std::string formatFixed(double value, int precision);

}  // namespace harness
