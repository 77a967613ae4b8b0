// Unit tests for the post-login Action: `node --test resources/auth0/action/`.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");

const action = require("./post_login.js");

const CLIENT = "AbCdEf0123456789";
const ROLE = "agentcore-chat-invoke-mcp";

function fakeApi() {
  const denials = [];
  return { denials, access: { deny: (reason) => denials.push(reason) } };
}

function fakeEvent(options = {}) {
  const { secrets = {}, roles = [] } = options;
  const clientId = "clientId" in options ? options.clientId : CLIENT;
  return {
    client: { client_id: clientId, name: "AgentCore Chat" },
    secrets,
    authorization: { roles },
    user: { user_id: "auth0|user-1", email: "someone@example.com" },
    transaction: { protocol: "oauth2-device-code" },
  };
}

// Runs the handler with console.log captured; returns the denials and the log lines.
async function run(event) {
  const api = fakeApi();
  const lines = [];
  const original = console.log;
  console.log = (...args) => lines.push(args.join(" "));
  try {
    await action.onExecutePostLogin(event, api);
  } finally {
    console.log = original;
  }
  return { denials: api.denials, logs: lines.join("\n") };
}

const configured = (value) => ({ [action.secretNameFor(CLIENT)]: value });

test("a user without the required role is denied with the message the app shows", async () => {
  const { denials } = await run(fakeEvent({ secrets: configured(JSON.stringify([ROLE])), roles: ["other"] }));
  assert.deepEqual(denials, ["missing required role for this application"]);
});

test("a user without any role at all is denied", async () => {
  const event = fakeEvent({ secrets: configured(JSON.stringify([ROLE])) });
  delete event.authorization;
  const { denials } = await run(event);
  assert.deepEqual(denials, [action.MISSING_ROLE]);
});

test("a user holding the required role is allowed", async () => {
  const { denials, logs } = await run(fakeEvent({ secrets: configured(JSON.stringify([ROLE])), roles: ["x", ROLE] }));
  assert.deepEqual(denials, []);
  assert.equal(logs, "");
});

test("holding any one of several required roles is enough", async () => {
  const secrets = configured(JSON.stringify(["admins", ROLE]));
  assert.deepEqual((await run(fakeEvent({ secrets, roles: ["admins"] }))).denials, []);
  assert.deepEqual((await run(fakeEvent({ secrets, roles: [ROLE] }))).denials, []);
});

test("refresh-token exchanges are checked the same way", async () => {
  const event = fakeEvent({ secrets: configured(JSON.stringify([ROLE])), roles: [] });
  event.transaction.protocol = "oauth2-refresh-token";
  assert.deepEqual((await run(event)).denials, [action.MISSING_ROLE]);
});

test("an application with no configuration lets everyone in", async () => {
  const other = { [action.secretNameFor("someOtherClient")]: JSON.stringify([ROLE]) };
  assert.deepEqual((await run(fakeEvent({ secrets: other }))).denials, []);
  assert.deepEqual((await run(fakeEvent({ secrets: undefined }))).denials, []);
});

test("an empty list of required roles lets everyone in", async () => {
  assert.deepEqual((await run(fakeEvent({ secrets: configured("[]") }))).denials, []);
});

test("configuration that is not JSON is denied and logged without its value", async () => {
  const value = "not-json-s3cr3t";
  const { denials, logs } = await run(fakeEvent({ secrets: configured(value), roles: [ROLE] }));
  assert.deepEqual(denials, [action.INVALID_CONFIG]);
  assert.match(logs, /CLIENT_AbCdEf0123456789 is not valid JSON/);
  assert.ok(!logs.includes(value), "the secret's value must not reach the log");
});

test("configuration that is not an array of role names is denied", async () => {
  for (const value of ['"admins"', '{"roles":["admins"]}', "[1]", '["admins", null]', '[""]', "null", ""]) {
    const { denials, logs } = await run(fakeEvent({ secrets: configured(value), roles: ["admins"] }));
    assert.deepEqual(denials, [action.INVALID_CONFIG], `value ${JSON.stringify(value)}`);
    if (value) assert.ok(!logs.includes(value), `value ${value} leaked into the log`);
  }
});

test("a missing or empty client id is denied", async () => {
  const secrets = configured(JSON.stringify([ROLE]));
  for (const clientId of [undefined, null, ""]) {
    const { denials } = await run(fakeEvent({ clientId, secrets, roles: [ROLE] }));
    assert.deepEqual(denials, [action.MISSING_CLIENT], `client id ${clientId}`);
  }
  const event = fakeEvent({ secrets, roles: [ROLE] });
  delete event.client;
  assert.deepEqual((await run(event)).denials, [action.MISSING_CLIENT]);
});

test("client ids are normalised into secret names", () => {
  assert.equal(action.secretNameFor("AbC123_xyz"), "CLIENT_AbC123_xyz");
  assert.equal(action.secretNameFor("my-app.client"), "CLIENT_my_app_client");
  assert.equal(action.secretNameFor("a b/c:d"), "CLIENT_a_b_c_d");
  // one "_" per code point, as Terraform's RE2 replace() does
  assert.equal(action.secretNameFor("caf\u00e9\u{1F600}!"), "CLIENT_caf___");
});

test("a client id that needs normalising finds its configuration", async () => {
  const clientId = "my-app.client";
  const secrets = { CLIENT_my_app_client: JSON.stringify([ROLE]) };
  assert.deepEqual((await run(fakeEvent({ clientId, secrets, roles: [] }))).denials, [action.MISSING_ROLE]);
  assert.deepEqual((await run(fakeEvent({ clientId, secrets, roles: [ROLE] }))).denials, []);
});

test("requiredRolesFor and decide are usable on their own", () => {
  assert.equal(action.requiredRolesFor({}, CLIENT), null);
  assert.deepEqual(action.requiredRolesFor(configured('["a","b"]'), CLIENT), ["a", "b"]);
  assert.throws(() => action.requiredRolesFor(configured("{"), CLIENT), action.ConfigError);
  assert.deepEqual(action.decide({ clientId: CLIENT, secrets: {}, userRoles: [] }), { allow: true });
  const denied = action.decide({ clientId: CLIENT, secrets: configured(`["${ROLE}"]`), userRoles: ["x"] });
  assert.equal(denied.allow, false);
  assert.equal(denied.reason, action.MISSING_ROLE);
});

test("Terraform writes the secret under the name the Action reads", () => {
  const tf = fs.readFileSync(path.join(__dirname, "..", "main.tf"), "utf8");
  const match = tf.match(/"CLIENT_\$\{replace\(auth0_client\.app\.client_id, "\/(.+?)\/", "_"\)\}"/);
  assert.ok(match, "main.tf should name the secret CLIENT_${replace(auth0_client.app.client_id, ...)}");
  assert.equal(action.SECRET_PREFIX, "CLIENT_");
  assert.equal(match[1], action.NOT_ALLOWED_IN_SECRET_NAME.source);
  assert.match(tf, /code\s+=\s+file\("\$\{path\.module\}\/action\/post_login\.js"\)/);
});
