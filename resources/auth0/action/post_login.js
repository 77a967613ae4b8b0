/**
 * Auth0 post-login Action: only users holding a role that the application
 * requires may get tokens for it.
 *
 * The required roles live in the Action's secrets, one secret per application:
 *
 *   name:  CLIENT_<client id, every character outside A-Z a-z 0-9 _ replaced by "_">
 *   value: a JSON array of role names, e.g. ["agentcore-chat-invoke-mcp"]
 *
 * Terraform (resources/auth0/main.tf) writes the secret with the same rule,
 * replace(client_id, "/[^A-Za-z0-9_]/", "_"); both work per Unicode code point.
 *
 *   no secret for the application      -> allowed (other apps of the tenant are not ours)
 *   []                                  -> allowed (the application requires no role)
 *   user holds at least one listed role -> allowed
 *   user holds none of them             -> denied: "missing required role for this application"
 *   value not a JSON array of names     -> denied, and logged without the value
 *   no client id in the event           -> denied
 *
 * Post-login Actions also run on every refresh-token exchange, so removing the
 * role from a user stops their access at the next refresh.
 *
 * Auth0 only calls onExecutePostLogin; the other exports are for the unit tests.
 */
"use strict";

const SECRET_PREFIX = "CLIENT_";
// Must match the pattern in main.tf. The "u" flag makes it work per code point,
// as Terraform's RE2 does, so "é" or an emoji each become one "_".
const NOT_ALLOWED_IN_SECRET_NAME = /[^A-Za-z0-9_]/gu;

const MISSING_ROLE = "missing required role for this application";
const INVALID_CONFIG = "this application's role configuration is invalid; ask an administrator to fix it";
const MISSING_CLIENT = "the request names no application (client id)";

class ConfigError extends Error {}

/** The secret name that holds the required roles of `clientId`. */
function secretNameFor(clientId) {
  return SECRET_PREFIX + String(clientId).replace(NOT_ALLOWED_IN_SECRET_NAME, "_");
}

/**
 * The role names `clientId` requires, or null when nothing is configured for it.
 * Throws ConfigError when the secret is not a JSON array of non-empty strings;
 * the error message never contains the secret's value.
 */
function requiredRolesFor(secrets, clientId) {
  const name = secretNameFor(clientId);
  const raw = secrets == null ? undefined : secrets[name];
  if (raw === undefined || raw === null) {
    return null;
  }
  let parsed;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    // JSON.parse's own message quotes the input: do not pass it on.
    throw new ConfigError(`secret ${name} is not valid JSON`);
  }
  if (!Array.isArray(parsed) || !parsed.every((r) => typeof r === "string" && r.length > 0)) {
    throw new ConfigError(`secret ${name} must be a JSON array of role names`);
  }
  return parsed;
}

/**
 * Decide one login. Returns {allow: true} or {allow: false, reason, log}, where
 * `reason` is shown to the user and `log` is for the Action's logs (no secrets).
 */
function decide({ clientId, secrets, userRoles }) {
  if (typeof clientId !== "string" || clientId === "") {
    return { allow: false, reason: MISSING_CLIENT, log: "denied: no client id in the event" };
  }
  let required;
  try {
    required = requiredRolesFor(secrets, clientId);
  } catch (err) {
    if (err instanceof ConfigError) {
      return { allow: false, reason: INVALID_CONFIG, log: `denied client ${clientId}: ${err.message}` };
    }
    throw err;
  }
  if (required === null || required.length === 0) {
    return { allow: true };
  }
  const held = new Set(Array.isArray(userRoles) ? userRoles : []);
  if (required.some((role) => held.has(role))) {
    return { allow: true };
  }
  return {
    allow: false,
    reason: MISSING_ROLE,
    log: `denied client ${clientId}: user holds none of ${required.length} required role(s)`,
  };
}

exports.onExecutePostLogin = async (event, api) => {
  const verdict = decide({
    clientId: event.client && event.client.client_id,
    secrets: event.secrets,
    userRoles: event.authorization && event.authorization.roles,
  });
  if (!verdict.allow) {
    const user = (event.user && event.user.user_id) || "unknown user";
    console.log(`${verdict.log} (${user})`);
    api.access.deny(verdict.reason);
  }
};

exports.SECRET_PREFIX = SECRET_PREFIX;
exports.NOT_ALLOWED_IN_SECRET_NAME = NOT_ALLOWED_IN_SECRET_NAME;
exports.MISSING_ROLE = MISSING_ROLE;
exports.INVALID_CONFIG = INVALID_CONFIG;
exports.MISSING_CLIENT = MISSING_CLIENT;
exports.ConfigError = ConfigError;
exports.secretNameFor = secretNameFor;
exports.requiredRolesFor = requiredRolesFor;
exports.decide = decide;
