/** Small node:http helpers shared by the FHIR and authorization routes. */
import { randomBytes } from 'node:crypto';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/** @param {Request} req @returns {Promise<string>} */
export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(/** @type {Buffer} */ (chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** @param {Response} res @param {number} status @param {unknown} body @param {string} type */
export function send(res, status, body, type) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** @param {Response} res @param {number} status @param {unknown} body */
export function sendJson(res, status, body) {
  send(res, status, body, 'application/json; charset=utf-8');
}

/** An unguessable token for access tokens, refresh tokens and codes. */
export function randomToken() {
  return randomBytes(24).toString('base64url');
}
