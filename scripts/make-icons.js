#!/usr/bin/env node
// Renders build/icon.svg to every PNG size the installers need (npm run icons). The PNGs
// are committed, so packaging never needs a rasterizer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const svg = readFileSync('build/icon.svg', 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
mkdirSync('build/icons', { recursive: true });
for (const size of SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(`build/icons/${size}x${size}.png`, png);
}
writeFileSync(
  'build/icon.png',
  new Resvg(svg, { fitTo: { mode: 'width', value: 1024 } }).render().asPng(),
);
console.log(`wrote build/icon.png and ${SIZES.length} sizes in build/icons/`);
