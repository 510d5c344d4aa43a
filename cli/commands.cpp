#include "commands.hpp"
#include "format.hpp"
#include "value.hpp"

#include "maintenance.hpp"
#include "names.hpp"
#include "storage/remote.hpp"

#include <npcache/cache.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::cli {

namespace {

using json = nlohmann::json;
using detail::EntryHeader;
using detail::EntryInfo;
using detail::FunctionBlock;
using detail::FunctionInfo;
using detail::Inventory;
using detail::ReadStatus;

int fail(const std::string &message) {
  std::cerr << "npcache: error: " << message << "\n";
  return kFailed;
}

// The cache directory, opened and checked (safe_dir.hpp). Commands that remove files
// refuse one they cannot trust; the others look at any directory, saying why it is not
// one a program would use.
int open_cache(const Options &options, bool modifies, detail::SafeDir &root) {
  detail::Trust trust;
  trust.sharing = options.group ? Sharing::group : Sharing::none;
  std::string why;
  root = detail::SafeDir::open_root(options.dir, trust, false, why);
  if (root)
    return kOk;
  if (why.empty())
    return fail(options.dir + ": no cache directory here");
  if (modifies)
    return fail(why + "; refusing to change it");
  std::cerr << "npcache: warning: " << why << "\n";
  trust.inspect = true;
  root = detail::SafeDir::open_root(options.dir, trust, false, why);
  return root ? kOk : fail(why);
}

std::string state_of(const EntryInfo &e) {
  if (e.header_status != ReadStatus::ok)
    return detail::to_string(e.header_status);
  return e.stale ? "stale" : "current";
}

void print_json(const json &value) { std::cout << value.dump(2) << "\n"; }

// The size bound and evictions that programs recorded in the root file; never creates it.
std::uint64_t root_max_size(const detail::SafeDir &root, std::uint64_t *evictions = nullptr) {
  auto block = detail::Mapped<detail::RootBlock>::open(root, detail::kRootFileName, false);
  if (!block)
    return 0;
  if (evictions != nullptr)
    *evictions = detail::atomic_load(block.get()->evictions);
  return detail::atomic_load(block.get()->max_size_bytes);
}

// ENTRY is a path to an entry file, or a file name or the start of a key (at least 6
// hex digits) found in the cache directory. Reads its value, verified in full.
int load_entry(const Options &options, const std::string &entry, std::string &path,
               EntryHeader &header, std::vector<unsigned char> &payload, std::uint64_t &bytes,
               std::uint64_t &last_use) {
  struct stat st{};
  detail::ReadResult r;
  // `list` names an entry of the small-entry store "<function dir>/small.mdb/<name>": no
  // file has that path, and the name alone finds it.
  const std::string in_store = "/" + std::string(detail::kSmallStoreName) + "/";
  const std::size_t store_at = entry.rfind(in_store);
  const std::string name = store_at == std::string::npos ? entry : entry.substr(store_at + in_store.size());
  if (store_at == std::string::npos && (entry.find('/') != std::string::npos || ::lstat(entry.c_str(), &st) == 0)) {
    path = entry;
    r = detail::verify_entry_file(path, header, &payload);
    ::stat(path.c_str(), &st);
    bytes = static_cast<std::uint64_t>(st.st_size);
    last_use = detail::last_use_unix_ns(st);
  } else {
    detail::SafeDir root;
    Options in = options;
    if (store_at != std::string::npos) // <cache>/<function dir>/small.mdb/<name>
      in.dir = entry.substr(0, entry.rfind('/', store_at == 0 ? 0 : store_at - 1));
    if (int status = open_cache(in, false, root); status != kOk)
      return status;
    Inventory inv = detail::take_inventory(root, false);
    std::vector<const EntryInfo *> found;
    for (const EntryInfo &e : inv.entries) {
      Key128 key;
      bool key_match = name.size() >= 6 && detail::entry_file_key(e.name, key) &&
                       key.hex().compare(0, name.size(), name) == 0;
      if (e.name == name || key_match)
        found.push_back(&e);
    }
    if (found.size() != 1)
      return fail(found.empty() ? "no entry named or keyed '" + entry + "' in " + options.dir
                                : "'" + entry + "' matches " + std::to_string(found.size()) +
                                      " entries; give more of the key");
    path = detail::entry_path(inv, *found[0]);
    r = detail::verify_entry(inv, *found[0], header, &payload);
    bytes = found[0]->bytes;
    last_use = found[0]->last_use_unix_ns;
  }
  if (r.status == ReadStatus::absent)
    return fail(entry + ": no such file");
  if (r.status != ReadStatus::ok)
    return fail(path + ": " + detail::to_string(r.status) + " entry: " + r.detail);
  return kOk;
}

// What stats shows of one function, or of the whole directory (`total`).
json usage_json(const FunctionInfo &fn, std::uint64_t stale) {
  return json{{"entries", fn.entries},
              {"bytes", fn.bytes},
              {"stale_entries", stale},
              {"hits", fn.counters.hits},
              {"misses", fn.counters.misses},
              {"stores", fn.counters.stores},
              {"last_use", iso_time(fn.counters.last_use_unix_ns)}};
}

std::vector<std::string> usage_row(const FunctionInfo &fn, std::uint64_t stale) {
  return {fn.name, std::to_string(fn.entries), std::to_string(stale), human_size(fn.bytes),
          std::to_string(fn.counters.hits), std::to_string(fn.counters.misses),
          local_time(fn.counters.last_use_unix_ns)};
}

// The directory's inventory, with a progress bar named for the command.
Inventory inventory_with_progress(const Options &options, const detail::SafeDir &root, const char *command,
                                  bool count_small = false) {
  ProgressBar bar(command, options.progress);
  return detail::take_inventory(root, true, [&](std::size_t d, std::size_t t) { bar.update(d, t); }, false,
                                count_small);
}

} // namespace

