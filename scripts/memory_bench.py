#!/usr/bin/env python3
"""Resident memory of redis-server and `kvmock serve` holding the same data, measured side by side
in one run: a million small strings, then a list, a hash, a set and a sorted set of a million
elements each. Each server starts empty; the growth of its resident size (VmRSS) over its empty
size is what the data costs. Usage: memory_bench.py KVMOCK_BINARY [ELEMENTS]."""
import os, socket, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")

def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)

def wait_ping(port):
    for _ in range(400):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(encode("PING"))
                if s.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.025)
    raise RuntimeError(f"nothing answers on {port}")

def load(port, commands):
    """Sends the commands pipelined through redis-cli --pipe, which waits for every reply."""
    data = b"".join(commands)
    result = subprocess.run(["redis-cli", "-p", str(port), "--pipe"], input=data,
                            capture_output=True)
    if b"errors: 0" not in result.stdout:
        raise RuntimeError(result.stdout.decode() + result.stderr.decode())

def workloads(n):
    # Values and members as a test suite writes them: a dozen bytes.
    yield "strings", [encode("SET", f"key:{i:07d}", f"value:{i:07d}") for i in range(n)]
    batch = 100
    yield "list", [encode("RPUSH", "list", *[f"element:{j:07d}" for j in range(i, min(i + batch, n))])
                   for i in range(0, n, batch)]
    yield "hash", [encode("HSET", "hash", *[x for j in range(i, min(i + batch, n))
                                            for x in (f"field:{j:07d}", f"value:{j:07d}")])
                   for i in range(0, n, batch)]
    yield "set", [encode("SADD", "set", *[f"member:{j:07d}" for j in range(i, min(i + batch, n))])
                  for i in range(0, n, batch)]
    yield "sorted set", [encode("ZADD", "zset", *[x for j in range(i, min(i + batch, n))
                                                  for x in ((j * 7919) % n, f"member:{j:07d}")])
                         for i in range(0, n, batch)]

def start(argv):
    port = free_port()
    proc = subprocess.Popen(argv(port), stdout=subprocess.DEVNULL)
    wait_ping(port)
    return port, proc

def main():
    kvmock = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    servers = {
        "redis-server": lambda port: ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"],
        "kvmock": lambda port: [kvmock, "serve", "--port", str(port)],
    }
    print(f"{'data':14} {'redis-server':>14} {'kvmock':>14} {'ratio':>7}   (MiB added, {n:,} elements)")
    for name, commands in workloads(n):
        grown = {}
        # Each measure in a fresh process: an allocator keeps what it freed, so a second load
        # into the same process would look free.
        for server, argv in servers.items():
            port, proc = start(argv)
            try:
                time.sleep(0.3)
                before = rss_kib(proc.pid)
                load(port, commands)
                time.sleep(0.3)
                grown[server] = rss_kib(proc.pid) - before
            finally:
                proc.terminate()
                proc.wait()
        r, k = grown["redis-server"], grown["kvmock"]
        print(f"{name:14} {r / 1024:14.1f} {k / 1024:14.1f} {k / r:7.2f}   "
              f"({r * 1024 / n:.0f} vs {k * 1024 / n:.0f} bytes an element)", flush=True)

if __name__ == "__main__":
    main()
