// The target-level step of cross-file digests.
//
// Each rewrite writes a summary of its file: the digest of every definition other files
// can use, and the definitions it uses from elsewhere (by USR). Combining the summaries
// gives each cached function a digest of everything it reaches in the whole target,
// written as a lookup function into one small generated source. An edit to one file
// re-runs its rewrite and this step; the generated source is rewritten only if a digest
// changed, so the other files are neither rewritten nor recompiled.
#pragma once

#include <string>
#include <vector>

namespace npcache::tool {

// Returns the exit status: 0, or 1 after printing what failed.
int combine_summaries(const std::vector<std::string> &summaries, const std::string &target,
                      const std::string &output);

} // namespace npcache::tool