int run_stats(const Options &options) {
  detail::SafeDir root;
  if (int status = open_cache(options, false, root); status != kOk)
    return status;
  // Small entries are counted as they are read, not listed: an inventory of 14.4 million
  // took 7.5 GB.
  Inventory inv = inventory_with_progress(options, root, "stats", true);
  std::vector<std::uint64_t> stale(inv.functions.size(), 0);
  std::uint64_t total_stale = 0, total_entries = 0;
  for (std::size_t i = 0; i < inv.functions.size(); ++i) {
    stale[i] = inv.functions[i].stale_small();
    total_entries += inv.functions[i].entries;
  }
  for (const EntryInfo &e : inv.entries)
    stale[e.function] += e.stale;
  for (std::uint64_t s : stale)
    total_stale += s;
  std::uint64_t evictions = 0;
  std::uint64_t max_size = root_max_size(root, &evictions);
  FunctionInfo total;
  total.name = "total";
  total.entries = total_entries;
  total.bytes = inv.bytes;
  for (const FunctionInfo &fn : inv.functions) {
    total.counters.hits += fn.counters.hits;
    total.counters.misses += fn.counters.misses;
    total.counters.stores += fn.counters.stores;
    total.counters.last_use_unix_ns =
        std::max(total.counters.last_use_unix_ns, fn.counters.last_use_unix_ns);
  }

  json remotes = json::array(); // what the programs did with each remote tier
  root.list([&](const std::string &name, const struct stat &) {
    if (name.rfind(detail::kRemoteCountersPrefix, 0) != 0)
      return;
    if (auto block = detail::Mapped<detail::RemoteBlock>::open(root, name, false)) {
      const detail::RemoteBlock &b = *block.get();
      remotes.push_back(json{{"tier", std::string(b.tier, strnlen(b.tier, sizeof b.tier))},
                             {"hits", detail::atomic_load(b.hits)},
                             {"misses", detail::atomic_load(b.misses)},
                             {"errors", detail::atomic_load(b.errors)},
                             {"bytes_read", detail::atomic_load(b.bytes_read)},
                             {"bytes_written", detail::atomic_load(b.bytes_written)}});
    }
  });
  if (options.json) {
    json functions = json::array();
    for (std::size_t i = 0; i < inv.functions.size(); ++i) {
      const FunctionInfo &fn = inv.functions[i];
      json entry{{"function", fn.name}, {"signature", fn.signature}, {"dir", fn.dir}};
      entry.update(usage_json(fn, stale[i]));
      functions.push_back(std::move(entry));
    }
    print_json(json{{"dir", options.dir},
                    {"functions", functions},
                    {"total", usage_json(total, total_stale)},
                    {"max_size", max_size == 0 ? json(nullptr) : json(max_size)},
                    {"evictions", evictions},
                    {"remotes", remotes}});
    return kOk;
  }
  Table table({"function", "entries", "stale", "size", "hits", "misses", "last use"});
  for (std::size_t i = 0; i < inv.functions.size(); ++i)
    table.add(usage_row(inv.functions[i], stale[i]));
  table.add(usage_row(total, total_stale));
  std::cout << "cache: " << options.dir << "\n" << table.render();
  if (max_size != 0)
    std::printf("max_size: %s (%.1f%% used); evictions so far: %llu\n", human_size(max_size).c_str(),
                100.0 * static_cast<double>(inv.bytes) / static_cast<double>(max_size),
                static_cast<unsigned long long>(evictions));
  else
    std::printf("max_size: none\n");
  if (!remotes.empty()) {
    Table tiers({"remote tier", "hits", "misses", "errors", "read", "written"});
    for (const json &r : remotes)
      tiers.add({r["tier"].get<std::string>(), std::to_string(r["hits"].get<std::uint64_t>()),
                 std::to_string(r["misses"].get<std::uint64_t>()), std::to_string(r["errors"].get<std::uint64_t>()),
                 human_size(r["bytes_read"].get<std::uint64_t>()), human_size(r["bytes_written"].get<std::uint64_t>())});
    std::cout << tiers.render();
  }
  return kOk;
}

