'use strict';
// The part of the TfgridModule pallet the tests need: twins in storage and update_twin with the
// runtime's rules (chain.md §4). Values are polkadot-js JSON shapes; SCALE is made by the Runtime.

const { u8aToHex, hexToU8a, u8aToString } = require('@polkadot/util');

const MAX_RELAY_LENGTH = 1024;
const MAX_PK_LENGTH = 128;
const RELAY_BYTES = /^[a-zA-Z0-9._-]*$/;

/** The runtime's relay check; returns the error name, or null when the relay is accepted. */
function relayError(relayBytes) {
  if (relayBytes.length > MAX_RELAY_LENGTH) {
    return 'RelayTooLong';
  }
  const relay = u8aToString(relayBytes);
  const ascii = relayBytes.every((b) => b < 0x80);
  if (relay.length === 0 || !ascii || !RELAY_BYTES.test(relay)) {
    return 'InvalidRelayAddress';
  }
  if (relay.startsWith('.') || relay.endsWith('.') || relay.includes('..') || relay.indexOf('.') === 1) {
    return 'InvalidRelayAddress';
  }
  return null;
}

class Tfgrid {
  constructor() {
    this.twins = new Map(); // id -> {id, accountId, relay, entities, pk} (hex for bytes)
  }

  twinOf(accountHex) {
    for (const twin of this.twins.values()) {
      if (twin.accountId === accountHex) {
        return twin;
      }
    }
    return null;
  }

  put(twin) {
    this.twins.set(twin.id, twin);
  }

  delete(id) {
    return this.twins.delete(id);
  }

  lastId() {
    let last = 0;
    for (const id of this.twins.keys()) {
      last = Math.max(last, id);
    }
    return last;
  }

  /** Storage entries {key -> value hex} of every twin, its account index and the id counter. */
  storage(runtime) {
    const entries = new Map();
    for (const twin of this.twins.values()) {
      entries.set(runtime.twinKey(twin.id), runtime.twinValue(twin));
      entries.set(runtime.twinIdKey(twin.accountId), runtime.storageValue('tfgridModule', 'twinIdByAccountID', twin.id));
    }
    if (this.twins.size > 0) {
      entries.set(runtime.twinCounterKey(), runtime.storageValue('tfgridModule', 'twinID', this.lastId()));
    }
    return entries;
  }

  /**
   * update_twin(relay, pk) by `accountHex`: {error} (a TfgridModule error name, or 'Other') or
   * {twin} (the updated twin, already stored).
   */
  updateTwin(accountHex, relay, pk) {
    const owned = this.twinOf(accountHex);
    if (!owned) {
      return { error: 'TwinNotExists' };
    }
    const relayBytes = relay.isSome ? relay.unwrap().toU8a(true) : null;
    const pkBytes = pk.isSome ? pk.unwrap().toU8a(true) : null;
    if (relayBytes) {
      const error = relayError(relayBytes);
      if (error) {
        return { error };
      }
    }
    if (pkBytes && pkBytes.length > MAX_PK_LENGTH) {
      return { error: 'Other' };
    }
    const twin = {
      ...owned,
      relay: relayBytes ? u8aToHex(relayBytes) : null,
      pk: pkBytes ? u8aToHex(pkBytes) : null,
    };
    this.twins.set(twin.id, twin);
    return { twin };
  }
}

/** A twin given to the control API: relay as text, account and pk as hex. */
function twinFromControl(id, body) {
  const account = hexToU8a(body.account);
  if (account.length !== 32) {
    throw new Error('account must be 32 bytes of hex');
  }
  return {
    id,
    accountId: u8aToHex(account),
    relay: body.relay == null ? null : u8aToHex(new TextEncoder().encode(body.relay)),
    entities: [],
    pk: body.pk == null ? null : u8aToHex(hexToU8a(body.pk)),
  };
}

module.exports = { Tfgrid, relayError, twinFromControl };
