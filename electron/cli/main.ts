import { Command, CommanderError } from 'commander';
import { isUserError, toQuireError } from '../../shared/errors.ts';
import type { CliIo } from './io.ts';
import { processIo } from './io.ts';
import type { ExportCommandOptions } from './export-command.ts';
import type { ListingOptions } from './listing-command.ts';
import type { PublishOptions } from './publish-command.ts';
import type { RenameCommandOptions } from './post-commands.ts';

// Each command's module is imported when that command runs, so `quire --help` or
// `quire meta` never loads the Markdown pipeline, the site plan or the web host.

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds the `quire` program; every action writes through `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('quire')
    .description(
      'Quire: write your Hugo blog offline. Listings, checks and export from the command line.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();

  program
    .command('meta')
    .description(
      "print a post's front matter as JSON, or set fields (key=value, values are YAML) changing only their lines",
    )
    .argument('<file>', 'the post')
    .argument('[assignments...]', 'key=value pairs, e.g. draft=false tags="[go, k8s]"')
    .option('--unset <key>', 'remove a field (repeatable)', collect, [])
    .action(async (file: string, assignments: string[], opts: { unset: string[] }) => {
      const { metaCommand } = await import('./meta-command.ts');
      await metaCommand(file, assignments, opts.unset, io);
    });

  program
    .command('new')
    .description(
      "create a post with the site's archetypes, like hugo new, and print its path: a title, or a content path (posts/my-post.md, posts/my-bundle)",
    )
    .argument('<site>', 'the site folder')
    .argument('<title-or-path>', 'the post title, or a path in the content folder')
    .option('--kind <kind>', 'the archetype to use (default: the section of the path)')
    .action(async (site: string, what: string, opts: { kind?: string }) => {
      const { newCommand } = await import('./post-commands.ts');
      await newCommand(site, what, opts, io);
    });

  program
    .command('init')
    .description('make a folder a Hugo site: hugo.toml, content/posts/, minimal layouts')
    .argument('<folder>', 'the folder (created when missing)')
    .option('--title <title>', 'the site title (default: the folder name)')
    .option('--base-url <url>', 'where the site will live', 'https://example.org/')
    .option('--language <code>', 'the language code', 'en-us')
    .option('--summary-mode <mode>', 'paragraph (Hugo >= 0.134) or sentence (older Hugo)')
    .action(
      async (
        folder: string,
        opts: { title?: string; baseUrl: string; language: string; summaryMode?: string },
      ) => {
        const { initCommand } = await import('./post-commands.ts');
        await initCommand(folder, opts, io);
      },
    );

  program
    .command('rename')
    .description(
      'rename a post (file name, slug, single file <-> bundle); a changed URL gets an alias and every internal link is rewritten',
    )
    .argument('<site>', 'the site folder')
    .argument('<post>', 'the post, as a path in the site (content/posts/a.md)')
    .option('--slug <slug>', "set the post's slug field")
    .option('--name <name>', 'the new file (or bundle folder) name, without extension')
    .option('--bundle', 'make it a bundle (posts/a/index.md)')
    .option('--single', 'make a bundle a single file (posts/a.md)')
    .option('--no-alias', 'do not add the old URL to aliases')
    .option('--dry-run', 'list the files it would change and change nothing')
    .action(async (site: string, post: string, opts: RenameCommandOptions) => {
      const { renameCommand } = await import('./post-commands.ts');
      await renameCommand(site, post, opts, io);
    });

  program
    .command('duplicate')
    .description('copy a post (and its bundle files) as a draft; print the new path')
    .argument('<site>', 'the site folder')
    .argument('<post>', 'the post (content/posts/a.md)')
    .action(async (site: string, post: string) => {
      const { duplicateCommand } = await import('./post-commands.ts');
      await duplicateCommand(site, post, io);
    });

  program
    .command('delete')
    .description("move a post (its bundle folder too) into the site's .trash/; print where")
    .argument('<site>', 'the site folder')
    .argument('<post>', 'the post (content/posts/a.md)')
    .action(async (site: string, post: string) => {
      const { deleteCommand } = await import('./post-commands.ts');
      await deleteCommand(site, post, io);
    });

  program
    .command('restore')
    .description('put a deleted post back from .trash/ (undo delete)')
    .argument('<site>', 'the site folder')
    .argument('<trashed>', 'the path delete printed (.trash/content/posts/a.md)')
    .action(async (site: string, trashed: string) => {
      const { restoreCommand } = await import('./post-commands.ts');
      await restoreCommand(site, trashed, io);
    });

  program
    .command('listing')
    .description('print a listing page as the published site shows it')
    .argument('<site>', 'the site folder')
    .option(
      '--page <page>',
      'home, archive, a section (posts, posts/2022), a taxonomy (tags) or a term (tags/<term>)',
      'home',
    )
    .option('--page-number <n>', 'which page of the listing', '1')
    .option('--as-of <date>', 'what readers see on this day (YYYY-MM-DD); default today')
    .option(
      '--summary-mode <mode>',
      'paragraph (Hugo >= 0.134) or sentence (older Hugo); default from the site config',
    )
    .option('--drafts', 'include drafts')
    .option('--json', 'print JSON: page, pageNumber, totalPages, entries')
    .option(
      '--lang <lang>',
      "a multilingual site's language (a key of the config's languages); default: its default language",
    )
    .action(async (site: string, opts: ListingOptions) => {
      const { listingCommand } = await import('./listing-command.ts');
      await listingCommand(site, opts, io);
    });

  program
    .command('export')
    .description('export the whole site as static HTML, to a folder or a .zip')
    .argument('<site>', 'the site folder')
    .option(
      '--out <dir>',
      'the folder to write (replaced whole; must be new, empty or an earlier export)',
    )
    .option('--zip <file>', 'write a .zip instead')
    .option('--as-of <date>', 'publish what readers see on this day (YYYY-MM-DD); default today')
    .option('--drafts', 'include drafts')
    .option('--base-url <url>', 'the URL the site will live at, e.g. https://example.org/blog/')
    .option(
      '--allow-collisions',
      'export even when two files want one URL (the first by path is written)',
    )
    .option(
      '--with-hugo',
      "build with the site's own Hugo (0.111 or later, on PATH or $QUIRE_HUGO) instead of Quire",
    )
    .action(async (site: string, opts: ExportCommandOptions) => {
      // The render workers start loading first, while the export code loads here.
      const { startExportWorkers } = await import('./export-workers.ts');
      const workers = startExportWorkers(site, opts);
      const { exportCommand } = await import('./export-command.ts');
      await exportCommand(site, opts, io, workers);
    });

  program
    .command('check')
    .description(
      'check a site before publishing: titles, dates, duplicate URLs, broken links and images, summaries, descriptions',
    )
    .argument('<site>', 'the site folder')
    .action(async (site: string) => {
      const { checkCommand } = await import('./check-command.ts');
      await checkCommand(site, io);
    });

  program
    .command('publish')
    .description(
      "publish the site with git: commit its changes, pull (rebase) and push to the site's remote (never forced)",
    )
    .argument('<site>', 'the site folder (in a git repository with a remote)')
    .option('-m, --message <message>', 'the commit message (default: names the changed posts)')
    .option('--no-pull', 'push without pulling first (a remote that is ahead rejects it)')
    .option('--status', "only show the site's changes")
    .action(async (site: string, opts: PublishOptions) => {
      const { publishCommand } = await import('./publish-command.ts');
      await publishCommand(site, opts, io);
    });

  program
    .command('web')
    .description('run Quire in your browser, served on 127.0.0.1 only')
    .argument('[site]', 'a site folder to open')
    .option('--port <n>', 'the port (0 picks a free one; default: the one used last time)')
    .option('--open', 'open it in the default browser')
    .action(async (site: string | undefined, opts: { port?: string; open?: boolean }) => {
      const { webCommand } = await import('./web-command.ts');
      await webCommand(site, opts, io);
    });

  return program;
}

/** Runs the command line; returns the exit code. User errors: one line on stderr, 1. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    return reportError(err, io);
  }
}

/**
 * How the command line reports a failure: a user error (any QuireError but `internal`,
 * a file-system error) is one line, `quire: file:line:column: message`, exit 1; a bug
 * prints its stack, exit 2.
 */
export function reportError(err: unknown, io: CliIo): number {
  const e = toQuireError(err);
  if (isUserError(e)) {
    io.err(`quire: ${e.message}\n`);
    return 1;
  }
  const bug = e.cause instanceof Error ? e.cause : e;
  io.err(`quire: internal error: ${bug.stack ?? bug.message}\n`);
  return 2;
}