int run_list(const Options &options) {
  detail::SafeDir root;
  if (int status = open_cache(options, false, root); status != kOk)
    return status;
  Inventory inv = inventory_with_progress(options, root, "list");
  if (options.json) {
    json entries = json::array();
    for (const EntryInfo &e : inv.entries) {
      entries.push_back(json{{"path", detail::entry_path(inv, e)},
                             {"function", inv.functions[e.function].name},
                             {"state", state_of(e)},
                             {"bytes", e.bytes},
                             {"arguments", e.arguments},
                             {"created", iso_time(e.created_unix_ns)},
                             {"last_use", iso_time(e.last_use_unix_ns)}});
    }
    print_json(entries);
    return kOk;
  }
  Table table({"function", "entry", "state", "size", "created", "last use"}, {true, true, true});
  for (const EntryInfo &e : inv.entries)
    table.add({inv.functions[e.function].name, e.name, state_of(e), human_size(e.bytes),
               local_time(e.created_unix_ns), local_time(e.last_use_unix_ns)});
  std::cout << table.render();
  return kOk;
}

int run_clear(const Options &options) {
  detail::SafeDir root;
  if (int status = open_cache(options, true, root); status != kOk)
    return status;
  detail::ClearResult r = detail::clear_directory(root);
  if (options.json) {
    print_json(json{{"removed", r.removed_entries},
                    {"removed_bytes", r.removed_bytes},
                    {"removed_directories", r.removed_directories},
                    {"left", r.left}});
    return kOk;
  }
  std::cout << "removed " << r.removed_entries << " entries (" << human_size(r.removed_bytes) << ") from "
            << options.dir << "\n";
  if (!r.left.empty()) {
    std::cout << "left " << r.left.size() << " that npcache did not write:\n";
    for (const std::string &left : r.left)
      std::cout << "  " << left << "\n";
  }
  return kOk;
}

