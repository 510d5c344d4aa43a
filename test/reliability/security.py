#!/usr/bin/env python3
"""Security cases of docs/SECURITY.md, played by real users.

Run as root (CI is): creates the users npc-alice and npc-bob (both in the group
npc-team) and npc-carol (not in it), if they do not exist, and runs npcache's programs as
them with runuser. Without root, exits 77, which ctest reports as skipped.

    security.py CASE PROBE NPCACHE

PROBE is test/unit's npcache_probe (one cached function; prints "computed SUM" or "loaded
SUM"; with "forged", the same key with other values), NPCACHE the command. They and the
runtime library are copied to a directory every user can read.
"""
import fcntl
import glob
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

USERS = {"npc-alice": True, "npc-bob": True, "npc-carol": False}  # in npc-team?
TEAM = "npc-team"
N = "1000"
TRUE_SUM = sum(0.5 + k for k in range(1000))
FORGED_SUM = sum(1000.5 + k for k in range(1000))


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


def sh(*args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)


def ensure_users():
    if subprocess.run(["getent", "group", TEAM], capture_output=True).returncode != 0:
        sh("groupadd", TEAM)
    for user, in_team in USERS.items():
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            sh("useradd", "--create-home", "--user-group", "--shell", "/bin/sh", user)
        if in_team:
            sh("usermod", "-a", "-G", TEAM, user)


