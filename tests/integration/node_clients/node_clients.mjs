// ioredis 5 and node-redis 5 against a server on 127.0.0.1:PORT (kvmock serve or redis-server),
// as services use them: the handshake, a script defined once and called by its SHA (EVALSHA,
// falling back to EVAL), a publish reaching a subscriber, BLPOP timing out and then served by
// another client, and a consumer group reading what XADD wrote. node-redis runs over RESP2 and
// over RESP3. Exits 1 at the first step that does not give what Redis gives.
//
// Usage: node node_clients.mjs PORT

import assert from 'node:assert/strict';
import { once } from 'node:events';
import Redis from 'ioredis';
import { createClient, defineScript } from 'redis';

const port = Number(process.argv[2]);
const url = `redis://127.0.0.1:${port}`;

// Releases a lock only for its owner, as lock libraries do.
const unlockScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

async function ioredisSteps() {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  await client.flushall();
  assert.equal(await client.set('greeting', 'hello'), 'OK');
  assert.equal(await client.get('greeting'), 'hello');

  client.defineCommand('unlock', { numberOfKeys: 1, lua: unlockScript });
  assert.equal(await client.set('lock', 'me', 'PX', 10000, 'NX'), 'OK');
  assert.equal(await client.unlock('lock', 'someone else'), 0);
  assert.equal(await client.unlock('lock', 'me'), 1);
  assert.equal(await client.exists('lock'), 0);

  const subscriber = client.duplicate();
  await subscriber.subscribe('news');
  const message = once(subscriber, 'message');
  assert.equal(await client.publish('news', 'extra'), 1);
  assert.deepEqual(await message, ['news', 'extra']);
  subscriber.disconnect();

  assert.equal(await client.blpop('jobs', 0.05), null);
  const worker = client.duplicate();
  const job = worker.blpop('jobs', 0);
  while ((await client.client('LIST')).split('\n').every((line) => !line.includes('cmd=blpop'))) {
    // the worker's BLPOP has not arrived yet
  }
  await client.rpush('jobs', 'job-1');
  assert.deepEqual(await job, ['jobs', 'job-1']);
  worker.disconnect();

  assert.equal(await client.xgroup('CREATE', 'events', 'workers', '$', 'MKSTREAM'), 'OK');
  const id = await client.xadd('events', '*', 'kind', 'signup');
  const read = await client.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', 10, 'STREAMS', 'events', '>');
  assert.deepEqual(read, [['events', [[id, ['kind', 'signup']]]]]);
  assert.equal(await client.xack('events', 'workers', id), 1);
  client.disconnect();
  console.log('ok: ioredis');
}

async function nodeRedisSteps(RESP) {
  const client = createClient({
    url,
    RESP,
    unstableResp3: RESP === 3,  // node-redis marks XREADGROUP's RESP3 reply as unstable
    scripts: {
      unlock: defineScript({
        NUMBER_OF_KEYS: 1,
        SCRIPT: unlockScript,
        parseCommand(parser, key, owner) {
          parser.pushKey(key);
          parser.push(owner);
        },
        transformReply: (reply) => reply,
      }),
    },
  });
  client.on('error', (error) => {
    console.error(`node-redis (RESP${RESP}) error:`, error);
    process.exit(1);
  });
  await client.connect();
  await client.flushAll();
  assert.equal(await client.set('greeting', 'hello'), 'OK');
  assert.equal(await client.get('greeting'), 'hello');

  assert.equal(await client.set('lock', 'me', { PX: 10000, NX: true }), 'OK');
  assert.equal(await client.unlock('lock', 'someone else'), 0);
  assert.equal(await client.unlock('lock', 'me'), 1);

  const subscriber = client.duplicate();
  await subscriber.connect();
  let resolveMessage;
  const message = new Promise((resolve) => { resolveMessage = resolve; });
  await subscriber.subscribe('news', (text, channel) => resolveMessage([channel, text]));
  assert.equal(await client.publish('news', 'extra'), 1);
  assert.deepEqual(await message, ['news', 'extra']);
  await subscriber.quit();

  assert.equal(await client.blPop('jobs', 0.05), null);
  const worker = client.duplicate();
  await worker.connect();
  const job = worker.blPop('jobs', 0);
  while (!(await client.clientList()).some((c) => c.cmd === 'blpop')) {
    // the worker's BLPOP has not arrived yet
  }
  await client.rPush('jobs', 'job-1');
  assert.deepEqual(await job, { key: 'jobs', element: 'job-1' });
  await worker.quit();

  assert.equal(await client.xGroupCreate('events', 'workers', '$', { MKSTREAM: true }), 'OK');
  const id = await client.xAdd('events', '*', { kind: 'signup' });
  const read = await client.xReadGroup('workers', 'w1', { key: 'events', id: '>' }, { COUNT: 10 });
  // RESP2's reply is parsed into objects; RESP3's (unstable in node-redis) is kept as sent.
  const entries = RESP === 3
    ? read.events
    : read[0].messages.map((entry) => [entry.id, Object.entries(entry.message).flat()]);
  assert.deepEqual(entries, [[id, ['kind', 'signup']]]);
  assert.equal(await client.xAck('events', 'workers', id), 1);
  await client.quit();
  console.log(`ok: node-redis, RESP${RESP}`);
}

try {
  await ioredisSteps();
  await nodeRedisSteps(2);
  await nodeRedisSteps(3);
} catch (error) {
  console.error(error);
  process.exit(1);
}
process.exit(0);