int run_prune(const Options &options, const PruneArgs &args) {
  detail::SafeDir root;
  if (int status = open_cache(options, true, root); status != kOk)
    return status;
  detail::PruneRule rule;
  try {
    rule.max_size_bytes = args.max_size.empty() ? root_max_size(root) : parse_size(args.max_size);
    rule.older_than_seconds = args.older_than.empty() ? 0 : parse_duration(args.older_than);
    rule.unused_for_seconds = args.unused_for.empty() ? 0 : parse_duration(args.unused_for);
  } catch (const std::invalid_argument &e) {
    std::cerr << "npcache: error: " << e.what() << "\n";
    return kUsage;
  }
  rule.stale = args.stale;
  // The runtime's eviction pass, waiting for one in progress to end. Only a root file that
  // a program made is used: prune does not make one.
  auto block = detail::Mapped<detail::RootBlock>::open(root, detail::kRootFileName, false);
  ProgressBar bar("prune", options.progress);
  detail::PruneResult r = *detail::eviction_pass(
      root, &block, rule, /*wait=*/true, [&](std::size_t d, std::size_t t) { bar.update(d, t); });
  if (options.json) {
    print_json(json{{"removed", r.removed},
                    {"removed_bytes", r.removed_bytes},
                    {"kept", r.kept},
                    {"kept_bytes", r.kept_bytes},
                    {"leftovers_removed", r.leftovers}});
  } else {
    std::cout << "removed " << r.removed << " entries (" << human_size(r.removed_bytes) << "), kept "
              << r.kept << " (" << human_size(r.kept_bytes) << ")";
    if (r.leftovers != 0)
      std::cout << "; removed " << r.leftovers << " leftover temporary or lock files";
    std::cout << "\n";
  }
  return kOk;
}

int run_verify(const Options &options, bool keep) {
  detail::SafeDir root;
  if (int status = open_cache(options, !keep, root); status != kOk)
    return status;
  Inventory inv = detail::take_inventory(root, false);
  ProgressBar bar("verify", options.progress);
  json bad = json::array();
  std::uint64_t checked_bytes = 0, removed_count = 0;
  for (std::size_t i = 0; i < inv.entries.size(); ++i) {
    const EntryInfo &e = inv.entries[i];
    EntryHeader header;
    detail::ReadResult r = detail::verify_entry(inv, e, header);
    checked_bytes += e.bytes;
    bar.update(i + 1, inv.entries.size());
    // Entries of another format version belong to another npcache; absent ones were
    // removed while we looked.
    if (r.status == ReadStatus::ok || r.status == ReadStatus::other_version ||
        r.status == ReadStatus::absent)
      continue;
    // Only what npcache wrote is removed: a file without its header is left.
    bool ours = r.status != ReadStatus::foreign && r.status != ReadStatus::untrusted &&
                r.status != ReadStatus::unreadable;
    bool removed = !keep && ours && detail::remove_entry(inv, e);
    removed_count += removed;
    bad.push_back(json{{"path", detail::entry_path(inv, e)},
                       {"problem", std::string(detail::to_string(r.status)) + ": " + r.detail},
                       {"removed", removed},
                       {"written_by_npcache", ours}});
  }
  std::uint64_t leftovers = 0;
  if (!keep)
    for (const FunctionInfo &fn : inv.functions)
      leftovers += detail::remove_leftovers(*fn.handle, fn.leftovers);
  if (options.json) {
    print_json(json{{"checked", inv.entries.size()},
                    {"checked_bytes", checked_bytes},
                    {"bad", bad},
                    {"leftovers_removed", leftovers}});
  } else {
    for (const json &b : bad)
      std::cout << b["path"].get<std::string>() << ": " << b["problem"].get<std::string>()
                << (b["removed"].get<bool>()               ? " (removed)"
                    : !b["written_by_npcache"].get<bool>() ? " (not written by npcache: left in place)"
                                                           : "")
                << "\n";
    std::cout << "checked " << inv.entries.size() << " entries (" << human_size(checked_bytes) << "): "
              << bad.size() << " bad, " << removed_count << " removed\n";
  }
  return bad.empty() ? kOk : kBadEntries;
}

