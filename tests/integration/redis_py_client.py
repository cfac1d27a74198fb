"""redis-py (Debian's python3-redis) against a server on 127.0.0.1:PORT, as an application uses
it: pub/sub with a message loop, BLPOP with a timeout and served by another client, a
transaction pipeline, WATCH with a retry, Lock (acquire, extend, release: Lua scripts) and
Script (EVALSHA, falling back to EVAL). The same script runs against kvmock serve and
redis-server; any difference fails it. Usage: redis_py_client.py PORT"""

import sys
import threading

import redis

port = int(sys.argv[1])
r = redis.Redis(port=port, socket_timeout=30)
r.flushall()
failures = []


def expect(what, got, wanted):
    if got != wanted:
        failures.append(f"{what}: got {got!r}, wanted {wanted!r}")


def blocked_clients(client):
    return client.info("clients")["blocked_clients"]


# Pub/sub: a subscriber's message loop sees its confirmations, then messages, in order.
p = r.pubsub()
p.subscribe("news")
p.psubscribe("sport.*")
expect("subscribe", p.get_message(timeout=10), {"type": "subscribe", "pattern": None, "channel": b"news", "data": 1})
expect("psubscribe", p.get_message(timeout=10), {"type": "psubscribe", "pattern": None, "channel": b"sport.*", "data": 2})
expect("publish news", r.publish("news", "hello"), 1)
expect("publish sport", r.publish("sport.tennis", "ace"), 1)
expect("message", p.get_message(timeout=10), {"type": "message", "pattern": None, "channel": b"news", "data": b"hello"})
expect("pmessage", p.get_message(timeout=10),
       {"type": "pmessage", "pattern": b"sport.*", "channel": b"sport.tennis", "data": b"ace"})
expect("numsub", r.pubsub_numsub("news"), [(b"news", 1)])
p.unsubscribe()
p.punsubscribe()
expect("unsubscribe", p.get_message(timeout=10)["type"], "unsubscribe")
expect("punsubscribe", p.get_message(timeout=10)["type"], "punsubscribe")
p.close()
expect("publish to nobody", r.publish("news", "late"), 0)

# BLPOP: a timeout answers None; a waiting worker is served by another client's push.
expect("blpop timeout", r.blpop("empty", timeout=0.1), None)
r.rpush("q", "x")
expect("blpop ready", r.blpop("q", timeout=1), (b"q", b"x"))
served = []
worker = threading.Thread(target=lambda: served.append(redis.Redis(port=port).blpop(["jobs", "other"], timeout=0)))
worker.start()
while blocked_clients(r) != 1:
    pass
r.rpush("other", "job-1")
worker.join()
expect("blpop served", served, [(b"other", b"job-1")])
expect("brpoplpush", r.brpoplpush("missing", "dst", timeout=0.1), None)

# A transaction pipeline, and WATCH's optimistic retry losing once to another client.
with r.pipeline(transaction=True) as pipe:
    expect("multi/exec", pipe.set("a", 1).incr("a").get("a").execute(), [True, 2, b"2"])
other = redis.Redis(port=port)
attempts = 0
with r.pipeline() as pipe:
    while True:
        attempts += 1
        try:
            pipe.watch("counter")
            value = int(pipe.get("counter") or 0)
            if attempts == 1:
                other.set("counter", 100)  # another client changes it in between
            pipe.multi()
            pipe.set("counter", value + 1)
            pipe.execute()
            break
        except redis.WatchError:
            continue
expect("watch retries", (attempts, r.get("counter")), (2, b"101"))

# Lock: SET NX PX to acquire, Lua scripts to extend and release (only while it is ours).
lock = r.lock("resource", timeout=10)
expect("lock acquire", lock.acquire(blocking=False), True)
expect("second acquire", r.lock("resource", timeout=10).acquire(blocking=False), False)
expect("lock extend", lock.extend(5), True)
expect("lock ttl", 10000 < r.pttl("resource") <= 15000, True)
stolen = r.lock("resource", timeout=10)
stolen.local.token = b"not-the-owner"
try:
    stolen.release()
    failures.append("releasing another owner's lock did not fail")
except redis.exceptions.LockNotOwnedError:
    pass
lock.release()
expect("released", r.exists("resource"), 0)

# Script: EVALSHA first, EVAL when the server does not know it (NOSCRIPT), then EVALSHA again.
r.script_flush()
double = r.register_script("return tonumber(ARGV[1]) * 2 + #KEYS")
expect("script", double(keys=["a"], args=[20]), 41)
expect("script cached", r.script_exists(double.sha), [True])
expect("script again", double(keys=[], args=[1]), 2)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: redis-py", redis.__version__)
