// npcache: persistent, self-invalidating memoization for C++ functions.
#pragma once

#include <npcache/cache.hpp>
#include <npcache/codec.hpp>
#include <npcache/generated.hpp>
#include <npcache/options.hpp>
