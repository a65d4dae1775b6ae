import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** The browser host's address and key, kept per user so open tabs survive a restart. */
export interface HostIdentity {
  port: number;
  token: string;
}

const FILE = 'web-host.json';

/** The kept identity in the user's data folder, or null (first run, a damaged file). */
export function loadIdentity(dir: string): HostIdentity | null {
  try {
    const v = JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as Partial<HostIdentity>;
    if (
      typeof v.token === 'string' &&
      /^[\w-]{32,64}$/.test(v.token) &&
      Number.isInteger(v.port) &&
      v.port! > 0 &&
      v.port! < 65536
    )
      return { port: v.port!, token: v.token };
  } catch {
    // First run, or a damaged file: a new identity.
  }
  return null;
}

/** A new random token (192 bits). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Keeps the identity, readable by this user only (the token is a key to the user's files). */
export function saveIdentity(dir: string, id: HostIdentity): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, FILE);
  writeFileAtomic.sync(file, JSON.stringify(id), { mode: 0o600 });
  chmodSync(file, 0o600);
}
