#include <npcache/call.hpp>

#include <cfenv>

namespace npcache::detail {

void set_fp_flags(std::uint32_t flags) noexcept {
#if defined(__x86_64__)
  std::uint32_t mxcsr;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  mxcsr = (mxcsr & ~0x3Fu) | (flags & 0x3Fu);
  __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
  std::uint16_t status;
  __asm__ volatile("fnstsw %0" : "=am"(status));
  const std::uint16_t x87 = (flags >> 8) & 0x3Fu;
  if ((status & 0x3Fu) != x87) {
    // The x87 status word is written only through its whole environment, as glibc's
    // fesetexceptflag does. A flag whose trap is enabled (feenableexcept) is not set: the
    // next x87 instruction, anywhere, would trap. So no exception is pending, and the
    // summary (7) and busy (15) bits are clear.
    std::fenv_t env;
    __asm__ volatile("fnstenv %0" : "=m"(env));
    const std::uint16_t masked = x87 & env.__control_word & 0x3Fu;
    env.__status_word = static_cast<unsigned short>((env.__status_word & ~0x80BFu) | masked);
    __asm__ volatile("fldenv %0" : : "m"(env));
  }
#elif defined(__aarch64__)
  std::uint64_t fpsr;
  __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
  fpsr = (fpsr & ~std::uint64_t{0x9F}) | (flags & 0x9Fu);
  __asm__ volatile("msr fpsr, %0" : : "r"(fpsr));
#else
  std::feclearexcept(FE_ALL_EXCEPT & ~static_cast<int>(flags));
  if (const int missing = static_cast<int>(flags) & ~std::fetestexcept(FE_ALL_EXCEPT))
    std::feraiseexcept(missing);
#endif
}

} // namespace npcache::detail
