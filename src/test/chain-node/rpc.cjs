'use strict';
// The legacy Substrate JSON-RPC over WebSocket, on one or more ports that the control API can
// close, reopen and drop.

const { WebSocketServer } = require('ws');
const { decodeAddress } = require('@polkadot/util-crypto');
const { u8aToHex } = require('@polkadot/util');
const { RpcError, submit } = require('./pool.cjs');

const SUBSCRIPTIONS = {
  chain_subscribeNewHeads: { event: 'head', method: 'chain_newHead', current: (c) => c.best().header },
  chain_subscribeAllHeads: { event: 'head', method: 'chain_allHead', current: (c) => c.best().header },
  chain_subscribeFinalizedHeads: { event: 'finalized', method: 'chain_finalizedHead', current: (c) => c.finalized().header },
  state_subscribeRuntimeVersion: { event: 'runtime', method: 'state_runtimeVersion', current: (c) => c.runtimeVersion() },
};
const UNSUBSCRIBE = {
  chain_unsubscribeNewHeads: true,
  chain_unsubscribeAllHeads: true,
  chain_unsubscribeFinalizedHeads: true,
  state_unsubscribeRuntimeVersion: true,
  author_unwatchExtrinsic: true,
};

function blockOf(chain, hash) {
  const block = hash ? chain.block(hash) : chain.best();
  if (!block) {
    throw new RpcError(4003, `Client error: UnknownBlock: Header was not found in the database: ${hash}`);
  }
  return block;
}

const METHODS = {
  state_getRuntimeVersion: (chain) => chain.runtimeVersion(),
  state_getMetadata: (chain) => chain.runtime.metadataHex,
  chain_getBlockHash: (chain, [n]) => {
    const number = n === undefined || n === null ? chain.best().number : Number(n);
    return number <= chain.best().number ? chain.blockHash(number) : null;
  },
  chain_getFinalizedHead: (chain) => chain.finalized().hash,
  chain_getHeader: (chain, [hash]) => blockOf(chain, hash).header,
  chain_getBlock: (chain, [hash]) => {
    const block = blockOf(chain, hash);
    return { block: { header: block.header, extrinsics: block.extrinsics }, justifications: null };
  },
  state_getStorage: (chain, [key, hash]) => {
    const { value, unknownBlock } = chain.storage(key, hash);
    if (unknownBlock) {
      blockOf(chain, hash);
    }
    return value;
  },
  system_accountNextIndex: (chain, [address]) => {
    let account;
    try {
      account = u8aToHex(decodeAddress(address));
    } catch (e) {
      throw new RpcError(-32602, 'Invalid params: ' + e.message);
    }
    const queued = chain.pool.filter((entry) => entry.record.signer === account).length;
    return chain.account(account).nonce + queued;
  },
  system_chain: () => 'tfchain test node',
  system_name: () => 'rmb-ee chain-node',
  system_version: () => '0.0.0',
  system_properties: () => ({ ss58Format: 42, tokenDecimals: 7, tokenSymbol: 'TFT' }),
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  rpc_methods: () => ({ methods: [...Object.keys(METHODS), ...Object.keys(SUBSCRIPTIONS), ...Object.keys(UNSUBSCRIBE)] }),
};

class RpcServer {
  constructor(chain, log) {
    this.chain = chain;
    this.log = log;
    this.servers = new Map(); // port -> WebSocketServer
    this.nextId = 1;
  }

  open(port) {
    if (this.servers.has(port)) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({ port, host: '127.0.0.1', maxPayload: 64 * 1024 * 1024 });
      server.on('connection', (socket) => this.connection(socket));
      server.once('listening', () => {
        this.servers.set(port, server);
        resolve();
      });
      server.once('error', reject);
    });
  }

  close(port) {
    const server = this.servers.get(port);
    this.servers.delete(port);
    if (!server) {
      return Promise.resolve();
    }
    server.clients.forEach((socket) => socket.terminate());
    return new Promise((resolve) => server.close(() => resolve()));
  }

  dropConnections() {
    let dropped = 0;
    for (const server of this.servers.values()) {
      server.clients.forEach((socket) => {
        socket.terminate();
        dropped++;
      });
    }
    return dropped;
  }

  ports() {
    return [...this.servers.keys()];
  }

  connection(socket) {
    const subscriptions = new Map(); // id -> unsubscribe function
    socket.on('message', (data) => this.message(socket, subscriptions, data.toString()));
    socket.on('close', () => subscriptions.forEach((stop) => stop()));
    socket.on('error', () => subscriptions.forEach((stop) => stop()));
  }

  message(socket, subscriptions, text) {
    let request;
    try {
      request = JSON.parse(text);
    } catch (e) {
      this.send(socket, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const { id, method, params = [] } = request;
    try {
      const result = this.call(socket, subscriptions, method, params);
      this.send(socket, { jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (e) {
      const error = e instanceof RpcError ? e : new RpcError(-32603, 'Internal error: ' + e.message);
      if (!(e instanceof RpcError)) {
        this.log(`internal error in ${method}: ${e.stack}`);
      }
      const body = { code: error.code, message: error.message };
      if (error.data !== undefined) {
        body.data = error.data;
      }
      this.send(socket, { jsonrpc: '2.0', id, error: body });
    }
  }

  call(socket, subscriptions, method, params) {
    if (METHODS[method]) {
      return METHODS[method](this.chain, params);
    }
    if (SUBSCRIPTIONS[method]) {
      return this.subscribe(socket, subscriptions, SUBSCRIPTIONS[method]);
    }
    if (method === 'author_submitAndWatchExtrinsic') {
      return this.watchExtrinsic(socket, subscriptions, params[0]);
    }
    if (UNSUBSCRIBE[method]) {
      const stop = subscriptions.get(params[0]);
      subscriptions.delete(params[0]);
      if (stop) {
        stop();
      }
      return Boolean(stop);
    }
    throw new RpcError(-32601, 'Method not found');
  }

  subscriptionId() {
    return 'sub' + (this.nextId++).toString(36).padStart(6, '0');
  }

  subscribe(socket, subscriptions, { event, method, current }) {
    const id = this.subscriptionId();
    const listener = (result) => this.notify(socket, method, id, result);
    this.chain.on(event, listener);
    subscriptions.set(id, () => this.chain.off(event, listener));
    setImmediate(() => subscriptions.has(id) && listener(current(this.chain)));
    return id;
  }

  watchExtrinsic(socket, subscriptions, hex) {
    const id = this.subscriptionId();
    const entry = submit(this.chain, hex, (status) => this.notify(socket, 'author_extrinsicUpdate', id, status));
    subscriptions.set(id, () => {
      entry.watch = () => {};
    });
    return id;
  }

  notify(socket, method, subscription, result) {
    this.send(socket, { jsonrpc: '2.0', method, params: { subscription, result } });
  }

  send(socket, message) {
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }
}

module.exports = { RpcServer };
