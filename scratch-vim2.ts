import { chromiumPath, launchChromium } from './test/helpers/browser.ts';
import { readFileSync } from 'node:fs';
const browser = await launchChromium(chromiumPath().path!);
const p = await browser.newPage();
await p.setContent('<html><body></body></html>');
await p.addScriptTag({ content: readFileSync('/tmp/t17/vimtest/b.js', 'utf8') });
await p.waitForTimeout(300);
await p.locator('.cm-content').click();
console.log('focus', await p.evaluate(() => document.hasFocus() + ' ' + document.activeElement?.className));
for (const k of ['Shift+g', 'o']) { await p.keyboard.press(k); await p.waitForTimeout(100); console.log(k, JSON.stringify(await p.evaluate(() => [(window as any).v.state.selection.main.head, (window as any).v.state.doc.toString(), document.querySelector('.cm-vim-panel')?.textContent]))); }
await p.keyboard.type('hello', { delay: 50 });
console.log(await p.evaluate(() => [(window as any).v.state.selection.main.head, document.querySelector('.cm-vim-panel')?.textContent]));
await p.keyboard.press('Escape');
console.log(await p.evaluate(() => (window as any).v.state.doc.toString()));
await browser.close();
