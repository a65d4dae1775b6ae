import { QuireError } from '../../shared/errors.ts';
import { MONTHS } from '../../shared/content/dates.ts';
import type { SummaryMode } from '../../shared/site/config.ts';
import {
  archiveGroups,
  listingPage,
  parseListingSpec,
  requireList,
} from '../../shared/site/listing.ts';
import type { ListingPage } from '../../shared/site/listing.ts';
import { languagePlan, listingNames } from '../../shared/site/plan.ts';
import { SitePlanner } from '../services/site-plan.ts';
import { Workspace } from '../services/workspace.ts';
import type { CliIo } from './io.ts';
import { asOfOption } from './io.ts';

/** Options of `quire listing`. */
export interface ListingOptions {
  page: string;
  pageNumber: string;
  asOf?: string;
  summaryMode?: string;
  drafts?: boolean;
  json?: boolean;
  lang?: string;
}

/** `quire listing <site>`: a listing page as the published site shows it. */
export async function listingCommand(site: string, opts: ListingOptions, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  for (const p of ws.problems()) io.err(`quire: skipped ${p.message}\n`);
  const asOf = asOfOption(opts.asOf);
  const mode = (opts.summaryMode ?? ws.config.summaryMode) as SummaryMode;
  if (mode !== 'paragraph' && mode !== 'sentence')
    throw new QuireError(
      'invalid-request',
      `--summary-mode must be paragraph or sentence, not "${opts.summaryMode}"`,
    );
  const pageNumber = Number(opts.pageNumber);
  if (!Number.isInteger(pageNumber) || pageNumber < 1)
    throw new QuireError(
      'invalid-request',
      `--page-number must be a whole number from 1, not "${opts.pageNumber}"`,
    );
  const spec = parseListingSpec(opts.page, ws.config);
  // A multilingual site: one language's listings (the default language's unless --lang).
  const plan = languagePlan(
    await new SitePlanner(ws).plan({ asOf, drafts: !!opts.drafts }),
    opts.lang,
  );
  const title = plan.config.title;

  if (spec.kind === 'terms') {
    const taxonomy = plan.taxonomies.find((t) => t.plural === spec.taxonomy && t.rendered);
    if (!taxonomy)
      throw new QuireError(
        'invalid-request',
        `"${opts.page}" is not on this site: the config's disableKinds has "taxonomy" (listings: ${listingNames(plan).slice(0, 12).join(', ')})`,
      );
    const terms = taxonomy.terms
      .filter((t) => plan.lists.has(t.list.name))
      .map((t) => ({ name: t.name, slug: t.slug, count: t.count, url: t.list.url }));
    if (opts.json) io.out(JSON.stringify({ page: spec.taxonomy, terms }, null, 2) + '\n');
    else
      io.out(
        `${title || 'Site'}: ${spec.taxonomy}\n\n` +
          terms.map((t) => `${t.name} (${t.count})`).join('\n') +
          '\n',
      );
    return;
  }

  const derive = ws.derive.derive;
  const page: ListingPage = listingPage(plan, { spec, pageNumber, mode }, derive);
  if (opts.json) {
    const { url: _url, ...rest } = page;
    if (spec.kind === 'archive') {
      const groups = archiveGroups(requireList(plan, spec).posts).map((y) => ({
        year: y.year,
        months: y.months.map((m) => ({ month: m.month, files: m.posts.map((p) => p.path) })),
      }));
      io.out(JSON.stringify({ ...rest, groups }, null, 2) + '\n');
    } else io.out(JSON.stringify(rest, null, 2) + '\n');
    return;
  }
  const lines = [
    `${title || 'Site'}: ${page.page}, page ${page.pageNumber} of ${page.totalPages} (${page.url}, as of ${asOf.day})`,
    '',
  ];
  if (spec.kind === 'archive') {
    const byFile = new Map(page.entries.map((e) => [e.file, e]));
    for (const y of archiveGroups(requireList(plan, spec).posts)) {
      lines.push(`${y.year || 'Undated'}`);
      for (const m of y.months) {
        lines.push(`  ${MONTHS[m.month - 1] ?? ''} (${m.posts.length})`);
        for (const p of m.posts)
          lines.push(
            `    ${byFile.get(p.path)?.title ?? p.meta.title}  ${byFile.get(p.path)?.meta ?? ''}`,
          );
      }
    }
  } else {
    for (const e of page.entries)
      lines.push(e.title, e.summary + (e.truncated ? '...' : ''), e.meta, '');
  }
  io.out(lines.join('\n').trimEnd() + '\n');
}
