// Compiles the test targets' shared precompiled header (GoogleTest, gMock, nlohmann/json;
// harness_test() in HarnessHelpers.cmake reuses it). Nothing else.
