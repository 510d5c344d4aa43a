// A translation unit's summary (common/summary.hpp describes it): what the file defines
// that other files can link to, with digests, and its cached functions, for the link step
// of npcache-cxx to combine.
#pragma once

#include "digest.hpp"

#include "common/summary.hpp"

#include <npcache/key.hpp>

#include "clang/AST/ASTContext.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace npcache::tool {

// The definitions of the main file: those written there (which the rewrite looks at for
// the attribute) and those other objects can link to, template instances included, and
// with those of the source files it includes (a unity batch).
struct MainFileDefinitions {
  std::vector<const clang::FunctionDecl *> written;
  std::vector<const clang::Decl *> linkable;
};

// Also reports, as errors, marked functions defined in headers.
MainFileDefinitions collect_definitions(clang::ASTContext &context);

// What the link needs of a definition's digest (see DigestOutputs): what it reaches outside
// its translation unit, by symbol, as "uses", "system_uses" and "through_system", and
// whether its result depends on the OpenMP team's size, as "team_size", and on the CPU's
// cache sizes, as "cpu_caches".
struct Uses {
  std::set<std::string> all, system, through_system;
  bool team_size = false;
  bool cpu_caches = false;
  DigestOutputs outputs(std::vector<Impurity> *impurities, std::string *dependencies) {
    return {impurities, &all, &system, dependencies, &through_system, &team_size, &cpu_caches};
  }
};

class SummaryBuilder {
public:
  explicit SummaryBuilder(clang::ASTContext &context) : context_(context) {}

  void add_definition(const clang::Decl &decl);
  // "definitions": null, for a link to fill in if it needs them.
  void skip_definitions() { summary_["definitions"] = nullptr; }
  // A cached function, under the name its wrapper looks itself up by in the link's table.
  void add_cached(const clang::FunctionDecl &fn, const Key128 &digest, const Uses &uses,
                  const std::vector<Impurity> &impurities, bool pure);

  const nlohmann::json &json() const { return summary_; }

private:
  std::string location(clang::SourceLocation at) const;
  nlohmann::json impurities_json(const std::vector<Impurity> &impurities) const;

  clang::ASTContext &context_;
  nlohmann::json summary_ = {{"version", kSummaryVersion},
                             {"definitions", nlohmann::json::object()},
                             {"cached", nlohmann::json::object()}};
};

} // namespace npcache::tool
