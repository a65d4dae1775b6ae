import path from 'node:path';
import type { PathUse } from '../services/backend.ts';

/** Shows the main-process dialog for a use, starting at `suggested`; null when cancelled. */
export type AskPath = (use: PathUse, suggested: string) => Promise<string | null>;

/**
 * In the desktop app the renderer is untrusted: a site to open or an export target it
 * names is used only when the user chose it in a main-process dialog (this session) or
 * it is a recent site. Anything else opens the dialog, suggesting the path, and the
 * user's choice is what is used. Pure (no electron import) so it is tested directly.
 */
export class PathGrants {
  private readonly granted = new Map<PathUse, Set<string>>();

  constructor(
    private readonly recentSites: () => readonly string[],
    private readonly ask: AskPath,
  ) {}

  /** Records a path the user chose in a dialog (e.g. File > Open Site…). */
  grant(use: PathUse, p: string): void {
    let set = this.granted.get(use);
    if (!set) this.granted.set(use, (set = new Set()));
    set.add(path.resolve(p));
  }

  /** True when `p` may be used for `use` without asking. */
  isGranted(use: PathUse, p: string): boolean {
    const abs = path.resolve(p);
    if (this.granted.get(use)?.has(abs)) return true;
    return use === 'site' && this.recentSites().some((r) => path.resolve(r) === abs);
  }

  /**
   * The path to use for a request from the renderer: the requested one when granted,
   * else what the user picks in the dialog (then granted), or null when they cancel.
   */
  async confirm(use: PathUse, requested: string): Promise<string | null> {
    if (this.isGranted(use, requested)) return path.resolve(requested);
    const chosen = await this.ask(use, requested);
    if (!chosen) return null;
    this.grant(use, chosen);
    return path.resolve(chosen);
  }
}