int run_show(const Options &options, const std::string &entry) {
  std::string path;
  EntryHeader header;
  std::vector<unsigned char> payload;
  std::uint64_t bytes = 0, last_use = 0;
  if (int status = load_entry(options, entry, path, header, payload, bytes, last_use); status != kOk)
    return status;
  const detail::EntryMeta &m = header.meta;
  std::string value;
  try {
    value = preview(result_type(m.signature), payload);
  } catch (const std::exception &e) {
    value = "(" + human_size(payload.size()) + "; not shown: " + e.what() + ")";
  }
  if (options.json) {
    print_json(json{{"path", path},
                    {"function", m.function},
                    {"signature", m.signature},
                    {"arguments", m.readable},
                    {"key", header.key.hex()},
                    {"code_digest", m.code_digest.hex()},
                    {"version", m.version},
                    {"build_context", m.build_context},
                    {"created", iso_time(header.created_unix_ns)},
                    {"last_use", iso_time(last_use)},
                    {"file_bytes", bytes},
                    {"value_bytes", header.raw_size},
                    {"compression", header.compressed ? "zstd" : "none"},
                    {"fp_exceptions", fp_flag_names(header.raised_fp)},
                    {"errno", errno_name(header.raised_fp)},
                    {"verified", true},
                    {"value", value}});
    return kOk;
  }
  Table t({"", ""}, {true, true});
  t.add({"entry", path});
  t.add({"function", m.function});
  t.add({"signature", m.signature});
  if (!m.readable.empty())
    t.add({"arguments", m.readable});
  t.add({"key", header.key.hex()});
  t.add({"code digest", m.code_digest.hex()});
  if (!m.version.empty())
    t.add({"version", m.version});
  t.add({"build context", m.build_context});
  t.add({"created", local_time(header.created_unix_ns)});
  t.add({"last use", local_time(last_use)});
  t.add({"size", human_size(bytes) + " on disk, " +
                     human_size(header.raw_size) + " of value" +
                     (header.compressed ? " (zstd)" : "")});
  t.add({"fp exceptions", fp_flag_names(header.raised_fp)});
  t.add({"errno", errno_name(header.raised_fp)});
  t.add({"checksums", "verified"});
  t.add({"value", value});
  std::string text = t.render();
  std::cout << text.substr(text.find('\n') + 1); // no header row
  return kOk;
}

int run_export(const Options &options, const std::string &entry, const std::string &npy_file) {
  std::string path;
  EntryHeader header;
  std::vector<unsigned char> payload;
  std::uint64_t bytes = 0, last_use = 0;
  if (int status = load_entry(options, entry, path, header, payload, bytes, last_use); status != kOk)
    return status;
  std::string npy;
  try {
    npy = to_npy(result_type(header.meta.signature), payload);
  } catch (const std::exception &e) {
    return fail(path + ": cannot export as .npy: " + e.what());
  }
  std::string temp = npy_file + ".tmp" + std::to_string(::getpid());
  std::FILE *out = std::fopen(temp.c_str(), "wb");
  bool ok = out != nullptr && std::fwrite(npy.data(), 1, npy.size(), out) == npy.size();
  ok = out != nullptr && std::fclose(out) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), npy_file.c_str()) != 0) {
    std::remove(temp.c_str());
    return fail(npy_file + ": cannot write");
  }
  if (options.json)
    print_json(json{{"entry", path}, {"npy", npy_file}, {"bytes", npy.size()}});
  else
    std::cout << "wrote " << npy_file << " (" << human_size(npy.size()) << ")\n";
  return kOk;
}

namespace {

void write_payload(Sink &out, const void *payload) {
  const auto &bytes = *static_cast<const std::vector<unsigned char> *>(payload);
  out.write(bytes.data(), bytes.size());
}

} // namespace

