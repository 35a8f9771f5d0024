'use strict';
// One runtime version of the test chain: its metadata in a polkadot-js TypeRegistry, and every
// SCALE value, storage key, event and signature check the node needs, all made by polkadot-js.

const fs = require('fs');
const { TypeRegistry, Metadata } = require('@polkadot/types');
const { expandMetadata } = require('@polkadot/types/metadata/decorate');
const { u8aConcat, u8aToHex, hexToU8a, isHex } = require('@polkadot/util');
const { blake2AsU8a, ed25519Verify, sr25519Verify, signatureVerify } = require('@polkadot/util-crypto');

/** Reads a metadata file: raw SCALE bytes, or hex text when the name ends with .hex. */
function readMetadata(file) {
  if (file.endsWith('.hex')) {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!isHex(text)) {
      throw new Error(`${file} does not hold hex text`);
    }
    return hexToU8a(text);
  }
  return new Uint8Array(fs.readFileSync(file));
}

class Runtime {
  constructor(metadataFile, specVersion, transactionVersion) {
    this.metadataFile = metadataFile;
    this.specVersion = specVersion;
    this.transactionVersion = transactionVersion;
    this.registry = new TypeRegistry();
    this.metadata = new Metadata(this.registry, readMetadata(metadataFile));
    this.registry.setMetadata(this.metadata);
    this.metadataHex = this.metadata.toHex();
    this.decorated = expandMetadata(this.registry, this.metadata);
  }

  version(specName) {
    return {
      specName,
      implName: specName,
      authoringVersion: 1,
      specVersion: this.specVersion,
      implVersion: 0,
      apis: [],
      transactionVersion: this.transactionVersion,
      stateVersion: 0,
    };
  }

  // --- storage keys and values

  key(section, method, ...args) {
    const entry = this.decorated.query[section][method];
    return this.registry.createType('StorageKey', [entry, args]).toHex();
  }

  twinKey(id) {
    return this.key('tfgridModule', 'twins', id);
  }

  twinIdKey(account) {
    return this.key('tfgridModule', 'twinIdByAccountID', account);
  }

  twinCounterKey() {
    return this.key('tfgridModule', 'twinID');
  }

  eventsKey() {
    return this.key('system', 'events');
  }

  accountKey(account) {
    return this.key('system', 'account', account);
  }

  /** The SCALE of a storage entry's value type (its type as the metadata says). */
  storageValue(section, method, value) {
    const type = this.decorated.query[section][method].meta.type;
    const valueType = type.isPlain ? type.asPlain : type.asMap.value;
    // toU8a, not toHex: a number's toHex is big-endian, storage holds its SCALE (little-endian)
    return u8aToHex(this.registry.createType(this.registry.createLookupType(valueType), value).toU8a());
  }

  twinValue(twin) {
    return this.storageValue('tfgridModule', 'twins', twin);
  }

  // --- events

  palletIndex(name) {
    const pallet = this.metadata.asLatest.pallets.find((p) => p.name.eq(name));
    if (!pallet) {
      throw new Error(`the metadata has no pallet ${name}`);
    }
    return pallet.index.toNumber();
  }

  /** One event (pallet index ‖ variant index ‖ fields), its fields encoded with their metadata types. */
  event(pallet, method, ...fields) {
    const meta = this.decorated.events[pallet.charAt(0).toLowerCase() + pallet.slice(1)][method].meta;
    const encoded = meta.fields.map((field, i) =>
      this.registry.createType(this.registry.createLookupType(field.type), fields[i]).toU8a());
    return u8aConcat([this.palletIndex(pallet), meta.index.toNumber()], ...encoded);
  }

  dispatchInfo() {
    return { weight: { refTime: 125_000_000, proofSize: 3_593 }, class: 'Normal', paysFee: 'Yes' };
  }

  /** DispatchError::Module of `error` (a name) in `pallet`, the error's index taken from the metadata. */
  moduleError(pallet, error) {
    const section = pallet.charAt(0).toLowerCase() + pallet.slice(1);
    const index = this.decorated.errors[section][error].meta.index.toNumber();
    return { Module: { index: this.palletIndex(pallet), error: u8aToHex(new Uint8Array([index, 0, 0, 0])) } };
  }

  /** Vec<EventRecord> of records {phase, event (bytes)}: phase 'Initialization' | {ApplyExtrinsic: i}. */
  encodeEvents(records) {
    const values = records.map(({ phase, event }) => ({ phase, event, topics: [] }));
    return this.registry.createType('Vec<EventRecord>', values).toHex();
  }

  timestampExtrinsic(millis) {
    return this.registry.createType('Extrinsic', this.decorated.tx.timestamp.set(millis)).toHex();
  }

  // --- submitted extrinsics

  decodeExtrinsic(hex) {
    return this.registry.createType('Extrinsic', hex);
  }

  /** What the signer signed: the payload rebuilt from the extrinsic and this node's versions and hashes. */
  signedBytes(extrinsic, genesisHash, checkpointHash) {
    const payload = this.registry.createType('ExtrinsicPayload', {
      method: extrinsic.method.toHex(),
      era: extrinsic.era,
      nonce: extrinsic.nonce,
      tip: extrinsic.tip,
      specVersion: this.specVersion,
      transactionVersion: this.transactionVersion,
      genesisHash,
      blockHash: checkpointHash,
    }, { version: extrinsic.version & 0x7f });
    const bytes = payload.toU8a({ method: true });
    return { payload: u8aToHex(bytes), signed: bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes };
  }

  /** Verifies the extrinsic's MultiSignature over `message` with the signer's account as public key. */
  verify(extrinsic, message) {
    const multi = extrinsic.inner.signature.multiSignature;
    const signature = extrinsic.signature.toU8a();
    const account = extrinsic.signer.toU8a().subarray(1);
    switch (multi.type) {
      case 'Ed25519':
        return ed25519Verify(message, signature, account);
      case 'Sr25519':
        return sr25519Verify(message, signature, account);
      default:
        return signatureVerify(message, multi.toU8a(), account).isValid;
    }
  }
}

module.exports = { Runtime };
