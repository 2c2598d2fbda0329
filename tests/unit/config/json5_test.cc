#include "harness/config/json5.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "harness/config/key_path.h"

namespace harness {
namespace {

using nlohmann::json;

json parseOk(std::string_view text, const Json5Options& options = {}) {
  auto result = parseJson5(text, options);
  EXPECT_TRUE(result) << "input: " << text << "\nerror: " << (result ? "" : result.error().describe());
  if (!result) return json();
  return result->value;
}

Error parseError(std::string_view text, const Json5Options& options = {}) {
  auto result = parseJson5(text, options);
  EXPECT_FALSE(result) << "input unexpectedly parsed: " << text;
  if (result) return Error{};
  return result.error();
}

// "line L, column C: ..." prefix check plus a fragment of the explanation.
void expectErrorAt(std::string_view text, size_t line, size_t column, std::string_view what,
                   ErrorCode code = ErrorCode::InvalidInput) {
  SCOPED_TRACE(std::string("input: ") + std::string(text));
  Error error = parseError(text);
  EXPECT_EQ(error.code, code) << error.message;
  const std::string prefix = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
  EXPECT_EQ(error.message.rfind(prefix, 0), 0u) << error.message;
  EXPECT_NE(error.message.find(what), std::string::npos) << error.message;
  EXPECT_TRUE(error.context.empty());
}

// ---- Plain JSON -------------------------------------------------------------------------

TEST(Json5, ParsesPlainJson) {
  json v = parseOk(R"({"a": 1, "b": [true, false, null], "c": {"d": "e"}, "f": -2.5})");
  EXPECT_EQ(v["a"], 1);
  EXPECT_EQ(v["b"], json::array({true, false, nullptr}));
  EXPECT_EQ(v["c"]["d"], "e");
  EXPECT_DOUBLE_EQ(v["f"].get<double>(), -2.5);
}

TEST(Json5, ScalarRootsAreAllowed) {
  EXPECT_EQ(parseOk("42"), 42);
  EXPECT_EQ(parseOk("'x'"), "x");
  EXPECT_EQ(parseOk("null"), nullptr);
  EXPECT_EQ(parseOk("[]"), json::array());
  EXPECT_EQ(parseOk("{}"), json::object());
}

// ---- Comments and whitespace ---------------------------------------------------------------

TEST(Json5, LineAndBlockComments) {
  json v = parseOk(R"(// leading
{
  /* block
     comment */ a: 1, // trailing
  b /* between key and colon */ : /* and value */ 2,
  c: [1, /* in array */ 2] // no newline at end)"
                   "\n}// final comment without newline");
  EXPECT_EQ(v["a"], 1);
  EXPECT_EQ(v["b"], 2);
  EXPECT_EQ(v["c"], json::array({1, 2}));
}

TEST(Json5, CommentMarkersInsideStringsAreText) {
  json v = parseOk(R"({url: "http://example.com/*x*/", s: '// not a comment'})");
  EXPECT_EQ(v["url"], "http://example.com/*x*/");
  EXPECT_EQ(v["s"], "// not a comment");
}

TEST(Json5, UnicodeWhitespaceAndBom) {
  // BOM, NBSP, vertical tab, form feed, line separator, ideographic space.
  json v = parseOk("\xEF\xBB\xBF{\xC2\xA0" "a\v:\f1,\xE2\x80\xA8" "b:\xE3\x80\x80" "2}");
  EXPECT_EQ(v["a"], 1);
  EXPECT_EQ(v["b"], 2);
}

// ---- Trailing commas, keys -----------------------------------------------------------------

TEST(Json5, TrailingCommas) {
  json v = parseOk("{a: [1, 2, ], b: {c: 1,},}");
  EXPECT_EQ(v["a"], json::array({1, 2}));
  EXPECT_EQ(v["b"]["c"], 1);
}

TEST(Json5, LoneOrDoubleCommasAreErrors) {
  expectErrorAt("[,]", 1, 2, "unexpected ','");
  expectErrorAt("{,}", 1, 2, "expected a key");
  expectErrorAt("[1,,2]", 1, 4, "unexpected ','");
  expectErrorAt("{a:1,,}", 1, 6, "expected a key");
}

TEST(Json5, UnquotedIdentifierKeys) {
  json v = parseOk("{abc: 1, _x: 2, $y: 3, a1_$: 4, null: 5, true: 6, Infinity: 7}");
  EXPECT_EQ(v["abc"], 1);
  EXPECT_EQ(v["_x"], 2);
  EXPECT_EQ(v["$y"], 3);
  EXPECT_EQ(v["a1_$"], 4);
  EXPECT_EQ(v["null"], 5);
  EXPECT_EQ(v["true"], 6);
  EXPECT_EQ(v["Infinity"], 7);
}

TEST(Json5, UnicodeEscapesInUnquotedKeys) {
  json v = parseOk(R"({\u0061bc: 1, x\u00e9: 2})");
  EXPECT_EQ(v["abc"], 1);
  EXPECT_EQ(v["x\xC3\xA9"], 2);
}

TEST(Json5, BadUnquotedKeys) {
  expectErrorAt("{1a: 1}", 1, 2, "expected a key");
  expectErrorAt("{a-b: 1}", 1, 3, "expected ':'");
  expectErrorAt(R"({\u002d: 1})", 1, 2, "not allowed in an unquoted key");
  expectErrorAt(R"({\x41: 1})", 1, 2, "invalid escape in unquoted key");
}

TEST(Json5, QuotedKeys) {
  json v = parseOk(R"({'single': 1, "double": 2, "with space": 3, "": 4})");
  EXPECT_EQ(v["single"], 1);
  EXPECT_EQ(v["double"], 2);
  EXPECT_EQ(v["with space"], 3);
  EXPECT_EQ(v[""], 4);
}

TEST(Json5, TypographicQuoteGetsAHint) {
  Error error = parseError("{\xE2\x80\x9C" "a\xE2\x80\x9D: 1}");
  EXPECT_NE(error.message.find("U+201C"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("typographic quote"), std::string::npos) << error.message;
}

// ---- Strings -------------------------------------------------------------------------------

TEST(Json5, SingleAndDoubleQuotedStrings) {
  EXPECT_EQ(parseOk(R"('it"s')"), "it\"s");
  EXPECT_EQ(parseOk(R"("it's")"), "it's");
  EXPECT_EQ(parseOk(R"('it\'s')"), "it's");
  EXPECT_EQ(parseOk(R"("say \"hi\"")"), "say \"hi\"");
}

TEST(Json5, AllSingleCharacterEscapes) {
  json v = parseOk(R"("\'\"\\\/\b\f\n\r\t\v\0")");
  EXPECT_EQ(v.get<std::string>(), std::string("'\"\\/\b\f\n\r\t\v\0", 11));
}

TEST(Json5, IdentityEscapes) { EXPECT_EQ(parseOk(R"("\a\q\ \$")"), "aq $"); }

TEST(Json5, HexAndUnicodeEscapes) {
  EXPECT_EQ(parseOk(R"("\x41\x7a\xe9")"), "Az\xC3\xA9");
  EXPECT_EQ(parseOk(R"("\u0041\u00e9\u4e2d\uFFFF")"), "A\xC3\xA9\xE4\xB8\xAD\xEF\xBF\xBF");
  EXPECT_EQ(parseOk(R"("\x00")").get<std::string>(), std::string(1, '\0'));
}

TEST(Json5, SurrogatePairs) {
  EXPECT_EQ(parseOk(R"("\uD83D\uDE00")"), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(parseOk(R"("\uDBFF\uDFFF")"), "\xF4\x8F\xBF\xBF");  // U+10FFFF
}

TEST(Json5, UnpairedSurrogatesAreErrors) {
  expectErrorAt(R"("ab\uD800")", 1, 4, "unpaired high surrogate");
  expectErrorAt(R"("\uD800\u0041")", 1, 2, "unpaired high surrogate");
  expectErrorAt(R"("\uDC00")", 1, 2, "unpaired low surrogate");
}

TEST(Json5, LineContinuations) {
  EXPECT_EQ(parseOk("'ab\\\ncd'"), "abcd");
  EXPECT_EQ(parseOk("'ab\\\r\ncd'"), "abcd");
  EXPECT_EQ(parseOk("'ab\\\rcd'"), "abcd");
  EXPECT_EQ(parseOk("'ab\\\xE2\x80\xA8" "cd'"), "abcd");
}

TEST(Json5, RawLineSeparatorsAndTabsAreAllowedInStrings) {
  EXPECT_EQ(parseOk("'a\xE2\x80\xA8" "b'"), "a\xE2\x80\xA8" "b");
  EXPECT_EQ(parseOk("'a\tb'"), "a\tb");
}

TEST(Json5, Utf8IsPassedThrough) {
  EXPECT_EQ(parseOk("\"r\xC3\xA9sum\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80\""),
            "r\xC3\xA9sum\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
}

TEST(Json5, BadEscapes) {
  expectErrorAt(R"("\x4")", 1, 5, "expected a hex digit");
  expectErrorAt(R"("\u12g4")", 1, 6, "expected a hex digit");
  expectErrorAt(R"("\01")", 1, 2, "octal escapes");
  expectErrorAt(R"("ab\1")", 1, 4, "invalid escape");
}

// ---- Numbers -------------------------------------------------------------------------------

TEST(Json5, IntegersStayIntegers) {
  json v = parseOk("[0, 19001, -5, 9223372036854775807, -9223372036854775808, 18446744073709551615]");
  EXPECT_TRUE(v[0].is_number_integer());
  EXPECT_EQ(v[1].get<int64_t>(), 19001);
  EXPECT_FALSE(v[1].is_number_float());
  EXPECT_EQ(v[2].get<int64_t>(), -5);
  EXPECT_EQ(v[3].get<int64_t>(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(v[4].get<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(v[5].is_number_unsigned());
  EXPECT_EQ(v[5].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
}

TEST(Json5, IntegersTooBigBecomeDoubles) {
  json v = parseOk("[18446744073709551616, -9223372036854775809, 123456789012345678901234567890]");
  for (const json& x : v) EXPECT_TRUE(x.is_number_float()) << x;
  EXPECT_DOUBLE_EQ(v[0].get<double>(), 18446744073709551616.0);
  EXPECT_DOUBLE_EQ(v[1].get<double>(), -9223372036854775809.0);
}

TEST(Json5, DecimalsAndExponents) {
  json v = parseOk("[1.5, -0.25, 1e3, 1E-2, 2.5e+2, .5, 5., +1, +.5, -.5e1, 5.e1, 0.0]");
  EXPECT_DOUBLE_EQ(v[0].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(v[1].get<double>(), -0.25);
  EXPECT_DOUBLE_EQ(v[2].get<double>(), 1000);
  EXPECT_TRUE(v[2].is_number_float());
  EXPECT_DOUBLE_EQ(v[3].get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(v[4].get<double>(), 250);
  EXPECT_DOUBLE_EQ(v[5].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(v[6].get<double>(), 5);
  EXPECT_EQ(v[7].get<int64_t>(), 1);
  EXPECT_DOUBLE_EQ(v[8].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(v[9].get<double>(), -5);
  EXPECT_DOUBLE_EQ(v[10].get<double>(), 50);
  EXPECT_DOUBLE_EQ(v[11].get<double>(), 0);
}

TEST(Json5, HugeExponentsSaturate) {
  json v = parseOk("[1e400, -1e400, 1e-400]");
  EXPECT_TRUE(std::isinf(v[0].get<double>()));
  EXPECT_GT(v[0].get<double>(), 0);
  EXPECT_TRUE(std::isinf(v[1].get<double>()));
  EXPECT_LT(v[1].get<double>(), 0);
  EXPECT_DOUBLE_EQ(v[2].get<double>(), 0);
}

TEST(Json5, HexNumbers) {
  json v = parseOk("[0x1F, 0XfF, -0x10, +0xA, 0xFFFFFFFFFFFFFFFF, 0x10000000000000000]");
  EXPECT_EQ(v[0].get<int64_t>(), 31);
  EXPECT_EQ(v[1].get<int64_t>(), 255);
  EXPECT_EQ(v[2].get<int64_t>(), -16);
  EXPECT_EQ(v[3].get<int64_t>(), 10);
  EXPECT_EQ(v[4].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
  EXPECT_TRUE(v[5].is_number_float());
  EXPECT_DOUBLE_EQ(v[5].get<double>(), 18446744073709551616.0);
}

TEST(Json5, InfinityAndNaN) {
  json v = parseOk("[Infinity, -Infinity, +Infinity, NaN, -NaN, +NaN]");
  EXPECT_TRUE(v[0].is_number_float());
  EXPECT_EQ(v[0].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(v[1].get<double>(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(v[2].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(v[3].get<double>()));
  EXPECT_TRUE(std::isnan(v[4].get<double>()));
  EXPECT_TRUE(std::isnan(v[5].get<double>()));
}

TEST(Json5, NegativeZeroIsADouble) {
  json v = parseOk("-0");
  ASSERT_TRUE(v.is_number_float());
  EXPECT_TRUE(std::signbit(v.get<double>()));
}

TEST(Json5, BadNumbers) {
  expectErrorAt("[01]", 1, 2, "leading zeros");
  expectErrorAt("[-007]", 1, 2, "leading zeros");
  expectErrorAt("[.]", 1, 2, "invalid number");
  expectErrorAt("[-]", 1, 2, "invalid number");
  expectErrorAt("[1e]", 1, 2, "exponent without digits");
  expectErrorAt("[0x]", 1, 2, "hex number without digits");
  expectErrorAt("[0x1.5]", 1, 2, "invalid number");
  expectErrorAt("[1.2.3]", 1, 2, "invalid number");
  expectErrorAt("[12abc]", 1, 2, "invalid number");
  expectErrorAt("[-Infinit]", 1, 2, "invalid number");
  expectErrorAt("[Infinityx]", 1, 2, "unexpected identifier 'Infinityx'");
}

// ---- Literals and structure errors --------------------------------------------------------

TEST(Json5, UnquotedWordsAreErrors) {
  expectErrorAt("{mode: local}", 1, 8, "unexpected identifier 'local' (strings must be quoted)");
  expectErrorAt("[True]", 1, 2, "unexpected identifier 'True'");
}

// An unquoted token must not be echoed: the file did not parse, so no redactor knows it.
TEST(Json5, UnquotedSecretLookingWordsAreNotQuotedInErrors) {
  expectErrorAt("{token: abcdef0123456789abcdef}", 1, 9,
                "unexpected unquoted value of 22 characters (not shown: it may be a secret; strings must be quoted)");
  expectErrorAt("{token: averyverylongpassword}", 1, 9, "unexpected unquoted value of 21 characters");
}

TEST(Json5, EmptyAndTruncatedDocuments) {
  expectErrorAt("", 1, 1, "empty document");
  expectErrorAt("  // only a comment\n", 2, 1, "empty document");
  expectErrorAt("{a: 1", 1, 6, "unexpected end of input: expected ',' or '}'");
  expectErrorAt("[1, 2", 1, 6, "expected ',' or ']'");
  expectErrorAt("{a:", 1, 4, "unexpected end of input");
  expectErrorAt("{a", 1, 3, "expected ':'");
  expectErrorAt("[1,", 1, 4, "unexpected end of input");
}

TEST(Json5, MissingCommaReportsThePosition) {
  expectErrorAt("{\n  a: 1\n  b: 2\n}", 3, 3, "expected ',' or '}', found 'b'");
  expectErrorAt("[1 2]", 1, 4, "expected ',' or ']', found '2'");
}

TEST(Json5, MismatchedBrackets) {
  expectErrorAt("[1}", 1, 3, "expected ',' or ']', found '}'");
  expectErrorAt("{a: 1]", 1, 6, "expected ',' or '}'");
}

TEST(Json5, GarbageAfterTheRootValue) {
  expectErrorAt("{} x", 1, 4, "after the root value");
  expectErrorAt("{}\n}", 2, 1, "unexpected '}' after the root value");
  expectErrorAt("1 2", 1, 3, "after the root value");
  expectErrorAt("{} /* ok */ // ok\n,", 2, 1, "after the root value");
}

TEST(Json5, UnterminatedStringPointsAtTheOpeningQuote) {
  expectErrorAt("{\n  a: 'abc", 2, 6, "unterminated string");
  expectErrorAt("\"abc\\", 1, 1, "unterminated string");
}

TEST(Json5, LineBreakInsideAString) {
  expectErrorAt("{a: 'ab\ncd'}", 1, 8, "line break in string");
  expectErrorAt("{a: 'ab\rcd'}", 1, 8, "line break in string");
}

TEST(Json5, UnterminatedBlockComment) {
  expectErrorAt("{a: 1 /* never closed\n}", 1, 7, "unterminated /* comment");
}

TEST(Json5, ControlCharactersInStrings) {
  expectErrorAt(std::string("{a: 'x\x01y'}"), 1, 7, "control character U+0001 in string");
  expectErrorAt(std::string("'ab\x1b'"), 1, 4, "control character U+001B");
  expectErrorAt(std::string("'ab\0'", 5), 1, 4, "control character U+0000");
}

TEST(Json5, InvalidUtf8InStrings) {
  expectErrorAt("{a: 'x\xFFy'}", 1, 7, "invalid UTF-8 in string");
  expectErrorAt("'\xC0\x80'", 1, 2, "invalid UTF-8");            // overlong NUL
  expectErrorAt("'\xE0\x80\xAF'", 1, 2, "invalid UTF-8");        // overlong '/'
  expectErrorAt("'\xED\xA0\x80'", 1, 2, "invalid UTF-8");        // encoded surrogate
  expectErrorAt("'\xF4\x90\x80\x80'", 1, 2, "invalid UTF-8");    // above U+10FFFF
  expectErrorAt("'ab\xE4\xB8'", 1, 4, "invalid UTF-8");          // truncated sequence
  expectErrorAt("'\x80'", 1, 2, "invalid UTF-8");                // lone continuation byte
}

TEST(Json5, InvalidUtf8OutsideStrings) {
  expectErrorAt("// \xFF\n{}", 1, 4, "invalid UTF-8 in comment");
  expectErrorAt("{} /* \xFE */", 1, 7, "invalid UTF-8 in comment");
  expectErrorAt("{\xFF: 1}", 1, 2, "invalid UTF-8");
}

TEST(Json5, ColumnsCountCharactersNotBytes) {
  // "é" and "中" are one column each.
  expectErrorAt("{'\xC3\xA9\xE4\xB8\xAD': 1 x}", 1, 10, "expected ',' or '}'");
}

TEST(Json5, CrLfAndCrCountAsOneLineBreak) {
  expectErrorAt("{\r\n a: 1,\r\n b}", 3, 3, "expected ':'");
  expectErrorAt("{\r a: 1,\r b}", 3, 3, "expected ':'");
  expectErrorAt("{\r\n a: 1\r\n b}", 3, 2, "expected ',' or '}'");
}

// ---- Duplicate keys ----------------------------------------------------------------------

TEST(Json5, DuplicateKeysLastWinsAndAreReported) {
  auto result = parseJson5(R"({
    channels: { discord: { token: "first", token: "second" } },
    gateway: { port: 1, port: 2, port: 3 },
  })");
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->value["channels"]["discord"]["token"], "second");
  EXPECT_EQ(result->value["gateway"]["port"], 3);
  EXPECT_EQ(result->duplicateKeys,
            (std::vector<std::string>{"channels.discord.token", "gateway.port", "gateway.port"}));
}

TEST(Json5, DuplicateKeyPathsIncludeArrayIndicesAndQuoting) {
  auto result = parseJson5(R"({
    agents: { list: [ {id: "a"}, {id: "b", id: "c"} ] },
    plugins: { entries: { "my.plugin": { enabled: true, enabled: false } } },
    a: 1, 'a': 2,
  })");
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->value["agents"]["list"][1]["id"], "c");
  EXPECT_EQ(result->duplicateKeys, (std::vector<std::string>{"agents.list[1].id",
                                                             "plugins.entries[\"my.plugin\"].enabled", "a"}));
}

TEST(Json5, DuplicateReplacesAWholeSubtree) {
  auto result = parseJson5("{a: {x: 1, y: 2}, a: {z: 3}}");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->value, json::parse(R"({"a": {"z": 3}})"));
  EXPECT_EQ(result->duplicateKeys, std::vector<std::string>{"a"});
}

TEST(Json5, NoDuplicatesMeansAnEmptyList) {
  auto result = parseJson5("{a: {a: 1}, b: [{a: 1}, {a: 2}]}");
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->duplicateKeys.empty());
}

// ---- Limits ------------------------------------------------------------------------------

TEST(Json5, DepthBombIsTooLargeNotACrash) {
  const std::string bomb(100000, '[');
  Error error = parseError(bomb);
  EXPECT_EQ(error.code, ErrorCode::TooLarge);
  EXPECT_EQ(error.message, "line 1, column 257: nesting deeper than 256 levels");
}

TEST(Json5, ObjectDepthBomb) {
  std::string bomb;
  for (int i = 0; i < 100000; ++i) bomb += "{a:";
  Error error = parseError(bomb);
  EXPECT_EQ(error.code, ErrorCode::TooLarge);
}

TEST(Json5, DepthExactlyAtTheLimitIsAccepted) {
  Json5Options options;
  options.maxDepth = 10;
  EXPECT_TRUE(parseJson5(std::string(10, '[') + std::string(10, ']'), options));
  auto deeper = parseJson5(std::string(11, '[') + std::string(11, ']'), options);
  ASSERT_FALSE(deeper);
  EXPECT_EQ(deeper.error().code, ErrorCode::TooLarge);
}

TEST(Json5, DeepNestingWithARaisedLimitDoesNotRecurse) {
  // The parser keeps its own stack: 100000 levels parse when the caller allows them.
  Json5Options options;
  options.maxDepth = 200000;
  auto result = parseJson5(std::string(100000, '[') + std::string(100000, ']'), options);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_TRUE(result->value.is_array());
}

TEST(Json5, HugeStringIsTooLarge) {
  std::string text = "{a: '" + std::string(2 << 20, 'x') + "'}";
  Error error = parseError(text);
  EXPECT_EQ(error.code, ErrorCode::TooLarge);
  EXPECT_EQ(error.message.rfind("line 1, column 5: string longer than", 0), 0u) << error.message;
}

TEST(Json5, HugeKeyIsTooLarge) {
  Json5Options options;
  options.maxStringBytes = 16;
  auto quoted = parseJson5("{'" + std::string(17, 'k') + "': 1}", options);
  ASSERT_FALSE(quoted);
  EXPECT_EQ(quoted.error().code, ErrorCode::TooLarge);
  auto bare = parseJson5("{" + std::string(17, 'k') + ": 1}", options);
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::TooLarge);
  EXPECT_TRUE(parseJson5("{" + std::string(16, 'k') + ": 1}", options));
}

TEST(Json5, HugeStringWithinARaisedLimitParses) {
  Json5Options options;
  options.maxStringBytes = 4u << 20;
  std::string text = "{a: '" + std::string(2 << 20, 'x') + "'}";
  auto result = parseJson5(text, options);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->value["a"].get_ref<const std::string&>().size(), size_t{2} << 20);
}

TEST(Json5, ATypicalGeneratedConfigParses) {
  // The shape config_bench times (tests/bench/config): its speed is measured there, not here.
  std::string text = "{\n  // generated\n  agents: {\n    list: [\n";
  for (int i = 0; i < 36; ++i) {
    text += "      { id: 'agent" + std::to_string(i) + "', workspace: '~/.openclaw/workspace-" + std::to_string(i) +
            "', subagents: { allowAgents: ['*'] }, maxTokens: 4096, },\n";
  }
  text += "    ],\n  },\n  gateway: { port: 18789, auth: { mode: 'token', token: 'abcdef' } },\n}\n";
  ASSERT_GT(text.size(), 4000u);
  auto result = parseJson5(text);
  ASSERT_TRUE(result) << result.error().describe();
  const auto& list = result->value["agents"]["list"];
  ASSERT_EQ(list.size(), 36u);
  EXPECT_EQ(list[35]["workspace"], "~/.openclaw/workspace-35");
  EXPECT_EQ(list[0]["subagents"]["allowAgents"][0], "*");
  EXPECT_EQ(result->value["gateway"]["port"], 18789);
}

// ---- Key paths ---------------------------------------------------------------------------

TEST(KeyPath, FormatsKeysAndIndices) {
  KeyPath path;
  appendKey(path, "agents");
  appendKey(path, "list");
  appendIndex(path, 0);
  appendKey(path, "agentDir");
  EXPECT_EQ(path, "agents.list[0].agentDir");
  EXPECT_EQ(childKeyPath("plugins.entries", "my.plugin"), "plugins.entries[\"my.plugin\"]");
  EXPECT_EQ(childKeyPath("", "a[b"), "[\"a[b\"]");
  EXPECT_EQ(childKeyPath("x", ""), "x[\"\"]");
  EXPECT_EQ(childKeyPath("x", "q\"\\"), "x[\"q\\\"\\\\\"]");
  EXPECT_EQ(childKeyPath("", "$include"), "$include");
}

TEST(KeyPath, ParseIsTheInverseOfFormat) {
  for (std::string_view key : {"plain", "my.plugin", "a[0]", "", "q\"uote", "back\\slash", "x]y"}) {
    KeyPath path = childKeyPath(childKeyPath(childKeyPath("root", key), 3), key);
    auto segments = parseKeyPath(path);
    ASSERT_TRUE(segments) << path;
    ASSERT_EQ(segments->size(), 4u) << path;
    EXPECT_EQ((*segments)[0].key, "root");
    EXPECT_EQ((*segments)[1].key, key) << path;
    EXPECT_TRUE((*segments)[2].isIndex);
    EXPECT_EQ((*segments)[2].index, 3u);
    EXPECT_EQ((*segments)[3].key, key) << path;
  }
}

TEST(KeyPath, ParsesTheDocumentedForms) {
  auto segments = parseKeyPath("plugins.entries[\"my.plugin\"].enabled");
  ASSERT_TRUE(segments);
  ASSERT_EQ(segments->size(), 4u);
  EXPECT_EQ((*segments)[2].key, "my.plugin");
  EXPECT_EQ((*segments)[3].key, "enabled");
  auto root = parseKeyPath("");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->empty());
  auto single = parseKeyPath("['x.y'][2][3]");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->size(), 3u);
}

TEST(KeyPath, RejectsMalformedPaths) {
  for (std::string_view bad : {"a..b", ".a", "a.", "a[", "a[]", "a[x]", "a[-1]", "a[\"x]", "a[\"x\"", "a[0]b"}) {
    EXPECT_FALSE(parseKeyPath(bad)) << bad;
  }
}

}  // namespace
}  // namespace harness
