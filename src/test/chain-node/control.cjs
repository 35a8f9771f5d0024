'use strict';
// The control API for tests: plain HTTP with JSON bodies (see README.md).

const http = require('http');
const { decodeAddress } = require('@polkadot/util-crypto');
const { u8aToHex } = require('@polkadot/util');
const { twinFromControl } = require('./tfgrid.cjs');
const { FAILURE_KINDS } = require('./pool.cjs');

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function accountHex(text) {
  return u8aToHex(decodeAddress(text));
}

function status(chain, rpc) {
  return {
    best: chain.best().number,
    bestHash: chain.best().hash,
    finalized: chain.finalized().number,
    genesis: chain.genesis,
    specVersion: chain.runtime.specVersion,
    transactionVersion: chain.runtime.transactionVersion,
    metadata: chain.runtime.metadataFile,
    blockMs: chain.blockMs,
    stalled: chain.stalled,
    ports: rpc.ports(),
    pendingFailures: [...chain.failures],
  };
}

/** Routes: [method, pattern, handler(match, body, query)]. */
function routes(node) {
  const { chain, rpc } = node;
  const id = (m) => Number(m[1]);
  return [
    ['GET', /^\/status$/, () => status(chain, rpc)],
    ['PUT', /^\/twins\/(\d+)$/, (m, body) => ({ block: chain.putTwin(twinFromControl(id(m), body), body.event || 'none') })],
    ['GET', /^\/twins\/(\d+)$/, (m) => chain.tfgrid.twins.get(id(m)) || null],
    ['DELETE', /^\/twins\/(\d+)$/, (m, body, q) => chain.deleteTwin(id(m), q.get('event') !== 'none')],
    ['POST', /^\/blocks$/, (m, body) => {
      const count = body.count === undefined ? 1 : body.count;
      const numbers = [];
      for (let i = 0; i < count; i++) {
        numbers.push(chain.produceBlock().number);
      }
      return { best: chain.best().number, hash: chain.best().hash, produced: numbers };
    }],
    ['POST', /^\/heads\/stall$/, () => ({ stalled: (chain.stalled = true) })],
    ['POST', /^\/heads\/resume$/, () => ({ stalled: (chain.stalled = false) })],
    ['PUT', /^\/block-ms$/, (m, body) => ({ blockMs: (chain.setBlockMs(body.ms), chain.blockMs) })],
    ['POST', /^\/connections\/drop$/, () => ({ dropped: rpc.dropConnections() })],
    ['POST', /^\/ports\/(\d+)\/close$/, async (m) => (await rpc.close(id(m)), { ports: rpc.ports() })],
    ['POST', /^\/ports\/(\d+)\/open$/, async (m) => (await rpc.open(id(m)), { ports: rpc.ports() })],
    ['POST', /^\/submit-failures$/, (m, body) => {
      if (!FAILURE_KINDS.includes(body.kind)) {
        throw new HttpError(400, `kind must be one of ${FAILURE_KINDS.join(', ')}`);
      }
      for (let i = 0; i < (body.count || 1); i++) {
        chain.failures.push(body.kind);
      }
      return { pendingFailures: [...chain.failures] };
    }],
    ['GET', /^\/submitted$/, () => chain.submitted],
    ['GET', /^\/storage-reads$/, () => Object.fromEntries(chain.storageReads)],
    ['GET', /^\/storage-reads\/(0x[0-9a-fA-F]+)$/, (m) => ({ key: m[1], count: chain.storageReads.get(m[1].toLowerCase()) || 0 })],
    ['GET', /^\/keys$/, (m, body, q) => storageKeys(chain, q)],
    ['PUT', /^\/accounts\/([^/]+)$/, (m, body) => {
      const account = chain.account(accountHex(m[1]));
      if (body.nonce !== undefined) {
        account.nonce = body.nonce;
      }
      if (body.poor !== undefined) {
        account.poor = Boolean(body.poor);
      }
      chain.storageCache = null;
      return account;
    }],
    ['POST', /^\/runtime$/, (m, body) => (chain.upgrade(body.specVersion, body.transactionVersion, body.metadata), status(chain, rpc))],
    ['POST', /^\/reset$/, async () => {
      chain.reset();
      await Promise.all(node.ports.map((port) => rpc.open(port)));
      return status(chain, rpc);
    }],
  ];
}

/** The storage keys the node serves (made by polkadot-js), for tests that count reads. */
function storageKeys(chain, query) {
  const rt = chain.runtime;
  const keys = { events: rt.eventsKey(), twinId: rt.twinCounterKey() };
  if (query.get('twin')) {
    keys.twin = rt.twinKey(Number(query.get('twin')));
  }
  if (query.get('account')) {
    const account = accountHex(query.get('account'));
    keys.twinIdByAccount = rt.twinIdKey(account);
    keys.account = rt.accountKey(account);
  }
  return keys;
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (e) {
        reject(new HttpError(400, 'body is not JSON: ' + e.message));
      }
    });
    request.on('error', reject);
  });
}

function startControl(node, port) {
  const table = routes(node);
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const answer = (code, value) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    };
    try {
      const route = table.find(([method, pattern]) => method === request.method && pattern.test(url.pathname));
      if (!route) {
        throw new HttpError(404, `no route ${request.method} ${url.pathname}`);
      }
      const body = await readBody(request);
      answer(200, await route[2](url.pathname.match(route[1]), body, url.searchParams));
    } catch (e) {
      answer(e.status || 500, { error: e.message });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

module.exports = { startControl };
