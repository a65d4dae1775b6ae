import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
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

/**
 * Chromium in a real window on a private Xvfb display, when the machine has Xvfb (Debian's
 * `xvfb`); null otherwise. A window presents its frames as a desktop app does, so Event
 * Timing's keystroke-to-screen durations are real (headless ones are not).
 */
export async function launchWindowed(
  executablePath: string,
): Promise<{ browser: Browser; close: () => Promise<void> } | null> {
  const xvfb = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((p) => existsSync(p));
  if (!xvfb) return null;
  const display = `:${200 + Math.floor(Math.random() * 400)}`;
  const server = spawn(xvfb, [display, '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  const stop = () => {
    if (server.exitCode === null) server.kill();
  };
  // The display is up once its socket exists.
  const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
  for (let i = 0; i < 100 && !existsSync(socket) && server.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) {
    stop();
    return null;
  }
  try {
    const browser = await chromium.launch({
      executablePath,
      headless: false,
      env: { ...process.env, DISPLAY: display },
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-dev-shm-usage',
        '--window-size=1440,960',
      ],
    });
    return {
      browser,
      close: async () => {
        await browser.close();
        stop();
      },
    };
  } catch (err) {
    stop();
    console.log(`(no window: ${(err as Error).message.split('\n')[0]})`);
    return null;
  }
}
