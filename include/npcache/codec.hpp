// Every built-in codec: the customization point, npcache::codec<T>, is described in
// <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>
#include <npcache/codec/map.hpp>
#include <npcache/codec/numeric.hpp>
#include <npcache/codec/set.hpp>
#include <npcache/codec/span.hpp>
#include <npcache/codec/unordered.hpp>
#include <npcache/codec/variant.hpp>