class World:
    """A scratch directory every user may enter, with the programs staged in it."""

    def __init__(self, probe, npcache):
        self.root = tempfile.mkdtemp(prefix="npcache-security-")
        os.chmod(self.root, 0o755)
        self.bin = os.path.join(self.root, "bin")
        os.mkdir(self.bin)
        for program in (probe, npcache):
            shutil.copy2(program, self.bin)
            for line in sh("ldd", program).stdout.splitlines():
                parts = line.split("=>")
                if "libnpcache" in line and len(parts) == 2:
                    library = parts[1].split()[0]
                    shutil.copy2(library, self.bin)
        self.probe = os.path.join(self.bin, os.path.basename(probe))
        self.npcache = os.path.join(self.bin, os.path.basename(npcache))
        for path in glob.glob(self.bin + "/*"):
            os.chmod(path, 0o755)
        self.helpers = []

    def close(self):
        for helper in self.helpers:
            if helper.poll() is None:
                os.killpg(helper.pid, signal.SIGKILL)
                helper.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def env(self, user, extra):
        env = {"PATH": "/usr/bin:/bin", "HOME": "/home/" + user, "LD_LIBRARY_PATH": self.bin}
        env.update(extra)
        return env

    def command(self, user, argv, env=None, umask="022"):
        assignments = [k + "=" + v for k, v in self.env(user, env or {}).items()]
        script = 'umask %s; exec "$@"' % umask
        return ["runuser", "-u", user, "--", "env", "-i"] + assignments + ["sh", "-c", script, "sh"] + argv

    def run(self, user, argv, env=None, umask="022", timeout=300):
        done = subprocess.run(self.command(user, argv, env, umask), text=True, capture_output=True,
                              timeout=timeout)
        return done

    def start(self, user, argv, env=None):
        """A helper process left running (a lock holder, a link swapper) until close()."""
        helper = subprocess.Popen(self.command(user, argv, env), start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.helpers.append(helper)
        return helper

    def probe_as(self, user, cache_dir, config=None, forged=False, umask="022", extra=None):
        env = {"NPCACHE_DIR": cache_dir, "NPCACHE_LOG": "info"}
        if config is not None:
            env["NPCACHE_CONFIG"] = config
        env.update(extra or {})
        argv = [self.probe, N, ""] + (["forged"] if forged else [])
        done = self.run(user, argv, env, umask)
        check(done.returncode == 0, "%s's probe failed (%d): %s" % (user, done.returncode, done.stderr))
        word, total = done.stdout.split()
        return word, float(total), done.stderr

    def mkdir_as(self, user, path, mode, group=None):
        os.mkdir(path)
        shutil.chown(path, user, group or user)
        os.chmod(path, mode)

    def write_as(self, user, path, text, mode=0o644):
        with open(path, "w") as f:
            f.write(text)
        shutil.chown(path, user, user)
        os.chmod(path, mode)


def only_entry(cache_dir):
    entries = glob.glob(cache_dir + "/*/*.npc")
    check(len(entries) == 1, "expected one entry in %s, found %s" % (cache_dir, entries))
    return entries[0]


def mode_of(path):
    return os.lstat(path).st_mode & 0o7777


# --- By default a cache is private --------------------------------------------------------

def group_writable_dir_is_refused(w):
    """The issue's setup: alice's cache is hers, group npc-team, mode 2775, umask 002.
    Nothing is cached there, so nothing bob puts there can come back."""
    d = w.path("team-cache")
    w.mkdir_as("npc-alice", d, 0o2775, TEAM)
    word, total, err = w.probe_as("npc-alice", d, umask="002")
    check(word == "computed" and total == TRUE_SUM, "alice's first call")
    check("not caching" in err and "writable by other users" in err, "no warning: " + err)
    check(glob.glob(d + "/**/*.npc", recursive=True) == [], "an entry was written")
    word, _, _ = w.probe_as("npc-alice", d, umask="002")
    check(word == "computed", "a second call loaded from a refused directory")
    # The same mode in alice's own group (her user private group, which only she is in)
    # lets nobody else in: a directory she made with `mkdir` under umask 002 is used.
    own = w.path("own-group")
    w.mkdir_as("npc-alice", own, 0o2775, "npc-alice")
    w.probe_as("npc-alice", own, umask="002")
    word, _, err = w.probe_as("npc-alice", own, umask="002")
    check(word == "loaded" and "not caching" not in err, "alice's own group's directory: " + err)


def planted_entry_is_not_read(w):
    """bob forges alice's entry (same key, other values, checksums right) and it is moved
    over hers; alice recomputes, and her next run loads her own value again."""
    alice, bob = w.path("alice"), w.path("bob")
    w.mkdir_as("npc-alice", alice, 0o755)
    w.mkdir_as("npc-bob", bob, 0o755)
    check(w.probe_as("npc-alice", alice)[0] == "computed", "alice's first call")
    check(w.probe_as("npc-alice", alice)[:2] == ("loaded", TRUE_SUM), "alice's own entry is read")
    word, total, _ = w.probe_as("npc-bob", bob, forged=True)
    check((word, total) == ("computed", FORGED_SUM), "bob's forgery")
    target = only_entry(alice)
    forged = only_entry(bob)
    check(os.path.basename(target) == os.path.basename(forged), "the forgery has another key")
    # As if alice's directory had been writable to bob: his file, moved over hers.
    os.rename(forged, target)
    check(os.stat(target).st_uid != os.stat(alice).st_uid, "the plant is bob's")
    word, total, err = w.probe_as("npc-alice", alice)
    check((word, total) == ("computed", TRUE_SUM), "alice got %s %s after the plant: %s" % (word, total, err))
    check(os.stat(only_entry(alice)).st_uid == os.stat(alice).st_uid, "alice's store replaced the plant")
    check(w.probe_as("npc-alice", alice)[:2] == ("loaded", TRUE_SUM), "alice's value comes back")
    # Her own file, made writable by others, is not trusted either.
    os.chmod(only_entry(alice), 0o666)
    check(w.probe_as("npc-alice", alice)[0] == "computed", "a world-writable entry was read")


def foreign_lock_does_not_block(w):
    """A .locks file bob made (mode 0666) and holds the key's byte of does not make alice
    wait: her call finishes while bob still holds it. Alice's own file, held at that byte,
    does make her wait, which shows the byte is the one her call takes."""
    alice = w.path("alice")
    w.mkdir_as("npc-alice", alice, 0o755)
    config = w.path("one-hour.json")
    w.write_as("npc-alice", config, '{"lock_timeout": "1h"}')
    w.probe_as("npc-alice", alice, config)
    entry = only_entry(alice)
    lock = os.path.join(os.path.dirname(entry), ".locks")
    key_hex = os.path.basename(entry)[:-len(".npc")][-32:]
    offset = int(key_hex[16:], 16) & (2**63 - 1)  # the key's low word (lock.cpp)
    flock = lambda kind: struct.pack("hhqqi", kind, os.SEEK_SET, offset, 1, 0)
    holder_script = ("import fcntl, os, struct, sys, time\n"
                     "fd = os.open(sys.argv[1], os.O_RDWR)\n"
                     "fcntl.fcntl(fd, fcntl.F_OFD_SETLKW, struct.pack('hhqqi', fcntl.F_WRLCK, 0, int(sys.argv[2]), 1, 0))\n"
                     "time.sleep(3600)\n")

    def held():
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, flock(fcntl.F_WRLCK))
            return False
        except OSError:
            return True
        finally:
            os.close(fd)

    def hold(user, mode):
        os.unlink(entry)
        w.write_as(user, lock, "", mode)
        holder = w.start(user, ["/usr/bin/python3", "-c", holder_script, lock, str(offset)])
        for _ in range(200):  # until the holder has the byte
            if held():
                return holder
            time.sleep(0.05)
        raise Failure("the holder never took byte %d of %s" % (offset, lock))

    holder = hold("npc-alice", 0o644)
    waiting = subprocess.Popen(w.command("npc-alice", [w.probe, N, ""],
                                         {"NPCACHE_DIR": alice, "NPCACHE_CONFIG": config}),
                               stdout=subprocess.PIPE, text=True)
    time.sleep(2)
    check(waiting.poll() is None, "alice did not wait for her own lock")
    os.killpg(holder.pid, signal.SIGKILL)
    check(waiting.communicate(timeout=300)[0].startswith("computed"), "alice's call after her lock")

    holder = hold("npc-bob", 0o666)
    word, total, err = w.probe_as("npc-alice", alice, config)
    check(holder.poll() is None, "bob's holder ended early")
    check((word, total) == ("computed", TRUE_SUM), "alice's call beside bob's lock")
    check("a lock file that another user made" in err, "no warning: " + err)


