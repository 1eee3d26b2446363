// Ed25519 verification of GoHighLevel's `x-ghl-signature` header over the raw request body.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-ghl-signature';

export type SignatureCheck = { ok: true } | { ok: false; code: 'missing_signature' | 'invalid_signature'; message: string };

export interface SignatureVerifier {
  check(rawBody: Buffer, header: string | string[] | undefined): SignatureCheck;
}

/** An Ed25519 signature is 64 bytes; its base64 form is 88 characters. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function loadPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('GHL_WEBHOOK_PUBLIC_KEY is not an Ed25519 key');
  return key;
}

export function createSignatureVerifier(publicKeyPem: string): SignatureVerifier {
  const key = loadPublicKey(publicKeyPem);
  return {
    check(rawBody, header) {
      const value = Array.isArray(header) ? header[0] : header;
      if (value === undefined || value.trim() === '') {
        return { ok: false, code: 'missing_signature', message: `the ${SIGNATURE_HEADER} header is required` };
      }
      const trimmed = value.trim();
      const signature = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
      // Ed25519 has one signature length; anything else cannot verify, so skip the crypto call.
      if (signature === null || signature.length !== 64) {
        return { ok: false, code: 'invalid_signature', message: 'the webhook signature does not verify' };
      }
      const valid = verify(null, rawBody, key, signature);
      return valid ? { ok: true } : { ok: false, code: 'invalid_signature', message: 'the webhook signature does not verify' };
    },
  };
}
