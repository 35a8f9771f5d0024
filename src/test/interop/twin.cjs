#!/usr/bin/env node
// A twin driven by the OFFICIAL ThreeFold TypeScript client (@threefold/rmb_direct_client, pinned in
// package.json) against an RMB relay, for rmb-ee's interoperability tests.
//
//   node twin.cjs serve <name> <relayUrl> <twinsJson> [session]
//   node twin.cjs call  <name> <relayUrl> <twinsJson> <destTwinId> <command> <payloadText> [session]
//   node twin.cjs ping  <name> <relayUrl> <twinsJson> [session]
//
// No [session] argument: the sid-less session (no `sid` claim, no source.connection); a given
// argument, even "", is that session ("" is present-but-empty, a different session).
//
// The chain is replaced by a stub that answers twin look-ups from <twinsJson> (the instance's
// `tfclient` is swapped; the package's code is not changed). Every byte on the wire comes from the
// official code: Client.connect/send/ping/read, and, for the serving side, which the official client
// has no API for, the package's own ClientEnvelope (challenge, signature, encryption) and protobuf
// classes.
//
// stdout carries only results: `ready` (serve), one JSON line (call, ping). Everything else,
// including whatever the official client prints, goes to stderr.
// Environment: RMB_TWIN_TIMEOUT_SECONDS (call/ping/connect bound, default 30),
// RMB_TWIN_EXIT_WITH_STDIN=1 (serve: exit when stdin closes, so a dying parent leaves no orphan).
"use strict";

const path = require("path");
const fs = require("fs");

// stdout is for results: route every console method that writes to stdout to stderr
const stderrLog = console.error.bind(console);
console.log = stderrLog;
console.info = stderrLog;
console.debug = stderrLog;
const result = line => process.stdout.write(line + "\n");

const { Client } = require("@threefold/rmb_direct_client");
// The package's `exports` map only exposes dist/node/index.js (Client and util); its envelope class
// and generated protobuf types sit beside it. Requiring them by file path gives the very module
// instances the Client uses.
const dist = path.dirname(require.resolve("@threefold/rmb_direct_client"));
const ClientEnvelope = require(path.join(dist, "envelope.js")).default;
const types = require(path.join(dist, "types", "lib", "types.js"));

const TIMEOUT_MS = 1000 * Number(process.env.RMB_TWIN_TIMEOUT_SECONDS || 30);

function usage(message) {
  stderrLog(message);
  stderrLog("usage: node twin.cjs serve <name> <relayUrl> <twinsJson> [session]");
  stderrLog("       node twin.cjs call  <name> <relayUrl> <twinsJson> <destTwinId> <command> <payloadText> [session]");
  stderrLog("       node twin.cjs ping  <name> <relayUrl> <twinsJson> [session]");
  process.exit(64);
}

