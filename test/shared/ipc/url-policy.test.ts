import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../shared/ipc/url-policy.ts';
import { isAppUrl } from '../../../electron/main/window-options.ts';

const hostile = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'file://server/share',
  'smb://evil.example/share',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'vbscript:msgbox(1)',
  '\u0001java\u0003script:alert(1)',
  'java\tscript:alert(1)',
  '&#x2028;javascript:alert(1)',
  '\u2028javascript:alert(1)',
  'https://exa mple.org/',
  'https://example.org/\u202e',
  'http://',
  'ms-msdt:/id PCWDiagnostic',
  'chrome://settings',
  'app://quire/index.html',
  '//example.org/',
  '',
];

describe('URLs handed to the system browser', () => {
  for (const url of hostile) {
    it(`refuses ${JSON.stringify(url)}`, () => {
      expect(isSafeExternalUrl(url)).toBe(false);
    });
  }
  for (const url of [
    'https://example.org/a?b=1&c=2#d',
    'http://localhost:1313/',
    'mailto:me@example.org',
  ]) {
    it(`allows ${url}`, () => {
      expect(isSafeExternalUrl(url)).toBe(true);
    });
  }
});

describe('navigation inside the desktop window', () => {
  it('allows only the app origin', () => {
    expect(isAppUrl('app://quire/index.html')).toBe(true);
    for (const url of [
      ...hostile.filter((u) => u !== 'app://quire/index.html'),
      'https://example.org/',
      'app://evil/index.html',
      'file:///work/main/out/renderer/index.html',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
