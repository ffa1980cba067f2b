/**
 * SMART App Launch for the test server: standalone patient launch, public clients, PKCE S256.
 *
 * `/auth/authorize` approves at once (there is no login page): the patient is the
 * `login_hint` or `patient` parameter, else the default patient. Codes live 60 s and
 * work once; access tokens an hour (or what the test asks for); refresh tokens rotate.
 */
import { createHash } from 'node:crypto';
import { randomToken, readBody, sendJson } from './http.mjs';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {{ patient: string; scope: string; expiresAt: number; active: boolean }} Grant */

/** The registered test app: a public client whose redirect URIs are on this machine. */
export const TEST_CLIENT_ID = 'careline-test';
const SUPPORTED_SCOPES = ['openid', 'fhirUser', 'launch/patient', 'offline_access', 'online_access', 'patient/*.read', 'patient/*.rs', 'patient/Observation.write', 'patient/Task.write', 'patient/DocumentReference.write', 'patient/Consent.write', 'patient/QuestionnaireResponse.write'];

/**
 * @param {{ origin: string; fhirBase: string; patientIds: Set<string>; defaultPatient: string }} options
 */
export function createAuthServer({ origin, fhirBase, patientIds, defaultPatient }) {
  /** @type {Map<string, Grant>} */
  const tokens = new Map();
  /** @type {Map<string, { patient: string; scope: string }>} */
  const refreshTokens = new Map();
  /** @type {Map<string, { clientId: string; redirectUri: string; challenge: string; patient: string; scope: string; expiresAt: number }>} */
  const codes = new Map();

  /** Loopback redirect URIs only: the test app runs on this machine. */
  const redirectAllowed = (/** @type {string} */ uri) => {
    try {
      const url = new URL(uri);
      return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !url.hash;
    } catch {
      return false;
    }
  };

  /**
   * @param {string} patient @param {{ expiresIn?: number | undefined; scope?: string; refresh?: boolean }} options
   */
  function issue(patient, options) {
    const expiresIn = options.expiresIn ?? 3600;
    const scope = options.scope ?? 'launch/patient patient/*.read patient/Observation.write patient/Task.write';
    const accessToken = randomToken();
    tokens.set(accessToken, { patient, scope, expiresAt: Date.now() + expiresIn * 1000, active: true });
    /** @type {Record<string, unknown>} */
    const response = { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope, patient };
    if (options.refresh) {
      const refreshToken = randomToken();
      refreshTokens.set(refreshToken, { patient, scope });
      response['refresh_token'] = refreshToken;
    }
    return /** @type {{ access_token: string; token_type: 'Bearer'; expires_in: number; scope: string; patient: string; refresh_token?: string }} */ (response);
  }

  function configuration() {
    return {
      issuer: origin,
      authorization_endpoint: `${origin}/auth/authorize`,
      token_endpoint: `${origin}/auth/token`,
      token_endpoint_auth_methods_supported: ['none'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      scopes_supported: SUPPORTED_SCOPES,
      capabilities: ['launch-standalone', 'client-public', 'context-standalone-patient', 'permission-patient', 'permission-offline'],
      code_challenge_methods_supported: ['S256'],
    };
  }

  /** @param {Request} req @param {Response} res @param {URL} url */
  async function handle(req, res, url) {
    if (url.pathname === '/auth/authorize' && req.method === 'GET') return authorize(res, url.searchParams);
    if (url.pathname === '/auth/token' && req.method === 'POST') return token(req, res);
    sendJson(res, 404, { error: 'not_found' });
  }

  /** @param {Response} res @param {URLSearchParams} params */
  function authorize(res, params) {
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri') ?? '';
    // Without a known client and its redirect URI there is nowhere safe to send an error: answer here.
    if (clientId !== TEST_CLIENT_ID) return sendJson(res, 400, { error: 'invalid_client', error_description: 'Unknown client_id.' });
    if (!redirectAllowed(redirectUri)) return sendJson(res, 400, { error: 'invalid_request', error_description: 'redirect_uri is not registered for this client.' });
    const state = params.get('state');
    const fail = (/** @type {string} */ error, /** @type {string} */ description) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state) target.searchParams.set('state', state);
      res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store' }).end();
    };
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be "code".');
    if (!state) return fail('invalid_request', 'state is required.');
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'PKCE with code_challenge_method S256 is required.');
    const aud = params.get('aud');
    if (aud !== null && aud.replace(/\/+$/, '') !== fhirBase) return fail('invalid_request', `aud must be ${fhirBase}.`);
    const patient = params.get('login_hint') ?? params.get('patient') ?? defaultPatient;
    if (!patientIds.has(patient)) return fail('access_denied', 'Unknown patient.');
    const scope = (params.get('scope') ?? '')
      .split(/\s+/)
      .filter((s) => SUPPORTED_SCOPES.includes(s))
      .join(' ');
    const code = randomToken();
    codes.set(code, { clientId, redirectUri, challenge, patient, scope, expiresAt: Date.now() + 60_000 });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store' }).end();
  }

  /** @param {Request} req @param {Response} res */
  async function token(req, res) {
    const form = new URLSearchParams(await readBody(req));
    res.setHeader('Pragma', 'no-cache');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // one use, whatever happens
      if (!pending || pending.expiresAt < Date.now()) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Unknown, used or expired code.' });
      if (form.get('client_id') !== pending.clientId) return sendJson(res, 400, { error: 'invalid_client', error_description: 'client_id does not match the code.' });
      if (form.get('redirect_uri') !== pending.redirectUri) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request.' });
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
        return sendJson(res, 400, { error: 'invalid_grant', error_description: 'PKCE code_verifier does not match.' });
      }
      return sendJson(res, 200, issue(pending.patient, { scope: pending.scope, refresh: true }));
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(refreshToken);
      refreshTokens.delete(refreshToken); // rotated: a refresh token works once
      if (!grant) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Unknown refresh token.' });
      return sendJson(res, 200, issue(grant.patient, { scope: grant.scope, refresh: true }));
    }
    sendJson(res, 400, { error: 'unsupported_grant_type' });
  }

  return {
    configuration,
    handle,
    issue,
    /** The grant behind a usable token, or undefined (unknown, expired or signed out). @param {string} accessToken */
    grantFor(accessToken) {
      const grant = tokens.get(accessToken);
      if (!grant || !grant.active || grant.expiresAt <= Date.now()) return undefined;
      return grant;
    },
    /** @param {string} accessToken @param {boolean} active */
    setActive(accessToken, active) {
      const grant = tokens.get(accessToken);
      if (!grant) return false;
      grant.active = active;
      return true;
    },
  };
}
