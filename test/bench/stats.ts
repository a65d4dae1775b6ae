import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';

/** The p-th percentile of samples (nearest rank). */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Chromium with frames not held to a 60 Hz clock: the numbers are Quire's work, not vsync waits. */
export function launchUnthrottled(executablePath: string): Promise<Browser> {
  return launchChromium(executablePath, ['--disable-frame-rate-limit', '--disable-gpu-vsync']);
}
