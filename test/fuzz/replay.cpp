// A main() for the fuzz targets in the default build (GCC, no libFuzzer): runs the target
// on every file of the directories it is given, so that ctest checks each target's
// properties on its corpus, regressions included, without the fuzzing toolchain.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char **argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i)
    for (const auto &file : std::filesystem::directory_iterator(argv[i])) {
      std::ifstream in(file.path(), std::ios::binary);
      std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++inputs;
    }
  std::printf("%zu inputs, every property held\n", inputs);
  return inputs > 0 ? 0 : 1;
}
