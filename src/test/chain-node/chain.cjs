'use strict';
// The chain's state: blocks (deterministic hashes, per-block System.Events), storage, accounts,
// twins, the pool of submitted extrinsics and block production. Emits 'head', 'finalized' and
// 'runtime' for the RPC layer's subscriptions.

const { EventEmitter } = require('events');
const { u8aConcat, u8aToHex, hexToU8a, bnToU8a } = require('@polkadot/util');
const { blake2AsHex } = require('@polkadot/util-crypto');
const { Runtime } = require('./runtime.cjs');
const { Tfgrid } = require('./tfgrid.cjs');
const { applyExtrinsic } = require('./pool.cjs');

const FUNDS = 1_000_000_000_000n;

class Chain extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.genesis = options.genesis;
    this.blocks = [];
    this.reset();
    this.blocks.push(this.makeBlock(0, [], this.runtime.encodeEvents([])));
  }

  /** Back to the start state; blocks already made stay (numbers only grow), ports are the RPC layer's. */
  reset() {
    const { metadata, specVersion, transactionVersion, blockMs } = this.options;
    this.setRuntime(new Runtime(metadata, specVersion, transactionVersion));
    this.tfgrid = new Tfgrid();
    this.accounts = new Map(); // account hex -> {nonce, poor}
    this.storageReads = new Map();
    this.submitted = [];
    this.failures = [];
    this.pool = [];
    this.pendingRecords = [];
    this.unfinalized = [];
    this.stalled = false;
    this.setBlockMs(blockMs);
  }

  setRuntime(runtime) {
    this.runtime = runtime;
    this.storageCache = null;
  }

  upgrade(specVersion, transactionVersion, metadata) {
    const next = new Runtime(metadata || this.runtime.metadataFile, specVersion,
      transactionVersion || this.runtime.transactionVersion);
    this.setRuntime(next);
    this.emit('runtime', this.runtimeVersion());
  }

  runtimeVersion() {
    return this.runtime.version(this.options.specName);
  }

  // --- blocks

  blockHash(number) {
    return number === 0 ? this.genesis : blake2AsHex(u8aConcat(hexToU8a(this.genesis), bnToU8a(number, { bitLength: 32 })));
  }

  makeBlock(number, extrinsics, events) {
    const hash = this.blockHash(number);
    const header = {
      parentHash: number === 0 ? u8aToHex(new Uint8Array(32)) : this.blockHash(number - 1),
      number: '0x' + number.toString(16),
      stateRoot: blake2AsHex(`state ${hash}`),
      extrinsicsRoot: blake2AsHex(extrinsics.join('')),
      digest: { logs: [] },
    };
    return { number, hash, header, extrinsics, events };
  }

  best() {
    return this.blocks[this.blocks.length - 1];
  }

  finalized() {
    return this.blocks[Math.max(0, this.blocks.length - 2)];
  }

  block(hash) {
    return this.blocks.find((b) => b.hash === hash) || null;
  }

  /** Makes the next block from the pool and the queued control events; returns it. */
  produceBlock() {
    const number = this.best().number + 1;
    const hash = this.blockHash(number);
    const rt = this.runtime;
    const extrinsics = [rt.timestampExtrinsic(Date.now())];
    const records = [{ phase: { ApplyExtrinsic: 0 }, event: rt.event('System', 'ExtrinsicSuccess', rt.dispatchInfo()) }];
    const included = [];
    for (const entry of this.pool.splice(0)) {
      const index = extrinsics.length;
      extrinsics.push(entry.hex);
      records.push(...applyExtrinsic(this, entry).map((event) => ({ phase: { ApplyExtrinsic: index }, event })));
      entry.record.block = number;
      included.push(entry);
    }
    let index = extrinsics.length; // control events pose as extrinsics the test did not show
    for (const events of this.pendingRecords.splice(0)) {
      const phase = { ApplyExtrinsic: index++ };
      records.push(...events.map((event) => ({ phase, event })));
    }
    const block = this.makeBlock(number, extrinsics, rt.encodeEvents(records));
    this.blocks.push(block);
    this.storageCache = null;
    included.forEach((entry) => entry.watch({ inBlock: hash }));
    this.finalize(included);
    this.emit('head', block.header);
    this.emit('finalized', this.finalized().header);
    return block;
  }

  finalize(included) {
    for (const entry of this.unfinalized.splice(0)) {
      entry.watch({ finalized: this.blockHash(entry.record.block) });
    }
    this.unfinalized.push(...included.filter((e) => !e.neverFinalize));
  }

  setBlockMs(ms) {
    this.blockMs = ms;
    clearInterval(this.timer);
    this.timer = ms > 0 ? setInterval(() => this.stalled || this.produceBlock(), ms) : null;
  }

  stop() {
    clearInterval(this.timer);
  }

  /** A block soon after a submission (instant inclusion), unless heads are stalled. */
  scheduleBlock() {
    if (!this.stalled && !this.blockScheduled) {
      this.blockScheduled = true;
      setTimeout(() => {
        this.blockScheduled = false;
        this.produceBlock();
      }, 10);
    }
  }

  // --- storage

  account(accountHex) {
    if (!this.accounts.has(accountHex)) {
      this.accounts.set(accountHex, { nonce: 0, poor: false });
    }
    return this.accounts.get(accountHex);
  }

  currentStorage() {
    if (!this.storageCache) {
      const entries = this.tfgrid.storage(this.runtime);
      const holders = new Set([...this.accounts.keys(), ...[...this.tfgrid.twins.values()].map((t) => t.accountId)]);
      for (const holder of holders) {
        const { nonce, poor } = this.account(holder);
        const info = { nonce, providers: 1, data: { free: poor ? 0n : FUNDS } };
        entries.set(this.runtime.accountKey(holder), this.runtime.storageValue('system', 'account', info));
      }
      this.storageCache = entries;
    }
    return this.storageCache;
  }

  /** state_getStorage: System.Events of the block, anything else from the current state. */
  storage(key, hash) {
    this.storageReads.set(key, (this.storageReads.get(key) || 0) + 1);
    const block = hash ? this.block(hash) : this.best();
    if (!block) {
      return { unknownBlock: true };
    }
    if (key === this.runtime.eventsKey()) {
      return { value: block.events };
    }
    const value = this.currentStorage().get(key);
    return { value: value === undefined ? null : value };
  }

  // --- control

  /** Sets a twin; `event` 'stored' or 'updated' also makes a block with that event, 'none' does not. */
  putTwin(twin, event) {
    this.tfgrid.put(twin);
    this.storageCache = null;
    if (event === 'stored' || event === 'updated') {
      return this.controlBlock(event === 'stored' ? 'TwinStored' : 'TwinUpdated', twin);
    }
    return null;
  }

  deleteTwin(id, emitEvent) {
    const existed = this.tfgrid.delete(id);
    this.storageCache = null;
    return { existed, block: existed && emitEvent ? this.controlBlock('TwinDeleted', id) : null };
  }

  /** A block holding a TfgridModule event between unrelated Balances events (clients must skip them). */
  controlBlock(method, value) {
    const rt = this.runtime;
    const bystander = u8aToHex(new Uint8Array(32).fill(7));
    this.pendingRecords.push([
      rt.event('Balances', 'Withdraw', bystander, 10_118),
      rt.event('TfgridModule', method, value),
      rt.event('Balances', 'Deposit', bystander, 1),
      rt.event('System', 'ExtrinsicSuccess', rt.dispatchInfo()),
    ]);
    return this.produceBlock().number;
  }
}

module.exports = { Chain };
