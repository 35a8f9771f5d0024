#!/usr/bin/env node
'use strict';
// A tfchain JSON-RPC node for tests (README.md): node chain-node.cjs --metadata <file> [options]

const { cryptoWaitReady } = require('@polkadot/util-crypto');
const { isHex } = require('@polkadot/util');
const { Chain } = require('./chain.cjs');
const { RpcServer } = require('./rpc.cjs');
const { startControl } = require('./control.cjs');

const DEFAULTS = {
  ports: '9944,9945',
  control: '9950',
  metadata: null,
  'spec-name': 'substrate-threefold',
  'spec-version': '149',
  'tx-version': '2',
  genesis: '0x' + '45'.repeat(32),
  'block-ms': '1000',
  'exit-with-stdin': 'false',
};

function parseArgs(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(name in DEFAULTS)) {
      throw new Error(`unknown argument ${argv[i]}; known: ${Object.keys(DEFAULTS).map((k) => '--' + k).join(' ')}`);
    }
    options[name] = argv[++i];
  }
  if (!options.metadata) {
    throw new Error('--metadata <file> is required (raw SCALE, or hex text when it ends with .hex)');
  }
  if (!isHex(options.genesis, 256)) {
    throw new Error('--genesis must be 0x and 64 hex digits');
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  await cryptoWaitReady();
  const log = (line) => process.stderr.write(`chain-node: ${line}\n`);
  const chain = new Chain({
    metadata: options.metadata,
    specName: options['spec-name'],
    specVersion: Number(options['spec-version']),
    transactionVersion: Number(options['tx-version']),
    genesis: options.genesis.toLowerCase(),
    blockMs: Number(options['block-ms']),
  });
  chain.setMaxListeners(0);
  const rpc = new RpcServer(chain, log);
  const ports = options.ports.split(',').map(Number);
  const node = { chain, rpc, ports };
  for (const port of ports) {
    await rpc.open(port);
  }
  const control = await startControl(node, Number(options.control));
  const stop = () => {
    chain.stop();
    rpc.dropConnections();
    control.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (options['exit-with-stdin'] === 'true') {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
  process.stdout.write(JSON.stringify({ ready: true, ports, control: control.address().port }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`chain-node: ${e.stack || e}\n`);
  process.exit(1);
});
