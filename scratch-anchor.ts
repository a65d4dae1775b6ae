import { readFileSync } from 'node:fs';
import { testHost } from './test/helpers/app.ts';
import { chromiumPath, launchChromium } from './test/helpers/browser.ts';
import { copySeedBlog } from './test/helpers/site.ts';

const site = copySeedBlog();
const host = await testHost(site);
const browser = await launchChromium(chromiumPath().path!);
const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
p.on('pageerror', (e) => console.log('PAGEERROR', e));
p.on('console', (m) => m.text().startsWith('DBG') && console.log(m.text().slice(0, 600)));
await p.addInitScript(() => localStorage.setItem('quire-prefs', JSON.stringify({ autosave: true, autosaveMs: 200 })));
await p.goto(host.url);
await p.getByLabel('Search posts').waitFor();
await p.keyboard.press('Control+p');
await p.keyboard.type('proxy layers');
await p.keyboard.press('Enter');
await p.waitForTimeout(800);
const tooltip = p.locator('.cm-tooltip-autocomplete');
for (let round = 0; round < 4; round++) {
  await p.keyboard.press('Control+End');
  await p.keyboard.type(`\n\nRound ${round} [v](`);
  await tooltip.getByText('CRD Versioning').first().waitFor();
  await p.keyboard.type('crd vers');
  await p.waitForTimeout(200);
  await p.keyboard.press('Enter');
  await p.keyboard.type('#');
  const t0 = Date.now();
  await tooltip.getByText('there-is-only-one-primary-version').first().waitFor();
  const shown = Date.now() - t0;
  const st = () => p.evaluate(() => { const c = document.querySelector('.cm-content') as any; const t = document.querySelector('.cm-tooltip-autocomplete'); const tile = c.cmTile; const view = tile.view ?? tile.root?.view; const fields = view ? Object.keys(view.state.values ?? {}).length : -1; let cs: any = null; for (const v of view.state.values) if (v && v.active && v.open !== undefined) cs = v; return (cs ? cs.active.map((a: any) => a.state + (a.explicit ? 'e' : '') + (a.result ? '[' + a.from + '-' + a.to + ']' : '')).join(' ') + ' open=' + !!cs.open + ' dis=' + cs.open?.disabled : 'nocs') + ' pos=' + view.state.selection.main.head + ' tooltip=' + !!t; });
  console.log('before o', await st());
  for (const ch of 'only') { await p.keyboard.type(ch); console.log(ch, await st()); }
  const info = async () => p.evaluate(() => { const t = document.querySelector('.cm-tooltip-autocomplete'); return t ? [t.querySelectorAll('li').length, t.querySelector('[aria-selected=true]')?.textContent, t.className] : null; });
  console.log('before enter', JSON.stringify(await info()));
  await p.waitForTimeout(Number(process.env.WAIT ?? 0));
  console.log('before enter2', JSON.stringify(await info()));
  await p.keyboard.press('Enter');
  await p.keyboard.type(')X');
  await p.waitForTimeout(600);
  const text = readFileSync(`${site}/content/posts/proxy-layers.md`, 'utf8');
  console.log(round, shown, JSON.stringify(text.slice(text.lastIndexOf('Round'))));
}
await browser.close();
await host.close();
