import { useQuire } from '../state/context.ts';

/** The app bar's site switcher: the recent sites, or back to the site picker. */
export function SiteSwitcher() {
  const site = useQuire((s) => s.site);
  const recent = useQuire((s) => s.recent);
  const switchSite = useQuire((s) => s.switchSite);
  if (!site) return null;
  const others = recent.filter((r) => r.path !== site.root);
  return (
    <select
      aria-label="Switch site"
      className="site-switcher"
      value=""
      onChange={(e) => {
        const v = e.target.value;
        if (v === '\0picker') void switchSite(null);
        else if (v) void switchSite(v);
      }}
    >
      <option value="">Switch site…</option>
      {others.map((r) => (
        <option key={r.path} value={r.path}>
          {r.title} — {r.path}
        </option>
      ))}
      <option value={'\0picker'}>Open another folder…</option>
    </select>
  );
}