# --- "shared": "group" ---------------------------------------------------------------------

def shared_group_trusts_the_group_only(w):
    """With "shared": "group", alice reads what bob stored; carol, outside the group, can
    neither use the directory nor plant in it; a file others may write is not read."""
    d = w.path("team")
    w.mkdir_as("npc-alice", d, 0o2770, TEAM)
    config = w.path("shared.json")
    w.write_as("npc-alice", config, '{"shared": "group"}')
    check(w.probe_as("npc-bob", d, config)[0] == "computed", "bob's first call")
    entry = only_entry(d)
    check(os.stat(entry).st_gid == os.stat(d).st_gid, "bob's entry is not the group's")
    check(mode_of(entry) & 0o002 == 0, "bob's entry is writable by others")
    check(w.probe_as("npc-alice", d, config)[:2] == ("loaded", TRUE_SUM), "alice reads bob's entry")
    word, _, err = w.probe_as("npc-carol", d, config)
    check(word == "computed" and "not caching" in err, "carol: " + err)
    # A file of carol's (her group, not the team's) planted in the directory.
    carol = w.path("carol")
    w.mkdir_as("npc-carol", carol, 0o755)
    check(w.probe_as("npc-carol", carol, forged=True)[0] == "computed", "carol's forgery")
    os.rename(only_entry(carol), entry)
    word, total, _ = w.probe_as("npc-alice", d, config)
    check((word, total) == ("computed", TRUE_SUM), "alice read carol's plant")
    # The group's own file, writable by everyone: anyone could have changed it.
    os.chmod(only_entry(d), 0o666)
    check(w.probe_as("npc-alice", d, config)[0] == "computed", "a world-writable entry was read")
    # Without the setting, the same directory is refused.
    word, _, err = w.probe_as("npc-alice", d)
    check(word == "computed" and "not caching" in err, "private mode used a group directory: " + err)


def umask_does_not_open_the_cache(w):
    """Private: with umask 000, nothing npcache makes is writable by others."""
    w.mkdir_as("npc-alice", w.path("alice"), 0o755)
    d = w.path("alice", "loose")
    check(w.probe_as("npc-alice", d, umask="000")[0] == "computed", "alice's call")
    entry = only_entry(d)
    made = [d, os.path.dirname(entry), entry] + glob.glob(d + "/.*") + glob.glob(d + "/*/.*")
    check(len(made) >= 5, "expected the root file and the counters too: %s" % made)
    for path in made:
        check(mode_of(path) & 0o022 == 0, "%s has mode %o" % (path, mode_of(path)))


# --- Deleting ------------------------------------------------------------------------------