function fail(message) {
  stderrLog(`twin: ${message}`);
  process.exit(1);
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${what} took longer than ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// the twin as tfchain's `twins.get` returns it (`toPrimitive()` of the Twin struct)
function chainTwin(t) {
  return t ? { id: t.id, accountId: t.ss58, relay: t.relays.join("_"), entities: [], pk: t.pk || null } : null;
}

// a stand-in for @threefold/tfchain_client's Client, answering from the twins file
function chainStub(twins, name) {
  return {
    connect: async () => {},
    disconnect: async () => {},
    twins: {
      getTwinIdByAccountId: async ({ accountId }) => (twins.find(t => t.ss58 === accountId) || { id: 0 }).id,
      get: async ({ id }) => chainTwin(twins.find(t => t.id === id)),
      update: async options => {
        // the official client publishes its e2e key and relay at every connect; the stub's chain
        // keeps what the twins file says
        stderrLog(`${name}: chain update ignored: ${JSON.stringify(options)}`);
        return { apply: async () => {} };
      },
    },
  };
}

async function connect(name, relayUrl, twinsFile, session) {
  const twins = JSON.parse(fs.readFileSync(twinsFile, "utf8")).twins;
  const me = twins.find(t => t.name === name);
  if (!me) fail(`no twin named ${name} in ${twinsFile}`);
  const client = new Client("ws://chain.invalid", relayUrl, me.secret, session, me.keyType, 2);
  client.tfclient = chainStub(twins, name);
  if (onEnvelope) {
    // hook every connection the client creates (also its reconnects): requests are served first,
    // then the official handler sees the frame as usual (it keeps pongs for Client.read)
    const createConnection = client.createConnection.bind(client);
    client.createConnection = () => {
      createConnection();
      const official = client.con.onmessage;
      client.con.onmessage = async event => {
        try {
          await onEnvelope(client, event.data);
        } catch (err) {
          stderrLog(`${name}: failed to serve a frame: ${err && err.stack ? err.stack : err}`);
        }
        return official(event);
      };
    };
  }
  await withTimeout(client.connect(), `connecting ${name} to ${relayUrl}`);
  if (!client.con || client.con.readyState !== client.con.OPEN) fail(`${name} is not connected to ${relayUrl}`);
  // Client.connect sets its own twin's pk to the key it derives from the secret (it "publishes" it).
  // The registry is the twins file: a twin without pk there (eve) has no e2e key for its peers.
  client.twin.pk = me.pk || null;
  return { client, me, twins };
}

function payloadText(envelope) {
  return Buffer.from(envelope.plain).toString("utf8");
}

// ---- serve -------------------------------------------------------------------------------------

let onEnvelope = null;

function address(source) {
  return new types.Address({ twin: source.twin, connection: source.has_connection ? source.connection : undefined });
}

function addressText(a) {
  return a.has_connection ? `${a.twin}:${a.connection}` : `${a.twin}`;
}

function serveRequests(name) {
  onEnvelope = async (client, data) => {
    const received = types.Envelope.deserializeBinary(data);
    if (!received.has_request) return;
    const request = new ClientEnvelope(undefined, received, client.chainUrl, client.tfclient, client.twins);
    const from = addressText(received.source);
    const kind = received.has_cipher ? "cipher" : "plain";
    const reply = new ClientEnvelope(client.signer, new types.Envelope({
      uid: received.uid,
      timestamp: Math.round(Date.now() / 1000),
      expiration: received.expiration,
      source: client.source,
      destination: address(received.source),
    }), client.chainUrl, client.tfclient, client.twins);
    if (!(await request.verify())) {
      reply.error = new types.Error({ code: 401, message: "invalid signature" });
      stderrLog(`${name}: request ${received.uid} ${received.request.command} from ${from}: bad signature, error sent`);
    } else {
      // request.twin is the sender, as verify() looked it up
      const text = received.has_cipher
        ? Buffer.from(await request.decrypt(client.mnemonics)).toString("utf8")
        : payloadText(received);
      const body = JSON.stringify({ echo: text, by: name });
      reply.response = new types.Response();
      // as Client.send does it: encrypted when both twins have an e2e key
      if (request.twin.pk && client.twin.pk) {
        reply.cipher = await reply.encrypt(body, client.mnemonics, request.twin.pk);
      } else {
        reply.plain = new Uint8Array(Buffer.from(body));
      }
      stderrLog(`${name}: request ${received.uid} ${received.request.command} from ${from} payload=${kind}` +
        ` -> response payload=${reply.has_cipher ? "cipher" : "plain"}`);
    }
    reply.relays = client.twin.relay.split("_");
    reply.signature = reply.signEnvelope();
    client.con.send(reply.serializeBinary());
  };
}

async function serve(name, relayUrl, twinsFile, session) {
  serveRequests(name);
  const { client } = await connect(name, relayUrl, twinsFile, session);
  // a pong proves the relay has registered this session before anyone is told to call it
  await withTimeout(client.read(await client.ping()), `${name}'s first ping`);
  stderrLog(`${name}: serving as ${addressText(client.source)} on ${relayUrl}`);
  result("ready");
  if (process.env.RMB_TWIN_EXIT_WITH_STDIN === "1") {
    process.stdin.on("end", () => process.exit(0));
    process.stdin.on("close", () => process.exit(0));
    process.stdin.resume();
  }
}

// ---- call / ping -------------------------------------------------------------------------------

async function call(name, relayUrl, twinsFile, destination, command, payload, session) {
  const dest = Number(destination);
  if (!Number.isInteger(dest) || dest <= 0) usage(`destination twin id must be a positive integer: ${destination}`);
  const { client } = await connect(name, relayUrl, twinsFile, session);
  const uid = await client.send(command, payload, dest, 1);
  const response = await withTimeout(client.read(uid), `${name}'s request ${uid} to twin ${dest}`);
  result(JSON.stringify(response));
}

async function ping(name, relayUrl, twinsFile, session) {
  // remember the raw pong: Client.read only hands back the (empty) Pong message
  const pongs = new Map();
  onEnvelope = async (_client, data) => {
    const received = types.Envelope.deserializeBinary(data);
    if (received.has_pong) pongs.set(received.uid, received);
  };
  const { client } = await connect(name, relayUrl, twinsFile, session);
  const uid = await client.ping();
  await withTimeout(client.read(uid), `${name}'s ping ${uid}`);
  const pong = pongs.get(uid);
  const destination = { twin: pong.destination.twin };
  if (pong.destination.has_connection) destination.connection = pong.destination.connection;
  result(JSON.stringify({ uid, pong: true, destination, plain: payloadText(pong) }));
}

// ---- main --------------------------------------------------------------------------------------

async function main(argv) {
  const [mode, ...args] = argv;
  switch (mode) {
    case "serve":
      if (args.length < 3 || args.length > 4) usage("serve takes 3 or 4 arguments");
      return serve(...args);
    case "call":
      if (args.length < 6 || args.length > 7) usage("call takes 6 or 7 arguments");
      await call(...args);
      return process.exit(0);
    case "ping":
      if (args.length < 3 || args.length > 4) usage("ping takes 3 or 4 arguments");
      await ping(...args);
      return process.exit(0);
    default:
      usage(`unknown command: ${mode === undefined ? "(none)" : mode}`);
  }
}

main(process.argv.slice(2)).catch(err => fail(err && err.message ? err.message : String(err)));
