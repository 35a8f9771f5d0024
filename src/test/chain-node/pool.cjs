'use strict';
// author_submitAndWatchExtrinsic: decode with polkadot-js, rebuild the signing payload, verify the
// signature, check the nonce and funds (JSON-RPC 1010 like a real node), queue; and applying a
// queued extrinsic in a block (update_twin with the runtime's rules, its events).

const { u8aToHex, u8aToString } = require('@polkadot/util');
const { encodeAddress } = require('@polkadot/util-crypto');

const FEE = 10_118;

class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

function invalid(reason) {
  return new RpcError(1010, 'Invalid Transaction', { invalid: { [reason]: null } });
}

const REJECTIONS = {
  payment: () => invalid('payment'),
  badProof: () => invalid('badProof'),
  stale: () => invalid('stale'),
  future: () => invalid('future'),
  ancientBirthBlock: () => invalid('ancientBirthBlock'),
  unknown: () => new RpcError(1011, 'Unknown Transaction Validity', { unknown: { cannotLookup: null } }),
};
// kinds accepted as "ready", then: a final status instead of inclusion, or never finalized
const AFTER_READY = ['invalid', 'dropped', 'usurped', 'neverInclude', 'neverFinalize'];
const FAILURE_KINDS = [...Object.keys(REJECTIONS), ...AFTER_READY];

function decode(chain, hex) {
  try {
    return chain.runtime.decodeExtrinsic(hex);
  } catch (e) {
    throw new RpcError(1001, 'Extrinsic has invalid format: ' + e.message);
  }
}

/** What the submitted-extrinsics log says of one extrinsic. */
function describe(extrinsic, hex) {
  const { section, method, args } = extrinsic.method;
  const record = {
    hash: extrinsic.hash.toHex(),
    extrinsic: hex,
    signer: u8aToHex(extrinsic.signer.toU8a().subarray(1)),
    address: encodeAddress(extrinsic.signer.toU8a().subarray(1), 42),
    signatureType: extrinsic.inner.signature.multiSignature.type,
    nonce: extrinsic.nonce.toNumber(),
    tip: extrinsic.tip.toString(),
    era: extrinsic.era.toHex(),
    call: extrinsic.method.toHex(),
    section,
    method,
    outcome: 'pending',
    block: null,
  };
  if (section === 'tfgridModule' && method === 'updateTwin') {
    const [relay, pk] = args;
    record.relay = relay.isSome ? u8aToString(relay.unwrap().toU8a(true)) : null;
    record.pk = pk.isSome ? u8aToHex(pk.unwrap().toU8a(true)) : null;
  }
  return record;
}

/** The checkpoint of the extrinsic's era: genesis when immortal, else the birth block's hash. */
function checkpoint(chain, extrinsic) {
  if (extrinsic.era.isImmortalEra) {
    return chain.genesis;
  }
  const best = chain.best().number;
  const birth = extrinsic.era.asMortalEra.birth(best + 1);
  if (birth > best) {
    throw REJECTIONS.ancientBirthBlock();
  }
  return chain.blockHash(birth);
}

function checkSignature(chain, extrinsic, record) {
  const { payload, signed } = chain.runtime.signedBytes(extrinsic, chain.genesis, checkpoint(chain, extrinsic));
  record.signingPayload = payload;
  if (!chain.runtime.verify(extrinsic, signed)) {
    throw REJECTIONS.badProof();
  }
}

function checkNonceAndFunds(chain, record) {
  const account = chain.account(record.signer);
  const queued = chain.pool.filter((e) => e.record.signer === record.signer).length;
  const expected = account.nonce + queued;
  if (record.nonce < expected) {
    throw REJECTIONS.stale();
  }
  if (record.nonce > expected) {
    throw REJECTIONS.future();
  }
  if (account.poor) {
    throw REJECTIONS.payment();
  }
}

/**
 * Validates and queues an extrinsic; `watch(status)` gets its statuses ("ready" at once). Throws an
 * RpcError for what a real node refuses at submission.
 */
function submit(chain, hex, watch) {
  const failure = chain.failures.shift();
  const extrinsic = decode(chain, hex);
  if (!extrinsic.isSigned) {
    throw new RpcError(1011, 'Unknown Transaction Validity', { unknown: { noUnsignedValidator: null } });
  }
  const record = describe(extrinsic, hex);
  chain.submitted.push(record);
  try {
    if (failure && REJECTIONS[failure]) {
      throw REJECTIONS[failure]();
    }
    checkSignature(chain, extrinsic, record);
    checkNonceAndFunds(chain, record);
  } catch (e) {
    record.outcome = 'rejected:' + (e.data ? JSON.stringify(e.data) : e.message);
    throw e;
  }
  const entry = { hex, extrinsic, record, watch, neverFinalize: failure === 'neverFinalize' };
  record.outcome = 'ready';
  setImmediate(() => {
    entry.watch('ready');
    if (failure === 'invalid' || failure === 'dropped') {
      record.outcome = failure;
      entry.watch(failure);
    } else if (failure === 'usurped') {
      record.outcome = failure;
      entry.watch({ usurped: chain.best().hash });
    } else if (failure !== 'neverInclude') {
      chain.pool.push(entry);
      chain.scheduleBlock();
    }
  });
  return entry;
}

/** Applies a queued extrinsic to the chain's state; returns its events (SCALE of each). */
function applyExtrinsic(chain, entry) {
  const rt = chain.runtime;
  const { record, extrinsic } = entry;
  chain.account(record.signer).nonce += 1;
  chain.storageCache = null;
  const events = [rt.event('Balances', 'Withdraw', record.signer, FEE)];
  let error = 'CallFiltered';
  if (record.section === 'tfgridModule' && record.method === 'updateTwin') {
    const [relay, pk] = extrinsic.method.args;
    const result = chain.tfgrid.updateTwin(record.signer, relay, pk);
    error = result.error;
    if (result.twin) {
      events.push(rt.event('TfgridModule', 'TwinUpdated', result.twin));
    }
  }
  events.push(rt.event('TransactionPayment', 'TransactionFeePaid', record.signer, FEE, 0));
  if (!error) {
    record.outcome = 'success';
    events.push(rt.event('System', 'ExtrinsicSuccess', rt.dispatchInfo()));
  } else {
    record.outcome = 'failed:' + error;
    const dispatchError = error === 'Other' || error === 'CallFiltered'
      ? { Other: null } : rt.moduleError('TfgridModule', error);
    events.push(rt.event('System', 'ExtrinsicFailed', dispatchError, rt.dispatchInfo()));
  }
  return events;
}

module.exports = { RpcError, submit, applyExtrinsic, FAILURE_KINDS };