def link_swapped_during_clear_deletes_nothing_outside(w):
    """alice keeps a cache in a directory everybody may write (sticky, like /tmp); bob puts
    a function-like directory of 60,000 *.npc files there and, while alice's clears run,
    swaps it for a link, in a loop, to alice's other cache: a directory of npcache's own,
    entries and all, that clear would empty if it followed the link. It survives every
    round."""
    shared, keep = w.path("shared"), w.path("alice-keep")
    w.mkdir_as("npc-alice", shared, 0o1777)
    w.mkdir_as("npc-alice", keep, 0o755)
    check(w.probe_as("npc-alice", keep)[0] == "computed", "alice's other cache")
    kept = only_entry(keep)
    data = os.path.dirname(kept)
    w.write_as("npc-alice", os.path.join(data, "results.npc"), "alice's results\n")
    # bob's directory looks like npcache's in every way he can make it: his own .counters
    # and entry (named like alice's kept one, since the key is the same), and many files.
    bob = w.path("bob-cache")
    w.mkdir_as("npc-bob", bob, 0o755)
    w.probe_as("npc-bob", bob)
    bob_function = os.path.dirname(only_entry(bob))
    evil = os.path.join(shared, "evil-12345678")
    fill = ('mkdir "$1" && cp "$2"/.counters "$2"/*.npc "$1" && cd "$1" && '
            'seq 1 60000 | sed "s/$/.npc/" | xargs touch && echo x > results.npc')
    check(w.run("npc-bob", ["sh", "-c", fill, "sh", evil, bob_function]).returncode == 0, "bob's files")
    check(os.path.exists(os.path.join(evil, os.path.basename(kept))), "bob has no file named like alice's")
    swap = ('while :; do mv "$1" "$1.real"; ln -s "$2" "$1"; rm -f "$1"; mv "$1.real" "$1"; done')
    w.start("npc-bob", ["sh", "-c", swap, "sh", evil, data])
    rounds = 0
    for _ in range(20):
        check(w.probe_as("npc-alice", shared)[0] == "computed", "alice's call before clear")
        done = w.run("npc-alice", [w.npcache, "clear", shared])
        check(done.returncode == 0, "clear failed: " + done.stderr)
        check("removed 1 entries" in done.stdout, "clear did not clear alice's entry: " + done.stdout)
        check(os.path.exists(os.path.join(data, "results.npc")), "alice's data was deleted")
        check(os.path.exists(kept), "alice's other cache was cleared through bob's link")
        rounds += 1
    print("%d clears with the link swapped in a loop; alice's data intact" % rounds)


def configuration_of_every_kind(w):
    """NPCACHE_CONFIG naming what a user may not read, a directory, a FIFO, a device or
    megabytes: an error message, and the program runs on uncached."""
    d = w.path("alice")
    w.mkdir_as("npc-alice", d, 0o755)
    unreadable = w.path("unreadable.json")
    w.write_as("npc-alice", unreadable, "{}", 0o000)
    fifo = w.path("fifo")
    os.mkfifo(fifo)
    shutil.chown(fifo, "npc-alice", "npc-alice")
    huge = w.path("huge.json")
    w.write_as("npc-alice", huge, '{"version": "' + "x" * (2 << 20) + '"}')
    cases = {unreadable: "cannot open the configuration file: Permission denied",
             w.root: "the configuration is not a regular file",
             fifo: "the configuration is not a regular file",
             "/dev/zero": "the configuration is not a regular file",
             huge: "more than 1048576 is not a configuration"}
    for config, message in cases.items():
        word, total, err = w.probe_as("npc-alice", d, config)
        check((word, total) == ("computed", TRUE_SUM), config)
        check(message in err and "caching is off" in err, "%s: %s" % (config, err))
    check(glob.glob(d + "/**/*.npc", recursive=True) == [], "a broken configuration cached")


CASES = {f.__name__: f for f in [
    group_writable_dir_is_refused, planted_entry_is_not_read, foreign_lock_does_not_block,
    shared_group_trusts_the_group_only, umask_does_not_open_the_cache,
    link_swapped_during_clear_deletes_nothing_outside, configuration_of_every_kind]}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in CASES:
        sys.exit("usage: security.py {%s} PROBE NPCACHE" % ",".join(CASES))
    if os.geteuid() != 0:
        print("skipped: needs root to create the users")
        sys.exit(77)
    ensure_users()
    world = World(sys.argv[2], sys.argv[3])
    try:
        CASES[sys.argv[1]](world)
    except Failure as e:
        print("FAILED: " + str(e))
        sys.exit(1)
    finally:
        world.close()
    print("ok")


if __name__ == "__main__":
    main()