int run_push(const Options &options) {
  std::vector<detail::RemoteTier *> tiers;
  for (detail::RemoteTier *tier : detail::environment_remote_tiers())
    if (!tier->spec().read_only)
      tiers.push_back(tier);
  if (tiers.empty())
    return fail("no writable remote tier: set NPCACHE_REMOTE, or \"remote\" in the NPCACHE_CONFIG file");
  detail::SafeDir root;
  if (int status = open_cache(options, false, root); status != kOk)
    return status;
  Inventory inv = detail::take_inventory(root, false);
  ProgressBar bar("push", options.progress);
  std::uint64_t pushed = 0, pushed_bytes = 0, skipped = 0, present = 0;
  json failures = json::array();
  for (std::size_t i = 0; i < inv.entries.size(); ++i) {
    bar.update(i + 1, inv.entries.size());
    EntryHeader header;
    std::vector<unsigned char> payload;
    // Only verified entries leave this machine; the remote copy is uncompressed, as the
    // small store's are, and keeps the entry's creation time.
    if (detail::verify_entry(inv, inv.entries[i], header, &payload).status != ReadStatus::ok) {
      ++skipped;
      continue;
    }
    std::vector<unsigned char> bytes;
    if (!detail::encode_entry(header, write_payload, &payload, Compression::none, 0, bytes).empty()) {
      ++skipped;
      continue;
    }
    const std::string function_dir = detail::function_dir_name(header.meta.function, header.meta.signature);
    bool all = true, any = false;
    for (detail::RemoteTier *tier : tiers) {
      const std::string name = tier->object_name(function_dir, header.key);
      bool uploaded = false;
      std::string error = tier->push(name, bytes, &uploaded);
      any = any || uploaded;
      if (!error.empty()) {
        all = false;
        failures.push_back(json{{"tier", tier->spec().display}, {"entry", detail::entry_path(inv, inv.entries[i])}, {"error", error}});
      }
    }
    pushed += all && any;
    present += all && !any;
    pushed_bytes += all && any ? bytes.size() : 0;
  }
  if (options.json) {
    print_json(json{{"pushed", pushed}, {"pushed_bytes", pushed_bytes}, {"already_there", present},
                    {"skipped_bad", skipped}, {"failed", failures}});
  } else {
    for (const json &f : failures)
      std::cout << f["tier"].get<std::string>() << ": " << f["entry"].get<std::string>() << ": "
                << f["error"].get<std::string>() << "\n";
    std::cout << "pushed " << pushed << " entries (" << human_size(pushed_bytes) << ") to " << tiers.size()
              << (tiers.size() == 1 ? " tier" : " tiers") << "; " << present << " already there, " << skipped
              << " bad skipped, " << failures.size()
              << " uploads failed\n";
  }
  return failures.empty() ? kOk : kFailed;
}

int run_remote_check(const Options &options) {
  std::vector<detail::RemoteTier *> tiers = detail::environment_remote_tiers();
  if (tiers.empty())
    return fail("no remote tier is set: NPCACHE_REMOTE, or \"remote\" in the NPCACHE_CONFIG file");
  json results = json::array();
  bool all_ok = true;
  for (detail::RemoteTier *tier : tiers) {
    std::string problem = tier->check();
    all_ok = all_ok && problem.empty();
    results.push_back(json{{"tier", tier->spec().display}, {"read_only", tier->spec().read_only},
                           {"ok", problem.empty()}, {"problem", problem}});
  }
  if (options.json)
    print_json(results);
  else
    for (const json &r : results)
      std::cout << r["tier"].get<std::string>() << (r["read_only"].get<bool>() ? " (read-only)" : "") << ": "
                << (r["ok"].get<bool>() ? "ok" : r["problem"].get<std::string>()) << "\n";
  return all_ok ? kOk : kFailed;
}

} // namespace npcache::cli
