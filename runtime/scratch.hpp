// A thread's scratch object, kept from one call to the next so that a hit or a store
// allocates nothing.
#pragma once

#include <memory>

namespace npcache::detail {

// The thread's T, or, while a call further up the thread's stack holds it (a codec whose
// encode or decode calls a cached function), one of this holder's own: the outer call's
// bytes (hashed and not yet returned, or encoded and not yet checksummed) stay its own.
template <class T> class Scratch {
public:
  Scratch() : shared_(!taken()) { taken() = true; }
  ~Scratch() {
    if (shared_)
      taken() = false;
  }
  Scratch(const Scratch &) = delete;
  Scratch &operator=(const Scratch &) = delete;

  // Default-initialized when first made: a buffer's bytes are not zeroed.
  T &get() {
    if (!shared_) {
      if (!own_)
        own_.reset(new T);
      return *own_;
    }
    thread_local std::unique_ptr<T> kept;
    if (!kept)
      kept.reset(new T);
    return *kept;
  }

private:
  static bool &taken() {
    thread_local bool held = false;
    return held;
  }
  const bool shared_;
  std::unique_ptr<T> own_;
};

} // namespace npcache::detail
