// The human check (CAPTCHA) before a login, a ticket-number lookup and a password recovery: the platform's
// proof of work. The server signs a challenge; the browser finds a nonce such that SHA-256("<challenge>:<nonce>")
// starts with `difficulty` zero bits (WebCrypto, in batches so the promises overlap), and the answer goes in
// the header Kaowu-Human-Check of the one request it was asked for. No third party, no image to read.
import { call } from "./api.js";
import { t } from "./i18n.js";

const BATCH = 256;

function zeroBits(bytes) {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) { bits += 8; continue; }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

/** {ok: true, headers} to send with the guarded request, or {ok: false, problem}. purpose: LOGIN, LOOKUP, RECOVERY. */
export async function humanCheck(code, purpose) {
  const asked = await call("POST", "/api/v1/regions/" + encodeURIComponent(code) + "/human-checks", { purpose });
  if (!asked.ok) return asked;
  const c = asked.data;
  if (c.kind !== "pow-sha256" || !(globalThis.crypto && crypto.subtle)) {
    return { ok: false, problem: { detail: t("humanCheck.unsupported") } };
  }
  const encoder = new TextEncoder();
  for (let base = 0; base < 1e9; base += BATCH) {
    const tries = [];
    for (let n = base; n < base + BATCH; n++) {
      tries.push(crypto.subtle.digest("SHA-256", encoder.encode(c.challenge + ":" + n)));
    }
    const hashes = await Promise.all(tries);
    for (let i = 0; i < hashes.length; i++) {
      if (zeroBits(new Uint8Array(hashes[i])) >= c.difficulty) {
        return { ok: true, headers: { [c.header || "Kaowu-Human-Check"]: c.challenge + ":" + (base + i) } };
      }
    }
  }
  return { ok: false, problem: { detail: t("humanCheck.unsupported") } };
}
